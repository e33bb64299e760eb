"""What the corpus holds: the list of documents, and one document or paragraph by its id."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from c5brief.corpus import Corpus, CorpusSpec, open_corpus, using_corpus
from c5brief.errors import CorpusError, InputError, NotFound
from c5brief.models import DocumentInfo, Paragraph, paragraph_id

_PARAGRAPH_ID = re.compile(r"^(?P<doc>[0-9a-f]+)(?:\.p(?P<number>\d+))?$")
MIN_PREFIX = 4  # like git: a unique prefix of a document id is enough


class SourceList(NamedTuple):
    documents: Iterable[DocumentInfo]  # seeds first, then the library, then --corpus files
    notes: tuple[str, ...] = ()


class Shown(NamedTuple):
    """A document, or one paragraph of it, with its metadata."""

    document: DocumentInfo
    paragraphs: tuple[Paragraph, ...]
    paragraph: int | None = None  # the paragraph asked for; None: the whole document
    notes: tuple[str, ...] = ()


def list_sources(spec: CorpusSpec) -> SourceList:
    """Every document the spec searches; none is an empty list, not an error."""
    with open_sources(spec) as listing:
        return SourceList(tuple(listing.documents), listing.notes)


def ids_to_complete(spec: CorpusSpec, doc_id: str, limit: int) -> tuple[list[DocumentInfo], list[str]]:
    """Documents whose id starts with `doc_id` (at most `limit`) and, when one has that whole id, the
    citation ids of its passages in page order (an edited document's are not p1..pN); one opening of
    the corpus, and no passage's text read."""
    def find(corpus: Corpus) -> tuple[list[DocumentInfo], list[str]]:
        ids = corpus.index.document_ids(doc_id)[:limit]
        found = corpus.index.documents(ids)
        documents = [found[i] for i in ids if i in found]
        numbers = corpus.index.paragraph_numbers(doc_id) if doc_id in found else []
        return documents, [paragraph_id(doc_id, n) for n in numbers]

    try:
        return using_corpus(spec, find)
    except CorpusError:
        return [], []


@contextmanager
def open_sources(spec: CorpusSpec) -> Iterator[SourceList]:
    """Every document the spec searches, read from the index as the caller goes through them
    (a library of any size starts printing at once)."""
    try:
        opened = open_corpus(spec)
        corpus = opened.__enter__()
    except CorpusError:
        yield SourceList(())
        return
    try:
        yield SourceList(corpus.index.iter_documents(), tuple(corpus.notes))
    finally:
        opened.__exit__(None, None, None)


def parse_citation_id(citation_id: str) -> tuple[str, int | None]:
    """The document id (or prefix) and paragraph number of `3f2a9c01de`, `3f2a` or `3f2a9c01de.p4`."""
    match = _PARAGRAPH_ID.match(citation_id.strip().lower())
    if not match or len(match["doc"]) < MIN_PREFIX:
        raise InputError(f"{citation_id!r} is not a document id (like 3f2a9c01de) "
                         "or a paragraph id (like 3f2a9c01de.p4)")
    return match["doc"], int(match["number"]) if match["number"] else None


def show(spec: CorpusSpec, citation_id: str, context: int = 0) -> Shown:
    """The document or paragraph with this citation id (`3f2a9c01de` or `3f2a9c01de.p4`), with the
    `context` paragraphs before and after a paragraph."""
    prefix, number = parse_citation_id(citation_id)

    def find(corpus: Corpus) -> tuple[DocumentInfo, tuple[Paragraph, ...], int, tuple[str, ...]]:
        index = corpus.index
        document = _unique_document(index.document_ids(prefix), citation_id)
        return (index.documents([document])[document], tuple(index.paragraphs_of(document)),
                index.last_numbers([document]).get(document, 0), tuple(corpus.notes))

    info, paragraphs, last, notes = using_corpus(spec, find)
    if number is not None:
        at = next((i for i, p in enumerate(paragraphs) if p.number == number), None)
        if at is None:
            raise NotFound(_no_paragraph(info, number, last))
        # Numbers are labels (an edit gives new passages new ones): the context is by position.
        paragraphs = paragraphs[max(0, at - context):at + context + 1]
    return Shown(info, paragraphs, number, notes)


def _no_paragraph(info: DocumentInfo, number: int, last: int) -> str:
    if 1 <= number <= last:
        return (f"{paragraph_id(info.id, number)} is gone: the document was edited after it was cited, and that "
                f"passage was changed or removed (`c5brief show {info.id}` gives the document as it is now)")
    numbered = f", numbered up to p{last}" if last != info.paragraph_count else ""
    return f"{info.id} has no paragraph {number} (it has {info.paragraph_count}{numbered})"


def _unique_document(candidates: list[str], citation_id: str) -> str:
    if not candidates:
        raise NotFound(f"no document with id {citation_id!r}: removed, or a --corpus file since edited "
                       "(its id is its content's); see `c5brief sources`")
    if len(candidates) > 1:
        raise InputError(f"{citation_id!r} is ambiguous: it begins {', '.join(candidates[:5])}")
    return candidates[0]
