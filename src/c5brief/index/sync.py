"""Bring a segment up to date with its source: the library, a set of files, or the seeds.

Only what changed is read and annotated: the library's documents written or
removed since the generation the segment last saw, the files whose size or
time changed. Work goes in batches, committed a few at a time (a library's:
some seconds' worth) in transactions that also record how far the segment has
got, so an interrupted build resumes where it stopped and a crash loses at most
the uncommitted few. Annotation runs in worker processes when
there is enough of it, a few batches ahead of the writer and no further, so
memory does not grow with the library.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from c5brief.errors import FileRefused
from c5brief.index.segment import AnnotatedDocument, Segment
from c5brief.load import read_document
from c5brief.models import BODY, META, Document, Refusal, SourceFile

if TYPE_CHECKING:
    from c5brief.engines import Engine
    from c5brief.library import Library

Progress = Callable[[int, int], None]  # (paragraphs done, paragraphs to do)
BATCH_DOCUMENTS = 256  # read and annotated together
COMMIT_DOCUMENTS, COMMIT_EVERY_S = 1024, 5.0  # a library's changes are committed this many at a time, or this often
PARALLEL_FROM = 2000  # paragraphs to annotate; below this, starting workers costs more than it saves
PIECE = 2000  # paragraphs: a longer library document is read, annotated and written this many at a time
LARGE_FILE = 4 << 20  # bytes: a --corpus file this large is read here and annotated a piece at a time
_worker_state: tuple[Any, Any] | None = None
_libraries: dict[str, Library] = {}  # in a worker: the libraries it reads documents from, by path


@dataclass
class SyncReport:
    added: int = 0
    removed: int = 0
    duplicates: list[tuple[str, str]] | None = None  # (path, id of the document it repeats)
    refused: list[Refusal] = field(default_factory=list)  # files that could not be read, and why
    notes: list[str] = field(default_factory=list)  # what the user should hear about how files were read


@contextmanager
def exclusive(path: str) -> Iterator[None]:
    """One writer per segment at a time, across processes (the lock goes with the process)."""
    with open(path + ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def initialise(segment: Segment, gazetteer_files: tuple[str, ...], kind: str, fingerprint: str, *,
               store_text: bool, engine: str) -> None:
    """Give a new segment its identity and the gazetteer's names (once)."""
    if segment.meta().get("fingerprint"):
        return
    from c5brief import analyze
    from c5brief.gazetteer import compile_tags, compile_translations, load_files

    gazetteer = load_files(gazetteer_files)
    table = compile_tags(gazetteer, analyze.analyze)
    aliases = [(" ".join(terms), tag) for terms, tags in table.items() for tag in tags]
    translations = compile_translations(gazetteer, analyze.analyze)
    words = {w for e in gazetteer.entities() for name in e.names for w in analyze.content_words(name)}
    words |= {w for t in gazetteer.topics for k in t.keywords for w in analyze.content_words(k)}
    words |= {w for t in gazetteer.terms for phrase in (*t.en, *t.ru) for w in analyze.content_words(phrase)}
    # Names join the vocabulary, so a query for a spelling the corpus lacks
    # ("Tokaev") still finds its term without importing the stemmer.
    with segment.transaction():
        if kind == "corpus":
            segment.index_paths()
        segment.write_aliases(aliases, [(w, analyze.stem(w)) for w in sorted(words)], translations)
        segment.set_meta(format=segment_format(), fingerprint=fingerprint, kind=kind, engine=engine,
                         store_text="1" if store_text else "0", synced=-1, next_pid=1, paragraphs=0, documents=0,
                         total_length=0)


def segment_format() -> str:
    from c5brief.index.segment import FORMAT

    return FORMAT


def sync_library(segment: Segment, engine: Engine, library: Library, gazetteer_files: tuple[str, ...],
                 progress: Progress | None = None) -> SyncReport:
    """Apply the library's changes since the segment's last generation, oldest first."""
    report = SyncReport()
    synced = int(segment.meta().get("synced", -1))
    changes = library.changes_since(synced)
    events = sorted([(g, 0, doc_id) for doc_id, g in changes.removed] +
                    [(g, 1, doc_id) for doc_id, g in changes.written])
    batches = [events[i:i + BATCH_DOCUMENTS] for i in range(0, len(events), BATCH_DOCUMENTS)]
    total = library.paragraph_count([doc_id for _, kind, doc_id in events if kind])

    redo = not engine.consistent(segment.stats().paragraphs)
    done = uncommitted = 0
    last_commit = time.monotonic()
    # A long document comes in pieces, each annotated and written before the next is read, all in one
    # transaction: memory is bounded by a piece, not by the document. Batches are committed together, every
    # COMMIT_DOCUMENTS or COMMIT_EVERY_S, and only between batches: each commit of the engine writes (and
    # later merges) an index segment of its own. The engine commits before the segment does, so what a
    # crash in between leaves is redone, its documents deleted first.
    long = library.long_documents(PIECE, synced)
    pieces = _annotated(_library_pieces(library, batches, long), gazetteer_files, total)
    with segment.batch() as commit:
        for batch in batches:
            begun = ""  # the long document whose first piece was added last
            for annotated, piece in pieces:
                if piece.continued:
                    for document in annotated:
                        if document.info.id == begun:  # (not if the library lost it half-way through)
                            engine.add(segment.extend(document), document.info)
                by_id = {a.info.id: a for a in annotated}
                for _, kind, doc_id in piece.events:
                    _remove(segment, engine, doc_id, report, redo=redo)
                    if kind and doc_id in by_id:
                        _add(segment, engine, by_id.pop(doc_id), report)
                        begun = doc_id
                done += sum(len(a.paragraphs) for a in annotated)
                if progress:
                    progress(done, total)
                if piece.last:
                    break
            else:
                raise RuntimeError("the library's changes ended before their batch did")  # rolled back
            segment.set_meta(synced=batch[-1][0])
            uncommitted += len(batch)
            if uncommitted >= COMMIT_DOCUMENTS or time.monotonic() - last_commit >= COMMIT_EVERY_S:
                engine.commit()
                commit()
                uncommitted, last_commit = 0, time.monotonic()
        engine.commit()
    if changes.generation > int(segment.meta().get("synced", -1)):
        with segment.transaction():
            segment.set_meta(synced=changes.generation)
    return report


def sync_files(segment: Segment, engine: Engine, sources: Sequence[SourceFile],
               gazetteer_files: tuple[str, ...], progress: Progress | None = None) -> SyncReport:
    """Make the segment hold exactly these files: changed and new ones read, vanished ones removed."""
    report = SyncReport(duplicates=[])
    states = segment.file_states()
    wanted = {s.path: s for s in sources}
    stale = [(path, doc_id) for path, (doc_id, size, mtime) in states.items()
             if path not in wanted or (wanted[path].size, wanted[path].mtime_ns) != (size, mtime)]
    stale_paths = {path for path, _ in stale}
    fresh = [s for s in sources if s.path not in states or s.path in stale_paths]
    large = [s for s in fresh if s.size > LARGE_FILE]
    fresh = [s for s in fresh if s.size <= LARGE_FILE]
    if stale:
        with segment.transaction():
            for _, doc_id in stale:
                _remove(segment, engine, doc_id, report)
            engine.commit()
    batches = [fresh[i:i + BATCH_DOCUMENTS] for i in range(0, len(fresh), BATCH_DOCUMENTS)]
    small = sum(max(1, s.size // 400) for s in fresh)  # about 400 bytes a paragraph
    total = small + sum(s.size // 400 for s in large)
    known = set(segment.documents([d for d, _, _ in states.values()]))
    done = 0
    # Files are read where they are annotated (in a worker, sent only their paths); what could not
    # be read comes back with the documents, to be named here.
    reads = (_Batch(partial(_read_files, b), partial(_read_files, b)) for b in batches)
    for batch, (annotated, side) in zip(batches, _annotated(reads, gazetteer_files, small), strict=True):
        read, refused, notes = side
        report.refused.extend(refused)  # left out, not recorded: tried (and named) again next run
        report.notes.extend(notes)
        with segment.transaction():
            for source, document in zip(read, annotated, strict=True):
                if document.info.id in known:
                    assert report.duplicates is not None
                    report.duplicates.append((source.path, document.info.id))
                    continue
                known.add(document.info.id)
                stamped = document._replace(size=source.size, mtime=source.mtime_ns)
                _add(segment, engine, stamped, report)
            engine.commit()
        done += sum(max(1, s.size // 400) for s in batch)
        if progress:
            progress(min(done, total), total)
    if large:
        _start_worker(gazetteer_files)  # the gazetteer and tag table, once for all large files
    for source in large:
        _add_large_file(segment, engine, source, known, report)
        done += source.size // 400
        if progress:
            progress(min(done, total), total)
    return report


def _add_large_file(segment: Segment, engine: Engine, source: SourceFile, known: set[str],
                    report: SyncReport) -> None:
    """A large file read here, then annotated and written a piece at a time in one transaction: memory
    follows the file's text and one piece, not everything the index makes of the file."""
    read = _read_files([source])
    _, refused, notes = read.side
    report.refused.extend(refused)
    report.notes.extend(notes)
    if not read.documents:
        return
    document = read.documents[0]
    assert report.duplicates is not None
    if document.info.id in known:
        report.duplicates.append((source.path, document.info.id))
        return
    known.add(document.info.id)
    with segment.transaction():
        for start in range(0, max(1, len(document.paragraphs)), PIECE):
            piece = Document(document.info, document.paragraphs[start:start + PIECE])
            [annotated] = _annotate_batch([piece], headed=start == 0)
            annotated = annotated._replace(size=source.size, mtime=source.mtime_ns)
            if start == 0:
                _add(segment, engine, annotated, report)
            else:
                engine.add(segment.extend(annotated), annotated.info)
        engine.commit()


def sync_documents(segment: Segment, engine: Engine, documents: Sequence[Document],
                   gazetteer_files: tuple[str, ...]) -> SyncReport:
    """Make the segment hold exactly these documents (the seeds), by id."""
    report = SyncReport()
    have = set(segment.documents())
    wanted = {d.info.id: d for d in documents}
    missing = [d for doc_id, d in wanted.items() if doc_id not in have]
    annotated = next(_annotated(iter([_Batch(lambda: _Read(missing))]), gazetteer_files, 0))[0] if missing else []
    with segment.transaction():
        for doc_id in have - set(wanted):
            _remove(segment, engine, doc_id, report)
        for document in annotated:
            _add(segment, engine, document, report)
        engine.commit()
    return report


def _add(segment: Segment, engine: Engine, document: AnnotatedDocument, report: SyncReport) -> None:
    engine.add(segment.add(document), document.info)
    report.added += 1


def _remove(segment: Segment, engine: Engine, doc_id: str, report: SyncReport, *, redo: bool = False) -> None:
    removed = segment.remove(doc_id)
    if removed is not None or redo:  # redoing a batch: the engine may hold what the segment lost
        engine.remove(doc_id, [pid for pid, _ in removed or ()])
    if removed is not None:
        report.removed += 1


class _Read(NamedTuple):
    """A batch's documents as read, and what the caller should know about the reading."""

    documents: list[Document]
    side: Any = None  # for files: (the sources read, their refusals, notes); for the library: its _Piece
    continued: bool = False  # more paragraphs of a document begun in the piece before (no headline)


class _Piece(NamedTuple):
    """Part of a batch of library changes: its events and the documents they write, or the next window of
    paragraphs of one long document (`continued`)."""

    events: list[tuple[int, int, str]]  # (generation, 1 written / 0 removed, doc id), in order
    ids: list[str]
    window: tuple[int, int] | None = None  # the paragraphs read of a long document
    continued: bool = False
    last: bool = False  # the last piece of its batch


class _Batch(NamedTuple):
    """A batch of documents to annotate: read here (`local`), or in a worker by `remote`, a picklable
    call that names them (ids, paths) rather than carries them.

    Only small messages go to the workers. A worker killed while it reads a large one (a SIGTERM
    to the process group) dies holding the pool's queue lock, and `Pool.terminate` then waits
    for that lock forever; a task thread blocked writing one into a full pipe is never unblocked.
    """

    local: Callable[[], _Read]
    remote: Callable[[], _Read] | None = None


def _annotated(batches: Iterable[_Batch], gazetteer_files: tuple[str, ...],
               paragraphs: int) -> Iterator[tuple[list[AnnotatedDocument], Any]]:
    """Each batch of documents annotated, in order, with its `side`; in worker processes when there is
    much to do."""
    from c5brief.workers import ordered_map, worker_count

    if paragraphs < PARALLEL_FROM or worker_count() < 2:
        _start_worker(gazetteer_files)
        for batch in batches:
            read = batch.local()
            yield _annotate_batch(read.documents, headed=not read.continued), read.side
        return

    def remote(batch: _Batch) -> Callable[[], _Read]:
        assert batch.remote is not None, "a batch for the workers names its documents"
        return batch.remote

    # A few batches ahead, no more: memory stays flat.
    yield from ordered_map(_read_and_annotate, map(remote, batches), initializer=_start_worker,
                           initargs=(gazetteer_files,))


def _library_pieces(library: Library, batches: Iterable[list[tuple[int, int, str]]],
                    long: dict[str, int]) -> Iterator[_Batch]:
    """The reads of each batch: its short documents together, each long one (`long`: doc id -> paragraphs)
    a window at a time. Only the reads touch the library (the worker pool takes them in a thread of its own)."""
    for batch in batches:
        pieces: list[_Piece] = []
        short: list[tuple[int, int, str]] = []
        for event in batch:
            count = long.get(event[2], 0) if event[1] else 0
            if not count:
                short.append(event)
                continue
            if short:
                pieces.append(_Piece(short, [doc_id for _, kind, doc_id in short if kind]))
                short = []
            pieces.extend(_Piece([event] if start == 0 else [], [event[2]], (start, start + PIECE), start > 0)
                          for start in range(0, count, PIECE))
        if short or not pieces:
            pieces.append(_Piece(short, [doc_id for _, kind, doc_id in short if kind]))
        pieces[-1] = pieces[-1]._replace(last=True)
        for piece in pieces:
            yield _Batch(partial(_library_documents, library, piece), partial(_library_documents, library.path, piece))


def _start_worker(gazetteer_files: tuple[str, ...]) -> None:
    from c5brief import analyze
    from c5brief.gazetteer import compile_tags, load_files

    global _worker_state
    gazetteer = load_files(gazetteer_files)
    _worker_state = (compile_tags(gazetteer, analyze.analyze), gazetteer)


def _read_and_annotate(read: Callable[[], _Read]) -> tuple[list[AnnotatedDocument], Any]:
    done = read()
    return _annotate_batch(done.documents, headed=not done.continued), done.side


def _library_documents(library: Library | str, piece: _Piece) -> _Read:
    """A piece's documents from this library, or the one at this path (in a worker: its connection is kept
    for the next piece)."""
    from c5brief.errors import StorageError
    from c5brief.library import Library

    if isinstance(library, str):
        if library not in _libraries:
            opened = Library.open(library)
            if opened is None:
                raise StorageError(f"the library {library} is gone")
            _libraries[library] = opened
        library = _libraries[library]
    return _Read(library.documents(piece.ids, piece.window), piece, piece.continued)


def _read_files(sources: Sequence[SourceFile]) -> _Read:
    """These files read; side: the sources read, the refusals of the rest, and notes on the reading."""
    documents: list[Document] = []
    read: list[SourceFile] = []
    refused: list[Refusal] = []
    notes: list[str] = []
    for source in sources:
        try:
            documents.append(read_document(source, notes))
            read.append(source)
        except FileRefused as exc:
            refused.append(Refusal(source.path, exc.reason))
    return _Read(documents, (read, refused, notes))


def _annotate_batch(documents: list[Document], *, headed: bool = True) -> list[AnnotatedDocument]:
    from c5brief.annotate import annotate, with_heading

    assert _worker_state is not None, "set by _start_worker"
    table, gazetteer = _worker_state
    annotated = []
    for d in documents:
        # A META passage (a byline, a credit, "Share") is stored and shown but has no terms: never found.
        passages = [annotate("" if p.kind == META else p.text, table, gazetteer) for p in d.paragraphs]
        heading = _heading(d) if headed else ""
        first = next((i for i, p in enumerate(d.paragraphs) if p.kind == BODY), None)
        if heading and first is not None:
            # The headline is searched as part of the first passage (shown as it is, the title).
            headline = annotate(heading, table, gazetteer)
            passages[first] = with_heading(passages[first], headline)
            annotated.append(AnnotatedDocument(d.info, d.paragraphs, tuple(passages), heading=heading, headed=first,
                                               heading_tags=headline.tags))
        else:
            annotated.append(AnnotatedDocument(d.info, d.paragraphs, tuple(passages)))
    return annotated


def _heading(document: Document) -> str:
    """The headline and standfirst a document gave, unless its text already holds them (a title made
    of its opening words, a headline-only document) or the title is only its file's name."""
    import os

    info = document.info
    texts = [p.text for p in document.paragraphs if p.kind != META]
    lines = []
    for line in (info.title, info.subtitle):
        if not line or line in texts:
            continue
        if line == os.path.splitext(os.path.basename(info.path))[0]:
            continue
        if texts and texts[0].startswith(line.rstrip("\u2026").rstrip()):
            continue
        lines.append(line)
    return "\n".join(lines)


def remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
