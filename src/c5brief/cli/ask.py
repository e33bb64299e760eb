"""`ask`: ranked, cited passages answering a question."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from c5brief.cli.options import (
    CONTEXT_SETTINGS,
    FORMAT_CHOICES,
    IsoDate,
    Output,
    completer,
    corpus_options,
    emit,
    heading_level_option,
    note,
    output_options,
    setting,
    warn,
    write,
)
from c5brief.errors import ExitStatus

if TYPE_CHECKING:
    from c5brief.corpus import CorpusSpec


class FiniteFloat(click.FloatRange):
    """A float in a range; NaN and infinities are refused (they would make every score NaN)."""

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        import math

        number = super().convert(value, param, ctx)  # type: ignore[arg-type]  # click converts strings
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return float(number)


class QuestionCommand(click.Command):
    """A command whose question may hold -word exclusions, which the shell hands over as options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        import re

        given = list(args)  # click consumes the list it parses
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            known = {name for param in self.params for name in getattr(param, "opts", ())}
            if "--" not in given and any(re.fullmatch(r"-[^\W\d_][\w'’-]+", a) and a not in known for a in given):
                hint = "(to leave out a word, quote the question or put -- before it: c5brief ask -- rare earth -Italy)"
                raise click.UsageError(f"{error.format_message()}\n{hint}", error.ctx) from None
            raise


@click.command(cls=QuestionCommand, context_settings=CONTEXT_SETTINGS)
@click.argument("words", nargs=-1, required=True, metavar="QUESTION...")
@setting("--limit", "-k", config_key="limit", type=click.IntRange(1, 1000), default=5, show_default=True,
         envvar="C5BRIEF_LIMIT", help="How many passages to show (env C5BRIEF_LIMIT).")
@click.option("--since", type=IsoDate(), metavar="DATE", help="Only documents dated on or after DATE.")
@click.option("--until", type=IsoDate(), metavar="DATE", help="Only documents dated on or before DATE.")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Only documents from this outlet (repeatable; case does not matter).")
@click.option("--country", "countries", multiple=True, metavar="NAME", shell_complete=completer("complete_country"),
              help="Only passages that name this country, its places or its people (repeatable: all of them).")
@click.option("--topic", "topics", multiple=True, metavar="NAME", shell_complete=completer("complete_topic"),
              help="Only passages on this topic (repeatable: all of them).")
@click.option("--doc", "documents", multiple=True, metavar="ID",
              help="Only this document, by id or unique prefix (repeatable: any of them).")
@click.option("--lang", "languages", multiple=True, type=click.Choice(["en", "ru"]),
              help="Only passages in this language (by script: Latin English, Cyrillic Russian).")
@click.option("--explain", is_flag=True, help="Show what each matched term adds to each result's score.")
@click.option("--literal", "-F", is_flag=True,
              help="Take QUESTION as plain words: quotes, -word and OR are not syntax (for pasted text).")
@heading_level_option
@output_options(FORMAT_CHOICES + ("jsonl",))
@corpus_options
@click.option("--bm25", "variant", type=click.Choice(["okapi", "bm25l", "bm25plus"]), default="okapi",
              show_default=True, help="BM25 variant used for ranking.")
@click.option("--k1", type=FiniteFloat(0, 10), default=None, help="BM25 term-frequency saturation [default: 1.5].")
@click.option("--b", "b", type=FiniteFloat(0, 1), default=None, help="BM25 length normalisation [default: 0.3].")
def ask(words: tuple[str, ...], limit: int, since: str | None, until: str | None, sources: tuple[str, ...],
        countries: tuple[str, ...], topics: tuple[str, ...], documents: tuple[str, ...], languages: tuple[str, ...],
        explain: bool, literal: bool, heading_level: int, output: Output, spec: CorpusSpec, variant: str,
        k1: float | None, b: float | None) -> None:
    """Answer QUESTION with the best-matching passages, each cited.

    QUESTION is keywords or a natural-language question, in one argument or
    several; `-` reads it from standard input. Words are ranked by BM25. In
    addition: "an exact phrase" must occur; -word and -"a phrase" leave out
    passages that have them; OR between words or phrases asks for one of
    them. Names match in every spelling the gazetteer knows (Tokaev finds
    Tokayev, US finds U.S. and America), below the words as typed. A word no
    passage contains is corrected only when nothing would be found otherwise
    or the slip is plain; else a close word is suggested on stderr. Results
    that match half the question's words or fewer are marked partial.

    \b
    Examples:
      c5brief ask Jackson-Vanik
      c5brief ask Why might Japarov raise visas? --limit 3
      c5brief ask '"rare earth" -Italy' --since 2025-11-01
      c5brief ask tungsten OR uranium --country kazakhstan --explain
      c5brief ask "critical minerals" --format json | jq '.results[0].text'
      echo "Caspian Sea water level" | c5brief ask - --format md >> briefing.md
      pbpaste | c5brief ask --literal -      # a pasted paragraph, quotes and all

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    from functools import partial

    from c5brief.render import answer as render
    from c5brief.retrieve import SearchOptions
    from c5brief.retrieve import ask as run_ask

    question = _question(words)
    options = SearchOptions(limit, variant, k1, b, since, until, sources, documents, countries, topics, explain,
                            literal, languages)
    answer = run_ask(question, spec, options)
    warn(answer.notes)
    for typed, fixed in answer.corrections:
        note(f"searched for {fixed!r} instead of {typed!r}, which no passage contains")
    for typed, close in answer.suggestions:
        note(f"no passage contains {typed!r}; did you mean {close!r}?")
    unmatched = [w for w in answer.unmatched_words if w not in {typed for typed, _ in answer.suggestions}]
    if unmatched:
        note(f"no passage contains: {', '.join(unmatched)}")
    fmt = output.format
    if not answer.hits:
        if fmt in ("json", "jsonl"):
            write(render.answer_to_json(answer) if fmt == "json" else "")
        note(f"nothing found for {question!r}")
        sys.exit(ExitStatus.NOTHING_FOUND)
    emit(answer, output, {**render.FORMATS, "md": partial(render.answer_to_markdown, heading_level=heading_level)})


def _question(words: tuple[str, ...]) -> str:
    """The question as text; bytes that are not UTF-8 (in the arguments or on stdin) become U+FFFD."""
    import re

    if words == ("-",):
        if sys.stdin.isatty():
            raise click.UsageError("`-` reads the question from standard input: pipe or redirect one in")
        return sys.stdin.buffer.read().decode("utf-8-sig", errors="replace").strip()
    # click passes undecodable argument bytes on as lone surrogates (surrogateescape),
    # which no UTF-8 output, JSON above all, can carry.
    return re.sub("[\ud800-\udfff]", "\ufffd", " ".join(words))
