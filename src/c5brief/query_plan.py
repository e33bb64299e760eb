"""Turn a parsed question into search terms: stems, gazetteer expansion, spelling, constraints.

- The words as typed are searched, each as often as it is typed (BM25 counts a
  repeated query word again).
- A name the gazetteer knows, in any spelling or script ("Tokaev", "Kirghizia",
  "Астана"), also searches for its entity's tag, which the index attaches to
  every spelling of it, at a weight below the literal words: a name in another
  sense ("Chinese Remainder theorem") never outranks the literal match.
- A key term of the coverage ("summit", "critical minerals") also searches for
  its other language's words ("саммит", "критически важные минералы"), at the
  same lower weight: not translation, a bridge for the terms most asked about.
- A word no passage contains is corrected only when the question would
  otherwise find nothing, or when the correction is unambiguous (see
  `_unambiguous`); otherwise the caller suggests it ("did you mean ...").
- Phrases and OR groups become requirements and -words exclusions, which the
  index applies before ranking.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from c5brief import analyze
from c5brief.index.reader import Index
from c5brief.query_syntax import Clause, ParsedQuery

MAX_ALIAS_TERMS = 6  # the longest name the index tags: gazetteer.MAX_ALIAS_TERMS
MASK = "@mask"  # the tag of a masked name (gazetteer.MASK), not imported: the warm path reads no gazetteer
EXPANSION_WEIGHT = 0.5  # an entity's other spellings count half as much as the words typed
SIMILARITY = 0.8  # difflib ratio a suggestion must reach
# A correction is made unasked only for one candidate at edit distance 1, in at least this
# many paragraphs, for a lower-case word of at least this many letters.
SURE_FREQUENCY = 3
SURE_LENGTH = 5


class QueryTerm(NamedTuple):
    term: str  # a stem, or an entity tag such as "@person:KZ:kassym-jomart-tokayev"
    typed: tuple[str, ...]  # the words of the question it stands for, as typed
    weight: float = 1.0
    translation: str = ""  # the key term in the other language it comes from ("саммит" for "summit")


class QueryPlan(NamedTuple):
    terms: tuple[QueryTerm, ...]  # repeats kept: a word typed twice counts twice
    required: tuple[tuple[tuple[str, ...], ...], ...]  # groups, each of alternatives (term sequences)
    excluded: tuple[tuple[str, ...], ...]  # term sequences no result may contain
    corrections: tuple[tuple[str, str], ...]  # (as typed, searched instead)
    suggestions: tuple[tuple[str, str], ...]  # (as typed, a close word the corpus has)
    expansions: tuple[tuple[str, str], ...]  # (as typed, tag)

    def weighted(self) -> list[tuple[str, float]]:
        return [(t.term, t.weight) for t in self.terms]

    def content_words(self) -> list[str]:
        """The words typed, each once (for telling a full match from a partial one)."""
        return list(dict.fromkeys(w for t in self.terms if t.weight == 1.0 for w in t.typed))


def plan(index: Index, query: ParsedQuery) -> QueryPlan:
    """Search terms and constraints for a parsed question."""
    every = [w for clause in query.clauses for w in clause.words]
    known = index.vocabulary(list(dict.fromkeys(folded for _, folded in every)))
    stems = {folded: known.get(folded) or analyze.stem(folded) for _, folded in every}
    positive = query.positive
    terms, expansions = _positive_terms(index, positive, stems)
    matched = index.frequencies([t.term for t in terms])
    corrections, suggestions = [], []
    found_any = any(matched.get(t.term) for t in terms)
    for typed, folded in dict.fromkeys(w for clause in positive for w in clause.words):
        if matched.get(stems[folded]) or any(typed in t.typed and matched.get(t.term) for t in terms if t.weight < 1):
            continue
        candidate = _closest(index, folded)
        if candidate is None:
            continue
        if not _cyrillic(folded) and (not found_any or _unambiguous(index, typed, folded, candidate)):
            corrections.append((typed, candidate[0]))
            stems[folded] = candidate[1]
        else:
            suggestions.append((typed, candidate[0]))
    if corrections:
        terms, expansions = _positive_terms(index, positive, stems)
    required = tuple(tuple(tuple(stems[f] for _, f in query.clauses[i].words) for i in group)
                     for group in query.groups if any(query.clauses[i].phrase for i in group))
    excluded = tuple(tuple(stems[f] for _, f in c.words) for c in query.clauses if c.negated)
    return QueryPlan(tuple(terms), required, excluded, tuple(corrections), tuple(suggestions), tuple(expansions))


def _positive_terms(index: Index, clauses: list[Clause], stems: dict[str, str]
                    ) -> tuple[list[QueryTerm], list[tuple[str, str]]]:
    words = [w for clause in clauses for w in clause.words]
    typed = [t for t, _ in words]
    sequence = [stems[f] for _, f in words]
    terms = [QueryTerm(stem, (word,)) for word, stem in zip(typed, sequence, strict=True)]
    expansions: list[tuple[str, str]] = []
    aliases = index.aliases(_runs(sequence))
    for start, end, tags in _longest(sequence, lambda key: [t for t in aliases.get(key, [])
                                                            if not t.startswith("@topic:")]):
        span = tuple(typed[start:end])
        for tag in tags:
            if tag == MASK:  # "Astana Times" is an outlet: its words are searched, Astana is not expanded
                continue
            terms.append(QueryTerm(tag, span, EXPANSION_WEIGHT))
            expansions.append((" ".join(span), tag))
    translations = index.translations(_runs(sequence))
    for start, end, found in _longest(sequence, lambda key: translations.get(key, [])):
        span = tuple(typed[start:end])
        terms += [QueryTerm(t, span, weight, shown) for t, (weight, shown) in _translated(found, end - start).items()]
        expansions += [(" ".join(span), shown) for shown in dict.fromkeys(shown for _, shown in found)]
    return terms, expansions


def _translated(found: list[tuple[str, str]], span: int) -> dict[str, tuple[float, str]]:
    """The other language's terms of a run of `span` query words, with weights and the phrase each is from.

    Each translation is an alternative weighing what the run's other spellings would (half its
    words' weight), shared among its own words; a word two alternatives share counts once.
    """
    weights: dict[str, tuple[float, str]] = {}
    for other, shown in found:
        others = other.split()
        weight = EXPANSION_WEIGHT * span / len(others)
        for term in others:
            if weight > weights.get(term, (0.0, ""))[0]:
                weights[term] = (weight, shown)
    return weights


def _runs(stems: list[str]) -> list[str]:
    """Every run of up to MAX_ALIAS_TERMS query terms, space-joined."""
    return sorted({" ".join(stems[i:j]) for i in range(len(stems))
                   for j in range(i + 1, min(i + MAX_ALIAS_TERMS, len(stems)) + 1)})


Found = TypeVar("Found")


def _longest(stems: list[str], lookup: Callable[[str], list[Found]]) -> list[tuple[int, int, list[Found]]]:
    """The longest runs of query terms that `lookup` finds something for (a name's tags, a term's
    translations), left to right, with what it found."""
    found = []
    position = 0
    while position < len(stems):
        for end in range(min(position + MAX_ALIAS_TERMS, len(stems)), position, -1):
            hits = lookup(" ".join(stems[position:end]))
            if hits:
                found.append((position, end, hits))
                position = end
                break
        else:
            position += 1
    return found


def _closest(index: Index, word: str) -> tuple[str, str] | None:
    """The known word most like `word`, with its term, if any is close enough."""
    if len(word) < 4 or not word.isalpha():
        return None
    import difflib

    candidates = index.similar_words(word)
    best = difflib.get_close_matches(word, list(candidates), n=1, cutoff=SIMILARITY)
    return (best[0], candidates[best[0]]) if best else None


def _unambiguous(index: Index, typed: str, word: str, candidate: tuple[str, str]) -> bool:
    """A slip of the keyboard, not a name or a real word the corpus happens to lack.

    Names and shouting (Andrews, Stewart, POLICE) are taken as meant; so is any
    word the language's dictionary knows (cones, topography, begin), which is
    asked last because loading the dictionary takes a few tenths of a second.
    """
    if typed[:1].isupper() or len(word) < SURE_LENGTH:
        return False
    close = [w for w in index.similar_words(word) if edit_distance(w, word) == 1]
    if close != [candidate[0]]:
        return False
    if index.frequencies([candidate[1]]).get(candidate[1], 0) < SURE_FREQUENCY:
        return False
    return not known_word(word)


def known_word(word: str) -> bool:
    """Whether the dictionary of the word's language (English, or Russian for Cyrillic) has it."""
    return word in _dictionary("ru" if _cyrillic(word) else "en")


def _cyrillic(word: str) -> bool:
    """Russian, Kazakh, Kyrgyz or Tajik: inflected so richly that a word one letter away is mostly
    another form of the same word (встретится, встретился), so it is suggested, never substituted."""
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


@lru_cache(maxsize=2)
def _dictionary(language: str) -> Any:  # spellchecker.SpellChecker, which ships its word lists
    from spellchecker import SpellChecker

    return SpellChecker(language=language, distance=1)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of two neighbours counting as one edit."""
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]
