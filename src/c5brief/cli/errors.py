"""The one place c5brief's own exceptions become `Error: ...` on stderr and an exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from c5brief.errors import C5BriefError, ExitStatus, Interrupted, interrupted_status

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
    except KeyboardInterrupt as exc:
        # Ctrl-C, SIGTERM or SIGHUP (errors.Interrupted): every `with` on the way here has rolled
        # back or closed what it held. Not click's "Aborted!" and 1, which means "nothing found".
        click.echo(interruption_message(exc), err=True)
        ctx.exit(interrupted_status(exc))
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except Exception as exc:
        if debugging(ctx):
            raise
        from c5brief.render.escape import visible_line

        click.echo(f"Error: internal error: {type(exc).__name__}: {visible_line(str(exc))} "
                   "(rerun with --debug for the traceback, and please report it)", err=True)
        ctx.exit(ExitStatus.INTERNAL)


def interruption_message(exc: KeyboardInterrupt | None = None, signum: int = 0) -> str:
    import signal

    signum = signum or getattr(exc, "signum", 0)
    return f"Interrupted ({signal.Signals(signum).name})." if signum else "Interrupted."


def handle_termination() -> None:
    """Take SIGTERM and SIGHUP as Ctrl-C is taken (errors.Interrupted), so they clean up on the way out."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:  # ignored (nohup) stays ignored
            signal.signal(signum, interrupt)


def debugging(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get(DEBUG_ENV, "") not in ("", "0")
