"""Split a document's text into metadata and citable passages.

Real articles arrive in several shapes: paragraphs separated by blank lines or
by single newlines, hard-wrapped lines, paragraphs broken in two mid-sentence,
Markdown links, image captions, "Related article:" teasers, and metadata lines
(title, subtitle, date, "originally published by ...", "Original url:").
Lines that say who and where rather than what (datelines, bylines, photo
credits, "Share" and "Subscribe") are metadata, never body text: a dateline is
cut from the paragraph it opens and its credit names the outlet; a line that is
only one of them is kept as a META passage, shown but neither searched nor
briefed. Everything here is a rule about text shape, never about a particular article.
"""

from __future__ import annotations

import html
import re
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from c5brief.credits import is_byline, is_chrome, is_photo_credit, outlet_from_url, split_dateline
from c5brief.models import BODY, CAPTION, META, RELATED, Metadata

# A passage ends a sentence when its last visible character is one of these.
_SENTENCE_END = tuple('.!?…:;"\u201d\u2019\')')
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_BARE_URL = re.compile(r"^(?:<)?(https?://\S+?)(?:>)?$")
_URL_LABEL = re.compile(r"^(?:original|source|canonical)?\s*(?:url|link)\s*:\s*(\S*)$", re.I)
_PUBLISHED_BY = re.compile(
    r"^(?:this (?:story|article|piece|report) (?:was|is) )?(?:originally |first )?published (?:by|in|on) "
    r"(?P<source>[^.]{2,80})\.?$",
    re.I,
)
_SOURCE_LABEL = re.compile(r"^(?:source|publisher|outlet|источник|издание)\s*:\s*(?P<source>.{2,80})$", re.I)
_RELATED = re.compile(
    r"^(?:related(?: articles?| stories| story| coverage| reading)?|read more|see also|also read|"
    r"more on this|read also)\s*:", re.I,
)
_CAPTION_LABEL = re.compile(r"^(?:photo|image|picture|caption)\s*:", re.I)
_CREDIT = re.compile(
    r"[;|,.\u2014\u2013-]\s*(?:image|photo|picture|credit|photograph|illustration)s?\s*(?:by|:)\s*\S.{0,60}$",
    re.I,
)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_HEADING = re.compile(r"^#{1,6}\s+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SPACES = re.compile(r"[ \t\u00a0]+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*(?:г\.?|года)?)?(?:,?\s+\d{1,2}:\d{2})?")
_DATE_LABEL = re.compile(r"^(?:published|updated|posted|date|опубликовано|обновлено|дата)\s*:?\s*", re.I)
_TITLE_MAX_WORDS = 20
_FALLBACK_TITLE_WORDS = 12


class Chunked(NamedTuple):
    metadata: Metadata
    passages: tuple[tuple[str, str], ...]  # (kind, text), in document order


def chunk_text(text: str) -> Chunked:
    """Find a text's metadata and passages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    front, text = _front_matter(text)
    raw = [p for block in _blocks(text) for p in _block_paragraphs(block)]
    fields, rest = _metadata(raw)
    fields = {**fields, **{k: v for k, v in front.items() if v}}
    if not fields.get("source") and (host := outlet_from_url(fields.get("url"))):
        fields["source"] = host  # the site that published it, when nothing names the outlet
    passages = _rejoin([(_kind(p), _clean(p)) for p in rest])
    passages = [(kind, p) for kind, p in passages if p]
    if all(kind == META for kind, _ in passages):  # a document of a headline alone is still something to find
        passages = [(BODY, line) for line in (fields.get("title"), fields.get("subtitle")) if line] + passages
    if not fields.get("title"):
        fields["title"] = _fallback_title(passages)
    return Chunked(Metadata(**fields), tuple(passages))


def parse_date(text: str) -> str | None:
    """An ISO date for a line that is only a date, else None: "2025-11-06", or "2025-11" for a month.

    dateparser reads English and Russian dates in their usual shapes ("November 06, 2025",
    "Sept. 8, 2025", "Thu, 06 Nov 2025 10:00:00 +0000", "7 ноября 2025 года", "November
    2025"); numeric dates with dots are day first (06.11.2025), as in Europe and Russia.
    A year is required, so "Friday" or "12 apples" is not a date, and a year alone is not one.
    """
    text = _SPACES.sub(" ", text.strip().strip("*_"))
    text = _DATE_LABEL.sub("", text).strip()
    if not text or len(text) > 40 or len(text.split()) > 6 or not _YEAR.search(text):
        return None
    if dotted := _DOTTED_DATE.fullmatch(text):
        day, month, year = (int(dotted[i]) for i in (1, 2, 3))
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    found = _date_parser().get_date_data(text)
    if found.date_obj is None:
        return None
    if found.period == "month":
        return str(found.date_obj.strftime("%Y-%m"))
    if found.period != "day":
        return None  # a year alone says too little to date a document by
    return str(found.date_obj.date().isoformat())


@lru_cache(maxsize=1)
def _date_parser() -> Any:  # dateparser.date.DateDataParser, imported when a date line is met (~60 ms)
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en", "ru"], settings={"REQUIRE_PARTS": ["year"],
                                                            "PREFER_DAY_OF_MONTH": "first"})


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple `key: value` YAML front matter (title, date, source, url)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        key, value = key.strip().lower(), html.unescape(value.strip().strip("'\""))
        if not sep or not value:
            continue
        if key in ("title", "subtitle", "source", "url"):
            fields[key] = value
        elif key in ("publisher", "outlet"):
            fields.setdefault("source", value)
        elif key in ("link", "original_url", "canonical_url"):
            fields.setdefault("url", value)
        elif key == "date":
            fields["date"] = parse_date(value) or value[:10]
    return fields, text[match.end():]


def _blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _block_paragraphs(lines: list[str]) -> list[str]:
    """A block is one hard-wrapped paragraph, or one paragraph per line."""
    if len(lines) > 1 and _hard_wrapped(lines):
        return [" ".join(lines)]
    return lines


def _hard_wrapped(lines: list[str]) -> bool:
    # Wrapped text: short lines, most of them ending mid-sentence.
    inner = lines[:-1]
    open_ended = sum(1 for line in inner if not _ends_sentence(line))
    return max(len(line) for line in lines) <= 100 and open_ended * 2 > len(inner)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("*_").endswith(_SENTENCE_END)


def _metadata(paragraphs: list[str]) -> tuple[dict[str, str], list[str]]:
    """Take title, subtitle, date, source and url out of the paragraphs."""
    fields: dict[str, str] = {}
    rest: list[str] = []
    credit = None
    awaiting_url = False
    for index, para in enumerate(paragraphs):
        plain = _clean(para)
        label = _URL_LABEL.match(plain)
        bare = _BARE_URL.match(para.strip())
        if label:
            if label.group(1):
                fields.setdefault("url", label.group(1).strip("<>"))
            else:
                awaiting_url = True
            continue
        if bare:
            if awaiting_url or "url" not in fields:
                fields["url"] = html.unescape(bare.group(1))
            awaiting_url = False
            continue
        awaiting_url = False
        source = _PUBLISHED_BY.match(plain) or _SOURCE_LABEL.match(plain)
        if source and "source" not in fields:
            fields["source"] = source.group("source").strip()
            continue
        dateline, remainder = split_dateline(plain)
        if dateline:  # the body begins here: no title or date line after it
            credit = credit or dateline.credit
            if "date" not in fields and dateline.date and (date := parse_date(dateline.date)):
                fields["date"] = date
            rest.append(remainder or para)  # a dateline alone is kept, as META
            continue
        if not rest and _take_header_line(fields, para, plain, index):
            continue
        rest.append(para)
    if credit:  # an outlet named by a label or a front matter comes first
        fields.setdefault("source", credit)
    return fields, rest


def _take_header_line(fields: dict[str, str], raw: str, plain: str, index: int) -> bool:
    """Title, subtitle or date at the head of the document, before any passage."""
    if "date" not in fields and (date := parse_date(plain)):
        fields["date"] = date
        return True
    short = len(plain.split()) <= _TITLE_MAX_WORDS and not plain.endswith(".")
    if index == 0 and (_HEADING.match(raw) or short) and _kind(raw) == BODY:
        fields["title"] = plain
        return True
    if "title" in fields and "subtitle" not in fields and "date" not in fields and short and _kind(raw) == BODY:
        fields["subtitle"] = plain
        return True
    return False


def _kind(para: str) -> str:
    """Body text, an image caption, a related-article teaser or a line of metadata."""
    plain = _clean(para)
    if _RELATED.match(plain):
        return RELATED
    if _is_metadata_line(plain):
        return META
    if _IMAGE.search(para) and not _IMAGE.sub("", para).strip():
        return CAPTION
    if _CAPTION_LABEL.match(plain) or _CREDIT.search(plain):
        return CAPTION
    links = _LINK.findall(para.rstrip(". "))
    ends_with_link = para.rstrip(". ").endswith(")") and links
    if ends_with_link and _DOMAIN.match(links[-1][0].strip()) and len(plain.split()) <= 40:
        return CAPTION  # a photo credit such as "[akorda.kz](https://www.akorda.kz)"
    return BODY


def _is_metadata_line(plain: str) -> bool:
    """A byline, a photo credit, page chrome, a dateline alone, or a source line once the source is known."""
    if is_byline(plain) or is_photo_credit(plain) or is_chrome(plain):
        return True
    if _PUBLISHED_BY.match(plain) or _SOURCE_LABEL.match(plain):
        return True
    dateline, remainder = split_dateline(plain)
    return dateline is not None and not remainder


def _clean(para: str) -> str:
    """Markdown links and images become their text; HTML entities their characters; spacing is made single."""
    para = _HEADING.sub("", para)
    para = _IMAGE.sub(lambda m: m.group(1), para)
    para = _LINK.sub(lambda m: m.group(1), para)
    para = _AUTOLINK.sub(lambda m: m.group(1), para)
    # After the links: an escaped bracket ("&#91;") is text, not Markdown. Text pasted from a web
    # page's source, and pages escaped twice, carry "&amp;" and "&#8217;".
    return _SPACES.sub(" ", html.unescape(para)).strip()


def _rejoin(passages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Mend a paragraph broken mid-sentence ("High-level," / "closed-door ...")."""
    mended: list[tuple[str, str]] = []
    for kind, text in passages:
        if mended and _continues(mended[-1], (kind, text)):
            prev_kind, prev = mended[-1]
            mended[-1] = (prev_kind, f"{prev} {text}")
        else:
            mended.append((kind, text))
    return mended


def _continues(previous: tuple[str, str], current: tuple[str, str]) -> bool:
    (prev_kind, prev), (kind, text) = previous, current
    if prev_kind != BODY or kind != BODY or not prev or not text:
        return False
    return not _ends_sentence(prev) and text[0].islower()


def _fallback_title(passages: list[tuple[str, str]]) -> str:
    """The opening words of the first body passage, for a text with no title."""
    body = next((text for kind, text in passages if kind == BODY), "")
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", body, maxsplit=1)[0]
    words = first.split()
    if len(words) <= _FALLBACK_TITLE_WORDS:
        return first.rstrip(".")
    return " ".join(words[:_FALLBACK_TITLE_WORDS]).rstrip(",;:") + "\u2026"
