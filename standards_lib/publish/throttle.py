"""The sign-in throttle: failed attempts per member name and address, and per client address, in a sliding window.

:class:`LoginThrottle` keeps the attempts in the memory of one server process. :class:`SharedLoginThrottle`
keeps them in a small SQLite file, so that the worker processes of ``standards serve --workers N``
count together: an address has 20 attempts in 15 minutes however many processes answer it, not 20
per process. Both are bounded in size (hostile floods of new names and addresses included).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

#: Defaults: failed attempts per user, attempts per client address, window in seconds.
PER_USER, PER_CLIENT, WINDOW_SECONDS = 5, 20, 900.0


def member_key(client: str, user: str) -> str:
    """The key of a member name's failures: per name AND address, so that wrong passwords sent from a stranger's
    address never lock the member out of their own."""
    return f"{user}\x00{client}"


class Throttle:
    """The throttle's rules, over a store of attempt times per (kind, key): kind ``user`` holds failures of a
    member name from one address (:func:`member_key`), kind ``client`` the attempts of an address. Subclasses keep
    the times (memory, SQLite)."""

    per_user: int
    per_client: int
    window: float

    def _recent(self, kind: str, key: str, now: float) -> int:
        """Attempts of ``key`` within the window before ``now`` (forgetting older ones)."""
        raise NotImplementedError

    def _add(self, kind: str, key: str, now: float) -> None:
        raise NotImplementedError

    def _forget(self, client: str, user: str) -> None:
        """Clear the user's failures and take back the client's latest attempt."""
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[object]:
        """Hold the store for one decision (reads and writes together)."""
        raise NotImplementedError

    def allow(self, client: str, user: str, *, now: float | None = None) -> bool:
        """May this client try to sign in as this user now? Counts the attempt against the client address."""
        moment = time.monotonic() if now is None else now
        with self._transaction():
            if self._recent("user", member_key(client, user), moment) >= self.per_user:
                return False
            if self._recent("client", client, moment) >= self.per_client:
                return False
            self._add("client", client, moment)
            return True

    def client_blocked(self, client: str, *, now: float | None = None) -> bool:
        """True while this address has used up its attempts (nothing is counted)."""
        moment = time.monotonic() if now is None else now
        with self._transaction():
            return self._recent("client", client, moment) >= self.per_client

    def count_attempt(self, client: str, *, now: float | None = None) -> None:
        """Count a request against the address's attempts without a name (an oversized sign-in post)."""
        moment = time.monotonic() if now is None else now
        with self._transaction():
            self._add("client", client, moment)

    def failed(self, client: str, user: str, *, now: float | None = None) -> None:
        """Record a failed attempt for the user (the client's attempt was counted by :meth:`allow`)."""
        moment = time.monotonic() if now is None else now
        with self._transaction():
            self._add("user", member_key(client, user), moment)
            if not self._recent("client", client, moment):
                self._add("client", client, moment)

    def succeeded(self, client: str, user: str) -> None:
        """A successful sign-in clears the user's failures and does not count against the client address."""
        with self._transaction():
            self._forget(client, member_key(client, user))


class LoginThrottle(Throttle):
    """Failed sign-ins per user and per client address in a sliding window, in bounded memory.

    ``allow`` is False once a user or a client address has ``per_user`` / ``per_client`` failures
    within ``window_seconds``; at most ``max_keys`` users and as many addresses are remembered (the
    least recently seen are forgotten first). Thread-safe.
    """

    def __init__(
        self,
        *,
        per_user: int = PER_USER,
        per_client: int = PER_CLIENT,
        window_seconds: float = WINDOW_SECONDS,
        max_keys: int = 10_000,
    ) -> None:
        self.per_user, self.per_client, self.window, self.max_keys = per_user, per_client, window_seconds, max_keys
        self._tables: dict[str, OrderedDict[str, deque[float]]] = {"user": OrderedDict(), "client": OrderedDict()}
        self._limits = {"user": per_user, "client": per_client}
        self._lock = threading.Lock()

    def _transaction(self) -> AbstractContextManager[object]:
        return self._lock

    def _recent(self, kind: str, key: str, now: float) -> int:
        table = self._tables[kind]
        times = table.get(key)
        if times is None:
            return 0
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del table[key]
            return 0
        return len(times)

    def _add(self, kind: str, key: str, now: float) -> None:
        table = self._tables[kind]
        times = table.setdefault(key, deque(maxlen=self._limits[kind]))
        times.append(now)
        table.move_to_end(key)
        while len(table) > self.max_keys:
            table.popitem(last=False)

    def _forget(self, client: str, user: str) -> None:
        self._tables["user"].pop(user, None)
        times = self._tables["client"].get(client)
        if times:
            times.pop()

    def size(self) -> int:
        """How many users and addresses are remembered."""
        return sum(len(table) for table in self._tables.values())


class SharedLoginThrottle(Throttle):
    """The same rules as :class:`LoginThrottle`, kept in a SQLite file that several processes share.

    Every decision is one short transaction (``BEGIN IMMEDIATE``), so two processes never both let the 21st
    attempt through. Rows older than the window are deleted as new ones arrive, and at most ``max_rows`` are
    kept (the oldest go first).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        per_user: int = PER_USER,
        per_client: int = PER_CLIENT,
        window_seconds: float = WINDOW_SECONDS,
        max_rows: int = 200_000,
    ) -> None:
        self.per_user, self.per_client, self.window, self.max_rows = per_user, per_client, window_seconds, max_rows
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), timeout=2.0, isolation_level=None, check_same_thread=False)
        with self._lock:
            self._conn.execute("pragma journal_mode = wal")
            self._conn.execute("create table if not exists attempts (kind text not null, key text not null, at real)")
            self._conn.execute("create index if not exists attempts_key on attempts (kind, key, at)")
            self._conn.execute("create index if not exists attempts_at on attempts (at)")

    @contextmanager
    def _transaction(self) -> Iterator[object]:
        with self._lock:
            self._conn.execute("begin immediate")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("rollback")
                raise
            self._conn.execute("commit")

    def _recent(self, kind: str, key: str, now: float) -> int:
        row = self._conn.execute(
            "select count(*) from attempts where kind = ? and key = ? and at > ?", (kind, key, now - self.window)
        ).fetchone()
        return int(row[0])

    def _add(self, kind: str, key: str, now: float) -> None:
        self._conn.execute("insert into attempts (kind, key, at) values (?, ?, ?)", (kind, key, now))
        self._conn.execute("delete from attempts where at <= ?", (now - self.window,))
        self._conn.execute(
            "delete from attempts where rowid <= (select max(rowid) from attempts) - ?", (self.max_rows,)
        )

    def _forget(self, client: str, user: str) -> None:
        self._conn.execute("delete from attempts where kind = 'user' and key = ?", (user,))
        self._conn.execute(
            "delete from attempts where rowid = (select max(rowid) from attempts where kind = 'client' and key = ?)",
            (client,),
        )

    def size(self) -> int:
        """How many users and addresses are remembered."""
        with self._lock:
            return int(
                self._conn.execute("select count(*) from (select distinct kind, key from attempts)").fetchone()[0]
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()
