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
    """A pool of fresh interpreters that ignore Ctrl-C and SIGHUP from birth.

    spawn, not fork: the parent may be running a progress-bar thread. Ctrl-C
    (and a hangup, which also reaches the whole process group) is the parent's
    to handle; a worker that saw it would die mid-import with a traceback, and
    multiprocessing's resource tracker, started here too, ignores SIGINT and
    SIGTERM but not SIGHUP. An ignored signal stays ignored across exec, so the
    parent ignores them just while the workers start. SIGTERM stays: it is
    how the pool is terminated.
    """
    import multiprocessing

    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGHUP):
            previous[signum] = signal.signal(signum, signal.SIG_IGN)
    except ValueError:  # not the main thread
        pass
    try:
        return multiprocessing.get_context("spawn").Pool(worker_count(), initializer, initargs)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
