"""The batch refresh, above every layer: extract each source, upsert, re-match, recompute coverage, report.

This module orchestrates; it owns no storage. The catalogue (:mod:`standards_lib.catalog`) stores,
the sources (:mod:`standards_lib.scrapers`) read, the engine (:mod:`standards_lib.matching`)
suggests and :mod:`standards_lib.publish` recomputes the published coverage. The run is atomic and
locked:

Atomicity: the whole refresh (all sources, the change log, the re-match and the run row) is one
SQLite write transaction in WAL mode. Readers (Datasette) keep seeing the previous catalogue until
it commits; a refresh that fails or is killed (``kill -9`` included) never commits, and SQLite
discards its uncommitted pages when the file is next opened. An operating-system lock on
``<db>.lock`` (:class:`~standards_lib.catalog.lock.CatalogLock`) refuses a second refresh.

Exit codes (:data:`EXIT_CODES`, the same for ``refresh`` and ``load``): 0 committed, nothing new in the
quarantine; 1 failed, the catalogue is unchanged; 3 committed, with newly quarantined records; 4 the
catalogue is busy (another refresh or writer), nothing was done; 5 committed, but a step after the commit
(coverage counts, the report file) failed.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .catalog.lock import CatalogLock
from .catalog.store import utcnow
from .catalog_matching import match_catalog
from .errors import CatalogBusy, CatalogError, SourceError, StandardsError
from .progress import ProgressCallback, Stage, counted, ignore
from .publish.coverage import update_coverage
from .records import StandardRecord
from .refresh_inputs import matching_fingerprint, source_fingerprint
from .refresh_plan import plan_sources, unread_files
from .run_report import (
    EXIT_AFTER_COMMIT,
    EXIT_BUSY,
    EXIT_CODES,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_QUARANTINED,
    REPORT_ITEMS,
    RunReport,
    SourceReport,
    check_report_path,
    country_counts,
    report_item,
    run_counts,
    source_totals,
    write_report,
)
from .scrapers import get_source, source_descriptions
from .scrapers.base import extract_each, reason_kind

log = logging.getLogger(__name__)


def _records_only(items: Iterable[Any], quarantined: list[Any]) -> Iterator[StandardRecord]:
    for item in items:
        if isinstance(item, StandardRecord):
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
    force: bool = False,
    workers: int = 0,
    progress: ProgressCallback = ignore,
    mapping: str | Path | None = None,
) -> RunReport:
    """Refresh the catalogue from the given sources and files; returns (and optionally writes) the run report.

    ``mapping`` (a shipped mapping name or a mapping file) makes ``from_path`` a CSV/XLSX sheet read as a source
    of its own, named after the mapping: its records missing from the next refresh are marked missing.
    A source whose input files are unchanged since the last committed run (content fingerprint) is not read
    again, and adoption linking and matching run again only when records, decisions or models changed;
    ``force`` reads and computes everything. ``workers`` processes run inference and matching, and parse the ISO/IEC
    archives (0: one per core). ``progress`` receives the stages as they go.
    Raises CatalogError (CatalogBusy when another process holds the catalogue) when nothing was committed;
    problems after the commit are in ``after_commit_errors`` of the returned report.
    """
    db_path = Path(db_path)
    root = Path(from_path) if from_path is not None else None
    plan = plan_sources(sources, root, mapping)
    if mapping is not None:
        options = {**(options or {}), plan[0][0]: {"mapping": mapping, "source": plan[0][0]}}
    check_report_path(report)
    run = RunReport(run_id=None, db=str(db_path), started_at=utcnow())
    if from_path is not None and not sources:
        run.unread_files = unread_files(Path(from_path), plan)
        if run.unread_files:
            shown = ", ".join(run.unread_files[:5]) + (", ..." if len(run.unread_files) > 5 else "")
            log.warning(
                "%d files under %s are read by no source (new files, or known ones in a changed layout?): %s",
                len(run.unread_files),
                from_path,
                shown,
            )
    described = [{"source": n, "paths": [str(p) for p in ps]} for n, _, ps in plan]
    base = root if root is not None and root.is_dir() else None

    def body(catalog: Catalog) -> None:
        if mapping is not None:  # the sheet is a source of its own, described in the sources table
            catalog.register_sources([plan[0][1].source_description(plan[0][1].load_mapping(mapping))])
        for name, module, paths in plan:
            fingerprint = source_fingerprint(paths, base)
            if fingerprint and not force and catalog.input_fingerprint(f"source:{name}") == fingerprint.digest:
                run.sources.append(_unchanged_source(catalog, name, paths))
                Stage(progress, "read", name, unit="files").finish("input files unchanged, not read again")
                continue
            stage = Stage(progress, "read", name)
            items = counted(extract_each(module, paths, _source_options(module, name, options, workers), name), stage)
            part = _import_source(catalog, run, name, items, [str(p) for p in paths], full=True)
            up = part.upsert
            stage.finish(
                f"{part.records:,} records, {part.quarantined:,} quarantined ({part.quarantined_new:,} new); "
                f"new {up.get('new', 0):,}, changed {up.get('changed', 0):,}, missing {up.get('missing', 0):,}",
                part.records,
            )
            if fingerprint:
                catalog.remember_input(
                    f"source:{name}", fingerprint.digest, run.run_id, files=fingerprint.files, size=fingerprint.size
                )
        run.by_country = catalog.standards_by_country()
        run.totals = source_totals(run.sources)
        state = matching_fingerprint(catalog.matching_state(), with_matching=match)
        if not force and catalog.input_fingerprint("matching") == state:
            Stage(progress, "match", None, unit="steps").finish("records, decisions and models unchanged: not re-run")
            run.match = {"skipped": "records, decisions and models unchanged since the last run"}
            return
        stage = Stage(progress, "hub", None, unit="links")
        run.hub = catalog.link_adoptions()
        stage.finish(", ".join(f"{k} {v:,}" for k, v in run.hub.items()))
        if match:
            run.match = match_catalog(catalog, run_id=run.run_id, workers=workers, progress=progress).to_dict()
            catalog.remember_input("matching", state, run.run_id)

    _run_atomically(db_path, "refresh", described, body, run, report, progress)
    return run


def _source_options(module: Any, name: str, options: dict[str, Any] | None, workers: int) -> dict[str, Any]:
    """The options of one source's ``extract``: those given for it, and the run's ``workers`` for a source that
    parses its files in worker processes (``PARSES_IN_WORKERS``, the ISO/IEC archives)."""
    given = dict((options or {}).get(name, {}))
    if getattr(module, "PARSES_IN_WORKERS", False):
        given.setdefault("workers", workers)
    return given


def load_file(
    db_path: str | Path, path: str | Path, *, source: str | None = None, report: str | Path | None = None
) -> tuple[RunReport, list[Any]]:
    """Load one interchange JSON Lines file as a source (additive: records absent from it are kept)."""
    db_path, path = Path(db_path), Path(path)
    if not path.exists():
        raise CatalogError(f"{path}: no such file")
    check_report_path(report)
    module = get_source("jsonl")
    name = source or "jsonl"
    run = RunReport(run_id=None, db=str(db_path), started_at=utcnow())
    bad: list[Any] = []

    def body(catalog: Catalog) -> None:
        _import_source(catalog, run, name, extract_each(module, [path], {}, name), [str(path)], full=False, bad=bad)
        run.by_country = catalog.standards_by_country()
        run.totals = source_totals(run.sources)
        run.hub = catalog.link_adoptions()

    _run_atomically(db_path, "load", [{"source": name, "paths": [str(path)]}], body, run, report)
    return run, bad


def _run_atomically(
    db_path: Path,
    kind: str,
    described: list[dict[str, Any]],
    body: Any,
    run: RunReport,
    report: str | Path | None,
    progress: ProgressCallback = ignore,
) -> None:
    """Lock, run ``body(catalog)`` in one transaction with the run row, then the after-commit steps."""
    try:
        with CatalogLock(db_path), Catalog(db_path) as catalog:
            try:
                with catalog.transaction():
                    catalog.register_sources(source_descriptions())
                    run.run_id = catalog.start_run(kind, described)
                    body(catalog)
                    run.status = "partial" if run.totals.get("quarantined_new") else "success"
                    run.finished_at = utcnow()
                    catalog.finish_run(run.run_id, run.status, run_counts(run))
            except Exception as exc:
                _record_failure(catalog, kind, described, run, exc)
                raise
    except Exception as exc:
        _fail(kind, run, exc, report, db_path)
    _after_commit(run, report, db_path, progress)


def _import_source(
    catalog: Catalog,
    run: RunReport,
    name: str,
    items: Iterable[Any],
    paths: list[str],
    *,
    full: bool,
    bad: list[Any] | None = None,
) -> SourceReport:
    """Upsert one source's records and its quarantine inside the run's transaction."""
    bad = [] if bad is None else bad
    result = catalog.upsert_records(_records_only(items, bad), source=name, run_id=run.run_id, full=full)
    if result.seen == 0:
        reasons = "; ".join(f"{c} x {r}" for r, c in Counter(reason_kind(q.reason) for q in bad).most_common(3))
        raise SourceError(
            ", ".join(paths),
            f"source {name!r} read no record at all"
            f"{f' ({len(bad)} quarantined: {reasons})' if bad else ''}; "
            f"nothing is imported rather than every standard of {name!r} marked missing",
        )
    store = catalog.replace_quarantine if full else catalog.add_quarantine
    quarantine = store(name, run.run_id, bad)
    part = SourceReport(
        name,
        paths,
        result.seen,
        len(bad),
        dict(Counter(reason_kind(q.reason) for q in bad).most_common()),
        result.to_dict(),
        len(quarantine.new),
        len(quarantine.known),
    )
    part.new_items = [report_item(q) for q in quarantine.new[:REPORT_ITEMS]]
    part.known_reasons = dict(Counter(reason_kind(q.reason) for q in quarantine.known).most_common())
    part.by_country = country_counts(result.by_country, bad)
    run.sources.append(part)
    log.info("%s: %d records, %d quarantined (%d new)", name, part.records, part.quarantined, part.quarantined_new)
    return part


def _unchanged_source(catalog: Catalog, name: str, paths: Sequence[Path]) -> SourceReport:
    """The report of a source not read again: its standards and its quarantine stay as the last run left them
    (the quarantined items are known ones)."""
    part = SourceReport(name, [str(p) for p in paths], unchanged_input=True)
    part.known_reasons = dict(Counter(reason_kind(r) for r in catalog.quarantine_reasons(name)).most_common())
    part.quarantined = part.quarantined_known = sum(part.known_reasons.values())
    part.reasons = dict(part.known_reasons)
    return part


def _record_failure(
    catalog: Catalog, kind: str, described: list[dict[str, Any]], run: RunReport, exc: Exception
) -> None:
    """Mark the run failed and, where the catalogue can still be written, record a failed-run row."""
    run.status, run.message, run.finished_at = "failed", failure_reason(exc), utcnow()
    run.busy = isinstance(exc, CatalogBusy)
    if run.busy:
        return  # another writer holds the file: there is nothing to record the failure in
    try:
        with catalog.transaction():
            run.run_id = catalog.start_run(kind, described)
            catalog.finish_run(run.run_id, "failed", {}, run.message)
    except CatalogError as again:
        log.warning("the failed %s could not be recorded in the runs table: %s", kind, again)
        run.run_id = None
        run.message += f" (the failed run could not be recorded either: {again})"


def _fail(kind: str, run: RunReport, exc: Exception, report: str | Path | None, db_path: Path) -> None:
    """Write the failure report (best effort) and raise the error that says the catalogue is unchanged."""
    if run.status != "failed":  # failed before the transaction: the lock or opening the file
        run.status, run.message, run.finished_at = "failed", failure_reason(exc), utcnow()
        run.busy = isinstance(exc, CatalogBusy)
    try:
        write_report(run, report, db_path)
    except OSError as report_error:
        log.warning("the failure report could not be written to %s: %s", report, report_error)
    error = type(exc) if isinstance(exc, CatalogBusy) else CatalogBusy if run.busy else CatalogError
    raise error(f"{kind} failed, the catalogue is unchanged: {run.message}") from exc


def failure_reason(exc: BaseException) -> str:
    """The sentence that explains a failed run: the library's own message, SQLite's or the system's words."""
    if isinstance(exc, StandardsError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        return f"database error: {exc}"
    if isinstance(exc, OSError):
        return f"{exc.filename or 'file system'}: {exc.strerror or exc}"
    log.error("unexpected error in the run", exc_info=exc)
    return f"unexpected {type(exc).__name__}: {exc} (a bug; the traceback is in the log)"


def _after_commit(
    run: RunReport, report: str | Path | None, db_path: Path, progress: ProgressCallback = ignore
) -> None:
    """Coverage counts and the report: the data is committed, so a failure here is reported, not raised."""
    stage = Stage(progress, "coverage", None, unit="counts")
    try:
        _refresh_coverage(db_path)
    except (CatalogError, sqlite3.Error, OSError) as exc:
        run.after_commit_errors.append(f"the coverage counts were not recomputed: {exc}")
    stage.finish("recomputed" if not run.after_commit_errors else "failed")
    try:
        write_report(run, report, db_path)
    except OSError as exc:
        run.after_commit_errors.append(f"the run report could not be written to {report}: {exc.strerror or exc}")
    for problem in run.after_commit_errors:
        log.error("after the commit: %s", problem)


def _refresh_coverage(db_path: Path) -> None:
    """Recompute the published coverage counts (country x ICS field, sectors) after the data changed."""
    update_coverage(db_path)


__all__ = [
    "EXIT_AFTER_COMMIT",
    "EXIT_BUSY",
    "EXIT_CODES",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_QUARANTINED",
    "CatalogLock",
    "RunReport",
    "SourceReport",
    "check_report_path",
    "failure_reason",
    "load_file",
    "plan_sources",
    "refresh",
    "unread_files",
]
