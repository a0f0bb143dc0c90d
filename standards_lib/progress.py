"""Progress of long work (a refresh, an inference), reported through a callback the caller chooses.

The library never prints: :func:`standards_lib.pipeline.refresh` and the stages it runs call a
:data:`ProgressCallback` with :class:`Progress` events, and the command line draws them (a line that
updates itself on a terminal, one line per finished stage otherwise). :func:`counted` wraps an iterator so
that a stage reports how far it is every few thousand items.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Progress:
    """One step of a stage: ``stage`` (read, hub, infer, match, coverage), what it works on (a source's name
    or None), how far it is (``done`` of ``total`` ``unit``; ``total`` None when not known beforehand),
    whether the stage is ``finished`` and, when it is, a ``message`` saying what it did and ``seconds``."""

    stage: str
    subject: str | None
    done: int
    total: int | None = None
    unit: str = "records"
    finished: bool = False
    message: str = ""
    seconds: float = 0.0

    def line(self) -> str:
        """The sentence for a log or a terminal: ``read csres: 16,389 records (3.2 s)``."""
        name = f"{self.stage} {self.subject}" if self.subject else self.stage
        if self.finished:
            return f"{name}: {self.message or f'{self.done:,} {self.unit}'} ({self.seconds:.1f} s)"
        of = f" of {self.total:,}" if self.total is not None else ""
        return f"{name}: {self.done:,}{of} {self.unit}…"


ProgressCallback = Callable[[Progress], None]


def ignore(_: Progress) -> None:
    """The callback of callers that want no progress."""


class Stage:
    """A stage being timed: ``advance`` reports how far it is (at most every ``every`` items), ``finish`` what it did."""

    def __init__(
        self, report: ProgressCallback, stage: str, subject: str | None = None, *, unit: str = "records"
    ) -> None:
        self.report, self.stage, self.subject, self.unit = report, stage, subject, unit
        self.started = time.monotonic()
        self.done = 0
        report(Progress(stage, subject, 0, unit=unit))

    def advance(self, done: int, total: int | None = None) -> None:
        self.done = done
        self.report(Progress(self.stage, self.subject, done, total, self.unit))

    def finish(self, message: str = "", done: int | None = None) -> None:
        if done is not None:
            self.done = done
        seconds = time.monotonic() - self.started
        self.report(Progress(self.stage, self.subject, self.done, None, self.unit, True, message, seconds))


def counted(items: Iterable[T], stage: Stage, every: int = 2000) -> Iterator[T]:
    """The items of ``items``, advancing ``stage`` every ``every`` items."""
    count = 0
    for item in items:
        count += 1
        if count % every == 0:
            stage.advance(count)
        yield item
    stage.done = count


__all__ = ["Progress", "ProgressCallback", "Stage", "counted", "ignore"]
