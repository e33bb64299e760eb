"""Progress on stderr, for a person watching a terminal: adding files, and building an index.

A bar appears only on a terminal, never with --quiet, and for an index build
only when there is enough to do to take more than about a second.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

BAR_FROM = 2000  # paragraphs to index: about a second's work on one core


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A bar for `label`, fed (done, total); None when nobody is watching."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar, task = _bar(label)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


@contextmanager
def steps_bar(quiet: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A bar fed (what is being done, done, total) that names the step; None when nobody is watching."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar, _ = _bar(None)
    task = bar.add_task("", total=None)
    with bar:
        yield lambda what, done, total: bar.update(task, description=what, completed=done, total=total)


class IndexProgress:
    """Told how index builds go, as (what, paragraphs done, paragraphs to do); shows a bar when worth it."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled or (self._bar is None and total < BAR_FROM):
            return
        if self._bar is None:
            self._bar, _ = _bar(None)
            self._bar.start()
        if label not in self._tasks:
            self._tasks[label] = self._bar.add_task(label, total=total)
        self._bar.update(self._tasks[label], completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def index_progress(quiet: bool = False) -> IndexProgress:
    return IndexProgress(enabled=not quiet and sys.stderr.isatty())


def _bar(label: str | None) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label or "{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=True)
    task = bar.add_task(label, total=None) if label else None
    return bar, task
