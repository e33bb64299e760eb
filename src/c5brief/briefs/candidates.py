"""Candidate statements for a brief: the sentences about the subject, each analysed once.

A sentence is about a country when the country (its names, people, places)
holds a fair share of what the sentence names, not when it is named in
passing: "Tokayev's remarks in Ashgabat" is about Kazakhstan. People weigh
more than places. A sentence that leans on the one before is shown with it
(verbatim, as one point) or not at all; "he" becomes "he [Name]" only when
one person was named just before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from c5brief import analyze
from c5brief.dates import FoundDate, find_dates
from c5brief.gazetteer import Gazetteer
from c5brief.index.reader import SentenceRow
from c5brief.specifics import Amount, Deal, amounts, deal_of, gazetteer_names, unlisted_names
from c5brief.statements import Statement, analyse

MIN_WORDS = 5
MAX_WORDS = 80  # with its lead
ABOUT_SHARE = 0.4  # of the weighted mentions in a sentence, the subject's share for it to be "about" the subject
MAX_CANDIDATES = 4000  # the most recent and most specific are kept beyond this
_KIND_WEIGHT = {"@person:": 2.0, "@country:": 1.5, "@place:": 1.0}
_ENDS = tuple('.!?…"”»\')')
_PRONOUN = re.compile(r"\b(he|she|He|She|он|она|Он|Она)\b")


class Candidate(NamedTuple):
    row: SentenceRow
    statement: Statement
    text: str  # as the brief shows it: lead + sentence, insertions in brackets
    words: frozenset[str]  # index terms, for telling repeats apart
    date: str | None  # the date of what it reports
    amounts: tuple[Amount, ...]
    names: tuple[str, ...]  # names the gazetteer does not list
    countries: tuple[str, ...]  # country names it names
    deal: Deal | None
    relevance: float = 0.0  # 0..1, against the subject's profile
    about: bool = True  # False: only a fallback, so a topic the country has is not left out

    @property
    def specifics(self) -> int:
        return len(self.amounts) + (self.date is not None) + min(2, len(self.names)) + (len(self.countries) > 1)


def mention_weights(tags: dict[str, int], background: frozenset[str] = frozenset()) -> dict[str, float]:
    """Each country's weighted mentions in a sentence (people > countries > places; inherited ones half).

    `background`: countries whose mentions count half, the summit's "+1" in a sentence on one of the
    five ("Trump said Uzbekistan would buy $40 billion of American goods" is about Uzbekistan)."""
    weights: dict[str, float] = {}
    for tag, count in tags.items():
        prefix, _, rest = tag.partition(":")
        weight = _KIND_WEIGHT.get(prefix + ":")
        if weight is None:
            continue
        iso = rest.split(":", 1)[0]
        value = weight * (count if count else 0.5) * (0.5 if iso in background else 1.0)
        weights[iso] = weights.get(iso, 0.0) + value
    return weights


def share_of(tags: dict[str, int], country: str, background: frozenset[str] = frozenset()) -> float:
    """A country's (ISO code's) share of the weighted mentions in a sentence."""
    weights = mention_weights(tags, background - {country})
    total = sum(weights.values())
    return weights.get(country, 0.0) / total if total else 0.0


def is_about(tags: dict[str, int], country: str, background: frozenset[str] = frozenset()) -> bool:
    """The country holds a fair share of what the sentence names, or more than any other country."""
    weights = mention_weights(tags, background - {country})
    total = sum(weights.values())
    own = weights.get(country, 0.0)
    return bool(total) and (own / total >= ABOUT_SHARE or own >= max(weights.values()))


def build(rows: Iterable[SentenceRow], gazetteer: Gazetteer, keep: set[int] | None = None,
          about: bool = True, anchors: dict[str, str] | None = None) -> list[Candidate]:
    """The rows that can stand as points, analysed (`keep`: only these paragraphs).

    `anchors`: for undated documents, a date to resolve "September 8" against (see inferred_anchor)."""
    anchors = anchors or {}
    rows = list(rows)
    # an outlet's own name ("Steppe Wire", "The Caspian Post") is not a party to anything
    names_known = gazetteer_names(gazetteer) | {r.source.lower() for r in rows}
    country_of = {c.tag: c.name for c in gazetteer.countries}
    found = []
    analysed: dict[tuple[str, str, str | None, str | None, tuple[tuple[str, int], ...]], Candidate | None] = {}
    for row in rows:
        if keep is not None and row.key not in keep:
            continue
        # a wire story copied by many outlets is analysed once
        key = (row.text, row.before, row.date, anchors.get(row.doc_id), tuple(sorted(row.tags.items())))
        if key not in analysed:
            analysed[key] = _candidate(row, gazetteer, names_known, country_of, about, anchors.get(row.doc_id))
        candidate = analysed[key]
        if candidate is not None:
            found.append(candidate._replace(row=row, words=frozenset(row.terms)))
    return found


def _candidate(row: SentenceRow, gazetteer: Gazetteer, names_known: frozenset[str], country_of: dict[str, str],
               about: bool, inferred: str | None) -> Candidate | None:
    text = " ".join(row.text.split())
    if len(text.split()) < MIN_WORDS or not text.endswith(_ENDS):
        return None  # a fragment, a heading or a dateline
    if text.count("“") > text.count("”") or text.count("«") > text.count("»"):
        return None  # a quotation that goes on in the next sentence: half a statement
    statement = analyse(text, row.before, row.tags, gazetteer)
    if statement.lead == "":
        return None  # it leans on a sentence of another paragraph
    shown = text
    if statement.pronoun_name and not statement.lead:
        shown = _PRONOUN.sub(lambda m: f"{m.group(1)} [{statement.pronoun_name}]", text, count=1)
    if statement.lead:
        shown = " ".join(f"{statement.lead} {text}".split())
    if len(shown.split()) > MAX_WORDS:
        return None
    names = tuple(dict.fromkeys(unlisted_names(text, names_known)))
    countries = tuple(country_of[t] for t, n in row.tags.items() if t in country_of and n > 0)
    money = tuple(amounts(shown))
    context = statement.lead + " " + text if statement.lead else text
    dates = _dates(text, row.date, inferred) or (_dates(statement.lead, row.date, inferred) if statement.lead else [])
    deal = deal_of(context, statement.kind, list(countries), list(names))
    return Candidate(row, statement, shown, frozenset(row.terms), dates[0].iso if dates else None, money, names,
                     countries, deal, about=about)


def _dates(text: str, own: str | None, inferred: str | None) -> list[FoundDate]:
    if own and len(own) == 10:
        return find_dates(text, own)
    if inferred:  # only what the text spells out: "Thursday" against a guessed date would be a guess
        return [d for d in find_dates(text, inferred) if any(ch.isdigit() for ch in d.text)]
    return find_dates(text, None)


def inferred_anchor(texts: Iterable[str]) -> str | None:
    """For an undated article: a date that puts "September 8" in the year after the latest date it states.

    An article is written after the latest date it gives; a year-less date is taken as the first such
    day on or after that date, so the anchor handed to find_dates (which takes the nearest year) sits
    half a year later."""
    stated = [d.iso for text in texts for d in find_dates(text, None)]
    if not stated:
        return None
    latest = max(stated)
    start = date.fromisoformat(latest if len(latest) == 10 else latest + "-01")
    return (start + timedelta(days=182)).isoformat()


def with_relevance(candidates: list[Candidate], profile: list[str]) -> list[Candidate]:
    """Each candidate's BM25 score against the subject's profile, scaled to 0..1."""
    if not candidates or not profile:
        return candidates
    from c5brief.engines.scoring import floored_okapi

    documents = [list(c.row.terms) + [t for t, n in c.row.tags.items() for _ in range(max(n, 1))]
                 for c in candidates]
    scores = floored_okapi()(documents).get_scores(profile)
    top = max(scores) or 1.0
    return [c._replace(relevance=float(s) / top) for c, s in zip(candidates, scores, strict=True)]


def bounded(candidates: list[Candidate]) -> list[Candidate]:
    """At most MAX_CANDIDATES, preferring the specific and the recent (a huge library's US brief)."""
    if len(candidates) <= MAX_CANDIDATES:
        return candidates
    ranked = sorted(candidates, key=lambda c: (c.specifics, c.row.date or "", -c.row.key), reverse=True)
    return sorted(ranked[:MAX_CANDIDATES], key=lambda c: c.row.sid)


def language(text: str) -> str:
    return analyze.language(text)


def log_outlets(count: int) -> float:
    return math.log2(1 + count)
