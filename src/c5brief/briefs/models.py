"""Plain data for briefs, coverage listings and the matrix (citations are models.Citation).

Kept apart from models.py because a warm `ask` never needs these, and each
frozen dataclass costs ~0.5 ms to create at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from c5brief.models import Citation


class Point(NamedTuple):
    """One statement of a brief and the paragraphs that report it."""

    text: str  # verbatim from the first cited paragraph, apart from insertions in [square brackets]
    citations: tuple[str, ...]  # paragraph ids, in the order of Brief.sources
    language: str = "en"  # "ru" for a statement in Russian, marked as such in every format
    date: str | None = None  # ISO date (or YYYY-MM) of what it reports, when the text says
    speaker: str | None = None  # whom it is attributed to
    kind: str = "report"  # "outcome", "claim", "report" or "forecast"
    outlets: int = 1  # distinct outlets reporting it


class TimelineEntry(NamedTuple):
    date: str  # YYYY-MM-DD or YYYY-MM
    text: str
    citations: tuple[str, ...]
    language: str = "en"


class DealRow(NamedTuple):
    """One agreement, memorandum, loan, purchase... however many outlets report it."""

    parties: tuple[str, ...]
    instrument: str
    amount: str | None  # as written, "$1.1 billion"
    currency: str | None  # ISO 4217
    date: str | None
    status: str  # "signed", "announced", "proposed" or "claimed"
    text: str
    citations: tuple[str, ...]
    language: str = "en"


class Quote(NamedTuple):
    speaker: str
    text: str  # the quotation, verbatim
    citations: tuple[str, ...]
    language: str = "en"


class Section(NamedTuple):
    heading: str
    points: tuple[Point, ...]


class Brief(NamedTuple):
    subject: str  # what the user asked for, resolved: "Kazakhstan", "Human rights"
    kind: str  # "country", "topic" or "subject" (any words)
    title: str  # the full name
    leaders: tuple[str, ...]  # "President Kassym-Jomart Tokayev", as named in the coverage
    passages: int  # body paragraphs that mention the subject
    documents: int  # ... and the documents they come from
    thin: bool
    sections: tuple[Section, ...]
    sources: tuple[Citation, ...]
    notes: tuple[str, ...] = ()
    key_points: tuple[Point, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    deals: tuple[DealRow, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[str, ...] = ()  # names the coverage uses that the gazetteer does not know
    outlets: int = 0  # distinct outlets among the documents
    first_date: str | None = None  # the coverage's date range
    last_date: str | None = None


class CoverageRow(NamedTuple):
    id: str
    name: str
    passages: int
    documents: int
    detail: str = ""  # leaders for a country, keywords for a topic


class Coverage(NamedTuple):
    """What the gazetteer knows, with how much of the corpus mentions each entry."""

    kind: str  # "countries" or "topics"
    rows: tuple[CoverageRow, ...]
    notes: tuple[str, ...] = ()


class Matrix(NamedTuple):
    """Passages mentioning both a country and a topic."""

    countries: tuple[str, ...]
    topics: tuple[str, ...]  # topic ids (short, for column headings)
    counts: tuple[tuple[int, ...], ...]  # counts[country][topic]
    notes: tuple[str, ...] = ()
    country_ids: tuple[str, ...] = ()  # ISO codes, for a matrix that must fit a narrow terminal
    topic_names: tuple[str, ...] = ()
