"""Scoring candidates with rank-bm25's formulas: parity with rank_bm25 and the small-corpus traps."""

import math

import pytest
from rank_bm25 import BM25L, BM25Plus

from c5brief.engines import Candidate
from c5brief.engines.scoring import Scoring, Statistics, idf, score

RANK_BM25_B = 0.75  # rank_bm25's default b, which its models are built with below (c5brief's is 0.3)
CORPUS = [
    ["caspian", "sea", "level", "fall"],
    ["rare", "earth", "mineral", "kazakhstan"],
    ["caspian", "port", "aktau", "trade", "trade"],
    ["visa", "kyrgyz", "citizen"],
    ["rare", "earth", "deal", "ukrain", "japan", "rare"],
]


def rank(corpus, query, variant="okapi", b=RANK_BM25_B):
    """What an engine gives: the paragraphs with any query term, scored with the whole corpus's statistics."""
    frequencies = {t: sum(t in doc for doc in corpus) for t in query}
    stats = Statistics(len(corpus), sum(map(len, corpus)) / len(corpus), frequencies)
    candidates = [Candidate(pid, {t: doc.count(t) for t in query if t in doc}, len(doc), "body")
                  for pid, doc in enumerate(corpus) if any(t in doc for t in query)]
    scores = score(candidates, [(t, 1.0) for t in query], stats, Scoring(variant, b=b))
    return sorted(((c.pid, s) for c, s in zip(candidates, scores, strict=True)), key=lambda r: (-r[1], r[0]))


def paper_score(doc, query, variant, k1=1.5, b=0.75, delta=None):
    """BM25L and BM25+ as Lv and Zhai (2011) define them, with rank-bm25's idfs: only the terms a
    paragraph has count."""
    n = len(CORPUS)
    average = sum(map(len, CORPUS)) / n
    total = 0.0
    for term in query:
        tf = doc.count(term)
        if not tf:
            continue
        df = sum(term in d for d in CORPUS)
        norm = 1 - b + b * len(doc) / average
        if variant == "bm25l":
            ctd = tf / norm
            total += (math.log(n + 1) - math.log(df + 0.5)) * (k1 + 1) * (ctd + 0.5) / (k1 + ctd + 0.5)
        else:
            total += math.log((n + 1) / df) * ((k1 + 1) * tf / (k1 * norm + tf) + 1.0)
    return total


@pytest.mark.parametrize("variant", ["bm25l", "bm25plus"])
def test_bm25l_and_bm25plus_score_as_their_paper_defines_them(variant):
    query = ["rare", "earth", "caspian"]
    for pid, scored in rank(CORPUS, query, variant):
        assert scored == pytest.approx(paper_score(CORPUS[pid], query, variant))


@pytest.mark.parametrize("variant, model", [("bm25l", BM25L), ("bm25plus", BM25Plus)])
def test_where_rank_bm25s_release_is_right_the_scores_are_its_own(variant, model):
    # rank-bm25 0.2.2 agrees with the paper for a paragraph that has every query term once
    # (its BM25L multiplies by tf again, and both give delta for absent terms).
    reference = model(CORPUS).get_scores(["caspian", "aktau"])
    assert dict(rank(CORPUS, ["caspian", "aktau"], variant))[2] == pytest.approx(reference[2])


def test_rank_bm25s_released_bm25l_is_not_used():
    # Its extra tf factor: a term three times scores over three times a term once.
    corpus = [["a", "x"], ["a", "a", "a"], ["y", "z", "w"]]
    once, thrice = (dict(rank(corpus, ["a"], "bm25l"))[i] for i in (0, 1))
    assert thrice < 3 * once


def test_okapi_is_rank_bm25s_own_for_a_term_in_few_paragraphs():
    from rank_bm25 import BM25Okapi

    ours = dict(rank(CORPUS, ["aktau"]))
    assert ours[2] == pytest.approx(BM25Okapi(CORPUS).get_scores(["aktau"])[2])


def test_okapi_idf_falls_with_frequency_and_stays_positive():
    weights = [idf("okapi", 100, n) for n in range(1, 101)]
    assert all(a > b > 0 for a, b in zip(weights, weights[1:], strict=False))
    assert idf("okapi", 100, 60) < idf("okapi", 100, 1) / 10  # a term in most paragraphs counts for little
    assert idf("okapi", 1, 1) > 0


@pytest.mark.parametrize("corpus", [
    [["caspian", "sea"]],
    [["caspian", "sea"], ["caspian", "port"]],
    [["caspian", "sea"], ["aktau", "port"]],
    [["trade"], ["trade"], ["trade", "visa"]],
])
@pytest.mark.parametrize("variant", ["okapi", "bm25l", "bm25plus"])
def test_tiny_corpora_still_rank_matches_above_zero(corpus, variant):
    query = sorted({t for doc in corpus for t in doc})[:2]
    ranked = rank(corpus, query, variant)
    assert ranked, "a matching paragraph must be found"
    assert all(score > 0 for _, score in ranked)


def test_a_term_in_most_paragraphs_still_counts():
    corpus = [["summit", "trade"], ["summit", "visa"], ["summit", "water"], ["port"]]
    ranked = dict(rank(corpus, ["summit", "port"]))
    assert set(ranked) == {0, 1, 2, 3}
    assert min(ranked[0], ranked[1], ranked[2]) > 0


def test_paragraphs_without_any_query_term_are_never_returned():
    for variant in ("okapi", "bm25l", "bm25plus"):
        assert {pid for pid, _ in rank(CORPUS, ["rare"], variant)} == {1, 4}


def test_ties_are_broken_by_paragraph_order():
    corpus = [["x", "a"], ["y", "a"], ["z", "a"]]
    assert [pid for pid, _ in rank(corpus, ["a"])] == [0, 1, 2]


def test_no_match_gives_empty_ranking():
    assert rank(CORPUS, ["nothing"]) == []


def test_a_weight_scales_a_terms_contribution_and_a_repeat_counts_twice():
    frequencies = {"rare": 2, "earth": 2}
    stats = Statistics(len(CORPUS), sum(map(len, CORPUS)) / len(CORPUS), frequencies)
    candidate = [Candidate(4, {"rare": 2, "earth": 1}, 6, "body")]
    [rare] = score(candidate, [("rare", 1.0)], stats)
    [earth] = score(candidate, [("earth", 1.0)], stats)
    assert score(candidate, [("rare", 1.0), ("earth", 0.5)], stats)[0] == pytest.approx(rare + 0.5 * earth)
    assert score(candidate, [("rare", 1.0), ("rare", 1.0)], stats)[0] == pytest.approx(2 * rare)


@pytest.mark.parametrize("variant", ["okapi", "bm25l", "bm25plus"])
def test_the_plain_python_scores_equal_rank_bm25s_exactly(variant):
    import random

    rng = random.Random(7)
    terms = ["caspian", "rare", "earth", "visa", "trade", "@country:KZ"]
    candidates = [Candidate(pid, {t: rng.randint(1, 4) for t in rng.sample(terms, rng.randint(1, 4))},
                            rng.randint(5, 120), "body") for pid in range(200)]
    stats = Statistics(5000, 57.3, {t: rng.randint(1, 900) for t in terms})
    weighted = [("caspian", 1.0), ("rare", 1.0), ("rare", 1.0), ("@country:KZ", 0.5), ("absent", 1.0)]
    for scoring in (Scoring(variant), Scoring(variant, 1.2, 0.4)):
        assert score(candidates, weighted, stats, scoring, plain=True) == score(candidates, weighted, stats, scoring)
