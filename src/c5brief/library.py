"""The user's document library: documents and their paragraphs in SQLite.

The library is user data (the platform's data folder, or `--library DIR`), so
it is never replaced or repaired behind the user's back: a damaged file is
reported with its path and the way to recover. Before the first write of a
session the file is checked (SQLite's quick_check and the tables c5brief
needs): a damaged library is never written to. Documents are written in
transactions of whole documents, so an interrupted `add` leaves whole
documents only, and SQLite's locking lets two `add` runs share the file.
A library on a read-only folder, file or disk is opened for reading only;
a full disk and a read-only file are reported as what they are, not as damage.

Metadata the user set (`add --title/--date/--source/--url`) is kept apart as
well as applied, so it survives the document's text being updated, and
re-adding an unchanged file with new metadata updates only the metadata.

A document's passages are cited by number (`ID.pN`), and a number never
changes what it points to. An updated document keeps its id; a passage whose
exact text the old version had keeps its number, and every other takes a
number the document never used. The numbers are kept (in `numbering`) only
when they are no longer 1..N, so a document never edited costs nothing, and
they outlive the document: one re-added under the same id numbers on.

Every write bumps the library's generation, and each document row records the
generation that wrote it; removals are logged with theirs. An index can so
catch up with the library by reading only what changed since the generation
it last saw (`changes_since`), and a query tells whether its index is current
by reading one row (`stamp`).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple

from c5brief.errors import StorageError
from c5brief.load import DOC_ID_LENGTH, LIBRARY, with_overrides
from c5brief.models import NO_OVERRIDES, PARAGRAPH_KINDS, Document, DocumentInfo, Metadata, Paragraph

FORMAT = "4"
READABLE_FORMATS = ("1", "2", "3", "4")  # older formats are upgraded in place when first opened
STDIN_PATH = "-"  # documents read from standard input have no path to match updates by
ADDED, UPDATED, UNCHANGED, DUPLICATE = "added", "updated", "unchanged", "duplicate"
_BUSY_TIMEOUT_S = 120.0  # a concurrent `add` holds the write lock for a batch of documents at a time
_OVERRIDES_TABLE = ("CREATE TABLE IF NOT EXISTS overrides(doc_id TEXT PRIMARY KEY, title TEXT, date TEXT, "
                    "source TEXT, url TEXT)")  # the metadata the user set, per document
# The citation numbers of a document whose numbers are not 1..N (position order, as runs "1-3,13,5-12";
# NULL: 1..N), and the highest it has used.
_NUMBERING_TABLE = "CREATE TABLE IF NOT EXISTS numbering(doc_id TEXT PRIMARY KEY, numbers TEXT, top INTEGER NOT NULL)"
_WITH_OVERRIDES = ("3", FORMAT)  # the formats that keep user-set metadata (a read-only library keeps its format)
_FULL_BELOW = 1 << 20  # bytes free: below this, a disk I/O error is taken for a full disk
_FULL, _READ_ONLY = "full", "read-only"  # the StorageError kinds a library may still be read under
# A document's paragraphs are consecutive rows, first_paragraph onwards, so they are appended in
# order and packed tightly; their text is kept zlib-compressed when that saves space (a BLOB),
# else as it is (TEXT).
_TABLES = """
CREATE TABLE IF NOT EXISTS documents(
    id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, text_hash TEXT NOT NULL,
    title TEXT NOT NULL, subtitle TEXT, date TEXT, source TEXT, url TEXT,
    paragraph_count INTEGER NOT NULL, first_paragraph INTEGER NOT NULL, added TEXT NOT NULL,
    updated TEXT NOT NULL, generation INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS paragraphs(kind INTEGER NOT NULL, text NOT NULL);
CREATE TABLE IF NOT EXISTS removed(doc_id TEXT NOT NULL, generation INTEGER NOT NULL);
""" + _OVERRIDES_TABLE + ";\n" + _NUMBERING_TABLE + ";\n"
_INDEXES = """
CREATE INDEX IF NOT EXISTS documents_by_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_by_text ON documents(text_hash);
CREATE INDEX IF NOT EXISTS documents_by_generation ON documents(generation);
CREATE INDEX IF NOT EXISTS removed_by_generation ON removed(generation);
"""
_SCHEMA = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);" + _TABLES + _INDEXES
_KINDS = PARAGRAPH_KINDS  # stored as their position
_COMPRESS_FROM = 80  # characters; shorter texts gain nothing from zlib
_INFO_COLUMNS = "id, title, path, sha256, subtitle, date, source, url, paragraph_count"
_OVERRIDDEN = ("title", "date", "source", "url")  # the metadata `add` can set


class Stored(NamedTuple):
    """What `store` did with one document."""

    outcome: str  # ADDED, UPDATED, UNCHANGED or DUPLICATE
    doc_id: str  # the document's id; for a duplicate, the id of the document it repeats


class Changes(NamedTuple):
    """What changed in the library after a generation: documents written and documents removed."""

    generation: int  # the library's generation now
    written: tuple[tuple[str, int], ...]  # (doc id, generation that wrote it), oldest first
    removed: tuple[tuple[str, int], ...]  # (doc id, generation that removed it), oldest first


def text_hash(document: Document) -> str:
    """A hash of a document's passages: the same article saved twice, in any encoding, hashes alike."""
    import hashlib

    joined = "\n".join(p.text for p in document.paragraphs)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


class Library:
    """One library file, opened for reading or writing."""

    def __init__(self, path: str, connection: sqlite3.Connection, *, read_only: StorageError | None = None):
        self.path = path
        self.read_only = read_only  # why it was opened for reading only (every write raises it), or None
        self._db = connection
        self._format = FORMAT
        self._checked = False  # checked sound, once, before the first write

    @classmethod
    def open(cls, path: str, *, create: bool = False) -> Library | None:
        """The library at `path`; None when it does not exist and `create` is false."""
        if not create and (not os.path.exists(path) or os.path.getsize(path) == 0):
            return None  # an empty file is a library whose creation never committed
        with _reported(path):
            if create and not os.path.exists(path):
                _make_room(path)
            read_only = _read_only(path) if os.path.exists(path) and not _writable(path) else None
            if read_only and create:
                raise read_only
            connection, read_only = _connect(path, read_only, fall_back=not create)
            library = cls(path, connection, read_only=read_only)
            if create:
                library._create()
            library._check_format()
            return library

    def close(self) -> None:
        self._db.close()

    def stamp(self) -> str:
        """Changes whenever any document is added, updated or removed."""
        with _reported(self.path):
            rows = dict(self._db.execute("SELECT key, value FROM meta WHERE key IN ('uuid', 'generation')"))
        return f"{rows.get('uuid')}:{rows.get('generation')}"

    def uuid(self) -> str:
        with _reported(self.path):
            row = self._db.execute("SELECT value FROM meta WHERE key = 'uuid'").fetchone()
        return str(row[0]) if row else ""

    def generation(self) -> int:
        with _reported(self.path):
            row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def document_count(self) -> int:
        with _reported(self.path):
            return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def paragraph_total(self) -> int:
        """How many paragraphs the library holds."""
        with _reported(self.path):
            return int(self._db.execute("SELECT coalesce(sum(paragraph_count), 0) FROM documents").fetchone()[0])

    def paragraph_count(self, ids: Sequence[str]) -> int:
        """How many paragraphs these documents have."""
        with _reported(self.path):
            rows = self._select_in("SELECT paragraph_count FROM documents WHERE id IN ({})", ids)
        return sum(count for (count,) in rows)

    def changes_since(self, generation: int) -> Changes:
        """The documents written and removed after `generation` (-1: everything there is)."""
        with _reported(self.path), self._reading():
            now = self.generation()
            written = tuple(self._db.execute(
                "SELECT id, generation FROM documents WHERE generation > ? ORDER BY generation, id", (generation,)))
            removed = tuple(self._db.execute(
                "SELECT doc_id, generation FROM removed WHERE generation > ? ORDER BY generation", (generation,)))
        return Changes(now, written, removed)

    def long_documents(self, longer_than: int, since: int) -> dict[str, int]:
        """The documents written after generation `since` with more than `longer_than` paragraphs, and
        how many they have."""
        with _reported(self.path):
            return dict(self._db.execute("SELECT id, paragraph_count FROM documents WHERE generation > ? AND "
                                         "paragraph_count > ?", (since, longer_than)))

    def documents(self, ids: Sequence[str], window: tuple[int, int] | None = None) -> list[Document]:
        """These documents with their paragraphs, in the order given (missing ones left out); with
        `window` (start, stop), only those paragraphs of each (a long document is indexed in pieces)."""
        start, stop = window or (0, None)
        with _reported(self.path), self._reading():
            rows = self._select_in(f"SELECT {_INFO_COLUMNS}, first_paragraph FROM documents WHERE id IN ({{}})", ids)
            numbering = self._numbering([row[0] for row in rows])
            found = {}
            for row in rows:
                info, first = _info(row[:-1]), row[-1]
                count = info.paragraph_count if stop is None else min(stop, info.paragraph_count)
                stored = self._db.execute("SELECT kind, text FROM paragraphs WHERE rowid >= ? AND rowid < ? "
                                          "ORDER BY rowid", (first + start, first + count))
                numbers = (numbering.get(info.id, (None, 0))[0] or range(1, info.paragraph_count + 1))[start:count]
                paragraphs = tuple(_paragraph(info.id, number, _KINDS[kind], _text(text))
                                   for number, (kind, text) in zip(numbers, stored, strict=False))
                found[info.id] = Document(info, paragraphs)
        return [found[i] for i in ids if i in found]

    def paragraph_texts(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The text of each (document id, paragraph number) the library holds (a number the document
        no longer has is left out)."""
        with _reported(self.path), self._reading():
            ranges = {doc_id: (first, count) for doc_id, first, count in self._select_in(
                "SELECT id, first_paragraph, paragraph_count FROM documents WHERE id IN ({})",
                list({doc_id for doc_id, _ in keys}))}
            placed = {doc_id: {number: offset for offset, number in enumerate(numbers)}
                      for doc_id, (numbers, _) in self._numbering(list(ranges)).items() if numbers}
            rows = {}
            for doc_id, number in keys:
                if doc_id not in ranges:
                    continue
                first, count = ranges[doc_id]
                offset = placed[doc_id].get(number) if doc_id in placed else \
                    number - 1 if 1 <= number <= count else None
                if offset is not None:
                    rows[first + offset] = (doc_id, number)
            texts = self._select_in("SELECT rowid, text FROM paragraphs WHERE rowid IN ({})", list(rows))
        return {rows[rowid]: _text(text) for rowid, text in texts}

    def last_numbers(self, ids: Sequence[str]) -> dict[str, int]:
        """The highest passage number each of these documents has used: one below it that a document
        lacks was edited away."""
        with _reported(self.path), self._reading():
            counts: dict[str, int] = dict(self._select_in(
                "SELECT id, paragraph_count FROM documents WHERE id IN ({})", ids))
            numbering = self._numbering(list(counts))
        return {doc_id: numbering[doc_id][1] if doc_id in numbering else count for doc_id, count in counts.items()}

    def infos(self, *, prefix: str = "", limit: int | None = None) -> list[DocumentInfo]:
        """The documents (those whose id begins with `prefix`), oldest first."""
        sql = f"SELECT {_INFO_COLUMNS} FROM documents WHERE id >= ? AND id < ? ORDER BY added, id"
        with _reported(self.path):
            rows = self._db.execute(sql + (f" LIMIT {int(limit)}" if limit else ""), (prefix, prefix + "\uffff"))
            return [_info(row) for row in rows]

    def store(self, document: Document, reserved: Mapping[str, str] = {},
              overrides: Metadata = NO_OVERRIDES) -> Stored:
        """Add, update or recognise one document, in one transaction (or the open batch's).

        `reserved` maps text hashes of documents outside the library (the
        seeds) to their ids, so a copy of a seed is a duplicate too.
        `overrides` is metadata the user sets: it is kept with the document,
        with what earlier calls set (the newest winning), and stands over
        what the text says. A document is the same one when its path is
        (for standard input: when its text is).
        """
        fingerprint = text_hash(document)
        info = document.info
        with _reported(self.path), self._writing():
            same_text = self._db.execute(
                "SELECT id, path, sha256 FROM documents WHERE text_hash = ?", (fingerprint,)).fetchall()
            existing = self._existing(info.path, fingerprint)
            overrides = _merged(self._overrides(existing[0]) if existing else NO_OVERRIDES, overrides)
            if existing and existing[1] == info.sha256:
                return self._restamped(existing[0], overrides, info)
            repeats = [row[0] for row in same_text if not existing or row[0] != existing[0]]
            if fingerprint in reserved or repeats:
                return Stored(DUPLICATE, reserved.get(fingerprint) or repeats[0])
            if existing and any(row[0] == existing[0] for row in same_text):
                return self._restamped(existing[0], overrides, info)  # new bytes, same passages (re-encoded)
            doc_id = existing[0] if existing else self._free_id(info.sha256)
            updated = Document(with_overrides(info, overrides), document.paragraphs)
            self._write(_with_id(updated, doc_id), fingerprint, replacing=existing is not None)
            self._keep_overrides(doc_id, overrides)
            return Stored(UPDATED if existing else ADDED, doc_id)

    def overrides(self, doc_id: str) -> Metadata:
        """The metadata the user set for a document (NO_OVERRIDES for none)."""
        with _reported(self.path):
            return self._overrides(doc_id)

    def _existing(self, path: str, fingerprint: str) -> tuple[str, str] | None:
        """(id, sha256) of the document this one would update: the one at its path, or for standard
        input the one read from standard input with the same text."""
        if path == STDIN_PATH:
            row = self._db.execute("SELECT id, sha256 FROM documents WHERE path = ? AND text_hash = ?",
                                   (STDIN_PATH, fingerprint)).fetchone()
        else:
            row = self._db.execute("SELECT id, sha256 FROM documents WHERE path = ?", (path,)).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def _numbering(self, ids: Sequence[str]) -> dict[str, tuple[list[int] | None, int]]:
        """(numbers in position order, or None for 1..N; the highest used) of these documents, for those
        whose numbering is not simply 1..N."""
        if self._format != FORMAT:
            return {}  # a library read as an older format, whose documents were never renumbered
        rows = self._select_in("SELECT doc_id, numbers, top FROM numbering WHERE doc_id IN ({})", ids)
        return {doc_id: (_numbers(runs) if runs else None, top) for doc_id, runs, top in rows}

    def _numbered_texts(self, doc_id: str, numbers: list[int] | None) -> list[tuple[int, str]]:
        """(number, text) of a stored document's passages, in order."""
        first, count = self._db.execute("SELECT first_paragraph, paragraph_count FROM documents WHERE id = ?",
                                        (doc_id,)).fetchone()
        texts = [_text(text) for (text,) in self._db.execute(
            "SELECT text FROM paragraphs WHERE rowid >= ? AND rowid < ? ORDER BY rowid", (first, first + count))]
        return list(zip(numbers or range(1, count + 1), texts, strict=False))

    def _keep_numbering(self, doc_id: str, numbers: Sequence[int], top: int) -> None:
        plain = list(numbers) == list(range(1, len(numbers) + 1))
        if plain and top == len(numbers):
            self._db.execute("DELETE FROM numbering WHERE doc_id = ?", (doc_id,))
        else:
            self._db.execute("INSERT OR REPLACE INTO numbering VALUES (?, ?, ?)",
                             (doc_id, None if plain else _runs(numbers), top))

    def _overrides(self, doc_id: str) -> Metadata:
        if self._format not in _WITH_OVERRIDES:
            return NO_OVERRIDES  # a library read as an older format, which kept none
        row = self._db.execute(f"SELECT {', '.join(_OVERRIDDEN)} FROM overrides WHERE doc_id = ?",
                               (doc_id,)).fetchone()
        return Metadata(**dict(zip(_OVERRIDDEN, row, strict=True))) if row else NO_OVERRIDES

    def _keep_overrides(self, doc_id: str, overrides: Metadata) -> None:
        self._db.execute("DELETE FROM overrides WHERE doc_id = ?", (doc_id,))
        if overrides.given():
            self._db.execute(f"INSERT INTO overrides VALUES (?, {', '.join('?' * len(_OVERRIDDEN))})",
                             (doc_id, *(getattr(overrides, name) for name in _OVERRIDDEN)))

    def _restamped(self, doc_id: str, overrides: Metadata, found: DocumentInfo) -> Stored:
        """An unchanged document's metadata brought in line with `overrides` over what it says of itself
        (`found`, so a cleared override gives the found value back): UPDATED if that changed it."""
        row = self._db.execute(f"SELECT {_INFO_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        stored = _info(row)
        wanted = with_overrides(stored._replace(**{name: getattr(found, name) for name in _OVERRIDDEN}), overrides)
        if overrides != self._overrides(doc_id):
            self._keep_overrides(doc_id, overrides)
        if wanted == stored:
            return Stored(UNCHANGED, doc_id)
        self._db.execute(
            "UPDATE documents SET title = ?, date = ?, source = ?, url = ?, updated = ?, generation = ? WHERE id = ?",
            (wanted.title, wanted.date, wanted.source, wanted.url, time.strftime("%Y-%m-%dT%H:%M:%S"), self._bump(),
             doc_id))
        return Stored(UPDATED, doc_id)

    def remove(self, doc_id: str) -> bool:
        """Take one document out; False when the library has no such document."""
        with _reported(self.path), self._writing():
            row = self._db.execute("SELECT first_paragraph, paragraph_count FROM documents WHERE id = ?",
                                   (doc_id,)).fetchone()
            removed = self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount
            if removed:
                self._delete_paragraphs(*row)
                if self._format in _WITH_OVERRIDES:
                    self._db.execute("DELETE FROM overrides WHERE doc_id = ?", (doc_id,))
                # Its numbering stays: a document re-added under this id numbers on from it.
                generation = self._bump()
                self._db.execute("INSERT INTO removed VALUES (?, ?)", (doc_id, generation))
        return bool(removed)

    @contextmanager
    def batch(self) -> Iterator[Callable[[], None]]:
        """Write several documents in one transaction; the callback commits what is written so far.

        Many small transactions cost a sync each; a bulk `add` commits a batch
        at a time and still leaves whole documents only.
        """
        with _reported(self.path):
            self._begin_write()
        try:
            yield self._commit_and_continue
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        with _reported(self.path):
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def _commit_and_continue(self) -> None:
        with _reported(self.path):
            if self._db.in_transaction:
                self._db.execute("COMMIT")
            self._begin_write()

    def _begin_write(self) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue rather
        # than fail half-way through a document.
        if self.read_only:
            raise self.read_only
        if not self._checked:
            self._check_sound()
        self._db.execute("BEGIN IMMEDIATE")

    def _check_sound(self, *, schema: bool = True) -> None:
        """Refuse to write to a damaged file: SQLite's quick_check, and the tables and columns this
        format needs (a lost table is not re-created empty, which would hide the loss)."""
        found = [str(row[0]) for row in self._db.execute("PRAGMA quick_check(2)")]
        if found != ["ok"]:
            # One problem per row, a row may hold several lines, and some lines only say where.
            problems = [line for row in found for line in row.splitlines() if line and not line.startswith("***")]
            more = "; and more" if len(problems) > 1 else ""
            raise _damaged(self.path, f"SQLite's quick_check: {(problems or found)[0]}{more}", checked=True)
        if schema and self._format == FORMAT:
            missing = _missing_columns(self._db)
            if missing:
                raise _damaged(self.path, f"it lacks {', '.join(missing)}", checked=True)
        self._checked = True

    def _write(self, document: Document, fingerprint: str, *, replacing: bool) -> None:
        info, now = document.info, time.strftime("%Y-%m-%dT%H:%M:%S")
        kept = self._numbering([info.id]).get(info.id)
        if replacing or kept:  # a new document with no numbers used before is numbered 1..N: nothing to keep
            old = self._numbered_texts(info.id, kept[0] if kept else None) if replacing else []
            numbers, top = renumbered([p.text for p in document.paragraphs], old, kept[1] if kept else len(old))
            self._keep_numbering(info.id, numbers, top)
        if replacing:
            added, first, count = self._db.execute(
                "SELECT added, first_paragraph, paragraph_count FROM documents WHERE id = ?", (info.id,)).fetchone()
            self._db.execute("DELETE FROM documents WHERE id = ?", (info.id,))
            self._delete_paragraphs(first, count)
        else:
            added = now
        generation = self._bump()
        first = self._append_paragraphs(document.paragraphs)
        self._db.execute(
            "INSERT INTO documents (id, path, sha256, text_hash, title, subtitle, date, source, url, paragraph_count, "
            "first_paragraph, added, updated, generation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (info.id, info.path, info.sha256, fingerprint, info.title, info.subtitle, info.date, info.source,
             info.url, len(document.paragraphs), first, added, now, generation))

    def _append_paragraphs(self, paragraphs: Sequence[Paragraph]) -> int:
        """Store paragraphs as consecutive rows; returns the first one's row id."""
        last = self._db.execute("SELECT coalesce(max(rowid), 0) FROM paragraphs").fetchone()[0]
        self._db.executemany("INSERT INTO paragraphs (rowid, kind, text) VALUES (?,?,?)",
                             [(last + n, _KINDS.index(p.kind), _packed(p.text))
                              for n, p in enumerate(paragraphs, start=1)])
        return int(last) + 1

    def _delete_paragraphs(self, first: int, count: int) -> None:
        self._db.execute("DELETE FROM paragraphs WHERE rowid >= ? AND rowid < ?", (first, first + count))

    def _free_id(self, sha256: str) -> str:
        # The id is the content hash's prefix; an updated document keeps its
        # old id, so a new text may hash to a taken one: lengthen it then.
        for length in range(DOC_ID_LENGTH, len(sha256) + 1, 2):
            candidate = sha256[:length]
            if not self._db.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
                return candidate
        import uuid

        return uuid.uuid4().hex

    def _bump(self) -> int:
        self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        return self.generation()

    def _create(self) -> None:
        tables = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master")}
        if tables and "meta" not in tables:
            self.close()
            self._not_a_library()
        if not tables:
            self._check_sound(schema=False)  # a new file: nothing to lose, but never a damaged one
            self._db.execute("PRAGMA journal_mode=WAL")
            with self._writing():
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(statement)
                _initialise_meta(self._db)

    def _check_format(self) -> None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
            row = None
        if row is None:
            self._not_a_library()
        if row[0] not in READABLE_FORMATS:
            raise StorageError(f"{self.path} is a library of format {row[0]}, which this c5brief "
                               f"(format {FORMAT}) cannot read; upgrade c5brief or use another --library")
        self._format = row[0]
        if self._format == "1":
            try:
                with self._writing():
                    _upgrade_from_1(self._db)
            except (sqlite3.OperationalError, StorageError) as exc:
                if not (self.read_only or "readonly" in str(exc)):
                    raise
                raise StorageError(f"{self.path} is a library of an older format, which this c5brief upgrades "
                                   "in place; it is read-only here, so copy it somewhere writable") from exc
            self._format = FORMAT
        if self._format in ("2", "3"):
            try:
                with self._writing():
                    _upgrade_from_2(self._db)
                self._format = FORMAT
            except (sqlite3.OperationalError, StorageError) as exc:
                if not (self.read_only or "readonly" in str(exc)):
                    raise  # read-only, it is read as format 2 is: its documents are all there

    def _not_a_library(self) -> None:
        raise StorageError(f"{self.path} is not a c5brief library; it was left untouched. "
                           "Choose another folder with --library DIR.")

    def _select_in(self, sql: str, given: Sequence[Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        values = list(given)
        for start in range(0, len(values), 500):  # stay under SQLite's variable limit
            batch = values[start:start + 500]
            rows.extend(self._db.execute(sql.format(",".join("?" * len(batch))), batch))
        return rows

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self._db.in_transaction:
            yield  # inside a batch: its transaction holds the lock
            return
        self._begin_write()
        try:
            yield
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        if self._db.in_transaction:
            self._db.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """One consistent view across several statements."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")


def _packed(text: str) -> str | bytes:
    if len(text) < _COMPRESS_FROM:
        return text
    import zlib

    packed = zlib.compress(text.encode("utf-8"), 6)
    return packed if len(packed) < len(text) else text


def _text(stored: str | bytes) -> str:
    if isinstance(stored, bytes):
        import zlib

        return zlib.decompress(stored).decode("utf-8")
    return stored


def _upgrade_from_1(db: sqlite3.Connection) -> None:
    """Format 1 kept paragraphs keyed by (document, number) and each document's text: repack them."""
    db.execute("ALTER TABLE documents RENAME TO documents_v1")
    db.execute("ALTER TABLE paragraphs RENAME TO paragraphs_v1")
    for index in ("documents_by_path", "documents_by_text"):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    for statement in filter(str.strip, _TABLES.split(";")):
        db.execute(statement)
    old = db.execute("SELECT id, path, sha256, text_hash, title, subtitle, date, source, url, paragraph_count, "
                     "added, updated FROM documents_v1 ORDER BY added, id").fetchall()
    row = 1
    for values in old:
        paragraphs = db.execute("SELECT kind, text FROM paragraphs_v1 WHERE doc_id = ? ORDER BY number",
                                (values[0],)).fetchall()
        db.executemany("INSERT INTO paragraphs (rowid, kind, text) VALUES (?,?,?)",
                       [(row + n, _KINDS.index(kind), _packed(text)) for n, (kind, text) in enumerate(paragraphs)])
        db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (*values[:9], len(paragraphs), row, values[10], values[11], 0))
        row += len(paragraphs)
    db.execute("DROP TABLE documents_v1")
    db.execute("DROP TABLE paragraphs_v1")
    for statement in filter(str.strip, _INDEXES.split(";")):
        db.execute(statement)
    db.execute("UPDATE meta SET value = ? WHERE key = 'format'", (FORMAT,))


def _upgrade_from_2(db: sqlite3.Connection) -> None:
    """Format 2 kept no user-set metadata, and 3 no citation numbers: add the tables for them."""
    db.execute(_OVERRIDES_TABLE)
    db.execute(_NUMBERING_TABLE)
    db.execute("UPDATE meta SET value = ? WHERE key = 'format'", (FORMAT,))


def renumbered(texts: Sequence[str], old: Sequence[tuple[int, str]], top: int) -> tuple[list[int], int]:
    """The citation numbers of a document's new passages, and the highest now used.

    A passage whose exact text the old version had keeps that passage's number,
    and every other takes the next number after `top`, the highest the document
    has used, so an old citation either finds the text it cited or finds nothing.
    The passages before and after what changed keep theirs by position (a passage
    that also stands elsewhere keeps its own number); in between, by text, each old
    number once, in order (so a passage moved keeps its number).
    """
    from collections import deque

    shortest = min(len(texts), len(old))
    head = next((i for i in range(shortest) if texts[i] != old[i][1]), shortest)
    tail = next((i for i in range(shortest - head) if texts[-1 - i] != old[-1 - i][1]), shortest - head)
    free: dict[str, deque[int]] = {}
    for number, text in old[head:len(old) - tail]:
        free.setdefault(text, deque()).append(number)
    numbers = [number for number, _ in old[:head]]
    for text in texts[head:len(texts) - tail]:
        same = free.get(text)
        if same:
            numbers.append(same.popleft())
        else:
            top += 1
            numbers.append(top)
    numbers.extend(number for number, _ in old[len(old) - tail:])
    return numbers, top


def _runs(numbers: Sequence[int]) -> str:
    """Numbers as runs of consecutive ones: [1, 2, 3, 13, 5, 6] -> "1-3,13,5-6"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def _numbers(runs: str) -> list[int]:
    numbers: list[int] = []
    for run in runs.split(","):
        first, _, last = run.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def _merged(kept: Metadata, new: Metadata) -> Metadata:
    """What the user set before, with what they set now standing over it (an empty value clears one)."""
    return kept._replace(**new.given(), **dict.fromkeys(new.cleared()))


def _paragraph(doc_id: str, number: int, kind: str, text: str) -> Paragraph:
    from c5brief.analyze import language

    return Paragraph(doc_id, number, kind, text, language(text))


def _info(row: tuple[Any, ...]) -> DocumentInfo:
    doc_id, title, path, sha256, subtitle, date, source, url, count = row
    return DocumentInfo(id=doc_id, title=title, path=path, origin=LIBRARY, sha256=sha256, subtitle=subtitle,
                        date=date, source=source, url=url, paragraph_count=count)


def _with_id(document: Document, doc_id: str) -> Document:
    if document.info.id == doc_id:
        return document
    return Document(document.info._replace(id=doc_id),
                    tuple(p._replace(doc_id=doc_id) for p in document.paragraphs))


def _initialise_meta(connection: sqlite3.Connection) -> None:
    import uuid

    connection.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                           [("format", FORMAT), ("uuid", uuid.uuid4().hex), ("generation", "0")])


@contextmanager
def _reported(path: str) -> Iterator[None]:
    """SQLite and file-system failures as one-line errors that name the library file."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise _storage_error(path, exc) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise _full(path) from exc
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise _read_only(path) from exc
        raise StorageError(f"cannot use the library {path} ({exc.strerror or exc})") from exc


def _storage_error(path: str, exc: sqlite3.DatabaseError) -> StorageError:
    """What went wrong, said as it is: busy, a full disk, a read-only file, a failing disk, or damage."""
    message = str(exc)
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+; the message says the same
    if "locked" in message or "busy" in message:
        return StorageError(f"the library {path} is busy (another c5brief is writing to it); "
                            "try again in a moment")
    if name == "SQLITE_FULL" or "database or disk is full" in message or (
            ("disk I/O error" in message or name.startswith("SQLITE_IOERR")) and _disk_full(path)):
        return _full(path)
    if "readonly" in message or name.startswith("SQLITE_READONLY") or (
            "unable to open database file" in message and not _writable(path)):
        return _read_only(path)
    if "disk I/O error" in message or name.startswith("SQLITE_IOERR"):
        return StorageError(f"cannot use the library {path}: a disk I/O error ({message}); it was left as "
                            "it is. Check the disk, then try again")
    return _damaged(path, message)


def _damaged(path: str, reason: str, *, checked: bool = False) -> StorageError:
    """A damaged library, and how to recover (the command quoted for the shell: paths may hold anything)."""
    import shlex

    said = f"is damaged ({reason}); nothing was written to it" if checked else \
        f"cannot be read ({reason}); it was left untouched"
    return StorageError(
        f"the library {path} {said}. To keep your documents, restore it from a backup; to start an empty "
        f"library, move it aside (mv {shlex.quote(path)} {shlex.quote(path + '.damaged')})")


def _full(path: str) -> StorageError:
    error = StorageError(f"cannot write the library {path}: no space left on device; the documents stored "
                         "before are kept whole. Free some space, then run the command again")
    error.kind = _FULL
    return error


def _read_only(path: str) -> StorageError:
    error = StorageError(f"the library {path} is read-only (a read-only file, folder or disk): opened for "
                         "reading only, nothing was written. To change it, copy it somewhere writable "
                         "and use --library")
    error.kind = _READ_ONLY
    return error


def _make_room(path: str) -> None:
    """The folder of a library about to be created, made if need be and checked writable."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        if not os.access(folder, os.W_OK):
            code = errno.EROFS if os.statvfs(folder).f_flag & os.ST_RDONLY else errno.EACCES
            raise OSError(code, os.strerror(code))
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise _full(path) from exc
        raise StorageError(f"cannot create the library {path} ({exc.strerror or exc}); "
                           "choose a writable folder with --library DIR") from exc


def _writable(path: str) -> bool:
    """Whether SQLite can write the library: the file, and its folder (for the -wal and -shm files)."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(folder, os.W_OK) and (not os.path.exists(path) or os.access(path, os.W_OK))


def _disk_full(path: str) -> bool:
    try:
        stats = os.statvfs(os.path.dirname(os.path.abspath(path)))
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < _FULL_BELOW


def _connect(path: str, read_only: StorageError | None, *,
             fall_back: bool) -> tuple[sqlite3.Connection, StorageError | None]:
    """A connection to the library, and why it is read-only if it is.

    A library SQLite cannot open for writing (a full disk, a read-only mount
    that os.access did not reveal) is opened for reading when `fall_back`.
    """
    if read_only is None:
        connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection, None
        except sqlite3.OperationalError as exc:
            connection.close()
            read_only = _storage_error(path, exc)
            if not (fall_back and read_only.kind in (_FULL, _READ_ONLY)):
                raise read_only from exc
    # SQLite URIs need ?, # and % escaped.
    uri = "file:" + os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        connection = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection, read_only
    except sqlite3.OperationalError as exc:
        # A WAL library needs its -shm file, which a read-only folder (or a full disk) cannot hold.
        # With no -wal file there is nothing SQLite would read from it: the file alone is the library.
        wal = path + "-wal"
        if os.path.exists(wal) and os.path.getsize(wal) > 0:
            raise read_only from exc
    return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, isolation_level=None), read_only


@lru_cache(maxsize=1)
def _expected_columns() -> dict[str, tuple[str, ...]]:
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    expected = {t: tuple(row[1] for row in db.execute(f"PRAGMA table_info({t})")) for t in tables}
    db.close()
    return expected


def _missing_columns(db: sqlite3.Connection) -> list[str]:
    """The tables (or columns) this format needs that the file lacks."""
    missing = []
    for table, columns in _expected_columns().items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not have:
            missing.append(f"its {table} table")
        else:
            missing.extend(f"the column {table}.{c}" for c in columns if c not in have)
    return missing
