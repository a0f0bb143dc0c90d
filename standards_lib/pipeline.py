"""The batch refresh, above every layer: extract each source, upsert, re-match, recompute coverage, report.

This module orchestrates; it owns no storage. The catalogue (:mod:`standards_lib.catalog`) stores,
the sources (:mod:`standards_lib.scrapers`) read, the engine (:mod:`standards_lib.matching`)
suggests and :mod:`standards_lib.publish` recomputes the published coverage. The run is atomic and
locked:

Atomicity: the whole refresh (all sources, the change log, the re-match and the run row) is one
SQLite write transaction in WAL mode. Readers (Datasette) keep seeing the previous catalogue until
it commits; a refresh that fails or is killed (``kill -9`` included) never commits, and SQLite
discards its uncommitted pages when the file is next opened. A lock file ``<db>.lock`` (pid, host,
start time) refuses a second refresh; a lock whose process is gone is stale and recovered.

Exit codes of ``standards refresh``: :data:`EXIT_OK` (0), :data:`EXIT_FAILED` (1),
:data:`EXIT_QUARANTINED` (3: the refresh committed, but some records were quarantined).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .catalog import Catalog
from .catalog.store import utcnow
from .errors import CatalogError, LockError, SourceError
from .matching import match_catalog
from .publish.coverage import update_coverage
from .records import StandardRecord
from .scrapers import get_source, source_descriptions, SOURCE_MODULES
from .scrapers.base import reason_kind

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_QUARANTINED = 3

#: Test hook: seconds to sleep after each record, with writes every 10 records, so that tests can kill a
#: refresh while it writes. Never set in production.
SLOW_ENV = "BRICS_REFRESH_TEST_DELAY"


@dataclass
class SourceReport:
    """One source's part of a run: files read, records, quarantine and what the upsert did."""

    name: str
    paths: list[str]
    records: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    upsert: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunReport:
    """The JSON run report of a refresh."""

    run_id: int | None
    db: str
    started_at: str
    finished_at: str | None = None
    status: str = "running"
    sources: list[SourceReport] = field(default_factory=list)
    by_country: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    match: dict[str, Any] | None = None
    hub: dict[str, int] | None = None
    db_bytes: int | None = None
    message: str | None = None

    @property
    def exit_code(self) -> int:
        if self.status == "failed":
            return EXIT_FAILED
        return EXIT_QUARANTINED if self.totals.get("quarantined") else EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["exit_code"] = self.exit_code
        return data


class CatalogLock:
    """An exclusive lock file beside the catalogue; a lock left by a dead process is recovered."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self.held = False

    def acquire(self) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if self._stale(holder):
                    log.warning("recovering a stale lock %s left by %s", self.path, holder)
                    self.path.unlink(missing_ok=True)
                    continue
                raise LockError(
                    f"another refresh is running on {self.path.with_suffix('')} "
                    f"(pid {holder.get('pid')} on {holder.get('host')}, since {holder.get('started')}); "
                    f"wait for it to finish, or delete {self.path} if that process is gone"
                ) from None
            with os.fdopen(fd, "w") as fh:
                json.dump({"pid": os.getpid(), "host": socket.gethostname(), "started": utcnow()}, fh)
            self.held = True
            return
        raise LockError(f"could not take the lock {self.path}")

    def _holder(self) -> dict[str, Any]:
        try:
            return json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    @staticmethod
    def _stale(holder: dict[str, Any]) -> bool:
        if not holder:
            return True  # unreadable or half-written lock: its writer died while taking it
        if holder.get("host") != socket.gethostname():
            return False
        try:
            os.kill(int(holder["pid"]), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, ValueError, KeyError):
            return False
        return False

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False

    def __enter__(self) -> "CatalogLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def plan_sources(sources: Sequence[str] | None, from_path: Path | None) -> list[tuple[str, Any, list[Path]]]:
    """Which source modules read which files: ``(name, module, paths)``."""
    if from_path is None:
        raise CatalogError("nothing to refresh: give --from PATH (a file, or a directory such as ../shared/data)")
    from_path = Path(from_path)
    if not from_path.exists():
        raise CatalogError(f"--from {from_path}: no such file or directory")
    names = list(sources) if sources else list(SOURCE_MODULES)
    plan: list[tuple[str, Any, list[Path]]] = []
    used_modules: set[str] = set()
    for name in names:
        module = get_source(name)
        if module.__name__ in used_modules:
            continue
        if from_path.is_dir():
            paths = sorted(module.discover(from_path))
        else:
            paths = [from_path]
        if paths:
            plan.append((name, module, paths))
            used_modules.add(module.__name__)
        elif sources:
            raise CatalogError(f"source {name!r} finds no files it can read under {from_path}")
    if not plan:
        raise CatalogError(f"no source found files it can read under {from_path}")
    return plan


def _records_only(items: Iterable[Any], quarantined: list[Any], delay: float) -> Iterator[StandardRecord]:
    for item in items:
        if isinstance(item, StandardRecord):
            if delay:
                time.sleep(delay)
            yield item
        else:
            quarantined.append(item)


def refresh(
    db_path: str | Path,
    *,
    sources: Sequence[str] | None = None,
    from_path: str | Path | None = None,
    report: str | Path | None = None,
    match: bool = True,
    options: dict[str, Any] | None = None,
) -> RunReport:
    """Refresh the catalogue from the given sources and files; returns (and optionally writes) the run report."""
    db_path = Path(db_path)
    plan = plan_sources(sources, Path(from_path) if from_path is not None else None)
    delay = float(os.environ.get(SLOW_ENV) or 0)
    run = RunReport(run_id=None, db=str(db_path), started_at=utcnow())
    with CatalogLock(db_path), Catalog(db_path) as catalog:
        if delay:
            catalog.batch_size = 10
        try:
            with catalog.transaction():
                catalog.register_sources(source_descriptions())
                run.run_id = catalog.start_run("refresh", [{"source": n, "paths": [str(p) for p in ps]} for n, _, ps in plan])
                by_country: Counter[str] = Counter()
                for name, module, paths in plan:
                    part = SourceReport(name, [str(p) for p in paths])
                    bad: list[Any] = []
                    items = module.extract(paths, **(options or {}).get(name, {}))
                    result = catalog.upsert_records(_records_only(items, bad, delay), source=name, run_id=run.run_id, full=True)
                    catalog.replace_quarantine(name, run.run_id, bad)
                    part.records, part.quarantined = result.seen, len(bad)
                    part.reasons = dict(Counter(reason_kind(q.reason) for q in bad).most_common())
                    part.upsert = result.to_dict()
                    by_country.update(result.by_country)
                    run.sources.append(part)
                    log.info("%s: %d records, %d quarantined", name, part.records, part.quarantined)
                run.by_country = dict(sorted(by_country.items()))
                run.totals = _totals(run.sources)
                run.hub = catalog.link_adoptions()
                if match:
                    run.match = match_catalog(catalog, run_id=run.run_id).to_dict()
                run.status = "partial" if run.totals["quarantined"] else "success"
                run.finished_at = utcnow()
                catalog.finish_run(run.run_id, run.status, _counts(run))
        except (SourceError, CatalogError, OSError) as exc:
            run.status, run.message, run.finished_at = "failed", str(exc), utcnow()
            with catalog.transaction():
                failed_id = catalog.start_run("refresh", [n for n, _, _ in plan])
                catalog.finish_run(failed_id, "failed", {}, str(exc))
            _write_report(run, report, db_path)
            raise CatalogError(f"refresh failed, the catalogue is unchanged: {exc}") from exc
    _refresh_coverage(db_path)
    _write_report(run, report, db_path)
    return run


def _refresh_coverage(db_path: Path) -> None:
    """Recompute the published coverage counts (country x ICS field, sectors) after the data changed."""
    update_coverage(db_path)


def _totals(parts: list[SourceReport]) -> dict[str, int]:
    keys = ("new", "changed", "unchanged", "missing", "changes", "flagged")
    totals = {k: sum(int(p.upsert.get(k, 0)) for p in parts) for k in keys}
    totals["records"] = sum(p.records for p in parts)
    totals["quarantined"] = sum(p.quarantined for p in parts)
    return totals


def _counts(run: RunReport) -> dict[str, Any]:
    return {"totals": run.totals, "by_country": run.by_country,
            "sources": {p.name: {"records": p.records, "quarantined": p.quarantined} for p in run.sources},
            "match": run.match}


def _write_report(run: RunReport, report: str | Path | None, db_path: Path) -> None:
    run.db_bytes = db_path.stat().st_size if db_path.exists() else None
    if report:
        Path(report).write_text(json.dumps(run.to_dict(), ensure_ascii=False, indent=2), "utf-8")


def load_file(db_path: str | Path, path: str | Path, *, source: str | None = None) -> tuple[RunReport, list[Any]]:
    """Load one interchange JSON Lines file as a source (additive: records absent from it are kept)."""
    db_path, path = Path(db_path), Path(path)
    if not path.exists():
        raise CatalogError(f"{path}: no such file")
    module = get_source("jsonl")
    name = source or "jsonl"
    run = RunReport(run_id=None, db=str(db_path), started_at=utcnow())
    with CatalogLock(db_path), Catalog(db_path) as catalog, catalog.transaction():
        catalog.register_sources(source_descriptions())
        run.run_id = catalog.start_run("load", [{"source": name, "paths": [str(path)]}])
        bad: list[Any] = []
        result = catalog.upsert_records(_records_only(module.extract([path]), bad, 0), source=name, run_id=run.run_id)
        catalog.add_quarantine(name, run.run_id, bad)
        part = SourceReport(name, [str(path)], result.seen, len(bad), dict(Counter(reason_kind(q.reason) for q in bad)), result.to_dict())
        run.sources, run.by_country = [part], dict(result.by_country)
        run.totals = _totals(run.sources)
        run.hub = catalog.link_adoptions()
        run.status = "partial" if bad else "success"
        run.finished_at = utcnow()
        catalog.finish_run(run.run_id, run.status, _counts(run))
    _refresh_coverage(db_path)
    _write_report(run, None, db_path)
    return run, bad
