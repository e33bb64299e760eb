"""Assemble per-country and per-topic briefs from the sentences that concern them.

A country's candidate sentences are those that mention it (by name, demonym,
capital, place or person, or by continuing a sentence that did). They are
ranked by rank-bm25 against the subject's profile (its tags plus the topics),
chosen by maximal marginal relevance so near-repeats give way to new facts,
merged when two sources report the same statement, and grouped under topic
headings (or, for a topic brief, under countries) within a word budget.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from c5brief.corpus import CorpusSpec, gazetteer, open_corpus
from c5brief.engines.rankbm25 import FlooredBM25Okapi
from c5brief.gazetteer import Country, Gazetteer, Topic
from c5brief.index import Index, SentenceRow
from c5brief.brief_models import Brief, Coverage, CoverageRow, Matrix, Point, Section, SourceRef

DEFAULT_LENGTH = 300  # words
THIN_PASSAGES = 3  # fewer passages than this and the brief says coverage is thin
MMR_LAMBDA = 0.7
DUPLICATE_SIMILARITY = 0.5  # word-set overlap at which two sentences say the same thing
OTHER_HEADING = "Other coverage"
REGIONAL_HEADING = "Regional and general"


@dataclass(frozen=True)
class _Candidate:
    row: SentenceRow
    score: float
    words: frozenset[str]


def country_brief(name: str, spec: CorpusSpec, length: int = DEFAULT_LENGTH) -> Brief:
    """The brief on one country: its leaders, its coverage, and what the corpus says of it."""
    gz = gazetteer(spec)
    country = gz.country(name)
    profile = list(country.tags) + [t.tag for t in gz.topics]
    with _index(spec) as (index, notes):
        tagged = index.tagged_paragraphs(list(country.tags))
        pids = set().union(*tagged.values())
        rows = index.sentences_mentioning(list(country.tags))
        leaders = tuple(f"{e.role} {e.name}" if e.role else e.name for e in country.leaders if tagged[e.tag])
        chosen = _select(rows, profile, length)
        sections = _group(chosen, lambda c: _topic_heading(c.row, gz), [t.name for t in gz.topics] + [OTHER_HEADING])
        return _brief(index, country.name, "country", country.full_name, leaders, pids, sections,
                      lambda text, row: _name_continuation(text, row, country, gz), notes)


def topic_brief(name: str, spec: CorpusSpec, length: int = DEFAULT_LENGTH) -> Brief:
    """The brief on one topic, grouped by the country each statement concerns."""
    gz = gazetteer(spec)
    topic = gz.topic(name)
    countries = sorted(gz.countries, key=_country_order)
    with _index(spec) as (index, notes):
        pids = index.tagged_paragraphs([topic.tag])[topic.tag]
        rows = index.sentences_mentioning([topic.tag])
        chosen = _select(rows, [topic.tag, *(t for c in countries for t in c.tags)], length)
        order = [c.name for c in countries] + [REGIONAL_HEADING]
        sections = _group(chosen, lambda c: _country_heading(c.row, countries), order)
        return _brief(index, topic.name, "topic", topic.name, (), pids, sections, lambda text, row: text, notes)


def country_coverage(spec: CorpusSpec) -> Coverage:
    gz = gazetteer(spec)
    with _index(spec) as (index, notes):
        rows = []
        for country in gz.countries:
            tagged = index.tagged_paragraphs(list(country.tags))
            pids = set().union(*tagged.values())
            leaders = ", ".join(e.name for e in country.leaders if tagged[e.tag])
            rows.append(CoverageRow(country.id, country.name, len(pids), _document_count(index, pids), leaders))
        return Coverage("countries", tuple(rows), tuple(notes))


def topic_coverage(spec: CorpusSpec) -> Coverage:
    gz = gazetteer(spec)
    with _index(spec) as (index, notes):
        tagged = index.tagged_paragraphs([t.tag for t in gz.topics])
        rows = tuple(CoverageRow(t.id, t.name, len(tagged[t.tag]), _document_count(index, tagged[t.tag]),
                                 ", ".join(t.keywords[:4])) for t in gz.topics)
        return Coverage("topics", rows, tuple(notes))


def coverage_matrix(spec: CorpusSpec, everything: bool = False) -> Matrix:
    """Passage counts of country x topic; by default the C5 and the United States."""
    gz = gazetteer(spec)
    countries = [c for c in gz.countries if everything or c.group in ("C5", "+1")]
    with _index(spec) as (index, notes):
        topic_pids = index.tagged_paragraphs([t.tag for t in gz.topics])
        counts = []
        for country in countries:
            pids = set().union(*index.tagged_paragraphs(list(country.tags)).values())
            counts.append(tuple(len(pids & topic_pids[t.tag]) for t in gz.topics))
        return Matrix(tuple(c.name for c in countries), tuple(t.id for t in gz.topics), tuple(counts), tuple(notes))


class _index:
    """Open the corpus index for one brief; rebuild once if it turns out damaged."""

    def __init__(self, spec: CorpusSpec):
        self.spec = spec

    def __enter__(self) -> tuple[Index, list[str]]:
        self.opened = open_corpus(self.spec)
        return self.opened.index, self.opened.notes

    def __exit__(self, kind, error, traceback) -> bool:
        self.opened.index.close()
        if isinstance(error, sqlite3.DatabaseError):
            open_corpus(self.spec, rebuild=True).index.close()
            from c5brief.errors import StorageError

            raise StorageError("the cached index was damaged and has been rebuilt; run the command again") from error
        return False


def _document_count(index: Index, pids: set[int]) -> int:
    return len(set(index.paragraph_documents(sorted(pids)).values()))


def _select(rows: Sequence[SentenceRow], profile: list[str], budget: int) -> list[tuple[_Candidate, list[str]]]:
    """Best sentences within the word budget, each with the paragraph ids that report it."""
    if not rows:
        return []
    documents = [list(row.terms) + [tag for tag, n in row.tags.items() for _ in range(max(n, 1))] for row in rows]
    scores = FlooredBM25Okapi(documents).get_scores(profile)
    top = max(scores) or 1.0
    pool = [_Candidate(row, score / top, frozenset(row.terms)) for row, score in zip(rows, scores)]
    chosen: list[tuple[_Candidate, list[str]]] = []
    words = 0
    while pool and words < budget:
        best = max(pool, key=lambda c: _marginal(c, chosen))
        pool.remove(best)
        if _merge_twin(best, chosen):
            continue
        size = len(best.row.text.split())
        if chosen and words + size > budget * 1.15:
            continue
        chosen.append((best, [_cite(best.row)]))
        words += size
    for other in pool:  # sources repeating a chosen statement are cited with it
        _merge_twin(other, chosen)
    return chosen


def _merge_twin(candidate: _Candidate, chosen: list[tuple[_Candidate, list[str]]]) -> bool:
    """Cite `candidate` with the chosen statement it repeats, if any; True if it repeats one."""
    twin = next((pair for pair in chosen if _similarity(candidate, pair[0]) >= DUPLICATE_SIMILARITY), None)
    if twin is None:
        return False
    if candidate.row.doc_id != twin[0].row.doc_id and _cite(candidate.row) not in twin[1]:
        twin[1].append(_cite(candidate.row))
    return True


def _marginal(candidate: _Candidate, chosen: list[tuple[_Candidate, list[str]]]) -> float:
    redundancy = max((_similarity(candidate, c) for c, _ in chosen), default=0.0)
    return MMR_LAMBDA * candidate.score - (1 - MMR_LAMBDA) * redundancy


def _similarity(a: _Candidate, b: _Candidate) -> float:
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / len(a.words | b.words)


def _cite(row: SentenceRow) -> str:
    return f"{row.doc_id}.p{row.paragraph_number}"


def _topic_heading(row: SentenceRow, gz: Gazetteer) -> str:
    topics = [(row.tags[t.tag], -i, t.name) for i, t in enumerate(gz.topics) if row.tags.get(t.tag)]
    return max(topics)[2] if topics else OTHER_HEADING


def _country_order(country: Country) -> int:
    return {"C5": 0, "+1": 1}.get(country.group, 2)


def _country_heading(row: SentenceRow, countries: Sequence[Country]) -> str:
    for country in countries:
        if any(row.tags.get(tag) for tag in country.tags):
            return country.name
    return REGIONAL_HEADING


def _group(chosen: list[tuple[_Candidate, list[str]]], heading: Callable[[_Candidate], str],
           order: list[str]) -> list[tuple[str, list[tuple[SentenceRow, list[str]]]]]:
    groups: dict[str, list[tuple[SentenceRow, list[str]]]] = {}
    for candidate, citations in chosen:
        groups.setdefault(heading(candidate), []).append((candidate.row, citations))
    return [(name, sorted(groups[name], key=lambda item: item[0].sid)) for name in order if name in groups]


def _brief(index: Index, subject: str, kind: str, title: str, leaders: tuple[str, ...], pids: set[int],
           groups, rewrite: Callable[[str, SentenceRow], str], notes: list[str]) -> Brief:
    cited = list(dict.fromkeys(c for _, items in groups for _, cites in items for c in cites))
    sections = tuple(Section(heading, tuple(Point(rewrite(_tidy(row.text), row), tuple(cites))
                                            for row, cites in items)) for heading, items in groups)
    documents = _document_count(index, pids)
    return Brief(subject, kind, title, leaders, len(pids), documents, len(pids) < THIN_PASSAGES,
                 sections, _sources(index, cited), tuple(notes))


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _sources(index: Index, cited: list[str]) -> tuple[SourceRef, ...]:
    documents = index.documents(list({c.rsplit(".p", 1)[0] for c in cited}))
    refs = []
    for pid in cited:
        doc_id, number = pid.rsplit(".p", 1)
        doc = documents[doc_id]
        refs.append(SourceRef(pid, doc_id, int(number), doc.title, doc.date, doc.source, doc.url))
    return tuple(refs)


def _name_continuation(text: str, row: SentenceRow, country: Country, gz: Gazetteer) -> str:
    """Name the subject of a sentence that only continues it: 'he [Kassym-Jomart Tokayev] may ...'."""
    own = [tag for tag in country.tags if row.tags.get(tag, 0) > 0]
    inherited = [tag for tag in country.tags if tag in row.tags and row.tags[tag] == 0]
    if own or not inherited:
        return text
    people = [gz.entity(tag) for tag in inherited if tag.startswith("@person:")]
    name = people[0].name if people and people[0] else country.name
    words = "|".join(re.escape(w) for w in sorted(gz.continuation_words | gz.pronouns, key=len, reverse=True))
    return re.sub(rf"\b({words})\b", lambda m: f"{m.group(1)} [{name}]", text, count=1, flags=re.I)
