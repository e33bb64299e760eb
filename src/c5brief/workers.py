"""Worker processes for the build-time work that can use every core (reading, annotating)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from c5brief.environment import WORKERS

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

MAX_WORKERS = 4


def worker_count() -> int:
    """One per core (at most MAX_WORKERS); C5BRIEF_WORKERS overrides, 1 meaning none."""
    override = os.environ.get(WORKERS, "")
    if override.isdigit() and int(override) > 0:
        return int(override)
    return min(os.cpu_count() or 1, MAX_WORKERS)


def spawn_pool(initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Pool:
    """A pool of fresh interpreters that ignore Ctrl-C from birth.

    spawn, not fork: the parent may be running a progress-bar thread. Ctrl-C
    is the parent's to handle; a worker that saw it would die mid-import with
    a traceback. An ignored signal stays ignored across exec, so the parent
    ignores it just while the workers start.
    """
    import multiprocessing

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        previous = None
    try:
        return multiprocessing.get_context("spawn").Pool(worker_count(), initializer, initargs)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
