"""Pinned output on the seeds: what a user pipes into a report, byte for byte, and the rich layout
at 60, 80 and 120 columns (colour off).

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
    "report_kz_minerals.md": ["report", "-c", "kz", "-t", "minerals"],
    "report_tj.html": ["report", "-c", "tj", "-f", "html"],
}
COVERAGE = ["--no-seeds", "--corpus", str(ROOT / "tests" / "fixtures" / "coverage")]
for width in (60, 80, 120):
    CASES[f"ask_tokaev.rich{width}.txt"] = ["ask", "Tokaev", "-k", "2", "--explain", "-f", "rich", "--color", "never"]
    CASES[f"country_kazakhstan_coverage.rich{width}.txt"] = ["country", "kazakhstan", "-f", "rich", "--color",
                                                             "never", *COVERAGE]
    CASES[f"matrix.rich{width}.txt"] = ["matrix", "-f", "rich", "--color", "never"]
    CASES[f"matrix_all.rich{width}.txt"] = ["matrix", "--all", "-f", "rich", "--color", "never"]


def columns(name: str) -> str:
    """The terminal width a case is rendered at: 60, 80 or 120 from its name, else 80."""
    for width in ("60", "120"):
        if name.endswith(f".rich{width}.txt"):
            return width
    return "80"


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name, request):
    env = {"COLUMNS": columns(name), "SOURCE_DATE_EPOCH": "1762992000"}  # the pack's date: 2025-11-13
    result = CliRunner().invoke(cli, CASES[name], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.write_text(result.stdout)
    assert result.stdout == golden.read_text()
