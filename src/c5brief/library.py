"""The user's document library: documents and their paragraphs in SQLite.

The library is user data (the platform's data folder, or `--library DIR`), so
it is never replaced or repaired behind the user's back: a damaged file is
reported with its path and the way to recover. Each document is written in a
transaction of its own, so an interrupted `add` leaves whole documents only,
and SQLite's locking lets two `add` runs share the file. A stamp (a random
library id and a generation counter bumped by every write) lets a query tell,
by reading one row, whether the index it has is still current.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from c5brief.errors import StorageError
from c5brief.load import DOC_ID_LENGTH, LIBRARY
from c5brief.models import Document, DocumentInfo, Paragraph
from c5brief.paths import LIBRARY_FILE, library_file  # noqa: F401 - where libraries live

FORMAT = "1"
STDIN_PATH = "-"  # documents read from standard input have no path to match updates by
ADDED, UPDATED, UNCHANGED, DUPLICATE = "added", "updated", "unchanged", "duplicate"
_BUSY_TIMEOUT_S = 120.0  # a concurrent `add` holds the write lock for one document at a time
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, text_hash TEXT NOT NULL,
    title TEXT NOT NULL, subtitle TEXT, date TEXT, source TEXT, url TEXT,
    paragraph_count INTEGER NOT NULL, added TEXT NOT NULL, updated TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS documents_by_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_by_text ON documents(text_hash);
CREATE TABLE IF NOT EXISTS paragraphs(
    doc_id TEXT NOT NULL, number INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY(doc_id, number)) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Stored:
    """What `store` did with one document."""

    outcome: str  # ADDED, UPDATED, UNCHANGED or DUPLICATE
    doc_id: str  # the document's id; for a duplicate, the id of the document it repeats


@dataclass(frozen=True)
class Snapshot:
    """The library's documents as of one moment, with the stamp of that moment."""

    stamp: str
    documents: tuple[Document, ...]


def text_hash(document: Document) -> str:
    """A hash of a document's passages: the same article saved twice, in any encoding, hashes alike."""
    import hashlib

    joined = "\n".join(p.text for p in document.paragraphs)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


class Library:
    """One library file, opened for reading or writing."""

    def __init__(self, path: str, connection: sqlite3.Connection):
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: str, *, create: bool = False) -> Library | None:
        """The library at `path`; None when it does not exist and `create` is false."""
        if not create and (not os.path.exists(path) or os.path.getsize(path) == 0):
            return None  # an empty file is a library whose creation never committed
        with _reported(path):
            if create:
                os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
                connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
                library = cls(path, connection)
                tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
                if tables and "meta" not in tables:
                    connection.close()
                    library._not_a_library()
                connection.execute("PRAGMA journal_mode=WAL")
                with library._writing():
                    for statement in filter(str.strip, _SCHEMA.split(";")):
                        connection.execute(statement)
                    _initialise_meta(connection)
            else:
                connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
                library = cls(path, connection)
            library._check_format()
            return library

    def close(self) -> None:
        self._db.close()

    def stamp(self) -> str:
        """Changes whenever any document is added, updated or removed."""
        with _reported(self.path):
            rows = dict(self._db.execute("SELECT key, value FROM meta WHERE key IN ('uuid', 'generation')"))
        return f"{rows.get('uuid')}:{rows.get('generation')}"

    def snapshot(self) -> Snapshot:
        """Every document with its paragraphs, read in one transaction."""
        with _reported(self.path):
            self._db.execute("BEGIN")
            try:
                stamp = self.stamp()
                documents = tuple(self._documents())
            finally:
                self._db.execute("COMMIT")
        return Snapshot(stamp, documents)

    def infos(self) -> list[DocumentInfo]:
        with _reported(self.path):
            return [_info(row) for row in self._db.execute(f"SELECT {_INFO_COLUMNS} FROM documents ORDER BY added, id")]

    def store(self, document: Document, text: str, reserved: Mapping[str, str] = {}) -> Stored:
        """Add, update or recognise one document, in one transaction.

        `reserved` maps text hashes of documents outside the library (the
        seeds) to their ids, so a copy of a seed is a duplicate too.
        """
        fingerprint = text_hash(document)
        info = document.info
        with _reported(self.path), self._writing():
            same_text = self._db.execute(
                "SELECT id, path, sha256 FROM documents WHERE text_hash = ?", (fingerprint,)).fetchall()
            existing = None
            if info.path != STDIN_PATH:
                existing = self._db.execute("SELECT id, sha256 FROM documents WHERE path = ?",
                                            (info.path,)).fetchone()
            if existing and existing[1] == info.sha256:
                return Stored(UNCHANGED, existing[0])
            repeats = [row[0] for row in same_text if not existing or row[0] != existing[0]]
            if fingerprint in reserved or repeats:
                return Stored(DUPLICATE, reserved.get(fingerprint) or repeats[0])
            if existing and any(row[0] == existing[0] for row in same_text):
                return Stored(UNCHANGED, existing[0])  # new bytes, same passages (e.g. re-encoded)
            doc_id = existing[0] if existing else self._free_id(info.sha256)
            self._write(_with_id(document, doc_id), text, fingerprint, replacing=existing is not None)
            return Stored(UPDATED if existing else ADDED, doc_id)

    def remove(self, doc_id: str) -> bool:
        """Take one document out; False when the library has no such document."""
        with _reported(self.path), self._writing():
            removed = self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount
            if removed:
                self._db.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc_id,))
                self._bump()
        return bool(removed)

    def _write(self, document: Document, text: str, fingerprint: str, *, replacing: bool) -> None:
        info, now = document.info, time.strftime("%Y-%m-%dT%H:%M:%S")
        if replacing:
            added = self._db.execute("SELECT added FROM documents WHERE id = ?", (info.id,)).fetchone()[0]
            self._db.execute("DELETE FROM documents WHERE id = ?", (info.id,))
            self._db.execute("DELETE FROM paragraphs WHERE doc_id = ?", (info.id,))
        else:
            added = now
        self._db.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (info.id, info.path, info.sha256, fingerprint, info.title, info.subtitle, info.date, info.source,
             info.url, info.paragraph_count, added, now, text))
        self._db.executemany("INSERT INTO paragraphs VALUES (?,?,?,?)",
                             [(p.doc_id, p.number, p.kind, p.text) for p in document.paragraphs])
        self._bump()

    def _free_id(self, sha256: str) -> str:
        # The id is the content hash's prefix; an updated document keeps its
        # old id, so a new text may hash to a taken one: lengthen it then.
        for length in range(DOC_ID_LENGTH, len(sha256) + 1, 2):
            candidate = sha256[:length]
            if not self._db.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
                return candidate
        import uuid

        return uuid.uuid4().hex

    def _bump(self) -> None:
        self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    def _documents(self) -> Iterator[Document]:
        paragraphs: dict[str, list[Paragraph]] = {}
        for doc_id, number, kind, text in self._db.execute(
                "SELECT doc_id, number, kind, text FROM paragraphs ORDER BY doc_id, number"):
            paragraphs.setdefault(doc_id, []).append(Paragraph(doc_id, number, kind, text))
        for row in self._db.execute(f"SELECT {_INFO_COLUMNS} FROM documents ORDER BY added, id"):
            info = _info(row)
            yield Document(info, tuple(paragraphs.get(info.id, ())))

    def _check_format(self) -> None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
            row = None
        if row is None:
            self._not_a_library()
        if row[0] != FORMAT:
            raise StorageError(f"{self.path} is a library of format {row[0]}, which this c5brief "
                               f"(format {FORMAT}) cannot read; upgrade c5brief or use another --library")

    def _not_a_library(self) -> None:
        raise StorageError(f"{self.path} is not a c5brief library; it was left untouched. "
                           "Choose another folder with --library DIR.")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so two writers queue rather
        # than fail half-way through a document.
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        if self._db.in_transaction:
            self._db.execute("COMMIT")


_INFO_COLUMNS = "id, title, path, sha256, subtitle, date, source, url, paragraph_count"


def _info(row: tuple[Any, ...]) -> DocumentInfo:
    doc_id, title, path, sha256, subtitle, date, source, url, count = row
    return DocumentInfo(id=doc_id, title=title, path=path, origin=LIBRARY, sha256=sha256, subtitle=subtitle,
                        date=date, source=source, url=url, paragraph_count=count)


def _with_id(document: Document, doc_id: str) -> Document:
    if document.info.id == doc_id:
        return document
    return Document(replace(document.info, id=doc_id),
                    tuple(replace(p, doc_id=doc_id) for p in document.paragraphs))


def _initialise_meta(connection: sqlite3.Connection) -> None:
    import uuid

    connection.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                           [("format", FORMAT), ("uuid", uuid.uuid4().hex), ("generation", "0")])


@contextmanager
def _reported(path: str) -> Iterator[None]:
    """SQLite and file-system failures as one-line errors that name the library file."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(f"the library {path} is busy (another c5brief is writing to it); "
                               "try again in a moment") from exc
        raise _damaged(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc) from exc
    except OSError as exc:
        raise StorageError(f"cannot use the library {path} ({exc.strerror or exc})") from exc


def _damaged(path: str, exc: Exception) -> StorageError:
    return StorageError(
        f"the library {path} cannot be read ({exc}); it was left untouched. To keep your documents, "
        f"restore it from a backup; to start an empty library, move it aside (mv '{path}' '{path}.damaged')")
