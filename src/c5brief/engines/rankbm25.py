"""BM25 scoring by rank-bm25, fed from the on-disk index.

rank-bm25 normally rebuilds its statistics from the whole tokenized corpus,
which costs far more than a query. A paragraph's score depends only on its own
term frequencies and length plus corpus-wide values (idf, average length), so
we give a rank-bm25 model just the paragraphs that contain a query term, with
the corpus-wide values from the index, and let it score them with its own
formulas. Paragraphs without any query term are never candidates: BM25Plus
would otherwise give them a positive score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from c5brief.index.reader import CorpusStats, Posting


class FlooredBM25Okapi(BM25Okapi):  # type: ignore[misc]  # rank_bm25 has no type hints
    """BM25Okapi whose idf never drops to zero or below.

    rank-bm25's Okapi idf, log((N - n + 0.5) / (n + 0.5)), is zero or negative
    for a term in half the paragraphs or more, and in a one- or two-paragraph
    corpus every term is; a matching paragraph could then score no higher than
    one without the term (rank_bm25 issues #29, #39, #43). Lucene's form,
    log(1 + (N - n + 0.5) / (n + 0.5)), keeps the same ordering for rare terms
    and stays positive for common ones.
    """

    def _calc_idf(self, nd: Mapping[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


_MODELS = {"okapi": FlooredBM25Okapi, "bm25l": BM25L, "bm25plus": BM25Plus}
_DEFAULT_K1 = 1.5
_DEFAULT_B = 0.75


class RankBM25Engine:
    name = "rank-bm25"

    def __init__(self, variant: str = "okapi", k1: float | None = None, b: float | None = None):
        if variant not in _MODELS:
            raise ValueError(f"unknown BM25 variant {variant!r}")
        self.variant = variant
        self.k1 = _DEFAULT_K1 if k1 is None else k1
        self.b = _DEFAULT_B if b is None else b

    def rank(self, stats: CorpusStats, query_terms: Sequence[str],
             postings: Mapping[str, Sequence[Posting]]) -> list[tuple[int, float]]:
        frequencies: dict[int, dict[str, int]] = {}
        lengths: dict[int, int] = {}
        for term in query_terms:
            for posting in postings.get(term, ()):
                frequencies.setdefault(posting.pid, {})[term] = posting.tf
                lengths[posting.pid] = posting.length
        if not frequencies:
            return []
        candidates = sorted(frequencies)
        model = self._model(stats, {t: len(postings.get(t, ())) for t in query_terms if postings.get(t)})
        model.doc_freqs = [frequencies[pid] for pid in candidates]
        model.doc_len = np.array([lengths[pid] for pid in candidates], dtype=float)
        model.corpus_size = len(candidates)  # get_scores sizes its result by this
        scores = model.get_scores(list(query_terms))
        ranked = sorted(zip(candidates, scores.tolist(), strict=True), key=lambda item: (-item[1], item[0]))
        return [(pid, score) for pid, score in ranked]

    def _model(self, stats: CorpusStats, document_frequency: dict[str, int]) -> Any:  # a rank_bm25 model
        model = _MODELS[self.variant].__new__(_MODELS[self.variant])
        model.k1, model.b = self.k1, self.b
        if self.variant == "okapi":
            model.epsilon = 0.25
        else:
            model.delta = 0.5 if self.variant == "bm25l" else 1.0
        model.corpus_size = stats.paragraphs
        model.avgdl = stats.average_length or 1.0
        model.idf = {}
        model._calc_idf(document_frequency)
        return model
