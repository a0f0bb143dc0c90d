"""The bounded, ordered map over a stream in worker processes (standards_lib.processes)."""

from __future__ import annotations

import os

import pytest

from standards_lib.processes import ordered_map, worker_count


def squares_with_pid(batch: list[int]) -> list[tuple[int, int]]:
    return [(n * n, os.getpid()) for n in batch]


def fail_on_seven(batch: list[int]) -> list[int]:
    if 7 in batch:
        raise ValueError("seven is not wanted")
    return batch


def test_results_keep_the_order_of_the_stream_and_come_from_workers() -> None:
    results = list(ordered_map(squares_with_pid, range(1000), workers=2, batch=7))
    assert [r for r, _ in results] == [n * n for n in range(1000)]
    assert os.getpid() not in {pid for _, pid in results}


def test_one_process_maps_in_the_caller() -> None:
    results = list(ordered_map(squares_with_pid, range(10), workers=1, batch=3))
    assert results == [(n * n, os.getpid()) for n in range(10)]


def test_the_stream_is_read_a_bounded_window_ahead() -> None:
    taken: list[int] = []

    def stream():
        for n in range(10_000):
            taken.append(n)
            yield n

    results = ordered_map(squares_with_pid, stream(), workers=2, batch=10, window=3)
    first = next(results)
    assert first[0] == 0
    assert len(taken) <= 4 * 10  # three batches in flight and the next being filled, not the whole stream
    results.close()


def test_an_error_in_a_worker_is_raised_in_the_caller() -> None:
    with pytest.raises(ValueError, match="seven is not wanted"):
        list(ordered_map(fail_on_seven, range(20), workers=2, batch=2))


def test_worker_count_zero_means_one_per_core() -> None:
    assert worker_count(0) == (os.cpu_count() or 1)
    assert worker_count(3) == 3
