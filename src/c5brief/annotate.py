"""Annotate a passage for the index: terms, tagged mentions and sentences.

Mentions of gazetteer entities and topics become tags ("@country:KZ",
"@topic:water") beside the words, so a name in any spelling is found by every
other spelling, and briefs know which sentences concern which country. A
sentence that names nobody but continues the previous one ("He may also ...")
inherits that sentence's people and places.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from c5brief import analyze
from c5brief.gazetteer import find_tags
from c5brief.sentences import sentence_spans

_SUBJECT_KINDS = ("@person:", "@country:", "@place:")


@dataclass(frozen=True)
class AnnotatedSentence:
    start: int
    end: int
    terms: tuple[str, ...]
    tags: dict[str, int]  # tag -> mentions


@dataclass(frozen=True)
class AnnotatedPassage:
    words: tuple[str, ...]  # folded content words, for the vocabulary
    terms: tuple[str, ...]
    tags: dict[str, int]
    sentences: tuple[AnnotatedSentence, ...]


def annotate(text: str, tag_table: dict, continuation_words: frozenset[str],
             pronouns: frozenset[str]) -> AnnotatedPassage:
    tokens = [(w, s) for w, s, _ in analyze.surface_tokens(text) if analyze.is_content_word(w)]
    words = tuple(w for w, _ in tokens)
    terms = tuple(analyze.stem(w) for w in words)
    matches = find_tags(terms, tag_table)
    tags = Counter(tag for _, _, found in matches for tag in found)
    sentences = _sentences(text, tokens, terms, matches, continuation_words, pronouns)
    return AnnotatedPassage(words, terms, dict(tags), sentences)


def _sentences(text, tokens, terms, matches, continuation_words, pronouns) -> tuple[AnnotatedSentence, ...]:
    spans = sentence_spans(text)
    owner = [_sentence_at(spans, start) for _, start in tokens]
    sentences = []
    previous: dict[str, int] = {}
    for number, (start, end) in enumerate(spans):
        own_terms = tuple(t for t, o in zip(terms, owner) if o == number)
        tags = Counter(tag for first, _, found in matches if owner[first] == number for tag in found)
        if _continues(text[start:end], tags, continuation_words, pronouns):
            tags.update({t: 1 for t in previous if t.startswith(_SUBJECT_KINDS) and t not in tags})
        sentences.append(AnnotatedSentence(start, end, own_terms, dict(tags)))
        previous = dict(tags)
    return tuple(sentences)


def _sentence_at(spans: list[tuple[int, int]], position: int) -> int:
    for number, (start, end) in enumerate(spans):
        if start <= position < end:
            return number
    return len(spans) - 1


def _continues(sentence: str, tags: Counter, continuation_words: frozenset[str], pronouns: frozenset[str]) -> bool:
    if any(tag.startswith(("@person:", "@country:")) for tag in tags):
        return False
    words = [w for w, _, _ in analyze.surface_tokens(sentence)]
    return bool(words) and (words[0] in continuation_words or any(w in pronouns for w in words))
