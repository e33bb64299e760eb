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
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


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
