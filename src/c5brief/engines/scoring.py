"""BM25 scores with rank-bm25's own formulas, over candidates from any engine.

rank-bm25 normally builds its statistics from the whole tokenized corpus,
which costs far more than a query. A paragraph's score depends only on its own
term frequencies and length plus corpus-wide values (idf, average length), so
we give a rank-bm25 model just the candidates, with the corpus-wide values of
every segment the run searches, and let it score them with its own formulas.
Paragraphs without any query term are never candidates: BM25Plus would
otherwise give them a positive score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from c5brief.engines import Candidate
from c5brief.models import Contribution

DEFAULT_K1 = 1.5
DEFAULT_B = 0.75
VARIANTS = ("okapi", "bm25l", "bm25plus")


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


class Statistics(NamedTuple):
    """What BM25 needs of the whole corpus searched: paragraphs, average length, document frequencies."""

    paragraphs: int
    average_length: float
    frequencies: Mapping[str, int]


class Scoring(NamedTuple):
    variant: str = "okapi"
    k1: float = DEFAULT_K1
    b: float = DEFAULT_B


DEFAULT_SCORING = Scoring()


def score(candidates: Sequence[Candidate], weighted: Sequence[tuple[str, float]], stats: Statistics,
          scoring: Scoring = DEFAULT_SCORING) -> list[float]:
    """Each candidate's score for the query's (term, weight) pairs; a term given twice counts twice."""
    if not candidates:
        return []
    present = {t: n for t, n in stats.frequencies.items() if n}
    model = _model(stats, present, scoring)
    model.doc_freqs = [c.frequencies for c in candidates]
    model.doc_len = np.array([c.length for c in candidates], dtype=float)
    model.corpus_size = len(candidates)  # get_scores sizes its result by this
    totals = np.zeros(len(candidates))
    weights: dict[str, float] = {}
    for term, weight in weighted:
        weights[term] = weights.get(term, 0.0) + weight
    for term, weight in weights.items():
        if term in present:
            totals += weight * model.get_scores([term])
    return [float(s) for s in totals]


def explain(candidate: Candidate, weighted: Sequence[tuple[str, float]], stats: Statistics,
            scoring: Scoring = DEFAULT_SCORING) -> list[Contribution]:
    """What each query term adds to one candidate's score, by the same formulas as `score`."""
    present = {t: n for t, n in stats.frequencies.items() if n}
    model = _model(stats, present, scoring)
    model.doc_freqs = [candidate.frequencies]
    model.doc_len = np.array([candidate.length], dtype=float)
    model.corpus_size = 1
    weights: dict[str, float] = {}
    for term, weight in weighted:
        weights[term] = weights.get(term, 0.0) + weight
    found = []
    for term, weight in weights.items():
        if term in present and candidate.frequencies.get(term):
            found.append(Contribution(term, weight, candidate.frequencies[term], float(model.idf[term]),
                                      candidate.length / (stats.average_length or 1.0),
                                      float(weight * model.get_scores([term])[0])))
    return found


def _model(stats: Statistics, frequencies: dict[str, int], scoring: Scoring) -> Any:  # a rank_bm25 model
    cls = _MODELS[scoring.variant]
    model = cls.__new__(cls)
    model.k1, model.b = scoring.k1, scoring.b
    if scoring.variant == "okapi":
        model.epsilon = 0.25
    else:
        model.delta = 0.5 if scoring.variant == "bm25l" else 1.0
    model.corpus_size = stats.paragraphs
    model.avgdl = stats.average_length or 1.0
    model.idf = {}
    model._calc_idf(frequencies)
    return model
