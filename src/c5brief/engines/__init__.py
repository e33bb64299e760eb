"""Ranking engines behind one small interface.

An engine keeps the postings of one index segment and offers `add` (new
paragraphs), `remove` (a document's paragraphs), `document_frequencies` (its
statistics) and `candidates` (the paragraphs that contain query terms, with
their term frequencies and lengths). Scores are computed by `scoring`, with
rank-bm25's formulas and the statistics of every segment a run searches, so
both engines rank exactly alike:

- rankbm25: postings in SQLite, every matching paragraph a candidate (small
  and medium libraries; the card's choice);
- tantivy: an on-disk inverted index (tantivy-py) that finds the best
  candidates by its own BM25, which are then scored exactly (large libraries).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from c5brief.models import DocumentInfo

RANK_BM25 = "rank-bm25"
TANTIVY = "tantivy"
ENGINES = (RANK_BM25, TANTIVY)


class Candidate(NamedTuple):
    pid: int
    frequencies: dict[str, int]  # query term -> occurrences in the paragraph
    length: int
    kind: str


class Filters(NamedTuple):
    """What a result must and must not be, applied by the engine before anything is ranked."""

    required: tuple[tuple[tuple[str, ...], ...], ...] = ()  # each group: one of its term sequences must occur
    excluded: tuple[tuple[str, ...], ...] = ()  # no term sequence here may occur
    since: str | None = None  # ISO date: documents dated on or after it (undated ones are left out)
    until: str | None = None
    sources: tuple[str, ...] = ()  # outlets, lower-cased
    documents: tuple[str, ...] = ()  # document ids
    tags: tuple[tuple[str, ...], ...] = ()  # each group (a country's or a topic's tags): one must be named
    languages: tuple[str, ...] = ()  # the passage's language: any of these

    @property
    def on_documents(self) -> bool:
        """Whether a filter reads the paragraph's or its document's row (not its terms)."""
        return bool(self.since or self.until or self.sources or self.documents or self.languages)

    def __bool__(self) -> bool:
        return any(self)


NO_FILTERS = Filters()


def contains(terms: Sequence[str], sequence: Sequence[str]) -> bool:
    """Whether `sequence` occurs in `terms` one term after another."""
    width = len(sequence)
    first = sequence[0]
    return any(terms[i] == first and list(terms[i:i + width]) == list(sequence) for i in range(len(terms) - width + 1))


class Engine(Protocol):
    name: str
    counts_terms: bool  # False: candidates come without term frequencies, which are counted from the text

    def add(self, rows: Sequence[tuple[int, object, object]], document: DocumentInfo) -> None:
        """Index one document's paragraphs: (pid, segment.ParagraphRow, annotate.AnnotatedPassage)."""
        ...

    def remove(self, doc_id: str, pids: Sequence[int]) -> None:
        """Forget one document's paragraphs."""
        ...

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many paragraphs contain each term."""
        ...

    def candidates(self, terms: Sequence[str], depth: int | None, weights: dict[str, float],
                   filters: Filters = NO_FILTERS) -> list[Candidate]:
        """Paragraphs containing any of the terms that pass the filters; all of them, or about the
        best `depth`."""
        ...

    def consistent(self, paragraphs: int) -> bool:
        """Whether the engine holds as many paragraphs as its segment (false after a crash between
        the engine's commit and the segment's)."""
        ...

    def commit(self) -> None:
        """Make what was added and removed durable (the segment's own transaction follows)."""
        ...

    def close(self) -> None:
        ...
