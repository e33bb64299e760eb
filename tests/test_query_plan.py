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
    ("Jackson Vanick", "Vanick", "vanik", "Jackson-Vanik"),
    ("Tokaiev rare earths", "Tokaiev", None, "Tokayev"),
    ("Caspain Sea", "Caspain", "caspian", "Caspian Sea"),
])
def test_misspellings_are_corrected_and_reported(seeds, question, typed, fixed, phrase):
    answer = ask(question, seeds)
    assert phrase in answer.hits[0].paragraph.text
    assert [t for t, _ in answer.corrections] == [typed]
    if fixed:
        assert answer.corrections[0][1] == fixed
    assert answer.unmatched_words == ()


def test_unknown_words_without_a_close_match_stay_unmatched(seeds):
    answer = ask("Caspian zanzibar", seeds)
    assert answer.corrections == () and answer.unmatched_words == ("zanzibar",)


def test_a_word_whose_stem_is_known_is_not_corrected(seeds):
    answer = ask("negotiating Taliban engagement", seeds)
    assert all(typed != "engagement" for typed, _ in answer.corrections)


def test_highlighting_covers_the_matched_spelling(seeds):
    answer = ask("Tokaev", seeds)
    assert "tokayev" in answer.highlight_words
