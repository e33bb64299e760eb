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

from c5brief.errors import InputError
from c5brief.library import ADDED, DUPLICATE, STDIN_PATH, UNCHANGED, UPDATED, Library, Stored, text_hash
from c5brief.load import DOCUMENT_SUFFIXES, LIBRARY, content_hash, document_from_text, document_text, utf16_without_bom
from c5brief.models import NO_OVERRIDES, Document, Metadata
from c5brief.workers import spawn_pool, worker_count

MAX_FILE_BYTES = 20 * 1024 * 1024  # far beyond any article; guards against logs, dumps and disk images
COMMIT_EVERY, COMMIT_EVERY_S = 100, 0.5  # a bulk add commits its documents in batches: this many, this often
PARALLEL_FROM = 64  # files; below this, starting worker processes costs more than it saves
_BINARY_SIGNATURES = {b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (or .docx/.odt)",
                      b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
                      b"\x7fELF": "a program", b"SQLite format 3": "an SQLite database",
                      b"\xd0\xcf\x11\xe0": "an old Office document", b"\x1f\x8b": "a gzip archive"}


class Refusal(NamedTuple):
    path: str
    reason: str


class Prepared(NamedTuple):
    """A file read and chunked, ready to store."""

    document: Document


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


def collect(paths: Iterable[str]) -> tuple[list[str], list[Refusal]]:
    """The files to add under the given paths (folders recursively), and the paths refused."""
    files: list[str] = []
    refused: list[Refusal] = []
    for given in paths:
        path = os.path.abspath(os.path.expanduser(given))
        problem = _path_problem(path)
        if problem:
            refused.append(Refusal(given, problem))
        elif os.path.isdir(path):
            _walk(path, {_identity(path)}, files, refused)
        else:
            files.append(path)
    return _unique(files), refused


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
        return "not a regular file or folder"
    return None


def _walk(folder: str, seen: set[tuple[int, int]], files: list[str], refused: list[Refusal]) -> None:
    # Symlinked folders are followed, but a folder already on the way down is
    # a loop: refused rather than walked forever.
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        refused.append(Refusal(folder, f"cannot read folder ({exc.strerror})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if entry.is_symlink() and (problem := _path_problem(path)):
            if problem == "symlink loop" or entry.name.lower().endswith(DOCUMENT_SUFFIXES):
                refused.append(Refusal(path, problem))
            continue
        if entry.is_dir():
            identity = _identity(path)
            if identity in seen:
                refused.append(Refusal(path, "symlink loop (leads back into a folder above it)"))
                continue
            _walk(path, seen | {identity}, files, refused)
        elif entry.is_file() and entry.name.lower().endswith(DOCUMENT_SUFFIXES):
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
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Refusal(path, f"cannot read ({exc.strerror or exc})")
    return prepare_bytes(data, path, overrides)


def prepare_bytes(data: bytes, path: str, overrides: Metadata = NO_OVERRIDES) -> Prepared | Refusal:
    """Check and chunk one document's bytes."""
    if len(data) > MAX_FILE_BYTES:
        return Refusal(path, f"too large (the limit is {MAX_FILE_BYTES // 2**20} MB)")
    if not data.strip():
        return Refusal(path, "empty")
    if reason := binary_reason(data):
        return Refusal(path, f"not text: {reason}")
    try:
        text = document_text(data, path)
        document = document_from_text(text, content_hash(data), path, LIBRARY, overrides)
    except RecursionError:  # pathologically nested HTML
        return Refusal(path, "cannot be parsed (nested too deeply)")
    if not document.paragraphs:
        return Refusal(path, "no text passages found")
    return Prepared(document)


def binary_reason(data: bytes) -> str | None:
    """Why these bytes are not a text document, or None if they may be."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return None
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    if b"\0" in head or controls * 10 > len(head):
        return "binary data"
    return None


def add(paths: Iterable[str], library: Library, *, incoming: Incoming | None = None,
        overrides: Metadata = NO_OVERRIDES, progress: Callable[[int, int], None] | None = None) -> AddReport:
    """Add files (and standard input) to the library; a Ctrl-C keeps what was stored so far.

    `overrides` set the metadata of the one document added (a file, or standard input); they are
    kept, so re-adding the document later without them does not undo them."""
    paths = list(paths)
    if overrides.given() and (problem := single_document_problem(paths, incoming is not None)):
        raise InputError(problem)
    files, refused = collect(paths)
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
    from multiprocessing import TimeoutError as Waiting

    chunks = [files[i:i + 8] for i in range(0, len(files), 8)]
    with spawn_pool() as pool:
        results = pool.imap(_prepare_all, chunks)
        while True:
            # A SIGTERM or SIGHUP sent to the process group kills the workers too, and what they
            # were reading never arrives: wait in slices, so a stop asked for is seen anyway.
            try:
                yield from results.next(timeout=0.25)
            except Waiting:
                if stopped():
                    return
            except StopIteration:
                return


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
