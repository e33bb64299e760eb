"""The tantivy engine: an on-disk inverted index (tantivy-py) for large libraries.

tantivy finds the best candidates by its own BM25 (its k1 and b are fixed at
1.2 and 0.75, and it quantises lengths); each candidate's term frequencies
are then counted in its text (index/reader.py), so `scoring` ranks them
exactly as the rank-bm25 engine would, with --k1, --b and --bm25 honoured.
Keeping no copy of the terms halves the index. Taking several times more candidates than are shown keeps the
ranking identical in practice (benchmarks/bench_engines.py measures it).

Terms go in already analysed: a whitespace tokenizer with no filters keeps
stems and tags ("@country:KZ") exactly as given, and queries are built from
term queries, never through tantivy's query parser. tantivy commits are
atomic; the segment's own transaction commits after tantivy's, and a batch
redone after a crash deletes its documents before adding them again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from c5brief.engines import NO_FILTERS, TANTIVY, Candidate, Filters
from c5brief.errors import StorageError
from c5brief.index.segment import KINDS
from c5brief.models import LANGUAGES

if TYPE_CHECKING:
    from c5brief.index.segment import Segment
    from c5brief.models import DocumentInfo

TOKENIZER = "c5brief-terms"
WRITER_HEAP = 128_000_000  # bytes; more does not build faster (benchmarks/bench_scale.py)
MIN_DEPTH = 50
EXACT_DELETED_SHARE = 0.001  # removed documents (of about 8 paragraphs) as a share of paragraphs


class TantivyEngine:
    name = TANTIVY
    counts_terms = False  # the index keeps no copy of the terms; index.reader counts them in the text

    def __init__(self, path: str, segment: Segment, *, write: bool = False):
        import tantivy

        self._tantivy = tantivy
        self.path = path
        self._segment = segment
        if write:
            os.makedirs(path, exist_ok=True)
            self._index = tantivy.Index(_schema(tantivy), path=path) if not tantivy.Index.exists(path) \
                else tantivy.Index.open(path)
        elif tantivy.Index.exists(path):
            self._index = tantivy.Index.open(path)
        else:
            raise StorageError(f"the search index {path} is missing; it will be rebuilt")
        self._index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self._writer: Any = None
        self._searcher: Any = None

    def _write(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=2)
            except ValueError as exc:  # "Failed to acquire Lockfile: LockBusy"
                raise StorageError(f"the search index {self.path} is being updated by another c5brief; "
                                   "try again in a moment") from exc
            self._writer.garbage_collect_files()  # left by a writer that was killed
        return self._writer

    def add(self, rows: Sequence[tuple[int, Any, Any]], document: DocumentInfo) -> None:
        writer = self._write()
        first, last = day_range(document.date)
        for pid, paragraph, passage in rows:
            terms = [*passage.terms, *(tag for tag, n in passage.tags.items() for _ in range(n))]
            entry = self._tantivy.Document()
            entry.add_text("body", " ".join(terms))
            entry.add_integer("pid", pid)
            entry.add_integer("length", paragraph.length)
            entry.add_integer("kind", KINDS.index(paragraph.kind))
            entry.add_integer("lang", LANGUAGES.index(paragraph.language))
            entry.add_text("doc", paragraph.doc_id)
            if document.source:
                entry.add_text("source", document.source.lower())
            if first:
                entry.add_integer("first_day", first)
                entry.add_integer("last_day", last)
            writer.add_document(entry)

    def remove(self, doc_id: str, pids: Sequence[int]) -> None:
        self._write().delete_documents_by_term("doc", doc_id)
        self._segment.set_meta(deleted=int(self._segment.meta().get("deleted", 0)) + 1)

    def consistent(self, paragraphs: int) -> bool:
        return bool(self._search().num_docs == paragraphs)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._index.reload()
            self._searcher = None

    def close(self) -> None:
        self._writer = None
        self._searcher = None

    def _search(self) -> Any:
        if self._searcher is None:
            self._searcher = self._index.searcher()
        return self._searcher

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        searcher = self._search()
        Query = self._tantivy.Query
        schema = self._index.schema
        # doc_freq counts the paragraphs of removed documents too, until tantivy merges them away;
        # that matters only once they are more than a trace of the whole.
        meta = self._segment.meta()
        exact = int(meta.get("deleted", 0)) * 8 <= int(meta.get("paragraphs", 0)) * EXACT_DELETED_SHARE
        found = {}
        for term in dict.fromkeys(terms):
            if exact:
                found[term] = searcher.doc_freq("body", term)
            else:
                found[term] = searcher.search(Query.term_query(schema, "body", term), 1, count=True).count
        return found

    def candidates(self, terms: Sequence[str], depth: int | None = None,
                   weights: dict[str, float] | None = None, filters: Filters = NO_FILTERS) -> list[Candidate]:
        unique = list(dict.fromkeys(terms))
        if not unique:
            return []
        tantivy = self._tantivy
        Query, Occur = tantivy.Query, tantivy.Occur
        schema = self._index.schema
        clauses = []
        for term in unique:
            query = Query.term_query(schema, "body", term)
            weight = (weights or {}).get(term, 1.0)
            clauses.append((Occur.Should, query if weight == 1.0 else Query.boost_query(query, weight)))
        query = Query.boolean_query(clauses)
        if filters:
            query = Query.boolean_query([(Occur.Must, query), *self._filters(filters)])
        searcher = self._search()
        hits = searcher.search(query, max(depth or 0, MIN_DEPTH), count=False).hits
        if not hits:
            return []
        addresses = [address for _, address in hits]
        pids = searcher.fast_field_values("pid", addresses)
        kinds = searcher.fast_field_values("kind", addresses)
        lengths = searcher.fast_field_values("length", addresses)
        return [Candidate(int(pid), {}, int(length), KINDS[int(kind)])
                for pid, kind, length in zip(pids, kinds, lengths, strict=True)]


    def _filters(self, filters: Filters) -> list[tuple[Any, Any]]:
        """The filters as clauses that add nothing to the score."""
        tantivy = self._tantivy
        Query, Occur, schema = tantivy.Query, tantivy.Occur, self._index.schema

        def only(query: Any) -> tuple[Any, Any]:
            return (Occur.Must, Query.const_score_query(query, 0.0))

        def sequence(terms: tuple[str, ...]) -> Any:
            if len(terms) == 1:
                return Query.term_query(schema, "body", terms[0])
            return Query.phrase_query(schema, "body", list(terms))

        clauses = [(Occur.MustNot, sequence(s)) for s in filters.excluded]
        clauses += [only(Query.boolean_query([(Occur.Should, sequence(s)) for s in group]))
                    for group in filters.required]
        clauses += [only(Query.boolean_query([(Occur.Should, Query.term_query(schema, "body", tag)) for tag in group]))
                    for group in filters.tags]
        if filters.since:
            clauses.append(only(Query.range_query(schema, "last_day", tantivy.FieldType.Integer,
                                                  day_range(filters.since)[0], 99_999_999)))
        if filters.until:
            clauses.append(only(Query.range_query(schema, "first_day", tantivy.FieldType.Integer,
                                                  0, day_range(filters.until)[1])))
        if filters.sources:
            clauses.append(only(Query.boolean_query(
                [(Occur.Should, Query.term_query(schema, "source", s)) for s in filters.sources])))
        if filters.documents:
            clauses.append(only(Query.boolean_query(
                [(Occur.Should, Query.term_query(schema, "doc", d)) for d in filters.documents])))
        if filters.languages:
            clauses.append(only(Query.boolean_query(
                [(Occur.Should, Query.range_query(schema, "lang", tantivy.FieldType.Integer, n, n))
                 for n in sorted(LANGUAGES.index(language) for language in filters.languages)])))
        return clauses


def day_range(date: str | None) -> tuple[int, int]:
    """A date as the first and last day it may mean, as numbers (20251106; "2025-11" is 20251101-20251131)."""
    if not date:
        return 0, 0
    digits = date.replace("-", "")
    if len(digits) == 8 and digits.isdigit():
        return int(digits), int(digits)
    if len(digits) == 6 and digits.isdigit():
        return int(digits + "01"), int(digits + "31")
    if len(digits) == 4 and digits.isdigit():
        return int(digits + "0101"), int(digits + "1231")
    return 0, 0


def _schema(tantivy: Any) -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False, tokenizer_name=TOKENIZER, index_option="position")
    builder.add_integer_field("pid", indexed=True, fast=True)
    builder.add_integer_field("length", fast=True)
    builder.add_integer_field("kind", indexed=True, fast=True)
    builder.add_integer_field("lang", indexed=True, fast=True)
    builder.add_text_field("doc", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("source", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("first_day", indexed=True, fast=True)
    builder.add_integer_field("last_day", indexed=True, fast=True)
    return builder.build()
