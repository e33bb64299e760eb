"""Annotate a passage for the index: terms, tagged mentions and sentences.

Mentions of gazetteer entities and topics become tags ("@country:KZ",
"@topic:water") beside the words, so a name in any spelling is found by every
other spelling, and briefs know which sentences concern which country. A
sentence that names nobody but continues the previous one ("He may also ...")
inherits that sentence's people and places.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from c5brief import analyze
from c5brief.gazetteer import Gazetteer, TagMatch, TagTable, find_tags
from c5brief.sentences import sentence_spans

_SUBJECT_KINDS = ("@person:", "@country:", "@place:")


class AnnotatedSentence(NamedTuple):
    start: int
    end: int
    terms: tuple[str, ...]
    tags: dict[str, int]  # tag -> mentions


class AnnotatedPassage(NamedTuple):
    words: tuple[str, ...]  # folded content words, for the vocabulary
    terms: tuple[str, ...]
    tags: dict[str, int]
    sentences: tuple[AnnotatedSentence, ...]  # every sentence; none when the passage names nothing


def annotate(text: str, tag_table: TagTable, gazetteer: Gazetteer) -> AnnotatedPassage:
    every = list(analyze.surface_tokens(text))
    tokens = [(w, s) for w, s, _ in every if analyze.is_content_word(w)]
    words = tuple(w for w, _ in tokens)
    terms = tuple(map(analyze.stem, words))
    matches = find_tags(terms, tag_table)
    tags = Counter(tag for _, _, found in matches for tag in found)
    # A passage that names nothing has no sentence that does (nor one to inherit from): none is kept,
    # so its sentences are not looked for (most of a large library's passages).
    sentences = _sentences(text, every, tokens, terms, matches, gazetteer) if matches else ()
    return AnnotatedPassage(words, terms, dict(tags), sentences)


def with_heading(passage: AnnotatedPassage, heading: AnnotatedPassage) -> AnnotatedPassage:
    """A passage whose terms include its document's headline (its sentences stay its own)."""
    tags = Counter(passage.tags)
    tags.update(heading.tags)
    return AnnotatedPassage(heading.words + passage.words, heading.terms + passage.terms, dict(tags),
                            passage.sentences)


def _sentences(text: str, every: list[tuple[str, int, int]], tokens: list[tuple[str, int]], terms: tuple[str, ...],
               matches: list[TagMatch], gazetteer: Gazetteer) -> tuple[AnnotatedSentence, ...]:
    spans = sentence_spans(text)
    if not spans:
        return ()
    starts = [start for start, _ in spans]
    # Each token, and each name found, goes to its sentence in one pass.
    own_terms: list[list[str]] = [[] for _ in spans]
    for (_, start), term in zip(tokens, terms, strict=True):
        own_terms[_sentence_at(starts, start)].append(term)
    own_words: list[list[str]] = [[] for _ in spans]
    for word, start, _ in every:
        own_words[_sentence_at(starts, start)].append(word)
    named: list[Counter[str]] = [Counter() for _ in spans]
    for first, _, found in matches:
        named[_sentence_at(starts, tokens[first][1])].update(found)
    sentences = []
    previous: dict[str, int] = {}
    for number, (start, end) in enumerate(spans):
        tags, words = named[number], own_words[number]
        # Inherited mentions are stored with a count of 0, so a brief can tell
        # "He may also ..." from a sentence that names its subject.
        if _continues(words, tags, gazetteer):
            _inherit(tags, previous, _SUBJECT_KINDS)
        if not any(t.startswith("@topic:") for t in tags) and gazetteer.reference_words.intersection(words):
            _inherit(tags, previous, ("@topic:",))  # "... subject to similar restrictions."
        sentences.append(AnnotatedSentence(start, end, tuple(own_terms[number]), dict(tags)))
        previous = dict(tags)
    return tuple(sentences)


def _sentence_at(starts: list[int], position: int) -> int:
    """The sentence a character offset falls in (text between sentences goes with the one before)."""
    return max(0, bisect_right(starts, position) - 1)


def _continues(words: list[str], tags: Counter[str], gazetteer: Gazetteer) -> bool:
    """'He was due to meet U.S. lawmakers ...' continues; so does '..., he may frame ...' naming nobody."""
    if not words:
        return False
    if words[0] in gazetteer.continuation_words:
        return True
    names_someone = any(tag.startswith("@person:") for tag in tags)
    return not names_someone and any(w in gazetteer.pronouns for w in words)


def _inherit(tags: Counter[str], previous: dict[str, int], kinds: tuple[str, ...]) -> None:
    for tag in previous:
        if tag.startswith(kinds) and tag not in tags:
            tags[tag] = 0
