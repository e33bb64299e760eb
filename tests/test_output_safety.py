"""Hostile documents, file names and arguments: output stays inert in every format (issue 11).

Markdown is rendered by a CommonMark renderer and the HTML scanned: no element
but c5brief's own, no event handler, no link that is not http(s). Terminal
output (stdout and stderr) carries no control character, and JSON is valid
UTF-8 that decodes to the stored text.
"""

import json
import os
import subprocess
import sys

import pytest

from conftest import run
from safety import markdown_problems, raw_controls, render_markdown, shown_text

EVIL_TITLE = "[Click](javascript:alert(1)) *and* _this_"
EVIL_URL = "javascript:alert(document.cookie)"
BREAKOUT_URL = "https://ok.example/a> <img src=x onerror=alert(1)>"
EVIL_TEXT = ("Samarkand traders <script>alert(1)</script> and <img src=x onerror=alert(2)> and "
             "**loud** _quiet_ `code` [a](javascript:alert(3)) ![i](javascript:alert(4)).")


def front_matter_file(folder, name, title, url, text=EVIL_TEXT, source="Wire <b>bold</b>"):
    path = folder / name
    path.write_text(f"---\ntitle: {title}\nsource: {source}\nurl: {url}\ndate: 2025-11-06\n---\n\n{text}\n",
                    encoding="utf-8")
    return path


def web_page(folder, title=EVIL_TITLE):
    path = folder / "page.html"
    path.write_text(f"<html><head><title>{title.replace('<', '&lt;')}</title>"
                    f"<link rel='canonical' href='{EVIL_URL}'></head>"
                    f"<body><p>Samarkand &lt;script&gt;alert(1)&lt;/script&gt; in the text.</p></body></html>")
    return path


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    front_matter_file(folder, "a.md", EVIL_TITLE, EVIL_URL)
    front_matter_file(folder, "b.md", "Breakout", BREAKOUT_URL, text="Samarkand second paragraph.")
    web_page(folder)
    return folder


def test_ask_markdown_has_no_live_non_http_link_no_html_and_no_emphasis_from_documents(hostile):
    md = run("ask", "Samarkand", "--no-seeds", "--corpus", str(hostile), "-f", "md").stdout
    assert markdown_problems(md) == []
    html = render_markdown(md)
    assert "<em>" not in html and 'href="javascript' not in html
    assert html.count('href="https://ok.example/a%3E%20%3Cimg') == 1  # one link, the URL kept whole
    shown = shown_text(md)
    assert EVIL_TITLE in shown and EVIL_URL in shown and "<script>alert(1)</script>" in shown
    assert "**loud** _quiet_ `code`" in shown


def test_show_and_sources_markdown_are_inert(hostile):
    assert run("add", str(hostile)).exit_code == 0
    documents = json.loads(run("sources", "--no-seeds", "-f", "json").stdout)["documents"]
    assert EVIL_TITLE in [d["title"] for d in documents]  # stored as written
    listing = run("sources", "--no-seeds", "-f", "md").stdout
    assert markdown_problems(listing) == [] and EVIL_TITLE in shown_text(listing)
    for doc in documents:
        md = run("show", doc["id"], "-f", "md").stdout
        assert markdown_problems(md) == [], doc["title"]
        assert doc["title"] in shown_text(md)


def test_a_line_of_text_cannot_become_a_heading_rule_or_list_in_show(tmp_path):
    (tmp_path / "blocks.md").write_text("Blocks\n\n# Samarkand heading\n\n---\n\n1. listed\n\n> quoted\n\n"
                                        "<div onclick=alert(1)>x</div>\n")
    run("add", str(tmp_path / "blocks.md"))
    doc = json.loads(run("sources", "--no-seeds", "-f", "json").stdout)["documents"][0]
    md = run("show", doc["id"], "-f", "md").stdout
    assert markdown_problems(md) == []
    html = render_markdown(md)
    assert "<hr" not in html and html.count("<h1>") == 1 and "<ol" not in html and "<blockquote" not in html


CONTROL_TITLE = "Title \x1b]52;c;SGVsbG8=\x07 \x9b2J \u202eevil\u202c"


def test_c1_and_bidi_controls_are_escaped_in_every_format_and_kept_in_storage(tmp_path):
    path = front_matter_file(tmp_path, "c.md", CONTROL_TITLE, "https://ok.example/\u2066x",
                             text="Samarkand \x9b31m red \u202e reversed \u2067 isolated \x7f.")
    for fmt in ("md", "text", "rich", "json", "jsonl"):
        out = run("ask", "Samarkand", "--no-seeds", "--corpus", str(path), "-f", fmt).stdout
        assert raw_controls(out) == [], fmt
    data = json.loads(run("ask", "Samarkand", "--no-seeds", "--corpus", str(path), "-f", "json").stdout)
    hit = data["results"][0]
    assert hit["title"] == CONTROL_TITLE.replace("\x1b", "\x1b").strip()
    assert "\x9b31m" in hit["text"] and "\u202e" in hit["text"]  # the text itself is intact
    run("add", str(path))
    doc = json.loads(run("sources", "--no-seeds", "-f", "json").stdout)["documents"][0]
    assert doc["title"] == CONTROL_TITLE
    for fmt in ("md", "text", "rich", "json"):
        for command in (["sources", "--no-seeds"], ["show", doc["id"]]):
            assert raw_controls(run(*command, "-f", fmt).stdout) == [], (command, fmt)


def test_a_query_of_invalid_utf8_gives_valid_json():
    # click hands undecodable argument bytes over as lone surrogates (surrogateescape).
    for fmt in ("json", "jsonl"):
        result = run("ask", "visa", "\udcff\udcfe", "-f", fmt)
        assert result.exit_code == 0
        result.stdout.encode("utf-8")  # no lone surrogate left to write
        first = json.loads(result.stdout.splitlines()[0] if fmt == "jsonl" else result.stdout)
        assert first["query"] == "visa \ufffd\ufffd"
    for fmt in ("md", "text", "rich"):
        out = run("ask", "visa", "\udcff", "-f", fmt).stdout
        out.encode("utf-8")
        assert raw_controls(out) == []


def test_a_question_on_standard_input_that_is_not_utf8_is_read():
    # A strict UTF-8 stdin, as in an en_US.UTF-8 locale (C.UTF-8 would pass the bytes on as surrogates).
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run([sys.executable, "-m", "c5brief", "ask", "-", "-f", "json"], input=b"visa \xff\xfe",
                            capture_output=True, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["query"] == "visa \ufffd\ufffd"


@pytest.mark.parametrize("option", ["--k1", "--b"])
@pytest.mark.parametrize("value", ["nan", "NaN", "-nan", "inf", "-inf", "Infinity"])
def test_non_finite_bm25_parameters_are_usage_errors(option, value):
    result = run("ask", "visa", f"{option}={value}", "-f", "json")
    assert result.exit_code == 2 and result.stdout == ""
FORGED = "x\n12 added, 0 updated, 0 unchanged, 0 refused\x1b]52;c;SGVsbG8=\x07.txt"


def test_file_names_on_stderr_cannot_forge_lines_or_send_escapes(tmp_path):
    (tmp_path / FORGED).write_text("")  # empty: refused by name
    result = run("add", str(tmp_path / FORGED))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("refused: ") and lines[0].endswith(": empty")
    assert raw_controls(result.stderr) == [] and "\\x0a12 added" in lines[0] and "\\x1b]52" in lines[0]


def test_a_duplicates_name_is_escaped(tmp_path):
    (tmp_path / "a-first.txt").write_text("Aral notes\n\nThe Aral Sea shrank.\n")
    (tmp_path / "copy\x1b[2J\u202e.txt").write_text("Aral notes\n\nThe Aral Sea shrank.\n")
    result = run("add", str(tmp_path))
    duplicate = [line for line in result.stderr.splitlines() if line.startswith("duplicate:")]
    assert len(duplicate) == 1 and raw_controls(result.stderr) == []
    assert "copy\\x1b[2J\\u202e.txt" in duplicate[0]


def test_ids_echoed_by_remove_and_show_are_escaped():
    removed = run("remove", "abc\x1b]52;c;SGVsbG8=\x07", "line\nforged: 1 removed")
    assert removed.exit_code == 2 and raw_controls(removed.stderr) == []
    assert len(removed.stderr.splitlines()) == 3  # two refusals and the summary
    shown = run("show", "abc\x1b[2Jdef\u202e")
    assert shown.exit_code == 2 and raw_controls(shown.stderr) == [] and len(shown.stderr.splitlines()) == 1


