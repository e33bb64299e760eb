"""BM25 scores with rank-bm25's own formulas, over candidates from any engine.

rank-bm25 normally builds its statistics from the whole tokenized corpus,
which costs far more than a query. A paragraph's score depends only on its own
term frequencies and length plus corpus-wide values (idf, average length), so
we give a rank-bm25 model just the candidates, with the corpus-wide values of
every segment the run searches, and let it score them with its own formulas.
Paragraphs without any query term are never candidates.

BM25L and BM25Plus are scored as their papers define them, which rank-bm25
0.2.2 (its last release) departs from in two ways: its BM25L multiplies each
term's score by the term's frequency once more (fixed upstream in
dorianbrown/rank_bm25 PR #20, never released), and both give a term a passage
lacks a positive share (delta's), where Lv and Zhai count only the terms a
passage has. On NPL the release's BM25L gave MAP 0.1601 against Okapi's 0.2864.

The tantivy engine hands over a few dozen candidates only; for those the same
formulas are computed in plain Python, operation for operation as rank-bm25
computes them (tests check the scores are equal), because importing numpy,
which rank-bm25 needs, would cost a large library's query more than all its
other work.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from c5brief.engines import Candidate
from c5brief.models import Contribution

DEFAULT_K1 = 1.5  # rank-bm25's
# rank-bm25's b is 0.75; on news paragraphs (a development set of 90 articles from 68 outlets,
# benchmarks/bench_devset.py) 0.3 ranks better on both halves of it: nDCG@10 +0.039 over 52
# questions (16 better, 4 worse, p = 0.001), as news has many short lines that 0.75 over-rewards;
# on the rebuilt set (64 pages, 50 questions) again: nDCG@10 0.712 against 0.656 (18 better, 4 worse).
DEFAULT_B = 0.3
VARIANTS = ("okapi", "bm25l", "bm25plus")
DELTAS = {"bm25l": 0.5, "bm25plus": 1.0}  # rank-bm25's defaults
# Okapi with Lucene's idf for every term: not offered to `ask`; briefs weigh their candidate sentences
# with it, where the subject's own tag is in nearly every sentence and must still count.
LUCENE = "okapi-lucene"
OKAPI_FORMS = ("okapi", LUCENE)
EPSILON = 0.25  # rank-bm25's BM25Okapi epsilon: the share of an idf a term in most paragraphs keeps


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


@lru_cache(maxsize=1)
def floored_okapi() -> type:
    """rank-bm25's BM25Okapi with the idf floored as `idf` floors it (imported when needed)."""
    from rank_bm25 import BM25Okapi

    class FlooredBM25Okapi(BM25Okapi):  # type: ignore[misc]  # rank_bm25 has no type hints
        def _calc_idf(self, nd: Mapping[str, int]) -> None:
            for word, freq in nd.items():
                self.idf[word] = idf("okapi", self.corpus_size, freq)

    return FlooredBM25Okapi


def lucene_idf(paragraphs: int, frequency: int) -> float:
    """Lucene's BM25 idf, log(1 + (N - n + 0.5) / (n + 0.5)): always positive."""
    return math.log(1 + (paragraphs - frequency + 0.5) / (frequency + 0.5))


def idf(variant: str, paragraphs: int, frequency: int) -> float:
    """Each variant's idf, as rank-bm25 computes it, Okapi's with a floor.

    rank-bm25's Okapi idf, log((N - n + 0.5) / (n + 0.5)), is zero or negative
    for a term in half the paragraphs or more, and in a one- or two-paragraph
    corpus for every term; rank-bm25 then gives the term EPSILON times the
    corpus's average idf, a jump from almost nothing to a quarter of a typical
    term (rank_bm25 issues #29, #39, #43), and a query has no such average. The
    floor here is EPSILON times Lucene's idf, positive and falling as the term
    gets commoner: a paragraph with a query term always scores above one without
    it, and a term in most paragraphs counts for little. Lucene's idf for every
    term (c5brief's before) weighs common terms up against rare ones; CACM, NPL,
    TIME and the development set all rank a little worse with it (README).
    """
    if variant == LUCENE:
        return lucene_idf(paragraphs, frequency)
    if variant == "okapi":
        return max(math.log((paragraphs - frequency + 0.5) / (frequency + 0.5)),
                   EPSILON * lucene_idf(paragraphs, frequency))
    if variant == "bm25l":
        return math.log(paragraphs + 1) - math.log(frequency + 0.5)
    return math.log((paragraphs + 1) / frequency)


def score(candidates: Sequence[Candidate], weighted: Sequence[tuple[str, float]], stats: Statistics,
          scoring: Scoring = DEFAULT_SCORING, *, plain: bool = False) -> list[float]:
    """Each candidate's score for the query's (term, weight) pairs; a term given twice counts twice."""
    if not candidates:
        return []
    weights = _weights(weighted)
    present = {t: n for t, n in stats.frequencies.items() if n}
    if plain:
        idfs = {t: idf(scoring.variant, stats.paragraphs, n) for t, n in present.items()}
        return [sum(_contributions(c, weights, idfs, stats.average_length or 1.0, scoring).values())
                for c in candidates]
    import numpy as np

    model = _model(stats, present, scoring)
    model.doc_freqs = [c.frequencies for c in candidates]
    model.doc_len = np.array([c.length for c in candidates], dtype=float)
    model.corpus_size = len(candidates)  # get_scores sizes its result by this
    totals = np.zeros(len(candidates))
    for term, weight in weights.items():
        if term in present:
            totals += weight * model.get_scores([term])
    return [float(s) for s in totals]


def explain(candidate: Candidate, weighted: Sequence[tuple[str, float]], stats: Statistics,
            scoring: Scoring = DEFAULT_SCORING) -> list[Contribution]:
    """What each query term adds to one candidate's score, by the same formulas as `score`."""
    weights = _weights(weighted)
    present = {t: n for t, n in stats.frequencies.items() if n}
    idfs = {t: idf(scoring.variant, stats.paragraphs, n) for t, n in present.items()}
    average = stats.average_length or 1.0
    parts = _contributions(candidate, weights, idfs, average, scoring)
    return [Contribution(term, weights[term], candidate.frequencies[term], idfs[term], candidate.length / average,
                         value) for term, value in parts.items() if candidate.frequencies.get(term)]


def _weights(weighted: Sequence[tuple[str, float]]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for term, weight in weighted:
        weights[term] = weights.get(term, 0.0) + weight
    return weights


def _contributions(candidate: Candidate, weights: dict[str, float], idfs: dict[str, float], average: float,
                   scoring: Scoring) -> dict[str, float]:
    """Each term's weighted share of the score, computed as rank-bm25's get_scores computes it."""
    k1, b, variant = scoring.k1, scoring.b, scoring.variant
    length = float(candidate.length)
    found = {}
    for term, weight in weights.items():
        if term not in idfs:
            continue
        q = float(candidate.frequencies.get(term, 0))
        if q == 0 and variant not in OKAPI_FORMS:
            continue  # BM25L's and BM25Plus's delta is for the terms a passage has
        if variant in OKAPI_FORMS:
            value = 0.0 + idfs[term] * (q * (k1 + 1) / (q + k1 * (1 - b + b * length / average)))
        elif variant == "bm25l":
            ctd = q / (1 - b + b * length / average)
            value = 0.0 + idfs[term] * (k1 + 1) * (ctd + DELTAS[variant]) / (k1 + ctd + DELTAS[variant])
        else:
            value = 0.0 + idfs[term] * (DELTAS[variant] + (q * (k1 + 1)) / (k1 * (1 - b + b * length / average) + q))
        found[term] = weight * value
    return found


@lru_cache(maxsize=1)
def paper_bm25l() -> type:
    """rank-bm25's BM25L scored as Lv and Zhai (2011) define it: see the module's note."""
    import numpy as np
    from rank_bm25 import BM25L

    class PaperBM25L(BM25L):  # type: ignore[misc]  # rank_bm25 has no type hints
        def get_scores(self, query: Sequence[str]) -> Any:
            score = np.zeros(self.corpus_size)
            doc_len = np.array(self.doc_len)
            for q in query:
                q_freq = np.array([(doc.get(q) or 0) for doc in self.doc_freqs])
                ctd = q_freq / (1 - self.b + self.b * doc_len / self.avgdl)
                part = (self.idf.get(q) or 0) * (self.k1 + 1) * (ctd + self.delta) / (self.k1 + ctd + self.delta)
                score += np.where(q_freq > 0, part, 0.0)
            return score

    return PaperBM25L


@lru_cache(maxsize=1)
def paper_bm25plus() -> type:
    """rank-bm25's BM25Plus with delta given only for the terms a passage has (Lv and Zhai, 2011)."""
    import numpy as np
    from rank_bm25 import BM25Plus

    class PaperBM25Plus(BM25Plus):  # type: ignore[misc]  # rank_bm25 has no type hints
        def get_scores(self, query: Sequence[str]) -> Any:
            return np.where(self._has_any(query), super().get_scores(query), 0.0)

        def _has_any(self, query: Sequence[str]) -> Any:
            return np.array([any(doc.get(q) for q in query) for doc in self.doc_freqs])

    return PaperBM25Plus


def _model(stats: Statistics, frequencies: dict[str, int], scoring: Scoring) -> Any:  # a rank_bm25 model
    cls: Any = {"okapi": floored_okapi(), "bm25l": paper_bm25l(), "bm25plus": paper_bm25plus()}[scoring.variant]
    model = cls.__new__(cls)
    model.k1, model.b = scoring.k1, scoring.b
    if scoring.variant == "okapi":
        model.epsilon = 0.25
    else:
        model.delta = DELTAS[scoring.variant]
    model.corpus_size = stats.paragraphs
    model.avgdl = stats.average_length or 1.0
    model.idf = {}
    model._calc_idf(frequencies)
    return model
