"""The exceptions c5brief raises for conditions a user can act on, and the exit statuses.

Each exception carries the exit status the command line turns it into;
c5brief.cli.errors is the one place that does so.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What a c5brief process tells its caller (documented in README and the man page)."""

    OK = 0
    NOTHING_FOUND = 1  # a clean "no result", as grep's 1
    USAGE = 2  # a bad option or input; also a file `add` refused
    INTERNAL = 3  # a bug: one line on stderr, the traceback with --debug
    HANGUP = 129  # SIGHUP (128 + 1): the terminal went away
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
    TERMINATED = 143  # SIGTERM (128 + 15): `kill`, a service manager, a CI timeout


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, taken as Ctrl-C is: whatever was being written is rolled back or kept
    whole on the way out, and the process exits 128 + the signal's number, as shells report it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def interrupted_status(exc: KeyboardInterrupt | None = None, signum: int = 0) -> int:
    """The exit status for an interruption: Ctrl-C's 130 unless a SIGTERM or SIGHUP caused it."""
    signum = signum or getattr(exc, "signum", 0)
    return 128 + signum if signum else int(ExitStatus.INTERRUPTED)


class C5BriefError(Exception):
    """Base class: the message is shown to the user as `Error: <message>`."""

    exit_status = ExitStatus.USAGE


class InputError(C5BriefError):
    """A file, folder or argument the user gave cannot be used."""


class QueryError(C5BriefError):
    """A query that cannot be searched (e.g. only stop words)."""


class CorpusError(C5BriefError):
    """The corpus is empty or cannot be read."""


class StorageError(C5BriefError):
    """The library or cache on disk cannot be used as it is."""

    kind = ""  # what is wrong, where a caller acts on it: "full" (no space left), "read-only"


class NotFound(C5BriefError):
    """What was asked for (a document or paragraph id) is not in the corpus."""

    exit_status = ExitStatus.NOTHING_FOUND


class FileRefused(InputError):
    """A file that is not a document c5brief can read: binary, encrypted, not a regular file...

    `add` refuses it by name and goes on; `--corpus` leaves it out with a warning.
    """

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
