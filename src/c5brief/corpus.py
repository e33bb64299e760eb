"""Which documents a run searches (the seeds, the library, --corpus files), and its index.

`open_corpus` is the one way in: a context manager that gives the current
index, built or repaired as needed, and closes it afterwards; `using_corpus`
runs a piece of work on it and, if the index turns out damaged half-way,
rebuilds it once and runs the work again.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

from c5brief.errors import CorpusError
from c5brief.index.cache import OpenedIndex, StatItem, open_index
from c5brief.index.reader import Index
from c5brief.load import CORPUS, find_sources, read_document
from c5brief.models import Document, SourceFile

if TYPE_CHECKING:
    from c5brief.gazetteer import Gazetteer
    from c5brief.library import Library

T = TypeVar("T")


@dataclass(frozen=True)
class CorpusSpec:
    """The documents of one run: the seeds (unless left out) plus extra paths."""

    paths: tuple[str, ...] = ()
    seeds: bool = True
    cache_dir: str | None = None  # None: build in memory, keep nothing
    gazetteers: tuple[str, ...] = ()  # user gazetteer files besides the package's and the config folder's
    library: str | None = None  # the library file searched besides the files; None: no library


@dataclass
class Corpus:
    """An open index and what the user should hear about how it was opened."""

    index: Index
    notes: list[str]


def corpus_spec(paths: tuple[str, ...] = (), no_seeds: bool = False, gazetteers: tuple[str, ...] = (),
                library_dir: str | None = None) -> CorpusSpec:
    """The spec of a run given its options, with the user's cache folder and library."""
    from c5brief.paths import cache_dir, library_file

    return CorpusSpec(paths=paths, seeds=not no_seeds, cache_dir=cache_dir(), gazetteers=gazetteers,
                      library=library_file(library_dir))


def sources(spec: CorpusSpec, *, may_be_empty: bool = False) -> list[SourceFile]:
    """The document files of the run: the seeds first, then the --corpus paths."""
    from c5brief.seeds import seed_files

    found = seed_files() if spec.seeds else []
    found += find_sources(list(spec.paths), CORPUS)
    if not found and not may_be_empty:
        if not spec.paths:
            raise CorpusError("nothing to search: the seeds are left out (--no-seeds) and the library is "
                              "empty; add documents with `c5brief add PATH`")
        raise CorpusError(f"no .txt, .md or .html documents found in {', '.join(spec.paths)}")
    return found


def gazetteer(spec: CorpusSpec) -> Gazetteer:
    """The gazetteer of the run (imported late: a warm `ask` rarely needs it)."""
    from c5brief.gazetteer import load_gazetteer

    return load_gazetteer(spec.gazetteers)


@contextmanager
def open_corpus(spec: CorpusSpec, *, rebuild: bool = False) -> Iterator[Corpus]:
    """The index over the spec's documents, built or repaired as needed; closed on leaving."""
    opened = _open(spec, rebuild)
    try:
        yield Corpus(opened.index, opened.notes)
    finally:
        opened.index.close()


def using_corpus(spec: CorpusSpec, work: Callable[[Corpus], T]) -> T:
    """`work` done on the spec's corpus; a damaged index found half-way is rebuilt once."""
    try:
        with open_corpus(spec) as corpus:
            return work(corpus)
    except sqlite3.DatabaseError:
        with open_corpus(spec, rebuild=True) as corpus:
            corpus.notes.append("the cached index was damaged; rebuilt it")
            return work(corpus)


def _open(spec: CorpusSpec, rebuild: bool) -> OpenedIndex:
    from c5brief.paths import gazetteer_files

    library = open_library(spec)
    try:
        found = sources(spec, may_be_empty=library is not None)
        stat_items: list[StatItem] = [(s.path, s.origin, s.size, s.mtime_ns) for s in found]
        if library is not None:
            stat_items.append((library.path, "library", library.stamp(), 0))
        return open_index(stat_items, lambda notes: documents(found, library, notes), spec.cache_dir,
                          gazetteer_files(spec.gazetteers), rebuild=rebuild)
    finally:
        if library is not None:
            library.close()


def documents(found: list[SourceFile], library: Library | None, notes: list[str]) -> list[Document]:
    """Seeds, then the library, then other files; a repeated document is kept once."""
    from c5brief.load import SEED
    from c5brief.seeds import seed_documents

    seeds = seed_documents() if any(s.origin == SEED for s in found) else ()
    library_documents = library.snapshot().documents if library is not None else ()
    others = map(read_document, (s for s in found if s.origin != SEED))
    kept: dict[str, Document] = {}
    duplicates: list[tuple[str, str]] = []
    for document in chain(seeds, library_documents, others):
        if document.info.id in kept:
            duplicates.append((document.info.path, kept[document.info.id].info.path))
            continue
        kept[document.info.id] = document
    if duplicates:
        path, original = duplicates[0]
        more = f" and {len(duplicates) - 1} more" if len(duplicates) > 1 else ""
        notes.append(f"skipped {len(duplicates)} file(s) whose text repeats another's "
                     f"({path} = {original}{more})")
    return list(kept.values())


def open_library(spec: CorpusSpec, *, create: bool = False) -> Library | None:
    """The spec's library, if it has one and it exists (or `create`)."""
    if spec.library is None or not (create or os.path.exists(spec.library)):
        return None  # the usual case before any `add`: nothing to import or open
    from c5brief.library import Library

    return Library.open(spec.library, create=create)
