"""The index a run reads: its segments (the seeds, the library, --corpus files) as one.

Keys name a paragraph across segments (the segment's number in the high bits,
its pid in the low ones). BM25 statistics are the sums over the segments
searched, so a paragraph scores the same whichever segment holds it, and a
document held by an earlier segment is hidden in a later one (a --corpus file
that repeats a library document is found once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from c5brief.engines import NO_FILTERS, Candidate, Filters
from c5brief.engines.scoring import DEFAULT_SCORING, Scoring, Statistics, score
from c5brief.index.segment import Segment
from c5brief.models import BODY, DocumentInfo, Paragraph

if TYPE_CHECKING:
    from c5brief.engines import Engine
    from c5brief.library import Library

_SHIFT = 40  # pids below 2**40 per segment


class CorpusStats(NamedTuple):
    paragraphs: int
    average_length: float


class SentenceRow(NamedTuple):
    key: int  # the sentence's paragraph
    doc_id: str
    paragraph_number: int
    number: int  # the sentence's position in its paragraph
    text: str
    terms: tuple[str, ...]
    tags: dict[str, int]
    before: str = ""  # the paragraph's text before this sentence (what it may lean on)
    source: str = ""  # the outlet, or the document id when the outlet is unknown
    date: str | None = None  # the document's date

    @property
    def sid(self) -> tuple[int, int]:
        """Corpus order."""
        return (self.key, self.number)


class Scored(NamedTuple):
    key: int
    score: float
    kind: str
    matched: frozenset[str]  # the query terms the paragraph contains
    frequencies: dict[str, int]  # ... and how often
    length: int


@dataclass
class Part:
    """One segment of the index, with its engine."""

    segment: Segment
    engine: Engine
    hidden: frozenset[str] = frozenset()  # documents an earlier segment holds


class Index:
    """Read access to the segments of one run."""

    def __init__(self, parts: Sequence[Part], library: Library | None = None):
        self.parts = list(parts)
        self.library = library  # where the text of a library segment's paragraphs is read

    def close(self) -> None:
        for part in self.parts:
            part.engine.close()
            part.segment.close()
        if self.library is not None:
            self.library.close()

    # Keys

    @staticmethod
    def key(number: int, pid: int) -> int:
        return (number << _SHIFT) | pid

    @staticmethod
    def split(key: int) -> tuple[int, int]:
        return key >> _SHIFT, key & ((1 << _SHIFT) - 1)

    def _by_part(self, keys: Sequence[int]) -> dict[int, list[int]]:
        grouped: dict[int, list[int]] = {}
        for key in keys:
            number, pid = self.split(key)
            grouped.setdefault(number, []).append(pid)
        return grouped

    # Statistics and search

    def stats(self) -> CorpusStats:
        paragraphs = sum(p.segment.stats().paragraphs for p in self.parts)
        length = sum(p.segment.stats().total_length for p in self.parts)
        return CorpusStats(paragraphs, length / paragraphs if paragraphs else 0.0)

    def statistics(self, terms: Sequence[str]) -> Statistics:
        stats = self.stats()
        frequencies = dict.fromkeys(terms, 0)
        for part in self.parts:
            for term, n in part.engine.document_frequencies(list(frequencies)).items():
                frequencies[term] += n
        return Statistics(stats.paragraphs, stats.average_length, frequencies)

    def search(self, weighted: Sequence[tuple[str, float]], depth: int | None = None,
               scoring: Scoring = DEFAULT_SCORING, filters: Filters = NO_FILTERS
               ) -> tuple[list[Scored], dict[str, int]]:
        """Paragraphs containing any query term and passing the filters, scored, best first (ties by
        key); and each term's document frequency."""
        terms = list(dict.fromkeys(term for term, _ in weighted))
        stats = self.statistics(terms)
        weights: dict[str, float] = {}
        for term, weight in weighted:
            weights[term] = weights.get(term, 0.0) + weight
        results: list[Scored] = []
        # A run on tantivy scores a few dozen candidates: the formulas in plain Python (engines/scoring.py).
        plain = all(not part.engine.counts_terms for part in self.parts)
        for number, part in enumerate(self.parts):
            candidates = part.engine.candidates(terms, depth, weights, filters)
            if candidates and not part.engine.counts_terms:
                candidates = self._recount(part, candidates, terms)
            if part.hidden and candidates:
                hidden = {pid for pid, doc in part.segment.paragraph_documents([c.pid for c in candidates]).items()
                          if doc in part.hidden}
                candidates = [c for c in candidates if c.pid not in hidden]
            scores = score(candidates, weighted, stats, scoring, plain=plain)
            results.extend(Scored(self.key(number, c.pid), s, c.kind, frozenset(c.frequencies), c.frequencies,
                                  c.length) for c, s in zip(candidates, scores, strict=True))
        results.sort(key=lambda r: (-r.score, r.key))
        return results, dict(stats.frequencies)

    def _recount(self, part: Part, candidates: list[Candidate], terms: list[str]) -> list[Candidate]:
        """Term frequencies of candidates an engine found but did not count, from their text.

        Only the words that stand for a query term are looked for (the vocabulary
        knows them), so most tokens cost a lower-casing and a set lookup.
        """
        from c5brief import analyze

        pids = [c.pid for c in candidates]
        rows = part.segment.paragraphs(pids)
        texts = self._texts(part, [(r.doc_id, r.number) for r in rows.values() if r.text is None])
        forms = part.segment.words_for_terms([t for t in terms if not t.startswith("@")])
        tags = part.segment.tag_counts(pids, [t for t in terms if t.startswith("@")])
        counted = []
        for candidate in candidates:
            row = rows.get(candidate.pid)
            text = "" if row is None else row.text if row.text is not None else texts.get((row.doc_id, row.number), "")
            if row is not None and row.heading:
                text = row.heading + "\n" + text  # indexed with the headline; counted with it
            counts = analyze.count_forms(text, forms)
            counts.update(tags.get(candidate.pid, {}))
            counted.append(Candidate(candidate.pid, counts, candidate.length, candidate.kind))
        return counted

    def frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many paragraphs contain each term, in every segment."""
        found = dict.fromkeys(terms, 0)
        for part in self.parts:
            for term, n in part.engine.document_frequencies(list(found)).items():
                found[term] += n
        return found

    def undated(self) -> int:
        """How many documents have no date (date filters leave them out)."""
        return sum(part.segment.undated() for part in self.parts)

    def has_term(self, term: str) -> bool:
        return any(part.engine.document_frequencies([term]).get(term) for part in self.parts)

    # Vocabulary and names

    def vocabulary(self, words: Sequence[str]) -> dict[str, str]:
        """The term of each word the corpus contains."""
        found: dict[str, str] = {}
        for part in self.parts:
            missing = [w for w in words if w not in found]
            if not missing:
                break
            found.update(part.segment.vocabulary(missing))
        return found

    def terms_of_corpus_words(self, words: Sequence[str]) -> dict[str, str]:
        """The term of each of these words, all of which occur in the corpus (so none needs stemming)."""
        known = self.vocabulary(words)
        return {w: known.get(w, w) for w in words}

    def similar_words(self, word: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for part in self.parts:
            for similar, term in part.segment.similar_words(word).items():
                found.setdefault(similar, term)
        return found

    def aliases(self, keys: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for part in self.parts[:1]:  # every segment holds the same gazetteer's names
            found = part.segment.aliases(keys)
        return found

    def translations(self, keys: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        return self.parts[0].segment.translations(keys) if self.parts else {}

    def alias_terms(self, tags: Sequence[str]) -> set[str]:
        return self.parts[0].segment.alias_terms(tags) if self.parts else set()

    # Documents and paragraphs

    def documents(self, ids: Sequence[str] | None = None) -> dict[str, DocumentInfo]:
        found: dict[str, DocumentInfo] = {}
        for part in self.parts:
            wanted = None if ids is None else [i for i in ids if i not in found]
            if wanted == []:
                break
            for doc_id, info in part.segment.documents(wanted).items():
                if doc_id not in part.hidden:
                    found.setdefault(doc_id, info)
        return found

    def iter_documents(self) -> Iterator[DocumentInfo]:
        """Every document, segment by segment, read as it goes."""
        for part in self.parts:
            for info in part.segment.iter_documents():
                if info.id not in part.hidden:
                    yield info

    def document_ids(self, prefix: str) -> list[str]:
        """Ids of the documents whose id begins with `prefix` (an exact id wins)."""
        ids = sorted({i for part in self.parts for i in part.segment.document_ids(prefix) if i not in part.hidden})
        return [prefix] if prefix in ids else ids

    def paragraphs(self, keys: Sequence[int]) -> dict[int, Paragraph]:
        found: dict[int, Paragraph] = {}
        for number, pids in self._by_part(keys).items():
            part = self.parts[number]
            rows = part.segment.paragraphs(pids)
            texts = self._texts(part, [(r.doc_id, r.number) for r in rows.values() if r.text is None])
            for pid, row in rows.items():
                text = row.text if row.text is not None else texts.get((row.doc_id, row.number), "")
                found[self.key(number, pid)] = Paragraph(row.doc_id, row.number, row.kind, text, row.language)
        return found

    def paragraphs_of(self, doc_id: str) -> list[Paragraph]:
        part, rows = self._paragraph_rows(doc_id)
        if part is None:
            return []
        texts = self._texts(part, [(r.doc_id, r.number) for r in rows if r.text is None])
        return [Paragraph(r.doc_id, r.number, r.kind, r.text if r.text is not None else
                          texts.get((r.doc_id, r.number), ""), r.language) for r in rows]

    def paragraph_numbers(self, doc_id: str) -> list[int]:
        """A document's passage numbers in page order, without reading their texts."""
        return [r.number for r in self._paragraph_rows(doc_id)[1]]

    def _paragraph_rows(self, doc_id: str) -> tuple[Part | None, list[Any]]:
        for part in self.parts:
            if doc_id not in part.hidden and (rows := part.segment.paragraphs_of(doc_id)):
                return part, rows
        return None, []

    def last_numbers(self, ids: Sequence[str]) -> dict[str, int]:
        """The highest passage number each of these documents has used: a library document keeps the
        numbers of passages its edits took away; any other is numbered 1..N."""
        found = {doc_id: info.paragraph_count for doc_id, info in self.documents(ids).items()}
        if self.library is not None and found:
            found.update(self.library.last_numbers(list(found)))
        return found

    def _texts(self, part: Part, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        if not keys or self.library is None:
            return {}
        return self.library.paragraph_texts(keys)

    # Mentions and sentences (briefs)

    def tagged_paragraphs(self, tags: Sequence[str]) -> dict[str, set[int]]:
        """For each tag, the body paragraphs that mention it."""
        found: dict[str, set[int]] = {tag: set() for tag in tags}
        for number, part in enumerate(self.parts):
            tagged = part.segment.tagged_paragraphs(tags)
            hidden = self._hidden_pids(part, {pid for pids in tagged.values() for pid in pids})
            for tag, pids in tagged.items():
                found[tag].update(self.key(number, pid) for pid in pids if pid not in hidden)
        return found

    def _hidden_pids(self, part: Part, pids: set[int]) -> set[int]:
        if not part.hidden or not pids:
            return set()
        return {pid for pid, doc in part.segment.paragraph_documents(sorted(pids)).items() if doc in part.hidden}

    def coverage(self, tags: Sequence[str]) -> tuple[int, int]:
        """How many body paragraphs, and documents, name any of the tags (counted by SQLite, not here)."""
        counts = [part.segment.coverage(tags, part.hidden) for part in self.parts]
        return sum(p for p, _ in counts), sum(d for _, d in counts)

    def named(self, tags: Sequence[str]) -> set[str]:
        return {tag for part in self.parts for tag in part.segment.named(tags)}

    def paragraph_documents(self, keys: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for number, pids in self._by_part(keys).items():
            for pid, doc in self.parts[number].segment.paragraph_documents(pids).items():
                found[self.key(number, pid)] = doc
        return found

    def document_count(self, keys: set[int]) -> int:
        """How many documents these paragraphs come from."""
        return len(set(self.paragraph_documents(sorted(keys)).values()))

    def sentences_mentioning(self, tags: Sequence[str], limit: int | None = None) -> list[SentenceRow]:
        """Body sentences mentioning any of the tags, with all their tags and their text, in corpus order.

        With `limit`, at most that many from each segment, the latest added: a brief on a subject a
        million-paragraph library names everywhere reads a bounded share of it."""
        return self._sentence_rows(lambda segment, _: segment.sentences_mentioning(tags, limit))

    def sentences_in(self, keys: Sequence[int]) -> list[SentenceRow]:
        """The body sentences naming something in these paragraphs, in corpus order."""
        wanted = self._by_part(keys)
        return self._sentence_rows(lambda segment, number: segment.sentences_in(wanted.get(number, [])))

    def _sentence_rows(self, select: Callable[[Segment, int], list[Any]]) -> list[SentenceRow]:
        rows: list[SentenceRow] = []
        for number, part in enumerate(self.parts):
            sentences = select(part.segment, number)
            if not sentences:
                continue
            keys = sorted({self.key(number, s.pid) for s in sentences})
            paragraphs = self.paragraphs(keys)
            documents = self.documents(list({p.doc_id for p in paragraphs.values()}))
            for s in sentences:
                paragraph = paragraphs.get(self.key(number, s.pid))
                if paragraph is None or paragraph.kind != BODY or paragraph.doc_id in part.hidden:
                    continue
                info = documents.get(paragraph.doc_id)
                rows.append(SentenceRow(self.key(number, s.pid), paragraph.doc_id, paragraph.number, s.number,
                                        paragraph.text[s.start:s.end], s.terms, s.tags, paragraph.text[:s.start],
                                        (info.source if info and info.source else paragraph.doc_id),
                                        info.date if info else None))
        return rows
