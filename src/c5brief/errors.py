"""The exceptions c5brief raises for conditions a user can act on.

Each carries the exit code the command line turns it into; cli.main is the one
place that does so.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOTHING_FOUND = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class C5BriefError(Exception):
    """Base class: the message is shown to the user as `Error: <message>`."""

    exit_code = EXIT_USAGE


class InputError(C5BriefError):
    """A file, folder or argument the user gave cannot be used."""


class QueryError(C5BriefError):
    """A query that cannot be searched (e.g. only stop words)."""


class CorpusError(C5BriefError):
    """The corpus is empty or cannot be read."""


class StorageError(C5BriefError):
    """The library or cache on disk cannot be used as it is."""


class NotFound(C5BriefError):
    """What was asked for (a document or paragraph id) is not in the corpus."""

    exit_code = EXIT_NOTHING_FOUND
