"""Turn text into index terms: one analyzer for documents and queries.

Tokens keep what analysts type: hyphenated names split into their parts
("Jackson-Vanik" and "Jackson Vanik" give the same terms), dotted acronyms stay
one token ("U.S." -> "u.s", which is not the stop word "us"), "C5+1" stays
whole, possessives lose their "'s", curly apostrophes match straight ones and
accents are folded. Words are stemmed with nltk's Snowball stemmer, which needs
no downloaded data. nltk is imported only when a word must actually be stemmed:
the index stores every corpus word's stem, so a warm query rarely needs it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

ANALYZER_VERSION = 2
STEMMER_NAME = "snowball-english"

# Dotted acronyms (u.s., u.k.), joined forms (c5+1), then words with inner
# apostrophes (kazakhstan's). Hyphens and other punctuation separate tokens.
TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:\+\w+)+|\w+(?:['\u2019\u02bc]\w+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
_STEMMABLE = re.compile(r"[a-z]+")
DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _read_word_list(name: str) -> frozenset[str]:
    # A plain path, not importlib.resources: that import costs ~8 ms on every run.
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        text = handle.read()
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English stop words, dropped from documents and queries alike."""
    return _read_word_list("stopwords.txt")


@lru_cache(maxsize=1)
def query_stopwords() -> frozenset[str]:
    """Words that shape a question but are not its subject; dropped from queries only."""
    return _read_word_list("query_stopwords.txt")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of everything that decides which terms a text yields.

    Stored with each index, so that a changed analyzer rebuilds the index instead
    of silently mismatching the queries.
    """
    from c5brief.hashing import digest

    return digest([str(ANALYZER_VERSION), STEMMER_NAME, TOKEN_RE.pattern, *sorted(stopwords())], size=8)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Normalise one token: lower case, straight apostrophes, no accents, no possessive."""
    if word == "US":
        return "u.s"  # in capitals it is the country ("US officials"), never the pronoun
    word = word.translate(_APOSTROPHES).lower()
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("'"):
        word = word[:-1]
    if word.endswith(".") and "." in word[:-1]:
        word = word[:-1]  # "u.s." -> "u.s"
    return word


def surface_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (folded word, start, end) for every token, with spans into `text`."""
    for match in TOKEN_RE.finditer(text):
        word = fold(match.group())
        if word:
            yield word, match.start(), match.end()


def count_forms(text: str, forms: Mapping[str, str]) -> dict[str, int]:
    """How often each term occurs in `text`, given the folded words (`forms`) that stand for it."""
    counts: dict[str, int] = {}
    get = forms.get
    for token in TOKEN_RE.findall(text):
        low = token.lower() if token != "US" else "u.s"
        term = get(low)
        # fold() only for the few tokens it changes beyond lower case (accents, apostrophes, "U.S.").
        if term is None and (not low.isascii() or "'" in low or low[-1] == "."):
            term = get(fold(token))
        if term is not None:
            counts[term] = counts.get(term, 0) + 1
    return counts


def is_content_word(word: str) -> bool:
    """True for a folded word that can be an index term."""
    if word in stopwords():
        return False
    return len(word) > 1 or word.isdigit()


@cache
def stem(word: str) -> str:
    """The index term for a folded content word."""
    if not _STEMMABLE.fullmatch(word):
        return word  # numbers, acronyms, other scripts: kept as they are
    stemmed: str = _snowball().stem(word)
    return stemmed


@lru_cache(maxsize=1)
def _snowball() -> Any:  # nltk.stem.SnowballStemmer, imported late: nltk costs ~300 ms
    with nltk_without_scipy():
        from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@contextmanager
def nltk_without_scipy() -> Iterator[None]:
    """Import nltk without scipy.

    nltk's package imports its collocation measures, which import scipy.stats
    when scipy is installed: 0.6 s of a 1 s import, for statistics c5brief never
    uses (nltk falls back when scipy is missing). Only nltk's import is kept
    from it; scipy itself stays importable.
    """
    import importlib.abc
    import sys

    class WithoutScipy(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any, target: Any = None) -> None:
            if name == "scipy" or name.startswith("scipy."):
                raise ImportError(f"{name} is left out while nltk is imported")

    if "nltk" in sys.modules or "scipy" in sys.modules:
        yield
        return
    finder = WithoutScipy()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def content_words(text: str) -> list[str]:
    """The folded content words of `text`, in order."""
    return [word for word, _, _ in surface_tokens(text) if is_content_word(word)]


def analyze(text: str) -> list[str]:
    """The index terms of a document passage, in order."""
    return [stem(word) for word in content_words(text)]


def typed_words(text: str) -> Iterator[tuple[str, str]]:
    """(as typed, folded) for every token of `text`."""
    for match in TOKEN_RE.finditer(text):
        word = fold(match.group())
        if word:
            yield match.group(), word
