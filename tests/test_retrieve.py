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


# Ranking on a small news-like corpus of our own (tests/fixtures/news).

NEWS = FIXTURES / "news"


ENGINES = ["rank-bm25", "tantivy"]


def news(cache_dir, engine=None):
    return CorpusSpec(paths=(str(NEWS),), seeds=False, cache_dir=str(cache_dir), engine=engine)


def top(question, cache_dir, engine=None, **options):
    return ask(question, news(cache_dir, engine), SearchOptions(**options)).hits


def test_a_document_of_a_headline_alone_is_found(cache_dir):
    [hit, *_] = top("Moynaq fishermen", cache_dir)
    assert hit.paragraph.text == "Aral Sea fishermen return to Moynaq"


def test_headline_words_find_the_first_passage(cache_dir):
    hits = top("tungsten venture Washington", cache_dir)
    assert hits[0].paragraph.id.endswith(".p1") and "joint venture" in hits[0].paragraph.text
    assert hits[0].document.title == "Kazakh tungsten venture signed in Washington"


def test_a_repeated_word_counts_again(cache_dir):
    visas = [h.document.title for h in top("visa visa refinery", cache_dir, limit=2)]
    refinery = [h.document.title for h in top("visa refinery refinery", cache_dir, limit=2)]
    assert visas[0] == "Visa notes" and refinery[0] == "Italian refinery"


def test_the_literal_words_outrank_a_namesake_found_through_the_gazetteer(cache_dir):
    hits = top("Chinese Remainder theorem", cache_dir)
    assert hits[0].document.title == "Number theory lecture"
    assert any(h.document.title == "Trade routes east" for h in hits[1:])  # found through China, below


def test_us_is_the_united_states(cache_dir):
    hits = top("US investment firm", cache_dir)
    assert "A US investment firm" in hits[0].paragraph.text
    assert ask("US", news(cache_dir)).expansions == (("US", "United States"),)


def test_a_caption_answers_when_only_it_has_the_words(cache_dir):
    [hit, *_] = top("drone pier", cache_dir)
    assert hit.paragraph.kind == "caption" and "drone" in hit.paragraph.text


def test_a_caption_ranks_below_body_text_that_matches_as_well(cache_dir):
    kinds = [h.paragraph.kind for h in top("Aktau Caspian", cache_dir, limit=3)]
    assert kinds[0] == "body" and "caption" in kinds


def test_a_result_matching_half_the_words_or_fewer_is_partial(cache_dir):
    hits = top("Aral Sea", cache_dir, limit=5)
    assert not hits[0].partial  # the headline has both
    assert any(h.partial and h.matched_terms == ("Sea",) for h in hits)  # the Caspian Sea


@pytest.mark.parametrize("engine", ENGINES)
def test_a_phrase_must_occur_and_an_exclusion_leaves_passages_out(cache_dir, engine):
    assert all("rare earth" in h.paragraph.text for h in top('"rare earth"', cache_dir, engine, limit=20))
    kept = top('"rare earth" -Italy', cache_dir, engine, limit=20)
    assert kept and all("Italy" not in h.paragraph.text for h in kept)
    either = {h.document.title for h in top('tungsten OR "Chinese Remainder"', cache_dir, engine, limit=20)}
    assert either == {"Kazakh tungsten venture signed in Washington", "Number theory lecture"}


@pytest.mark.parametrize("engine", ENGINES)
def test_filters_apply_before_ranking(cache_dir, engine):
    assert {h.document.source for h in top("rare earth", cache_dir, engine, sources=("steppe wire",), limit=20)} == {
        "Steppe Wire"}
    since = top("rare earth", cache_dir, engine, since="2025-11-01", limit=20)
    assert since and all(h.document.date >= "2025-11-01" for h in since)
    until = top("rare earth", cache_dir, engine, until="2025-10", limit=20)
    assert {h.document.title for h in until} == {"Rare earth talks continue"}
    answer = ask("visas", news(cache_dir, engine), SearchOptions(since="2025-01-01"))
    assert answer.hits == () and any("undated document" in n for n in answer.notes)
    kazakh = top("shipment tungsten rare earth", cache_dir, engine, countries=("kazakhstan",), limit=20)
    assert kazakh and all("Kazakh" in h.paragraph.text or "Aktau" in h.paragraph.text for h in kazakh)
    assert top("rare earth", cache_dir, engine, topics=("minerals",), limit=20)
    doc = top("rare earth", cache_dir, engine, limit=1)[0].document.id
    assert {h.document.id for h in top("rare earth", cache_dir, engine, documents=(doc,), limit=20)} == {doc}


def test_explain_gives_each_terms_share_of_the_score(cache_dir):
    [hit] = top("tungsten deposits", cache_dir, limit=1, explain=True)
    assert {c.term for c in hit.explanation} == {"tungsten", "deposit"}
    assert sum(c.score for c in hit.explanation) == pytest.approx(hit.score, abs=1e-3)


def test_explain_says_how_a_name_or_a_correction_matched(cache_dir):
    [hit] = ask("Tokaev", seeds(cache_dir), SearchOptions(limit=1, explain=True)).hits
    assert [c.via for c in hit.explanation] == ["Tokaev, any spelling of Kassym-Jomart Tokayev"]
    [hit] = ask("Vanick", seeds(cache_dir), SearchOptions(limit=1, explain=True)).hits
    assert [(c.term, c.via) for c in hit.explanation] == [("vanik", "corrected from Vanick")]


# Russian coverage (tests/fixtures/russian: short reports of our own wording)

RUSSIAN = FIXTURES / "russian"


def with_russian(cache_dir, engine=None, seeds=True):
    return CorpusSpec(paths=(str(RUSSIAN),), seeds=seeds, cache_dir=str(cache_dir), engine=engine)


def test_a_russian_question_in_another_grammatical_form_finds_the_report_first(cache_dir):
    answer = ask("Когда Токаев встретится с Трампом?", with_russian(cache_dir))  # future; the report says "met"
    assert answer.corrections == ()
    assert "Токаев встретился с Дональдом Трампом" in answer.hits[0].paragraph.text
    assert answer.hits[0].paragraph.language == "ru"


@pytest.mark.parametrize("question, phrase", [
    ("Berdimuhamedov Trump gas", "Транскаспийского газопровода"),   # a name's Russian forms, and gas/газ
    ("Peskov Kremlin summit", "заявил журналистам пресс-секретарь"),
])
def test_an_english_question_reaches_a_report_only_in_russian(cache_dir, question, phrase):
    hits = ask(question, with_russian(cache_dir)).hits
    assert phrase in hits[0].paragraph.text


def test_words_as_typed_outrank_their_other_language_but_it_is_found(cache_dir):
    hits = ask("Mirziyoyev Washington investment", with_russian(cache_dir), SearchOptions(limit=10)).hits
    assert hits[0].paragraph.language == "en"  # the seeds name him in English
    assert any("Мирзиёев встретится с Трампом" in h.paragraph.text for h in hits)


def test_a_russian_name_finds_english_passages(cache_dir):
    hits = ask("Токаев Путин", with_russian(cache_dir)).hits
    assert any(h.paragraph.language == "en" and "Putin" in h.paragraph.text for h in hits)


@pytest.mark.parametrize("engine", ENGINES)
def test_lang_keeps_passages_of_that_language_only(cache_dir, engine):
    spec = with_russian(cache_dir, engine)
    russian = ask("Trump", spec, SearchOptions(limit=20, languages=("ru",))).hits
    english = ask("Trump", spec, SearchOptions(limit=20, languages=("en",))).hits
    assert russian and {h.paragraph.language for h in russian} == {"ru"}
    assert english and {h.paragraph.language for h in english} == {"en"}
