"""One index segment: the analysed documents of one source (the seeds, a library or a set of
--corpus files) in an SQLite file of the cache folder.

A segment holds what retrieval and briefs read besides the postings:
documents, paragraphs (their length, kind and, unless the library holds it,
their text), the sentences that name something, the mentions of gazetteer
entities and topics, the vocabulary (word -> term) and the gazetteer's names.
Its engine (engines/) keeps the postings, in the same file or beside it.

Paragraph keys (pids) are consecutive within a document and never reused, so
a document is a pid range. Segments are brought up to date incrementally
(index/sync.py): `add` writes new documents, `remove` deletes them, a few
batches to a transaction that also records how far the segment has caught up.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from c5brief.models import ENGLISH, LANGUAGES, META, PARAGRAPH_KINDS, DocumentInfo, Paragraph

FORMAT = "9"  # bumped whenever what is stored changes, the chunker's output included
KINDS = PARAGRAPH_KINDS  # stored as their position
HEADING = -1  # the sentence number of a headline's mentions
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    dkey INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, subtitle TEXT, date TEXT,
    source TEXT, url TEXT, path TEXT NOT NULL, origin TEXT NOT NULL, sha256 TEXT NOT NULL,
    paragraph_count INTEGER NOT NULL, first_pid INTEGER NOT NULL, size INTEGER, mtime INTEGER, heading TEXT,
    language TEXT);
CREATE TABLE IF NOT EXISTS paragraphs(
    pid INTEGER PRIMARY KEY, dkey INTEGER NOT NULL, number INTEGER NOT NULL, kind INTEGER NOT NULL,
    length INTEGER NOT NULL, text TEXT, headed INTEGER NOT NULL DEFAULT 0, lang INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sentences(
    pid INTEGER NOT NULL, number INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    terms TEXT NOT NULL, PRIMARY KEY(pid, number)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions(
    tag TEXT NOT NULL, pid INTEGER NOT NULL, sentence INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY(tag, pid, sentence)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_by_pid ON mentions(pid);
CREATE TABLE IF NOT EXISTS vocabulary(word TEXT PRIMARY KEY, term TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vocabulary_by_term ON vocabulary(term);
CREATE TABLE IF NOT EXISTS aliases(terms TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(terms, tag)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS translations(
    terms TEXT NOT NULL, other TEXT NOT NULL, shown TEXT NOT NULL, PRIMARY KEY(terms, other)) WITHOUT ROWID;
"""
_KNOWN_WORDS = 500_000  # words a writer remembers having stored (about 40 MB at most)
_DOCUMENT_COLUMNS = "id, title, path, origin, sha256, subtitle, date, source, url, paragraph_count, language"


class Stats(NamedTuple):
    paragraphs: int
    total_length: int


class ParagraphRow(NamedTuple):
    pid: int
    doc_id: str
    number: int
    kind: str
    length: int
    text: str | None  # None where the library holds the text
    heading: str | None = None  # the document's headline, indexed as part of this paragraph
    language: str = ENGLISH


class SentenceRow(NamedTuple):
    pid: int
    number: int  # the sentence's position in its paragraph
    start: int
    end: int
    terms: tuple[str, ...]
    tags: dict[str, int]  # tag -> mentions (0: inherited from the sentence before)


class AnnotatedDocument(NamedTuple):
    """A document with what the index needs of each paragraph."""

    info: DocumentInfo
    paragraphs: tuple[Paragraph, ...]
    passages: tuple[Any, ...]  # annotate.AnnotatedPassage, one per paragraph
    size: int | None = None  # of the file it was read from (for --corpus folders)
    mtime: int | None = None
    heading: str = ""  # the headline and standfirst, indexed with paragraph number `headed`
    headed: int | None = None
    heading_tags: dict[str, int] | None = None  # the names the headline mentions


class Segment:
    """One segment file, opened for reading, or for writing with `transaction()`."""

    def __init__(self, path: str, connection: sqlite3.Connection):
        self.path = path
        self.db = connection
        self._meta: dict[str, str] | None = None
        # Words this connection has put in the vocabulary, in transactions committed or open: most of
        # a document's words are there already, and looking each one up again was a build's largest write.
        self._known_words: set[str] = set()

    @classmethod
    def open(cls, path: str, *, write: bool = False) -> Segment:
        """An existing segment (read-only unless `write`), or a new one when writing."""
        if write:
            connection = sqlite3.connect(path, timeout=60, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # derived data: a lost commit is redone
            connection.executescript(_SCHEMA)
        else:
            # A query never writes the cache. SQLite URIs need ?, # and % escaped.
            quoted = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
            connection = sqlite3.connect(f"file:{quoted}?mode=ro", uri=True, isolation_level=None)
        return cls(path, connection)

    def close(self) -> None:
        self.db.close()

    # Meta: what the segment is and how far it has caught up.

    @property
    def store_text(self) -> bool:
        """False for a library's segment: the library holds the text."""
        return self.meta().get("store_text", "1") == "1"

    def meta(self) -> dict[str, str]:
        if self._meta is None:
            self._meta = dict(self.db.execute("SELECT key, value FROM meta"))
        return self._meta

    def set_meta(self, **values: object) -> None:
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])
        self._meta = None

    def stats(self) -> Stats:
        meta = self.meta()
        return Stats(int(meta.get("paragraphs", 0)), int(meta.get("total_length", 0)))

    # Reading.

    def documents(self, ids: Sequence[str] | None = None) -> dict[str, DocumentInfo]:
        if ids is None:
            rows = list(self.db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY dkey"))
        else:
            rows = self.select_in(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id IN ({{}})", ids)
        return {row[0]: DocumentInfo(*row) for row in rows}

    def iter_documents(self) -> Iterator[DocumentInfo]:
        """Every document, in the order they were added, read as it goes."""
        for row in self.db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY dkey"):
            yield DocumentInfo(*row)

    def document_count(self) -> int:
        counted = self.meta().get("documents")
        if counted is not None:
            return int(counted)
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def undated(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents WHERE date IS NULL OR date = ''").fetchone()[0])

    def ids(self) -> list[str]:
        return [doc_id for (doc_id,) in self.db.execute("SELECT id FROM documents")]

    def having(self, ids: Sequence[str]) -> set[str]:
        """Which of these documents the segment holds."""
        return {doc_id for (doc_id,) in self.select_in("SELECT id FROM documents WHERE id IN ({})", ids)}

    def document_ids(self, prefix: str) -> list[str]:
        """Ids of the documents whose id begins with `prefix`."""
        rows = self.db.execute("SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id",
                               (prefix, prefix + "\uffff"))
        return [doc_id for (doc_id,) in rows]

    def index_paths(self) -> None:
        """Paths are looked up only in a segment of --corpus files."""
        self.db.execute("CREATE INDEX IF NOT EXISTS documents_by_path ON documents(path)")

    def file_states(self) -> dict[str, tuple[str, int | None, int | None]]:
        """path -> (document id, size, mtime) of every document read from a file."""
        return {path: (doc_id, size, mtime)
                for doc_id, path, size, mtime in self.db.execute("SELECT id, path, size, mtime FROM documents")}

    def paragraphs(self, pids: Sequence[int]) -> dict[int, ParagraphRow]:
        sql = (f"SELECT {_PARAGRAPH_COLUMNS} FROM paragraphs p JOIN documents d ON d.dkey = p.dkey "
               "WHERE p.pid IN ({})")
        return {row[0]: _paragraph_row(row) for row in self.select_in(sql, pids)}

    def paragraphs_of(self, doc_id: str) -> list[ParagraphRow]:
        sql = (f"SELECT {_PARAGRAPH_COLUMNS} FROM documents d JOIN paragraphs p ON p.pid >= d.first_pid "
               "AND p.pid < d.first_pid + d.paragraph_count WHERE d.id = ? ORDER BY p.pid")
        return [_paragraph_row(r) for r in self.db.execute(sql, (doc_id,))]

    def vocabulary(self, words: Sequence[str]) -> dict[str, str]:
        """The index term of each word the segment's documents contain."""
        return dict(self.select_in("SELECT word, term FROM vocabulary WHERE word IN ({})", words))

    def words_for_terms(self, terms: Sequence[str]) -> dict[str, str]:
        """Every word of the corpus that stands for one of these terms, with its term."""
        return dict(self.select_in("SELECT word, term FROM vocabulary WHERE term IN ({})", terms))

    def similar_words(self, word: str) -> dict[str, str]:
        """Known words that share the first letter and have about the same length, with their terms."""
        sql = "SELECT word, term FROM vocabulary WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ?"
        first = word[0]
        return dict(self.db.execute(sql, (first, chr(ord(first) + 1), len(word) - 2, len(word) + 2)))

    def aliases(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """Tags of the gazetteer names whose terms (space-joined) are among `keys`."""
        found: dict[str, list[str]] = {}
        for terms, tag in self.select_in("SELECT terms, tag FROM aliases WHERE terms IN ({})", keys):
            found.setdefault(terms, []).append(tag)
        return found

    def translations(self, keys: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """For key-term sequences among `keys`, the other language's (terms, phrase as written)."""
        found: dict[str, list[tuple[str, str]]] = {}
        for terms, other, shown in self.select_in("SELECT terms, other, shown FROM translations WHERE terms IN ({})",
                                                  keys):
            found.setdefault(terms, []).append((other, shown))
        return found

    def alias_terms(self, tags: Sequence[str]) -> set[str]:
        """Every term of every name of these tags (for highlighting)."""
        rows = self.select_in("SELECT terms FROM aliases WHERE tag IN ({})", tags)
        return {term for (terms,) in rows for term in terms.split()}

    def tagged_paragraphs(self, tags: Sequence[str]) -> dict[str, set[int]]:
        """For each tag, the body paragraphs that mention it (by name, not only by inheritance)."""
        found: dict[str, set[int]] = {tag: set() for tag in tags}
        sql = ("SELECT DISTINCT m.tag, m.pid FROM mentions m JOIN paragraphs p ON p.pid = m.pid "
               "WHERE p.kind = 0 AND m.count > 0 AND m.sentence >= 0 AND m.tag IN ({})")
        for tag, pid in self.select_in(sql, tags):
            found[tag].add(pid)
        return found

    def tag_counts(self, pids: Sequence[int], tags: Sequence[str]) -> dict[int, dict[str, int]]:
        """How often each paragraph names each of the tags (inherited mentions not counted)."""
        found: dict[int, dict[str, int]] = {}
        if not tags:
            return found
        sql = ("SELECT pid, tag, sum(count) FROM mentions WHERE count > 0 AND pid IN ({}) AND tag IN ("
               + ",".join("?" * len(tags)) + ") GROUP BY pid, tag")
        values = list(pids)
        for start in range(0, len(values), 400):
            batch = values[start:start + 400]
            for pid, tag, count in self.db.execute(sql.format(",".join("?" * len(batch))), [*batch, *tags]):
                found.setdefault(pid, {})[tag] = count
        return found

    def coverage(self, tags: Sequence[str], hidden: frozenset[str] = frozenset()) -> tuple[int, int]:
        """How many body paragraphs, and documents, name any of the tags."""
        marks = ",".join("?" * len(tags))
        sql = ("SELECT count(DISTINCT m.pid), count(DISTINCT p.dkey) FROM mentions m "
               "JOIN paragraphs p ON p.pid = m.pid WHERE p.kind = 0 AND m.count > 0 AND m.sentence >= 0 "
               f"AND m.tag IN ({marks})" + _not_hidden(hidden))
        paragraphs, documents = self.db.execute(sql, [*tags, *hidden]).fetchone()
        return int(paragraphs), int(documents)

    def named(self, tags: Sequence[str]) -> set[str]:
        """Which of the tags some body paragraph names."""
        sql = ("SELECT DISTINCT m.tag FROM mentions m JOIN paragraphs p ON p.pid = m.pid WHERE p.kind = 0 "
               "AND m.count > 0 AND m.sentence >= 0 AND m.tag IN ({})")
        return {tag for (tag,) in self.select_in(sql, tags)}

    def paragraph_documents(self, pids: Sequence[int]) -> dict[int, str]:
        sql = "SELECT p.pid, d.id FROM paragraphs p JOIN documents d ON d.dkey = p.dkey WHERE p.pid IN ({})"
        return dict(self.select_in(sql, pids))

    def sentences_mentioning(self, tags: Sequence[str], limit: int | None = None) -> list[SentenceRow]:
        """Body sentences mentioning any of the tags, with all their tags, in corpus order
        (with `limit`, only that many of the latest added)."""
        sql = ("SELECT DISTINCT m.pid, m.sentence FROM mentions m JOIN paragraphs p ON p.pid = m.pid "
               "WHERE p.kind = 0 AND m.sentence >= 0 AND m.tag IN ({})")
        found = sorted(set(self.select_in(sql, tags)))
        keys = set(found if limit is None else found[-limit:])
        return [row for row in self.sentences_in(sorted({pid for pid, _ in keys})) if (row.pid, row.number) in keys]

    def sentences_in(self, pids: Sequence[int]) -> list[SentenceRow]:
        """The stored sentences (those naming something) of these paragraphs, with their tags, in order."""
        tags_of: dict[tuple[int, int], dict[str, int]] = {}
        for tag, pid, number, count in self.select_in(
                "SELECT tag, pid, sentence, count FROM mentions WHERE pid IN ({})", pids):
            tags_of.setdefault((pid, number), {})[tag] = count
        rows = [SentenceRow(pid, number, start, end, tuple(terms.split()), tags_of.get((pid, number), {}))
                for pid, number, start, end, terms in self.select_in(
                    "SELECT pid, number, start, end, terms FROM sentences WHERE pid IN ({})", pids)]
        return sorted(rows)

    def select_in(self, sql: str, given: Iterable[Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        values = list(given)
        for start in range(0, len(values), 500):  # stay under SQLite's variable limit
            batch = values[start:start + 500]
            rows.extend(self.db.execute(sql.format(",".join("?" * len(batch))), batch))
        return rows

    # Writing, inside `transaction()`.

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.batch():
            yield

    @contextmanager
    def batch(self) -> Iterator[Callable[[], None]]:
        """One transaction; the callback commits what is written so far and begins the next."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self._commit_and_continue
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self._meta = None
            self._known_words.clear()  # some of them were in what was rolled back
            raise
        self.db.execute("COMMIT")
        self._meta = None

    def _commit_and_continue(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN IMMEDIATE")

    def add(self, document: AnnotatedDocument) -> list[tuple[int, ParagraphRow, Any]]:
        """Store one document; returns (pid, row, passage) for the engine to index."""
        first = int(self.meta().get("next_pid", 1))
        info = document.info
        language = info.language or _language(document.paragraphs)
        cursor = self.db.execute(
            "INSERT INTO documents (id, title, subtitle, date, source, url, path, origin, sha256, paragraph_count, "
            "first_pid, size, mtime, heading, language) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (info.id, info.title, info.subtitle, info.date, info.source, info.url, info.path, info.origin,
             info.sha256, len(document.paragraphs), first, document.size, document.mtime, document.heading or None,
             language))
        assert cursor.lastrowid is not None
        return self._add_paragraphs(document, cursor.lastrowid, first, new_document=True)

    def extend(self, document: AnnotatedDocument) -> list[tuple[int, ParagraphRow, Any]]:
        """Store more paragraphs of the document stored last (a long one is written a piece at a time, in
        one transaction, so its pids stay one range); returns what `add` returns."""
        dkey, first, count = self.db.execute("SELECT dkey, first_pid, paragraph_count FROM documents WHERE id = ?",
                                             (document.info.id,)).fetchone()
        assert first + count == int(self.meta().get("next_pid", 1)), "extends the document stored last"
        self.db.execute("UPDATE documents SET paragraph_count = ? WHERE dkey = ?",
                        (count + len(document.paragraphs), dkey))
        return self._add_paragraphs(document, dkey, first + count, new_document=False)

    def _add_paragraphs(self, document: AnnotatedDocument, dkey: int, first: int, *,
                        new_document: bool) -> list[tuple[int, ParagraphRow, Any]]:
        info = document.info
        added = []
        total = 0
        paragraph_rows: list[tuple[int, int | None, int, int, int, str | None, int, int]] = []
        sentence_rows: list[tuple[int, int, int, int, str]] = []
        mention_rows: list[tuple[str, int, int, int]] = []
        for offset, (paragraph, passage) in enumerate(zip(document.paragraphs, document.passages, strict=True)):
            pid = first + offset
            length = len(passage.terms)
            total += length
            text = paragraph.text if self.store_text else None
            headed = int(offset == document.headed)
            paragraph_rows.append((pid, dkey, paragraph.number, KINDS.index(paragraph.kind), length, text, headed,
                                   LANGUAGES.index(paragraph.language)))
            for number, sentence in enumerate(passage.sentences):
                if sentence.tags:  # only sentences that name something are kept: briefs read no others
                    sentence_rows.append((pid, number, sentence.start, sentence.end, " ".join(sentence.terms)))
                    mention_rows.extend((tag, pid, number, count) for tag, count in sentence.tags.items())
            if headed and document.heading_tags:  # as sentence -1: counted for ranking, not shown in briefs
                mention_rows.extend((tag, pid, HEADING, count) for tag, count in document.heading_tags.items())
            if paragraph.kind == META:
                continue  # stored to be shown, but no engine holds it and the statistics leave it out
            added.append((pid, ParagraphRow(pid, info.id, paragraph.number, paragraph.kind, length, paragraph.text,
                                            document.heading if headed else None, paragraph.language), passage))
        self.db.executemany("INSERT INTO paragraphs VALUES (?,?,?,?,?,?,?,?)", paragraph_rows)
        self.db.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", sentence_rows)
        self.db.executemany("INSERT INTO mentions VALUES (?,?,?,?)", mention_rows)
        self._store_words(document.passages)
        stats = self.stats()
        self.set_meta(next_pid=first + len(document.paragraphs), paragraphs=stats.paragraphs + len(added),
                      total_length=stats.total_length + total,
                      documents=self.document_count() + (1 if new_document else 0))
        return added

    def _store_words(self, passages: Sequence[Any]) -> None:
        """The passages' words (with their terms) in the vocabulary: those this writer has not put there."""
        known = self._known_words
        if len(known) > _KNOWN_WORDS:
            known.clear()  # memory stays bounded; the words seen again are looked up once more
        new = set().union(*(passage.words for passage in passages)) - known
        if not new:
            return
        terms: dict[str, str] = {}
        for passage in passages:
            if not new.isdisjoint(passage.words):
                terms.update(zip(passage.words, passage.terms, strict=True))
        self.db.executemany("INSERT OR IGNORE INTO vocabulary VALUES (?,?)", [(word, terms[word]) for word in new])
        known |= new

    def remove(self, doc_id: str) -> list[tuple[int, int]] | None:
        """Delete one document; returns the (pid, length) of its searched paragraphs (not META), None if it was
        not here."""
        row = self.db.execute("SELECT dkey, first_pid, paragraph_count FROM documents WHERE id = ?",
                              (doc_id,)).fetchone()
        if row is None:
            return None
        dkey, first, count = row
        rows = self.db.execute("SELECT pid, length, kind FROM paragraphs WHERE pid >= ? AND pid < ?",
                               (first, first + count)).fetchall()
        removed = [(pid, length) for pid, length, kind in rows if kind != KINDS.index(META)]
        self.db.execute("DELETE FROM paragraphs WHERE pid >= ? AND pid < ?", (first, first + count))
        self.db.execute("DELETE FROM sentences WHERE pid >= ? AND pid < ?", (first, first + count))
        self.db.execute("DELETE FROM mentions WHERE pid >= ? AND pid < ?", (first, first + count))
        self.db.execute("DELETE FROM documents WHERE dkey = ?", (dkey,))
        stats = self.stats()
        self.set_meta(paragraphs=stats.paragraphs - len(removed),
                      total_length=stats.total_length - sum(length for _, length in removed),
                      documents=self.document_count() - 1)
        return removed

    def write_aliases(self, rows: Iterable[tuple[str, str]], vocabulary: Iterable[tuple[str, str]],
                      translations: Iterable[tuple[str, str, str]] = ()) -> None:
        self.db.executemany("INSERT OR IGNORE INTO aliases VALUES (?,?)", rows)
        self.db.executemany("INSERT OR IGNORE INTO vocabulary VALUES (?,?)", vocabulary)
        self.db.executemany("INSERT OR IGNORE INTO translations VALUES (?,?,?)", translations)


_PARAGRAPH_COLUMNS = ("p.pid, d.id, p.number, p.kind, p.length, p.text, CASE WHEN p.headed THEN d.heading END, "
                      "p.lang")


def _paragraph_row(row: tuple[Any, ...]) -> ParagraphRow:
    return ParagraphRow(row[0], row[1], row[2], KINDS[row[3]], row[4], row[5], row[6], LANGUAGES[row[7]])


def _language(paragraphs: Sequence[Paragraph]) -> str:
    """The language of most of the text."""
    sizes = dict.fromkeys(LANGUAGES, 0)
    for paragraph in paragraphs:
        sizes[paragraph.language] += len(paragraph.text)
    return max(LANGUAGES, key=lambda language: sizes[language])


def _not_hidden(hidden: frozenset[str]) -> str:
    if not hidden:
        return ""
    return f" AND p.dkey NOT IN (SELECT dkey FROM documents WHERE id IN ({','.join('?' * len(hidden))}))"
