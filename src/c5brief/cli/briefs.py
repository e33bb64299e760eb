"""The brief commands: brief, country, topic, and the coverage listings countries, topics, matrix."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from c5brief.cli.options import (
    CONTEXT_SETTINGS,
    Output,
    completer,
    corpus_options,
    emit,
    heading_level_option,
    length_option,
    note,
    output_options,
    present,
    warn,
    write,
)
from c5brief.errors import ExitStatus

if TYPE_CHECKING:
    from c5brief.corpus import CorpusSpec


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--country", "-c", "country_name", metavar="NAME", shell_complete=completer("complete_country"),
              help="Brief on a country (name, code, demonym).")
@click.option("--topic", "-t", "topic_name", metavar="NAME", shell_complete=completer("complete_topic"),
              help="Brief on a topic (see `c5brief topics`).")
@length_option
@heading_level_option
@output_options()
@corpus_options
def brief(country_name: str | None, topic_name: str | None, length: int, heading_level: int, output: Output,
          spec: CorpusSpec) -> None:
    """A cited brief on one country, one topic, or any subject.

    A brief leads with the news: a header (full name, leaders named, coverage
    in passages, documents, outlets and dates), the 3-5 key points, then
    sections by topic (by country for a topic brief). Statements are ranked by
    how many outlets report them (one statement however many outlets reword
    it: "reported by N outlets", citing one report of each, at most five),
    whether they are outcomes, how recent and how specific they are; forecasts
    are marked "Expected:" and follow the results.
    Then a timeline (dated events, oldest first, at most 12), deals and
    commitments (parties, instrument, amount, status; at most 10) and quotes
    with their speakers (at most 6). --length bounds the key points and
    sections only. Every statement is verbatim from the paragraph it cites
    first, apart from names inserted in [brackets].

    A --topic that is not a gazetteer topic ("tungsten", "Abraham Accords")
    gets a brief on those words, of the same shape.

    \b
    Examples:
      c5brief brief --country kazakhstan
      c5brief brief --country KG --length 150
      c5brief brief --topic "critical minerals" --format md > minerals.md
      c5brief brief --topic "Abraham Accords"

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    if country_name and not topic_name:
        _run_brief("country", country_name, length, output, spec, heading_level)
    elif topic_name and not country_name:
        _run_brief("topic", topic_name, length, output, spec, heading_level)
    else:
        raise click.UsageError("give exactly one of --country NAME or --topic NAME")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name", shell_complete=completer("complete_country"))
@length_option
@heading_level_option
@output_options()
@corpus_options
def country(name: str, length: int, heading_level: int, output: Output, spec: CorpusSpec) -> None:
    """A cited brief on country NAME (same as `brief --country NAME`).

    NAME may be the name in any listed spelling or script, its ISO code or its
    demonym: kazakhstan, KZ, kazakh and Qazaqstan all work.

    \b
    Examples:
      c5brief country kazakhstan
      c5brief country uzbek --format md >> briefing.md
      c5brief country KG --format json | jq '.key_points[].text'
      c5brief country us --length 1000

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    _run_brief("country", name, length, output, spec, heading_level)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name", shell_complete=completer("complete_topic"))
@length_option
@heading_level_option
@output_options()
@corpus_options
def topic(name: str, length: int, heading_level: int, output: Output, spec: CorpusSpec) -> None:
    """A cited brief on topic NAME, grouped by country (same as `brief --topic NAME`).

    NAME is a gazetteer topic's id or name, or any words: a subject that is no
    topic ("tungsten", "Jackson-Vanik") gets a brief on those words, ranked by
    relevance and importance (a name close to a topic offers it).

    \b
    Examples:
      c5brief topic minerals
      c5brief topic "human rights" --format md > rights.md
      c5brief topic tungsten --format json | jq '.deals'
      c5brief topics            # what topics there are

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    _run_brief("topic", name, length, output, spec, heading_level)


@click.command(context_settings=CONTEXT_SETTINGS)
@output_options()
@corpus_options
def countries(output: Output, spec: CorpusSpec) -> None:
    """List the countries the gazetteer knows, with their coverage.

    \b
    Examples:
      c5brief countries
      c5brief countries --format json | jq '.countries[].name'

    Exit status: 0 listed, 2 usage or input error.
    """
    from c5brief.briefs.coverage import country_coverage
    from c5brief.render import tables

    present(country_coverage(spec), output, tables.COVERAGE_FORMATS)


@click.command(context_settings=CONTEXT_SETTINGS)
@output_options()
@corpus_options
def topics(output: Output, spec: CorpusSpec) -> None:
    """List the topics the gazetteer knows, with their coverage.

    \b
    Examples:
      c5brief topics
      c5brief topics --format md >> briefing.md

    Exit status: 0 listed, 2 usage or input error.
    """
    from c5brief.briefs.coverage import topic_coverage
    from c5brief.render import tables

    present(topic_coverage(spec), output, tables.COVERAGE_FORMATS)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--all", "everything", is_flag=True, help="Every country the gazetteer knows, not only the C5+1.")
@output_options()
@corpus_options
def matrix(everything: bool, output: Output, spec: CorpusSpec) -> None:
    """A country x topic table of how many passages mention both.

    An empty cell is itself a finding: the coverage says nothing on that topic
    for that country.

    \b
    Examples:
      c5brief matrix
      c5brief matrix --all --format md > coverage.md

    Exit status: 0 listed, 2 usage or input error.
    """
    from c5brief.briefs.coverage import coverage_matrix
    from c5brief.render import tables

    present(coverage_matrix(spec, everything), output, tables.MATRIX_FORMATS)


def _run_brief(kind: str, name: str, length: int, output: Output, spec: CorpusSpec, heading_level: int = 1) -> None:
    from functools import partial

    from c5brief.briefs.assemble import country_brief, topic_brief
    from c5brief.render import brief as render

    make = country_brief if kind == "country" else topic_brief
    result = make(name, spec, length)
    warn(result.notes)
    if not result.passages:
        if output.format == "json":
            write(render.brief_to_json(result))
        note(f"nothing found: no passage mentions {result.subject}")
        sys.exit(ExitStatus.NOTHING_FOUND)
    emit(result, output, {**render.FORMATS, "md": partial(render.brief_to_markdown, heading_level=heading_level)})
