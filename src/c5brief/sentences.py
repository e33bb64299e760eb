"""Sentence boundaries, by nltk's Punkt tokenizer with our own abbreviations.

Punkt normally learns abbreviations from a trained model that nltk downloads;
we give it a shipped list instead ("U.S. Secretary of State", "Nov. 4",
"Sept.", "Oct. 26" stay whole). It runs only while an index is built.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

ABBREVIATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "abbreviations.txt")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    with open(ABBREVIATIONS_FILE, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


def fingerprint() -> str:
    from c5brief.hashing import digest

    return digest(sorted(abbreviations()), size=6)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:  # nltk's PunktSentenceTokenizer, imported late
    from c5brief.analyze import nltk_without_scipy

    with nltk_without_scipy():
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    parameters.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(parameters)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`."""
    if not text.strip():
        return []
    return list(_tokenizer().span_tokenize(text))


def split_sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]
