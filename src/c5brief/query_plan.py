"""Turn a question into search terms: stems, gazetteer expansion, spelling fixes.

A name the gazetteer knows, in any spelling or script ("Tokaev", "Kirghizia",
"Астана"), becomes the tag of its entity, which the index attaches to every
spelling of it. A word the corpus has never seen and whose stem it lacks is
corrected to the closest word it does know ("Vanick" -> "vanik"), if one is
close enough; the caller tells the user.
"""

from __future__ import annotations

from typing import NamedTuple

from c5brief import analyze
from c5brief.index.reader import Index

MAX_ALIAS_TERMS = 6  # the longest name the index tags: gazetteer.MAX_ALIAS_TERMS
SIMILARITY = 0.8  # difflib ratio a correction must reach


class QueryTerm(NamedTuple):
    term: str  # a stem, or an entity tag such as "@person:KZ:kassym-jomart-tokayev"
    typed: tuple[str, ...]  # the words of the question it stands for, as typed


class QueryPlan(NamedTuple):
    terms: tuple[QueryTerm, ...]
    corrections: tuple[tuple[str, str], ...]  # (as typed, searched instead)
    expansions: tuple[tuple[str, str], ...]  # (as typed, tag)


def plan(index: Index, words: list[tuple[str, str]]) -> QueryPlan:
    """Search terms for the (as typed, folded) content words of a question."""
    folded = [f for _, f in words]
    known = index.vocabulary(folded)
    corrections = []
    stems = []
    for (typed, word) in words:
        if word in known:
            stems.append(known[word])
            continue
        stem = analyze.stem(word)
        if not index.has_term(stem) and (fixed := _closest(index, word)):
            corrections.append((typed, fixed[0]))
            stem = fixed[1]
        stems.append(stem)
    return _expand([typed for typed, _ in words], stems, index, tuple(corrections))


def _closest(index: Index, word: str) -> tuple[str, str] | None:
    """The known word most like `word`, with its term, if any is close enough."""
    if len(word) < 4 or not word.isalpha():
        return None
    import difflib

    candidates = index.similar_words(word)
    best = difflib.get_close_matches(word, list(candidates), n=1, cutoff=SIMILARITY)
    return (best[0], candidates[best[0]]) if best else None


def _expand(typed: list[str], stems: list[str], index: Index,
            corrections: tuple[tuple[str, str], ...]) -> QueryPlan:
    keys = {" ".join(stems[i:j]) for i in range(len(stems))
            for j in range(i + 1, min(i + MAX_ALIAS_TERMS, len(stems)) + 1)}
    aliases = index.aliases(sorted(keys))
    terms: list[QueryTerm] = []
    expansions: list[tuple[str, str]] = []
    position = 0
    while position < len(stems):
        for end in range(min(position + MAX_ALIAS_TERMS, len(stems)), position, -1):
            tags = [t for t in aliases.get(" ".join(stems[position:end]), []) if not t.startswith("@topic:")]
            if tags:
                words = tuple(typed[position:end])
                terms.extend(QueryTerm(tag, words) for tag in tags)
                expansions.extend((" ".join(words), tag) for tag in tags)
                position = end
                break
        else:
            terms.append(QueryTerm(stems[position], (typed[position],)))
            position += 1
    unique = list({t.term: t for t in terms}.values())
    return QueryPlan(tuple(unique), corrections, tuple(expansions))
