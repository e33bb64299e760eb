"""The escaping functions every renderer uses: Markdown, URLs, JSON, one-line messages."""

import json

import pytest

from c5brief.render.escape import is_web_url, json_dumps, markdown_text, markdown_url, visible, visible_line
from safety import markdown_problems, shown_text

TRICKY = [
    "[Click](javascript:alert(1))", "![x](javascript:alert(1))", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "**bold** and __bold__ and *em* and _em_", "`code` and ``code``",
    "# not a heading", "> not a quote", "- not a list", "+ not a list", "1. not a list", "2) not a list",
    "---", "===", "a heading that ends in #", "[1]: javascript:alert(1)", "<https://evil.example>",
    "<javascript:alert(1)>", "&lt;script&gt; stays as typed", "AT&T", "~~struck~~", "$x^2$ and $5", "a | b | c",
    "back\\slash\\", "<!-- comment -->", "<a href='javascript:x'>a</a>", "    four spaces", "trailing  ",
    "line\n\n# two\n---", "\x1b[31mred\x1b[0m \x07 \x9b \u202eevil\u202c",
]


@pytest.mark.parametrize("text", TRICKY)
def test_markdown_text_renders_as_the_text_itself(text):
    md = markdown_text(text)
    assert markdown_problems(md) == []
    assert markdown_problems(f"# {md}\n\n1. **{md}**\n\n   {md} [1]\n\n| {md} |\n| --- |\n") == []
    assert shown_text(md) == " ".join(visible(text).split())
    assert "\n" not in md


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2#d", "http://example.org", "HTTPS://EXAMPLE.ORG/x"])
def test_markdown_url_links_http_urls(url):
    assert markdown_url(url) == f"<{url}>"
    assert f'href="{url.replace("&", "&amp;")}"' in __import__("safety").render_markdown(markdown_url(url))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                                 "vbscript:msgbox", "//evil.example/x", "https:/no-host", "mailto:a@b.example"])
def test_markdown_url_shows_other_urls_as_inert_text(url):
    md = markdown_url(url)
    assert markdown_problems(md) == [] and "<a" not in __import__("safety").render_markdown(md)
    assert shown_text(md) == url.strip()


@pytest.mark.parametrize("url", ["https://ok.example/a> <img src=x onerror=alert(1)>",
                                 "https://ok.example/a b", "https://ok.example/\">x", "https://ok.example/`x`",
                                 "https://ok.example/\x1b]52;c;SGVsbG8=\x07", "https://ok.example/\u202eevil"])
def test_a_url_cannot_break_out_of_its_link(url):
    md = markdown_url(url)
    html = __import__("safety").render_markdown(f"1. A title, paragraph 1, {md}\n")
    assert markdown_problems(md) == [] and html.count("<a ") == 1
    assert md.startswith("<https://ok.example/") and md.endswith(">") and md.count("<") == 1


def test_is_web_url():
    assert is_web_url("https://example.org") and is_web_url("http://x")
    assert not any(map(is_web_url, ["javascript:alert(1)", "https://", "ftp://x", "example.org"]))


def test_visible_escapes_c1_bidi_and_undecodable_bytes():
    assert visible("a\x9bb\u202ec\u2066d\udcffe\tf\ng") == "a\\x9bb\\u202ec\\u2066d\\xffe\tf\ng"
    assert visible_line("a\nb\rc\td") == "a\\x0ab\\x0dc\\x09d"


def test_json_dumps_escapes_what_json_dumps_leaves_raw_and_round_trips():
    text = "del\x7f csi\x9b bidi\u202e\u2067 sep\u2028 esc\x1b plain é Я"
    dumped = json_dumps({"text": text})
    assert not any(c in dumped for c in "\x7f\x9b\u202e\u2067\u2028\x1b")
    assert json.loads(dumped) == {"text": text}
    assert "é Я" in dumped  # ordinary text stays readable
    assert json.loads(json_dumps(["\udcff"])) == ["\ufffd"]  # undecodable bytes cannot be UTF-8
    json_dumps(["\udcff"]).encode("utf-8")  # and the JSON can be written as UTF-8
