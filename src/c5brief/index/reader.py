"""Read access to one built index: paragraphs, postings, vocabulary, sentences and names."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

from c5brief.models import DocumentInfo, Paragraph


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

    def document_count(self, pids: set[int]) -> int:
        """How many documents these paragraphs come from."""
        return len(set(self.paragraph_documents(sorted(pids)).values()))

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

    def _select_in(self, sql: str, given: Sequence[Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        values = list(given)
        for start in range(0, len(values), 500):  # stay under SQLite's variable limit
            batch = values[start:start + 500]
            rows.extend(self._db.execute(sql.format(",".join("?" * len(batch))), batch))
        return rows



def connect(path: str) -> Index:
    """Open an index file read-only: a query never writes the cache."""
    # SQLite URIs need ?, # and % escaped.
    quoted = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    connection = sqlite3.connect(f"file:{quoted}?mode=ro", uri=True)
    return Index(connection, path)
