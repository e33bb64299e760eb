"""Which documents a run searches, and the index over them."""

from __future__ import annotations

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


def default_cache_dir() -> str:
    """C5BRIEF_CACHE_DIR, else the platform's user cache folder."""
    from c5brief.paths import cache_dir

    return cache_dir()


def sources(spec: CorpusSpec) -> list[SourceFile]:
    found = find_sources([seeds_folder()], SEED) if spec.seeds else []
    found += find_sources(list(spec.paths), CORPUS)
    if not found:
        where = ", ".join(spec.paths) if spec.paths else "the corpus"
        raise CorpusError(f"no .txt or .md documents found in {where}")
    return found


def gazetteer(spec: CorpusSpec):  # -> Gazetteer; imported late, a warm `ask` rarely needs it
    from c5brief.gazetteer import load_gazetteer

    return load_gazetteer(spec.gazetteers)


def open_corpus(spec: CorpusSpec, *, rebuild: bool = False) -> OpenedIndex:
    """The index over the spec's documents, built or repaired as needed."""
    from c5brief.paths import gazetteer_files

    return open_index(sources(spec), spec.cache_dir, gazetteer_files(spec.gazetteers), rebuild=rebuild)
