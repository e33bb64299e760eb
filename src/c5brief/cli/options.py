"""What the commands share: corpus options, output format, writing results and notes.

Options a user may also set in the config file are `SettingOption`s: the
option's own declaration (its name, environment variable and help) is the one
place a setting is defined; `c5brief config`, the config file's checks and the
man page read it from there.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import click

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 80}
FORMAT_CHOICES = ("rich", "md", "text", "json")
COLOR_CHOICES = ("auto", "always", "never")


class SettingOption(click.Option):
    """An option whose default may also come from the config file, under `config_key`."""

    def __init__(self, *args: Any, config_key: str, inverted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config_key = config_key
        self.inverted = inverted  # the option negates the key: `seeds = false` is --no-seeds


def setting(*declarations: str, config_key: str, **kwargs: Any) -> Callable:
    """click.option for a SettingOption."""
    return click.option(*declarations, cls=SettingOption, config_key=config_key, **kwargs)


class IsoDate(click.ParamType):
    """A date as YYYY-MM-DD, or YYYY-MM for a whole month (and YYYY for a year, if `years`); with
    `empty`, also "" (add --date "": drop the date the user set)."""

    name = "date"

    def __init__(self, years: bool = True, empty: bool = False) -> None:
        self.years = years
        self.empty = empty

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        import re

        text = str(value).strip()
        if self.empty and not text:
            return ""
        shape = r"\d{4}(-\d{2}(-\d{2})?)?" if self.years else r"\d{4}-\d{2}(-\d{2})?"
        if re.fullmatch(shape, text):
            from datetime import date

            parts = [int(p) for p in text.split("-")]
            try:
                date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
                return text
            except ValueError:
                pass
        shapes = "2025-11-06, 2025-11 or 2025" if self.years else "2025-11-06 or 2025-11"
        self.fail(f"{value!r} is not a date like {shapes}", param, ctx)


def completer(name: str) -> Callable:
    """A shell_complete callback that imports c5brief.cli.completion only when completing."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from c5brief.cli import completion

        return getattr(completion, name)(ctx, param, incomplete)

    return complete


def _split_paths(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    # Environment variables hold several paths joined by os.pathsep, like PATH.
    paths: list[str] = []
    for item in value:
        paths.extend(p for p in item.split(os.pathsep) if p)
    return tuple(paths)


def library_option(command: Callable) -> Callable:
    return setting(
        "--library", "library_dir", config_key="library", metavar="DIR", envvar="C5BRIEF_LIBRARY",
        type=click.Path(file_okay=False),
        help="Library folder to use instead of the default one in the user data folder "
             "(env C5BRIEF_LIBRARY).",
    )(command)


ENGINE_CHOICES = ("auto", "rank-bm25", "tantivy")


def engine_option(command: Callable) -> Callable:
    return setting(
        "--engine", config_key="engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
        envvar="C5BRIEF_ENGINE",
        help="Search engine for the library: rank-bm25, or tantivy (on disk, for large libraries); auto "
             "picks tantivy above 40,000 paragraphs. Both rank alike (env C5BRIEF_ENGINE).",
    )(command)


def corpus_options(command: Callable) -> Callable:
    """--corpus, --no-seeds, --library and --gazetteer, passed on to the command as `spec`."""

    @functools.wraps(command)
    def with_spec(*args: Any, corpus_paths: tuple[str, ...], no_seeds: bool, gazetteer_files: tuple[str, ...],
                  library_dir: str | None, engine: str, **kwargs: Any) -> Any:
        from c5brief.cli.progress import index_progress
        from c5brief.corpus import corpus_spec

        progress = index_progress()
        click.get_current_context().call_on_close(progress.close)
        spec = corpus_spec(corpus_paths, no_seeds, gazetteer_files, library_dir, engine=engine, progress=progress)
        return command(*args, spec=spec, **kwargs)

    decorated: Callable[..., Any] = with_spec
    decorated = engine_option(decorated)
    decorated = setting(
        "--gazetteer", "gazetteer_files", config_key="gazetteer", multiple=True, metavar="FILE",
        envvar="C5BRIEF_GAZETTEER", callback=_split_paths, type=click.Path(dir_okay=False),
        help="Extra gazetteer JSON (names, spellings, topics) merged over the built-in one "
             "(repeatable; env C5BRIEF_GAZETTEER).",
    )(decorated)
    decorated = library_option(decorated)
    decorated = setting(
        "--no-seeds", config_key="seeds", inverted=True, is_flag=True,
        help="Leave the bundled seed articles out of the corpus.",
    )(decorated)
    return setting(
        "--corpus", "corpus_paths", config_key="corpus", multiple=True, metavar="PATH", envvar="C5BRIEF_CORPUS",
        callback=_split_paths, type=click.Path(),
        help="File or folder of .txt/.md/.html/.pdf/.docx documents to search besides the seeds and the "
             "library, without adding them (repeatable; env C5BRIEF_CORPUS, paths joined by ':').",
    )(decorated)


def length_option(command: Callable) -> Callable:
    return setting(
        "--length", "-l", config_key="length", type=click.IntRange(30, 5000), default=300, show_default=True,
        metavar="WORDS", envvar="C5BRIEF_LENGTH", help="About how many words the key points and sections "
                                                       "may run to; timeline, deals and quotes have their own caps "
                                                       "(env C5BRIEF_LENGTH).",
    )(command)


class Output(NamedTuple):
    """How a command writes its result: the format and whether rich may colour it."""

    format: str  # rich, md, text, json or jsonl
    color: str  # auto, always or never


def output_options(choices: tuple[str, ...] = FORMAT_CHOICES) -> Callable:
    """--format and --color, passed on to the command as `output`."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def with_output(*args: Any, output_format: str | None, color: str, **kwargs: Any) -> Any:
            return command(*args, output=Output(resolve_format(output_format, color), color), **kwargs)

        with_output = setting(
            "--color", config_key="color", type=click.Choice(COLOR_CHOICES), default="auto",
            envvar="C5BRIEF_COLOR", show_default=True,
            help="Colour on a terminal: auto (unless NO_COLOR is set or TERM=dumb), always (even "
                 "when piped, as rich output), never (env C5BRIEF_COLOR).",
        )(with_output)
        return format_option(choices)(with_output)

    return decorate


def format_option(choices: tuple[str, ...]) -> Callable:
    return setting(
        "--format", "-f", "output_format", config_key="format", type=click.Choice(choices),
        envvar="C5BRIEF_FORMAT",
        help="Output format [default: rich on a terminal, md when piped; env C5BRIEF_FORMAT].",
    )


def resolve_format(requested: str | None, color: str = "auto") -> str:
    if requested:
        return requested
    return "rich" if color == "always" or sys.stdout.isatty() else "md"


def console_options(color: str) -> dict[str, Any]:
    """rich Console settings for --color; `auto` leaves NO_COLOR, TERM=dumb and tty detection to rich."""
    if color == "never":
        return {"color_system": None, "no_color": True}
    if color == "always":
        truecolor = os.environ.get("COLORTERM", "") in ("truecolor", "24bit")
        return {"force_terminal": True, "no_color": False, "color_system": "truecolor" if truecolor else "256"}
    return {}


def heading_level_option(command: Callable) -> Callable:
    return click.option(
        "--heading-level", type=click.IntRange(1, 5), default=1, show_default=True, metavar="N",
        help="Level of the Markdown title (N), its sections one deeper: to sit under a report's own headings.",
    )(command)


MARKDOWN_BLOCK_START = "\n"  # every Markdown block starts with a blank line, so `>>` never glues two together


def emit(result: Any, output: Output, formats: dict[str, Callable[[Any], Any]]) -> None:
    """Write `result` to stdout in the chosen format, taken from a renderer table."""
    if output.format == "md":
        write(MARKDOWN_BLOCK_START + formats["md"](result))
    elif output.format == "rich":
        from rich.console import Console

        console = Console(markup=False, highlight=False, emoji=False, **console_options(output.color))
        console.print(formats["rich"](result))
    else:
        write(formats[output.format](result))


def stream(result: Any, output: Output, streams: dict[str, Callable[[Any], Iterator[Any]]]) -> None:
    """Write `result` to stdout piece by piece, as its renderer makes the pieces (long listings)."""
    if output.format == "rich":
        from rich.console import Console

        console = Console(markup=False, highlight=False, emoji=False, **console_options(output.color))
        for renderable in streams["rich"](result):
            console.print(renderable)
    else:
        if output.format == "md":
            write(MARKDOWN_BLOCK_START)
        for text in streams[output.format](result):
            write(text)


def present(result: Any, output: Output, formats: dict[str, Callable[[Any], Any]]) -> None:
    """Warn of the result's notes on stderr, then write it (for results that cannot be empty)."""
    warn(result.notes)
    emit(result, output, formats)


def write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def note(message: str) -> None:
    """A note on stderr, one line whatever file name or document text it quotes."""
    echo_line(f"note: {message}")


def warn(messages: tuple[str, ...] | list[str]) -> None:
    for message in messages:
        echo_line(f"warning: {message}")


def echo_line(message: str) -> None:
    """One line on stderr: control characters, newlines and bidi controls shown as escapes.

    File names, ids and document text reach stderr through here, so none can
    forge a line of its own or send an escape sequence to the terminal.
    """
    from c5brief.render.escape import visible_line

    click.echo(visible_line(message), err=True)
