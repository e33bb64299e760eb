"""The analyzed corpus on disk: paragraphs, postings and vocabulary in SQLite.

An index is derived data. It lives in the cache folder under a name derived
from the documents' contents, their paths and the analyzer's fingerprint, so a
changed file or analyzer gives a new index and a stale one is never read. It is
written to a temporary file and renamed into place, so a crash leaves either
the old state or the new, never half an index. A damaged index is rebuilt; an
unwritable cache folder means the index is built in memory for this run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from c5brief import analyze
from c5brief.errors import CorpusError
from c5brief.load import read_document
from c5brief.models import Document, DocumentInfo, Paragraph, SourceFile

FORMAT_VERSION = 1
KEPT_INDEXES = 8  # older index files beyond this many are removed
_STATMAP = "statmap.json"
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
"""


@dataclass(frozen=True)
class CorpusStats:
    paragraphs: int
    average_length: float


@dataclass(frozen=True)
class Posting:
    pid: int
    tf: int
    length: int
    kind: str


class Index:
    """Read access to one built index."""

    def __init__(self, connection: sqlite3.Connection, location: str):
        self._db = connection
        self.location = location  # a file path, or ":memory:"

    def close(self) -> None:
        self._db.close()

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def stats(self) -> CorpusStats:
        meta = self.meta()
        count = int(meta["paragraphs"])
        return CorpusStats(count, int(meta["total_length"]) / count if count else 0.0)

    def vocabulary(self, words: Sequence[str]) -> dict[str, str]:
        """The index term of each word the corpus contains."""
        return dict(self._select_in("SELECT word, term FROM vocabulary WHERE word IN ({})", words))

    def postings(self, terms: Sequence[str]) -> dict[str, list[Posting]]:
        """Every paragraph containing each term, with its term frequency."""
        found: dict[str, list[Posting]] = {term: [] for term in terms}
        sql = ("SELECT po.term, po.pid, po.tf, pa.length, pa.kind FROM postings po "
               "JOIN paragraphs pa ON pa.pid = po.pid WHERE po.term IN ({})")
        for term, pid, tf, length, kind in self._select_in(sql, terms):
            found[term].append(Posting(pid, tf, length, kind))
        return found

    def paragraphs(self, pids: Sequence[int]) -> dict[int, Paragraph]:
        sql = "SELECT pid, doc_id, number, kind, text FROM paragraphs WHERE pid IN ({})"
        return {pid: Paragraph(doc, number, kind, text)
                for pid, doc, number, kind, text in self._select_in(sql, pids)}

    def documents(self, ids: Sequence[str] | None = None) -> dict[str, DocumentInfo]:
        columns = ("id, title, path, origin, sha256, subtitle, date, source, url, "
                   "paragraph_count FROM documents")
        rows = (self._db.execute(f"SELECT {columns} ORDER BY rowid") if ids is None
                else self._select_in(f"SELECT {columns} WHERE id IN ({{}})", ids))
        return {row[0]: DocumentInfo(*row) for row in rows}

    def _select_in(self, sql: str, values: Sequence) -> list[tuple]:
        rows: list[tuple] = []
        values = list(values)
        for start in range(0, len(values), 500):  # stay under SQLite's variable limit
            batch = values[start:start + 500]
            rows.extend(self._db.execute(sql.format(",".join("?" * len(batch))), batch))
        return rows


@dataclass
class OpenedIndex:
    index: Index
    notes: list[str] = field(default_factory=list)  # what the user should hear on stderr


def open_index(sources: Sequence[SourceFile], cache_dir: str | None, *,
               rebuild: bool = False) -> OpenedIndex:
    """The index of these files: from the cache when it is current, else built now."""
    notes: list[str] = []
    quick_key = _key("stat", ((s.path, s.origin, s.size, s.mtime_ns) for s in sources))
    cache = _usable_cache(cache_dir, notes)
    if cache and not rebuild:
        name = _read_statmap(cache).get(quick_key)
        if name and (index := _open_valid(os.path.join(cache, name), notes)):
            return OpenedIndex(index, notes)
    documents = _read_documents(sources, notes)
    name = "index-" + _key("content", ((d.info.path, d.info.origin, d.info.sha256) for d in documents))[:24] + ".sqlite"
    if cache:
        path = os.path.join(cache, name)
        if not rebuild and (index := _open_valid(path, notes)):
            _remember(cache, quick_key, name)
            return OpenedIndex(index, notes)
        try:
            _build_file(documents, path)
            _remember(cache, quick_key, name)
            _prune(cache)
            return OpenedIndex(_connect(path), notes)
        except (OSError, sqlite3.Error) as exc:
            notes.append(f"cannot write the cache ({_reason(exc)}); building the index in memory")
    connection = sqlite3.connect(":memory:")
    _write_index(connection, documents)
    return OpenedIndex(Index(connection, ":memory:"), notes)


def build_documents_index(documents: Sequence[Document]) -> Index:
    """An in-memory index of documents already loaded (for tests and tools)."""
    connection = sqlite3.connect(":memory:")
    _write_index(connection, documents)
    return Index(connection, ":memory:")


def _key(kind: str, items: Iterable[tuple]) -> str:
    digest = hashlib.sha256(f"{kind}\0{FORMAT_VERSION}\0{analyze.fingerprint()}".encode())
    for item in sorted(items):
        digest.update(("\0".join(map(str, item)) + "\n").encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _read_documents(sources: Sequence[SourceFile], notes: list[str]) -> list[Document]:
    documents: dict[str, Document] = {}
    duplicates: list[tuple[str, str]] = []
    for source in sources:
        document = read_document(source)
        if document.info.id in documents:
            duplicates.append((source.path, documents[document.info.id].info.path))
            continue
        documents[document.info.id] = document
    if duplicates:
        path, original = duplicates[0]
        more = f" and {len(duplicates) - 1} more" if len(duplicates) > 1 else ""
        notes.append(f"skipped {len(duplicates)} file(s) whose text repeats another's "
                     f"({path} = {original}{more})")
    return list(documents.values())


def _usable_cache(cache_dir: str | None, notes: list[str]) -> str | None:
    if cache_dir is None:
        return None
    try:
        os.makedirs(cache_dir, exist_ok=True)
    except OSError as exc:
        notes.append(f"cannot use the cache folder {cache_dir} ({_reason(exc)}); working in memory")
        return None
    return cache_dir


def _read_statmap(cache: str) -> dict[str, str]:
    try:
        with open(os.path.join(cache, _STATMAP), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember(cache: str, quick_key: str, name: str) -> None:
    # The stat map only saves re-reading files; losing it costs time, not data.
    statmap = _read_statmap(cache)
    statmap.pop(quick_key, None)
    statmap[quick_key] = name
    recent = dict(list(statmap.items())[-4 * KEPT_INDEXES:])
    try:
        _atomic_write(os.path.join(cache, _STATMAP), json.dumps(recent).encode())
    except OSError:
        pass


def _open_valid(path: str, notes: list[str]) -> Index | None:
    if not os.path.exists(path):
        return None
    try:
        index = _connect(path)
        meta = index.meta()
        if meta.get("format") == str(FORMAT_VERSION) and meta.get("analyzer") == analyze.fingerprint():
            return index
        index.close()
    except sqlite3.Error:
        pass
    notes.append(f"the cached index {os.path.basename(path)} was damaged or outdated; rebuilt it")
    try:
        os.unlink(path)
    except OSError:
        pass
    return None


def _connect(path: str) -> Index:
    # Read-only: a query never writes the cache. SQLite URIs need ?, # and % escaped.
    quoted = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    connection = sqlite3.connect(f"file:{quoted}?mode=ro", uri=True)
    return Index(connection, path)


def _build_file(documents: Sequence[Document], path: str) -> None:
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=os.path.dirname(path))
    os.close(handle)
    try:
        connection = sqlite3.connect(temp)
        try:
            _write_index(connection, documents)
        finally:
            connection.close()
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise


def _write_index(connection: sqlite3.Connection, documents: Sequence[Document]) -> None:
    """Analyze every paragraph and store documents, paragraphs, postings and vocabulary."""
    if not any(d.paragraphs for d in documents):
        raise CorpusError("the corpus has no passages to search")
    connection.executescript(_SCHEMA)
    vocabulary: dict[str, str] = {}
    postings: list[tuple[str, int, int]] = []
    rows: list[tuple] = []
    total = 0
    for document in documents:
        for paragraph in document.paragraphs:
            words = analyze.content_words(paragraph.text)
            terms = [vocabulary.setdefault(w, analyze.stem(w)) for w in words]
            pid = len(rows) + 1
            rows.append((pid, paragraph.doc_id, paragraph.number, paragraph.kind, paragraph.text, len(terms)))
            postings.extend((term, pid, tf) for term, tf in Counter(terms).items())
            total += len(terms)
    with connection:
        connection.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (i.id, i.title, i.subtitle, i.date, i.source, i.url, i.path, i.origin, i.sha256,
             i.paragraph_count) for i in (d.info for d in documents)])
        connection.executemany("INSERT INTO paragraphs VALUES (?,?,?,?,?,?)", rows)
        connection.executemany("INSERT INTO postings VALUES (?,?,?)", postings)
        connection.executemany("INSERT INTO vocabulary VALUES (?,?)", vocabulary.items())
        connection.executemany("INSERT INTO meta VALUES (?,?)", [
            ("format", str(FORMAT_VERSION)), ("analyzer", analyze.fingerprint()),
            ("paragraphs", str(len(rows))), ("total_length", str(total)),
        ])


def _prune(cache: str) -> None:
    names = [n for n in os.listdir(cache) if n.startswith("index-") and n.endswith(".sqlite")]
    indexes = sorted((os.path.join(cache, n) for n in names), key=os.path.getmtime, reverse=True)
    for old in indexes[KEPT_INDEXES:]:
        _remove(old)


def _atomic_write(path: str, data: bytes) -> None:
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=".writing-", dir=os.path.dirname(path))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
