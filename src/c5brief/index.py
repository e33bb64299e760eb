"""The analyzed corpus on disk: paragraphs, postings and vocabulary in SQLite.

An index is derived data. It lives in the cache folder under a name derived
from the documents' contents, their paths and the analyzer's fingerprint, so a
changed file or analyzer gives a new index and a stale one is never read. It is
written to a temporary file and renamed into place, so a crash leaves either
the old state or the new, never half an index. A damaged index is rebuilt; an
unwritable cache folder means the index is built in memory for this run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain as _chain
from typing import TYPE_CHECKING, NamedTuple

from c5brief import analyze, sentences
from c5brief.errors import CorpusError
from c5brief.hashing import digest, files_digest
from c5brief.load import SEED, read_document
from c5brief.models import Document, DocumentInfo, Paragraph, SourceFile

if TYPE_CHECKING:
    from c5brief.library import Library

FORMAT_VERSION = 2
KEPT_INDEXES = 4  # older index files beyond this many are removed (a large library's index is ~17 MB)
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
CREATE TABLE sentences(sid INTEGER PRIMARY KEY, pid INTEGER NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, terms TEXT NOT NULL);
CREATE TABLE mentions(tag TEXT NOT NULL, sid INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY(tag, sid)) WITHOUT ROWID;
CREATE TABLE aliases(terms TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(terms, tag)) WITHOUT ROWID;
"""


class CorpusStats(NamedTuple):
    paragraphs: int
    average_length: float


class SentenceRow(NamedTuple):
    sid: int
    pid: int
    doc_id: str
    paragraph_number: int
    text: str
    terms: tuple[str, ...]
    tags: dict[str, int]


class Posting(NamedTuple):
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

    def document_ids(self, prefix: str) -> list[str]:
        """Ids of the documents whose id begins with `prefix` (an exact id wins)."""
        if self._db.execute("SELECT 1 FROM documents WHERE id = ?", (prefix,)).fetchone():
            return [prefix]
        rows = self._db.execute("SELECT id FROM documents WHERE substr(id, 1, ?) = ? ORDER BY id",
                                (len(prefix), prefix))
        return [doc_id for (doc_id,) in rows]

    def paragraphs_of(self, doc_id: str) -> list[Paragraph]:
        rows = self._db.execute("SELECT doc_id, number, kind, text FROM paragraphs WHERE doc_id = ? "
                                "ORDER BY number", (doc_id,))
        return [Paragraph(*row) for row in rows]

    def has_term(self, term: str) -> bool:
        return self._db.execute("SELECT 1 FROM postings WHERE term = ? LIMIT 1", (term,)).fetchone() is not None

    def similar_words(self, word: str) -> dict[str, str]:
        """Known words that share the first letter and have about the same length, with their terms."""
        sql = ("SELECT word, term FROM vocabulary WHERE word >= ? AND word < ? "
               "AND length(word) BETWEEN ? AND ?")
        first = word[0]
        return dict(self._db.execute(sql, (first, chr(ord(first) + 1), len(word) - 2, len(word) + 2)))

    def aliases(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """Tags of the gazetteer names whose terms (space-joined) are among `keys`."""
        found: dict[str, list[str]] = {}
        for terms, tag in self._select_in("SELECT terms, tag FROM aliases WHERE terms IN ({})", keys):
            found.setdefault(terms, []).append(tag)
        return found

    def alias_terms(self, tags: Sequence[str]) -> set[str]:
        """Every term of every name of these tags (for highlighting)."""
        rows = self._select_in("SELECT terms FROM aliases WHERE tag IN ({})", tags)
        return {term for (terms,) in rows for term in terms.split()}

    def tagged_paragraphs(self, tags: Sequence[str]) -> dict[str, set[int]]:
        """For each tag, the paragraphs (body text only) that mention it."""
        found: dict[str, set[int]] = {tag: set() for tag in tags}
        sql = ("SELECT po.term, po.pid FROM postings po JOIN paragraphs pa ON pa.pid = po.pid "
               "WHERE pa.kind = 'body' AND po.term IN ({})")
        for tag, pid in self._select_in(sql, tags):
            found[tag].add(pid)
        return found

    def paragraph_documents(self, pids: Sequence[int]) -> dict[int, str]:
        return dict(self._select_in("SELECT pid, doc_id FROM paragraphs WHERE pid IN ({})", pids))

    def sentences_mentioning(self, tags: Sequence[str]) -> list[SentenceRow]:
        """Body sentences mentioning any of the tags, with all their tags, in corpus order."""
        sql = ("SELECT DISTINCT s.sid FROM mentions m JOIN sentences s ON s.sid = m.sid "
               "JOIN paragraphs p ON p.pid = s.pid WHERE p.kind = 'body' AND m.tag IN ({})")
        sids = sorted(sid for (sid,) in self._select_in(sql, tags))
        tag_rows = self._select_in("SELECT sid, tag, count FROM mentions WHERE sid IN ({})", sids)
        tags_of: dict[int, dict[str, int]] = {}
        for sid, tag, count in tag_rows:
            tags_of.setdefault(sid, {})[tag] = count
        sql = ("SELECT s.sid, s.pid, p.doc_id, p.number, substr(p.text, s.start + 1, s.end - s.start), "
               "s.terms FROM sentences s JOIN paragraphs p ON p.pid = s.pid WHERE s.sid IN ({})")
        rows = sorted(self._select_in(sql, sids))
        return [SentenceRow(sid, pid, doc, number, text, tuple(terms.split()), tags_of.get(sid, {}))
                for sid, pid, doc, number, text, terms in rows]

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


def open_index(sources: Sequence[SourceFile], cache_dir: str | None, gazetteer_files: tuple[str, ...], *,
               library: Library | None = None, rebuild: bool = False) -> OpenedIndex:
    """The index of these files and the library's documents: from the cache when current, else built now.

    `gazetteer_files` are read only to fingerprint them, unless the index must be built;
    of the library only its stamp is read, unless the index must be built.
    """
    notes: list[str] = []
    fingerprint = index_fingerprint(files_digest(gazetteer_files))
    stat_items = [(s.path, s.origin, s.size, s.mtime_ns) for s in sources]
    if library is not None:
        stat_items.append((library.path, "library", library.stamp(), 0))
    quick_key = _key("stat", fingerprint, stat_items)
    cache = _usable_cache(cache_dir, notes)
    if cache and not rebuild:
        name = _read_statmap(cache).get(quick_key)
        if name and (index := _open_valid(os.path.join(cache, name), fingerprint, notes)):
            return OpenedIndex(index, notes)
    library_documents = library.snapshot().documents if library is not None else ()
    documents = _read_documents(sources, library_documents, notes)
    content = ((d.info.path, d.info.origin, d.info.sha256, d.info.id, d.info.title) for d in documents)
    name = "index-" + _key("content", fingerprint, content)[:24] + ".sqlite"
    if cache:
        path = os.path.join(cache, name)
        if not rebuild and (index := _open_valid(path, fingerprint, notes)):
            _remember(cache, quick_key, name)
            return OpenedIndex(index, notes)
        try:
            _build_file(documents, gazetteer_files, path)
            _remember(cache, quick_key, name)
            _prune(cache)
            return OpenedIndex(_connect(path), notes)
        except (OSError, sqlite3.Error) as exc:
            notes.append(f"cannot write the cache ({_reason(exc)}); building the index in memory")
    connection = sqlite3.connect(":memory:")
    _write_index(connection, documents, gazetteer_files)
    return OpenedIndex(Index(connection, ":memory:"), notes)


def index_fingerprint(gazetteer_digest: str) -> str:
    """Everything besides the documents that decides an index's content."""
    return f"{FORMAT_VERSION}-{analyze.fingerprint()}-{gazetteer_digest}-{sentences.fingerprint()}"


def _key(kind: str, fingerprint: str, items: Iterable[tuple]) -> str:
    return digest([kind, fingerprint, *("\t".join(map(str, item)) for item in sorted(items))])


def _read_documents(sources: Sequence[SourceFile], library_documents: Sequence[Document],
                    notes: list[str]) -> list[Document]:
    """Seeds, then the library, then other files; a repeated document is kept once."""
    seeds = [s for s in sources if s.origin == SEED]
    others = [s for s in sources if s.origin != SEED]
    documents: dict[str, Document] = {}
    duplicates: list[tuple[str, str]] = []
    for document in _chain(map(read_document, seeds), library_documents, map(read_document, others)):
        if document.info.id in documents:
            duplicates.append((document.info.path, documents[document.info.id].info.path))
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


def _open_valid(path: str, fingerprint: str, notes: list[str]) -> Index | None:
    if not os.path.exists(path):
        return None
    try:
        index = _connect(path)
        meta = index.meta()
        if meta.get("fingerprint") == fingerprint:
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


def _build_file(documents: Sequence[Document], gazetteer_files: tuple[str, ...], path: str) -> None:
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=os.path.dirname(path))
    os.close(handle)
    try:
        connection = sqlite3.connect(temp)
        try:
            _write_index(connection, documents, gazetteer_files, os.path.dirname(path))
        finally:
            connection.close()
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise


def _write_index(connection: sqlite3.Connection, documents: Sequence[Document],
                 gazetteer_files: tuple[str, ...], cache_dir: str | None = None) -> None:
    """Annotate every paragraph and store documents, paragraphs, postings, sentences and names."""
    from c5brief.annotations import annotate_all  # build-time only: keeps the query path short
    from c5brief.gazetteer import compile_tags, load_files

    gazetteer = load_files(gazetteer_files)

    if not any(d.paragraphs for d in documents):
        raise CorpusError("the corpus has no passages to search")
    connection.executescript(_SCHEMA)
    tag_table = compile_tags(gazetteer, analyze.analyze)
    vocabulary = {w: analyze.stem(w) for terms in _gazetteer_words(gazetteer) for w in terms}
    rows: list[tuple] = []
    postings: list[tuple[str, int, int]] = []
    sentence_rows: list[tuple] = []
    mention_rows: list[tuple] = []
    total = 0
    paragraphs = [p for d in documents for p in d.paragraphs]
    fingerprint = index_fingerprint(gazetteer.fingerprint)
    passages = annotate_all([p.text for p in paragraphs], gazetteer_files, tag_table, gazetteer, cache_dir,
                            fingerprint)
    for paragraph, passage in zip(paragraphs, passages):
        vocabulary.update(zip(passage.words, passage.terms))
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


def _gazetteer_words(gazetteer) -> Iterable[list[str]]:
    # Names join the vocabulary, so a query for a spelling the corpus lacks
    # ("Tokaev") still finds its term without importing the stemmer.
    for entity in gazetteer.entities():
        for name in entity.names:
            yield analyze.content_words(name)
    for topic in gazetteer.topics:
        for keyword in topic.keywords:
            yield analyze.content_words(keyword)


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
