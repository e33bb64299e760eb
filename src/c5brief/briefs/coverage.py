"""How much of the corpus covers each country and topic: the listings and the matrix."""

from __future__ import annotations

from c5brief.briefs.models import Coverage, CoverageRow, Matrix
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus


def country_coverage(spec: CorpusSpec) -> Coverage:
    gz = gazetteer(spec)

    def count(corpus: Corpus) -> Coverage:
        index, rows = corpus.index, []
        for country in gz.countries:
            tagged = index.tagged_paragraphs(list(country.tags))
            pids = set().union(*tagged.values())
            leaders = ", ".join(e.name for e in country.leaders if tagged[e.tag])
            rows.append(CoverageRow(country.id, country.name, len(pids), index.document_count(pids), leaders))
        return Coverage("countries", tuple(rows), tuple(corpus.notes))

    return using_corpus(spec, count)


def topic_coverage(spec: CorpusSpec) -> Coverage:
    gz = gazetteer(spec)

    def count(corpus: Corpus) -> Coverage:
        index = corpus.index
        tagged = index.tagged_paragraphs([t.tag for t in gz.topics])
        rows = tuple(CoverageRow(t.id, t.name, len(tagged[t.tag]), index.document_count(tagged[t.tag]),
                                 ", ".join(t.keywords[:4])) for t in gz.topics)
        return Coverage("topics", rows, tuple(corpus.notes))

    return using_corpus(spec, count)


def coverage_matrix(spec: CorpusSpec, everything: bool = False) -> Matrix:
    """Passage counts of country x topic; by default the C5 and the United States."""
    gz = gazetteer(spec)
    countries = [c for c in gz.countries if everything or c.group in ("C5", "+1")]

    def count(corpus: Corpus) -> Matrix:
        index = corpus.index
        topic_pids = index.tagged_paragraphs([t.tag for t in gz.topics])
        counts = []
        for country in countries:
            pids = set().union(*index.tagged_paragraphs(list(country.tags)).values())
            counts.append(tuple(len(pids & topic_pids[t.tag]) for t in gz.topics))
        return Matrix(tuple(c.name for c in countries), tuple(t.id for t in gz.topics), tuple(counts),
                      tuple(corpus.notes))

    return using_corpus(spec, count)
