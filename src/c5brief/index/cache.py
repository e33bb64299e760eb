"""Where a run's index lives in the cache folder, and bringing it up to date.

A run reads up to three segments: the seeds, the library, and its --corpus
files. Each is a file named for its source and for the fingerprint of what
decides its content (the analyzer, the gazetteer, the sentence splitter and
the format), so a change of any of these gives a new segment, built once,
and a stale one is never read. A segment is brought up to date in place and
incrementally (index/sync.py); of older fingerprints at most one is kept.
A segment that cannot be read is derived data: it is removed and rebuilt.
When the cache folder cannot be written, the index is built in memory.

Only names this module makes (`_NAME`), inside the cache folder, are ever
opened or removed: a name is made of hex digests and fixed words, and a
library's id (its uuid, read from a file the user may have been given) is
used only when it is hex, else hashed.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from c5brief import analyze, sentences
from c5brief.engines import RANK_BM25, TANTIVY
from c5brief.hashing import digest, files_digest
from c5brief.index.reader import Index, Part
from c5brief.index.segment import FORMAT, Segment

if TYPE_CHECKING:
    from c5brief.engines import Engine
    from c5brief.library import Library
    from c5brief.models import SourceFile

# Above this many paragraphs a library is indexed by tantivy (benchmarks/bench_scale.py measures why);
# a library indexed by rank-bm25 moves over once it outgrows this by a quarter.
TANTIVY_FROM = 40_000
KEPT_CORPORA = 8  # segments of --corpus sets kept in the cache, the ones used last
_SLUGS = {RANK_BM25: "rankbm25", TANTIVY: "tantivy"}
# source-key-fingerprint-engine: every segment name the cache makes, and the only ones it touches
_NAME = re.compile(r"(seeds|library|corpus)-[0-9a-f]{16}-[0-9a-f]{12}-(rankbm25|tantivy)")
Progress = Callable[[str, int, int], None]  # (what is being built, paragraphs done, paragraphs to do)


class OpenedIndex:
    __slots__ = ("index", "notes")

    def __init__(self, index: Index, notes: list[str]):
        self.index = index
        self.notes = notes  # what the user should hear on stderr


class Sources(NamedTuple):
    """What a run searches: the seed files, the library, the --corpus files."""

    seed_files: Sequence[SourceFile]
    library: Library | None
    files: Sequence[SourceFile]
    engine: str | None = None  # None: chosen by the library's size


def index_fingerprint(gazetteer_digest: str) -> str:
    """Everything besides the documents that decides an index's content."""
    return f"{FORMAT}-{analyze.fingerprint()}-{gazetteer_digest}-{sentences.fingerprint()}"


def open_index(sources: Sources, cache_dir: str | None, gazetteer_files: tuple[str, ...], *,
               rebuild: bool = False, progress: Progress | None = None) -> OpenedIndex:
    """The run's segments, each brought up to date (or built) as needed."""
    notes: list[str] = []
    fingerprint = index_fingerprint(files_digest(gazetteer_files, "gazetteer"))
    cache = _usable_cache(cache_dir, notes)
    parts: list[Part] = []
    build = _Builder(cache, fingerprint, gazetteer_files, rebuild, progress, notes)
    try:
        # One engine for the whole run: the library's (by its size, or as asked), so that a large
        # library's query never loads what only the other engine needs.
        engine = sources.engine or RANK_BM25
        if sources.library is not None:
            engine = sources.engine or build.library_engine(sources.library)
        if sources.seed_files:
            parts.append(build.seeds(sources.seed_files, engine))
        if sources.library is not None:
            parts.append(build.library(sources.library, engine))
        if sources.files:
            parts.append(build.files(sources.files, engine))
    except BaseException:
        for part in parts:
            part.segment.close()
        raise
    _hide_repeats(parts)
    return OpenedIndex(Index(parts, sources.library), notes)


class _Builder:
    def __init__(self, cache: str | None, fingerprint: str, gazetteer_files: tuple[str, ...], rebuild: bool,
                 progress: Progress | None, notes: list[str]):
        self.cache, self.fingerprint, self.gazetteer_files = cache, fingerprint, gazetteer_files
        self.rebuild, self.progress, self.notes = rebuild, progress, notes
        self.short = digest([fingerprint], size=6)

    def seeds(self, files: Sequence[SourceFile], engine: str) -> Part:
        name = f"seeds-{files_digest([f.path for f in files])[:16]}-{self.short}-{_SLUGS[engine]}"

        def stale(segment: Segment) -> bool:
            return segment.meta().get("complete") != "1"

        def bring_up(segment: Segment, engine: Engine) -> None:
            from c5brief.index.sync import sync_documents
            from c5brief.seeds import seed_documents

            sync_documents(segment, engine, seed_documents(), self.gazetteer_files)
            with segment.transaction():
                segment.set_meta(complete=1)

        return self._part(name, "seeds", engine, True, stale, bring_up)

    def library(self, library: Library, engine: str) -> Part:
        generation = library.generation()
        name = f"{_library_prefix(library)}-{self.short}-{_SLUGS[engine]}"

        def stale(segment: Segment) -> bool:
            return int(segment.meta().get("synced", -1)) < generation

        def bring_up(segment: Segment, engine_: Engine) -> None:
            from c5brief.index.sync import sync_library

            report = sync_library(segment, engine_, library, self.gazetteer_files, self._progress("indexing"))
            del report

        return self._part(name, "library", engine, False, stale, bring_up)

    def library_engine(self, library: Library) -> str:
        """The engine of the library's current segment; for a new one, or one outgrown, by size."""
        prefix = _library_prefix(library)
        if self.cache is not None:
            for slug, engine in ((_SLUGS[TANTIVY], TANTIVY), (_SLUGS[RANK_BM25], RANK_BM25)):
                path = segment_path(self.cache, f"{prefix}-{self.short}-{slug}")
                current = os.path.exists(path) and not self.rebuild
                if current and (engine == TANTIVY or library.paragraph_total() <= TANTIVY_FROM * 5 // 4):
                    return engine
        return TANTIVY if library.paragraph_total() > TANTIVY_FROM else RANK_BM25

    def files(self, files: Sequence[SourceFile], engine: str) -> Part:
        name = f"corpus-{digest(sorted({f.path for f in files}))[:16]}-{self.short}-{_SLUGS[engine]}"
        state = digest(sorted(f"{f.path}\t{f.size}\t{f.mtime_ns}" for f in files))

        def stale(segment: Segment) -> bool:
            return segment.meta().get("files") != state

        def bring_up(segment: Segment, engine: Engine) -> None:
            from c5brief.index.sync import sync_files

            report = sync_files(segment, engine, files, self.gazetteer_files, self._progress("indexing --corpus"))
            if report.duplicates:
                path, original = report.duplicates[0]
                more = f" and {len(report.duplicates) - 1} more" if len(report.duplicates) > 1 else ""
                self.notes.append(f"skipped {len(report.duplicates)} file(s) whose text repeats another's "
                                  f"({path} = {original}{more})")
            self.notes.extend(report.notes + [f"skipped {path}: {reason}" for path, reason in report.refused])
            if not report.refused:  # else the files stay stale: a refused one is tried, and named, next run too
                with segment.transaction():
                    segment.set_meta(files=state)

        return self._part(name, "corpus", engine, True, stale, bring_up)

    def _progress(self, label: str) -> Callable[[int, int], None] | None:
        if self.progress is None:
            return None
        report = self.progress
        return lambda done, total: report(label, done, total)

    def _part(self, name: str, kind: str, engine: str, store_text: bool, stale: Callable[[Segment], bool],
              bring_up: Callable[[Segment, Engine], None]) -> Part:
        if self.cache is None:
            return self._in_memory(kind, engine, store_text, bring_up)
        path = segment_path(self.cache, name)
        part = None if self.rebuild else self._open_current(path, engine, stale)
        if part is not None:
            return part
        try:
            self._bring_up(path, kind, engine, store_text, stale, bring_up)
        except (OSError, sqlite3.OperationalError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and "disk" not in str(exc) and "readonly" not in str(exc):
                raise
            self.notes.append(f"cannot write the cache ({_reason(exc)}); building the index in memory")
            return self._in_memory(kind, engine, store_text, bring_up)
        _prune(self.cache, name.rsplit("-", 2)[0], name)
        if kind == "corpus":
            _prune_corpora(self.cache, name)
        part = self._open_current(path, engine, lambda segment: False)
        if part is None:  # removed by another c5brief (a rebuild) since: read what is there now
            raise sqlite3.DatabaseError(f"the index {os.path.basename(path)} changed while it was opened")
        return part

    def _open_current(self, path: str, engine: str, stale: Callable[[Segment], bool]) -> Part | None:
        """The segment at `path` if it exists, is whole and is current (anything else is mended,
        under the segment's lock, by `_bring_up`)."""
        if not os.path.exists(path):
            return None
        try:
            segment = Segment.open(path)
            meta = segment.meta()
        except sqlite3.DatabaseError:
            return None
        if meta.get("fingerprint") != self.fingerprint or meta.get("format") != FORMAT or stale(segment):
            segment.close()
            return None
        _used(path)
        return Part(segment, make_engine(engine, segment, path))

    def _bring_up(self, path: str, kind: str, engine: str, store_text: bool, stale: Callable[[Segment], bool],
                  bring_up: Callable[[Segment, Engine], None]) -> None:
        from c5brief.index.sync import exclusive, initialise

        with exclusive(path):  # another process may be doing this very work: wait, then see what is left
            if self.rebuild:
                _remove_segment(path, keep_lock=True)
            segment = self._writable(path)
            try:
                initialise(segment, self.gazetteer_files, kind, self.fingerprint, store_text=store_text, engine=engine)
                if stale(segment):
                    writer = make_engine(engine, segment, path, write=True)
                    try:
                        bring_up(segment, writer)
                    finally:
                        writer.close()
            finally:
                segment.close()

    def _writable(self, path: str) -> Segment:
        """The segment at `path` opened for writing; a damaged or foreign one is replaced (derived data)."""
        try:
            segment = Segment.open(path, write=True)
            fingerprint = segment.meta().get("fingerprint")
            if fingerprint in (None, self.fingerprint) and segment.meta().get("format") in (None, FORMAT):
                return segment
            segment.close()
            self.notes.append(f"the cached index {os.path.basename(path)} was outdated; rebuilt it")
        except sqlite3.DatabaseError:
            self.notes.append(f"the cached index {os.path.basename(path)} was damaged; rebuilt it")
        _remove_segment(path, keep_lock=True)
        return Segment.open(path, write=True)

    def _in_memory(self, kind: str, engine: str, store_text: bool,
                   bring_up: Callable[[Segment, Engine], None]) -> Part:
        from c5brief.index.sync import initialise

        segment = Segment.open(":memory:", write=True)
        initialise(segment, self.gazetteer_files, kind, self.fingerprint, store_text=store_text, engine=RANK_BM25)
        writer = make_engine(RANK_BM25, segment, ":memory:", write=True)
        bring_up(segment, writer)
        return Part(segment, writer)


def make_engine(name: str, segment: Segment, path: str, *, write: bool = False) -> Engine:
    if name == TANTIVY:
        from c5brief.engines.tantivy import TantivyEngine

        return TantivyEngine(path[: -len(".sqlite")] + ".tantivy", segment, write=write)
    from c5brief.engines.rankbm25 import RankBM25Engine

    return RankBM25Engine(segment.db, write=write)


def segment_path(cache: str, name: str) -> str:
    """The file of the segment `name` in the cache folder: only names the cache makes."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a segment name: {name!r}")  # a bug: names are made above, never read
    return os.path.join(cache, name + ".sqlite")


def _is_segment(path: str, cache: str) -> bool:
    """Whether `path` is a segment file the cache made, directly in the cache folder."""
    folder, base = os.path.split(path)
    return (os.path.abspath(folder) == os.path.abspath(cache) and base.endswith(".sqlite")
            and _NAME.fullmatch(base[: -len(".sqlite")]) is not None)


def _library_prefix(library: Library) -> str:
    """The library's part of its segments' names: its uuid when that is hex, as c5brief makes it;
    anything else (a library file from elsewhere) is hashed, so no name can lead out of the cache."""
    uuid = library.uuid()
    key = uuid[:16] if re.fullmatch(r"[0-9a-f]{32}", uuid) else digest([uuid])[:16]
    return f"library-{key}"


def _hide_repeats(parts: list[Part]) -> None:
    """A document an earlier segment holds is hidden in the later ones.

    Only the smaller side's ids are listed (the seeds' two, or a few --corpus
    files), so a large library costs nothing here.
    """
    for later in range(1, len(parts)):
        segment = parts[later].segment
        earlier = [part.segment for part in parts[:later]]
        if sum(s.document_count() for s in earlier) <= segment.document_count():
            repeated = {i for s in earlier for i in segment.having(s.ids())}
        else:
            repeated = {i for s in earlier for i in s.having(segment.ids())}
        if repeated:
            parts[later].hidden = frozenset(repeated)


def _usable_cache(cache_dir: str | None, notes: list[str]) -> str | None:
    if cache_dir is None:
        return None
    try:
        os.makedirs(cache_dir, exist_ok=True)
    except OSError as exc:
        notes.append(f"cannot use the cache folder {cache_dir} ({_reason(exc)}); working in memory")
        return None
    if not os.access(cache_dir, os.W_OK):
        notes.append(f"cannot use the cache folder {cache_dir} (not writable); working in memory")
        return None
    return cache_dir


def _prune(cache: str, source: str, current: str) -> None:
    """Of this source's segments for other fingerprints or engines, keep the newest one only."""
    import glob

    others = [p for p in glob.glob(os.path.join(glob.escape(cache), glob.escape(source) + "-*.sqlite"))
              if os.path.basename(p) != current + ".sqlite" and _is_segment(p, cache)]
    others.sort(key=_last_used, reverse=True)
    for old in others[1:]:
        _remove_unless_building(old)


def _prune_corpora(cache: str, current: str) -> None:
    """Of the segments of other --corpus sets, keep the few used last, and only whole ones.

    Every new set of paths makes a segment, and one whose build was killed
    (SIGKILL, a crash) is resumed only if that set is searched again: without
    a bound they would pile up. A segment being built (its lock held) is left
    alone.
    """
    import glob

    others = [p for p in glob.glob(os.path.join(glob.escape(cache), "corpus-*.sqlite"))
              if os.path.basename(p) != current + ".sqlite" and _is_segment(p, cache)]
    others.sort(key=_last_used, reverse=True)
    for rank, old in enumerate(others):
        if rank >= KEPT_CORPORA - 1 or not _whole(old):
            _remove_unless_building(old)


def _whole(path: str) -> bool:
    """Whether a --corpus segment's build finished (it records the state of its files last)."""
    try:
        segment = Segment.open(path)
        try:
            return "files" in segment.meta()
        finally:
            segment.close()
    except sqlite3.DatabaseError:
        return False


def _used(path: str) -> None:
    """Note that a segment was read (its lock file's time: the segment's own would look rebuilt)."""
    try:
        os.utime(path + ".lock")
    except OSError:
        pass  # no lock file (never built here) or a read-only cache: its build time stands


def _last_used(path: str) -> float:
    times = []
    for name in (path, path + ".lock"):
        try:
            times.append(os.path.getmtime(name))
        except OSError:
            pass
    return max(times, default=0.0)


def _remove_unless_building(path: str) -> None:
    """Remove a segment unless another c5brief is building it now (it holds the segment's lock)."""
    import fcntl

    try:
        with open(path + ".lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return  # a live build: it is not stale
            _remove_segment(path)
    except OSError:
        pass  # a cache folder gone read-only: nothing to clean now


def _remove_segment(path: str, *, keep_lock: bool = False) -> None:
    import shutil

    if not _is_segment(path, os.path.dirname(path)):
        raise ValueError(f"not a segment file: {path!r}")  # a bug: only the cache's own names get here
    for suffix in ("", "-wal", "-shm", *(() if keep_lock else (".lock",))):
        try:
            os.unlink(path + suffix)
        except OSError:
            pass
    shutil.rmtree(path[: -len(".sqlite")] + ".tantivy", ignore_errors=True)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
