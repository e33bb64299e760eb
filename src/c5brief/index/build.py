"""Write an index: annotate every paragraph and store documents, paragraphs, postings,
sentences, mentions and the names of the gazetteer.

Runs only when an index must be (re)built, so nothing here is on the warm query path.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from c5brief import analyze, sentences
from c5brief.errors import CorpusError
from c5brief.index.reader import Index
from c5brief.models import Document

if TYPE_CHECKING:
    from c5brief.gazetteer import Gazetteer

FORMAT_VERSION = 2
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(
    id TEXT PRIMARY KEY, title TEXT NOT NULL, subtitle TEXT, date TEXT, source TEXT,
    url TEXT, path TEXT NOT NULL, origin TEXT NOT NULL, sha256 TEXT NOT NULL,
    paragraph_count INTEGER NOT NULL);
CREATE TABLE paragraphs(
    pid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, number INTEGER NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, length INTEGER NOT NULL);
CREATE TABLE postings(term TEXT NOT NULL, pid INTEGER NOT NULL, tf INTEGER NOT NULL,
    PRIMARY KEY(term, pid)) WITHOUT ROWID;
CREATE TABLE vocabulary(word TEXT PRIMARY KEY, term TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sentences(sid INTEGER PRIMARY KEY, pid INTEGER NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, terms TEXT NOT NULL);
CREATE TABLE mentions(tag TEXT NOT NULL, sid INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY(tag, sid)) WITHOUT ROWID;
CREATE TABLE aliases(terms TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(terms, tag)) WITHOUT ROWID;
"""


def index_fingerprint(gazetteer_digest: str) -> str:
    """Everything besides the documents that decides an index's content."""
    return f"{FORMAT_VERSION}-{analyze.fingerprint()}-{gazetteer_digest}-{sentences.fingerprint()}"


def build_file(documents: Sequence[Document], gazetteer_files: tuple[str, ...], path: str) -> None:
    """Write the index of `documents` to `path`, through a temporary file renamed into place."""
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=os.path.dirname(path))
    os.close(handle)
    try:
        connection = sqlite3.connect(temp)
        try:
            write_index(connection, documents, gazetteer_files, os.path.dirname(path))
        finally:
            connection.close()
        os.replace(temp, path)
    except BaseException:
        remove_quietly(temp)
        raise


def build_in_memory(documents: Sequence[Document], gazetteer_files: tuple[str, ...]) -> Index:
    connection = sqlite3.connect(":memory:")
    write_index(connection, documents, gazetteer_files)
    return Index(connection, ":memory:")


def write_index(connection: sqlite3.Connection, documents: Sequence[Document],
                 gazetteer_files: tuple[str, ...], cache_dir: str | None = None) -> None:
    """Annotate every paragraph and store documents, paragraphs, postings, sentences and names."""
    from c5brief.annotation_cache import annotate_all  # build-time only: keeps the query path short
    from c5brief.gazetteer import compile_tags, load_files

    gazetteer = load_files(gazetteer_files)

    if not any(d.paragraphs for d in documents):
        raise CorpusError("the corpus has no passages to search")
    connection.executescript(_SCHEMA)
    tag_table = compile_tags(gazetteer, analyze.analyze)
    vocabulary = {w: analyze.stem(w) for terms in _gazetteer_words(gazetteer) for w in terms}
    rows: list[tuple[int, str, int, str, str, int]] = []
    postings: list[tuple[str, int, int]] = []
    sentence_rows: list[tuple[int, int, int, int, str]] = []
    mention_rows: list[tuple[str, int, int]] = []
    total = 0
    paragraphs = [p for d in documents for p in d.paragraphs]
    fingerprint = index_fingerprint(gazetteer.fingerprint)
    passages = annotate_all([p.text for p in paragraphs], gazetteer_files, tag_table, gazetteer, cache_dir,
                            fingerprint)
    for paragraph, passage in zip(paragraphs, passages, strict=True):
        vocabulary.update(zip(passage.words, passage.terms, strict=True))
        pid = len(rows) + 1
        rows.append((pid, paragraph.doc_id, paragraph.number, paragraph.kind, paragraph.text,
                     len(passage.terms)))
        counts = Counter(passage.terms) + Counter(passage.tags)
        postings.extend((term, pid, tf) for term, tf in counts.items())
        total += len(passage.terms)
        for sentence in passage.sentences:
            sid = len(sentence_rows) + 1
            sentence_rows.append((sid, pid, sentence.start, sentence.end, " ".join(sentence.terms)))
            mention_rows.extend((tag, sid, count) for tag, count in sentence.tags.items())
    alias_rows = [(" ".join(terms), tag) for terms, tags in tag_table.items() for tag in tags]
    with connection:
        connection.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (i.id, i.title, i.subtitle, i.date, i.source, i.url, i.path, i.origin, i.sha256,
             i.paragraph_count) for i in (d.info for d in documents)])
        connection.executemany("INSERT INTO paragraphs VALUES (?,?,?,?,?,?)", rows)
        connection.executemany("INSERT INTO postings VALUES (?,?,?)", postings)
        connection.executemany("INSERT INTO vocabulary VALUES (?,?)", vocabulary.items())
        connection.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", sentence_rows)
        connection.executemany("INSERT INTO mentions VALUES (?,?,?)", mention_rows)
        connection.executemany("INSERT OR IGNORE INTO aliases VALUES (?,?)", alias_rows)
        connection.executemany("INSERT INTO meta VALUES (?,?)", [
            ("fingerprint", fingerprint),
            ("paragraphs", str(len(rows))), ("total_length", str(total)),
        ])


def _gazetteer_words(gazetteer: Gazetteer) -> Iterable[list[str]]:
    # Names join the vocabulary, so a query for a spelling the corpus lacks
    # ("Tokaev") still finds its term without importing the stemmer.
    for entity in gazetteer.entities():
        for name in entity.names:
            yield analyze.content_words(name)
    for topic in gazetteer.topics:
        for keyword in topic.keywords:
            yield analyze.content_words(keyword)



def remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
