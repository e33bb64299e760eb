"""Which documents a run searches, and the index over them."""

from __future__ import annotations

import os
from dataclasses import dataclass

from c5brief.errors import CorpusError
from c5brief.index import OpenedIndex, open_index
from c5brief.load import CORPUS, SEED, find_sources, seeds_folder
from c5brief.models import SourceFile


@dataclass(frozen=True)
class CorpusSpec:
    """The documents of one run: the seeds (unless left out) plus extra paths."""

    paths: tuple[str, ...] = ()
    seeds: bool = True
    cache_dir: str | None = None  # None: build in memory, keep nothing
    gazetteers: tuple[str, ...] = ()  # user gazetteer files besides the package's and the config folder's
    library: str | None = None  # the library file searched besides the files; None: no library


def default_cache_dir() -> str:
    """C5BRIEF_CACHE_DIR, else the platform's user cache folder."""
    from c5brief.paths import cache_dir

    return cache_dir()


def sources(spec: CorpusSpec, *, may_be_empty: bool = False) -> list[SourceFile]:
    found = find_sources([seeds_folder()], SEED) if spec.seeds else []
    found += find_sources(list(spec.paths), CORPUS)
    if not found and not may_be_empty:
        if not spec.paths:
            raise CorpusError("nothing to search: the seeds are left out (--no-seeds) and the library is "
                              "empty; add documents with `c5brief add PATH`")
        raise CorpusError(f"no .txt, .md or .html documents found in {', '.join(spec.paths)}")
    return found


def gazetteer(spec: CorpusSpec):  # -> Gazetteer; imported late, a warm `ask` rarely needs it
    from c5brief.gazetteer import load_gazetteer

    return load_gazetteer(spec.gazetteers)


def open_corpus(spec: CorpusSpec, *, rebuild: bool = False) -> OpenedIndex:
    """The index over the spec's documents, built or repaired as needed."""
    from c5brief.paths import gazetteer_files

    library = open_library(spec)
    try:
        found = sources(spec, may_be_empty=library is not None)
        return open_index(found, spec.cache_dir, gazetteer_files(spec.gazetteers), library=library,
                          rebuild=rebuild)
    finally:
        if library is not None:
            library.close()


def open_library(spec: CorpusSpec, *, create: bool = False):  # -> Library | None
    """The spec's library, if it has one and it exists (or `create`)."""
    if spec.library is None or not (create or os.path.exists(spec.library)):
        return None  # the usual case before any `add`: nothing to import or open
    from c5brief.library import Library

    return Library.open(spec.library, create=create)
