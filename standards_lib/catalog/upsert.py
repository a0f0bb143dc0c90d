"""Writing records into the catalogue: the merge of every source's records, the change log, the standards a source
no longer lists (marked missing, never deleted) and the reviews to look at again.

:class:`RecordUpserts` is a part of :class:`~standards_lib.catalog.Catalog` (a mixin over its database and
transaction, like :class:`~standards_lib.catalog.runlog.RunLog`); :meth:`RecordUpserts.upsert_records` is the
one way records enter the catalogue, in batches of :data:`BATCH`.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlite_utils

from standards_lib.designation.work import undated_reference
from standards_lib.errors import RecordError
from standards_lib.interchange import record_from_dict
from standards_lib.records import Adoption, StandardRecord

from .fts import fts_row
from .reviews import utcnow
from .rows import (
    comparable,
    diff,
    merge_records,
    record_hash,
    record_json,
    standard_row,
)

log = logging.getLogger(__name__)

#: records written per batch (one round of reads and one executemany per statement)
BATCH = 2000


@dataclass
class UpsertResult:
    """What an upsert did: records seen, new, changed, unchanged, and change-log rows written."""

    source: str
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    changes: int = 0
    flagged: int = 0
    by_country: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def to_dict(self) -> dict[str, Any]:
        data = {
            k: getattr(self, k)
            for k in ("source", "seen", "new", "changed", "unchanged", "missing", "changes", "flagged")
        }
        data["by_country"] = dict(sorted(self.by_country.items()))
        return data


class RecordUpserts:
    """Upserting records (mixed into :class:`~standards_lib.catalog.Catalog`)."""

    db: sqlite_utils.Database
    batch_size: int

    def transaction(self) -> AbstractContextManager[None]:  # provided by Catalog
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:  # provided by Catalog
        raise NotImplementedError

    # -- writing records ------------------------------------------------------------------------
    def upsert_records(
        self, records: Iterable[StandardRecord], *, source: str, run_id: int | None = None, full: bool = False
    ) -> UpsertResult:
        """Insert or update records of one source; write change-log rows when ``run_id`` is given.

        Records whose normalised content is unchanged cost one hash comparison. With ``full=True``
        the source's records that were not seen are removed from that source (a standard no source
        lists any more is marked ``missing``, never deleted).
        """
        result = UpsertResult(source)
        seen: set[str] = set()
        iterator = iter(records)
        with self.transaction():
            while batch := list(islice(iterator, self.batch_size)):
                self._upsert_batch(batch, source, run_id, seen, result)
            if full:
                self._remove_unseen(source, seen, run_id, result)
        return result

    def _upsert_batch(
        self, batch: list[StandardRecord], source: str, run_id: int | None, seen: set[str], result: UpsertResult
    ) -> None:
        by_id: dict[str, StandardRecord] = {}
        for record in batch:
            result.seen += 1
            key = record.canonical
            if key in by_id:
                by_id[key] = merge_records([by_id[key], record])
            elif key in seen:  # a duplicate of a record written earlier in this call: merge with it
                stored = self._source_records([key], only=source).get(key, [])
                by_id[key] = merge_records(stored + [record]) if stored else record
            else:
                by_id[key] = record
        ids = list(by_id)
        seen.update(ids)
        old_hashes = self._source_hashes(ids, source)
        changed_ids: list[str] = []
        source_rows = []
        for key, record in by_id.items():
            text = record_json(record)
            digest = record_hash(text)
            result.by_country[record.country] += 1
            if old_hashes.get(key) == digest:
                result.unchanged += 1
                continue
            changed_ids.append(key)
            source_rows.append((key, source, text, digest, run_id))
        if not changed_ids:
            return
        self.db.conn.executemany(
            "INSERT INTO standard_sources (standard_id, source, record, record_hash, last_run) VALUES (?,?,?,?,?) "
            "ON CONFLICT(standard_id, source) DO UPDATE SET record=excluded.record, "
            "record_hash=excluded.record_hash, last_run=excluded.last_run",
            source_rows,
        )
        others = self._source_records(changed_ids, exclude=source)
        merged = {key: merge_records([by_id[key]] + others.get(key, [])) for key in changed_ids}
        sources = {key: [source] + [r.source for r in others.get(key, [])] for key in changed_ids}
        self._write_standards(merged, sources, run_id, result)

    def _write_standards(
        self, merged: dict[str, StandardRecord], sources: dict[str, list[str]], run_id: int | None, result: UpsertResult
    ) -> None:
        ids = list(merged)
        old_rows = {r["id"]: r for r in self._rows_in("SELECT * FROM standards WHERE id IN ({})", ids)}
        old_codes = self._codes_of([i for i in ids if i in old_rows])
        now = utcnow()
        changes: list[tuple[Any, ...]] = []
        to_store: list[tuple[dict[str, Any], StandardRecord, bool]] = []
        for key, record in merged.items():
            row = standard_row(record, sources[key])
            old = old_rows.get(key)
            if old is None:
                result.new += 1
                row["first_run"] = row["updated_run"] = run_id
                changes.append((run_id, key, "new", None, None, None))
            else:
                ics, ccs, adoptions = old_codes.get(key, ([], [], []))
                deltas = diff(
                    comparable(old, ics, ccs, adoptions), comparable(row, record.ics, record.ccs, record.adoptions)
                )
                row["first_run"] = old["first_run"]
                row["updated_run"] = run_id if deltas else old["updated_run"]
                if not deltas and not old.get("missing"):
                    result.unchanged += 1
                    if all(old.get(name) == value for name, value in row.items()):
                        continue  # not even the bookkeeping (location, fetch time) changed
                else:
                    result.changed += 1
                for name, before, after in deltas:
                    changes.append((run_id, key, "changed", name, before, after))
                if row["status"] != old.get("status") and row["status"] in ("withdrawn", "replaced"):
                    changes.append((run_id, key, row["status"], "status", old.get("status"), row["status"]))
                    result.flagged += self._flag_reviews(key, run_id, f"{row['status']} (was {old.get('status')})", now)
            to_store.append((row, record, old is not None))
        self._store_standards(to_store)
        if run_id is not None and changes:
            self.db.conn.executemany(
                "INSERT INTO changes (run_id, standard_id, change, field, old_value, new_value) VALUES (?,?,?,?,?,?)",
                changes,
            )
            result.changes += len(changes)

    def _store_standards(self, items: list[tuple[dict[str, Any], StandardRecord, bool]]) -> None:
        """Write a batch of standards: ``(row, record, existed)``; the row, its FTS entry (by rowid) and its child
        rows kept in step. Hand-written on purpose, as the hot path of a refresh: one ``executemany`` per
        statement for the whole batch (not several statements per record), ``INSERT ... ON CONFLICT DO UPDATE``
        (about twice as fast as sqlite-utils' upsert); the FTS entry and child rows of a standard that was not
        in the catalogue have nothing to delete. Schema, indexes and reference tables use sqlite-utils."""
        if not items:
            return
        conn = self.db.conn
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row, _, _ in items:
            by_columns[tuple(row)].append(row)
        for names, rows in by_columns.items():
            conn.executemany(
                f"INSERT INTO standards ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                f"ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{n}=excluded.{n}" for n in names if n != "id"),
                [[row[n] for n in names] for row in rows],
            )
        keys = [row["id"] for row, _, _ in items]
        rowids = {r["id"]: r["rowid"] for r in self._rows_in("SELECT id, rowid FROM standards WHERE id IN ({})", keys)}
        existing = [row["id"] for row, _, existed in items if existed]
        conn.executemany("DELETE FROM standards_fts WHERE rowid = ?", [(rowids[k],) for k in existing])
        for table in ("standard_ics", "standard_ccs", "adoptions"):
            conn.executemany(f"DELETE FROM {table} WHERE standard_id = ?", [(k,) for k in existing])
        fts_rows = []
        for row, record, _ in items:
            fts = fts_row(record.designation, row["id"], record.titles)
            fts_rows.append((rowids[row["id"]], fts["designation"], fts["titles"], fts["cjk"]))
        conn.executemany("INSERT INTO standards_fts (rowid, designation, titles, cjk) VALUES (?,?,?,?)", fts_rows)
        conn.executemany(
            "INSERT OR IGNORE INTO standard_ics (standard_id, ics_code, ics_field) VALUES (?,?,?)",
            [(row["id"], code, code[:2]) for row, record, _ in items for code in record.ics],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO standard_ccs (standard_id, ccs_code) VALUES (?,?)",
            [(row["id"], c) for row, record, _ in items for c in record.ccs],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO adoptions (standard_id, ref, ref_work, degree, evidence) VALUES (?,?,?,?,?)",
            [
                (row["id"], a.ref, ref_work(a.ref), a.degree, a.evidence)
                for row, record, _ in items
                for a in record.adoptions
            ],
        )

    def _remove_unseen(self, source: str, seen: set[str], run_id: int | None, result: UpsertResult) -> None:
        stored = [
            r[0] for r in self.db.conn.execute("SELECT standard_id FROM standard_sources WHERE source = ?", (source,))
        ]
        gone = [key for key in stored if key not in seen]
        if not gone:
            return
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            self.db.conn.execute(
                f"DELETE FROM standard_sources WHERE source = ? AND standard_id IN ({','.join('?' * len(chunk))})",
                [source, *chunk],
            )
            remaining = self._source_records(chunk)
            with_sources = {k: v for k, v in remaining.items() if v}
            if with_sources:
                self._write_standards(
                    {k: merge_records(v) for k, v in with_sources.items()},
                    {k: [r.source for r in v] for k, v in with_sources.items()},
                    run_id,
                    result,
                )
            orphans = [k for k in chunk if k not in with_sources]
            self.db.conn.executemany(
                "UPDATE standards SET missing = 1, updated_run = ? WHERE id = ?", [(run_id, k) for k in orphans]
            )
            result.missing += len(orphans)
            if run_id is not None and orphans:
                self.db.conn.executemany(
                    "INSERT INTO changes (run_id, standard_id, change, field, old_value, new_value) VALUES (?,?,?,?,?,?)",
                    [(run_id, k, "missing", None, source, None) for k in orphans],
                )
                result.changes += len(orphans)

    def _flag_reviews(self, key: str, run_id: int | None, reason: str, now: str) -> int:
        pairs = self.db.conn.execute(
            "SELECT DISTINCT foreign_id, chinese_id FROM reviews WHERE foreign_id = ? OR chinese_id = ?", (key, key)
        ).fetchall()
        self.db.conn.executemany(
            "INSERT INTO review_flags (foreign_id, chinese_id, standard_id, run_id, reason, flagged_at) VALUES (?,?,?,?,?,?)",
            [(f, c, key, run_id, reason, now) for f, c in pairs],
        )
        return len(pairs)

    # -- helpers for batches ---------------------------------------------------------------------
    def _rows_in(self, sql: str, ids: Sequence[str], *extra: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for start in range(0, len(ids), 900):
            chunk = list(ids[start : start + 900])
            rows.extend(self._rows(sql.format(",".join("?" * len(chunk))), [*chunk, *extra]))
        return rows

    def _source_hashes(self, ids: Sequence[str], source: str) -> dict[str, str]:
        rows = self._rows_in(
            "SELECT standard_id, record_hash FROM standard_sources WHERE standard_id IN ({}) AND source = ?",
            ids,
            source,
        )
        return {r["standard_id"]: r["record_hash"] for r in rows}

    def _source_records(
        self, ids: Sequence[str], *, exclude: str | None = None, only: str | None = None
    ) -> dict[str, list[StandardRecord]]:
        rows = self._rows_in("SELECT standard_id, source, record FROM standard_sources WHERE standard_id IN ({})", ids)
        found: dict[str, list[StandardRecord]] = defaultdict(list)
        for row in rows:
            if (exclude and row["source"] == exclude) or (only and row["source"] != only):
                continue
            try:
                found[row["standard_id"]].append(record_from_dict(json.loads(row["record"])))
            except (RecordError, ValueError) as exc:
                log.warning("stored record of %s from %s no longer reads: %s", row["standard_id"], row["source"], exc)
        return found

    def _codes_of(self, ids: Sequence[str]) -> dict[str, tuple[list[str], list[str], list[Adoption]]]:
        codes: dict[str, tuple[list[str], list[str], list[Adoption]]] = defaultdict(lambda: ([], [], []))
        for r in self._rows_in("SELECT standard_id, ics_code FROM standard_ics WHERE standard_id IN ({})", ids):
            codes[r["standard_id"]][0].append(r["ics_code"])
        for r in self._rows_in("SELECT standard_id, ccs_code FROM standard_ccs WHERE standard_id IN ({})", ids):
            codes[r["standard_id"]][1].append(r["ccs_code"])
        for r in self._rows_in(
            "SELECT standard_id, ref, degree, evidence FROM adoptions WHERE standard_id IN ({})", ids
        ):
            codes[r["standard_id"]][2].append(Adoption(r["ref"], r["degree"], r["evidence"]))
        return codes

    # -- reading ------------------------------------------------------------------------------


def ref_work(ref: str) -> str:
    """An international reference without its year: ``ISO 9001:2015`` -> ``ISO 9001``
    (:func:`standards_lib.designation.work.undated_reference`)."""
    return undated_reference(ref)


__all__ = ["BATCH", "RecordUpserts", "UpsertResult", "ref_work"]
