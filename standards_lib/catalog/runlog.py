"""The run log and the quarantine of the catalogue: what each refresh or load did, and what it could not read.

:class:`RunLog` is a part of :class:`~standards_lib.catalog.Catalog` (a mixin over its database and
transaction): ``runs`` rows for every refresh and load, the ``sources`` the pipeline registers, and the
quarantine, where an item already quarantined by an earlier run is *known* and any other is *new* (a
scheduler sees new problems, not the same ones again).

Both tables are published: file paths in them are stored as :func:`shown_paths` writes them (relative to the
working directory, or the last parts only), never the server's absolute paths.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from standards_lib.errors import CatalogError

from . import tables
from .reviews import utcnow

_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:[^\s/:'\",;()\[\]]+/)*[^\s/:'\",;()\[\]]+")


def shown_path(path: str) -> str:
    """A path as the published tables show it: relative to the working directory when it lies there or beside it
    (``../shared/data/x.csv``), else its last three parts (``…/russia/csv/x.csv``)."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    if not relative.startswith(os.pardir + os.sep + os.pardir):
        return relative
    return "…/" + "/".join(path.rstrip("/").split("/")[-3:])


def shown_paths(text: str | None) -> str | None:
    """``text`` with every absolute file path in it written by :func:`shown_path`."""
    return _ABSOLUTE_PATH.sub(lambda m: shown_path(m.group()), text) if text else text


class RunLog:
    """Runs, registered sources and the quarantine (mixed into :class:`~standards_lib.catalog.Catalog`)."""

    db: sqlite_utils.Database

    def transaction(self) -> AbstractContextManager[None]:  # provided by Catalog
        raise NotImplementedError

    def start_run(self, kind: str, sources: Any) -> int:
        cursor = self.db.conn.execute(
            "INSERT INTO runs (kind, started_at, sources, status) VALUES (?,?,?,?)",
            (kind, utcnow(), shown_paths(json.dumps(sources, ensure_ascii=False, default=str)), "running"),
        )
        if cursor.lastrowid is None:
            raise CatalogError("the catalogue gave no id for the new run (INSERT INTO runs)")
        return cursor.lastrowid

    def finish_run(self, run_id: int, status: str, counts: Any, message: str | None = None) -> None:
        self.db.conn.execute(
            "UPDATE runs SET finished_at = ?, status = ?, counts = ?, message = ? WHERE id = ?",
            (
                utcnow(),
                status,
                shown_paths(json.dumps(counts, ensure_ascii=False, default=str)),
                shown_paths(message),
                run_id,
            ),
        )

    def register_sources(self, rows: Iterable[dict[str, Any]]) -> None:
        """Describe the sources that feed the catalogue (name, title, description, licence, url) in ``sources``."""
        tables.table(self.db, "sources").upsert_all([dict(r) for r in rows], pk="name")

    def input_fingerprint(self, step: str) -> str | None:
        """The fingerprint the last committed run recorded for ``step`` (``source:<name>`` or ``matching``)."""
        row = self.db.conn.execute("SELECT fingerprint FROM refresh_inputs WHERE step = ?", (step,)).fetchone()
        return row[0] if row else None

    def remember_input(
        self, step: str, fingerprint: str, run_id: int | None, *, files: int | None = None, size: int | None = None
    ) -> None:
        """Record what ``step`` was read or computed from (inside the run's transaction: kept only if it commits)."""
        self.db.conn.execute(
            "INSERT OR REPLACE INTO refresh_inputs (step, fingerprint, files, bytes, run_id, updated_at) "
            "VALUES (?,?,?,?,?,?)",
            (step, fingerprint, files, size, run_id, utcnow()),
        )

    def forget_inputs(self) -> None:
        """Forget every recorded fingerprint: the next refresh reads and computes everything again."""
        self.db.conn.execute("DELETE FROM refresh_inputs")

    def matching_state(self) -> str:
        """What matching depends on in the catalogue, as a string that changes whenever any of it changes: the
        change log (every new, changed or missing record), the committee's decisions and the stored models."""
        parts = []
        for sql in (
            "SELECT count(*), max(id) FROM changes",
            "SELECT count(*), max(rowid) FROM reviews",
            "SELECT count(*), max(rowid) FROM adoption_reviews",
            "SELECT count(*), max(fitted_at) FROM models",
            "SELECT count(*) FROM standards",
        ):
            parts.append(repr(tuple(self.db.conn.execute(sql).fetchone())))
        return "|".join(parts)

    def quarantine_reasons(self, source: str) -> list[str]:
        """The reason of each item in the source's quarantine."""
        rows = self.db.conn.execute("SELECT reason FROM quarantine WHERE source = ? ORDER BY id", (source,))
        return [reason or "" for (reason,) in rows]

    def add_quarantine(self, source: str, run_id: int | None, items: Iterable[Any]) -> QuarantineResult:
        """Add quarantined items (``location``, ``reason``, ``excerpt``) of a source. An item that was already
        quarantined before is known (an item already in the table at the same location is not added twice),
        any other is new."""
        with self.transaction():
            known_runs, present = self._quarantine_state(source)
            return self._insert_quarantine(source, run_id, items, known_runs, present)

    def replace_quarantine(self, source: str, run_id: int | None, items: Iterable[Any]) -> QuarantineResult:
        """The source's quarantine becomes these items (the current state, not a growing history); items that
        were already quarantined before are known and keep the run that first quarantined them."""
        with self.transaction():
            known_runs, _ = self._quarantine_state(source)
            self.db.conn.execute("DELETE FROM quarantine WHERE source = ?", (source,))
            return self._insert_quarantine(source, run_id, items, known_runs, set())

    def _quarantine_state(
        self, source: str
    ) -> tuple[dict[tuple[str, str, str], int | None], set[tuple[tuple[str, str, str], str]]]:
        """The source's quarantined items before this write: item key -> first run, and (key, location) pairs."""
        rows = self.db.conn.execute(
            "SELECT location, reason, excerpt, run_id FROM quarantine WHERE source = ? ORDER BY id", (source,)
        )
        runs: dict[tuple[str, str, str], int | None] = {}
        present: set[tuple[tuple[str, str, str], str]] = set()
        for location, reason, excerpt, first_run in rows:
            key = quarantine_key(location, reason, excerpt)
            runs.setdefault(key, first_run)
            present.add((key, location or ""))
        return runs, present

    def _insert_quarantine(
        self,
        source: str,
        run_id: int | None,
        items: Iterable[Any],
        known_runs: dict[tuple[str, str, str], int | None],
        present: set[tuple[tuple[str, str, str], str]],
    ) -> QuarantineResult:
        result = QuarantineResult()
        values = []
        for item in items:
            location, reason = shown_paths(item.location), shown_paths(item.reason)
            key = quarantine_key(location, reason, item.excerpt)
            if key in known_runs:
                result.known.append(item)
                if (key, location or "") in present:
                    continue  # additive load: this very row is already in the quarantine
                values.append((known_runs[key], source, location, reason, item.excerpt))
            else:
                result.new.append(item)
                values.append((run_id, source, location, reason, item.excerpt))
        self.db.conn.executemany(
            "INSERT INTO quarantine (run_id, source, location, reason, excerpt) VALUES (?,?,?,?,?)", values
        )
        return result


@dataclass
class QuarantineResult:
    """Quarantined items of one write: ``new`` ones (not quarantined before) and ``known`` ones (already were)."""

    new: list[Any] = field(default_factory=list)
    known: list[Any] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.new) + len(self.known)


def quarantine_key(location: str | None, reason: str | None, excerpt: str | None) -> tuple[str, str, str]:
    """What identifies a quarantined item across runs: its reason and raw excerpt (so a bad row that moved to
    another line is still the same item); the location for items without an excerpt (whole files or pages)."""
    return (reason or "", excerpt or "", "" if excerpt else location or "")


__all__ = ["QuarantineResult", "RunLog", "quarantine_key"]
