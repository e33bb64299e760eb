"""Pinned output on the seeds: what a user pipes into a report, byte for byte.

A deliberate change to the output is recorded by regenerating the files:
python -m pytest tests/test_golden.py --update-golden
"""

import pytest
from click.testing import CliRunner

from c5brief.cli import cli
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "ask_jackson_vanik.md": ["ask", "Jackson-Vanik", "-k", "3", "-f", "md"],
    "ask_jackson_vanik.json": ["ask", "Jackson-Vanik", "-k", "3", "-f", "json"],
    "ask_visas.txt": ["ask", "What visa restrictions apply to Central Asians?", "-k", "2", "-f", "text"],
    "ask_tokaev.rich.txt": ["ask", "Tokaev", "-k", "2", "-f", "rich", "--color", "never"],
    "country_kazakhstan.md": ["country", "kazakhstan", "-f", "md"],
    "topic_minerals.json": ["topic", "minerals", "-f", "json"],
    # multi-outlet coverage of our own wording: key points, timeline, deals and quotes
    "country_kazakhstan_coverage.txt": ["country", "kazakhstan", "-f", "text", "--no-seeds", "--corpus",
                                        str(ROOT / "tests" / "fixtures" / "coverage")],
    "topic_tungsten_coverage.rich.txt": ["topic", "tungsten", "-f", "rich", "--color", "never", "--no-seeds",
                                         "--corpus", str(ROOT / "tests" / "fixtures" / "coverage")],
    "matrix.md": ["matrix", "-f", "md"],
    "sources.txt": ["sources", "-f", "text"],
    "show_paragraph.txt": ["show", "fb457485cf.p15", "-f", "text"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name, request):
    result = CliRunner().invoke(cli, CASES[name], env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text()
