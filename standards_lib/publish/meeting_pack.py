"""The meeting pack: the pending review queue as a sheet to take to a committee meeting, and its decisions back.

:func:`pending_rows` lists every suggestion without a decision or left for discussion (equivalences and
inferred adoptions), as
the workspace filters them (kind, sector through the own and derived ICS codes, country), with both
designations and titles, the relation as its score allows it to be called, the score, the evidence as one
sentence and empty ``decision``, ``member`` and ``note`` columns. :func:`import_pack` reads the filled sheet
back: a row with a decision is stored as the decision of the member named in it; a row without a decision is
skipped and counted; a row that cannot be stored (unknown decision word, no member, a standard the catalogue
does not hold) is rejected with its line and reason, and the other rows are still stored.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards_lib.catalog import reviews
from standards_lib.catalog.review_exchange import MAX_IMPORT_BYTES
from standards_lib.errors import CatalogError, SourceError, StandardsError
from standards_lib.scrapers.sheets import read_xlsx_rows
from standards_lib.sectors import SECTORS
from standards_lib.spreadsheet import restore_cell, tolerant_csv_rows, write_csv, write_xlsx

from .evidence import read_evidence
from .evidence_labels import relation_label
from .hub_links import IN_SECTOR

FORMATS = ("xlsx", "csv")
KINDS = ("equivalence", "adoption")
COLUMNS = (
    "kind",
    "left_id",
    "left_title",
    "right_id",
    "right_title",
    "relation",
    "score",
    "evidence",
    "decision",
    "member",
    "note",
)
HEADERS = (
    "类型 kind",
    "标准 standard",
    "标题 title",
    "对应 counterpart",
    "标题 counterpart title",
    "关系 relation",
    "得分 score",
    "依据 evidence",
    "决定 decision (确认 confirm / 否决 reject / 待讨论 discuss)",
    "委员 member",
    "备注 note",
)
#: Words a member may write in the decision column, in either language.
DECISION_WORDS = {
    **{w: "confirmed" for w in ("confirm", "confirmed", "yes", "确认", "是", "同意")},
    **{w: "rejected" for w in ("reject", "rejected", "no", "否决", "否", "不同意")},
    **{w: "needs_discussion" for w in ("discuss", "needs_discussion", "needs discussion", "待讨论", "讨论")},
}
_TITLE = (
    "coalesce(case {a}.country when 'CN' then {a}.title_zh when 'RU' then {a}.title_ru when 'BR' then {a}.title_pt "
    "end, {a}.title_en, {a}.title_zh, {a}.title_ru, {a}.title_pt)"
)
_SECTOR = (
    "exists (select 1 from standard_classes c join sectors sec on sec.sector = :sector and (" + IN_SECTOR + ") "
    "where c.standard_id in ({ids}))"
)


@dataclass(slots=True)
class PackImport:
    """What :func:`import_pack` did."""

    stored: int = 0
    skipped: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _rows(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def pending_rows(
    conn: sqlite3.Connection, *, kind: str | None = None, sector: str | None = None, country: str | None = None
) -> list[dict[str, Any]]:
    """Every suggestion not yet decided (no decision, or 待讨论 needs discussion) in the filters, best score
    first, as sheet rows."""
    if kind and kind not in KINDS:
        raise CatalogError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    if sector and sector not in {s.key for s in SECTORS}:
        raise CatalogError(f"unknown sector {sector!r}; known: {', '.join(s.key for s in SECTORS)}")
    params = {"sector": sector, "country": country}
    out: list[dict[str, Any]] = []
    if kind in (None, "equivalence"):
        where = [
            "coalesce((select r.decision from reviews r where r.foreign_id = sg.foreign_id and r.chinese_id = "
            "sg.chinese_id order by r.id desc limit 1), 'needs_discussion') = 'needs_discussion'"
        ]
        if country:
            where.append("f.country = :country")
        if sector:
            where.append(_SECTOR.format(ids="sg.foreign_id, sg.chinese_id"))
        for r in _rows(
            conn,
            f"select 'equivalence' as kind, sg.foreign_id as left_id, {_TITLE.format(a='f')} as left_title, "
            f"f.country as left_country, sg.chinese_id as right_id, {_TITLE.format(a='z')} as right_title, sg.relation, "
            f"sg.score, sg.evidence from suggestions sg join standards f on f.id = sg.foreign_id "
            f"join standards z on z.id = sg.chinese_id where {' and '.join(where)} order by sg.score desc, sg.id",
            params,
        ):
            out.append(_sheet_row(r, relation_label(r["relation"], r["score"])))
    if kind in (None, "adoption"):
        where = [
            "coalesce((select r.decision from adoption_reviews r where r.standard_id = a.standard_id and r.work = "
            "a.work order by r.id desc limit 1), 'needs_discussion') = 'needs_discussion'"
        ]
        if country:
            where.append("n.country = :country")
        if sector:
            where.append(_SECTOR.format(ids="a.standard_id, a.international_id"))
        for r in _rows(
            conn,
            f"select 'adoption' as kind, a.standard_id as left_id, {_TITLE.format(a='n')} as left_title, "
            f"n.country as left_country, a.work as right_id, i.title_en as right_title, null as relation, a.score, "
            f"a.evidence from adoption_suggestions a join standards n on n.id = a.standard_id "
            f"left join standards i on i.id = a.international_id where {' and '.join(where)} "
            f"order by a.score desc, a.id",
            params,
        ):
            out.append(_sheet_row(r, "是否采用 adopts?"))
    return out


def _sheet_row(r: dict[str, Any], relation: str) -> dict[str, Any]:
    reading = read_evidence(
        r["evidence"], foreign_country=r["left_country"], titles=(r["left_title"], r["right_title"])
    )
    return {
        "kind": r["kind"],
        "left_id": r["left_id"],
        "left_title": r["left_title"],
        "right_id": r["right_id"],
        "right_title": r["right_title"],
        "relation": relation,
        "score": None if r["score"] is None else round(float(r["score"]), 3),
        "evidence": reading.text,
        "decision": None,
        "member": None,
        "note": None,
    }


def pack_bytes(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """The meeting pack as a file: ``xlsx`` or ``csv`` (UTF-8 with BOM, for spreadsheets)."""
    if fmt == "csv":
        text = io.StringIO()
        write_csv(text, COLUMNS, rows, HEADERS)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, COLUMNS, rows, HEADERS, title="Pending 待审核")
        return buffer.getvalue()
    raise CatalogError(f"unknown format {fmt!r} for the meeting pack: use {' or '.join(FORMATS)}")


#: a filled pack larger than this is not a meeting pack (the decisions export has the same bound)
MAX_PACK_BYTES = MAX_IMPORT_BYTES
#: the key of a row that could not be read, with the reason
PROBLEM = "_problem"


def read_pack(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a filled meeting pack (XLSX or CSV), keyed by :data:`COLUMNS` (in the pack's order).

    Read within bounds (the size of a decisions file; XLSX through the project's bounded sheet reader); a row
    that cannot be read (a CSV field over the csv module's limit, a cell over the sheet limits) comes back as
    ``{PROBLEM: reason, "line": n}`` so that only that row is rejected."""
    file = Path(path)
    rows: list[tuple[int, list[Any] | str]] = []
    try:
        if file.stat().st_size > MAX_PACK_BYTES:
            raise CatalogError(f"{file} has {file.stat().st_size:,} bytes: too large for a meeting pack")
        if file.suffix.lower() == ".xlsx":
            rows = [(n, cells if isinstance(cells, list) else cells.reason) for n, cells in read_xlsx_rows(file)]
        else:
            rows = list(_csv_rows(file))
    except (OSError, SourceError) as exc:
        raise CatalogError(f"cannot read the meeting pack {file}: {exc}") from exc
    if (
        not rows
        or isinstance(rows[0][1], str)
        or [str(h or "").strip() for h in rows[0][1][: len(HEADERS)]] != list(HEADERS)
    ):
        raise CatalogError(f"{file} is not a meeting pack: its first row is not the pack's header ({HEADERS[0]}, ...)")
    out: list[dict[str, Any]] = []
    for line, row in rows[1:]:
        if isinstance(row, str):
            out.append({PROBLEM: row, "line": line})
        elif any(row):
            out.append(
                {c: restore_cell(row[i]) if i < len(row) else None for i, c in enumerate(COLUMNS)} | {"line": line}
            )
    return out


def _csv_rows(file: Path) -> Iterator[tuple[int, list[Any] | str]]:
    with file.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as stream:
        try:
            yield from tolerant_csv_rows(stream, "a meeting pack")
        except StandardsError as exc:
            raise CatalogError(f"{file}: {exc}") from None


def import_pack(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> PackImport:
    """Store the decisions of a filled pack (the caller commits); rows without a decision are skipped."""
    result = PackImport()
    for number, row in enumerate(rows, start=2):
        line = int(row.get("line") or number)
        if PROBLEM in row:
            result.rejected.append((line, str(row[PROBLEM])))
            continue
        word = str(row.get("decision") or "").strip().lower()
        if not word:
            result.skipped += 1
            continue
        decision = DECISION_WORDS.get(word)
        member = str(row.get("member") or "").strip()
        try:
            if decision is None:
                raise CatalogError(f"decision {word!r} is not one of 确认 confirm, 否决 reject, 待讨论 discuss")
            if not member:
                raise CatalogError("no member named in the member column")
            left, right = str(row.get("left_id") or ""), str(row.get("right_id") or "")
            note = str(row["note"]).strip() if row.get("note") else None
            if row.get("kind") == "adoption":
                reviews.insert_adoption_review(conn, left, right, decision, member, note)
            elif row.get("kind") == "equivalence":
                reviews.insert_review(conn, left, right, decision, member, note)
            else:
                raise CatalogError(f"kind {row.get('kind')!r} is not equivalence or adoption")
        except StandardsError as exc:
            result.rejected.append((line, str(exc)))
            continue
        result.stored += 1
    return result


def is_meeting_pack(path: str | Path) -> bool:
    """True when the file's first row is the meeting pack's header (so ``reviews import`` reads it as one); only
    that row is read."""
    file = Path(path)
    try:
        if file.suffix.lower() == ".xlsx":
            first = next((cells for _, cells in read_xlsx_rows(file)), None)
        else:
            with file.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
                first = next(csv.reader([stream.readline(1 << 16)]), None)
    except (OSError, SourceError, csv.Error):
        return False
    return isinstance(first, list) and [str(h or "").strip() for h in first[: len(HEADERS)]] == list(HEADERS)


__all__ = [
    "COLUMNS",
    "DECISION_WORDS",
    "FORMATS",
    "HEADERS",
    "PackImport",
    "import_pack",
    "is_meeting_pack",
    "pack_bytes",
    "pending_rows",
    "read_pack",
]
