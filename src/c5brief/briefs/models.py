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

    text: str
    citations: tuple[str, ...]  # paragraph ids, in the order of Brief.sources
    language: str = "en"  # "ru" for a statement in Russian, marked as such in every format


class Section(NamedTuple):
    heading: str
    points: tuple[Point, ...]


class Brief(NamedTuple):
    subject: str  # what the user asked for, resolved: "Kazakhstan", "Human rights"
    kind: str  # "country" or "topic"
    title: str  # the full name
    leaders: tuple[str, ...]  # "President Kassym-Jomart Tokayev", as named in the coverage
    passages: int  # body paragraphs that mention the subject
    documents: int  # ... and the documents they come from
    thin: bool
    sections: tuple[Section, ...]
    sources: tuple[Citation, ...]
    notes: tuple[str, ...] = ()


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
