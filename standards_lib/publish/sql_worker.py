"""Members' SQL run where it can be stopped: a child process with a hard wall-clock limit.

SQLite's progress handler (Datasette's ``sql_time_limit_ms``) is consulted between virtual-machine steps, so one
long function call escapes it: ``printf('%.*c', 2000000000, 'x')`` computes for 11 s, ``instr`` of two long
texts for minutes, and while it runs it holds one of Datasette's three SQL threads. The SQL a member writes
(``?sql=``, ``?_where=``) is therefore run by :func:`run_query` in a fresh process (this file run as a script:
nothing but ``sqlite3`` is imported unless the SQL calls the project's functions), niced, with its memory capped,
opening the catalogue read-only; it is killed when the time limit plus :data:`GRACE_SECONDS` has passed, and at
most :data:`QUERIES_AT_ONCE` run at once per server process. Datasette's threads are not used meanwhile, so
anonymous visitors are served as usual.

Protocol: the request is pickled on the child's stdin; the child answers ``R`` on its stdout when it is ready
(its start is bounded by :data:`STARTUP_SECONDS`, apart from the query's time), then ``("rows", description, rows,
truncated)`` or ``("error", kind, message)`` pickled.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import pickle
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

#: Seconds a member's query may run past Datasette's own time limit before its process is killed.
GRACE_SECONDS = 1.0
#: Members' queries running at once in one server process (the others wait, within their time limit): one, so
#: that with one server process per core the members' queries never hold more cores than there are.
QUERIES_AT_ONCE = 1
#: Scheduling priority of the child (``nice``): the lowest, so the site's own pages always come first.
CHILD_NICENESS = 19
#: Seconds the child may take to start (interpreter and imports) before its query's time starts.
STARTUP_SECONDS = 10.0
#: Largest result a query may send back (rows x values), in bytes; beyond it the query fails.
MAX_RESULT_BYTES = 64 * 1024 * 1024
#: Address space of the child process.
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024

#: The SQL texts a request carries (``?sql=``, ``?_where=``; set by the plugin's gate in front of Datasette): a
#: query holding one of them runs in a child process, Datasette's own queries of the request do not.
MEMBER_SQL: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("brics_member_sql", default=())

_slots: dict[int, asyncio.Semaphore] = {}


class WorkerRow(tuple):
    """A row as Datasette's views read it (``sqlite3.Row``-like: by position, by column name, ``keys()``)."""

    _columns: tuple[str, ...]

    def __new__(cls, values: tuple[Any, ...], columns: tuple[str, ...]) -> WorkerRow:
        row = super().__new__(cls, values)
        row._columns = columns
        return row

    def keys(self) -> list[str]:
        return list(self._columns)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._columns.index(key))
        return tuple.__getitem__(self, key)


def route_member_sql(datasette: Any) -> None:
    """Make every file database of a Datasette run its queries through :func:`run_query` while a request carries a
    member's SQL (:data:`MEMBER_SQL`); other requests use Datasette's threads as before."""
    from datasette.database import QueryInterrupted, Results

    for db in datasette.databases.values():
        if db.path is None or getattr(db, "brics_routed", False):
            continue
        original = db.execute

        async def execute(
            sql: str,
            params: Any = None,
            truncate: bool = False,
            custom_time_limit: int | None = None,
            page_size: int | None = None,
            log_sql_errors: bool = True,
            *,
            _db: Any = db,
            _original: Any = original,
        ) -> Any:
            written = MEMBER_SQL.get()
            if not written or not any(text in sql for text in written):
                return await _original(sql, params, truncate, custom_time_limit, page_size, log_sql_errors)
            limit = datasette.sql_time_limit_ms
            if custom_time_limit and custom_time_limit < limit:
                limit = custom_time_limit
            max_rows = datasette.max_returned_rows
            if max_rows == (page_size or datasette.page_size):
                max_rows += 1
            try:
                description, rows, truncated = await run_query(
                    str(_db.path),
                    not _db.is_mutable,
                    sql,
                    params,
                    time_limit_ms=limit,
                    max_rows=max_rows if truncate else None,
                )
            except TimeoutError:
                raise QueryInterrupted(sqlite3.OperationalError("interrupted"), sql, params) from None
            except sqlite3.OperationalError as exc:
                if exc.args == ("interrupted",):
                    raise QueryInterrupted(exc, sql, params) from None
                raise
            return Results(rows, truncated, description)

        db.execute = execute
        db.brics_routed = True


async def run_query(
    db_path: str, immutable: bool, sql: str, params: Any, *, time_limit_ms: int, max_rows: int | None
) -> tuple[list[tuple[Any, ...]], list[WorkerRow], bool]:
    """``(description, rows, truncated)`` of ``sql`` on the catalogue at ``db_path``, run in a child process.

    Raises ``TimeoutError`` when the child had to be killed (or no slot was free in time), ``sqlite3.OperationalError``
    (``"interrupted"`` at the soft limit) or ``sqlite3.DatabaseError`` with SQLite's message otherwise."""
    loop = asyncio.get_running_loop()
    slots = _slots.setdefault(id(loop), asyncio.Semaphore(QUERIES_AT_ONCE))
    deadline = time.monotonic() + time_limit_ms / 1000 + GRACE_SECONDS
    request = pickle.dumps(
        {
            "db_path": db_path,
            "immutable": immutable,
            "sql": sql,
            "params": params,
            "time_limit_ms": time_limit_ms,
            "max_rows": max_rows,
        }
    )
    await asyncio.wait_for(slots.acquire(), max(0.0, deadline - time.monotonic()))
    try:
        nice = shutil.which("nice")  # lowered before the interpreter starts: its imports are not the site's pages
        child = await asyncio.create_subprocess_exec(
            *([nice, "-n", str(CHILD_NICENESS)] if nice else []),
            sys.executable,
            "-P",  # not this file's folder on the path: its modules (queue.py...) would shadow the standard library
            str(Path(__file__)),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env={"PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        try:
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(request)
            await child.stdin.drain()
            child.stdin.close()
            # the child's start (interpreter, imports) is bounded apart: a loaded machine must not eat the query's time
            await asyncio.wait_for(child.stdout.readexactly(1), STARTUP_SECONDS)
            deadline = max(deadline, time.monotonic() + time_limit_ms / 1000 + GRACE_SECONDS)
            output = await asyncio.wait_for(child.stdout.read(), max(0.05, deadline - time.monotonic()))
            await child.wait()
        except (TimeoutError, asyncio.IncompleteReadError):
            if child.returncode is None:
                child.kill()
            await child.wait()
            raise TimeoutError from None
    finally:
        slots.release()
    if not output:
        raise sqlite3.OperationalError("the query's process ended without an answer (memory limit?)")
    answer = pickle.loads(output)
    if answer[0] == "error":
        kind, message = answer[1], answer[2]
        raise sqlite3.OperationalError(message) if kind == "operational" else sqlite3.DatabaseError(message)
    _, description, rows, truncated = answer
    columns = tuple(d[0] for d in description)
    return description, [WorkerRow(tuple(r), columns) for r in rows], truncated


# The child process -----------------------------------------------------------------------------------


def _serve_one(request: dict[str, Any]) -> tuple[Any, ...]:
    prepare = None
    if "brics_" in request["sql"] or "escape_fts" in request["sql"]:
        from standards_lib.publish.sql_functions import prepare_sql_connection

        prepare = prepare_sql_connection
    sys.stdout.buffer.write(b"R")  # ready: the parent starts the query's clock
    sys.stdout.buffer.flush()
    path = request["db_path"]
    uri = f"file:{path}?immutable=1" if request["immutable"] else f"file:{path}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        if prepare is not None:
            prepare(conn)
        else:
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 8_000_000)
            conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000)
        stop = time.monotonic() + request["time_limit_ms"] / 1000
        conn.set_progress_handler(lambda: 1 if time.monotonic() > stop else 0, 1000)
        cursor = conn.execute(request["sql"], request["params"] if request["params"] is not None else {})
        max_rows = request["max_rows"]
        rows = cursor.fetchmany(max_rows + 1) if max_rows else cursor.fetchall()
        truncated = bool(max_rows) and len(rows) > max_rows
        rows = rows[:max_rows] if max_rows else rows
        description = [tuple(d) for d in cursor.description or ()]
    except sqlite3.OperationalError as exc:
        return ("error", "operational", str(exc))
    except sqlite3.Error as exc:
        return ("error", "database", str(exc))
    return ("rows", description, rows, truncated)


def main() -> None:
    try:
        os.nice(max(0, CHILD_NICENESS - os.nice(0)))  # the site's own pages first (already done where `nice` exists)
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (OSError, ValueError, ImportError):
        pass
    request = pickle.loads(sys.stdin.buffer.read())
    answer = _serve_one(request)
    data = pickle.dumps(answer)
    if len(data) > MAX_RESULT_BYTES:
        data = pickle.dumps(("error", "operational", f"result larger than {MAX_RESULT_BYTES:,} bytes"))
    sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main()
