"""Answer a question with ranked, cited passages."""

from __future__ import annotations

from typing import NamedTuple

from c5brief import analyze
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus
from c5brief.engines import Candidate, Filters
from c5brief.engines.scoring import DEFAULT_B, DEFAULT_K1, Scoring, explain
from c5brief.errors import NotFound
from c5brief.index.reader import Index, Scored
from c5brief.lookup import parse_citation_id
from c5brief.models import BODY, CAPTION, Answer, Contribution, Hit
from c5brief.query_plan import QueryPlan, plan
from c5brief.query_syntax import ParsedQuery, parse

MAX_LIMIT = 1000
# Captions and related-article teasers are passages too, but slighter than body text: their
# scores are scaled down, so they answer only when they match clearly better.
KIND_WEIGHTS = {BODY: 1.0, CAPTION: 0.75}
OTHER_KIND_WEIGHT = 0.5
DEPTH_PER_RESULT = 10  # an engine that finds candidates by its own ranking is asked for this many per result
MIN_DEPTH = 50


class SearchOptions(NamedTuple):
    limit: int = 5
    variant: str = "okapi"
    k1: float | None = None
    b: float | None = None
    since: str | None = None
    until: str | None = None
    sources: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # names, as the gazetteer resolves them
    topics: tuple[str, ...] = ()
    explain: bool = False
    literal: bool = False  # the question is words only: quotes, minus signs and OR are not syntax
    languages: tuple[str, ...] = ()  # "en", "ru": passages in these only


def ask(question: str, spec: CorpusSpec, options: SearchOptions | None = None) -> Answer:
    """The passages that best answer `question`, best first.

    A damaged index found mid-query is rebuilt once.
    """
    options = options or SearchOptions()
    parsed = parse(question, literal=options.literal)
    tags = _filter_tags(spec, options) if options.countries or options.topics else ()

    def search(corpus: Corpus) -> tuple[Answer, list[str]]:
        return _answer(corpus.index, question, parsed, options, tags, corpus.notes), corpus.notes

    answer, notes = using_corpus(spec, search)
    known = gazetteer(spec) if answer.expansions else None
    names = {tag: (e.name if known and (e := known.entity(tag)) else tag) for _, tag in answer.expansions}
    expansions = tuple(dict.fromkeys((typed, names[tag]) for typed, tag in answer.expansions))
    hits = tuple(_named(hit, names) for hit in answer.hits) if options.explain else answer.hits
    return answer._replace(notes=tuple(notes), expansions=expansions, hits=hits)


def _named(hit: Hit, names: dict[str, str]) -> Hit:
    """The hit with each expansion's tag in its explanation said as the name it stands for."""
    explanation = tuple(c._replace(via=c.via.format(name=names.get(c.term, c.term))) for c in hit.explanation)
    return hit._replace(explanation=explanation)


def _filter_tags(spec: CorpusSpec, options: SearchOptions) -> tuple[tuple[str, ...], ...]:
    known = gazetteer(spec)
    groups = [known.country(name).tags for name in options.countries]
    groups += [(known.topic(name).tag,) for name in options.topics]
    return tuple(groups)


def _answer(index: Index, question: str, parsed: ParsedQuery, options: SearchOptions,
            tags: tuple[tuple[str, ...], ...], notes: list[str]) -> Answer:
    query = plan(index, parsed)
    scoring = Scoring(options.variant, DEFAULT_K1 if options.k1 is None else options.k1,
                      DEFAULT_B if options.b is None else options.b)
    filters = Filters(query.required, query.excluded, options.since, options.until,
                      tuple(s.lower() for s in options.sources), _documents(index, options.documents), tags,
                      options.languages)
    if (options.since or options.until) and (undated := index.undated()):
        notes.append(f"{undated} undated document{'s' if undated != 1 else ''} left out by --since/--until")
    limit = max(1, min(options.limit, MAX_LIMIT))
    ranked, frequencies = index.search(query.weighted(), depth=max(MIN_DEPTH, DEPTH_PER_RESULT * limit),
                                       scoring=scoring, filters=filters)
    weighed = [r._replace(score=r.score * KIND_WEIGHTS.get(r.kind, OTHER_KIND_WEIGHT)) for r in ranked]
    top = sorted(weighed, key=lambda r: (-r.score, r.key))[:limit]
    hits = _hits(index, top, query, frequencies, scoring, options.explain)
    matched_tags = {t.term for t in query.terms if t.weight < 1 and frequencies.get(t.term)}
    unmatched = [word for t in query.terms if t.weight == 1 and not frequencies.get(t.term) for word in t.typed
                 if not any(word in m.typed and m.term in matched_tags for m in query.terms)]
    return Answer(
        query=question,
        hits=hits,
        query_words=tuple(query.content_words()),
        unmatched_words=tuple(dict.fromkeys(unmatched)),
        highlight_words=_highlight_words(index, hits, query),
        corrections=query.corrections,
        suggestions=query.suggestions,
        expansions=query.expansions,
    )


def _documents(index: Index, citation_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The documents that --doc ids (or prefixes of them, or paragraph ids) name."""
    found: list[str] = []
    for citation_id in citation_ids:
        ids = index.document_ids(parse_citation_id(citation_id)[0])
        if not ids:
            raise NotFound(f"no document with id {citation_id!r} (see `c5brief sources`)")
        found += ids
    return tuple(dict.fromkeys(found))


def _hits(index: Index, top: list[Scored], query: QueryPlan, frequencies: dict[str, int], scoring: Scoring,
          explaining: bool) -> tuple[Hit, ...]:
    paragraphs = index.paragraphs([r.key for r in top])
    documents = index.documents(list({p.doc_id for p in paragraphs.values()}))
    words = query.content_words()
    stats = index.statistics(list(frequencies)) if explaining else None
    hits: list[Hit] = []
    for result in top:
        paragraph = paragraphs.get(result.key)
        if paragraph is None:  # an engine ahead of its segment after a crash: the next build mends it
            continue
        matched = tuple(dict.fromkeys(w for t in query.terms if t.term in result.matched for w in t.typed))
        partial = len(words) > 1 and len([w for w in words if w in matched]) * 2 <= len(words)
        explanation: tuple[Contribution, ...] = ()
        if stats is not None:
            frequencies_here = {t: result.frequencies.get(t, 0) for t in result.matched}
            candidate = Candidate(result.key, frequencies_here, result.length, result.kind)
            explanation = tuple(c._replace(via=_via(c.term, query)) for c in explain(candidate, query.weighted(),
                                                                                       stats, scoring))
        hits.append(Hit(len(hits) + 1, round(result.score, 4), paragraph, documents[paragraph.doc_id], matched,
                        partial, explanation))
    return tuple(hits)


def _via(term: str, query: QueryPlan) -> str:
    """How the question reached `term`: a gazetteer name ({name} is filled in later) or a correction."""
    typed = ", ".join(dict.fromkeys(w for t in query.terms if t.term == term for w in t.typed))
    if term.startswith("@"):
        return f"{typed}, any spelling of {{name}}"
    if shown := next((t.translation for t in query.terms if t.term == term and t.translation), ""):
        return f"{typed}, as {shown}"
    if fixed := [was for was, now in query.corrections if now == term]:
        return f"corrected from {', '.join(fixed)}"
    return ""


def _highlight_words(index: Index, hits: tuple[Hit, ...], query: QueryPlan) -> frozenset[str]:
    """The folded words, as they appear in the hits, that match a query term or name."""
    terms = {t.term for t in query.terms if not t.term.startswith("@")}
    terms |= index.alias_terms([t.term for t in query.terms if t.term.startswith("@")])
    words = {w for hit in hits for w, _, _ in analyze.surface_tokens(hit.paragraph.text)}
    vocabulary = index.terms_of_corpus_words(sorted(words))
    return frozenset(word for word, term in vocabulary.items() if term in terms)
