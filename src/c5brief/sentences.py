"""Sentence boundaries, by nltk's Punkt tokenizer with our own abbreviations.

Punkt normally learns abbreviations from a trained model that nltk downloads;
we give it shipped lists instead. data/abbreviations.txt names the words a
period does not end ("U.S. Secretary of State", "Nov. 4", "Sept.", "Oct. 26"
stay whole); any run of dotted single letters ("J.D.", "D.C.", "U.A.E.") is
one too, so no list has to name every pair of initials. Punkt keeps single
initials ("J. D. Vance") and decimals ("$1.5 billion") whole by itself.

An abbreviation can end a sentence as well ("... held in the U.S. The leaders
left."): data/sentence_starters.txt lists the capitalised words after which
Punkt splits there all the same, words that open sentences and seldom follow
an abbreviation inside one ("The", "He", "But"; never "President"). It runs
only while an index is built.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
ABBREVIATIONS_FILE = os.path.join(_DATA, "abbreviations.txt")
SENTENCE_STARTERS_FILE = os.path.join(_DATA, "sentence_starters.txt")
_DOTTED_LETTERS = re.compile(r"[^\W\d_](?:\.[^\W\d_])+")  # "j.d" of "J.D.": Punkt's type, final period off


class _Abbreviations(set[str]):
    """The listed abbreviations, and every run of dotted single letters."""

    def __contains__(self, word: object) -> bool:
        return super().__contains__(word) or (isinstance(word, str) and bool(_DOTTED_LETTERS.fullmatch(word)))


def _words(path: str) -> frozenset[str]:
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return _words(ABBREVIATIONS_FILE)


@lru_cache(maxsize=1)
def sentence_starters() -> frozenset[str]:
    return _words(SENTENCE_STARTERS_FILE)


def fingerprint() -> str:
    from c5brief.hashing import digest

    return digest([*sorted(abbreviations()), "--", *sorted(sentence_starters()), "--dotted-letters"], size=6)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:  # nltk's PunktSentenceTokenizer, imported late
    from c5brief.analyze import nltk_without_scipy

    with nltk_without_scipy():
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    parameters.abbrev_types = _Abbreviations(abbreviations())
    parameters.sent_starters = set(sentence_starters())
    return PunktSentenceTokenizer(parameters)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`."""
    if not text.strip():
        return []
    return list(_tokenizer().span_tokenize(text))


def split_sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]
