"""The :class:`Catalog`: the SQLite catalogue (sqlite-utils underneath) and everything that reads or writes it."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from standards_lib.errors import CatalogBusy, CatalogError
from standards_lib.records import Adoption, CommitteeDecision, StandardRecord

from . import adoption_links, migrations, reviews, tables
from .fts import match_expression
from .reviews import utcnow
from .rows import (
    json_or_default,
    record_from_row,
)
from .runlog import RunLog
from .upsert import BATCH, RecordUpserts

log = logging.getLogger(__name__)

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


class Catalog(RecordUpserts, RunLog):
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
