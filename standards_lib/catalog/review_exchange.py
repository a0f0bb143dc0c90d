"""The committee's decisions in and out of the catalogue: export and import of every decision (both
review tables, CSV or JSON Lines, round-tripping decision, note, member and time), and the list of
recognised equivalents (the latest decision per pair is ``confirmed``) as CSV or XLSX to send out.

CSV and XLSX go through :mod:`standards_lib.spreadsheet` (formula injection neutralised; the import
restores the original text).
"""

from __future__ import annotations

import io
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from standards_lib.errors import CatalogError, StandardsError
from standards_lib.interchange import value_problem
from standards_lib.spreadsheet import restore_cell, tolerant_csv_rows, write_csv, write_xlsx

from . import reviews

log = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl")
COLUMNS = ("kind", "foreign_id", "chinese_id", "standard_id", "work", "decision", "reviewer", "reviewed_at", "note")
KINDS = ("equivalence", "adoption")
#: Bounded reading: a decisions file larger than this is refused.
MAX_IMPORT_BYTES = 200_000_000

EQUIVALENT_COLUMNS = (
    "foreign_id",
    "foreign_country",
    "foreign_title",
    "chinese_id",
    "chinese_title_zh",
    "chinese_title_en",
    "relation",
    "score",
    "confirmed_by",
    "confirmed_at",
    "note",
)
EQUIVALENT_HEADERS = (
    "Foreign standard 外国标准",
    "Country 国家",
    "Foreign title 外国标准名称",
    "Chinese standard 中国标准",
    "Chinese title 中文名称",
    "English title 英文名称",
    "Relation 关系",
    "Score 得分",
    "Confirmed by 确认人",
    "Confirmed at 确认时间",
    "Note 备注",
)


@dataclass
class ImportResult:
    """What an import did: decisions added, already present (skipped), and rejected rows with reasons."""

    added: int = 0
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)


def export_decisions(conn: sqlite3.Connection, stream: IO[str], fmt: str) -> int:
    """Write every decision of both kinds, oldest first; returns how many."""
    if fmt not in FORMATS:
        raise CatalogError(f"unknown decisions format {fmt!r}: use one of {', '.join(FORMATS)}")
    rows = [{c: r.get(c) for c in COLUMNS} for r in reviews.all_reviews(conn)]
    if fmt == "csv":
        return write_csv(stream, COLUMNS, rows)
    for row in rows:
        stream.write(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False) + "\n")
    return len(rows)


def _row_problem(row: dict[str, Any]) -> str | None:
    """Why a decoded row cannot be a decision: a field that is not text (or empty), hostile text."""
    for key, value in row.items():
        if value is not None and not isinstance(value, str):
            return f"field {key!r} must be text, not {type(value).__name__}"
    problem = value_problem(row)
    return problem.replace("lone surrogate", "lone surrogate (or a byte that is not UTF-8)") if problem else None


def _csv_rows(stream: IO[str]) -> Iterable[tuple[str, dict[str, Any] | str]]:
    rows = tolerant_csv_rows(stream, "a decisions file")
    line, header = next(rows, (1, []))
    if isinstance(header, str):
        raise CatalogError(f"the decisions CSV header cannot be read: {header}")
    missing = {"kind", "decision", "reviewer", "reviewed_at"} - set(header)
    if missing:
        raise CatalogError(
            f"the decisions CSV lacks the column(s) {', '.join(sorted(missing))}; expected {', '.join(COLUMNS)}"
        )
    try:
        for line, values in rows:
            if isinstance(values, str):
                yield f"line {line}", values
            elif values:
                row = {k: restore_cell(v) if v != "" else None for k, v in zip(header, values) if k}
                yield f"line {line}", _row_problem(row) or row
    except StandardsError as exc:
        raise CatalogError(str(exc)) from None


def _read_rows(stream: IO[str], fmt: str) -> Iterable[tuple[str, dict[str, Any] | str]]:
    """(location, row or a reason it cannot be read) for each record of the file."""
    if fmt == "csv":
        yield from _csv_rows(stream)
        return
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            yield f"line {number}", f"not JSON: {str(exc).split(';')[0]}"
            continue
        except RecursionError:
            yield f"line {number}", "not JSON: nested too deep"
            continue
        if not isinstance(data, dict):
            yield f"line {number}", "not a JSON object"
            continue
        yield f"line {number}", _row_problem(data) or data


def _exists(conn: sqlite3.Connection, row: dict[str, Any]) -> bool:
    if row["kind"] == "adoption":
        sql = (
            "select 1 from adoption_reviews where standard_id = ? and work = ? and decision = ? and reviewer = ? "
            "and reviewed_at = ? and coalesce(note, '') = ?"
        )
        keys = (row["standard_id"], row["work"])
    else:
        sql = (
            "select 1 from reviews where foreign_id = ? and chinese_id = ? and decision = ? and reviewer = ? "
            "and reviewed_at = ? and coalesce(note, '') = ?"
        )
        keys = (row["foreign_id"], row["chinese_id"])
    return (
        conn.execute(
            sql, (*keys, row.get("decision"), row.get("reviewer"), row["reviewed_at"], row.get("note") or "")
        ).fetchone()
        is not None
    )


def import_decisions(conn: sqlite3.Connection, stream: IO[str], fmt: str) -> ImportResult:
    """Add the decisions of an exported file that are not in the catalogue yet (the caller commits).

    A row naming an unknown standard, decision or kind is rejected with its reason; the others are added.
    """
    if fmt not in FORMATS:
        raise CatalogError(f"unknown decisions format {fmt!r}: use one of {', '.join(FORMATS)}")
    result = ImportResult()
    for location, row in _read_rows(stream, fmt):
        if isinstance(row, str):
            result.rejected.append((location, row))
            continue
        kind = row.get("kind") or "equivalence"
        if kind not in KINDS:
            result.rejected.append((location, f"unknown kind {kind!r} (use {' or '.join(KINDS)})"))
            continue
        if not row.get("reviewed_at"):
            result.rejected.append((location, "no reviewed_at time"))
            continue
        row = {**row, "kind": kind, "reviewed_at": str(row["reviewed_at"])}
        try:
            if kind == "adoption":
                row["standard_id"] = reviews.resolve(conn, row.get("standard_id") or "") or row.get("standard_id")
                row["work"] = reviews.adopted_work(row.get("work") or "")
            else:
                row["foreign_id"] = reviews.resolve(conn, row.get("foreign_id") or "") or row.get("foreign_id")
                row["chinese_id"] = reviews.resolve(conn, row.get("chinese_id") or "") or row.get("chinese_id")
            if _exists(conn, row):
                result.duplicates += 1
                continue
            if kind == "adoption":
                reviews.insert_adoption_review(
                    conn,
                    row["standard_id"],
                    row["work"],
                    row.get("decision") or "",
                    row.get("reviewer") or "",
                    row.get("note"),
                    row["reviewed_at"],
                )
            else:
                reviews.insert_review(
                    conn,
                    row["foreign_id"] or "",
                    row["chinese_id"] or "",
                    row.get("decision") or "",
                    row.get("reviewer") or "",
                    row.get("note"),
                    row["reviewed_at"],
                )
            result.added += 1
        except StandardsError as exc:
            result.rejected.append((location, str(exc)))
        except (sqlite3.Error, ValueError, OverflowError) as exc:  # what sqlite3 cannot bind: that row only
            result.rejected.append((location, f"not stored: {exc}"))
    log.info(
        "imported %d decisions (%d already present, %d rejected)", result.added, result.duplicates, len(result.rejected)
    )
    return result


def read_import_file(path: str | Path) -> str:
    """The text of a decisions file, refusing one too large to be a decisions export."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise CatalogError(f"{path} has {size:,} bytes: too large for a decisions file")
        # bytes that are not UTF-8 become lone surrogates, so that only their rows are rejected
        return path.read_bytes().decode("utf-8-sig", "surrogateescape")
    except OSError as exc:
        raise CatalogError(f"cannot read {path}: {exc.strerror}") from exc


_EQUIVALENTS_SQL = """
select r.foreign_id, f.country as foreign_country,
  coalesce(f.title_en, f.title_pt, f.title_ru) as foreign_title,
  r.chinese_id, c.title_zh as chinese_title_zh, c.title_en as chinese_title_en,
  sg.relation, round(sg.score, 3) as score, r.reviewer as confirmed_by, r.reviewed_at as confirmed_at, r.note
from reviews r
left join standards f on f.id = r.foreign_id
left join standards c on c.id = r.chinese_id
left join suggestions sg on sg.foreign_id = r.foreign_id and sg.chinese_id = r.chinese_id
where r.decision = 'confirmed'
  and r.id = (select max(r2.id) from reviews r2 where r2.foreign_id = r.foreign_id and r2.chinese_id = r.chinese_id)
order by f.country, r.foreign_id, r.chinese_id
"""


def recognised_equivalents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every pair whose latest decision is ``confirmed``, with titles, by country then designation."""
    cursor = conn.execute(_EQUIVALENTS_SQL)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def equivalents_bytes(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """The recognised equivalents file as bytes (for a download): ``csv`` (UTF-8 with BOM) or ``xlsx``."""
    if fmt == "csv":
        text = io.StringIO()
        write_csv(text, EQUIVALENT_COLUMNS, rows, EQUIVALENT_HEADERS)
        return text.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, EQUIVALENT_COLUMNS, rows, EQUIVALENT_HEADERS, title="Recognised equivalents")
        return buffer.getvalue()
    raise CatalogError(f"unknown format {fmt!r} for the recognised equivalents: use csv or xlsx")
