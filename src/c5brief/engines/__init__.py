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
from typing import NamedTuple, Protocol

RANK_BM25 = "rank-bm25"
TANTIVY = "tantivy"
ENGINES = (RANK_BM25, TANTIVY)


class Candidate(NamedTuple):
    pid: int
    frequencies: dict[str, int]  # query term -> occurrences in the paragraph
    length: int
    kind: str


class Engine(Protocol):
    name: str
    counts_terms: bool  # False: candidates come without term frequencies, which are counted from the text

    def add(self, rows: Sequence[tuple[int, object, object]]) -> None:
        """Index new paragraphs: (pid, segment.ParagraphRow, annotate.AnnotatedPassage)."""
        ...

    def remove(self, doc_id: str, pids: Sequence[int]) -> None:
        """Forget one document's paragraphs."""
        ...

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many paragraphs contain each term."""
        ...

    def candidates(self, terms: Sequence[str], depth: int | None, weights: dict[str, float]) -> list[Candidate]:
        """Paragraphs containing any of the terms; all of them, or about the best `depth`."""
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
