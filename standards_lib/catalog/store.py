"""The :class:`Catalog`: the SQLite catalogue (sqlite-utils underneath) and everything that reads or writes it."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from standards_lib.designation.work import undated_reference
from standards_lib.errors import CatalogBusy, CatalogError, RecordError
from standards_lib.interchange import record_from_dict
from standards_lib.records import Adoption, CommitteeDecision, StandardRecord

from . import adoption_links, migrations, reviews, tables
from .fts import fts_row, match_expression
from .reviews import utcnow
from .rows import (
    comparable,
    diff,
    json_or_default,
    merge_records,
    record_from_row,
    record_hash,
    record_json,
    standard_row,
)
from .runlog import RunLog

log = logging.getLogger(__name__)

BATCH = 2000
#: seconds a write waits for another writer before CatalogBusy (writers that should wait longer say so)
DEFAULT_BUSY_TIMEOUT = 5.0
T = TypeVar("T")


def is_busy(exc: BaseException) -> bool:
    """Whether a SQLite error means another connection holds the write lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def busy_holder(path: Path) -> str:
    """Who is probably writing: the refresh named in the lock file, else 'another writer'."""
    from .lock import describe_holder, lock_holder

    holder = lock_holder(path)
    return f"a refresh or load, {describe_holder(holder)}" if holder.get("pid") else "probably a refresh or re-match"


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


@dataclass
class StandardView:
    """A standard as the committee reads it: the merged record, its codes, adoptions, equivalences, reviews."""

    record: StandardRecord
    row: dict[str, Any]
    ics: list[dict[str, Any]]
    ccs: list[dict[str, Any]]
    adoptions: list[dict[str, Any]]
    equivalents: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    inferred: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Declared adoptions, then the inferred one: ``"evidence": "inferred"`` (with score and signals), or
        ``"confirmed"`` once the committee confirmed it; a rejected inference is no adoption and is left out."""
        adoptions = [dict(a) for a in self.adoptions]
        if self.inferred is not None and self.inferred.get("decision") != "rejected":
            inferred = self.inferred
            confirmed = inferred.get("decision") == "confirmed"
            adoptions.append(
                {
                    "ref": inferred["work"],
                    "ref_work": inferred["work"],
                    "degree": "unknown",
                    "evidence": "confirmed" if confirmed else "inferred",
                    "decision": inferred.get("decision"),
                    "reviewer": inferred.get("reviewer"),
                    "international_id": inferred.get("international_id"),
                    "score": inferred.get("score"),
                    "signals": inferred.get("evidence"),
                    "model_version": inferred.get("model_version"),
                }
            )
        return {
            "record": self.record.to_dict(),
            "ics": self.ics,
            "ccs": self.ccs,
            "adoptions": adoptions,
            "adoption_candidates": (self.inferred or {}).get("candidates") or [],
            "equivalents": self.equivalents,
            "reviews": self.reviews,
            "flags": self.flags,
        }


class Catalog(RunLog):
    """The catalogue file: open (creating and migrating it), upsert records, read, search, review."""

    def __init__(self, path: str | Path, *, create: bool = True, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise CatalogError(f"no catalogue at {self.path}: build one with 'standards refresh' or 'standards load'")
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            self._busy_ms = int(busy_timeout * 1000)
            conn.execute(f"PRAGMA busy_timeout={self._busy_ms}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            raise self._error(exc, "cannot open the catalogue") from exc
        self.db = sqlite_utils.Database(conn)
        self.batch_size = BATCH
        self._depth = 0
        try:
            migrations.migrate(self.db)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._error(exc, "is not a usable catalogue") from exc

    def _error(self, exc: sqlite3.Error, what: str) -> CatalogError:
        """A CatalogError that keeps SQLite's own words (CatalogBusy when another process is writing)."""
        if is_busy(exc):
            return CatalogBusy(
                f"the catalogue {self.path} is busy: another process is writing it ({busy_holder(self.path)}); "
                f"nothing was written, try again when it has finished"
            )
        return CatalogError(f"{self.path}: {what}: {exc}")

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another writer (a refresh) before raising CatalogBusy."""
        self._busy_ms = int(seconds * 1000)
        self.db.conn.execute(f"PRAGMA busy_timeout={self._busy_ms}")

    def busy(self) -> str | None:
        """Why the catalogue cannot be written right now (another process holds the write lock), or None."""
        if self._depth:
            return None
        self.db.conn.execute("PRAGMA busy_timeout=0")
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            return str(self._error(exc, "cannot start writing")) if is_busy(exc) else None
        else:
            self.db.conn.execute("ROLLBACK")
        finally:
            self.db.conn.execute(f"PRAGMA busy_timeout={self._busy_ms}")
        return None

    def write_when_free(
        self, action: Callable[[], T], *, wait: float, notify: Callable[[str], None] | None = None
    ) -> T:
        """Run a write ``action``; when another process is writing, say so through ``notify`` and wait up to
        ``wait`` seconds for it. CatalogBusy (nothing written) when it is still busy after that."""
        self.set_busy_timeout(0)
        try:
            return action()
        except CatalogBusy as exc:
            if wait <= 0:
                raise
            if notify is not None:
                notify(f"{exc.args[0].split(';')[0]}; waiting up to {wait:g} s for it to finish")
        self.set_busy_timeout(wait)
        try:
            return action()
        except CatalogBusy as exc:
            raise CatalogBusy(
                f"{exc.args[0].split(';')[0]}; still busy after waiting {wait:g} s: nothing was "
                f"written, try again when it has finished"
            ) from exc

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested calls join the outer one); rolled back on any error.

        SQLite errors leave as CatalogError with SQLite's own reason ("database or disk is full"), or CatalogBusy
        when another process holds the write lock longer than the busy timeout.
        """
        conn = self.db.conn
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot start writing") from exc
        self._depth = 1
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc, "could not be written") from exc
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        """Roll back if a transaction is still open (SQLite ends some on its own, e.g. when the disk is full)."""
        if not self.db.conn.in_transaction:
            return
        try:
            self.db.conn.execute("ROLLBACK")
        except sqlite3.Error as exc:  # never hide the error that made us roll back
            log.warning("rollback of %s failed: %s", self.path, exc)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

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
    def resolve(self, designation: str) -> str | None:
        """The catalogue id of a designation in any written form; an undated one resolves to its latest edition."""
        return reviews.resolve(self.db.conn, designation)

    def get(self, designation: str) -> StandardView | None:
        """A standard with its ICS (with titles), CCS, adoptions, suggestions (both directions) and reviews."""
        key = self.resolve(designation)
        if key is None:
            return None
        row = self._rows("SELECT * FROM standards WHERE id = ?", (key,))[0]
        ics = self._rows(
            "SELECT si.ics_code AS code, i.title_en AS title FROM standard_ics si LEFT JOIN ics i ON i.code = si.ics_code "
            "WHERE si.standard_id = ? ORDER BY si.ics_code",
            (key,),
        )
        ccs = self._rows(
            "SELECT sc.ccs_code AS code, c.title_zh AS title FROM standard_ccs sc LEFT JOIN ccs c ON c.code = sc.ccs_code "
            "WHERE sc.standard_id = ? ORDER BY sc.ccs_code",
            (key,),
        )
        adoptions = self._rows(
            "SELECT ref, ref_work, degree, evidence, international_id FROM adoptions WHERE standard_id = ? ORDER BY ref",
            (key,),
        )
        record = record_from_row(
            row,
            [i["code"] for i in ics],
            [c["code"] for c in ccs],
            [Adoption(a["ref"], a["degree"], a["evidence"]) for a in adoptions],
        )
        return StandardView(
            record,
            row,
            ics,
            ccs,
            adoptions,
            self.suggestions_for(key),
            self.reviews_for(key),
            self._rows("SELECT * FROM review_flags WHERE standard_id = ? ORDER BY id", (key,)),
            self.inferred_adoption(key),
        )

    def iter_records(self, *, countries: Iterable[str] | None = None) -> Iterator[StandardRecord]:
        """Every standard (or those of the given countries) as merged records."""
        wanted = list(countries) if countries is not None else None
        where = f"WHERE country IN ({','.join('?' * len(wanted))})" if wanted else ""
        rows = self._rows(f"SELECT * FROM standards {where} ORDER BY id", wanted or [])
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            codes = self._codes_of([r["id"] for r in chunk])
            for row in chunk:
                ics, ccs, adoptions = codes.get(row["id"], ([], [], []))
                yield record_from_row(row, ics, ccs, adoptions)

    def count(self, table: str = "standards") -> int:
        return self.db.conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]

    def standards_by_country(self) -> dict[str, int]:
        """Standards per country in the catalogue (after merging the sources; those marked missing left out)."""
        rows = self.db.conn.execute(
            "SELECT country, count(*) FROM standards WHERE NOT coalesce(missing, 0) GROUP BY country ORDER BY country"
        )
        return {country or "?": count for country, count in rows}

    def search(self, query: str, *, limit: int = 20, country: str | None = None) -> list[dict[str, Any]]:
        """Standards matching a query in any language (or a designation), best first."""
        results: list[dict[str, Any]] = []
        exact = self.resolve(query)
        columns = "s.id, s.designation, s.country, s.status, s.title_zh, s.title_en, s.title_ru, s.title_pt"
        if exact:
            results += self._rows(f"SELECT {columns}, 0.0 AS rank FROM standards s WHERE s.id = ?", (exact,))
        expression = match_expression(query)
        if expression:
            sql = (
                f"SELECT {columns}, f.rank AS rank FROM standards_fts f JOIN standards s ON s.rowid = f.rowid "
                f"WHERE standards_fts MATCH ? {'AND s.country = ?' if country else ''} ORDER BY f.rank LIMIT ?"
            )
            params: list[Any] = [expression] + ([country] if country else []) + [limit + len(results)]
            try:
                results += [r for r in self._rows(sql, params) if r["id"] != exact]
            except sqlite3.OperationalError as exc:
                raise CatalogError(f"cannot search for {query!r}: {exc}") from exc
        if country:
            results = [r for r in results if r["country"] == country]
        return results[:limit]

    # -- the international hub: adoption links and inferred adoptions -----------------------------
    def link_adoptions(self) -> dict[str, int]:
        """Point every adoption at the international record of its edition when the catalogue holds it."""
        with self.transaction():
            return adoption_links.link_adoptions(self.db.conn)

    def replace_adoption_suggestions(
        self, rows: Iterable[dict[str, Any]], *, model_version: str, run_id: int | None = None
    ) -> int:
        """Replace every inferred adoption (the committee's adoption reviews are never touched)."""
        with self.transaction():
            return adoption_links.replace_adoption_suggestions(
                self.db.conn, rows, model_version=model_version, run_id=run_id, now=utcnow()
            )

    def inferred_adoption(self, designation: str) -> dict[str, Any] | None:
        """The inferred adoption of a standard (work, score, evidence, candidates, and the committee's latest
        ``decision`` and ``reviewer`` on it), or None."""
        key = self.resolve(designation) or designation
        rows = self._rows(
            "SELECT * FROM adoption_suggestions WHERE standard_id = ? ORDER BY score DESC LIMIT 1", (key,)
        )
        if not rows:
            return None
        row = rows[0]
        row["evidence"] = json_or_default(row.get("evidence"), {})
        row["candidates"] = json_or_default(row.get("candidates"), [])
        latest = self._rows(
            "SELECT decision, reviewer FROM adoption_reviews WHERE standard_id = ? AND work = ? ORDER BY id DESC LIMIT 1",
            (key, row["work"]),
        )
        row["decision"], row["reviewer"] = (latest[0]["decision"], latest[0]["reviewer"]) if latest else (None, None)
        return row

    # -- retrained scoring models -------------------------------------------------------------------
    def save_model(self, name: str, version: str, model_json: str, report: dict[str, Any]) -> None:
        """Store a retrained scoring model (replacing the previous one of that name)."""
        with self.transaction():
            tables.table(self.db, "models").upsert(
                {
                    "name": name,
                    "version": version,
                    "fitted_at": utcnow(),
                    "model": model_json,
                    "report": json.dumps(report, ensure_ascii=False),
                },
                pk="name",
            )

    def stored_model(self, name: str) -> str | None:
        """The JSON of the model of that name retrained on this catalogue, or None."""
        row = self.db.conn.execute("SELECT model FROM models WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    # -- suggestions and reviews ------------------------------------------------------------------
    def replace_suggestions(
        self, rows: Iterable[dict[str, Any]], *, matcher_version: str, run_id: int | None = None
    ) -> int:
        """Replace every suggestion by these rows (reviews are never touched)."""
        now = utcnow()
        values = [
            (
                r["foreign_id"],
                r["chinese_id"],
                r.get("rank"),
                r.get("score"),
                r.get("relation"),
                json.dumps(r.get("evidence") or {}, ensure_ascii=False, sort_keys=True),
                matcher_version,
                run_id,
                now,
            )
            for r in rows
        ]
        with self.transaction():
            self.db.conn.execute("DELETE FROM suggestions")
            self.db.conn.executemany(
                "INSERT INTO suggestions (foreign_id, chinese_id, rank, score, relation, evidence, matcher_version, run_id, "
                "created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                values,
            )
        return len(values)

    def suggestions_for(self, designation: str) -> list[dict[str, Any]]:
        """Suggestions where the standard is on either side, best first, with the other side's titles."""
        key = self.resolve(designation) or designation
        rows = self._rows(
            "SELECT sg.*, CASE WHEN sg.foreign_id = ? THEN sg.chinese_id ELSE sg.foreign_id END AS other_id "
            "FROM suggestions sg WHERE sg.foreign_id = ? OR sg.chinese_id = ? ORDER BY sg.score DESC, sg.rank",
            (key, key, key),
        )
        for row in rows:
            other = self._rows(
                "SELECT country, status, title_zh, title_en, title_ru, title_pt FROM standards WHERE id = ?",
                (row["other_id"],),
            )
            row.update({"other_" + k: v for k, v in (other[0] if other else {}).items()})
            row["evidence"] = json_or_default(row.get("evidence"), {})
        return rows

    def committee_decisions(self, kind: str) -> list[CommitteeDecision]:
        """The committee's latest decision per pair, on equivalences (``kind`` "equivalence") or on inferred
        adoptions ("adoption"); :class:`CatalogError` for another kind."""
        tables_of = {"equivalence": "reviews", "adoption": "adoption_reviews"}
        if kind not in tables_of:
            raise CatalogError(f"no committee decisions of kind {kind!r}; expected one of {', '.join(tables_of)}")
        return reviews.committee_decisions(self.db.conn, tables_of[kind])

    def record_review(
        self, foreign: str, chinese: str, decision: str, reviewer: str, note: str | None = None, at: str | None = None
    ) -> dict[str, Any]:
        """Store a committee decision on a pair (history is kept; the latest decision is current)."""
        with self.transaction():
            return reviews.insert_review(self.db.conn, foreign, chinese, decision, reviewer, note, at)

    def reviews_for(self, designation: str) -> list[dict[str, Any]]:
        key = self.resolve(designation) or designation
        return self._rows("SELECT * FROM reviews WHERE foreign_id = ? OR chinese_id = ? ORDER BY id", (key, key))

    def record_adoption_review(
        self, standard: str, work: str, decision: str, reviewer: str, note: str | None = None, at: str | None = None
    ) -> dict[str, Any]:
        """Store a committee decision on an inferred adoption (does ``standard`` adopt the international ``work``?)."""
        with self.transaction():
            return reviews.insert_adoption_review(self.db.conn, standard, work, decision, reviewer, note, at)

    def adoption_reviews_for(self, designation: str) -> list[dict[str, Any]]:
        """Every adoption decision on a standard, oldest first."""
        return reviews.adoption_reviews_for(self.db.conn, designation)


def ref_work(ref: str) -> str:
    """An international reference without its year: ``ISO 9001:2015`` -> ``ISO 9001``
    (:func:`standards_lib.designation.work.undated_reference`)."""
    return undated_reference(ref)
