"""Answer a question with ranked, cited passages."""

from __future__ import annotations

from dataclasses import dataclass

from c5brief import analyze
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus
from c5brief.engines import make_engine
from c5brief.errors import QueryError
from c5brief.index.reader import Index, Posting
from c5brief.models import BODY, Answer, Hit
from c5brief.query_plan import QueryPlan, plan

MAX_LIMIT = 1000


@dataclass(frozen=True)
class SearchOptions:
    limit: int = 5
    variant: str = "okapi"
    k1: float | None = None
    b: float | None = None


def ask(question: str, spec: CorpusSpec, options: SearchOptions = SearchOptions()) -> Answer:
    """The passages that best answer `question`, best first.

    Captions and related-article teasers are returned only when no body
    passage matches. A damaged index found mid-query is rebuilt once.
    """
    words = analyze.query_words(question)
    if not words:
        raise QueryError(f"nothing to search for in {question!r}: it has only stop words or punctuation")

    def search(corpus: Corpus) -> tuple[Answer, list[str]]:
        return _answer(corpus.index, question, words, options), corpus.notes

    answer, notes = using_corpus(spec, search)
    known = gazetteer(spec) if answer.expansions else None
    names = {tag: (e.name if known and (e := known.entity(tag)) else tag) for _, tag in answer.expansions}
    return Answer(**{**answer.__dict__, "notes": tuple(notes),
                     "expansions": tuple((typed, names[tag]) for typed, tag in answer.expansions)})


def _answer(index: Index, question: str, words: list[tuple[str, str]], options: SearchOptions) -> Answer:
    query = plan(index, words)
    terms = [t.term for t in query.terms]
    postings = index.postings(terms)
    ranked = make_engine(options.variant, options.k1, options.b).rank(index.stats(), terms, postings)
    kinds = {p.pid: p.kind for plist in postings.values() for p in plist}
    body = [item for item in ranked if kinds[item[0]] == BODY]
    top = (body or ranked)[: max(1, min(options.limit, MAX_LIMIT))]
    hits = _hits(index, top, query, postings)
    unmatched = [w for t in query.terms if not postings[t.term] for w in t.typed]
    return Answer(
        query=question,
        hits=hits,
        query_words=tuple(typed for typed, _ in words),
        unmatched_words=tuple(dict.fromkeys(unmatched)),
        highlight_words=_highlight_words(index, hits, query),
        corrections=query.corrections,
        expansions=query.expansions,
    )


def _hits(index: Index, top: list[tuple[int, float]], query: QueryPlan,
          postings: dict[str, list[Posting]]) -> tuple[Hit, ...]:
    paragraphs = index.paragraphs([pid for pid, _ in top])
    documents = index.documents(list({p.doc_id for p in paragraphs.values()}))
    containing = {term: {p.pid for p in plist} for term, plist in postings.items()}
    hits = []
    for rank, (pid, score) in enumerate(top, start=1):
        paragraph = paragraphs[pid]
        matched = [w for t in query.terms if pid in containing[t.term] for w in t.typed]
        hits.append(Hit(rank, round(score, 4), paragraph, documents[paragraph.doc_id],
                        tuple(dict.fromkeys(matched))))
    return tuple(hits)


def _highlight_words(index: Index, hits: tuple[Hit, ...], query: QueryPlan) -> frozenset[str]:
    """The folded words, as they appear in the hits, that match a query term or name."""
    terms = {t.term for t in query.terms if not t.term.startswith("@")}
    terms |= index.alias_terms([t.term for t in query.terms if t.term.startswith("@")])
    words = {w for hit in hits for w, _, _ in analyze.surface_tokens(hit.paragraph.text)}
    vocabulary = index.vocabulary(sorted(words))
    return frozenset(word for word, term in vocabulary.items() if term in terms)
