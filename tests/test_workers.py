"""Worker processes: results in order, errors raised in order, an early stop, a worker that dies."""

import os
import time

import pytest

from c5brief.workers import WorkerDied, ordered_map


@pytest.fixture(autouse=True)
def two_workers(monkeypatch):
    monkeypatch.setenv("C5BRIEF_WORKERS", "2")


def test_results_come_in_the_order_of_the_items():
    assert list(ordered_map(abs, range(0, -200, -1))) == list(range(200))
    assert list(ordered_map(abs, [])) == []


def test_an_error_in_a_worker_is_raised_in_order_after_the_results_before_it():
    results = ordered_map(int, ["1", "2", "x", "4"])
    assert [next(results), next(results)] == [1, 2]
    with pytest.raises(ValueError, match="invalid literal"):
        next(results)


def test_a_worker_that_dies_is_an_error_not_a_hang():
    started = time.monotonic()
    with pytest.raises(WorkerDied):
        list(ordered_map(os._exit, [3]))
    assert time.monotonic() - started < 30


def test_a_stop_asked_for_ends_the_wait_at_once():
    started = time.monotonic()
    assert list(ordered_map(time.sleep, [30, 30], stopped=lambda: 15)) == []
    assert time.monotonic() - started < 10  # the sleeping workers are killed, not waited for


def test_no_worker_outlives_the_map():
    import multiprocessing

    results = ordered_map(os.getpid, [None] * 2)  # os.getpid takes no argument: errors, in the workers
    with pytest.raises(TypeError):
        next(results)
    results.close()
    assert multiprocessing.active_children() == []
