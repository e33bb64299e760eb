"""`verify`: re-check a report's citations against the corpus."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from c5brief.cli.options import CONTEXT_SETTINGS, corpus_options, note, warn, write
from c5brief.errors import ExitStatus

if TYPE_CHECKING:
    from c5brief.corpus import CorpusSpec


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one line per problem and a summary; json: every citation.")
@corpus_options
def verify(file: str, output_format: str, spec: CorpusSpec) -> None:
    """Re-check the citations of a Markdown or HTML report (FILE, or - for stdin).

    For every citation (a footnote [^ID], a link to the HTML pack's
    bibliography, or a numbered [n] of an older c5brief's Sources list): the
    passage ID must still exist, and the statement it is attached to must
    still appear in it verbatim, apart from insertions in [square brackets].
    One line per problem (ID: text no longer matches / passage changed or
    removed when its document was edited / no such passage / document
    removed or changed), then a summary. Check against the corpus the report
    was built from: the same --library, --corpus and --no-seeds.

    \b
    Examples:
      c5brief verify briefing.md
      c5brief verify pack.html --library ./briefing-lib
      c5brief verify pack.md -f json | jq '.citations[] | select(.status != "ok")'

    Exit status: 0 every citation holds, 1 a problem (or no citation found),
    2 a file it cannot read or a usage error.
    """
    from c5brief.render.verify import verification_to_json, verification_to_text
    from c5brief.verify import verify_report

    result = verify_report(file, spec)
    warn(result.notes)
    write(verification_to_json(result) if output_format == "json" else verification_to_text(result))
    if not result.citations:
        note(f"no citations found in {file}")
        sys.exit(ExitStatus.NOTHING_FOUND)
    if result.problems:
        sys.exit(ExitStatus.NOTHING_FOUND)
