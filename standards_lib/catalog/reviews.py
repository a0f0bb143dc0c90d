"""The committee's decisions, written and read on a plain SQLite connection.

:class:`~standards_lib.catalog.Catalog` calls these inside its own transaction; the Datasette plugin
calls them on the write connection Datasette hands to ``execute_write_fn`` (one writer, no second
catalogue opened). Two kinds of decision:

- equivalence reviews (``reviews``): a foreign standard (BR, RU, IN, ZA) and a Chinese one;
- adoption reviews (``adoption_reviews``): a national standard and the international work it adopts.

History is kept; the latest decision per pair is the current one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from standards_lib.designation import parse_designation
from standards_lib.errors import CatalogError, DesignationError, VocabularyError
from standards_lib.records import CommitteeDecision
from standards_lib.vocab import DECISIONS

MAX_NOTE = 2000


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def resolve(conn: sqlite3.Connection, designation: str) -> str | None:
    """The catalogue id of a designation in any written form; an undated one resolves to its latest edition."""
    text = " ".join((designation or "").split())
    if not text:
        return None
    if conn.execute("SELECT 1 FROM standards WHERE id = ?", (text,)).fetchone():
        return text
    try:
        parsed = parse_designation(text)
    except DesignationError:
        return None
    if conn.execute("SELECT 1 FROM standards WHERE id = ?", (parsed.canonical,)).fetchone():
        return parsed.canonical
    if parsed.year is None:
        row = conn.execute(
            "SELECT id FROM standards WHERE work_key = ? ORDER BY year DESC, id DESC LIMIT 1", (parsed.work_key,)
        ).fetchone()
        if row:
            return row[0]
    return None


def _check(decision: str, reviewer: str, note: str | None) -> tuple[str, str | None]:
    if decision not in DECISIONS:
        raise VocabularyError("review decision", decision, list(DECISIONS))
    if not reviewer or not reviewer.strip():
        raise CatalogError("a review needs the name of the committee member who made it")
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise CatalogError(f"a review note has at most {MAX_NOTE} characters ({len(note)} given)")
    return reviewer.strip(), note


def _existing(conn: sqlite3.Connection, text: str) -> str:
    key = resolve(conn, text)
    if key is None:
        raise CatalogError(f"no standard {text!r} in the catalogue")
    return key


def insert_review(
    conn: sqlite3.Connection,
    foreign: str,
    chinese: str,
    decision: str,
    reviewer: str,
    note: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    """Store a decision on a foreign/Chinese pair (the caller commits)."""
    reviewer, note = _check(decision, reviewer, note)
    ids = [_existing(conn, foreign), _existing(conn, chinese)]
    countries = {r[0]: r[1] for r in conn.execute("SELECT id, country FROM standards WHERE id IN (?, ?)", ids)}
    if countries[ids[1]] != "CN" or countries[ids[0]] in ("CN", "INT"):
        raise CatalogError(
            f"a review pairs a foreign standard (BR, RU, IN, ZA) with a Chinese one, in that order: "
            f"{ids[0]} is {countries[ids[0]]}, {ids[1]} is {countries[ids[1]]}"
        )
    row = {
        "foreign_id": ids[0],
        "chinese_id": ids[1],
        "decision": decision,
        "reviewer": reviewer,
        "reviewed_at": at or utcnow(),
        "note": note,
    }
    return _insert(conn, "reviews", row)


def adopted_work(text: str) -> str:
    """The undated international work of a reference (``IEC 60529:2013`` -> ``IEC 60529``)."""
    try:
        parsed = parse_designation(text)
    except DesignationError as exc:
        raise CatalogError(f"{text!r} is not an international designation: {exc.reason}") from exc
    if parsed.country != "INT":
        raise CatalogError(f"{text!r} is not an international standard (ISO, IEC, ...)")
    return parsed.canonical.split(":", 1)[0]


def insert_adoption_review(
    conn: sqlite3.Connection,
    standard: str,
    work: str,
    decision: str,
    reviewer: str,
    note: str | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    """Store a decision on an inferred adoption: does ``standard`` adopt the international ``work``?"""
    reviewer, note = _check(decision, reviewer, note)
    key = _existing(conn, standard)
    country = conn.execute("SELECT country FROM standards WHERE id = ?", (key,)).fetchone()[0]
    if country == "INT":
        raise CatalogError(f"{key} is international: an adoption review is about a national standard")
    row = {
        "standard_id": key,
        "work": adopted_work(work),
        "decision": decision,
        "reviewer": reviewer,
        "reviewed_at": at or utcnow(),
        "note": note,
    }
    return _insert(conn, "adoption_reviews", row)


#: The table of each kind of decision and the two columns naming what was decided.
DECIDED = {"reviews": ("foreign_id", "chinese_id"), "adoption_reviews": ("standard_id", "work")}


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Insert one decision row; returns it with its id."""
    cursor = conn.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )
    return {"id": cursor.lastrowid, **row}


def latest_decisions(conn: sqlite3.Connection, table: str) -> dict[tuple[str, str], str]:
    """The current (latest) decision per pair of a decision table (``reviews`` or ``adoption_reviews``)."""
    first, second = DECIDED[table]
    latest: dict[tuple[str, str], str] = {}
    for a, b, decision in conn.execute(f"SELECT {first}, {second}, decision FROM {table} ORDER BY id"):
        latest[(a, b)] = decision
    return latest


def committee_decisions(conn: sqlite3.Connection, table: str) -> list[CommitteeDecision]:
    """The latest decision per pair of ``reviews`` (equivalences) or ``adoption_reviews`` (inferred adoptions)."""
    return [CommitteeDecision(a, b, decision) for (a, b), decision in latest_decisions(conn, table).items()]


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def adoption_reviews_for(conn: sqlite3.Connection, designation: str) -> list[dict[str, Any]]:
    """Every adoption decision on a standard, oldest first."""
    key = resolve(conn, designation) or designation
    return _dicts(conn.execute("SELECT * FROM adoption_reviews WHERE standard_id = ? ORDER BY id", (key,)))


def all_reviews(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every decision of both kinds, oldest first, as rows with a ``kind`` column."""
    rows = [{"kind": "equivalence", **r} for r in _dicts(conn.execute("SELECT * FROM reviews ORDER BY id"))]
    rows += [{"kind": "adoption", **r} for r in _dicts(conn.execute("SELECT * FROM adoption_reviews ORDER BY id"))]
    return rows
