"""The refresh lock beside the catalogue: ``<db>.lock``, an operating-system file lock (the ``filelock`` package).

Exactly one process holds it: the kernel grants it atomically and releases it when its holder exits or is
killed, so there is no stale lock to recover and no window where a half-written lock file looks free. The
file stays in place (deleting it would let two processes lock two different files); while held it names
its holder (pid, host, start time) for the message that refuses a second refresh.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from pathlib import Path
from typing import Any

import filelock

from standards_lib.errors import CatalogError, LockError

log = logging.getLogger(__name__)


def lock_path(db_path: str | Path) -> Path:
    """The lock file of a catalogue: ``catalog.db`` -> ``catalog.db.lock``."""
    return Path(str(db_path) + ".lock")


def lock_holder(db_path: str | Path) -> dict[str, Any]:
    """What the lock file says of its holder (pid, host, started); empty when it says nothing readable."""
    try:
        data = json.loads(lock_path(db_path).read_text("utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def describe_holder(holder: dict[str, Any]) -> str:
    """``pid 123 on host, since 2025-01-01T00:00:00+00:00``, or a sentence saying the holder is not known yet."""
    if not holder.get("pid"):
        return "its holder has not written its pid yet"
    return f"pid {holder.get('pid')} on {holder.get('host')}, since {holder.get('started')}"


class CatalogLock:
    """An exclusive lock on a catalogue for a refresh or load; ``LockError`` when another process holds it."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self._lock = filelock.FileLock(str(self.path), timeout=0)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> None:
        """Take the lock at once or raise: LockError when held elsewhere, CatalogError when it cannot be created."""
        if not self.path.parent.is_dir():  # filelock would create the folder: a typo in --db is an error
            raise CatalogError(
                f"cannot take the refresh lock {self.path}: the folder {self.path.parent} does not "
                f"exist; the catalogue's directory must exist and be writable"
            )
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise LockError(
                f"another refresh is running on {self.db_path} ({describe_holder(lock_holder(self.db_path))}); "
                "wait for it to finish (the lock is released when that process ends, even if it is killed)"
            ) from None
        except OSError as exc:
            raise CatalogError(
                f"cannot take the refresh lock {self.path}: {exc.strerror or exc}; the catalogue's directory "
                f"must exist and be writable"
            ) from exc
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "started": _now()}
        try:
            with open(self.path, "w", encoding="utf-8") as fh:  # same file (inode) as the lock: not replaced
                json.dump(holder, fh)
        except OSError as exc:  # the lock is held; only the note naming the holder is missing
            log.warning("could not write the holder into %s: %s", self.path, exc)

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        try:
            with open(self.path, "w", encoding="utf-8"):
                pass  # forget the holder before letting go
        except OSError as exc:
            log.warning("could not clear %s: %s", self.path, exc)
        self._lock.release()

    def __enter__(self) -> CatalogLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _now() -> str:
    from .store import utcnow

    return utcnow()
