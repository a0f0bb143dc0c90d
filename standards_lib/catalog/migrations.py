"""Create and migrate the catalogue from the declared schema.

Opening a catalogue runs :func:`migrate`: missing tables and columns are created from
:data:`~standards_lib.catalog.schema.TABLES` (additive changes need no code), then each versioned
data migration newer than the file's ``PRAGMA user_version`` runs in order, and the reference
tables (ICS, CCS, vocabulary, sectors, sources) are refreshed when the version changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlite_utils

from .codes import reference_rows
from .fts import FTS_CREATE
from .schema import SCHEMA_VERSION, TABLES, Table
from .tables import table as db_table

log = logging.getLogger(__name__)


_TYPES: dict[str, type] = {"TEXT": str, "INTEGER": int, "FLOAT": float, "REAL": float, "BLOB": bytes}


def create_table(db: sqlite_utils.Database, table: Table) -> None:
    """Create a declared table (if it does not exist) with its primary key, NOT NULL columns and foreign keys."""
    db_table(db, table.name).create(
        {col.name: _TYPES[col.type] for col in table.columns},
        pk=table.pk[0] if table.pk and len(table.pk) == 1 else table.pk,
        not_null=[col.name for col in table.columns if col.not_null and col.name not in (table.pk or ())],
        foreign_keys=list(table.foreign_keys),
        if_not_exists=True,
    )


def create_sql(table: Table) -> str:
    """The CREATE TABLE statement sqlite-utils makes for a declared table (for documentation and old-file tests)."""
    scratch = sqlite_utils.Database(memory=True)
    for _col, other, other_col in table.foreign_keys:  # the referenced tables must exist to declare the keys
        if other != table.name and other not in scratch.table_names():
            db_table(scratch, other).create({other_col: str})
    create_table(scratch, table)
    return str(scratch[table.name].schema)


def _in_dependency_order(tables: tuple[Table, ...]) -> list[Table]:
    """Tables ordered so that every table comes after the tables its foreign keys reference."""
    ordered: list[Table] = []
    pending = list(tables)
    while pending:
        placed = {t.name for t in ordered}
        ready = [t for t in pending if all(o == t.name or o in placed for _, o, _ in t.foreign_keys)]
        if not ready:
            raise RuntimeError(
                "foreign keys of the declared schema form a cycle: " + ", ".join(t.name for t in pending)
            )
        ordered += ready
        pending = [t for t in pending if t not in ready]
    return ordered


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
        for table in _in_dependency_order(TABLES):
            if table.name not in existing:
                create_table(db, table)
            else:
                have = set(db[table.name].columns_dict)
                for col in table.columns:
                    if col.name not in have:
                        db_table(db, table.name).add_column(col.name, _TYPES[col.type])
            for cols in table.indexes:
                db_table(db, table.name).create_index(
                    cols, index_name=f"idx_{table.name}_{'_'.join(cols)}", if_not_exists=True
                )
        # Hand-written: the index has a derived column (cjk, the Chinese bigrams) that no table holds, so
        # sqlite-utils' enable_fts (an index over a table's own columns, kept by triggers) does not fit.
        conn.execute(FTS_CREATE)
        for number in sorted(MIGRATIONS):
            if version < number:
                log.info("migrating catalogue to schema version %s", number)
                MIGRATIONS[number](db)
        for name, rows in reference_rows().items():
            if name != "sources":  # scraper sources are registered by the pipeline and kept
                conn.execute(f"DELETE FROM [{name}]")
            db_table(db, name).insert_all(rows, replace=True)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version
