"""The query language: words, "phrases", -exclusions, OR; question words dropped, repeats kept."""

import pytest

from c5brief.errors import QueryError
from c5brief.query_syntax import parse


def shape(query):
    parsed = parse(query)
    return [(" ".join(f for _, f in c.words), c.phrase, c.negated) for c in parsed.clauses], parsed.groups


def test_question_words_are_dropped_and_the_words_keep_their_spelling():
    parsed = parse("What did Tokayev say about the Caspian?")
    assert [w for c in parsed.clauses for w in c.words] == [("Tokayev", "tokayev"), ("Caspian", "caspian")]


def test_repeated_words_are_kept():
    assert shape("visa visa restrictions")[0] == [("visa", False, False), ("visa", False, False),
                                                  ("restrictions", False, False)]


def test_phrases_exclusions_and_or():
    assert shape('"rare earth" -Italy') == ([("rare earth", True, False), ("italy", False, True)], ((0,),))
    assert shape('tungsten OR "rare earth" visa') == (
        [("tungsten", False, False), ("rare earth", True, False), ("visa", False, False)], ((0, 1), (2,)))
    assert shape('-"Middle Corridor" Caspian')[0] == [("middle corridor", True, True), ("caspian", False, False)]
    assert shape("\u201crare earth\u201d")[0] == [("rare earth", True, False)]  # curly quotes
    assert shape("\u00abредкоземельные металлы\u00bb")[0] == [("редкоземельные металлы", True, False)]


def test_a_hyphen_inside_a_word_is_not_an_exclusion_and_or_in_lower_case_is_a_word():
    assert shape("Jackson-Vanik")[0] == [("jackson vanik", False, False)]
    assert shape("gas or oil")[0] == [("gas", False, False), ("oil", False, False)]


def test_question_words_stay_inside_a_phrase():
    assert shape('"tell me more"')[0] == [("tell", True, False)]


@pytest.mark.parametrize("query, message", [("-Italy", "only leaves things out"),
                                            ('-"rare earth" -Italy', "only leaves things out"),
                                            ("the of and", "only stop words")])
def test_nothing_to_look_for_is_an_error(query, message):
    with pytest.raises(QueryError, match=message):
        parse(query)


def test_literal_takes_every_word_as_a_word():
    parsed = parse('"what you see" -Italy tungsten OR uranium', literal=True)
    assert not any(c.phrase or c.negated for c in parsed.clauses)
    assert [w for c in parsed.clauses for _, w in c.words] == ["see", "italy", "tungsten", "uranium"]
    assert parsed.groups == tuple((i,) for i in range(len(parsed.clauses)))
