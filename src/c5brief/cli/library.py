"""The library commands: add, sources, show, remove."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from c5brief.cli.options import (
    CONTEXT_SETTINGS,
    IsoDate,
    Output,
    completer,
    corpus_options,
    echo_line,
    library_option,
    output_options,
    present,
    stream,
    warn,
    write,
)
from c5brief.cli.progress import index_progress, progress_bar
from c5brief.errors import ExitStatus, InputError, interrupted_status

if TYPE_CHECKING:

    from c5brief.corpus import CorpusSpec
    from c5brief.ingest import AddReport, Incoming
    from c5brief.models import Metadata

SHOWN_DUPLICATES = 5  # on stderr; the JSON report lists every one


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path())
@click.option("--title", metavar="TEXT", help="The document's title, instead of the one found in it.")
@click.option("--date", type=IsoDate(years=False, empty=True), metavar="DATE",
              help="Its date, as YYYY-MM-DD (or YYYY-MM for a month).")
@click.option("--source", metavar="OUTLET", help="The outlet that published it.")
@click.option("--url", metavar="URL", help="Its address.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option("--format", "-f", "report_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: a report of every file on stdout.")
@library_option
@click.pass_context
def add(ctx: click.Context, paths: tuple[str, ...], title: str | None, date: str | None, source: str | None,
        url: str | None, quiet: bool, report_format: str, library_dir: str | None) -> None:
    """Add documents to your library, then bring the index up to date.

    PATH is a .txt, .md, .html, .pdf or .docx file, a folder (searched
    recursively for them) or `-` for standard input. Re-adding an unchanged
    file does nothing; a changed file is updated in place and keeps its id
    (its unchanged passages keep their ids, changed and new ones get ids
    never used before, so an old citation finds its text or says it is gone); a
    text already in the library (or a seed) under another name is reported as a
    duplicate. Files that cannot be used (other kinds of file, encrypted or
    image-only PDFs, empty, over 20 MB, unreadable, named pipes, symlink loops)
    are refused one by one, each named with the reason, and the rest are added.

    --title, --date, --source and --url set or correct the metadata of one
    document (one file, or `-`). They are kept: re-adding the file with other
    values updates them, re-adding it without them leaves them as set, and an
    empty value (--title "") gives back what the document says of itself.

    \b
    Examples:
      c5brief add ~/articles
      c5brief add report.html notes.md think-tank-report.pdf
      pbpaste | c5brief add - --title "Tokayev in Washington" --source Reuters
      c5brief add notes.md --date 2025-11-06 --url https://example.org/a
      c5brief add ~/articles --library ./briefing-lib

    Exit status: 0 all added, 2 some refused (or a usage error), 130 interrupted
    (143 SIGTERM, 129 SIGHUP).
    """
    from c5brief import ingest
    from c5brief.library import Library

    overrides = _overrides(paths, title, date, source, url)
    incoming = _stdin_document(paths)
    spec = _query_spec(ctx, library_dir)
    assert spec.library is not None, "corpus_spec always names a library"
    library = Library.open(spec.library, create=True)
    assert library is not None, "created when missing"
    try:
        with progress_bar("adding", quiet) as progress:
            report = ingest.add([p for p in paths if p != "-"], library, incoming=incoming, overrides=overrides,
                                progress=progress)
    finally:
        library.close()
    status = interrupted_status(signum=report.interrupted_by) if report.interrupted else None
    if not report.interrupted:
        try:
            report.notes.extend(_refresh_index(spec, quiet))
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: every document is stored
            report.notes.append("interrupted while bringing the index up to date; the next query finishes it")
            status = interrupted_status(exc)
    _report(report, report_format, quiet)
    if status is not None:
        sys.exit(status)
    sys.exit(ExitStatus.USAGE if report.refused else ExitStatus.OK)


def _overrides(paths: tuple[str, ...], title: str | None, date: str | None, source: str | None,
               url: str | None) -> Metadata:
    """The metadata options, refused unless they describe one document."""
    from c5brief.ingest import single_document_problem
    from c5brief.models import Metadata

    given = [None if value is None else value.strip() for value in (title, date, source, url)]  # "": clear it
    overrides = Metadata(title=given[0], date=given[1], source=given[2], url=given[3])
    if overrides.given() or overrides.cleared():
        files = [p for p in paths if p != "-"]
        if problem := single_document_problem(files, "-" in paths):
            raise click.UsageError(problem)
    return overrides


def _stdin_document(paths: tuple[str, ...]) -> Incoming | None:
    from c5brief.ingest import MAX_FILE_BYTES, Incoming

    if "-" not in paths:
        return None
    if sys.stdin.isatty():
        raise InputError("`-` reads a document from standard input: pipe or redirect one in")
    return Incoming(sys.stdin.buffer.read(MAX_FILE_BYTES + 1))


def _query_spec(ctx: click.Context, library_dir: str | None) -> CorpusSpec:
    """The corpus a query would search by default (settings from the environment and the config
    file included), with this command's library: the index `add` and `remove` bring up to date."""
    parent = ctx.parent or ctx
    group = parent.command
    assert isinstance(group, click.Group)
    command = group.get_command(parent, "sources")
    assert command is not None
    params = command.make_context("sources", [], parent=parent, resilient_parsing=True).params
    from c5brief.corpus import corpus_spec

    return corpus_spec(tuple(params.get("corpus_paths") or ()), bool(params.get("no_seeds")),
                       tuple(params.get("gazetteer_files") or ()), library_dir, engine=params.get("engine") or "auto")


def _refresh_index(spec: CorpusSpec, quiet: bool) -> list[str]:
    """Bring the index up to date now, so the next query finds it ready."""
    from c5brief.corpus import open_corpus
    from c5brief.errors import C5BriefError

    progress = index_progress(quiet)
    try:
        with open_corpus(spec._replace(progress=progress)) as corpus:
            return corpus.notes
    except C5BriefError as exc:  # the library is written; the index follows on the next query
        return [f"the index was not brought up to date ({exc})"]
    finally:
        progress.close()


def _report(report: AddReport, report_format: str, quiet: bool) -> None:
    from c5brief.library import DUPLICATE

    warn(report.notes)
    for refusal in report.refused:
        echo_line(f"refused: {_shown_path(refusal.path)}: {refusal.reason}")
    duplicates = [(path, stored) for path, stored in report.outcomes if stored.outcome == DUPLICATE]
    if not quiet:
        for path, stored in duplicates[:SHOWN_DUPLICATES]:
            echo_line(f"duplicate: {_shown_path(path)} repeats {stored.doc_id}")
        if len(duplicates) > SHOWN_DUPLICATES:
            click.echo(f"duplicate: {len(duplicates) - SHOWN_DUPLICATES} more (--format json lists them all)",
                       err=True)
    if report_format == "json":
        from c5brief.render.library import add_report_to_json

        write(add_report_to_json(report))
    if report.interrupted:
        click.echo(f"Interrupted; kept what was stored: {report.summary()}.", err=True)
    elif not quiet:
        click.echo(report.summary(), err=True)


def _shown_path(path: str) -> str:
    return "standard input" if path == "-" else path


@click.command(context_settings=CONTEXT_SETTINGS)
@output_options()
@corpus_options
def sources(output: Output, spec: CorpusSpec) -> None:
    """List the documents searched: the seeds, your library and any --corpus files.

    \b
    Examples:
      c5brief sources
      c5brief sources --no-seeds --format json | jq -r '.documents[].id'

    Exit status: 0 listed, 2 usage or input error.
    """
    from c5brief.lookup import open_sources
    from c5brief.render.library import SOURCES_STREAMS

    with open_sources(spec) as listing:
        warn(listing.notes)
        stream(listing, output, SOURCES_STREAMS)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("citation_id", metavar="ID", shell_complete=completer("complete_citation_id"))
@click.option("--context", "-C", type=click.IntRange(0, 1000), default=0, metavar="N",
              help="Also the N paragraphs before and after the paragraph asked for.")
@output_options()
@corpus_options
def show(citation_id: str, context: int, output: Output, spec: CorpusSpec) -> None:
    """Show a document, or one paragraph, by the ID cited in a report.

    ID is a document id (3f2a9c01de, or a unique prefix of at least 4
    characters) or a paragraph id (3f2a9c01de.p4), as printed by `ask`,
    `country` and `sources`. --context N adds the N paragraphs before and
    after a paragraph, as `grep -C` does; the one asked for is marked.

    \b
    Examples:
      c5brief show fb457485cf
      c5brief show fb457485cf.p7 --format text
      c5brief show fb457485cf.p7 -C 2

    Exit status: 0 shown, 1 no such id, 2 usage or input error.
    """
    from c5brief.lookup import show as find
    from c5brief.render.library import SHOWN_FORMATS

    present(find(spec, citation_id, context), output, SHOWN_FORMATS)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=completer("complete_library_id"))
@click.option("--quiet", "-q", is_flag=True, help="Say nothing unless something is refused.")
@library_option
@click.pass_context
def remove(ctx: click.Context, ids: tuple[str, ...], quiet: bool, library_dir: str | None) -> None:
    """Take documents out of your library by their ids.

    The bundled seeds cannot be removed; leave them out of any command with
    --no-seeds.

    \b
    Examples:
      c5brief remove 3f2a9c01de
      c5brief sources --no-seeds -f json | jq -r '.documents[].id' |
        xargs c5brief remove                        # empty the library

    Exit status: 0 all removed, 2 some ids refused (or a usage error).
    """
    from c5brief import ingest
    from c5brief.library import Library

    spec = _query_spec(ctx, library_dir)
    library = Library.open(spec.library) if spec.library else None
    if library is None and spec.library and spec.library_named and not os.path.exists(spec.library):
        from c5brief.corpus import missing_library

        raise missing_library(spec.library)
    try:
        removed, refused = ingest.remove(ids, library)
    finally:
        if library is not None:
            library.close()
    for refusal in refused:
        echo_line(f"refused: {refusal.path}: {refusal.reason}")
    if removed:
        warn(_refresh_index(spec, quiet))
    if not quiet:
        click.echo(f"{len(removed)} removed, {len(refused)} refused", err=True)
    sys.exit(ExitStatus.USAGE if refused else ExitStatus.OK)
