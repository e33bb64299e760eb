"""How much of the corpus covers each country and topic: the listings and the matrix.

Everything here is read from the mentions the index records (counted by
SQLite for the listings, intersected here for the matrix), never by reading
passages.
"""

from __future__ import annotations

from c5brief.briefs.models import Coverage, CoverageRow, Matrix
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus


def country_coverage(spec: CorpusSpec) -> Coverage:
    gz = gazetteer(spec)

    def count(corpus: Corpus) -> Coverage:
        index, rows = corpus.index, []
        named = index.named([e.tag for c in gz.countries for e in c.leaders])
        for country in gz.countries:
            passages, documents = index.coverage(list(country.tags))
            leaders = ", ".join(e.name for e in country.leaders if e.tag in named)
            rows.append(CoverageRow(country.id, country.name, passages, documents, leaders))
        return Coverage("countries", tuple(rows), tuple(corpus.notes))

    return using_corpus(spec, count)


def topic_coverage(spec: CorpusSpec) -> Coverage:
    gz = gazetteer(spec)

    def count(corpus: Corpus) -> Coverage:
        rows = []
        for topic in gz.topics:
            passages, documents = corpus.index.coverage([topic.tag])
            rows.append(CoverageRow(topic.id, topic.name, passages, documents, ", ".join(topic.keywords[:4])))
        return Coverage("topics", tuple(rows), tuple(corpus.notes))

    return using_corpus(spec, count)


def coverage_matrix(spec: CorpusSpec, everything: bool = False) -> Matrix:
    """Passage counts of country x topic; by default the C5 and the United States."""
    gz = gazetteer(spec)
    countries = [c for c in gz.countries if everything or c.group in ("C5", "+1")]
    topic_tags = [t.tag for t in gz.topics]

    def count(corpus: Corpus) -> Matrix:
        # The paragraphs naming each tag, read in one pass; the cells are their intersections.
        tagged = corpus.index.tagged_paragraphs([*topic_tags, *(tag for c in countries for tag in c.tags)])
        counts = []
        for country in countries:
            named = set().union(*(tagged[tag] for tag in country.tags))
            counts.append(tuple(len(named & tagged[tag]) for tag in topic_tags))
        return Matrix(tuple(c.name for c in countries), tuple(t.id for t in gz.topics), tuple(counts),
                      tuple(corpus.notes), tuple(c.id for c in countries), tuple(t.name for t in gz.topics))

    return using_corpus(spec, count)
