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
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from c5brief.errors import CorpusError, InputError
from c5brief.index.cache import OpenedIndex, Progress, Sources, open_index
from c5brief.index.reader import Index
from c5brief.load import CORPUS, SUPPORTED, find_sources
from c5brief.models import Refusal

if TYPE_CHECKING:
    from c5brief.gazetteer import Gazetteer
    from c5brief.library import Library

T = TypeVar("T")


class CorpusSpec(NamedTuple):
    """The documents of one run: the seeds (unless left out) plus extra paths."""

    paths: tuple[str, ...] = ()
    seeds: bool = True
    cache_dir: str | None = None  # None: build in memory, keep nothing
    gazetteers: tuple[str, ...] = ()  # user gazetteer files besides the package's and the config folder's
    library: str | None = None  # the library file searched besides the files; None: no library
    engine: str | None = None  # "rank-bm25" or "tantivy" for the library; None: chosen by its size
    progress: Progress | None = None  # told how an index build goes
    library_named: bool = False  # the user named the library (--library, C5BRIEF_LIBRARY, config): it must exist


class Corpus:
    """An open index and what the user should hear about how it was opened."""

    __slots__ = ("index", "notes")

    def __init__(self, index: Index, notes: list[str]):
        self.index = index
        self.notes = notes


def corpus_spec(paths: tuple[str, ...] = (), no_seeds: bool = False, gazetteers: tuple[str, ...] = (),
                library_dir: str | None = None, *, engine: str = "auto",
                progress: Progress | None = None) -> CorpusSpec:
    """The spec of a run given its options, with the user's cache folder and library."""
    from c5brief.paths import cache_dir, library_file

    return CorpusSpec(paths=paths, seeds=not no_seeds, cache_dir=cache_dir(), gazetteers=gazetteers,
                      library=library_file(library_dir), engine=None if engine == "auto" else engine,
                      progress=progress, library_named=library_dir is not None)


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
    from c5brief.seeds import seed_files

    library = open_library(spec)
    try:
        seeds = seed_files() if spec.seeds else []
        skipped: list[Refusal] = []
        files = find_sources(list(spec.paths), CORPUS, skipped)
        if spec.library:  # a --corpus folder that holds the library: its files are not documents
            own = os.path.abspath(spec.library)
            skipped = [r for r in skipped if r.path != own and not r.path.startswith(own + "-")]
        if not (seeds or files or library is not None):
            raise CorpusError(_nothing_to_search(spec, skipped))
        sources = Sources(seeds, library, files, spec.engine)
        opened = open_index(sources, spec.cache_dir, gazetteer_files(spec.gazetteers), rebuild=rebuild,
                            progress=spec.progress)
    except BaseException:
        if library is not None:
            library.close()
        raise
    opened.notes[:0] = [f"skipped {path}: {reason}" for path, reason in skipped]
    if not opened.index.stats().paragraphs:
        opened.index.close()
        why = [n for n in opened.notes if n.startswith("skipped ")]
        raise CorpusError("the corpus has no passages to search" + (f" ({_first(why)})" if why else ""))
    return opened


def _first(notes: list[str]) -> str:
    return notes[0] + (f"; and {len(notes) - 1} more" if len(notes) > 1 else "")


def missing_library(path: str) -> InputError:
    """The error for a library the user named that is not there."""
    import shlex

    folder = shlex.quote(os.path.dirname(path) or ".")
    return InputError(f"library {path} does not exist; `c5brief add PATH --library {folder}` creates it")


def _nothing_to_search(spec: CorpusSpec, skipped: list[Refusal]) -> str:
    if not spec.paths:
        return ("nothing to search: the seeds are left out (--no-seeds) and the library is empty; "
                "add documents with `c5brief add PATH`")
    why = f" ({_first([f'skipped {path}: {reason}' for path, reason in skipped])})" if skipped else ""
    return f"no {SUPPORTED} documents found in {', '.join(spec.paths)}{why}"


def open_library(spec: CorpusSpec, *, create: bool = False) -> Library | None:
    """The spec's library, if it has one and it exists (or `create`).

    A library the user named must exist: a typo in --library would otherwise
    search the seeds alone and find less, silently.
    """
    if spec.library is None or not (create or os.path.exists(spec.library)):
        if spec.library is not None and spec.library_named and not create:
            raise missing_library(spec.library)
        return None  # the usual case before any `add`: nothing to import or open
    from c5brief.library import Library

    return Library.open(spec.library, create=create)
