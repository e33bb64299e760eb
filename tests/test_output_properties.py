"""Any document text and metadata gives inert output, in every format (issue 11).

Hypothesis makes titles, sources, dates, URLs and paragraph text out of the
pieces attacks are made of (links, javascript: URLs, raw HTML, emphasis and
code marks, block markers, entities, control characters, bidi controls, bytes
that were not UTF-8) and ordinary text. For `ask`, `sources` and `show`:

- Markdown, rendered as a report would render it, has no element but
  c5brief's own, no event handler and no link that is not http(s); and the
  reader sees each title as written.
- Markdown, text and rich output hold no control character (C0 but tab and
  newline, DEL, C1, bidi overrides and isolates) and can be written as UTF-8.
- JSON is valid UTF-8 with no raw control character, and gives the stored
  text back (undecodable bytes as U+FFFD).
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from c5brief.lookup import Shown, SourceList
from c5brief.models import Answer, DocumentInfo, Hit, Paragraph
from c5brief.render import answer as answers
from c5brief.render import library as listings
from c5brief.render.escape import visible
from conftest import run
from safety import markdown_problems, raw_controls, shown_text

FRAGMENTS = [
    "[", "]", "(", ")", "](", "[Click](javascript:alert(1))", "![x](javascript:alert(2))", "javascript:", "data:",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>", "</", "<", ">", "&",
    "&lt;", "&#x6a;", "&amp;", "*", "**", "_", "__", "`", "```", "~~", "$", "|", "\\", "#", "# ", "> ", "- ", "+ ",
    "1. ", "2) ", "---", "===", "    ", "\t", "\n", "\n\n", "\r", "http://", "https://", "https://ok.example/a>",
    "www.example.org", "mailto:a@b.example", "\x1b[31m", "\x1b]52;c;SGVsbG8=\x07", "\x07", "\x00", "\x7f", "\x9b",
    "\x85", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u2028",
    "\udcff", "\ufeff", "Astana", "Tokayev", "rare earth", "Я", "é", " ",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=12).map("".join)
URL = st.one_of(TEXT, st.sampled_from(["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>",
                                       "https://ok.example/a> <img src=x onerror=alert(1)>", "vbscript:x"]),
                TEXT.map(lambda s: "https://ok.example/" + s))
OPTIONAL = st.one_of(st.none(), TEXT)
pytestmark = pytest.mark.slow
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def documents(draw) -> tuple[DocumentInfo, tuple[Paragraph, ...]]:
    doc_id = draw(st.from_regex(r"[0-9a-f]{10}", fullmatch=True))
    info = DocumentInfo(
        id=doc_id, title=draw(TEXT), path=draw(TEXT), origin=draw(st.sampled_from(["seed", "library", "corpus"])),
        sha256="0" * 64, subtitle=draw(OPTIONAL), date=draw(OPTIONAL), source=draw(OPTIONAL),
        url=draw(st.one_of(st.none(), URL)), paragraph_count=2, language=draw(st.sampled_from(["en", "ru", None])))
    paragraphs = tuple(Paragraph(doc_id, n, draw(st.sampled_from(["body", "caption", "related"])), draw(TEXT),
                                 draw(st.sampled_from(["en", "ru"]))) for n in (1, 2))
    return info, paragraphs


def rich_string(renderable) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None, markup=False, highlight=False, emoji=False).print(renderable)
    return buffer.getvalue()


def assert_inert(markdown: str, text: str, rich: str, data: str, titles: list[str]) -> None:
    assert markdown_problems(markdown) == []
    shown = " ".join(shown_text(markdown).split())
    for title in titles:
        assert " ".join(visible(title).split()) in shown
    for output in (markdown, text, rich, data):
        assert raw_controls(output) == []
        output.encode("utf-8")


def unsurrogate(value):
    if isinstance(value, str):
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    if isinstance(value, dict):
        return {k: unsurrogate(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [unsurrogate(v) for v in value]
    return value


@SETTINGS
@given(documents(), TEXT, st.lists(TEXT, max_size=3), st.booleans())
def test_any_answer_is_inert_in_every_format(document, query, matched, partial):
    info, paragraphs = document
    hits = tuple(Hit(rank, 1.0 / rank, paragraph, info, tuple(matched), partial)
                 for rank, paragraph in enumerate(paragraphs, start=1))
    answer = Answer(query, hits, tuple(matched), (), frozenset(w.lower() for w in matched))
    data = answers.answer_to_json(answer)
    assert_inert(answers.answer_to_markdown(answer), answers.answer_to_text(answer),
                 rich_string(answers.answer_to_rich(answer)), data + answers.answer_to_jsonl(answer), [info.title])
    decoded = json.loads(data)
    assert decoded["query"] == unsurrogate(query)
    assert [r["text"] for r in decoded["results"]] == [unsurrogate(p.text) for p in paragraphs]
    assert decoded["results"][0]["url"] == unsurrogate(info.url)


@SETTINGS
@given(documents(), st.sampled_from([None, 1, 2]))
def test_any_shown_document_is_inert_in_every_format(document, asked):
    info, paragraphs = document
    shown = Shown(info, paragraphs if asked is None else paragraphs[asked - 1:asked], asked)
    data = listings.shown_to_json(shown)
    assert_inert(listings.shown_to_markdown(shown), listings.shown_to_text(shown),
                 rich_string(listings.shown_to_rich(shown)), data, [info.title])
    decoded = json.loads(data)
    assert decoded["document"]["title"] == unsurrogate(info.title)
    assert decoded["document"]["url"] == unsurrogate(info.url)


@SETTINGS
@given(st.lists(documents(), min_size=1, max_size=3))
def test_any_listing_is_inert_in_every_format(docs):
    listing = SourceList(tuple(info for info, _ in docs))
    streams = {fmt: "".join(listings.SOURCES_STREAMS[fmt](listing)) for fmt in ("md", "text", "json")}
    rich = "".join(rich_string(r) for r in listings.sources_rich(listing))
    assert_inert(streams["md"], streams["text"], rich, streams["json"], [])
    assert [d["title"] for d in json.loads(streams["json"])["documents"]] == [unsurrogate(i.title) for i, _ in docs]
    rows = shown_text(streams["md"])
    for info, _ in docs:
        # a table cell shows the title as written (but for the whitespace Markdown folds)
        assert " ".join(visible(info.title).split()) in " ".join(rows.split())


# One line each (front matter is line by line), and mostly text: a file with many C0 controls is binary.
LINE_FRAGMENTS = [f for f in FRAGMENTS if not any(c in f for c in "\n\r\u2028\udcff\x00\x07")]
LINE = st.lists(st.one_of(st.sampled_from(LINE_FRAGMENTS),
                          st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r\x85"),
                                  max_size=4)),
                min_size=1, max_size=8).map("".join)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(title=LINE, source=LINE, url=st.one_of(LINE, LINE.map(lambda s: "https://ok.example/" + s)), body=TEXT)
def test_any_document_file_gives_inert_output_through_the_command_line(tmp_path_factory, title, source, url, body):
    folder = tmp_path_factory.mktemp("doc")
    text = f"---\ntitle: {title}\nsource: {source}\nurl: {url}\n---\n\nSamarkand {body}\n\nSamarkand again.\n"
    (folder / "doc.md").write_text(text, encoding="utf-8", errors="surrogateescape")
    corpus = ["--no-seeds", "--corpus", str(folder)]
    outputs = {fmt: run("ask", "Samarkand", *corpus, "-f", fmt) for fmt in ("md", "text", "rich", "json")}
    if outputs["json"].exit_code == 2 and "not text: binary data" in outputs["json"].stderr:
        assert raw_controls(outputs["json"].stderr) == []
        return  # control characters enough to make it binary: refused, by name
    doc_id = json.loads(outputs["json"].stdout)["results"][0]["doc"]
    for fmt in ("md", "text", "rich", "json"):
        outputs[f"show {fmt}"] = run("show", doc_id, *corpus, "-f", fmt)
        outputs[f"sources {fmt}"] = run("sources", *corpus, "-f", fmt)
    for name, result in outputs.items():
        assert result.exit_code == 0, (name, result.stderr)
        assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == [], name
        if name.endswith("md"):
            assert markdown_problems(result.stdout) == [], name
        if name.endswith("json"):
            json.loads(result.stdout)
