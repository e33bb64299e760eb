"""The rank-bm25 engine: postings in the segment's own SQLite file, every match a candidate.

Each posting carries the paragraph's length and kind, so candidates need no
second lookup. A paragraph's terms are also kept in order (`forward`), to
delete its postings and to check phrases.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any

from c5brief.engines import NO_FILTERS, RANK_BM25, Candidate, Filters, contains
from c5brief.index.segment import KINDS
from c5brief.models import LANGUAGES, DocumentInfo

_SCHEMA = """
CREATE TABLE IF NOT EXISTS postings(term TEXT NOT NULL, pid INTEGER NOT NULL, tf INTEGER NOT NULL,
    length INTEGER NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY(term, pid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS forward(pid INTEGER PRIMARY KEY, terms TEXT NOT NULL);
"""


class RankBM25Engine:
    name = RANK_BM25
    counts_terms = True

    def __init__(self, connection: sqlite3.Connection, *, write: bool = False):
        self._db = connection
        if write:
            connection.executescript(_SCHEMA)

    def add(self, rows: Sequence[tuple[int, Any, Any]], document: DocumentInfo) -> None:
        postings: list[tuple[str, int, int, int, int]] = []
        forward: list[tuple[int, str]] = []
        for pid, paragraph, passage in rows:
            terms = [*passage.terms, *(tag for tag, n in passage.tags.items() for _ in range(n))]
            kind = KINDS.index(paragraph.kind)
            postings.extend((term, pid, tf, paragraph.length, kind) for term, tf in Counter(terms).items())
            forward.append((pid, " ".join(terms)))
        self._db.executemany("INSERT INTO postings VALUES (?,?,?,?,?)", postings)
        self._db.executemany("INSERT INTO forward VALUES (?,?)", forward)

    def remove(self, doc_id: str, pids: Sequence[int]) -> None:
        for pid in pids:
            row = self._db.execute("SELECT terms FROM forward WHERE pid = ?", (pid,)).fetchone()
            if row:
                self._db.executemany("DELETE FROM postings WHERE term = ? AND pid = ?",
                                     [(term, pid) for term in set(row[0].split())])
        self._db.executemany("DELETE FROM forward WHERE pid = ?", [(pid,) for pid in pids])

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        return {term: self._db.execute("SELECT count(*) FROM postings WHERE term = ?", (term,)).fetchone()[0]
                for term in dict.fromkeys(terms)}

    def candidates(self, terms: Sequence[str], depth: int | None = None,
                   weights: dict[str, float] | None = None, filters: Filters = NO_FILTERS) -> list[Candidate]:
        found: dict[int, Candidate] = {}
        for term in dict.fromkeys(terms):
            for pid, tf, length, kind in self._db.execute(
                    "SELECT pid, tf, length, kind FROM postings WHERE term = ?", (term,)):
                candidate = found.get(pid)
                if candidate is None:
                    candidate = found[pid] = Candidate(pid, {}, length, KINDS[kind])
                candidate.frequencies[term] = tf
        if filters and found:
            kept = self._passing(set(found), filters)
            return [c for pid, c in found.items() if pid in kept]
        return list(found.values())

    def _passing(self, pids: set[int], filters: Filters) -> set[int]:
        """The paragraphs among `pids` that every filter lets through."""
        if filters.on_documents:
            pids &= self._on_documents(pids, filters)
        for tags in filters.tags:
            pids = set().union(*(self._having(tag, pids) for tag in tags))
        for excluded in filters.excluded:
            pids -= self._containing(excluded, pids)
        for group in filters.required:
            pids = set().union(*(self._containing(sequence, pids) for sequence in group))
        return pids

    def _having(self, term: str, pids: set[int]) -> set[int]:
        return {pid for (pid,) in self._db.execute("SELECT pid FROM postings WHERE term = ?", (term,))
                if pid in pids}

    def _containing(self, sequence: tuple[str, ...], pids: set[int]) -> set[int]:
        """The paragraphs that hold these terms one after another (one term: anywhere)."""
        holding = self._having(sequence[0], pids)
        for term in sequence[1:]:
            holding &= self._having(term, holding)
        if len(sequence) == 1 or not holding:
            return holding
        return {pid for pid, terms in self.terms_of(sorted(holding)).items() if contains(terms, sequence)}

    def _on_documents(self, pids: set[int], filters: Filters) -> set[int]:
        conditions: list[str] = []
        values: list[str | int] = []
        if filters.since:
            conditions.append("d.date >= ?")
            values.append(filters.since)
        if filters.until:
            conditions.append("d.date <= ? || '~'")  # a date at month precision falls within its month
            values.append(filters.until)
        if filters.sources:
            conditions.append(f"lower(d.source) IN ({','.join('?' * len(filters.sources))})")
            values.extend(filters.sources)
        if filters.documents:
            conditions.append(f"d.id IN ({','.join('?' * len(filters.documents))})")
            values.extend(filters.documents)
        if filters.languages:
            conditions.append(f"p.lang IN ({','.join('?' * len(filters.languages))})")
            values.extend(LANGUAGES.index(language) for language in filters.languages)
        sql = ("SELECT p.pid FROM paragraphs p JOIN documents d ON d.dkey = p.dkey WHERE p.pid IN ({}) AND "
               + " AND ".join(conditions))
        kept: set[int] = set()
        ordered = sorted(pids)
        for start in range(0, len(ordered), 400):
            batch = ordered[start:start + 400]
            kept.update(pid for (pid,) in self._db.execute(sql.format(",".join("?" * len(batch))), [*batch, *values]))
        return kept

    def terms_of(self, pids: Sequence[int]) -> dict[int, list[str]]:
        """Each paragraph's terms in order (for phrases)."""
        found = {}
        for pid in pids:
            row = self._db.execute("SELECT terms FROM forward WHERE pid = ?", (pid,)).fetchone()
            if row:
                found[pid] = row[0].split()
        return found

    def consistent(self, paragraphs: int) -> bool:
        return True  # one transaction commits both

    def commit(self) -> None:
        pass  # the segment's transaction commits the postings with everything else

    def close(self) -> None:
        pass
