"""Worker processes: how many, whether this platform can fork them, and a bounded, ordered map over a stream.

The one home of the process count (``workers``: 0 means one per core) for every layer: the matching engines'
forked shares (:mod:`standards_lib.matching.workers`) and the readers that parse a stream of files in worker
processes (the ISO/IEC Relaton archives, :mod:`standards_lib.scrapers.relaton_intl`).

:func:`ordered_map` applies a module-level function to batches of a stream in a pool of forked processes and
yields the results in the stream's order. It is bounded in memory: it reads at most ``window`` batches ahead
of what it has yielded (``multiprocessing.Pool.imap`` would read the whole stream ahead), so an archive
streamed member by member stays streamed. One process (or a platform that cannot fork) maps in the caller.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """Whether this platform can fork worker processes."""
    return "fork" in multiprocessing.get_all_start_methods()


def worker_count(workers: int) -> int:
    """``workers``, or one per CPU when it is 0 or less."""
    return workers if workers > 0 else (os.cpu_count() or 1)


def ordered_map(
    function: Callable[[list[T]], list[R]],
    items: Iterable[T],
    *,
    workers: int,
    batch: int = 256,
    window: int = 0,
) -> Iterator[R]:
    """``function`` over consecutive batches of ``items`` (at most ``batch`` each), the results flattened in order.

    ``function`` takes a list of items and returns one result per item; it must pickle (a module-level function,
    or a ``functools.partial`` of one: it is sent to the workers by name), and so must its items and results. With ``workers`` > 1 (0: one per CPU) the
    batches go to that many forked processes, at most ``window`` batches (default: four per process) read ahead;
    an exception raised by ``function`` in a worker is raised here. Otherwise everything runs in the caller.
    """
    count = worker_count(workers)
    iterator = iter(items)
    if count <= 1 or not can_fork():
        while chunk := list(islice(iterator, batch)):
            yield from function(chunk)
        return
    ahead = window if window > 0 else 4 * count
    with multiprocessing.get_context("fork").Pool(count) as pool:
        pending: deque[Any] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < ahead:
                chunk = list(islice(iterator, batch))
                if not chunk:
                    exhausted = True
                    break
                pending.append(pool.apply_async(function, (chunk,)))
            if not pending:
                return
            yield from pending.popleft().get()


__all__ = ["can_fork", "ordered_map", "worker_count"]
