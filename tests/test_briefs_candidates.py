"""Candidate statements: relevance to a subject's profile is rank-bm25's Okapi score over the candidates."""

from __future__ import annotations

import math
import random

import pytest
from rank_bm25 import BM25Okapi

from c5brief.briefs.candidates import Candidate, with_relevance
from c5brief.index.reader import SentenceRow
from c5brief.statements import Statement

WORDS = ["miner", "rare", "earth", "tungsten", "deal", "sign", "summit", "trade", "visa", "water"]
TAGS = ["@topic:minerals", "@topic:trade", "@country:kazakhstan"]


def candidate(number: int, terms: list[str], tags: dict[str, int]) -> Candidate:
    row = SentenceRow(number, "d", 1, number, " ".join(terms), tuple(terms), tags)
    statement = Statement("report", None, None, None, None)
    return Candidate(row, statement, row.text, frozenset(terms), None, (), (), (), None)


class LuceneIdfOkapi(BM25Okapi):
    """rank-bm25's BM25Okapi with Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)), for every term."""

    def _calc_idf(self, nd):
        for word, n in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - n + 0.5) / (n + 0.5))


def okapi_relevance(candidates: list[Candidate], profile: list[str]) -> list[float]:
    """What rank-bm25's own get_scores gives, scaled as a brief scales it."""
    documents = [list(c.row.terms) + [t for t, n in c.row.tags.items() for _ in range(max(n, 1))] for c in candidates]
    scores = LuceneIdfOkapi(documents).get_scores(profile)
    top = max(scores) or 1.0
    return [float(s) / top for s in scores]


@pytest.mark.parametrize("seed", range(25))
def test_relevance_equals_rank_bm25_okapi(seed: int) -> None:
    rng = random.Random(seed)
    candidates = [candidate(n, rng.choices(WORDS, k=rng.randint(1, 12)),
                            {t: rng.randint(0, 2) for t in rng.sample(TAGS, rng.randint(0, 2))})
                  for n in range(rng.randint(1, 40))]
    profile = rng.choices(WORDS + TAGS + ["absent"], k=rng.randint(1, 6))  # repeats count twice
    got = [c.relevance for c in with_relevance(candidates, profile)]
    assert got == pytest.approx(okapi_relevance(candidates, profile), abs=1e-12)


def test_the_best_match_scores_one_and_a_miss_zero() -> None:
    candidates = [candidate(1, ["tungsten", "deal", "sign"], {"@topic:minerals": 1}),
                  candidate(2, ["visa", "water"], {}),
                  candidate(3, ["tungsten", "summit"], {})]
    got = [c.relevance for c in with_relevance(candidates, ["tungsten", "@topic:minerals"])]
    assert got[0] == 1.0 and got[1] == 0.0 and 0 < got[2] < 1


def test_no_profile_leaves_candidates_as_they_are() -> None:
    candidates = [candidate(1, ["deal"], {})]
    assert with_relevance(candidates, []) == candidates
