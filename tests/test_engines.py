"""The rank-bm25 engine: parity with rank_bm25 and the small-corpus traps."""

import pytest
from rank_bm25 import BM25L, BM25Plus

from c5brief.engines import make_engine
from c5brief.index.reader import CorpusStats, Posting

CORPUS = [
    ["caspian", "sea", "level", "fall"],
    ["rare", "earth", "mineral", "kazakhstan"],
    ["caspian", "port", "aktau", "trade", "trade"],
    ["visa", "kyrgyz", "citizen"],
    ["rare", "earth", "deal", "ukrain", "japan", "rare"],
]


def postings_for(corpus):
    stats = CorpusStats(len(corpus), sum(map(len, corpus)) / len(corpus))
    postings = {}
    for pid, tokens in enumerate(corpus):
        for term in set(tokens):
            postings.setdefault(term, []).append(Posting(pid, tokens.count(term), len(tokens), "body"))
    return stats, postings


def rank(corpus, query, variant="okapi"):
    stats, postings = postings_for(corpus)
    return make_engine(variant).rank(stats, query, {t: postings.get(t, []) for t in query})


@pytest.mark.parametrize("variant, model", [("bm25l", BM25L), ("bm25plus", BM25Plus)])
def test_scores_equal_rank_bm25_on_the_full_corpus(variant, model):
    query = ["rare", "earth", "caspian"]
    reference = model(CORPUS).get_scores(query)
    for pid, score in rank(CORPUS, query, variant):
        assert score == pytest.approx(reference[pid])


def test_okapi_matches_rank_bm25_term_weighting_with_a_positive_idf():
    # Same tf/length formula as rank_bm25's BM25Okapi; only the idf differs.
    from rank_bm25 import BM25Okapi

    model = BM25Okapi(CORPUS)
    ours = dict(rank(CORPUS, ["aktau"]))
    n, df = len(CORPUS), 1
    import math
    model.idf["aktau"] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    assert ours[2] == pytest.approx(model.get_scores(["aktau"])[2])


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
