"""`ask` across spellings: gazetteer expansion and misspelling correction."""

import pytest

from c5brief.corpus import CorpusSpec
from c5brief.retrieve import ask


@pytest.fixture
def seeds(cache_dir):
    return CorpusSpec(cache_dir=str(cache_dir))


@pytest.mark.parametrize("question, phrase", [
    ("Tokaev", "Tokayev"),                               # transliteration of a leader
    ("Zhaparov visas", "Sadyr Japarov"),                 # another transliteration
    ("Kirghizia sanctions", "Kyrgyz banking"),           # old country name -> demonym in the text
    ("Астана", "Jackson-Vanik trade status on Astana"),  # Cyrillic capital
    ("Nur-Sultan", "on Astana"),                         # former name of the capital
    ("Tadzhikistan repression", "political repression in Tajikistan"),
    ("Qazaqstan geologists", "Kazakh geologists"),        # country name -> demonym
])
def test_alias_queries_find_passages_using_another_spelling(seeds, question, phrase):
    answer = ask(question, seeds)
    assert answer.hits, question
    assert phrase in answer.hits[0].paragraph.text
    assert answer.unmatched_words == ()
    assert answer.expansions


def test_expansions_name_the_entity(seeds):
    answer = ask("Tokaev", seeds)
    assert answer.expansions == (("Tokaev", "Kassym-Jomart Tokayev"),)


@pytest.mark.parametrize("question, typed, fixed, phrase", [
    ("Vanick", "Vanick", "vanik", "Jackson-Vanik"),              # nothing would be found otherwise
    ("Tokaiev", "Tokaiev", "tokaev", "Tokayev"),                 # a spelling of Tokayev the gazetteer knows
    ("critcal minerals", "critcal", "critical", "critical"),      # a plain slip: one close word, common
])
def test_misspellings_are_corrected_when_nothing_else_is_found_or_the_slip_is_plain(seeds, question, typed, fixed,
                                                                                   phrase):
    answer = ask(question, seeds)
    assert phrase in answer.hits[0].paragraph.text
    assert answer.corrections == ((typed, fixed),)
    assert answer.unmatched_words == ()


@pytest.mark.parametrize("question, typed, close", [
    ("Jackson Vanick", "Vanick", "vanik"),         # a capitalised name is taken as meant
    ("Tokaiev rare earths", "Tokaiev", "tokaev"),
    ("rare earth cones", "cones", None),           # a real English word the corpus lacks: searched as typed
])
def test_other_unknown_words_are_searched_as_typed_and_suggested(seeds, question, typed, close):
    answer = ask(question, seeds)
    assert answer.hits and answer.corrections == ()
    assert typed in answer.unmatched_words
    if close:
        assert answer.suggestions == ((typed, close),)


def test_unknown_words_without_a_close_match_stay_unmatched(seeds):
    answer = ask("Caspian zanzibar", seeds)
    assert answer.corrections == () and answer.unmatched_words == ("zanzibar",)


def test_a_word_whose_stem_is_known_is_not_corrected(seeds):
    answer = ask("negotiating Taliban engagement", seeds)
    assert all(typed != "engagement" for typed, _ in answer.corrections)


def test_highlighting_covers_the_matched_spelling(seeds):
    answer = ask("Tokaev", seeds)
    assert "tokayev" in answer.highlight_words


def russian(tmp_path, cache_dir):
    (tmp_path / "ru.txt").write_text("Встреча\n\nТокаев встретился с Трампом и пошутил о погоде.\n", encoding="utf-8")
    return CorpusSpec(paths=(str(tmp_path),), seeds=False, cache_dir=str(cache_dir))


def test_a_russian_word_in_another_form_finds_the_passage_as_typed(tmp_path, cache_dir):
    answer = ask("встретится", russian(tmp_path, cache_dir))
    assert answer.corrections == () and answer.suggestions == ()
    assert "встретился" in answer.hits[0].paragraph.text


def test_a_russian_word_no_passage_has_is_suggested_never_replaced(tmp_path, cache_dir):
    answer = ask("пошатил", russian(tmp_path, cache_dir))  # a slip for пошутил: a different word to Snowball
    assert answer.corrections == () and answer.hits == ()
    assert answer.suggestions == (("пошатил", "пошутил"),)


def outlet_corpus(tmp_path, cache_dir):
    folder = tmp_path / "outlets"
    folder.mkdir()
    (folder / "credit.txt").write_text("Rail tariffs\n\nRail tariffs will fall next year, a minister told "
                                         "The Astana Times.\n")
    (folder / "capital.txt").write_text("Capital rail\n\nA new rail station opened in Nur-Sultan.\n")
    return CorpusSpec(paths=(str(folder),), seeds=False, cache_dir=str(cache_dir))


def test_an_outlet_named_after_a_place_is_not_a_mention_of_it(tmp_path, cache_dir):
    spec = outlet_corpus(tmp_path, cache_dir)
    answer = ask("Nur-Sultan", spec)  # any spelling of Astana, but "The Astana Times" is not Astana
    assert answer.expansions == (("Nur Sultan", "Astana"),)
    assert [h.document.title for h in answer.hits] == ["Capital rail"]
    assert ask("Astana Times", spec).expansions == ()  # the outlet's name is searched as its words
