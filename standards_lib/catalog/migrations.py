"""Create and migrate the catalogue from the declared schema.

Opening a catalogue runs :func:`migrate`: missing tables and columns are created from
:data:`~standards_lib.catalog.schema.TABLES` (additive changes need no code), then each versioned
data migration newer than the file's ``PRAGMA user_version`` runs in order, and the reference
tables (ICS, CCS, vocabulary, sectors, sources) are refreshed when the version changes.
"""

from __future__ import annotations

import logging
from typing import Callable

import sqlite_utils

from .codes import reference_rows
from .fts import FTS_CREATE
from .schema import SCHEMA_VERSION, TABLES, Table

log = logging.getLogger(__name__)


def create_sql(table: Table) -> str:
    """The CREATE TABLE statement of a declared table."""
    fks = {col: (other, other_col) for col, other, other_col in table.foreign_keys}
    single_int_pk = table.pk is not None and len(table.pk) == 1 and table.column(table.pk[0]).type == "INTEGER"
    lines = []
    for col in table.columns:
        line = f"[{col.name}] {col.type}"
        if single_int_pk and col.name == table.pk[0]:  # type: ignore[index]
            line += " PRIMARY KEY"
        elif col.not_null:
            line += " NOT NULL"
        if col.name in fks:
            other, other_col = fks[col.name]
            line += f" REFERENCES [{other}]([{other_col}])"
        lines.append(line)
    if table.pk and not single_int_pk:
        lines.append("PRIMARY KEY (" + ", ".join(f"[{c}]" for c in table.pk) + ")")
    return f"CREATE TABLE IF NOT EXISTS [{table.name}] (\n  " + ",\n  ".join(lines) + "\n)"


def _v2_ics_field(db: sqlite_utils.Database) -> None:
    """v2: standard_ics gained ics_field (the ICS field of the code), backfilled here."""
    db.conn.execute("UPDATE standard_ics SET ics_field = substr(ics_code, 1, 2) WHERE ics_field IS NULL")


#: version -> data migration run when a file older than that version is opened
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {2: _v2_ics_field}


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the file up to :data:`SCHEMA_VERSION`; returns the version it had."""
    conn = db.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    existing = set(db.table_names())
    if version == SCHEMA_VERSION and {t.name for t in TABLES} <= existing and "standards_fts" in existing:
        return version
    if version > SCHEMA_VERSION:
        log.warning("catalogue schema version %s is newer than this library's %s", version, SCHEMA_VERSION)
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            if table.name not in existing:
                conn.execute(create_sql(table))
            else:
                have = {c.name for c in db[table.name].columns}
                for col in table.columns:
                    if col.name not in have:
                        conn.execute(f"ALTER TABLE [{table.name}] ADD COLUMN [{col.name}] {col.type}")
            for cols in table.indexes:
                conn.execute(
                    f"CREATE INDEX IF NOT EXISTS [idx_{table.name}_{'_'.join(cols)}] ON [{table.name}] "
                    "(" + ", ".join(f"[{c}]" for c in cols) + ")"
                )
        conn.execute(FTS_CREATE)
        for number in sorted(MIGRATIONS):
            if version < number:
                log.info("migrating catalogue to schema version %s", number)
                MIGRATIONS[number](db)
        for name, rows in reference_rows().items():
            if name != "sources":  # scraper sources are registered by the pipeline and kept
                conn.execute(f"DELETE FROM [{name}]")
            if rows:
                cols = list(rows[0])
                conn.executemany(
                    f"INSERT OR REPLACE INTO [{name}] ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [[r.get(c) for c in cols] for r in rows],
                )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version
