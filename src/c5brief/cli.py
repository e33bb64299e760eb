"""The command line: parse arguments, call one core function, render its result."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from c5brief import __version__
from c5brief.cli_common import CONTEXT_SETTINGS
from c5brief.errors import EXIT_INTERNAL, C5BriefError

# Each command is built only when it runs (or help lists it): building all of
# them costs milliseconds every query would pay.
COMMAND_MODULES = {
    "ask": "cli_query", "brief": "cli_query", "country": "cli_query", "topic": "cli_query",
    "countries": "cli_query", "topics": "cli_query", "matrix": "cli_query",
    "add": "cli_library", "sources": "cli_library", "show": "cli_library", "remove": "cli_library",
    "completion": "cli_meta", "config": "cli_meta",
}


class C5BriefGroup(click.Group):
    """Loads commands lazily, and turns c5brief's own errors into `Error: ...` and an exit code, in one place."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMAND_MODULES:
            return None
        return getattr(import_module(f"c5brief.{COMMAND_MODULES[name]}"), name)

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
      c5brief country kazakhstan
      c5brief topic "human rights" --format md > rights.md
      c5brief matrix
      c5brief add ~/articles && c5brief sources

    Settings: options, then C5BRIEF_* variables, then the config file (see
    `c5brief config`). Completion: `c5brief completion bash|zsh|fish`.

    Exit status: 0 found, 1 nothing found, 2 usage or input error, 3 internal
    error, 130 interrupted.
    """
    ctx.obj = {"debug": debug}
    from c5brief.paths import config_file

    path = config_file()
    if os.path.lexists(path):  # the settings module is imported only when there is a file to read
        from c5brief.settings import default_map, read_config

        config = read_config(path)
        if config:
            ctx.default_map = default_map(config, all_commands())


def all_commands() -> dict[str, click.Command]:
    """Every command, by name (imports them all)."""
    context = click.Context(cli)
    return {name: cli.get_command(context, name) for name in cli.list_commands(context)}


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
