"""Making a catalogue file ready to publish: coverage counts current, one self-contained file.

Read-only replicas serve an immutable copy (``standards serve -i``). SQLite's immutable mode reads
the main file only, so everything still in a write-ahead log (``catalog.db-wal``) would be invisible
there: :func:`prepare_for_publishing` brings the coverage tables up to date, checkpoints the log and
switches the file to rollback-journal mode; :func:`publishing_problems` says what is missing.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from standards_lib.errors import CatalogError

from .coverage import CoverageUpdate, coverage_is_current, update_coverage

log = logging.getLogger(__name__)


def finalise_for_publishing(db_path: str | Path) -> None:
    """Checkpoint the write-ahead log and switch the file to rollback-journal mode (a single file that can be
    committed, copied to replicas and served immutable)."""
    try:
        with closing(sqlite3.connect(str(db_path), timeout=30)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise CatalogError(f"cannot finalise {db_path} for publishing: {exc}") from exc


def prepare_for_publishing(db_path: str | Path) -> CoverageUpdate | None:
    """Coverage counts up to date (recomputed only when stale) and a single self-contained file."""
    update = update_coverage(db_path, only_if_stale=True)
    finalise_for_publishing(db_path)
    log.info("%s is ready to publish", db_path)
    return update


def publishing_problems(db_path: str | Path) -> list[str]:
    """Why the file cannot be served immutable as it is (empty when it can)."""
    path = Path(db_path)
    problems = []
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        problems.append(f"{wal.name} holds changes not yet in {path.name}")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            if not coverage_is_current(conn):
                problems.append("the coverage tables are missing or stale")
    except sqlite3.Error as exc:
        problems.append(f"cannot read it: {exc}")
    return problems
