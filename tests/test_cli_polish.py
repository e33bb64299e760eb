"""The terminal layout at 60, 80 and 120 columns, the root help, and mistyped commands."""

import re

import pytest
from rich.console import Console

from c5brief.briefs.models import Matrix
from c5brief.render.tables import matrix_to_rich
from conftest import FIXTURES, run

COVERAGE = ["--no-seeds", "--corpus", str(FIXTURES / "coverage")]
ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_brief_items_hang_and_nothing_overflows(width):
    out = run("country", "kazakhstan", "-f", "rich", "--color", "never", *COVERAGE,
              env={"COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    in_list = False
    for line in lines:
        if line.startswith("  • "):
            in_list = True
        elif in_list and line.strip() and not line.startswith("[") and line[0] != " ":
            in_list = False  # a heading
        elif in_list and line.strip():
            assert line.startswith("    "), f"not a hanging indent at {width}: {line!r}"
    sources = [line for line in lines if re.match(r"^\[\d+\] ", line)]
    assert sources and all(re.match(r"^\[\d+\] [0-9a-f]{10}\.p\d+  ", line) for line in sources)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_answer_details_never_split_and_urls_stand_alone(width):
    out = run("ask", "Jackson-Vanik", "-k", "1", "-f", "rich", "--color", "never",
              env={"COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    assert "   paragraph 15 · 2025-11-06 · score 5.24" in lines
    url = "https://www.themoscowtimes.com/2025/11/06/central-asian-leaders-arriving-in-washington-for-trump-summit-a91067"
    start = next(n for n, line in enumerate(lines) if line.strip().startswith("https://"))
    assert "".join(line.strip() for line in lines[start:start + 3]).startswith(url)
    assert lines[start - 1].strip() == "fb457485cf.p15 · Eurasianet"


def test_links_are_clickable_and_the_citation_id_is_not_dimmed():
    out = run("ask", "Jackson-Vanik", "-k", "1", "-f", "rich", "--color", "always", env={"COLUMNS": "100"}).stdout
    assert "\x1b]8;" in out and "https://www.themoscowtimes.com/2025/11/06/" in out  # OSC 8 hyperlink
    before_id = out.split("fb457485cf.p15")[0].rsplit("\x1b[", 1)[1]
    assert before_id.startswith("1;36m")  # bold cyan, not dim (2)


@pytest.mark.parametrize("width", range(30, 201, 10))
def test_the_matrix_fits_any_width_or_says_so(width):
    counts = tuple(tuple((i * j) % 7 for j in range(10)) for i in range(15))
    matrix = Matrix(tuple(f"Country number {i}" for i in range(15)), tuple(f"topic-{j}" for j in range(10)), counts,
                    (), tuple(f"C{i}" for i in range(15)), tuple(f"Topic number {j} of ten" for j in range(10)))
    console = Console(width=width, color_system=None, record=True)
    console.print(matrix_to_rich(matrix))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    assert "The matrix needs" in text or "C14" in text or "Country number 14" in text


def test_root_help_descriptions_are_whole():
    out = run("--help").stdout
    commands = out.split("Commands:", 1)[1]
    assert "..." not in commands
    words = " ".join(commands.split())
    assert "where each comes from, and c5brief's folders." in words and "(same as `brief --topic NAME`)." in words
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("typed, suggested", [("contry", "'country'"), ("verfy", "'verify'"), ("Matrix", "'matrix'"),
                                              ("reprot", "'report'")])
def test_a_mistyped_command_gets_did_you_mean(typed, suggested):
    result = run(typed, "x")
    assert result.exit_code == 2
    assert f"Error: No such command '{typed}'. Did you mean {suggested}" in result.stderr


def test_an_unknown_command_far_from_any_says_so_plainly():
    result = run("xyzzy")
    assert result.exit_code == 2 and "Error: No such command 'xyzzy'.\n" in result.stderr
