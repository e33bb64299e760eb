"""Worker processes for the build-time work that can use every core (reading, annotating).

Not multiprocessing.Pool: its workers share the locks of its queues, and a
worker killed at the wrong moment (a SIGTERM sent to the whole process group,
as a service manager or `kill -TERM -PGID` sends it) dies holding one, after
which `Pool.terminate` waits for that lock for good. Here each worker has a
pipe of its own and shares nothing with the others: a worker that dies breaks
only its own pipe, and the pool ends by killing its workers, which cannot wait
on anything. A worker whose parent dies (even by SIGKILL) reads the end of its
pipe and exits.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from c5brief.environment import WORKERS

MAX_WORKERS = 4
_POLL_S = 0.25  # how often a wait for results looks at `stopped`


def worker_count() -> int:
    """One per core (at most MAX_WORKERS); C5BRIEF_WORKERS overrides, 1 meaning none."""
    override = os.environ.get(WORKERS, "")
    if override.isdigit() and int(override) > 0:
        return int(override)
    return min(os.cpu_count() or 1, MAX_WORKERS)


class WorkerDied(RuntimeError):
    """A worker process ended while it had work (killed from outside, or out of memory)."""


def ordered_map(function: Callable[[Any], Any], items: Iterable[Any], *,
                initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
                ahead: int = 0, stopped: Callable[[], int] = lambda: 0) -> Iterator[Any]:
    """`function(item)` for each item, in worker processes, yielded in the order of the items.

    `function`, `initializer` and the items are pickled: keep the items small
    (names of what to read, not what was read). At most `ahead` results
    (default: two per worker) are computed before they are taken, so memory
    stays flat. While waiting, `stopped` is asked every quarter second; when it
    answers, the map ends early. An exception in `function` is raised here, in
    order; a worker that dies is `WorkerDied`.
    """
    pool = _Pool(worker_count(), initializer, initargs)
    try:
        yield from pool.run(function, iter(items), ahead or 2 * len(pool.workers), stopped)
    finally:
        pool.close()


class _Pool:
    def __init__(self, count: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]):
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # not fork: the parent may run a progress-bar thread
        self.workers: list[tuple[Any, Any]] = []  # (process, the parent's end of its pipe)
        with _ignoring_interrupts():
            for _ in range(count):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, initializer, initargs), daemon=True)
                process.start()
                theirs.close()  # the worker's end is the worker's only: when we go, it reads EOF
                self.workers.append((process, ours))
        self._lock = threading.Condition()
        self._results: dict[int, tuple[bool | None, Any]] = {}  # None: the items are done
        self._failure: BaseException | None = None
        self._closing = False
        self._sender: threading.Thread | None = None

    def run(self, function: Callable[[Any], Any], items: Iterator[Any], ahead: int,
            stopped: Callable[[], int]) -> Iterator[Any]:
        taken = [0]  # results handed out so far, which the sender counts against `ahead`
        self._sender = threading.Thread(target=self._send_and_receive, args=(function, items, ahead, taken),
                                        daemon=True)
        self._sender.start()
        index = 0
        while True:
            with self._lock:
                while index not in self._results and self._failure is None:
                    if stopped():
                        return
                    self._lock.wait(_POLL_S)
                if index not in self._results:
                    failure = self._failure
                    break
                ok, value = self._results.pop(index)
                taken[0] += 1
                self._lock.notify_all()
            if ok is None:  # the items are done
                return
            if not ok:
                raise value
            yield value
            index += 1
        # A worker died: usually with us, from a signal sent to the whole group; let it land first.
        threading.Event().wait(_POLL_S)
        if stopped():
            return
        assert failure is not None
        raise failure

    def _send_and_receive(self, function: Callable[[Any], Any], items: Iterator[Any], ahead: int,
                          taken: list[int]) -> None:
        """The pool's one thread: hand items to idle workers while there is room, take their results."""
        from multiprocessing.connection import wait

        idle = [conn for _, conn in self.workers]
        busy: dict[Any, int] = {}  # connection -> the index of the item it works on
        sent, exhausted = 0, False
        try:
            while not self._closing:
                with self._lock:
                    room = ahead - (sent - taken[0])  # results in flight or not yet taken: at most `ahead`
                while idle and room > 0 and not exhausted:
                    item = next(items, _END)
                    if item is _END:
                        exhausted = True
                        break
                    conn = idle.pop()
                    conn.send((function, item))
                    busy[conn], sent, room = sent, sent + 1, room - 1
                if not busy:
                    with self._lock:
                        if exhausted:
                            self._results[sent] = (None, None)  # the end
                            self._lock.notify_all()
                            return
                        self._lock.wait(0.05)  # no room: until a result is taken
                    continue
                for conn in cast("list[Any]", wait(list(busy), timeout=0.05)):  # the connections it was given
                    try:
                        ok, value = conn.recv()
                    except (EOFError, OSError) as exc:
                        raise WorkerDied("a worker process ended before it finished its work (was it "
                                         "killed, or out of memory?)") from exc
                    with self._lock:
                        self._results[busy.pop(conn)] = (ok, value)
                        self._lock.notify_all()
                    idle.append(conn)
        except BaseException as exc:  # a worker gone, or the items themselves failed
            with self._lock:
                self._failure = exc
                self._lock.notify_all()

    def close(self) -> None:
        self._closing = True
        for process, _ in self.workers:
            if process.is_alive():
                process.kill()  # they hold no lock anyone waits on: killing them is the whole teardown
        for process, _ in self.workers:
            process.join()
        if self._sender is not None:
            self._sender.join(timeout=1)
        for _, conn in self.workers:
            conn.close()


_END = object()


def _serve(conn: Any, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker: run the tasks its pipe brings, send back each result, until the pipe ends."""
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            function, item = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        try:
            answer: tuple[bool, Any] = (True, function(item))
        except Exception as exc:  # raised again in the parent, in order
            answer = (False, exc)
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # the result or the exception would not pickle
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _ignoring_interrupts:
    """Workers start with Ctrl-C and SIGHUP ignored (ignored signals stay so across exec).

    Ctrl-C and a hangup reach the whole process group, and they are the
    parent's to handle: a worker that saw them would die mid-import with a
    traceback. SIGTERM stays as it is: a worker it kills breaks only its pipe.
    """

    def __enter__(self) -> None:
        self.previous: dict[int, Any] = {}
        try:
            for signum in (signal.SIGINT, signal.SIGHUP):
                self.previous[signum] = signal.signal(signum, signal.SIG_IGN)
        except ValueError:  # not the main thread
            pass

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
