"""Turn text into index terms: one analyzer for documents and queries.

Tokens keep what analysts type: hyphenated names split into their parts
("Jackson-Vanik" and "Jackson Vanik" give the same terms), dotted acronyms stay
one token ("U.S." -> "u.s", which is not the stop word "us"), "C5+1" stays
whole, possessives lose their "'s", curly apostrophes match straight ones and
accents are folded. Words are stemmed with nltk's Snowball stemmer, which needs
no downloaded data. nltk is imported only when a word must actually be stemmed:
the index stores every corpus word's stem, so a warm query rarely needs it.

Each word is analysed in the language of its script: Latin words as English,
Cyrillic ones as Russian (Russian Snowball stems, a shipped Russian stop-word
list, ё as е). The Kazakh, Kyrgyz, Uzbek and Tajik letters Russian lacks (қ ғ ң
ө ү ұ һ ә і ў ҳ ҷ ӣ ӯ) are folded to the Russian letters they are transliterated
with, for matching only; texts are shown as written. A word that mixes the two
scripts (a Latin "K" in "Kазахстан", a Cyrillic "С" in "С5+1") is read in the
script most of its letters are in.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

ANALYZER_VERSION = 3
STEMMER_NAME = "snowball-english+russian"

# Dotted acronyms (u.s., u.k.), joined forms (c5+1), then words with inner
# apostrophes (kazakhstan's). Hyphens and other punctuation separate tokens.
TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:\+\w+)+|\w+(?:['\u2019\u02bc]\w+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
_ENGLISH = re.compile(r"[a-z]+")
_RUSSIAN = re.compile(r"[а-я]+")  # after folding: ё is е
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z]")
# Kazakh, Kyrgyz, Uzbek, Tajik (and Ukrainian) letters -> the Russian letter they are read as.
_CYRILLIC_FOLD = str.maketrans({"ё": "е", "қ": "к", "ғ": "г", "ң": "н", "ө": "о", "ү": "у", "ұ": "у", "һ": "х",
                                "ә": "а", "і": "и", "ў": "у", "ҳ": "х", "ҷ": "ч", "ӣ": "и", "ӯ": "у", "ї": "и",
                                "є": "е", "ґ": "г"})
# Letters that look alike in the two scripts, for words typed in a mix of them.
_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES = "aceopxykmht", "асеорхукмнт"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
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
    """English and Russian stop words, dropped from documents and queries alike."""
    return _read_word_list("stopwords.txt") | {fold(w) for w in _read_word_list("stopwords_ru.txt")}


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

    return digest([str(ANALYZER_VERSION), STEMMER_NAME, TOKEN_RE.pattern, str(_CYRILLIC_FOLD), _LATIN_LOOKALIKES,
                   *sorted(stopwords()), *sorted(_read_word_list("stems_ru.txt"))], size=8)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Normalise one token: lower case, straight apostrophes, no accents, no possessive."""
    if word == "US":
        return "u.s"  # in capitals it is the country ("US officials"), never the pronoun
    word = word.translate(_APOSTROPHES).lower()
    if not word.isascii():
        word = _fold_script(word)
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("'"):
        word = word[:-1]
    if word.endswith(".") and "." in word[:-1]:
        word = word[:-1]  # "u.s." -> "u.s"
    return word


def _fold_script(word: str) -> str:
    """A non-ASCII word without accents; a Cyrillic one in Russian's alphabet (й kept, ё as е)."""
    if _CYRILLIC.search(word):
        letters = _LETTERS.findall(word)
        if any(ch.isdigit() for ch in word) and all(ch in _CYRILLIC_LOOKALIKES for ch in letters):
            return word.translate(_TO_LATIN)  # "С5+1" typed with a Cyrillic С is C5+1
        if _LATIN.search(word):
            word = word.translate(_TO_CYRILLIC if _cyrillic_at_heart(word, letters) else _TO_LATIN)
            if not _CYRILLIC.search(word):
                return _fold_script(word) if not word.isascii() else word
        word = unicodedata.normalize("NFC", word).translate(_CYRILLIC_FOLD)
        return "".join(ch for ch in word if not unicodedata.combining(ch))  # stress marks
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LETTERS = re.compile(r"[^\W\d_]")


def _cyrillic_at_heart(word: str, letters: list[str]) -> bool:
    """Whether a word of both scripts is Cyrillic: it has a Cyrillic letter Latin cannot stand for,
    or (every letter a look-alike) most of its letters are Cyrillic."""
    lowered = [ch.lower() for ch in letters]
    if any(_CYRILLIC.match(ch) and ch not in _CYRILLIC_LOOKALIKES for ch in lowered):
        return True
    if any(_LATIN.match(ch) and ch not in _LATIN_LOOKALIKES for ch in lowered):
        return False
    return sum(1 for ch in lowered if _CYRILLIC.match(ch)) * 2 >= len(lowered)


def language(text: str) -> str:
    """"ru" when more of the text's words are Cyrillic than Latin, else "en"."""
    if not _CYRILLIC.search(text):
        return "en"  # no Cyrillic word: the count below would say so, token by token (most of a build's reading)
    cyrillic = latin = 0
    for match in TOKEN_RE.finditer(text):
        if _CYRILLIC.search(match.group()):
            cyrillic += 1
        elif _LATIN.search(match.group()):
            latin += 1
    return "ru" if cyrillic > latin else "en"


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
    if _ENGLISH.fullmatch(word):
        stemmed: str = _snowball("english").stem(word)
    elif _RUSSIAN.fullmatch(word):
        stemmed = _russian_stem(word)
    else:
        return word  # numbers, acronyms, other scripts: kept as they are
    return stemmed


def _russian_stem(word: str) -> str:
    """Snowball's stem, unless it cuts into a word Russian stems keep whole.

    Snowball reads the end of many nouns and names as an ending: саммит -> самм but
    саммита -> саммит, Токаев -> тока but Токаева -> токаев, визит -> виз (as виза).
    For the words in stems_ru.txt every form keeps the whole word as its stem.
    """
    stemmed: str = _snowball("russian").stem(word)
    for kept in _kept_stems().get(word[:4], ()):
        if word.startswith(kept) and len(stemmed) < len(kept):
            return kept
    return stemmed


@lru_cache(maxsize=1)
def _kept_stems() -> dict[str, tuple[str, ...]]:
    """The words of stems_ru.txt by their first four letters, longest first."""
    by_start: dict[str, list[str]] = {}
    for word in sorted(_read_word_list("stems_ru.txt"), key=len, reverse=True):
        by_start.setdefault(fold(word)[:4], []).append(fold(word))
    return {start: tuple(words) for start, words in by_start.items()}


@lru_cache(maxsize=2)
def _snowball(language: str) -> Any:  # nltk.stem.SnowballStemmer, imported late: nltk costs ~300 ms
    with nltk_without_scipy():
        from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(language)


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
