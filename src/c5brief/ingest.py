"""`add`: find the user's files, refuse the unusable ones, and store the rest in the library.

Every file is judged on its own: a binary, empty, oversized or unreadable file
or a symlink loop is refused with a one-line reason and the rest of the batch
goes on. Reading and chunking run on both cores when the batch is large; the
library is written by this process alone, one document per transaction.
Metadata the user gives (a title, date, source or URL) is for one document.
"""

from __future__ import annotations

import errno
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from c5brief.errors import FileRefused, InputError
from c5brief.library import ADDED, DUPLICATE, STDIN_PATH, UNCHANGED, UPDATED, Library, Stored, text_hash
from c5brief.load import (
    LIBRARY,
    binary_kind,
    content_hash,
    document_from_text,
    entry_problem,
    load_text,
    read_file,
    unsupported_type,
)
from c5brief.models import NO_OVERRIDES, Document, Metadata, Refusal
from c5brief.workers import ordered_map, worker_count

MAX_FILE_BYTES = 20 * 1024 * 1024  # far beyond any article; guards against logs, dumps and disk images
COMMIT_EVERY, COMMIT_EVERY_S = 100, 0.5  # a bulk add commits its documents in batches: this many, this often
PARALLEL_FROM = 64  # files; below this, starting worker processes costs more than it saves


class Prepared(NamedTuple):
    """A file read and chunked, ready to store."""

    document: Document
    note: str | None = None  # what the user should hear about how it was read (the encoding assumed)


class Incoming(NamedTuple):
    """Text from standard input (or another stream) to add as one document."""

    data: bytes


@dataclass
class AddReport:
    """What `add` did with each file."""

    outcomes: list[tuple[str, Stored]] = field(default_factory=list)  # (path, what happened)
    refused: list[Refusal] = field(default_factory=list)
    interrupted: bool = False
    interrupted_by: int = 0  # the signal that stopped it: SIGINT (Ctrl-C), SIGTERM or SIGHUP
    notes: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for _, stored in self.outcomes if stored.outcome == outcome)

    def summary(self) -> str:
        parts = [f"{self.count(ADDED)} added", f"{self.count(UPDATED)} updated",
                 f"{self.count(UNCHANGED)} unchanged"]
        if self.count(DUPLICATE):
            parts.append(f"{self.count(DUPLICATE)} duplicate")
        parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts)


def collect(paths: Iterable[str], library_file: str | None = None) -> tuple[list[str], list[Refusal]]:
    """The files to add under the given paths (folders recursively), and the paths refused.

    The library's own files, when a folder holds them, are neither added nor refused.
    """
    files: list[str] = []
    refused: list[Refusal] = []
    own = os.path.abspath(library_file) if library_file else None
    for given in paths:
        path = os.path.abspath(os.path.expanduser(given))
        problem = _path_problem(path)
        if problem:
            refused.append(Refusal(given, problem))
        elif os.path.isdir(path):
            _walk(path, {_identity(path)}, files, refused, own)
        else:
            files.append(path)
    return _unique(files), list(dict.fromkeys(refused))  # a file listed and in a listed folder: named once


def _path_problem(path: str) -> str | None:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if exc.errno == errno.ENOENT:
            return "broken symlink" if os.path.islink(path) else "no such file or folder"
        return f"cannot read ({exc.strerror})"
    if not (os.path.isdir(path) or os.path.isfile(path)):
        return entry_problem(path)
    return None


def _walk(folder: str, seen: set[tuple[int, int]], files: list[str], refused: list[Refusal],
          own: str | None = None) -> None:
    # Symlinked folders are followed, but a folder already on the way down is
    # a loop: refused rather than walked forever. Every entry but a hidden one
    # is either taken or refused by name.
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        refused.append(Refusal(folder, f"cannot read folder ({exc.strerror})"))
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        if entry.name.startswith(".") or (own and (path == own or path.startswith(own + "-"))):
            continue
        if entry.is_symlink() and (problem := _path_problem(path)):
            refused.append(Refusal(path, problem))
            continue
        if entry.is_dir():
            identity = _identity(path)
            if identity in seen:
                refused.append(Refusal(path, "symlink loop (leads back into a folder above it)"))
                continue
            _walk(path, seen | {identity}, files, refused, own)
        elif not entry.is_file():
            refused.append(Refusal(path, entry_problem(path)))
        elif reason := unsupported_type(entry.name):
            refused.append(Refusal(path, reason))
        else:
            files.append(path)


def _identity(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def _unique(paths: list[str]) -> list[str]:
    return list(dict.fromkeys(paths))


def single_document_problem(paths: Iterable[str], incoming: bool = False) -> str | None:
    """Why metadata cannot be given for these paths (a folder, or more than one document), or None."""
    given = list(paths)
    if len(given) + incoming != 1:
        return "--title, --date, --source and --url describe one document: give one file (or -) with them"
    if given and os.path.isdir(os.path.expanduser(given[0])):
        return f"{given[0]} is a folder; --title, --date, --source and --url describe one document"
    return None


def prepare(path: str, overrides: Metadata = NO_OVERRIDES) -> Prepared | Refusal:
    """Read, check and chunk one file (runs in a worker process for large batches)."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return Refusal(path, f"too large ({size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB)")
        data = read_file(path, MAX_FILE_BYTES)
    except FileRefused as exc:  # not a regular file (any more): never opened for reading
        return Refusal(path, exc.reason)
    except OSError as exc:
        return Refusal(path, f"cannot read ({exc.strerror or exc})")
    return prepare_bytes(data, path, overrides)


def prepare_bytes(data: bytes, path: str, overrides: Metadata = NO_OVERRIDES) -> Prepared | Refusal:
    """Check and chunk one document's bytes: text, a web page, a PDF or a .docx file."""
    if len(data) > MAX_FILE_BYTES:
        return Refusal(path, f"too large (the limit is {MAX_FILE_BYTES // 2**20} MB)")
    if not data.strip():
        return Refusal(path, "empty")
    try:
        loaded = load_text(data, path)
        document = document_from_text(loaded.text, content_hash(data), path, LIBRARY, overrides)
    except FileRefused as exc:
        return Refusal(path, exc.reason)
    except RecursionError:  # pathologically nested HTML
        return Refusal(path, "cannot be parsed (nested too deeply)")
    if not document.paragraphs:
        return Refusal(path, "no text passages found")
    return Prepared(document, loaded.note)


def binary_reason(data: bytes) -> str | None:
    """Why these bytes are not a text document, or None if they may be (PDF and .docx are read)."""
    return binary_kind(data)


def add(paths: Iterable[str], library: Library, *, incoming: Incoming | None = None,
        overrides: Metadata = NO_OVERRIDES, progress: Callable[[int, int], None] | None = None) -> AddReport:
    """Add files (and standard input) to the library; a Ctrl-C keeps what was stored so far.

    `overrides` set the metadata of the one document added (a file, or standard input); they are
    kept, so re-adding the document later without them does not undo them."""
    paths = list(paths)
    if overrides.given() and (problem := single_document_problem(paths, incoming is not None)):
        raise InputError(problem)
    files, refused = collect(paths, library.path)
    report = AddReport(refused=refused)
    seeds = _seed_texts()
    total = len(files) + (incoming is not None)
    with _deferred_interrupt() as interrupted, library.batch() as commit:
        if incoming is not None:
            _store(report, library, prepare_bytes(incoming.data, STDIN_PATH, overrides), seeds, overrides)
        last_commit, uncommitted = time.monotonic(), 0
        for done, prepared in enumerate(_prepared(files, overrides, interrupted),
                                        start=1 + (incoming is not None)):
            if interrupted():
                break
            _store(report, library, prepared, seeds, overrides)
            uncommitted += 1
            if uncommitted >= COMMIT_EVERY or time.monotonic() - last_commit > COMMIT_EVERY_S:
                commit()  # what is committed survives a crash; what is not is added again next time
                last_commit, uncommitted = time.monotonic(), 0
            if progress:
                progress(done, total)
        report.interrupted_by = interrupted()
        report.interrupted = bool(report.interrupted_by)
    if overrides.given():
        report.notes.extend(f"the metadata given was not stored: {_shown(path)} repeats {stored.doc_id}"
                            for path, stored in report.outcomes if stored.outcome == DUPLICATE)
    return report


def _shown(path: str) -> str:
    return "standard input" if path == STDIN_PATH else path


@contextmanager
def _deferred_interrupt() -> Iterator[Callable[[], int]]:
    """Ctrl-C (or SIGTERM, SIGHUP) stops the batch between two documents, so the report counts
    exactly what was stored; the callback gives the signal that asked (0: none yet)."""
    requested: list[int] = []
    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            if signum == signal.SIGINT or signal.getsignal(signum) is not signal.SIG_IGN:
                previous[signum] = signal.signal(signum, lambda number, frame: requested.append(number))
    except ValueError:  # not the main thread: interrupts cannot reach us anyway
        yield lambda: 0
        return
    try:
        yield lambda: requested[0] if requested else 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _store(report: AddReport, library: Library, prepared: Prepared | Refusal, seeds: dict[str, str],
           overrides: Metadata = NO_OVERRIDES) -> None:
    if isinstance(prepared, Refusal):
        report.refused.append(prepared)
        return
    if prepared.note:
        report.notes.append(prepared.note)
    stored = library.store(prepared.document, seeds, overrides)
    report.outcomes.append((prepared.document.info.path, stored))


def _prepared(files: list[str], overrides: Metadata = NO_OVERRIDES,
              stopped: Callable[[], int] = lambda: 0) -> Iterator[Prepared | Refusal]:
    if overrides.given():  # one document
        yield from (prepare(path, overrides) for path in files)
        return
    if len(files) < PARALLEL_FROM or worker_count() < 2:
        yield from map(prepare, files)
        return
    # A SIGTERM sent to the process group kills the workers too, and what they were reading
    # never arrives: the wait for it asks `stopped`, so the stop is seen anyway.
    chunks = [files[i:i + 8] for i in range(0, len(files), 8)]
    for prepared in ordered_map(_prepare_all, chunks, stopped=stopped):
        yield from prepared


def _prepare_all(paths: list[str]) -> list[Prepared | Refusal]:
    return [prepare(path) for path in paths]


def _seed_texts() -> dict[str, str]:
    """Text hash -> id of each bundled seed, so a copy of a seed is reported as a duplicate."""
    from c5brief.seeds import seed_documents

    return {text_hash(document): document.info.id for document in seed_documents()}


def remove(ids: Iterable[str], library: Library | None) -> tuple[list[str], list[Refusal]]:
    """Take documents out of the library; seeds and unknown ids are refused."""
    from c5brief.seeds import seed_ids

    seeds = seed_ids()
    removed: list[str] = []
    refused: list[Refusal] = []
    # Ids are hex, shown in lower case; `show` takes any case, and so does `remove`.
    asked: dict[str, str] = {}
    for given in ids:
        asked.setdefault(given.strip().lower(), given)
    for doc_id, given in asked.items():
        if doc_id in seeds:
            refused.append(Refusal(given, "is a bundled seed article; leave the seeds out with --no-seeds"))
        elif library is not None and library.remove(doc_id):
            removed.append(doc_id)
        else:
            refused.append(Refusal(given, "no document with this id in the library (see `c5brief sources`)"))
    return removed, refused
