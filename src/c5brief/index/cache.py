"""Where indexes live: the cache folder, the keys that name an index, and what is kept.

An index is derived data. It lives in the cache folder under a name derived
from the documents' contents, their paths and the analyzer's fingerprint, so a
changed file or analyzer gives a new index and a stale one is never read. It is
written to a temporary file and renamed into place, so a crash leaves either
the old state or the new, never half an index. A damaged index is rebuilt; an
unwritable cache folder means the index is built in memory for this run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from c5brief.hashing import digest, files_digest
from c5brief.index.build import build_file, build_in_memory, index_fingerprint, remove_quietly
from c5brief.index.reader import Index, connect
from c5brief.models import Document

StatItem = tuple[str, str, "int | str", int]  # (path, origin, size or library stamp, mtime)
KEPT_INDEXES = 4  # older index files beyond this many are removed (a large library's index is ~17 MB)
_STATMAP = "statmap.json"


@dataclass
class OpenedIndex:
    index: Index
    notes: list[str] = field(default_factory=list)  # what the user should hear on stderr


def open_index(stat_items: Sequence[StatItem], load_documents: Callable[[list[str]], list[Document]],
               cache_dir: str | None, gazetteer_files: tuple[str, ...], *, rebuild: bool = False) -> OpenedIndex:
    """The index of a run's documents: from the cache when current, else built now.

    `stat_items` (path, origin, size, mtime) identify the documents cheaply; only
    when no index is remembered for them are the documents read with
    `load_documents` (which may append notes) and the gazetteer files beyond
    their fingerprint.
    """
    notes: list[str] = []
    fingerprint = index_fingerprint(files_digest(gazetteer_files))
    quick_key = _key("stat", fingerprint, stat_items)
    cache = _usable_cache(cache_dir, notes)
    if cache and not rebuild:
        name = _read_statmap(cache).get(quick_key)
        if name and (index := _open_valid(os.path.join(cache, name), fingerprint, notes)):
            return OpenedIndex(index, notes)
    documents = load_documents(notes)
    content = ((d.info.path, d.info.origin, d.info.sha256, d.info.id, d.info.title) for d in documents)
    name = "index-" + _key("content", fingerprint, content)[:24] + ".sqlite"
    if cache:
        path = os.path.join(cache, name)
        if not rebuild and (index := _open_valid(path, fingerprint, notes)):
            _remember(cache, quick_key, name)
            return OpenedIndex(index, notes)
        try:
            build_file(documents, gazetteer_files, path)
            _remember(cache, quick_key, name)
            _prune(cache)
            return OpenedIndex(connect(path), notes)
        except (OSError, sqlite3.Error) as exc:
            notes.append(f"cannot write the cache ({_reason(exc)}); building the index in memory")
    return OpenedIndex(build_in_memory(documents, gazetteer_files), notes)


def _key(kind: str, fingerprint: str, items: Iterable[tuple[object, ...]]) -> str:
    return digest([kind, fingerprint, *("\t".join(map(str, item)) for item in sorted(items))])



def _usable_cache(cache_dir: str | None, notes: list[str]) -> str | None:
    if cache_dir is None:
        return None
    try:
        os.makedirs(cache_dir, exist_ok=True)
    except OSError as exc:
        notes.append(f"cannot use the cache folder {cache_dir} ({_reason(exc)}); working in memory")
        return None
    return cache_dir


def _read_statmap(cache: str) -> dict[str, str]:
    try:
        with open(os.path.join(cache, _STATMAP), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember(cache: str, quick_key: str, name: str) -> None:
    # The stat map only saves re-reading files; losing it costs time, not data.
    statmap = _read_statmap(cache)
    statmap.pop(quick_key, None)
    statmap[quick_key] = name
    recent = dict(list(statmap.items())[-4 * KEPT_INDEXES:])
    try:
        _atomic_write(os.path.join(cache, _STATMAP), json.dumps(recent).encode())
    except OSError:
        pass


def _open_valid(path: str, fingerprint: str, notes: list[str]) -> Index | None:
    if not os.path.exists(path):
        return None
    try:
        index = connect(path)
        meta = index.meta()
        if meta.get("fingerprint") == fingerprint:
            return index
        index.close()
    except sqlite3.Error:
        pass
    notes.append(f"the cached index {os.path.basename(path)} was damaged or outdated; rebuilt it")
    try:
        os.unlink(path)
    except OSError:
        pass
    return None



def _prune(cache: str) -> None:
    names = [n for n in os.listdir(cache) if n.startswith("index-") and n.endswith(".sqlite")]
    indexes = sorted((os.path.join(cache, n) for n in names), key=os.path.getmtime, reverse=True)
    for old in indexes[KEPT_INDEXES:]:
        remove_quietly(old)


def _atomic_write(path: str, data: bytes) -> None:
    import tempfile

    handle, temp = tempfile.mkstemp(prefix=".writing-", dir=os.path.dirname(path))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        remove_quietly(temp)
        raise


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__

