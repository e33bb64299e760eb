"""Answer a question with ranked, cited passages."""

from __future__ import annotations

from typing import NamedTuple

from c5brief import analyze
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus
from c5brief.engines.scoring import DEFAULT_B, DEFAULT_K1, Scoring
from c5brief.errors import QueryError
from c5brief.index.reader import Index, Scored
from c5brief.models import BODY, Answer, Hit
from c5brief.query_plan import QueryPlan, plan

MAX_LIMIT = 1000


class SearchOptions(NamedTuple):
    limit: int = 5
    variant: str = "okapi"
    k1: float | None = None
    b: float | None = None


def ask(question: str, spec: CorpusSpec, options: SearchOptions | None = None) -> Answer:
    """The passages that best answer `question`, best first.

    Captions and related-article teasers are returned only when no body
    passage matches. A damaged index found mid-query is rebuilt once.
    """
    options = options or SearchOptions()
    words = analyze.query_words(question)
    if not words:
        raise QueryError(f"nothing to search for in {question!r}: it has only stop words or punctuation")

    def search(corpus: Corpus) -> tuple[Answer, list[str]]:
        return _answer(corpus.index, question, words, options), corpus.notes

    answer, notes = using_corpus(spec, search)
    known = gazetteer(spec) if answer.expansions else None
    names = {tag: (e.name if known and (e := known.entity(tag)) else tag) for _, tag in answer.expansions}
    expansions = tuple((typed, names[tag]) for typed, tag in answer.expansions)
    return answer._replace(notes=tuple(notes), expansions=expansions)


def _answer(index: Index, question: str, words: list[tuple[str, str]], options: SearchOptions) -> Answer:
    query = plan(index, words)
    scoring = Scoring(options.variant, DEFAULT_K1 if options.k1 is None else options.k1,
                      DEFAULT_B if options.b is None else options.b)
    ranked, frequencies = index.search([(t.term, 1.0) for t in query.terms], scoring=scoring)
    body = [r for r in ranked if r.kind == BODY]
    top = (body or ranked)[: max(1, min(options.limit, MAX_LIMIT))]
    hits = _hits(index, top, query)
    unmatched = [w for t in query.terms if not frequencies.get(t.term) for w in t.typed]
    return Answer(
        query=question,
        hits=hits,
        query_words=tuple(typed for typed, _ in words),
        unmatched_words=tuple(dict.fromkeys(unmatched)),
        highlight_words=_highlight_words(index, hits, query),
        corrections=query.corrections,
        expansions=query.expansions,
    )


def _hits(index: Index, top: list[Scored], query: QueryPlan) -> tuple[Hit, ...]:
    paragraphs = index.paragraphs([r.key for r in top])
    documents = index.documents(list({p.doc_id for p in paragraphs.values()}))
    hits = []
    for rank, result in enumerate(top, start=1):
        paragraph = paragraphs[result.key]
        matched = [w for t in query.terms if t.term in result.matched for w in t.typed]
        hits.append(Hit(rank, round(result.score, 4), paragraph, documents[paragraph.doc_id],
                        tuple(dict.fromkeys(matched))))
    return tuple(hits)


def _highlight_words(index: Index, hits: tuple[Hit, ...], query: QueryPlan) -> frozenset[str]:
    """The folded words, as they appear in the hits, that match a query term or name."""
    terms = {t.term for t in query.terms if not t.term.startswith("@")}
    terms |= index.alias_terms([t.term for t in query.terms if t.term.startswith("@")])
    words = {w for hit in hits for w, _, _ in analyze.surface_tokens(hit.paragraph.text)}
    vocabulary = index.terms_of_corpus_words(sorted(words))
    return frozenset(word for word, term in vocabulary.items() if term in terms)
