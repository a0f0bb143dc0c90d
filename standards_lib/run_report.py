"""The run report of a refresh or a load: what each source read, quarantined and changed, with the exit code.

:class:`RunReport` is what :func:`standards_lib.pipeline.refresh` and :func:`~standards_lib.pipeline.load_file`
return and write as JSON (``--report``); :data:`EXIT_CODES` says what each exit code of ``refresh`` and
``load`` means (the README's table says the same).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .errors import CatalogError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_QUARANTINED = 3
EXIT_BUSY = 4
EXIT_AFTER_COMMIT = 5

#: exit code -> what it means, for ``refresh`` and ``load`` (the README's table says the same; 2 is click's usage error)
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "committed; no newly quarantined record (records quarantined in earlier runs may remain)",
    EXIT_FAILED: "failed: the catalogue is unchanged (the error says why)",
    2: "usage error (unknown option, missing --from): nothing was done",
    EXIT_QUARANTINED: "committed, and some records were quarantined for the first time (see the report)",
    EXIT_BUSY: "the catalogue is busy (another refresh or writer holds it): nothing was done, try again later",
    EXIT_AFTER_COMMIT: "committed, but a step after the commit failed (coverage counts or the report file)",
}
#: quarantined items listed one by one in the report (beyond that, counts by reason)
REPORT_ITEMS = 200


@dataclass
class SourceReport:
    """One source's part of a run: files read, records, quarantine (new and known) and what the upsert did."""

    name: str
    paths: list[str]
    records: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    upsert: dict[str, Any] = field(default_factory=dict)
    quarantined_new: int = 0
    quarantined_known: int = 0
    new_items: list[dict[str, str]] = field(default_factory=list)
    known_reasons: dict[str, int] = field(default_factory=dict)
    #: the source's input files were unchanged since the last committed run, so they were not read again
    unchanged_input: bool = False
    #: country -> {"records": read, "quarantined": n} (quarantined rows that named no country under "unknown")
    by_country: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class RunReport:
    """The JSON run report of a refresh or load."""

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
    busy: bool = False
    after_commit_errors: list[str] = field(default_factory=list)
    unread_files: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.status == "failed":
            return EXIT_BUSY if self.busy else EXIT_FAILED
        if self.after_commit_errors:
            return EXIT_AFTER_COMMIT
        return EXIT_QUARANTINED if self.totals.get("quarantined_new") else EXIT_OK

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["exit_code"] = self.exit_code
        data["exit_meaning"] = EXIT_CODES[self.exit_code]
        return data


def check_report_path(report: str | Path | None) -> None:
    """CatalogError, before anything is done, when the report file cannot be written."""
    if report is None:
        return
    path = Path(report)
    if path.is_dir():
        raise CatalogError(f"--report {path} is a directory; give a file name: nothing was done")
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise CatalogError(f"cannot write the run report {path}: {exc.strerror or exc}; nothing was done") from exc


def country_counts(records: dict[str, int], bad: list[Any]) -> dict[str, dict[str, int]]:
    """Records read and items quarantined per country (``unknown`` for items that named none)."""
    quarantined = Counter(getattr(q, "country", "") or "unknown" for q in bad)
    countries = sorted(set(records) | set(quarantined))
    return {c: {"records": int(records.get(c, 0)), "quarantined": quarantined.get(c, 0)} for c in countries}


class QuarantinedItem(Protocol):
    """What the report reads of a quarantined item (:class:`standards_lib.scrapers.base.Quarantined`)."""

    location: str
    reason: str


def report_item(q: QuarantinedItem) -> dict[str, str]:
    return {"location": q.location, "reason": q.reason}


def source_totals(parts: list[SourceReport]) -> dict[str, int]:
    keys = ("new", "changed", "unchanged", "missing", "changes", "flagged")
    totals = {k: sum(int(p.upsert.get(k, 0)) for p in parts) for k in keys}
    totals["records"] = sum(p.records for p in parts)
    totals["quarantined"] = sum(p.quarantined for p in parts)
    totals["quarantined_new"] = sum(p.quarantined_new for p in parts)
    totals["quarantined_known"] = sum(p.quarantined_known for p in parts)
    return totals


def run_counts(run: RunReport) -> dict[str, Any]:
    return {
        "totals": run.totals,
        "by_country": run.by_country,
        "sources": {
            p.name: {"records": p.records, "quarantined": p.quarantined, "quarantined_new": p.quarantined_new}
            for p in run.sources
        },
        "match": run.match,
    }


def write_report(run: RunReport, report: str | Path | None, db_path: Path) -> None:
    run.db_bytes = db_path.stat().st_size if db_path.exists() else None
    if report:
        Path(report).write_text(json.dumps(run.to_dict(), ensure_ascii=False, indent=2), "utf-8")


__all__ = [
    "EXIT_AFTER_COMMIT",
    "EXIT_BUSY",
    "EXIT_CODES",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_QUARANTINED",
    "REPORT_ITEMS",
    "RunReport",
    "SourceReport",
    "check_report_path",
    "country_counts",
    "report_item",
    "run_counts",
    "source_totals",
    "write_report",
]
