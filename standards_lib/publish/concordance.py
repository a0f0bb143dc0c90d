"""The concordance of a sector: ISO/IEC works x countries, each cell the national standards adopting the work.

A work belongs to the selection when one of its catalogued editions carries an ICS code in the sector (or
under the ICS prefix asked for) and at least one national standard is linked to it (:mod:`.hub_links`:
declared, inferred or confirmed). A work is *ready for mutual recognition* when China and at least one
other country adopt it; the *gaps* are the works adopted abroad but not in China, and the reverse. The
same rows feed the site's page and downloads and ``standards concordance`` (CSV, XLSX, JSON).
"""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards_lib.errors import CatalogError
from standards_lib.sectors import SECTORS
from standards_lib.spreadsheet import write_csv, write_xlsx

from .coverage import update_coverage
from .works import NATIONAL_ORDER, Adopter, adopters_of

log = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx", "json")
_ICS_PREFIX = re.compile(r"^\d{2}(?:\.\d{3}(?:\.\d{2})?)?$")
#: More works than this are cut (a whole ICS field can hold thousands); the summary says so.
MAX_WORKS = 5_000


@dataclass(frozen=True, slots=True)
class Selection:
    """What the concordance covers: a priority sector or an ICS prefix, with its ICS codes and its name."""

    key: str
    name: str
    ics: tuple[str, ...]


@dataclass(slots=True)
class ConcordanceRow:
    """One work and its adopters per country."""

    work: str
    title: str | None
    cells: dict[str, list[Adopter]]

    @property
    def ready(self) -> bool:
        return bool(self.cells.get("CN")) and any(self.cells.get(c) for c in NATIONAL_ORDER[1:])


@dataclass(slots=True)
class Concordance:
    """The matrix and its summary."""

    selection: Selection
    rows: list[ConcordanceRow]
    countries: tuple[str, ...] = NATIONAL_ORDER
    truncated: bool = False
    summary: dict[str, Any] = field(default_factory=dict)


def selection(*, sector: str | None = None, ics: str | None = None) -> Selection:
    """The selection for a sector key or an ICS prefix (exactly one); an unknown one is a clear error."""
    if bool(sector) == bool(ics):
        raise CatalogError("give either a sector (" + ", ".join(s.key for s in SECTORS) + ") or an ICS prefix")
    if sector:
        for s in SECTORS:
            if s.key == sector:
                return Selection(s.key, f"{s.name_zh} {s.name_en}", s.ics)
        raise CatalogError(f"unknown sector {sector!r}; known: {', '.join(s.key for s in SECTORS)}")
    code = str(ics).strip()
    if not _ICS_PREFIX.match(code):
        raise CatalogError(f"ICS prefix {ics!r} is not an ICS code (expected e.g. 27, 27.160 or 29.220.20)")
    return Selection(code, f"ICS {code}", (code,))


def build_concordance(conn: sqlite3.Connection, chosen: Selection) -> Concordance:
    """The works of the selection with at least one national adopter, and the summary counts."""
    where = " or ".join("(si.ics_code = ? or (si.ics_code > ? || '.' and si.ics_code < ? || '/'))" for _ in chosen.ics)
    params = [p for code in chosen.ics for p in (code, code, code)]
    try:
        works = [
            r[0]
            for r in conn.execute(
                "select distinct w.work from work_links w where w.work in (select case when instr(si.standard_id, ':') "
                "then substr(si.standard_id, 1, instr(si.standard_id, ':') - 1) else si.standard_id end "
                f"from standard_ics si where {where}) order by w.work",
                params,
            )
        ]
    except sqlite3.OperationalError as exc:
        raise CatalogError(f"the catalogue has no hub tables yet ({exc}); run `standards publish-prepare`") from exc
    truncated = len(works) > MAX_WORKS
    works = works[:MAX_WORKS]
    adopters = adopters_of(conn, works)
    titles = _titles(conn, works)
    rows = [ConcordanceRow(w, titles.get(w), adopters.get(w, {})) for w in works]
    rows.sort(key=lambda r: (not r.ready, -sum(bool(r.cells.get(c)) for c in NATIONAL_ORDER), r.work))
    return Concordance(chosen, rows, truncated=truncated, summary=summarise(rows))


def concordance_of_file(db_path: str | Path, chosen: Selection) -> Concordance:
    """The concordance of the catalogue file at ``db_path``; hub tables that are stale (a decision or a
    refresh since they were computed) are recomputed first when the file can be written."""
    path = Path(db_path)
    if not path.exists():
        raise CatalogError(f"catalogue {path} does not exist")
    try:
        update_coverage(path, only_if_stale=True)
    except CatalogError as exc:  # a read-only copy: use the tables as they are
        log.warning("hub tables of %s not recomputed (%s); using them as they are", path, exc)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return build_concordance(conn, chosen)
    finally:
        conn.close()


def _titles(conn: sqlite3.Connection, works: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for work in works:
        row = conn.execute(
            "select title_en from standards where id >= ? and id < ? and +country = 'INT' and title_en is not null "
            "and (id = ? or substr(id, length(?) + 1, 1) = ':') order by year desc limit 1",
            (work, work + ";", work, work),
        ).fetchone()
        if row:
            found[work] = row[0]
    return found


def summarise(rows: list[ConcordanceRow]) -> dict[str, Any]:
    """Works, ready for recognition, and the gaps per foreign country (both directions)."""
    adopted = {c: {r.work for r in rows if r.cells.get(c)} for c in NATIONAL_ORDER}
    return {
        "works": len(rows),
        "ready": sum(r.ready for r in rows),
        "adopted": {c: len(adopted[c]) for c in NATIONAL_ORDER},
        "abroad_not_china": len({r.work for r in rows if not r.cells.get("CN") and r.cells}),
        "china_not_abroad": len({r.work for r in rows if r.cells.get("CN") and len(r.cells) == 1}),
        "gaps": {
            c: {
                "adopted_there_not_in_china": len(adopted[c] - adopted["CN"]),
                "china_not_there": len(adopted["CN"] - adopted[c]),
            }
            for c in NATIONAL_ORDER[1:]
        },
    }


def _cell_text(adopters: list[Adopter]) -> str:
    parts = []
    for a in adopters:
        how = a.how if a.score is None or a.how == "declared" else f"{a.how} {a.score:.2f}"
        parts.append(f"{a.id} ({', '.join(x for x in (a.degree, how) if x)})")
    return "; ".join(parts)


COLUMNS = ("work", "title", *NATIONAL_ORDER, "ready")
HEADERS = (
    "国际标准 ISO/IEC work",
    "标题 title",
    "中国 China",
    "俄罗斯 Russia",
    "印度 India",
    "巴西 Brazil",
    "南非 South Africa",
    "可互认 ready for recognition",
)


def flat_rows(result: Concordance) -> list[dict[str, Any]]:
    """One dict per work for CSV and XLSX: each country cell lists its standards with how they are linked."""
    return [
        {
            "work": r.work,
            "title": r.title,
            **{c: _cell_text(r.cells.get(c, [])) for c in NATIONAL_ORDER},
            "ready": "是 yes" if r.ready else "否 no",
        }
        for r in result.rows
    ]


def concordance_bytes(result: Concordance, fmt: str) -> bytes:
    """The concordance as a file: ``csv`` (UTF-8 with BOM, for spreadsheets), ``xlsx`` or ``json``."""
    if fmt == "csv":
        text = io.StringIO()
        write_csv(text, COLUMNS, flat_rows(result), HEADERS)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, COLUMNS, flat_rows(result), HEADERS, title="Concordance")
        return buffer.getvalue()
    if fmt == "json":
        data = {
            "selection": {"key": result.selection.key, "name": result.selection.name, "ics": result.selection.ics},
            "summary": result.summary,
            "truncated": result.truncated,
            "works": [
                {
                    "work": r.work,
                    "title": r.title,
                    "ready": r.ready,
                    "adopters": {
                        c: [
                            {"id": a.id, "degree": a.degree, "how": a.how, "score": a.score, "edition": a.edition_id}
                            for a in r.cells.get(c, [])
                        ]
                        for c in NATIONAL_ORDER
                        if r.cells.get(c)
                    },
                }
                for r in result.rows
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    raise CatalogError(f"unknown format {fmt!r} for the concordance: use {', '.join(FORMATS)}")


__all__ = [
    "COLUMNS",
    "FORMATS",
    "Concordance",
    "ConcordanceRow",
    "Selection",
    "build_concordance",
    "concordance_bytes",
    "concordance_of_file",
    "flat_rows",
    "selection",
    "summarise",
]
