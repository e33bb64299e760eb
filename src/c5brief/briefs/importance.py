"""One statement however many outlets report it, and how much it matters.

Reworded reports of one statement are found by the overlap of their rarer
words (weighted Jaccard) or by reporting the same deal (the same amount, or
the same unlisted company with the same instrument). Importance is measured,
not keyword-driven: the outlets that report it, whether it is an outcome, how
recent it is against the coverage, and the specifics it carries.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from c5brief.briefs.candidates import Analysis, Candidate, completed
from c5brief.statements import CLAIM, FORECAST, OUTCOME, REPORT, kind_of

RARE_LIMIT = 60
ANALYSED_REPORTS = 4  # of one statement's reports, the best placed are read in full
SAME_STATEMENT = 0.45  # weighted word overlap at which two sentences report the same thing
KIND_WEIGHT = {OUTCOME: 1.0, REPORT: 0.4, CLAIM: 0.3, FORECAST: 0.2}
MAX_CITATIONS = 5  # reports cited for one statement, one per outlet
_KIND_ORDER = {CLAIM: 0, OUTCOME: 1, REPORT: 2, FORECAST: 3}  # which member speaks for a merged statement


class Merged(NamedTuple):
    """A statement and every report of it, the best-placed report first."""

    members: tuple[Candidate, ...]
    importance: float

    @property
    def lead(self) -> Candidate:
        return self.members[0]

    @property
    def kind(self) -> str:
        return self.lead.statement.kind

    @property
    def outlets(self) -> int:
        return len({m.row.source for m in self.members})

    @property
    def citations(self) -> tuple[str, ...]:
        """The best-placed report of each outlet, at most MAX_CITATIONS: a story retold by 300 outlets
        is traceable by a few, and "reported by N outlets" still counts them all."""
        cited: dict[str, str] = {}
        for m in self.members:
            if m.row.source not in cited:
                cited[m.row.source] = f"{m.row.doc_id}.p{m.row.paragraph_number}"
                if len(cited) == MAX_CITATIONS:
                    break
        return tuple(cited.values())

    @property
    def date(self) -> str | None:
        return next((m.date for m in self.members if m.date), None)


def merge(drafts: Sequence[Candidate], analysis: Analysis, top: int) -> list[Merged]:
    """Drafts grouped into statements, the `top` most important fully analysed, most important first.

    Grouping and a first ranking need only words, amounts and the kind of each sentence; speakers, leads,
    dates and deals are read for the statements that may be shown (a large library's US brief has
    thousands of drafts, and a few hundred statements at most are ever shown)."""
    span = _date_span(drafts)
    groups = [_ranked_reports(g) for g in _groups(drafts)]
    groups.sort(key=lambda g: (-_importance(g, span), g[0].row.sid))
    memo: dict[tuple[object, ...], Candidate | None] = {}
    merged = []
    for members in groups[:top]:
        # the first reports are read in full (the one shown, and quotes, dates and deals from the next);
        # the others are cited as they are
        full = [c for c in (completed(m, analysis, memo) for m in members[:ANALYSED_REPORTS]) if c is not None]
        if full:
            ordered = [*sorted(full, key=_spokesman), *members[ANALYSED_REPORTS:]]
            merged.append(Merged(tuple(ordered), _importance(ordered, span)))
    return sorted(merged, key=lambda m: (-m.importance, m.lead.row.sid))


def _ranked_reports(reports: list[Candidate]) -> list[Candidate]:
    """The reports of one statement, best placed first; the kind of the first few is read to place them."""
    reports = sorted(reports, key=lambda c: (-c.specifics, -c.relevance, c.row.sid))
    head = [c._replace(statement=c.statement._replace(kind=kind_of(c.text))) if not c.statement.kind else c
            for c in reports[:ANALYSED_REPORTS]]
    return [*sorted(head, key=_spokesman), *reports[ANALYSED_REPORTS:]]


def _spokesman(c: Candidate) -> tuple[int, int, float, tuple[int, int]]:
    # A claim speaks for its group (so it stays attributed), then an outcome; the specific and relevant first.
    return (_KIND_ORDER.get(c.statement.kind, 2), -c.specifics, -c.relevance, c.row.sid)


def _groups(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    """Reports of one statement together: the same sentence word for word first (wire copies), then rewordings."""
    copies: dict[str, list[Candidate]] = {}
    for c in candidates:
        copies.setdefault(" ".join(c.row.text.lower().split()), []).append(c)
    units = list(copies.values())
    reps = [unit[0] for unit in units]
    n = len(reps)
    frequency = Counter(t for c in reps for t in c.words)
    # a word in more sentences than this cannot tell which report is which (no statement has 60 outlets)
    rare_limit = max(5, min(RARE_LIMIT, n // 10))
    weight = {t: math.log(1 + n / f) for t, f in frequency.items()}
    total = [sum(weight[t] for t in c.words) for c in reps]
    keys = [_keys(c, frequency, rare_limit) for c in reps]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(keys):
        for key in own:
            postings[key].append(i)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, c in enumerate(reps):
        shared = Counter(j for key in keys[i] for j in postings[key] if j > i)
        for j, count in shared.items():
            other = reps[j]
            if count < 2 and (not c.amounts or not other.amounts):
                continue
            if c.row.key == other.row.key or root(i) == root(j):
                continue  # two sentences of one paragraph are two statements
            if (count >= 2 and _overlap(c, other, weight, total[i] + total[j]) >= SAME_STATEMENT) \
                    or _same_deal(c, other):
                parent[root(j)] = root(i)
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for i, unit in enumerate(units):
        groups[root(i)].extend(unit)
    return list(groups.values())


def _keys(c: Candidate, frequency: Counter[str], rare_limit: int) -> list[str]:
    keys = [t for t in c.words if frequency[t] <= rare_limit]
    keys += [f"#amount:{a.value:.0f}" for a in c.amounts]
    return keys


def _overlap(a: Candidate, b: Candidate, weight: dict[str, float], both: float) -> float:
    """Weighted Jaccard of two word sets; `both` is the sum of their weights."""
    shared = sum(weight[t] for t in a.words & b.words)
    union = both - shared
    return shared / union if union else 0.0


def _same_deal(a: Candidate, b: Candidate) -> bool:
    """Two outlets giving the same sum of money report the same deal."""
    if a.row.doc_id == b.row.doc_id or not a.amounts or not b.amounts:
        return False
    return bool({x.value for x in a.amounts if x.currency} & {x.value for x in b.amounts if x.currency})


def _date_span(candidates: Sequence[Candidate]) -> tuple[int, int] | None:
    days = [d for c in candidates if (d := _day(c.row.date)) is not None]
    return (min(days), max(days)) if days else None


def _day(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10] if len(iso) >= 10 else iso + "-01").toordinal()
    except ValueError:
        return None


def _importance(members: list[Candidate], span: tuple[int, int] | None) -> float:
    lead = members[0]
    outlets = len({m.row.source for m in members})
    recency = 0.5
    latest = max((d for m in members if (d := _day(m.row.date)) is not None), default=None)
    if span and latest is not None and span[1] > span[0]:
        recency = (latest - span[0]) / (span[1] - span[0])
    specifics = min(3, max(m.specifics for m in members)) / 3
    relevance = max(m.relevance for m in members)
    return (1.2 * math.log2(1 + outlets) + KIND_WEIGHT.get(lead.statement.kind, KIND_WEIGHT[REPORT]) + 0.5 * recency
            + 0.6 * specifics + 0.5 * relevance)
