"""Assemble country, topic and any-subject briefs: outcomes first, attributed, dated, cited.

The candidate statements about the subject (briefs.candidates) are merged
across outlets and ranked by importance (briefs.importance). The most
important become the key points; the rest fill topic sections (or, for a
topic, country sections) within the word budget.
Forecasts and plans
follow the results in each section, marked as expected. Timeline, deals and
quotes are compact lists with their own caps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from c5brief import analyze
from c5brief.briefs import candidates as cands
from c5brief.briefs.candidates import Candidate
from c5brief.briefs.importance import MAX_CITATIONS, Merged, merge
from c5brief.briefs.models import Brief, DealRow, Point, Quote, Section, TimelineEntry
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus
from c5brief.errors import InputError
from c5brief.gazetteer import Country, Gazetteer
from c5brief.index.reader import Index, SentenceRow

if TYPE_CHECKING:
    from c5brief.query_plan import QueryPlan
from c5brief.models import Citation, DocumentInfo
from c5brief.statements import FORECAST, full_name

DEFAULT_LENGTH = 300  # words, for key points and sections
THIN_PASSAGES = 3  # fewer passages than this and the brief says coverage is thin
KEY_POINTS = (3, 5)  # at least, at most
MAX_POINT_WORDS = 80  # a fuller form (a sentence with the one leaning on it) is taken up to this length
SPREAD_LENGTH = 600  # from this length on, every topic the subject has gets a statement first
EXPECTED_SHARE = 0.25  # of the sections' budget, kept for the most important forecasts and plans
TIMELINE_CAP = 12
DEALS_CAP = 10
QUOTES_CAP = 6
ENTITIES_CAP = 10
ENTITY_MIN_DOCUMENTS = 2
MAX_SENTENCES = 8000  # read for a brief, the latest added: a huge library's US brief stays bounded
TOP_STATEMENTS = 150  # statements fully analysed (speakers, dates, deals) for a brief; more for long ones
SUBJECT_PARAGRAPHS = 400  # paragraphs searched for an any-subject brief
OTHER_HEADING = "Other coverage"
REGIONAL_HEADING = "Regional and general"


def country_brief(name: str, spec: CorpusSpec, length: int = DEFAULT_LENGTH) -> Brief:
    """The brief on one country: its leaders, its coverage, and what the corpus says of it."""
    gz = gazetteer(spec)
    country = gz.country(name)
    profile = list(country.tags) + [t.tag for t in gz.topics]

    def assemble(corpus: Corpus) -> Brief:
        index = corpus.index
        tagged = index.tagged_paragraphs(list(country.tags))
        pids = set().union(*tagged.values())
        background = _partners(gz)
        rows = [r for r in index.sentences_mentioning(list(country.tags), MAX_SENTENCES)
                if cands.is_about(r.tags, country.id, background)]
        drafts, analysis = cands.build(rows, gz, anchors=_anchors(index, rows))
        pool = cands.with_relevance(cands.bounded(drafts), profile)
        fallback = _topic_fallback(index, gz, pids, pool)
        leaders = tuple(f"{e.role} {e.name}" if e.role else e.name for e in country.leaders if tagged[e.tag])
        return _brief(index, analysis, pool, fallback, length, pids, corpus.notes,
                      subject=country.name, kind="country", title=country.full_name, leaders=leaders,
                      heading=lambda c: _topic_heading(c, gz),
                      order=[t.name for t in gz.topics] + [OTHER_HEADING])

    return using_corpus(spec, assemble)


def topic_brief(name: str, spec: CorpusSpec, length: int = DEFAULT_LENGTH) -> Brief:
    """The brief on one topic, grouped by the country each statement concerns.

    A name that is not a gazetteer topic gets a brief on those words (subject_brief)."""
    gz = gazetteer(spec)
    try:
        topic = gz.topic_named(name)
    except InputError as error:
        return subject_brief(name, spec, length, note=_not_a_topic(name, error))
    countries = sorted(gz.countries, key=_country_order)

    def assemble(corpus: Corpus) -> Brief:
        index = corpus.index
        pids = index.tagged_paragraphs([topic.tag])[topic.tag]
        rows = index.sentences_mentioning([topic.tag], MAX_SENTENCES)
        profile = [topic.tag, *(t for c in countries for t in c.tags)]
        drafts, analysis = cands.build(rows, gz, anchors=_anchors(index, rows))
        pool = cands.with_relevance(cands.bounded(drafts), profile)
        return _brief(index, analysis, pool, [], length, pids, corpus.notes,
                      subject=topic.name, kind="topic", title=topic.name, leaders=(),
                      heading=lambda c: _country_heading(c, countries, gz),
                      order=[c.name for c in countries] + [REGIONAL_HEADING])

    return using_corpus(spec, assemble)


def subject_brief(words: str, spec: CorpusSpec, length: int = DEFAULT_LENGTH, note: str | None = None) -> Brief:
    """A brief on any words ("tungsten", "Abraham Accords"): the statements that use them, by importance."""
    from c5brief.engines.scoring import DEFAULT_SCORING
    from c5brief.query_plan import plan
    from c5brief.query_syntax import parse

    gz = gazetteer(spec)
    countries = sorted(gz.countries, key=_country_order)

    def assemble(corpus: Corpus) -> Brief:
        index = corpus.index
        query = plan(index, parse(words, literal=True))
        ranked, _ = index.search(query.weighted(), depth=SUBJECT_PARAGRAPHS, scoring=DEFAULT_SCORING)
        keys = [r.key for r in ranked if r.score > 0]
        rows = [r for r in index.sentences_in(keys) if _uses(r.terms, r.tags, query)]
        pids = {r.key for r in rows}
        drafts, analysis = cands.build(rows, gz, anchors=_anchors(index, rows))
        pool = cands.with_relevance(drafts, [t.term for t in query.terms])
        notes = [*corpus.notes, *([note] if note else [])]
        return _brief(index, analysis, pool, [], length, pids, notes,
                      subject=words, kind="subject", title=words, leaders=(),
                      heading=lambda c: _country_heading(c, countries, gz),
                      order=[c.name for c in countries] + [REGIONAL_HEADING])

    return using_corpus(spec, assemble)


def _anchors(index: Index, rows: Sequence[SentenceRow]) -> Mapping[str, str]:
    """For each undated document among the rows, the date its year-less dates are resolved against."""
    return _InferredAnchors(index, frozenset(r.doc_id for r in rows if not r.date))


class _InferredAnchors(Mapping[str, str]):
    """Read when asked: only the documents of statements that may be shown are ever read in full."""

    def __init__(self, index: Index, undated: frozenset[str]) -> None:
        self.index, self.undated = index, undated
        self.found: dict[str, str | None] = {}

    def __getitem__(self, doc_id: str) -> str:
        if doc_id not in self.undated:
            raise KeyError(doc_id)
        if doc_id not in self.found:
            self.found[doc_id] = cands.inferred_anchor(p.text for p in self.index.paragraphs_of(doc_id))
        anchor = self.found[doc_id]
        if anchor is None:
            raise KeyError(doc_id)
        return anchor

    def __iter__(self) -> Iterator[str]:
        return iter(self.undated)

    def __len__(self) -> int:
        return len(self.undated)


def _uses(terms: Sequence[str], tags: dict[str, int], query: QueryPlan) -> bool:
    """The sentence has at least half the words typed (each in any form the query plan allows)."""
    present = set(terms) | {t for t, n in tags.items() if n > 0}
    typed = {w for t in query.terms for w in t.typed}
    found = {w for t in query.terms if t.term in present for w in t.typed}
    return bool(typed) and len(found) * 2 >= len(typed)


def _not_a_topic(name: str, error: InputError) -> str:
    message = str(error)
    close = message[message.index("did you mean"):] if "did you mean" in message else ""
    return f"{name!r} is not a gazetteer topic, so this brief is on those words" + (f"; {close}" if close else "")


def _topic_fallback(index: Index, gz: Gazetteer, pids: set[int], pool: list[Candidate]) -> list[Candidate]:
    """For each topic the country's paragraphs mention but no candidate covers, its sentences there."""
    covered = {_topic_heading(c, gz) for c in pool}
    missing = [t.tag for t in gz.topics if t.name not in covered]
    if not missing or not pids:
        return []
    keys = set().union(*index.tagged_paragraphs(missing).values()) & pids  # the country's paragraphs only
    rows = [r for r in index.sentences_in(sorted(keys)[-MAX_SENTENCES:]) if any(t in r.tags for t in missing)]
    return cands.build(rows, gz, about=False)[0]


def _brief(index: Index, analysis: cands.Analysis, pool: list[Candidate], fallback: list[Candidate], length: int,
           pids: set[int], notes: list[str], *, subject: str, kind: str, title: str, leaders: tuple[str, ...],
           heading: Callable[[Candidate], str], order: list[str]) -> Brief:
    top = max(TOP_STATEMENTS, length // 3)
    statements = merge(pool, analysis, top)
    key, sections = _choose(statements, merge(fallback, analysis, top), length, heading, order)
    timeline = _timeline(statements)
    deals = _deals(statements)
    quotes = _quotes(statements, index)
    cited = list(dict.fromkeys(c for p in (*key, *(p for s in sections for p in s.points)) for c in p.citations))
    extra: list[tuple[str, ...]] = [e.citations for e in timeline] + [d.citations for d in deals]
    extra += [q.citations for q in quotes]
    cited += [c for citations in extra for c in citations if c not in cited]
    documents = _documents_of(index, pids)
    dates = sorted(d.date for d in documents.values() if d.date)
    return Brief(subject, kind, title, leaders, len(pids), len(documents), len(pids) < THIN_PASSAGES,
                 tuple(sections), _sources(index, cited), tuple(notes), key_points=tuple(key),
                 timeline=timeline, deals=deals, quotes=quotes, entities=_entities(statements),
                 outlets=len({d.source or d.id for d in documents.values()}),
                 first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None)


def _choose(statements: list[Merged], fallback: list[Merged], length: int, heading: Callable[[Candidate], str],
            order: list[str]) -> tuple[list[Point], list[Section]]:
    """Key points, then sections within the budget: topics not yet covered first, then by importance.

    A statement that another shows with the sentence leaning on it is taken in that fuller form, so the
    sentence that leans on it is not lost ("... a business forum was held" after "During a visit ...")."""
    wanted = min(KEY_POINTS[1], KEY_POINTS[0] + max(0, length - 300) // 200)
    fuller = _fuller_forms(statements)
    key = _Picked(length / 2)
    for m in statements:
        if len(key.items) >= wanted:
            break
        if m.kind != FORECAST and not key.add(fuller.get(id(m), m)) and key.items:
            break
    rest = _Picked(length * 1.1 - key.words, key)
    covered = {heading(m.lead) for m in key.items}
    spread = [*statements, *fallback] if length >= SPREAD_LENGTH else []
    for m in spread:  # at a large length, one statement for each topic before any topic gets a second
        head = heading(m.lead)
        if head not in covered and head != OTHER_HEADING and rest.words + _size(m) <= (length - key.words) * 0.8 \
                and rest.add(fuller.get(id(m), m)):
            covered.add(head)
    expected = [m for m in statements if m.kind == FORECAST]
    for m in expected:  # what is expected has a share of its own: a result never crowds it out entirely
        if rest.words + _size(m) <= (length - key.words) * EXPECTED_SHARE:
            rest.add(fuller.get(id(m), m))
    for m in statements:
        rest.add(fuller.get(id(m), m))
    chosen: dict[str, list[Merged]] = {}
    for m in sorted(rest.items, key=lambda m: (m.kind == FORECAST, -m.importance)):  # forecasts after results
        chosen.setdefault(heading(m.lead), []).append(m)
    sections = [Section(h, tuple(_point(m) for m in chosen[h])) for h in order if h in chosen]
    return [_point(m) for m in key.items], sections


def _fuller_forms(statements: list[Merged]) -> dict[int, Merged]:
    """For a statement whose sentence another shows as its lead, that other statement."""
    by_paragraph: dict[int, list[Merged]] = {}
    for m in statements:
        by_paragraph.setdefault(m.lead.row.key, []).append(m)
    fuller: dict[int, Merged] = {}
    for group in by_paragraph.values():
        for m in group:
            longer = [o for o in group if o is not m and _repeats(o, m) and _size(o) <= MAX_POINT_WORDS]
            if longer:
                fuller[id(m)] = max(longer, key=_size)
    return fuller


class _Picked:
    """Statements picked within a word budget; one that shows another's sentence again takes its place."""

    def __init__(self, budget: float, before: _Picked | None = None) -> None:
        self.budget = budget
        self.items: list[Merged] = []
        self.words = 0
        self.before = before

    def add(self, m: Merged) -> bool:
        if self.before and (self.before.holds(m) or any(_repeats(m, o) for o in self.before.items)):
            return False  # the key points are settled: a section never shows one of their sentences again
        if self.holds(m):
            return False
        replaced = [o for o in self.items if _repeats(m, o)]
        size = _size(m) - sum(_size(o) for o in replaced)
        if self.words + size > self.budget:
            return False
        self.items = [o for o in self.items if o not in replaced] + [m]
        self.words += size
        return True

    def holds(self, m: Merged) -> bool:
        return any(o is m or _repeats(o, m) for o in self.items)


def _repeats(a: Merged, b: Merged) -> bool:
    """`a` shows `b`'s sentence within its own (a sentence shown with the one it leans on)."""
    return a.lead.row.key == b.lead.row.key and b.lead.text in a.lead.text


def _size(m: Merged) -> int:
    return len(m.lead.text.split())


def _point(m: Merged) -> Point:
    lead = m.lead
    return Point(lead.text, m.citations, analyze.language(lead.text), m.date, lead.statement.speaker,
                 lead.statement.kind, m.outlets)


def _timeline(statements: list[Merged]) -> tuple[TimelineEntry, ...]:
    dated = [m for m in statements if m.date and m.kind != FORECAST][:TIMELINE_CAP]  # events, not expectations
    entries = [TimelineEntry(m.date or "", m.lead.text, m.citations, analyze.language(m.lead.text)) for m in dated]
    return tuple(sorted(entries, key=lambda e: e.date))


def _deals(statements: list[Merged]) -> tuple[DealRow, ...]:
    """One row per deal: statements reporting the same amount, or the same instrument with the same firm
    (one of them giving no amount), are one deal, citing at most MAX_CITATIONS of their reports."""
    rows: list[DealRow] = []
    identities: list[tuple[str, float | None, frozenset[str]]] = []
    for m in statements:
        member = next((c for c in m.members if c.deal), None)
        if member is None or member.deal is None:
            continue
        deal = member.deal
        identity = (deal.instrument, deal.amount.value if deal.amount else None, frozenset(member.names))
        same = next((i for i, other in enumerate(identities) if _same_deal(identity, other)), None)
        if same is not None:
            cited = tuple(dict.fromkeys((*rows[same].citations, *m.citations)))[:MAX_CITATIONS]
            rows[same] = rows[same]._replace(citations=cited)
            continue
        if len(rows) >= DEALS_CAP:
            continue
        identities.append(identity)
        amount = deal.amount
        rows.append(DealRow(deal.parties, deal.instrument, amount.text if amount else None,
                            amount.currency if amount else None, m.date or m.lead.row.date, deal.status,
                            member.text, m.citations, analyze.language(member.text)))
    return tuple(rows)


def _same_deal(a: tuple[str, float | None, frozenset[str]], b: tuple[str, float | None, frozenset[str]]) -> bool:
    if a[1] is not None and b[1] is not None:
        return a[1] == b[1]
    return a[0] == b[0] and bool(a[2] & b[2])


def _quotes(statements: list[Merged], index: Index) -> tuple[Quote, ...]:
    quotes = []
    for m in statements:
        member = next((c for c in m.members if c.statement.quote and c.statement.speaker), None)
        if member is None:
            continue
        speaker = member.statement.speaker or ""
        if " " not in speaker:  # "Dzhuraev said": the article named him in full before
            speaker = full_name(speaker, [p.text for p in index.paragraphs_of(member.row.doc_id)])
        quote = member.statement.quote or ""
        citation = f"{member.row.doc_id}.p{member.row.paragraph_number}"
        quotes.append(Quote(speaker, quote, (citation,), analyze.language(quote)))
        if len(quotes) >= QUOTES_CAP:
            break
    return tuple(quotes)


def _entities(statements: list[Merged]) -> tuple[str, ...]:
    documents: dict[str, set[str]] = {}
    for m in statements:
        for c in m.members:
            for name in c.names:
                documents.setdefault(name, set()).add(c.row.doc_id)
    counts = Counter({name: len(docs) for name, docs in documents.items() if len(docs) >= ENTITY_MIN_DOCUMENTS})
    return tuple(name for name, _ in counts.most_common(ENTITIES_CAP))


def _topic_heading(c: Candidate, gz: Gazetteer) -> str:
    topics = [(c.row.tags[t.tag], -i, t.name) for i, t in enumerate(gz.topics) if c.row.tags.get(t.tag)]
    return max(topics)[2] if topics else OTHER_HEADING


def _partners(gz: Gazetteer) -> frozenset[str]:
    """The summit's "+1": background in a sentence on one of the five."""
    return frozenset(c.id for c in gz.countries if c.group == "+1")


def _country_order(country: Country) -> int:
    return {"C5": 0, "+1": 1}.get(country.group, 2)


def _country_heading(c: Candidate, countries: Sequence[Country], gz: Gazetteer) -> str:
    shares = [(cands.share_of(c.row.tags, country.id, _partners(gz)), -i, country.name)
              for i, country in enumerate(countries)]
    best = max(shares)
    return best[2] if best[0] > 0 else REGIONAL_HEADING


def _documents_of(index: Index, pids: set[int]) -> dict[str, DocumentInfo]:
    ids = sorted(set(index.paragraph_documents(sorted(pids)).values()))
    return index.documents(ids)


def _sources(index: Index, cited: list[str]) -> tuple[Citation, ...]:
    documents = index.documents(list({c.rsplit(".p", 1)[0] for c in cited}))
    refs = []
    for pid in cited:
        doc_id, number = pid.rsplit(".p", 1)
        doc = documents[doc_id]
        refs.append(Citation(pid, doc_id, int(number), doc.title, doc.date, doc.source, doc.url))
    return tuple(refs)
