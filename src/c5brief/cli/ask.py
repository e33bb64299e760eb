"""`ask`: ranked, cited passages answering a question."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from c5brief.cli.options import (
    CONTEXT_SETTINGS,
    FORMAT_CHOICES,
    Output,
    corpus_options,
    emit,
    note,
    output_options,
    setting,
    warn,
    write,
)
from c5brief.errors import ExitStatus

if TYPE_CHECKING:
    from c5brief.corpus import CorpusSpec


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("question")
@setting("--limit", "-k", config_key="limit", type=click.IntRange(1, 1000), default=5, show_default=True,
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
    from c5brief.render import answer as render
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
        sys.exit(ExitStatus.NOTHING_FOUND)
    emit(answer, output, render.FORMATS)
