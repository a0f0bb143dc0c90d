"""Forked worker processes over shares of a batch: the one worker-pool helper of matching.

Both engines score large batches in processes forked from the caller, so that the big read-only structures
(profiles, the candidate index, the index of international works) are shared copy-on-write instead of
pickled. Nothing is kept at module level: the task is a closure over what it reads, and a forked child
runs it without pickling (only the messages on the channels are pickled). ``gc.freeze()`` before forking
keeps the children's garbage collector from writing to (and so copying) every inherited object.

- :func:`forked_map`: ``task(lo, hi)`` over contiguous shares of ``range(size)``, results concatenated in order;
- :func:`forked_workers`: one process per share, each with a :class:`Channel` to the parent, for tasks that
  talk with the parent between steps (the adoption inference sends its series votes and waits for the
  series map built from every share).
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from ..errors import MatchError
from ..processes import can_fork, worker_count

T = TypeVar("T")


def use_workers(workers: int, size: int, minimum: int) -> int:
    """How many processes a batch of ``size`` items gets: 1 (the calling process) unless the batch reaches
    ``minimum`` items, more than one worker is asked for and the platform can fork."""
    count = worker_count(workers)
    return count if count > 1 and size >= minimum and can_fork() else 1


def shares(size: int, parts: int) -> list[tuple[int, int]]:
    """``(lo, hi)`` bounds of at most ``parts`` contiguous shares of ``range(size)``."""
    step = max(1, -(-size // max(1, parts)))
    return [(lo, min(lo + step, size)) for lo in range(0, size, step)]


class Channel:
    """One end of the pipe between the parent and a worker: tagged messages, failures turned into MatchError."""

    def __init__(self, connection: Connection, what: str) -> None:
        self._connection = connection
        self._what = what

    def send(self, kind: str, payload: Any) -> None:
        self._connection.send((kind, payload))

    def receive(self, expected: str) -> Any:
        """The payload of the next message, which must be of kind ``expected``."""
        try:
            kind, payload = self._connection.recv()
        except EOFError:
            raise MatchError(f"{self._what}: a worker ended without answering (killed, or out of memory?)") from None
        if kind == "error":
            raise MatchError(f"{self._what}: a worker failed:\n{payload}")
        if kind != expected:
            raise MatchError(f"{self._what}: a worker sent {kind!r}, expected {expected!r}")
        return payload

    def close(self) -> None:
        self._connection.close()


def _run_share(task: Callable[[int, int, Channel], None], lo: int, hi: int, channel: Channel) -> None:
    try:
        task(lo, hi, channel)
    except BaseException:  # reported to the parent, which raises
        channel.send("error", traceback.format_exc())
    finally:
        channel.close()


@contextmanager
def forked_workers(
    task: Callable[[int, int, Channel], None], size: int, workers: int, *, what: str
) -> Iterator[list[Channel]]:
    """Fork one process per share of ``range(size)`` (at most ``workers``), each running ``task(lo, hi, channel)``;
    yields the parent's channels in share order. On leaving, the channels are closed and the processes joined
    (terminated after 10 s). ``what`` names the work in error messages."""
    context = multiprocessing.get_context("fork")
    gc.collect()
    gc.freeze()
    processes: list[Any] = []
    channels: list[Channel] = []
    try:
        for lo, hi in shares(size, workers):
            parent, child = context.Pipe()
            process = context.Process(target=_run_share, args=(task, lo, hi, Channel(child, what)), daemon=True)
            process.start()
            child.close()
            processes.append(process)
            channels.append(Channel(parent, what))
        yield channels
    finally:
        for channel in channels:
            channel.close()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
        gc.unfreeze()


def forked_map(task: Callable[[int, int], Sequence[T]], size: int, workers: int, *, what: str) -> list[T]:
    """``task(lo, hi)`` over contiguous shares of ``range(size)`` in forked processes; the results in order."""

    def answer(lo: int, hi: int, channel: Channel) -> None:
        channel.send("result", list(task(lo, hi)))

    results: list[T] = []
    with forked_workers(answer, size, workers, what=what) as channels:
        for channel in channels:
            results.extend(channel.receive("result"))
    return results


__all__ = ["Channel", "can_fork", "forked_map", "forked_workers", "shares", "use_workers", "worker_count"]
