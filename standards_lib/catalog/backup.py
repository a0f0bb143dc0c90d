"""Lossless, portable backup of the whole catalogue as JSON Lines, and its restore.

``standards export`` writes the merged standards only; a backup holds every table declared in
:mod:`.schema` (the committee's reviews and adoption reviews, suggestions, runs, the change log, the
quarantine, each source's own record...), row for row with its ``rowid``. The file:

- line 1, the header: ``{"format": "brics-standards-backup", "schema_version": 3, "created_at": ..., "tables": {name: rows}}``;
- one line per row: ``{"t": table, "rowid": n, "row": {column: value}}`` (bytes as ``{"$base64": ...}``);
- the last line, the trailer: ``{"end": true, "rows": total}`` (a backup without it is truncated and refused).

A name ending in ``.gz`` is gzip-compressed. The backup is read in one read transaction (a consistent
snapshot, even during a refresh) and written to a temporary file renamed into place. A restore builds a new
catalogue file beside the target and renames it into place when every row is in: it refuses a backup of a
newer schema, migrates an older one (columns it lacks stay empty, then the versioned data migrations run) and
rebuilds the full-text index (derived from the standards). The published coverage counts are not catalogue
tables: the ``standards restore`` command recomputes them.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from standards_lib.errors import CatalogError
from standards_lib.interchange import INT64_RANGE, value_problem

from . import migrations
from .fts import fts_row
from .schema import SCHEMA_VERSION, TABLES
from .store import Catalog, utcnow

log = logging.getLogger(__name__)

FORMAT = "brics-standards-backup"


@dataclass
class BackupSummary:
    """What a backup or restore held: the schema version and the rows per table."""

    path: str
    schema_version: int
    tables: dict[str, int] = field(default_factory=dict)
    migrated_from: int | None = None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _open_text(path: Path, mode: Literal["r", "w"], compressed: bool) -> IO[str]:
    if compressed:
        return gzip.open(path, "rt" if mode == "r" else "wt", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def _encode(value: Any) -> Any:
    return {"$base64": base64.b64encode(value).decode("ascii")} if isinstance(value, bytes) else value


def _decode(value: Any, where: str) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        try:
            return base64.b64decode(str(value["$base64"]), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CatalogError(f"{where}: not base64 ({exc})") from None
    if isinstance(value, (dict, list)):
        raise CatalogError(
            f'{where}: a value must be text, a number, null or {{"$base64": ...}}, not JSON {type(value).__name__}'
        )
    return value


def _titles_problem(value: Any) -> str | None:
    """Why a ``standards.titles`` value cannot be restored (it must be null or a JSON object of language to text)."""
    if value is None:
        return None
    try:
        titles = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        return "column 'titles' is not JSON"
    if not isinstance(titles, dict) or not all(isinstance(v, str) for v in titles.values()):
        return "column 'titles' must be a JSON object of language to text"
    return value_problem(titles, "column 'titles'")


def backup(db_path: str | Path, out_path: str | Path) -> BackupSummary:
    """Write every declared table of the catalogue at ``db_path`` to ``out_path`` (JSON Lines, ``.gz`` optional)."""
    db_path, out_path = Path(db_path), Path(out_path)
    if out_path.is_dir():
        raise CatalogError(f"{out_path} is a directory; give the backup file's name")
    tmp = out_path.with_name(out_path.name + ".partial")
    with Catalog(db_path, create=False) as catalog:
        conn = catalog.db.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        summary = BackupSummary(str(out_path), version)
        try:
            conn.execute("BEGIN")  # one snapshot of every table, whatever a refresh does meanwhile
            counts = {t.name: conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0] for t in TABLES}
            with _open_text(tmp, "w", out_path.name.endswith(".gz")) as out:
                out.write(
                    json.dumps(
                        {"format": FORMAT, "schema_version": version, "created_at": utcnow(), "tables": counts},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                for table in TABLES:
                    summary.tables[table.name] = _write_table(conn, table.name, out)
                out.write(json.dumps({"end": True, "rows": summary.rows}) + "\n")
            conn.execute("COMMIT")
            os.replace(tmp, out_path)
        except (OSError, sqlite3.Error) as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            tmp.unlink(missing_ok=True)
            raise CatalogError(f"backup of {db_path} to {out_path} failed: {exc}") from exc
    log.info("backup of %s: %d rows in %d tables", db_path, summary.rows, len(summary.tables))
    return summary


def _write_table(conn: sqlite3.Connection, name: str, out: IO[str]) -> int:
    cursor = conn.execute(f"SELECT rowid, * FROM [{name}] ORDER BY rowid")
    columns = [d[0] for d in cursor.description][1:]
    count = 0
    for values in cursor:
        row = {col: _encode(v) for col, v in zip(columns, values[1:])}
        out.write(json.dumps({"t": name, "rowid": values[0], "row": row}, ensure_ascii=False) + "\n")
        count += 1
    return count


def restore(in_path: str | Path, db_path: str | Path) -> BackupSummary:
    """Build the catalogue ``db_path`` (which must not exist yet) from a backup; see the module docstring."""
    in_path, db_path = Path(in_path), Path(db_path)
    if not in_path.is_file():
        raise CatalogError(f"{in_path}: no such backup file")
    if db_path.exists():
        raise CatalogError(
            f"{db_path} already exists: restore into a new file, then move it into place (stop the site first)"
        )
    if not db_path.parent.is_dir():
        raise CatalogError(f"{db_path.parent}: no such folder")
    tmp = db_path.with_name(db_path.name + ".restoring")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        with _open_text(in_path, "r", in_path.name.endswith(".gz")) as stream:
            summary = _restore_into(stream, in_path, tmp)
        os.replace(tmp, db_path)
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
        raise CatalogError(f"restore from {in_path} failed: {exc}") from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    log.info("restored %s from %s: %d rows", db_path, in_path, summary.rows)
    return summary


def _lines(stream: IO[str], in_path: Path, start: int) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(stream, start):
        try:
            data = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise CatalogError(f"{in_path}:{number}: not a backup line ({exc})") from None
        if not isinstance(data, dict):
            raise CatalogError(f"{in_path}:{number}: not a backup line (a JSON object is expected)")
        yield number, data


def _restore_into(stream: IO[str], in_path: Path, tmp: Path) -> BackupSummary:
    try:
        header = json.loads(stream.readline() or "{}")
    except (ValueError, RecursionError):
        header = {}
    lines = _lines(stream, in_path, start=2)
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or not isinstance(header.get("schema_version"), int)
    ):
        raise CatalogError(f"{in_path} is not a brics-standards backup (its first line has no format header)")
    version = header["schema_version"]
    if version > SCHEMA_VERSION:
        raise CatalogError(
            f"{in_path} is a backup of schema version {version}, newer than this library's "
            f"{SCHEMA_VERSION}: restore it with a newer brics-standards"
        )
    summary = BackupSummary(str(in_path), SCHEMA_VERSION, migrated_from=version if version < SCHEMA_VERSION else None)
    declared = {t.name: [c.name for c in t.columns] for t in TABLES}
    with Catalog(tmp) as catalog:
        conn = catalog.db.conn
        with catalog.transaction():
            for name in declared:
                conn.execute(f"DELETE FROM [{name}]")  # reference rows of a fresh file: the backup's replace them
            ended = False
            for number, data in lines:
                if data.get("end") is True:
                    if data.get("rows") != summary.rows:
                        raise CatalogError(
                            f"{in_path}:{number}: the trailer counts {data.get('rows')} rows, the "
                            f"backup holds {summary.rows}"
                        )
                    ended = True
                    break
                _insert(conn, declared, data, f"{in_path}:{number}")
                summary.tables[data["t"]] = summary.tables.get(data["t"], 0) + 1
            if not ended:
                raise CatalogError(f"{in_path} is truncated (no end line after {summary.rows} rows): nothing restored")
            declared_counts = header.get("tables")
            expected: dict[str, Any] = declared_counts if isinstance(declared_counts, dict) else {}
            wrong = {t: (n, summary.tables.get(t, 0)) for t, n in expected.items() if summary.tables.get(t, 0) != n}
            if wrong:
                raise CatalogError(f"{in_path}: rows per table differ from the header: {wrong}")
            _rebuild_fts(conn)
            conn.execute(f"PRAGMA user_version = {version}")
        if version < SCHEMA_VERSION:
            migrations.migrate(catalog.db)  # the versioned data migrations since the backup's version
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return summary


def _insert(conn: sqlite3.Connection, declared: dict[str, list[str]], data: dict[str, Any], where: str) -> None:
    name, row = data.get("t"), data.get("row")
    if not isinstance(name, str) or name not in declared:
        raise CatalogError(f"{where}: table {name!r} is not in the catalogue's schema (version {SCHEMA_VERSION})")
    if not isinstance(row, dict):
        raise CatalogError(f"{where}: a row must be an object of column to value")
    unknown = set(row) - set(declared[name])
    if unknown:
        raise CatalogError(f"{where}: column(s) {', '.join(sorted(unknown))} are not in table {name!r}")
    problem = value_problem(row, "row")
    if problem:
        raise CatalogError(f"{where}: {problem}")
    if name == "standards" and (problem := _titles_problem(row.get("titles"))):
        raise CatalogError(f"{where}: {problem}")
    columns = list(row)
    rowid = data.get("rowid")
    if rowid is not None and (
        not isinstance(rowid, int) or isinstance(rowid, bool) or not INT64_RANGE[0] <= rowid <= INT64_RANGE[1]
    ):
        raise CatalogError(f"{where}: rowid must be an integer of at most 64 bits")
    names = ["rowid", *columns] if isinstance(rowid, int) else columns
    values = ([rowid] if isinstance(rowid, int) else []) + [_decode(row[c], f"{where}: column {c!r}") for c in columns]
    try:
        conn.execute(
            f"INSERT INTO [{name}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' * len(names))})",
            values,
        )
    except sqlite3.Error as exc:
        raise CatalogError(f"{where}: row of {name!r} not restored: {exc}") from exc
    except (OverflowError, ValueError) as exc:  # what sqlite3 cannot bind
        raise CatalogError(f"{where}: row of {name!r} not restored: {exc}") from None


def _rebuild_fts(conn: sqlite3.Connection) -> None:
    """The full-text index is derived from the standards: rebuilt, not restored."""
    conn.execute("DELETE FROM standards_fts")
    rows = conn.execute("SELECT rowid, id, designation, titles FROM standards").fetchall()
    for rowid, key, designation, titles in rows:
        fts = fts_row(designation or key, key, json.loads(titles) if titles else {})
        conn.execute(
            "INSERT INTO standards_fts (rowid, designation, titles, cjk) VALUES (?,?,?,?)",
            (rowid, fts["designation"], fts["titles"], fts["cjk"]),
        )


__all__ = ["FORMAT", "BackupSummary", "backup", "restore"]
