"""`report`: the briefing pack, as Markdown or one self-contained HTML file."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from c5brief.cli.options import (
    CONTEXT_SETTINGS,
    MARKDOWN_BLOCK_START,
    completer,
    corpus_options,
    heading_level_option,
    length_option,
    warn,
    write,
)

if TYPE_CHECKING:
    from c5brief.corpus import CorpusSpec


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--country", "-c", "countries", multiple=True, metavar="NAME",
              shell_complete=completer("complete_country"), help="A country to brief (repeatable).")
@click.option("--topic", "-t", "topics", multiple=True, metavar="NAME", shell_complete=completer("complete_topic"),
              help="A topic, or any subject, to brief (repeatable).")
@click.option("--format", "-f", "output_format", type=click.Choice(["md", "html"]), default=None,
              help="md or html [default: html for an -o FILE ending .html or .htm, else md].")
@click.option("--output", "-o", "output_path", metavar="FILE", type=click.Path(dir_okay=False, writable=True),
              help="Write the pack to FILE instead of stdout (replaced whole, never left half-written).")
@click.option("--title", metavar="TEXT", help="The pack's title [default: C5+1 briefing pack].")
@length_option
@heading_level_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar on stderr.")
@corpus_options
def report(countries: tuple[str, ...], topics: tuple[str, ...], output_format: str | None, output_path: str | None,
           title: str | None, length: int, heading_level: int, quiet: bool, spec: CorpusSpec) -> None:
    """A briefing pack: a brief on each country and topic, the matrix, one bibliography.

    By default the five countries and the United States, then every topic;
    with --country or --topic (repeatable), only those. Each brief has the
    shape `brief` gives it; the pack adds a table of contents, the country x
    topic matrix, one bibliography for the whole pack, and a provenance line:
    the c5brief version, the date (SOURCE_DATE_EPOCH fixes it), the corpus
    (documents, paragraphs and a digest of their ids and contents) and the
    BM25 settings. Markdown cites with footnotes and can be appended to a
    file; HTML is one self-contained file (no scripts, nothing fetched) with a
    print stylesheet that starts each brief on a new page. Check a pack later
    with `c5brief verify FILE`.

    \b
    Examples:
      c5brief report -o pack.html
      c5brief report --country kz --country uz --topic minerals > pack.md
      c5brief report --topic water --heading-level 2 >> notes.md
      chromium --headless --print-to-pdf=pack.pdf pack.html   # a PDF

    Exit status: 0 written, 2 usage or input error.
    """
    from c5brief.cli.progress import steps_bar
    from c5brief.report import build_pack

    fmt = output_format or ("html" if output_path and output_path.lower().endswith((".html", ".htm")) else "md")
    with steps_bar(quiet) as bar:
        pack = build_pack(spec, countries, topics, length=length, title=title,
                          progress=(lambda what, done, total: bar(f"Briefing: {what}", done, total)) if bar else None)
    warn(pack.notes)
    if fmt == "html":
        from c5brief.render.html import pack_to_html

        text = pack_to_html(pack)
    else:
        from c5brief.render.report import pack_to_markdown

        text = MARKDOWN_BLOCK_START + pack_to_markdown(pack, heading_level)
    if output_path is None or output_path == "-":
        write(text)
    else:
        _write_whole(output_path, text)
        click.echo(f"wrote {output_path}: {len(pack.briefs)} briefs, {len(pack.sources)} sources", err=True)


def _write_whole(path: str, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    import tempfile

    from c5brief.errors import InputError

    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".c5brief-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    if sys.platform != "win32":
        os.chmod(path, 0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
