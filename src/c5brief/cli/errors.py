"""The one place c5brief's own exceptions become `Error: ...` on stderr and an exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from c5brief.errors import C5BriefError, ExitStatus

DEBUG_ENV = "C5BRIEF_DEBUG"


@contextmanager
def reported(ctx: click.Context) -> Iterator[None]:
    """Run a command: c5brief's errors as one line and their exit status, anything else as a bug."""
    try:
        yield
    except C5BriefError as exc:
        from c5brief.render.escape import visible_line  # a message may quote a file name or an id

        click.echo(f"Error: {visible_line(str(exc))}", err=True)
        ctx.exit(exc.exit_status)
    except BrokenPipeError:
        # The reader went away (`| head`): that is not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        ctx.exit(ExitStatus.OK)
    except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debugging(ctx):
            raise
        from c5brief.render.escape import visible_line

        click.echo(f"Error: internal error: {type(exc).__name__}: {visible_line(str(exc))} "
                   "(rerun with --debug for the traceback, and please report it)", err=True)
        ctx.exit(ExitStatus.INTERNAL)


def debugging(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get(DEBUG_ENV, "") not in ("", "0")
