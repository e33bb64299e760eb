"""Candidate statements for a brief: the sentences about the subject, each analysed once.

A sentence is about a country when the country (its names, people, places)
holds a fair share of what the sentence names, not when it is named in
passing: "Tokayev's remarks in Ashgabat" is about Kazakhstan. People weigh
more than places. A sentence that leans on the one before is shown with it
(verbatim, as one point) or not at all; "he" becomes "he [Name]" only when
one person was named just before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from c5brief.dates import FoundDate, find_dates
from c5brief.engines import Candidate as Scored
from c5brief.engines.scoring import LUCENE, Scoring, Statistics, score
from c5brief.gazetteer import Gazetteer
from c5brief.index.reader import SentenceRow
from c5brief.patterns import LazyPattern
from c5brief.specifics import Amount, Deal, amounts, deal_of, gazetteer_names, unlisted_names
from c5brief.statements import Statement, analyse

MIN_WORDS = 5
MAX_WORDS = 80  # with its lead
ABOUT_SHARE = 0.4  # of the weighted mentions in a sentence, the subject's share for it to be "about" the subject
MAX_CANDIDATES = 4000  # the most recent and most specific are kept beyond this
RELEVANCE_SCORING = Scoring(LUCENE, k1=1.5, b=0.75)  # rank-bm25's k1 and b, over the candidates
_KIND_WEIGHT = {"@person:": 2.0, "@country:": 1.5, "@place:": 1.0}
_ENDS = tuple('.!?…"”»\')')
_PRONOUN = LazyPattern(r"\b(he|she|He|She|он|она|Он|Она)\b")
# a cheap sign that a draft gives a date (the dates themselves are read only for statements that may be shown)
_YEARISH = LazyPattern(r"(?:19|20)\d\d")
_DATEISH = LazyPattern(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|\b(?:19|20)\d\d\b"
                      r"|\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
                      r"|day\b|четверг|понедельник|вторник|сред[ау]|пятниц|вчера|сегодня", re.I)


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
    complete: bool = False  # a draft has only its words, amounts and kind; `completed` analyses the rest
    dated: bool = False  # a draft that seems to give a date

    @property
    def specifics(self) -> int:
        dated = self.date is not None if self.complete else self.dated
        return len(self.amounts) + dated + min(2, len(self.names)) + (len(self.countries) > 1)


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


class Analysis(NamedTuple):
    """What completing a draft needs beyond the draft itself."""

    gazetteer: Gazetteer
    names_known: frozenset[str]
    anchors: Mapping[str, str]


def build(rows: Iterable[SentenceRow], gazetteer: Gazetteer, keep: set[int] | None = None,
          about: bool = True, anchors: Mapping[str, str] | None = None) -> tuple[list[Candidate], Analysis]:
    """Drafts of the rows that can stand as points (`keep`: only these paragraphs), and what completes them.

    `anchors`: for undated documents, a date to resolve "September 8" against (see inferred_anchor)."""
    rows = list(rows)
    # an outlet's own name ("Steppe Wire", "The Caspian Post") is not a party to anything
    names_known = gazetteer_names(gazetteer) | {r.source.lower() for r in rows}
    country_of = {c.tag: c.name for c in gazetteer.countries}
    drafts = []
    read: dict[str, tuple[tuple[Amount, ...], bool]] = {}  # a wire sentence copied by many outlets: read once
    for row in rows:
        if keep is not None and row.key not in keep:
            continue
        draft = _draft(row, country_of, about, read)
        if draft is not None:
            drafts.append(draft)
    return drafts, Analysis(gazetteer, names_known, anchors or {})


def _draft(row: SentenceRow, country_of: dict[str, str], about: bool,
           read: dict[str, tuple[tuple[Amount, ...], bool]]) -> Candidate | None:
    text = " ".join(row.text.split())
    if len(text.split()) < MIN_WORDS or not text.endswith(_ENDS):
        return None  # a fragment, a heading or a dateline
    if _opens_quotation(text) or _opens_quotation(row.before):
        return None  # half a quotation, or a sentence inside one: its speaker is not in it
    countries = tuple(country_of[t] for t, n in row.tags.items() if t in country_of and n > 0)
    statement = Statement("", None, None, None, None)  # its kind is read when its statement is ranked
    if text not in read:
        read[text] = (tuple(amounts(text)), bool(_DATEISH.search(text)))
    found, dated = read[text]
    return Candidate(row, statement, text, frozenset(row.terms), None, found, (), countries, None,
                     about=about, dated=dated)


def _opens_quotation(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    return text.count("“") > text.count("”") or text.count("«") > text.count("»") or text.count('"') % 2 == 1


def completed(draft: Candidate, analysis: Analysis,
              memo: dict[tuple[object, ...], Candidate | None] | None = None) -> Candidate | None:
    """The draft fully analysed (speaker, the sentence it leans on, dates, names, deal), or None when it
    cannot stand as a point. A wire story copied by many outlets is analysed once (`memo`)."""
    row = draft.row
    inferred = analysis.anchors.get(row.doc_id)
    key = (row.text, row.before, row.date, inferred, tuple(sorted(row.tags.items())))
    if memo is not None and key in memo:
        found = memo[key]
        return found._replace(row=row, words=draft.words, relevance=draft.relevance, about=draft.about) \
            if found else None
    result = _complete(draft, analysis, inferred)
    if memo is not None:
        memo[key] = result
    return result


def _complete(draft: Candidate, analysis: Analysis, inferred: str | None) -> Candidate | None:
    row, text = draft.row, draft.text
    statement = analyse(text, row.before, row.tags, analysis.gazetteer, kind=draft.statement.kind or None)
    if statement.lead == "":
        return None  # it leans on a sentence of another paragraph
    shown = text
    if statement.pronoun_name and not statement.lead:
        shown = _PRONOUN.sub(lambda m: f"{m.group(1)} [{statement.pronoun_name}]", text, count=1)
    if statement.lead:
        shown = " ".join(f"{statement.lead} {text}".split())
    if len(shown.split()) > MAX_WORDS:
        return None
    names = tuple(dict.fromkeys(unlisted_names(text, analysis.names_known)))
    context = statement.lead + " " + text if statement.lead else text
    dates = _dates(text, row.date, inferred) or (_dates(statement.lead, row.date, inferred) if statement.lead else [])
    deal = deal_of(context, statement.kind, list(draft.countries), list(names))
    return draft._replace(statement=statement, text=shown, date=dates[0].iso if dates else None,
                          amounts=tuple(amounts(shown)), names=names, deal=deal, complete=True)


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
    # without an anchor only dates with their year are found: a paragraph with no year has none
    stated = [d.iso for text in texts if _YEARISH.search(text) for d in find_dates(text, None)]
    if not stated:
        return None
    latest = max(stated)
    start = date.fromisoformat(latest if len(latest) == 10 else latest + "-01")
    return (start + timedelta(days=182)).isoformat()


def with_relevance(candidates: list[Candidate], profile: list[str]) -> list[Candidate]:
    """Each candidate's BM25 score against the subject's profile, scaled to 0..1.

    The candidates are the corpus here: Okapi with rank-bm25's k1 and b over their
    terms and tags, with Lucene's idf (the subject's own tag is in nearly every
    candidate, and rank-bm25's idf would all but drop it), computed by the engines'
    plain-Python formulas (equal to rank-bm25's scores, tested), because importing
    numpy for it cost a warm brief ~60 ms.
    """
    if not candidates or not profile:
        return candidates
    wanted = set(profile)
    scored, frequencies, total = [], dict.fromkeys(wanted, 0), 0
    for number, c in enumerate(candidates):
        bag = Counter(t for t in c.row.terms if t in wanted)
        for tag, n in c.row.tags.items():
            if tag in wanted:
                bag[tag] += max(n, 1)
        length = len(c.row.terms) + sum(max(n, 1) for n in c.row.tags.values())
        total += length
        for term in bag:
            frequencies[term] += 1
        scored.append(Scored(number, dict(bag), length, "body"))
    stats = Statistics(len(candidates), total / len(candidates), frequencies)
    scores = score(scored, [(t, 1.0) for t in profile], stats, RELEVANCE_SCORING, plain=True)
    top = max(scores) or 1.0
    return [c._replace(relevance=s / top) for c, s in zip(candidates, scores, strict=True)]


def bounded(candidates: list[Candidate]) -> list[Candidate]:
    """At most MAX_CANDIDATES, preferring the specific and the recent (a huge library's US brief)."""
    if len(candidates) <= MAX_CANDIDATES:
        return candidates
    ranked = sorted(candidates, key=lambda c: (c.specifics, c.row.date or "", -c.row.key), reverse=True)
    return sorted(ranked[:MAX_CANDIDATES], key=lambda c: c.row.sid)
