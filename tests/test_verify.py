"""`verify`: a report's citations and statements re-checked against the corpus."""

import json
import shutil

import pytest

from c5brief.verify import parse_markdown, statement_in
from conftest import FIXTURES, run

REPORTS = FIXTURES / "reports"
COVERAGE = ["--no-seeds", "--corpus", str(FIXTURES / "coverage")]


def report(tmp_path, *commands, name="briefing.md"):
    path = tmp_path / name
    text = ""
    for args in commands:
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        text += result.stdout
    path.write_text(text, encoding="utf-8")
    return path


def test_an_untouched_report_verifies(tmp_path):
    path = report(tmp_path, ["country", "kazakhstan", "-f", "md"], ["ask", "Tokayev", "-k", "5", "-f", "md"],
                  ["topic", "minerals", "-f", "md"])
    result = run("verify", str(path))
    assert result.exit_code == 0, result.stdout
    checked = int(result.stdout.split()[0])
    assert result.stdout == f"{checked} citations checked, 0 problems\n" and checked > 20


def test_timeline_deals_quotes_and_forecasts_verify(tmp_path):
    """The parts c5brief decorates (dates, deal fields, speakers, Expected:, [ru], reported by N outlets)."""
    path = report(tmp_path, ["country", "kazakhstan", "-f", "md", *COVERAGE],
                  ["topic", "tungsten", "-f", "md", *COVERAGE], ["country", "uzbekistan", "-f", "md", *COVERAGE])
    text = path.read_text()
    assert "## Deals and commitments" in text and "## Quotes" in text and "Expected: " in text and "[ru]" in text
    result = run("verify", str(path), *COVERAGE)
    assert result.exit_code == 0, result.stdout


def test_an_edited_statement_an_unknown_id_and_a_changed_definition(tmp_path):
    path = report(tmp_path, ["country", "kazakhstan", "-f", "md"])
    text = path.read_text()
    text = text.replace("Kazakh officials also want", "Kazakh officials no longer want", 1)
    text += "\nA claim of our own.[^0123456789.p1]\n"
    path.write_text(text)
    result = run("verify", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("fb457485cf.p15: text no longer matches (line ")
    assert lines[1].startswith("0123456789.p1: no such passage (line ")
    assert lines[-1].endswith("citations checked, 2 problems")
    data = json.loads(run("verify", str(path), "--format", "json").stdout)
    assert data["problems"] == 2 and data["checked"] == len(data["citations"])
    statuses = {c["status"] for c in data["citations"]}
    assert statuses == {"ok", "changed", "missing"}
    changed = next(c for c in data["citations"] if c["status"] == "changed")
    assert changed["statement"].startswith("Kazakh officials no longer want") and changed["line"] > 1


def test_a_report_whose_document_was_removed(tmp_path):
    article = tmp_path / "aral.txt"
    shutil.copy(FIXTURES / "news" / "08-caspian.txt", article)
    library = ["--library", str(tmp_path / "lib")]
    assert run("add", str(article), *library).exit_code == 0
    path = report(tmp_path, ["ask", "Caspian", "-k", "3", "-f", "md", "--no-seeds", *library])
    assert run("verify", str(path), "--no-seeds", *library).exit_code == 0
    doc = json.loads(run("sources", "-f", "json", "--no-seeds", *library).stdout)["documents"][0]["id"]
    assert run("remove", doc, *library).exit_code == 0
    result = run("verify", str(path), *library)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(f"{doc}.p")
    assert ": document removed or changed (line " in result.stdout


def edited(tmp_path, *corpus, add=True):
    """A report citing every passage of an article, and the report's citations checked after the
    article is edited (its third passage changed, a passage added)."""
    article = tmp_path / "aral.txt"
    shutil.copy(FIXTURES / "edits" / "aral-v1.txt", article)
    if add:
        assert run("add", str(article), *corpus).exit_code == 0
    path = report(tmp_path, ["ask", "Washington dam canal Aralsk", "-k", "4", "-f", "md", "--no-seeds", *corpus])
    assert run("verify", str(path), "--no-seeds", *corpus).exit_code == 0
    shutil.copy(FIXTURES / "edits" / "aral-v2.txt", article)
    if add:
        assert run("add", str(article), *corpus).exit_code == 0
    result = run("verify", str(path), "--no-seeds", *corpus, "--format", "json")
    assert result.exit_code == 1
    return {c["id"].rsplit(".", 1)[1]: c["message"] for c in json.loads(result.stdout)["citations"]}


def test_a_report_on_a_library_document_since_edited(tmp_path):
    checked = edited(tmp_path, "--library", str(tmp_path / "lib"))
    assert checked == {"p1": "ok", "p2": "ok", "p4": "ok",
                       "p3": "passage changed or removed when its document was edited"}


def test_a_report_on_a_corpus_file_since_edited(tmp_path):
    checked = edited(tmp_path, "--corpus", str(tmp_path / "aral.txt"), add=False)
    assert set(checked) == {"p1", "p2", "p3", "p4"}
    assert set(checked.values()) == {"document removed or changed"}


def test_the_html_pack_verifies_and_an_edit_is_found(tmp_path):
    path = tmp_path / "pack.html"
    assert run("report", "-c", "kz", "-c", "tj", "-t", "minerals", "-o", str(path)).exit_code == 0
    result = run("verify", str(path))
    assert result.exit_code == 0 and result.stdout.endswith(" citations checked, 0 problems\n")
    text = path.read_text()
    path.write_text(text.replace("Kazakh officials also want", "Kazakh officials no longer want", 1))
    assert run("verify", str(path)).stdout.startswith("fb457485cf.p15: text no longer matches")


def test_the_markdown_pack_verifies(tmp_path):
    path = report(tmp_path, ["report", "-c", "us", "-t", "rights"])
    assert run("verify", str(path)).exit_code == 0


@pytest.mark.parametrize("name", ["v0_country_kazakhstan.md", "v0_ask_jackson_vanik.md"])
def test_a_report_from_before_footnotes_verifies(name):
    """Numbered [n] citations resolved through the block's own Sources list, as c5brief wrote them before."""
    result = run("verify", str(REPORTS / name))
    assert result.exit_code == 0, result.stdout
    assert int(result.stdout.split()[0]) == {"v0_country_kazakhstan.md": 18, "v0_ask_jackson_vanik.md": 1}[name]


def test_an_old_report_with_an_edit_fails(tmp_path):
    path = tmp_path / "old.md"
    text = (REPORTS / "v0_country_kazakhstan.md").read_text()
    path.write_text(text.replace("38 promising", "39 promising"))
    result = run("verify", str(path))
    assert result.exit_code == 1 and result.stdout.startswith("74220a18e2.p8: text no longer matches")


def test_text_format_verifies(tmp_path):
    path = report(tmp_path, ["country", "kazakhstan", "-f", "text"], ["ask", "Tokayev", "-f", "text"])
    result = run("verify", str(path))
    assert result.exit_code == 0, result.stdout


def test_files_it_cannot_read_exit_2(tmp_path):
    missing = run("verify", str(tmp_path / "none.md"))
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: cannot read")
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x00\x01\x02")
    assert run("verify", str(binary)).exit_code == 2
    latin = tmp_path / "l.md"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    assert "not UTF-8" in run("verify", str(latin)).stderr


def test_a_file_with_no_citations_is_nothing_found(tmp_path):
    plain = tmp_path / "plain.md"
    plain.write_text("# Notes\n\nNothing cited here [sic].\n")
    result = run("verify", str(plain))
    assert result.exit_code == 1 and "no citations found" in result.stderr


def test_standard_input():
    text = run("country", "KZ", "-f", "md").stdout
    assert run("verify", "-", input=text).exit_code == 0


def test_insertions_may_be_missing_and_the_outlets_own_brackets_stay():
    paragraph = "He was due to meet the president. The report said “[of repression]” verbatim."
    assert statement_in("He [Shavkat Mirziyoyev] was due to meet the president.", paragraph)
    assert statement_in("The report said “[of repression]” verbatim.", paragraph)
    assert not statement_in("He [Shavkat Mirziyoyev] was not due to meet the president.", paragraph)
    assert not statement_in("She was due to meet the president.", paragraph)


def test_markdown_escapes_and_entities_are_read_as_text():
    cited = parse_markdown("- A \\*starred\\* claim &amp; more.[^abcdef0123.p2]\n\n[^abcdef0123.p2]: Title\n")
    assert [(c.id, c.line, c.statement, c.raw, c.title) for c in cited] == [
        ("abcdef0123.p2", 1, "A *starred* claim & more.", "A \\*starred\\* claim &amp; more.", "Title")]
    escaped = parse_markdown("- 2025-11-06: Signed \\[he\\] said. \\[ru\\][^abcdef0123.p2]\n")
    assert escaped[0].statement == "2025-11-06: Signed [he] said."


def test_only_the_first_citation_of_a_group_carries_the_statement():
    cited = parse_markdown("- One thing. (reported by 2 outlets)[^aaaaaaaaaa.p1][^bbbbbbbbbb.p2]\n"
                           "- Other.[^cccccccccc.p3] More.[^aaaaaaaaaa.p1]\n")
    assert [(c.id, c.statement) for c in cited] == [("aaaaaaaaaa.p1", "One thing."), ("bbbbbbbbbb.p2", None),
                                                    ("cccccccccc.p3", "Other."), ("aaaaaaaaaa.p1", "More.")]


def test_a_changed_corpus_is_noted(tmp_path):
    path = report(tmp_path, ["report", "-c", "kz"])
    result = run("verify", str(path), "--corpus", str(FIXTURES / "news"))
    assert result.exit_code == 0 and "the corpus has changed since the report was built" in result.stderr


@pytest.mark.parametrize("corpus", ["seeds", "coverage", "russian", "news", "wire"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_pack_c5brief_writes_verifies(corpus, fmt, tmp_path):
    """The whole default pack, on each test corpus: every statement c5brief shows is found again."""
    options = [] if corpus == "seeds" else ["--no-seeds", "--corpus", str(FIXTURES / corpus)]
    path = tmp_path / f"pack.{fmt}"
    assert run("report", "-q", "-o", str(path), *options).exit_code == 0
    result = run("verify", str(path), *options)
    assert result.exit_code == 0, result.stdout
    assert int(result.stdout.split()[0]) > 10
