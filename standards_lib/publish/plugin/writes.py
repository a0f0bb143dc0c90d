"""Reviews written from the site, on the write connection Datasette hands to ``execute_write_fn``."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from typing import Any

from standards_lib.catalog import reviews
from standards_lib.errors import CatalogBusy, CatalogError, StandardsError

from .. import coverage

log = logging.getLogger(__name__)

#: How long a decision waits for a refresh that is writing the catalogue before the member is told to retry.
WRITE_WAIT_MS = 20_000
#: A decision identical to the pair's latest one (same member, decision and note) within this many seconds is a
#: replayed form (a double click, a resent POST): the stored one is answered, nothing is added.
REPLAY_WINDOW_SECONDS = 120


def _replayed(
    conn: sqlite3.Connection, table: str, keys: tuple[str, str], decision: str, reviewer: str, note: str | None
) -> dict[str, Any] | None:
    """The pair's latest decision when it is this one, taken less than :data:`REPLAY_WINDOW_SECONDS` ago."""
    first, second = reviews.DECIDED[table]
    cursor = conn.execute(f"select * from {table} where {first} = ? and {second} = ? order by id desc limit 1", keys)
    found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip([d[0] for d in cursor.description], found))
    if (row["decision"], row["reviewer"], row["note"] or None) != (decision, reviewer, note or None):
        return None
    try:
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(str(row["reviewed_at"]))
    except (TypeError, ValueError):
        return None
    return row if dt.timedelta(0) <= age <= dt.timedelta(seconds=REPLAY_WINDOW_SECONDS) else None


def _write_error(exc: sqlite3.Error, what: str) -> CatalogError:
    """A locked catalogue is busy (the member's input is kept and they try again); anything else fails."""
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
        return CatalogBusy(
            f"the catalogue is being refreshed, so the {what} was not stored; it is kept below, "
            "send it again in a minute (目录正在更新，请稍后再提交)"
        )
    return CatalogError(f"cannot store the {what}: {exc}")


def _pair_review(
    conn: sqlite3.Connection, foreign: str, chinese: str, decision: str, reviewer: str, note: str | None
) -> dict[str, Any]:
    """In Datasette's write thread: store the review, then bring the coverage counts up to date."""
    ids = [reviews.resolve(conn, foreign) or foreign, reviews.resolve(conn, chinese) or chinese]
    replayed = _replayed(conn, "reviews", (ids[0], ids[1]), decision, reviewer, note)
    if replayed is not None:
        log.info("review %s %s by %s replayed: not stored again", ids[0], ids[1], reviewer)
        return replayed
    was_current = coverage.coverage_is_current(conn)
    before = coverage.confirmed_ids(conn, ids) if was_current else set()
    try:
        conn.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_MS}")  # wait, bounded, for a refresh to commit
        with conn:
            row = reviews.insert_review(conn, foreign, chinese, decision, reviewer, note)
    except sqlite3.Error as exc:
        raise _write_error(exc, "review") from exc
    try:
        coverage.apply_review(conn, ids, before, was_current=was_current)
    except StandardsError as exc:  # the review is stored; the counts catch up at the next start or refresh
        log.warning("review stored but coverage not updated: %s", exc)
    return row


def _adoption_review(
    conn: sqlite3.Connection, standard: str, work: str, decision: str, reviewer: str, note: str | None
) -> dict[str, Any]:
    try:
        key, adopted = reviews.resolve(conn, standard) or standard, reviews.adopted_work(work)
    except StandardsError:
        key, adopted = standard, work  # the insertion below says what is wrong
    replayed = _replayed(conn, "adoption_reviews", (key, adopted), decision, reviewer, note)
    if replayed is not None:
        return replayed
    try:
        conn.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_MS}")  # wait, bounded, for a refresh to commit
        with conn:
            row = reviews.insert_adoption_review(conn, standard, work, decision, reviewer, note)
    except sqlite3.Error as exc:
        raise _write_error(exc, "adoption review") from exc
    try:  # a confirmed or rejected work changes the standard's derived ICS codes, so the sector counts
        coverage.update_coverage_connection(conn)
    except StandardsError as exc:  # the review is stored; the counts catch up at the next start or refresh
        log.warning("adoption review stored but coverage not updated: %s", exc)
    return row


async def store_pair_review(
    db: Any, foreign: str, chinese: str, decision: str, reviewer: str, note: str | None
) -> dict[str, Any]:
    """Store an equivalence decision through Datasette's single writer."""
    note = (note or "").strip()[: reviews.MAX_NOTE] or None
    row = await db.execute_write_fn(
        lambda conn: _pair_review(conn, foreign, chinese, decision, reviewer, note), block=True
    )
    log.info("review %s %s %s by %s", row["foreign_id"], row["chinese_id"], decision, reviewer)
    return row


async def store_adoption_review(
    db: Any, standard: str, work: str, decision: str, reviewer: str, note: str | None
) -> dict[str, Any]:
    """Store an adoption decision through Datasette's single writer."""
    note = (note or "").strip()[: reviews.MAX_NOTE] or None
    row = await db.execute_write_fn(
        lambda conn: _adoption_review(conn, standard, work, decision, reviewer, note), block=True
    )
    log.info("adoption review %s %s %s by %s", row["standard_id"], row["work"], decision, reviewer)
    return row
