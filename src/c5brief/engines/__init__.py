"""Ranking engines behind one small interface.

An engine takes the corpus statistics and the postings of the query terms and
returns (paragraph key, score) pairs for paragraphs that contain at least one
query term, best first. Today there is one engine, rank-bm25; a large-corpus
engine can be added beside it without touching retrieval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from c5brief.index.reader import CorpusStats, Posting


class Engine(Protocol):
    def rank(self, stats: CorpusStats, query_terms: Sequence[str],
             postings: Mapping[str, Sequence[Posting]]) -> list[tuple[int, float]]:
        """Score every paragraph that contains a query term; best first, ties by key."""
        ...


def make_engine(variant: str = "okapi", k1: float | None = None, b: float | None = None) -> Engine:
    from c5brief.engines.rankbm25 import RankBM25Engine

    return RankBM25Engine(variant, k1=k1, b=b)
