"""`report`: a briefing pack as plain data: briefs, the coverage matrix, one bibliography, provenance.

The pack holds a brief on each of the five countries and the United States,
then one on each topic (or the countries and topics asked for), in the shape
`brief` gives them, the country x topic matrix, every source cited anywhere
in it once, and a provenance line: what c5brief built it, when, from which
corpus (documents, paragraphs and a digest of their ids and contents) and
with which BM25 settings, so a reader can tell what the pack was built from.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from typing import NamedTuple

from c5brief import __version__
from c5brief.briefs.assemble import DEFAULT_LENGTH, country_brief, topic_brief
from c5brief.briefs.coverage import coverage_matrix
from c5brief.briefs.models import Brief, Matrix
from c5brief.corpus import Corpus, CorpusSpec, gazetteer, using_corpus
from c5brief.engines.scoring import DEFAULT_SCORING
from c5brief.environment import SOURCE_DATE_EPOCH
from c5brief.hashing import digest
from c5brief.models import Citation

DEFAULT_TITLE = "C5+1 briefing pack"
DIGEST_SIZE = 6  # bytes: 12 hex digits, enough to tell two corpora apart at a glance


class Provenance(NamedTuple):
    version: str
    built: str  # YYYY-MM-DD
    documents: int
    paragraphs: int
    digest: str  # of the documents' ids and content hashes, in id order
    scoring: str  # "BM25 okapi, k1 1.5, b 0.3"

    def line(self) -> str:
        documents = "document" if self.documents == 1 else "documents"
        paragraphs = "paragraph" if self.paragraphs == 1 else "paragraphs"
        return (f"Built by c5brief {self.version} on {self.built} from {self.documents} {documents} "
                f"({self.paragraphs} {paragraphs}; corpus digest {self.digest}), {self.scoring}.")


class Pack(NamedTuple):
    title: str
    provenance: Provenance
    briefs: tuple[Brief, ...]  # countries first, then topics
    matrix: Matrix
    sources: tuple[Citation, ...]  # every passage cited in the pack, in the order first cited
    notes: tuple[str, ...] = ()


Progress = Callable[[str, int, int], None]  # (what is being built, done, total)


def build_pack(spec: CorpusSpec, countries: Sequence[str] = (), topics: Sequence[str] = (), *,
               length: int = DEFAULT_LENGTH, title: str | None = None, progress: Progress | None = None) -> Pack:
    """The pack on the named countries and topics; with neither named, the C5+1 and every topic."""
    gz = gazetteer(spec)
    if not countries and not topics:
        countries = [c.id for c in gz.countries if c.group in ("C5", "+1")]
        topics = [t.id for t in gz.topics]
    wanted = [("country", gz.country(name).id) for name in countries] + [("topic", name) for name in topics]
    wanted = list(dict.fromkeys(wanted))  # a country named twice is briefed once
    outside = any(gz.country(name).group not in ("C5", "+1") for kind, name in wanted if kind == "country")
    total = len(wanted) + 2
    briefs: list[Brief] = []
    notes: list[str] = []
    for done, (kind, name) in enumerate(wanted):
        if progress:
            progress(gz.country(name).name if kind == "country" else name, done, total)
        brief = country_brief(name, spec, length) if kind == "country" else topic_brief(name, spec, length)
        notes += [n for n in brief.notes if n not in notes]
        briefs.append(brief)
    if progress:
        progress("coverage matrix", len(wanted), total)
    matrix = coverage_matrix(spec, everything=outside)
    if progress:
        progress("provenance", len(wanted) + 1, total)
    provenance = using_corpus(spec, _provenance)
    if progress:
        progress("done", total, total)
    sources: dict[str, Citation] = {}
    for brief in briefs:
        for ref in brief.sources:
            sources.setdefault(ref.id, ref)
    return Pack(title or DEFAULT_TITLE, provenance, tuple(briefs), matrix, tuple(sources.values()), tuple(notes))


def _provenance(corpus: Corpus) -> Provenance:
    documents = sorted(corpus.index.iter_documents(), key=lambda d: d.id)
    paragraphs = sum(d.paragraph_count for d in documents)
    scoring = DEFAULT_SCORING
    return Provenance(__version__, build_date(), len(documents), paragraphs,
                      corpus_digest((d.id, d.sha256) for d in documents),
                      f"BM25 {scoring.variant}, k1 {scoring.k1:g}, b {scoring.b:g}")


def corpus_digest(documents: Iterable[tuple[str, str]]) -> str:
    """A short digest of (document id, content SHA-256) pairs, given in id order."""
    parts: list[str] = []
    for doc_id, sha in documents:
        parts += [doc_id, sha]
    return digest(parts, size=DIGEST_SIZE)


def build_date() -> str:
    """Today (UTC), or the day SOURCE_DATE_EPOCH names, so a pack can be rebuilt byte for byte."""
    epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
    return datetime.now(tz=timezone.utc).date().isoformat()
