"""The command line: parse arguments, call one core function, render its result."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from c5brief import __version__
from c5brief.errors import EXIT_INTERNAL, EXIT_NOTHING_FOUND, C5BriefError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 80}
FORMAT_CHOICES = ("rich", "md", "text", "json")
EXIT_CODES_HELP = "Exit status: 0 found, 1 nothing found, 2 usage or input error."


def _split_paths(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    # C5BRIEF_CORPUS holds several paths joined by os.pathsep, like PATH.
    paths: list[str] = []
    for item in value:
        paths.extend(p for p in item.split(os.pathsep) if p)
    return tuple(paths)


def corpus_options(command: Callable) -> Callable:
    """--corpus and --no-seeds, shared by every command that searches."""
    command = click.option(
        "--no-seeds", is_flag=True, help="Leave the bundled seed articles out of the corpus.",
    )(command)
    return click.option(
        "--corpus", "corpus_paths", multiple=True, metavar="PATH", envvar="C5BRIEF_CORPUS",
        callback=_split_paths, type=click.Path(),
        help="File or folder of .txt/.md documents to search besides the seeds "
             "(repeatable; env C5BRIEF_CORPUS, paths joined by ':').",
    )(command)


def format_option(choices: tuple[str, ...] = FORMAT_CHOICES) -> Callable:
    return click.option(
        "--format", "-f", "output_format", type=click.Choice(choices), envvar="C5BRIEF_FORMAT",
        help="Output format [default: rich on a terminal, md when piped; env C5BRIEF_FORMAT].",
    )


class C5BriefGroup(click.Group):
    """Turns c5brief's own errors into `Error: ...` and an exit code, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except C5BriefError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, BrokenPipeError,
                KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if _debugging(ctx):
                raise
            click.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                       "(rerun with --debug for the traceback, and please report it)", err=True)
            ctx.exit(EXIT_INTERNAL)


def _debugging(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get("C5BRIEF_DEBUG", "") not in ("", "0")


@click.group(cls=C5BriefGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="c5brief")
@click.option("--debug", is_flag=True, envvar="C5BRIEF_DEBUG", help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Briefings and cited answers from news coverage of the C5+1 summit.

    Searches the bundled seed articles and any documents you add, paragraph by
    paragraph, and cites every passage it shows.

    \b
    Examples:
      c5brief ask "Jackson-Vanik"
      c5brief ask "What did Tokayev propose on rare earths?" -k 3
      c5brief ask "visa restrictions" --format md > notes.md

    Exit status: 0 found, 1 nothing found, 2 usage or input error.
    """
    ctx.obj = {"debug": debug}


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("question")
@click.option("--limit", "-k", type=click.IntRange(1, 1000), default=5, show_default=True,
              envvar="C5BRIEF_LIMIT", help="How many passages to show (env C5BRIEF_LIMIT).")
@format_option(FORMAT_CHOICES + ("jsonl",))
@corpus_options
@click.option("--bm25", "variant", type=click.Choice(["okapi", "bm25l", "bm25plus"]), default="okapi",
              show_default=True, help="BM25 variant used for ranking.")
@click.option("--k1", type=click.FloatRange(0, 10), default=None, help="BM25 term-frequency saturation [default: 1.5].")
@click.option("--b", "b", type=click.FloatRange(0, 1), default=None, help="BM25 length normalisation [default: 0.75].")
def ask(question: str, limit: int, output_format: str | None, corpus_paths: tuple[str, ...],
        no_seeds: bool, variant: str, k1: float | None, b: float | None) -> None:
    """Answer QUESTION with the best-matching passages, each cited.

    QUESTION can be keywords or a natural-language question. Passages are
    ranked by BM25; on a terminal the matched words are highlighted. Words
    that no passage contains are named on stderr.

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

    answer = run_ask(question, _corpus_spec(corpus_paths, no_seeds), SearchOptions(limit, variant, k1, b))
    _notes(answer.notes)
    for typed, fixed in answer.corrections:
        _note(f"searched for {fixed!r} instead of {typed!r}, which no passage contains")
    if answer.unmatched_words:
        _note(f"no passage contains: {', '.join(answer.unmatched_words)}")
    fmt = _resolve_format(output_format)
    if not answer.hits:
        if fmt == "json":
            _write(render.answer_to_json(answer))
        _note(f"nothing found for {question!r}")
        sys.exit(EXIT_NOTHING_FOUND)
    renderers = {"json": render.answer_to_json, "jsonl": render.answer_to_jsonl,
                 "md": render.answer_to_markdown, "text": render.answer_to_text}
    if fmt == "rich":
        _print_rich(render.answer_to_rich(answer))
    else:
        _write(renderers[fmt](answer))


def _corpus_spec(paths: tuple[str, ...], no_seeds: bool):
    from c5brief.corpus import CorpusSpec, default_cache_dir

    return CorpusSpec(paths=paths, seeds=not no_seeds, cache_dir=default_cache_dir())


def _resolve_format(requested: str | None) -> str:
    if requested:
        return requested
    return "rich" if sys.stdout.isatty() else "md"


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _print_rich(renderable: Any) -> None:
    from rich.console import Console

    Console(markup=False, highlight=False, emoji=False).print(renderable)


def _note(message: str) -> None:
    click.echo(f"note: {message}", err=True)


def _notes(messages: tuple[str, ...] | list[str]) -> None:
    for message in messages:
        click.echo(f"warning: {message}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; a closed pipe (`| head`) ends it quietly."""
    try:
        cli.main(args=argv, prog_name="c5brief")
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


def _silence_stdout() -> None:
    # The reader went away (`| head`): point stdout at /dev/null so the
    # interpreter's final flush does not complain.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

