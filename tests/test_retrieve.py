import pytest

from c5brief.corpus import CorpusSpec
from c5brief.errors import QueryError
from c5brief.models import BODY, CAPTION
from c5brief.retrieve import SearchOptions, ask
from conftest import FIXTURES


def seeds(cache_dir, *paths, **kw):
    return CorpusSpec(paths=tuple(map(str, paths)), cache_dir=str(cache_dir), **kw)


def test_answers_cite_title_paragraph_date_and_url(cache_dir):
    hit = ask("Jackson-Vanik", seeds(cache_dir)).hits[0]
    assert "remove Jackson-Vanik trade status on Astana" in hit.paragraph.text
    assert hit.document.title == "Central Asian Leaders Arriving in Washington for Trump Summit"
    assert hit.document.date == "2025-11-06"
    assert hit.document.url.startswith("https://www.themoscowtimes.com/")
    assert hit.paragraph.id == f"{hit.document.id}.p{hit.paragraph.number}"
    assert hit.matched_terms == ("Jackson", "Vanik")


def test_curly_and_straight_apostrophes_match(cache_dir):
    straight = ask("Tokayev's correspondence", seeds(cache_dir)).hits[0]
    curly = ask("Tokayev\u2019s correspondence", seeds(cache_dir)).hits[0]
    assert straight.paragraph.id == curly.paragraph.id
    assert "Tokayev\u2019s correspondence with Trump" in straight.paragraph.text


def test_captions_rank_below_body_text_that_matches_as_well(cache_dir):
    hits = ask("Tokayev Washington", seeds(cache_dir), SearchOptions(limit=50)).hits
    kinds = [hit.paragraph.kind for hit in hits]
    assert kinds[0] == BODY and CAPTION in kinds  # a caption is a result, but not the first


def test_captions_are_returned_when_nothing_else_matches(cache_dir):
    hits = ask("Rubio", seeds(cache_dir)).hits
    assert [h.paragraph.kind for h in hits] == [CAPTION]
    assert "Marco Rubio" in hits[0].paragraph.text


def test_words_no_passage_contains_are_reported(cache_dir):
    answer = ask("Caspian zanzibar", seeds(cache_dir))
    assert answer.unmatched_words == ("zanzibar",)
    assert answer.hits


def test_nothing_found_is_an_empty_answer(cache_dir):
    answer = ask("zanzibar", seeds(cache_dir))
    assert answer.hits == () and answer.unmatched_words == ("zanzibar",)


@pytest.mark.parametrize("question", ["", "   ", "the of and", "?!", "What is it?"])
def test_questions_without_content_words_are_refused(cache_dir, question):
    with pytest.raises(QueryError):
        ask(question, seeds(cache_dir))


def test_limit_is_respected_and_larger_than_corpus_is_fine(cache_dir):
    assert len(ask("Central Asia", seeds(cache_dir), SearchOptions(limit=2)).hits) == 2
    many = ask("Central Asia", seeds(cache_dir), SearchOptions(limit=1000)).hits
    assert 2 < len(many) < 40
    assert [h.rank for h in many] == list(range(1, len(many) + 1))
    assert [h.score for h in many] == sorted((h.score for h in many), reverse=True)


def test_citation_ids_survive_adding_and_removing_documents(cache_dir, tmp_path):
    before = ask("Jackson-Vanik", seeds(cache_dir)).hits[0].paragraph.id
    extra = tmp_path / "extra.txt"
    extra.write_text("Other News\n\nJackson-Vanik was passed in 1974.\n")
    with_extra = ask("Jackson-Vanik", seeds(cache_dir, extra), SearchOptions(limit=5)).hits
    assert before in [h.paragraph.id for h in with_extra]
    assert ask("Jackson-Vanik", seeds(cache_dir)).hits[0].paragraph.id == before


def test_no_seeds_searches_only_the_given_documents(cache_dir):
    hits = ask("Caspian", seeds(cache_dir, FIXTURES / "wrapped.txt", seeds=False)).hits
    assert {h.document.title for h in hits} == {"A Hard-Wrapped Report"}


@pytest.mark.parametrize("variant", ["okapi", "bm25l", "bm25plus"])
def test_every_variant_answers(cache_dir, variant):
    hit = ask("Jackson-Vanik", seeds(cache_dir), SearchOptions(variant=variant)).hits[0]
    assert "Jackson-Vanik" in hit.paragraph.text
