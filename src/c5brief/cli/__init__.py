"""The command line: parse arguments, call one core function, render its result.

One module per command group (ask, briefs, library, meta); options.py holds
what they share and errors.py turns c5brief's exceptions into messages and
exit statuses. Commands are imported only when they run or help lists them.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from c5brief import __version__
from c5brief.cli.errors import DEBUG_ENV, handle_termination, interruption_message, reported
from c5brief.cli.options import CONTEXT_SETTINGS
from c5brief.errors import interrupted_status

# Each command is built only when it runs (or help lists it): building all of
# them costs milliseconds every query would pay.
COMMAND_MODULES = {
    "ask": "ask",
    "brief": "briefs", "country": "briefs", "topic": "briefs", "countries": "briefs", "topics": "briefs",
    "matrix": "briefs",
    "add": "library", "sources": "library", "show": "library", "remove": "library",
    "completion": "meta", "config": "meta",
    "report": "report", "verify": "verify",
}


class C5BriefGroup(click.Group):
    """Loads commands lazily, and reports c5brief's own errors in one place (cli.errors)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMAND_MODULES:
            return None
        command: click.Command = getattr(import_module(f"c5brief.cli.{COMMAND_MODULES[name]}"), name)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                            list[str]]:
        name = click.utils.make_str(args[0]) if args else ""
        if args and name not in COMMAND_MODULES and not name.startswith("-"):
            from difflib import get_close_matches

            close = get_close_matches(name.lower(), sorted(COMMAND_MODULES), n=3, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands with their whole first sentence, wrapped, never cut off with "..."."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=500)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        with reported(ctx):
            return super().invoke(ctx)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        # Ctrl-C while the options are parsed comes before any command runs; click would say "Aborted!"
        # and exit 1, which means "nothing found".
        try:
            return super().make_context(info_name, args, parent, **extra)
        except KeyboardInterrupt as exc:
            click.echo(interruption_message(exc), err=True)
            sys.exit(interrupted_status(exc))


@click.group(cls=C5BriefGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="c5brief")
@click.option("--debug", is_flag=True, envvar=DEBUG_ENV, help="Show tracebacks for unexpected errors.")
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
    error, 130 interrupted (143 SIGTERM, 129 SIGHUP).
    """
    from c5brief.paths import config_file

    path = config_file()
    if os.path.lexists(path):  # the settings module is imported only when there is a file to read
        from c5brief.cli.settings import apply_config

        apply_config(ctx, path)


def main(argv: list[str] | None = None) -> None:
    """Run the command line (a closed pipe, `| head`, ends it quietly: see cli.errors).

    SIGTERM and SIGHUP are taken as Ctrl-C is; a command interrupted exits
    130 (143 for SIGTERM, 129 for SIGHUP), never click's "Aborted!" and 1.
    """
    handle_termination()
    try:
        cli.main(args=argv, prog_name="c5brief")
    except KeyboardInterrupt as exc:  # outside a command (while parsing its options)
        click.echo(interruption_message(exc), err=True)
        sys.exit(interrupted_status(exc))
