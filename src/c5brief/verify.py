"""`verify`: re-check a Markdown or HTML report's citations against the corpus.

A report cites passages by id: footnotes `[^fb457485cf.p15]` (Markdown),
`<a class="cite" href="#src-fb457485cf.p15">` (the HTML pack), or, as c5brief
wrote Markdown and text before footnotes, numbered markers `[3]` resolved
through the block's own "Sources" list. For each citation: does the id still
exist, and does the statement it is attached to still appear verbatim in
that passage? The statement is what precedes the citation in its list item
or paragraph, less what c5brief adds around a statement ("Expected: ", a
timeline date, a deal's fields, a quote's speaker, "[ru]", "(reported by N
outlets)"). Only the first citation of a group carries the statement (a
point is verbatim from the first passage it cites; the others report it in
other words), so the others are checked for existence. Bracketed insertions
("He [Shavkat Mirziyoyev] was due…") may be absent from the passage.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import NamedTuple

from c5brief.corpus import Corpus, CorpusSpec, using_corpus
from c5brief.errors import InputError

OK = "ok"
CHANGED = "changed"  # the passage no longer has the statement
GONE = "gone"  # the document was edited and the passage changed or went (its number is never reused)
MISSING = "missing"  # no such passage
REMOVED = "removed"  # the document is not in the corpus (removed, or a --corpus file edited: a new id)
MESSAGES = {OK: "ok", CHANGED: "text no longer matches", GONE: "passage changed or removed when its document "
            "was edited", MISSING: "no such passage", REMOVED: "document removed or changed"}

MAX_REPORT_BYTES = 50 * 1024 * 1024

# The headings c5brief gives a brief's parts (render.brief), which decide what decorates a statement.
TIMELINE, DEALS, QUOTES, SOURCES = "Timeline", "Deals and commitments", "Quotes", "Sources"

_ID = r"[0-9a-f]{4,64}\.p\d+"
_FOOTNOTE = re.compile(rf"(?<!\\)\[\^({_ID})\]")
_NUMBERED = re.compile(r"\s*\[(\d{1,4})\]")
_TRAILING_NUMBERS = re.compile(r"(?:\s*\[\d{1,4}\])+\s*$")
_DEFINITION = re.compile(rf"^ {{0,3}}\[\^({_ID})\]:[ \t]*(.*)$")
_SOURCE_MD = re.compile(rf"^ {{0,3}}(\d{{1,4}})[.)] +(.*\(`({_ID})`\).*)$")
_SOURCE_TEXT = re.compile(rf"^\[(\d{{1,4}})\] +(.*\(({_ID})\).*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_DIGEST = re.compile(r"corpus digest ([0-9a-f]{6,64})")
_SPACE = re.compile(r"\s+")
_INSERTION = re.compile(r"( ?\[[^\[\]]*\])")


class Cited(NamedTuple):
    """A citation found in a report."""

    id: str
    line: int  # 1-based line of the report
    statement: str | None  # the text it vouches for, as it reads; None for the later citations of a group
    title: str | None = None  # what the report's own source list says the passage is
    raw: str | None = None  # the statement as written, Markdown escapes and all (a passage may hold "\\*")


class Checked(NamedTuple):
    id: str
    line: int
    status: str  # OK, CHANGED, GONE, MISSING or REMOVED
    statement: str | None

    @property
    def message(self) -> str:
        return MESSAGES[self.status]


class Verification(NamedTuple):
    path: str
    citations: tuple[Checked, ...]
    notes: tuple[str, ...] = ()
    corpus_changed: bool = False  # the report's provenance names another corpus digest

    @property
    def problems(self) -> tuple[Checked, ...]:
        return tuple(c for c in self.citations if c.status != OK)


def read_report(path: str) -> str:
    """The report's text; a file that cannot be read, or is not UTF-8 text, is an InputError."""
    import sys

    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_REPORT_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > MAX_REPORT_BYTES:
        raise InputError(f"cannot read {path}: larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB")
    if b"\0" in data:
        raise InputError(f"cannot read {path}: not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"cannot read {path}: not UTF-8 text") from None


def is_html(text: str, path: str = "") -> bool:
    head = text.lstrip()[:200].lower()
    return path.lower().endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html"))


def parse_report(text: str, path: str = "") -> tuple[list[Cited], str | None]:
    """The citations of a report, in order, and the corpus digest its provenance line gives."""
    found = _DIGEST.search(text)
    digest = found.group(1) if found else None
    return (parse_html(text) if is_html(text, path) else parse_markdown(text)), digest


def verify_report(path: str, spec: CorpusSpec) -> Verification:
    text = read_report(path)
    cited, digest = parse_report(text, path)
    return check(path, cited, spec, digest)


def check(path: str, cited: list[Cited], spec: CorpusSpec, digest: str | None = None) -> Verification:
    """Each citation against the corpus the spec names."""
    doc_ids = sorted({c.id.rsplit(".p", 1)[0] for c in cited})

    def look(corpus: Corpus) -> tuple[dict[str, dict[int, str]], dict[str, int], str]:
        index = corpus.index
        present = index.documents(doc_ids)
        texts = {d: {p.number: _normal(p.text) for p in index.paragraphs_of(d)} for d in present}
        current = ""
        if digest is not None:
            from c5brief.report import corpus_digest

            current = corpus_digest((d.id, d.sha256) for d in sorted(index.iter_documents(), key=lambda d: d.id))
        return texts, index.last_numbers(list(present)), current

    texts, last, current = using_corpus(spec, look) if cited else ({}, {}, "")
    results = []
    for c in cited:
        doc_id, number = c.id.rsplit(".p", 1)
        paragraphs = texts.get(doc_id)
        if paragraphs is None:
            status = REMOVED if c.title else MISSING
        elif int(number) not in paragraphs:
            status = GONE if 1 <= int(number) <= last.get(doc_id, 0) else MISSING
        elif c.statement and not any(statement_in(said, paragraphs[int(number)])
                                     for said in dict.fromkeys((c.statement, c.raw or c.statement))):
            status = CHANGED
        else:
            status = OK
        results.append(Checked(c.id, c.line, status, c.statement))
    notes = []
    changed = bool(digest and current and digest != current)
    if changed:
        notes.append(f"the corpus has changed since the report was built (digest {digest}, now {current})")
    return Verification(path, tuple(results), tuple(notes), changed)


def statement_in(statement: str, paragraph: str) -> bool:
    """Whether the statement appears verbatim in the (whitespace-normalised) paragraph text; a bracketed
    insertion of the statement may be missing from the paragraph, or be the paragraph's own brackets."""
    statement = _normal(statement)
    if statement in paragraph:
        return True
    pieces = _INSERTION.split(statement)
    if len(pieces) == 1:
        return False
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?:{re.escape(p)})?" for i, p in enumerate(pieces))
    return re.search(pattern, paragraph) is not None


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# Markdown (and c5brief's text format)


def parse_markdown(text: str) -> list[Cited]:
    lines = text.splitlines()
    titles = _definitions(lines)
    cited: list[Cited] = []
    pending: list[tuple[int, str, str | None, str | None]] = []  # numbered markers awaiting their Sources list
    numbered: dict[str, tuple[str, str]] = {}
    section = ""
    in_sources = False
    fenced = False
    for start, block in _blocks(lines):
        first = block[0]
        if _FENCE.match(first):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = _HEADING.match(first)
        if heading or (len(block) == 1 and first.strip() in (TIMELINE, DEALS, QUOTES, SOURCES, "Key points")):
            if in_sources:
                cited += _resolve(pending, numbered)
                pending, numbered = [], {}
            section = (heading.group(2) if heading else first).strip()
            in_sources = section == SOURCES
            continue
        if _DEFINITION.match(first):
            continue
        source = _SOURCE_MD.match(first) or _SOURCE_TEXT.match(first)
        if source and (in_sources or _SOURCE_TEXT.match(first)):
            numbered[source.group(1)] = (source.group(3), source.group(2))
            continue
        if in_sources:
            cited += _resolve(pending, numbered)
            pending, numbered, in_sources = [], {}, False
        item = _ITEM.sub("", " ".join(part.strip() for part in block), count=1)
        for offset, group, statement in _groups(item):
            line = start + offset
            for n, (kind, value) in enumerate(group):
                said = statement if n == 0 else None
                read, raw = _readings(said, section)
                if kind == "footnote":
                    cited.append(Cited(value, line, read, titles.get(value), raw))
                else:
                    pending.append((line, value, read, raw))
    cited += _resolve(pending, numbered)
    return sorted(cited, key=lambda c: c.line)


def _definitions(lines: list[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for line in lines:
        match = _DEFINITION.match(line)
        if match:
            titles.setdefault(match.group(1), match.group(2))
    return titles


def _blocks(lines: list[str]) -> Iterable[tuple[int, list[str]]]:
    """Blank-line separated blocks, split again where a list item, heading or definition starts."""
    block: list[str] = []
    start = 0
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            if block:
                yield start, block
            block = []
            continue
        starts = bool(_ITEM.match(line) or _HEADING.match(line) or _DEFINITION.match(line) or _FENCE.match(line)
                      or _SOURCE_TEXT.match(line))
        if block and starts:
            yield start, block
            block = []
        if not block:
            start = n
        block.append(line)
    if block:
        yield start, block


def _groups(item: str) -> Iterable[tuple[int, list[tuple[str, str]], str]]:
    """(line offset, the markers of one group, the statement before them) for each group of markers.

    Footnotes may stand anywhere; numbered markers (c5brief before footnotes) only at the end of an
    item, where c5brief put them, so a passage's own "[3]" stays part of its text.
    """
    markers = [(m.start(), m.end(), "footnote", m.group(1)) for m in _FOOTNOTE.finditer(item)]
    trailing = _TRAILING_NUMBERS.search(item)
    if trailing and not markers:
        markers = [(trailing.start(), trailing.end(), "number", n) for n in _NUMBERED.findall(trailing.group())]
    previous = 0
    group: list[tuple[str, str]] = []
    group_start = 0
    last_end = 0
    for begin, end, kind, value in markers:
        if group and item[last_end:begin].strip():
            yield 0, group, item[previous:group_start]
            previous, group = last_end, []
        if not group:
            group_start = begin
        group.append((kind, value))
        last_end = max(last_end, end)
    if group:
        yield 0, group, item[previous:group_start]


def _resolve(pending: list[tuple[int, str, str | None, str | None]],
             numbered: dict[str, tuple[str, str]]) -> list[Cited]:
    """Numbered markers through their block's Sources list; a number the list lacks is no citation."""
    cited = []
    for line, number, statement, raw in pending:
        if number in numbered:
            pid, title = numbered[number]
            cited.append(Cited(pid, line, statement, title, raw))
    return cited


_TRAILING = (re.compile(r"\s*\(reported by \d+ outlets\)$"), re.compile(r"\s\[[a-z]{2}\]$"))
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?: ")
_DEAL_PREFIX = re.compile(r"^(?:[^·]* · ){4}[^:·]*: ")
_QUOTE = re.compile(r"^[^:“”]{1,120}: “(.*)”$", re.S)


_HIT_HEADING = re.compile(r"^.*?\(score -?[\d.]+(?:; partial match: [^)]*)?\) ")  # `ask --format text`


def _clean(statement: str | None, section: str) -> str | None:
    """The statement less what c5brief adds around one; None when nothing is left."""
    if statement is None:
        return None
    text = _HIT_HEADING.sub("", statement.strip())
    for pattern in _TRAILING:
        text = pattern.sub("", text)
    if section == TIMELINE:
        text = _DATE_PREFIX.sub("", text)
    elif section == DEALS:
        text = _DEAL_PREFIX.sub("", text)
    elif section == QUOTES:
        quote = _QUOTE.match(text)
        text = quote.group(1) if quote else text
    if text.startswith("Expected: "):
        text = text[len("Expected: "):]
    return text.strip() or None


def _readings(statement: str | None, section: str) -> tuple[str | None, str | None]:
    """The statement as it reads (escapes resolved) and as written, each less c5brief's decorations."""
    if statement is None:
        return None, None
    return _clean(unescaped(statement), section), _clean(statement, section)


def unescaped(text: str) -> str:
    """Markdown text as it reads: backslash escapes and character references resolved."""
    return html.unescape(_ESCAPED.sub(r"\1", text))


# HTML (the pack c5brief writes)


class _PackReader(HTMLParser):
    """Reads `<span class="statement">` and `<a class="cite" href="#src-ID">` in order, item by item,
    and the bibliography's `<li id="src-ID">` entries."""

    BLOCKS = frozenset({"li", "p", "td", "dd", "blockquote", "section", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cited: list[Cited] = []
        self.titles: dict[str, str] = {}
        self._statement: list[str] | None = None
        self._current: str | None = None
        self._group = 0
        self._depth = 0
        self._entry: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in self.BLOCKS:
            self._current, self._group = None, 0
        if tag == "li" and (attributes.get("id") or "").startswith("src-"):
            self._entry = ((attributes.get("id") or "")[4:], [])
        if tag == "span" and "statement" in classes:
            self._statement, self._depth = [], 1
            self._current, self._group = None, 0
        elif self._statement is not None and tag == "span":
            self._depth += 1
        if tag == "a" and "cite" in classes:
            href = attributes.get("href") or ""
            if href.startswith("#src-") and re.fullmatch(_ID, href[5:]):
                line = self.getpos()[0]
                statement = self._current if self._group == 0 else None
                self.cited.append(Cited(href[5:], line, statement))
                self._group += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._statement is not None:
            self._depth -= 1
            if self._depth == 0:
                self._current = "".join(self._statement)
                self._statement = None
        if tag == "li" and self._entry is not None:
            self.titles[self._entry[0]] = "".join(self._entry[1]).strip()
            self._entry = None

    def handle_data(self, data: str) -> None:
        if self._statement is not None:
            self._statement.append(data)
        if self._entry is not None:
            self._entry[1].append(data)


def parse_html(text: str) -> list[Cited]:
    reader = _PackReader()
    reader.feed(text)
    reader.close()
    return [c._replace(title=reader.titles.get(c.id)) for c in reader.cited]
