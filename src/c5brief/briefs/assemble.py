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
from collections.abc import Callable, Sequence
from typing import NamedTuple

from c5brief import analyze
from c5brief.briefs.models import Brief, Point, Section
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus
from c5brief.engines.scoring import floored_okapi
from c5brief.gazetteer import Country, Gazetteer
from c5brief.index.reader import Index, SentenceRow
from c5brief.models import Citation

DEFAULT_LENGTH = 300  # words
THIN_PASSAGES = 3  # fewer passages than this and the brief says coverage is thin
MMR_LAMBDA = 0.7
DUPLICATE_SIMILARITY = 0.5  # word-set overlap at which two sentences say the same thing
OTHER_HEADING = "Other coverage"
REGIONAL_HEADING = "Regional and general"


class _Candidate(NamedTuple):
    row: SentenceRow
    score: float
    words: frozenset[str]


def country_brief(name: str, spec: CorpusSpec, length: int = DEFAULT_LENGTH) -> Brief:
    """The brief on one country: its leaders, its coverage, and what the corpus says of it."""
    gz = gazetteer(spec)
    country = gz.country(name)
    profile = list(country.tags) + [t.tag for t in gz.topics]

    def assemble(corpus: Corpus) -> Brief:
        index = corpus.index
        tagged = index.tagged_paragraphs(list(country.tags))
        pids = set().union(*tagged.values())
        rows = index.sentences_mentioning(list(country.tags))
        leaders = tuple(f"{e.role} {e.name}" if e.role else e.name for e in country.leaders if tagged[e.tag])
        chosen = _select(rows, profile, length)
        sections = _group(chosen, lambda c: _topic_heading(c.row, gz), [t.name for t in gz.topics] + [OTHER_HEADING])
        return _brief(index, country.name, "country", country.full_name, leaders, pids, sections,
                      lambda text, row: _name_continuation(text, row, country, gz), corpus.notes)

    return using_corpus(spec, assemble)


def topic_brief(name: str, spec: CorpusSpec, length: int = DEFAULT_LENGTH) -> Brief:
    """The brief on one topic, grouped by the country each statement concerns."""
    gz = gazetteer(spec)
    topic = gz.topic(name)
    countries = sorted(gz.countries, key=_country_order)

    def assemble(corpus: Corpus) -> Brief:
        index = corpus.index
        pids = index.tagged_paragraphs([topic.tag])[topic.tag]
        rows = index.sentences_mentioning([topic.tag])
        chosen = _select(rows, [topic.tag, *(t for c in countries for t in c.tags)], length)
        order = [c.name for c in countries] + [REGIONAL_HEADING]
        sections = _group(chosen, lambda c: _country_heading(c.row, countries), order)
        return _brief(index, topic.name, "topic", topic.name, (), pids, sections, lambda text, row: text,
                      corpus.notes)

    return using_corpus(spec, assemble)


def _select(rows: Sequence[SentenceRow], profile: list[str], budget: int) -> list[tuple[_Candidate, list[str]]]:
    """Best sentences within the word budget, each with the paragraph ids that report it."""
    if not rows:
        return []
    documents = [list(row.terms) + [tag for tag, n in row.tags.items() for _ in range(max(n, 1))] for row in rows]
    scores = floored_okapi()(documents).get_scores(profile)
    top = max(scores) or 1.0
    pool = [_Candidate(row, score / top, frozenset(row.terms)) for row, score in zip(rows, scores, strict=True)]
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


Groups = list[tuple[str, list[tuple[SentenceRow, list[str]]]]]  # heading -> (sentence, its citations)


def _group(chosen: list[tuple[_Candidate, list[str]]], heading: Callable[[_Candidate], str],
           order: list[str]) -> Groups:
    groups: dict[str, list[tuple[SentenceRow, list[str]]]] = {}
    for candidate, citations in chosen:
        groups.setdefault(heading(candidate), []).append((candidate.row, citations))
    return [(name, sorted(groups[name], key=lambda item: item[0].sid)) for name in order if name in groups]


def _brief(index: Index, subject: str, kind: str, title: str, leaders: tuple[str, ...], pids: set[int],
           groups: Groups, rewrite: Callable[[str, SentenceRow], str], notes: list[str]) -> Brief:
    cited = list(dict.fromkeys(c for _, items in groups for _, cites in items for c in cites))
    sections = tuple(Section(heading, tuple(Point(rewrite(_tidy(row.text), row), tuple(cites),
                                                  analyze.language(row.text))
                                            for row, cites in items)) for heading, items in groups)
    documents = index.document_count(pids)
    return Brief(subject, kind, title, leaders, len(pids), documents, len(pids) < THIN_PASSAGES,
                 sections, _sources(index, cited), tuple(notes))


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _sources(index: Index, cited: list[str]) -> tuple[Citation, ...]:
    documents = index.documents(list({c.rsplit(".p", 1)[0] for c in cited}))
    refs = []
    for pid in cited:
        doc_id, number = pid.rsplit(".p", 1)
        doc = documents[doc_id]
        refs.append(Citation(pid, doc_id, int(number), doc.title, doc.date, doc.source, doc.url))
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
