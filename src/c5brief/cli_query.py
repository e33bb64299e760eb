"""The corpus commands: ask, brief, country, topic, countries, topics, matrix."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from c5brief.cli_common import (
    CONTEXT_SETTINGS, FORMAT_CHOICES, Output, completer, corpus_options, emit, note, output_options, renderers, warn,
    write,
)
from c5brief.errors import EXIT_NOTHING_FOUND

if TYPE_CHECKING:
    from collections.abc import Callable

    from c5brief.corpus import CorpusSpec


def length_option(command: Callable) -> Callable:
    return click.option(
        "--length", "-l", type=click.IntRange(30, 5000), default=300, show_default=True, metavar="WORDS",
        envvar="C5BRIEF_LENGTH", help="About how many words the brief may run to (env C5BRIEF_LENGTH).",
    )(command)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("question")
@click.option("--limit", "-k", type=click.IntRange(1, 1000), default=5, show_default=True,
              envvar="C5BRIEF_LIMIT", help="How many passages to show (env C5BRIEF_LIMIT).")
@output_options(FORMAT_CHOICES + ("jsonl",))
@corpus_options
@click.option("--bm25", "variant", type=click.Choice(["okapi", "bm25l", "bm25plus"]), default="okapi",
              show_default=True, help="BM25 variant used for ranking.")
@click.option("--k1", type=click.FloatRange(0, 10), default=None, help="BM25 term-frequency saturation [default: 1.5].")
@click.option("--b", "b", type=click.FloatRange(0, 1), default=None, help="BM25 length normalisation [default: 0.75].")
def ask(question: str, limit: int, output: Output, spec: CorpusSpec, variant: str,
        k1: float | None, b: float | None) -> None:
    """Answer QUESTION with the best-matching passages, each cited.

    QUESTION can be keywords or a natural-language question. Names are matched
    in every spelling the gazetteer knows (Tokaev finds Tokayev, Kirghizia finds
    Kyrgyz); a word no passage contains is corrected when a close one exists.
    Words still unmatched are named on stderr.

    \b
    Examples:
      c5brief ask "Jackson-Vanik"
      c5brief ask "Why might Japarov raise visas?" --limit 3
      c5brief ask "critical minerals" --format json | jq '.results[0].text'
      c5brief ask "Caspian Sea" --corpus ~/articles --format md >> briefing.md

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    from c5brief import render
    from c5brief.retrieve import SearchOptions
    from c5brief.retrieve import ask as run_ask

    answer = run_ask(question, spec, SearchOptions(limit, variant, k1, b))
    warn(answer.notes)
    for typed, fixed in answer.corrections:
        note(f"searched for {fixed!r} instead of {typed!r}, which no passage contains")
    if answer.unmatched_words:
        note(f"no passage contains: {', '.join(answer.unmatched_words)}")
    fmt = output.format
    if not answer.hits:
        if fmt in ("json", "jsonl"):
            write(render.answer_to_json(answer) if fmt == "json" else "")
        note(f"nothing found for {question!r}")
        sys.exit(EXIT_NOTHING_FOUND)
    emit(answer, output, {"json": render.answer_to_json, "jsonl": render.answer_to_jsonl,
                        "md": render.answer_to_markdown, "text": render.answer_to_text,
                        "rich": render.answer_to_rich})


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--country", "-c", "country_name", metavar="NAME", shell_complete=completer("complete_country"),
              help="Brief on a country (name, code, demonym).")
@click.option("--topic", "-t", "topic_name", metavar="NAME", shell_complete=completer("complete_topic"),
              help="Brief on a topic (see `c5brief topics`).")
@length_option
@output_options()
@corpus_options
def brief(country_name: str | None, topic_name: str | None, length: int, output: Output,
          spec: CorpusSpec) -> None:
    """A cited brief on one country or one topic.

    A country brief gathers what the coverage says of the country (by name,
    demonym, capital, leader, or a sentence continuing one about them), picks
    the most informative statements without repeats, and groups them by topic.
    A topic brief groups its statements by country. Every statement cites the
    paragraphs that report it.

    \b
    Examples:
      c5brief brief --country kazakhstan
      c5brief brief --country KG --length 150
      c5brief brief --topic "critical minerals" --format md > minerals.md

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    if bool(country_name) == bool(topic_name):
        raise click.UsageError("give exactly one of --country NAME or --topic NAME")
    _run_brief("country" if country_name else "topic", country_name or topic_name, length, output, spec)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name", shell_complete=completer("complete_country"))
@length_option
@output_options()
@corpus_options
def country(name: str, length: int, output: Output, spec: CorpusSpec) -> None:
    """A cited brief on country NAME (same as `brief --country NAME`).

    NAME may be the name in any listed spelling or script, its ISO code or its
    demonym: kazakhstan, KZ, kazakh and Qazaqstan all work.

    \b
    Examples:
      c5brief country kazakhstan
      c5brief country uzbek --format md >> briefing.md
      c5brief country KG --format json | jq '.sections[].heading'

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    _run_brief("country", name, length, output, spec)


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name", shell_complete=completer("complete_topic"))
@length_option
@output_options()
@corpus_options
def topic(name: str, length: int, output: Output, spec: CorpusSpec) -> None:
    """A cited brief on topic NAME, grouped by country (same as `brief --topic NAME`).

    \b
    Examples:
      c5brief topic minerals
      c5brief topic "human rights" --format md > rights.md
      c5brief topics            # what topics there are

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    _run_brief("topic", name, length, output, spec)


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
    from c5brief import brief as briefs, render

    result = briefs.country_coverage(spec)
    warn(result.notes)
    emit(result, output, renderers(render, "coverage"))


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
    from c5brief import brief as briefs, render

    result = briefs.topic_coverage(spec)
    warn(result.notes)
    emit(result, output, renderers(render, "coverage"))


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
    from c5brief import brief as briefs, render

    result = briefs.coverage_matrix(spec, everything)
    warn(result.notes)
    emit(result, output, renderers(render, "matrix"))


def _run_brief(kind: str, name: str, length: int, output: Output, spec: CorpusSpec) -> None:
    from c5brief import brief as briefs, render

    make = briefs.country_brief if kind == "country" else briefs.topic_brief
    result = make(name, spec, length)
    warn(result.notes)
    fmt = output.format
    if not result.passages:
        if fmt == "json":
            write(render.brief_to_json(result))
        note(f"nothing found: no passage mentions {result.subject}")
        sys.exit(EXIT_NOTHING_FOUND)
    emit(result, output, renderers(render, "brief"))
