"""Annotating many paragraphs for an index: remembered between builds, and on every core.

An index is rebuilt whole whenever the corpus changes, but most paragraphs
are the same as last time. Their annotations (terms, tags, sentences) are
kept in the cache folder, keyed on the paragraph's text and the index
fingerprint (analyzer, gazetteer, sentence splitter), so adding one document
to a large library annotates that document alone. The store is derived data:
if it cannot be read or written it is rebuilt or skipped, never fatal.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence

from c5brief import analyze
from c5brief.annotate import AnnotatedPassage, AnnotatedSentence, annotate
from c5brief.gazetteer import Gazetteer, TagTable
from c5brief.hashing import digest

STORE_FILE = "annotations.sqlite"
PARALLEL_FROM = 3000  # paragraphs to annotate; below this, starting workers costs more than it saves
_worker_state: tuple[TagTable, Gazetteer] | None = None


def annotate_all(texts: Sequence[str], gazetteer_files: tuple[str, ...], tag_table: TagTable, gazetteer: Gazetteer,
                 cache_dir: str | None, fingerprint: str) -> list[AnnotatedPassage]:
    """Each text's annotation, in order: from the store when known, else computed (and stored)."""
    store = _Store.open(cache_dir, fingerprint) if cache_dir else None
    keys = [digest([text], size=16) for text in texts]
    known = store.get(set(keys)) if store else {}
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    by_key = dict(zip(keys, texts, strict=True))
    fresh = _annotate([by_key[k] for k in missing], gazetteer_files, tag_table, gazetteer)
    known.update(zip(missing, fresh, strict=True))
    if store:
        store.put(list(zip(missing, fresh, strict=True)), keep=set(keys))
        store.close()
    return [known[k] for k in keys]


def _annotate(texts: list[str], gazetteer_files: tuple[str, ...], tag_table: TagTable,
              gazetteer: Gazetteer) -> list[AnnotatedPassage]:
    from c5brief.workers import spawn_pool, worker_count

    if len(texts) < PARALLEL_FROM or worker_count() < 2:
        return [annotate(text, tag_table, gazetteer) for text in texts]
    pool = spawn_pool(_start_worker, (gazetteer_files,))
    batches = [texts[i:i + 200] for i in range(0, len(texts), 200)]
    try:
        return [passage for batch in pool.imap(_annotate_batch, batches) for passage in batch]
    finally:
        pool.terminate()


def _start_worker(gazetteer_files: tuple[str, ...]) -> None:
    from c5brief.gazetteer import compile_tags, load_files

    global _worker_state
    gazetteer = load_files(gazetteer_files)
    _worker_state = (compile_tags(gazetteer, analyze.analyze), gazetteer)


def _annotate_batch(texts: list[str]) -> list[AnnotatedPassage]:
    assert _worker_state is not None, "the pool's initializer sets it"
    tag_table, gazetteer = _worker_state
    return [annotate(text, tag_table, gazetteer) for text in texts]


def encode(passage: AnnotatedPassage) -> str:
    """JSON for the store (tokens never hold spaces, so they are joined by one)."""
    sentences = [[s.start, s.end, " ".join(s.terms), s.tags] for s in passage.sentences]
    return json.dumps([" ".join(passage.words), " ".join(passage.terms), passage.tags, sentences],
                      ensure_ascii=False, separators=(",", ":"))


def decode(value: str) -> AnnotatedPassage:
    words, terms, tags, sentences = json.loads(value)
    return AnnotatedPassage(tuple(words.split()), tuple(terms.split()), tags, tuple(
        AnnotatedSentence(start, end, tuple(s_terms.split()), s_tags) for start, end, s_terms, s_tags in sentences))


class _Store:
    def __init__(self, connection: sqlite3.Connection):
        self._db = connection

    @classmethod
    def open(cls, cache_dir: str, fingerprint: str) -> _Store | None:
        path = os.path.join(cache_dir, STORE_FILE)
        for _attempt in range(2):
            try:
                connection = sqlite3.connect(path, timeout=10)
                connection.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
                connection.execute("CREATE TABLE IF NOT EXISTS annotations(key TEXT PRIMARY KEY, value TEXT) "
                                   "WITHOUT ROWID")
                row = connection.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
                if row is None or row[0] != fingerprint:
                    with connection:  # another analyzer or gazetteer: nothing stored still applies
                        connection.execute("DELETE FROM annotations")
                        connection.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
                return cls(connection)
            except sqlite3.DatabaseError:
                _remove(path)  # damaged: derived data, so start afresh
            except (sqlite3.Error, OSError):
                return None
        return None

    def get(self, keys: set[str]) -> dict[str, AnnotatedPassage]:
        try:
            rows = self._db.execute("SELECT key, value FROM annotations").fetchall()
            return {key: decode(value) for key, value in rows if key in keys}
        except (sqlite3.Error, ValueError, TypeError):
            return {}

    def put(self, items: list[tuple[str, AnnotatedPassage]], keep: set[str]) -> None:
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO annotations VALUES (?, ?)",
                                     [(key, encode(passage)) for key, passage in items])
                stored = self._db.execute("SELECT count(*) FROM annotations").fetchone()[0]
                if stored > 2 * len(keep) + 1000:  # forget paragraphs of documents long gone
                    stale = [(k,) for (k,) in self._db.execute("SELECT key FROM annotations") if k not in keep]
                    self._db.executemany("DELETE FROM annotations WHERE key = ?", stale)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        self._db.close()


def _remove(path: str) -> None:
    for name in (path, path + "-journal", path + "-wal", path + "-shm"):
        try:
            os.unlink(name)
        except OSError:
            pass
