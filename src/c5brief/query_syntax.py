"""The query language of `ask`: "exact phrases", -exclusions and OR; everything else is a bag of words.

    rare earth Kazakhstan          words: ranked by BM25, a passage needs any of them
    "rare earth" -Italy            the phrase must occur; passages naming Italy are left out
    tungsten OR "rare earth"       at least one of the two must occur
    -"Middle Corridor"             leave out passages with the phrase

A minus counts only at the start of a word ("Jackson-Vanik" is one name), OR
only in capitals and between two clauses. Quotes may be straight or curly,
or « » and „ “.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from c5brief import analyze
from c5brief.errors import QueryError

_PHRASE = re.compile(r'(?P<neg>(?<!\S)-)?["\u201c\u201e\u00ab](?P<text>[^"\u201c\u201d\u00bb]*)(?:["\u201d\u00bb]|$)')


class Clause(NamedTuple):
    text: str  # as typed
    words: tuple[tuple[str, str], ...]  # content words (as typed, folded), repeats kept
    phrase: bool
    negated: bool


class ParsedQuery(NamedTuple):
    clauses: tuple[Clause, ...]
    groups: tuple[tuple[int, ...], ...]  # positive clauses joined by OR (indexes into clauses)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]


def parse(text: str, *, literal: bool = False) -> ParsedQuery:
    """The clauses of a query and the OR groups among them; `literal`: words only, no syntax."""
    clauses: list[Clause] = []
    joins: list[bool] = []  # joins[i]: clause i is joined by OR to the clause before it
    if literal:
        clauses = [Clause(raw, words, False, False) for raw in text.split()
                   if (words := tuple(_content(raw, question=True)))]
        if not clauses:
            raise QueryError(f"nothing to search for in {text!r}: it has only stop words or punctuation")
        return ParsedQuery(tuple(clauses), tuple((i,) for i in range(len(clauses))))
    pending_or = False
    position = 0
    for match in _PHRASE.finditer(text):
        pending_or = _words(text[position:match.start()], clauses, joins, pending_or)
        words = tuple(_content(match["text"], question=False))
        if words:
            clauses.append(Clause(match["text"], words, True, bool(match["neg"])))
            joins.append(pending_or and not match["neg"])
        pending_or = False
        position = match.end()
    _words(text[position:], clauses, joins, pending_or)
    if not any(not c.negated for c in clauses):
        if clauses:
            raise QueryError(f"{text!r} only leaves things out: give at least one word or phrase to look for")
        raise QueryError(f"nothing to search for in {text!r}: it has only stop words or punctuation")
    return ParsedQuery(tuple(clauses), _groups(clauses, joins))


def _words(text: str, clauses: list[Clause], joins: list[bool], pending_or: bool) -> bool:
    """Word clauses of a stretch without quotes; returns whether it ends on an OR."""
    for raw in text.split():
        if raw == "OR":
            pending_or = bool(clauses)
            continue
        negated = raw.startswith("-") and len(raw) > 1 and raw[1].isalnum()
        words = tuple(_content(raw[1:] if negated else raw, question=not negated))
        if words:
            clauses.append(Clause(raw, words, False, negated))
            joins.append(pending_or and not negated)
        pending_or = False
    return pending_or


def _content(text: str, *, question: bool) -> list[tuple[str, str]]:
    """Content words, repeats kept; question words ("what", "tell") are dropped outside phrases."""
    extra = analyze.query_stopwords() if question else frozenset()
    found = []
    for typed, word in analyze.typed_words(text):
        if analyze.is_content_word(word) and word not in extra:
            found.append((typed, word))
    return found


def _groups(clauses: list[Clause], joins: list[bool]) -> tuple[tuple[int, ...], ...]:
    groups: list[list[int]] = []
    for index, (clause, joined) in enumerate(zip(clauses, joins, strict=True)):
        if clause.negated:
            continue
        if joined and groups:
            groups[-1].append(index)
        else:
            groups.append([index])
    return tuple(tuple(g) for g in groups)
