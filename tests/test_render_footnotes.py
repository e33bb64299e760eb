"""Markdown that survives `>>`: footnotes labelled by citation id, one definition text per id, blank-line blocks."""

import re

import pytest

from conftest import FIXTURES, run

markdown_it = pytest.importorskip("markdown_it")
footnote = pytest.importorskip("mdit_py_plugins.footnote")

DEFINITION = re.compile(r"^\[\^([^\]]+)\]: (.*)$", re.M)


def rendered(text):
    return markdown_it.MarkdownIt("commonmark").enable("table").use(footnote.footnote_plugin).render(text)


def appended(*commands):
    """The outputs of several commands appended into one file, as `>> briefing.md` would."""
    text = "Our own notes, with no blank line at the end."
    for args in commands:
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        text += result.stdout
    return text


def test_appended_blocks_give_one_consistent_set_of_notes():
    text = appended(["ask", "Jackson-Vanik", "-k", "3", "-f", "md"], ["country", "kazakhstan", "-f", "md"],
                    ["topic", "minerals", "-f", "md"], ["ask", "Caspian Sea", "-f", "md"])
    definitions = {}
    for label, body in DEFINITION.findall(text):
        assert definitions.setdefault(label, body) == body, f"{label} defined twice, differently"
    references = set(re.findall(r"\[\^([^\]]+)\](?!:)", text))
    assert references == set(definitions)
    assert "fb457485cf.p15" in definitions and text.count("[^fb457485cf.p15]: ") >= 3
    html = rendered(text)
    assert "[^" not in html  # every reference resolved to a note
    assert html.count("<h1>") == 4 and "<p>Our own notes, with no blank line at the end.</p>" in html
    notes = re.findall(r'<li id="fn(\d+)" class="footnote-item">', html)
    assert len(notes) == len(definitions)  # one note per passage, however many blocks cite it
    assert "[1]" not in text  # no numbered citation that could mean two passages


def test_every_markdown_block_starts_with_a_blank_line():
    for args in (["ask", "visas", "-f", "md"], ["country", "KZ", "-f", "md"], ["matrix", "-f", "md"],
                 ["countries", "-f", "md"], ["sources", "-f", "md"], ["show", "fb457485cf.p4", "-f", "md"]):
        out = run(*args).stdout
        assert out.startswith("\n") and not out.startswith("\n\n"), args


def test_heading_level_shifts_every_heading():
    out = run("country", "kazakhstan", "-f", "md", "--heading-level", "3").stdout
    headings = re.findall(r"^(#+) ", out, re.M)
    assert headings[0] == "###" and set(headings[1:]) == {"####"}
    assert run("ask", "visas", "-f", "md", "--heading-level", "2").stdout.startswith("\n## visas\n")
    assert run("country", "KZ", "--heading-level", "6").exit_code == 2


def test_the_same_passage_has_the_same_definition_everywhere():
    ask = run("ask", "Jackson-Vanik", "-k", "1", "-f", "md").stdout
    brief = run("country", "kazakhstan", "-f", "md").stdout
    line = next(line for line in ask.splitlines() if line.startswith("[^fb457485cf.p15]: "))
    assert line in brief.splitlines()


def test_text_keeps_numbered_citations():
    out = run("country", "kazakhstan", "-f", "text").stdout
    assert "[^" not in out and "[1]" in out and "\nSources\n[1] " in out


def test_a_caption_is_cited_as_a_caption_in_every_format():
    page = FIXTURES / "article.html"
    args = ["ask", "containers", "Aktau", "--no-seeds", "--corpus", str(page)]
    assert "caption 2 (`accddcea70.p2`)" in run(*args, "-f", "md").stdout
    assert "caption 2 (accddcea70.p2)" in run(*args, "-f", "text").stdout
    assert "caption 2" in run(*args, "-f", "rich", "--color", "never").stdout
    assert '"kind": "caption"' in run(*args, "-f", "json").stdout
