"""The bundled sample catalogue: about 70 well-known standards written by the project from public facts.

``standards_lib/data/sample_catalog.jsonl`` holds the records (interchange form, ``extra.sample =
true``, ``source = "sample"``); :func:`build_sample_catalog` turns them into a catalogue with
suggested equivalents, which is what ``standards serve`` publishes when no catalogue exists yet and
what ``catalog.db`` at the repository root contains.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from standards_lib.errors import CatalogError
from standards_lib.interchange import read_jsonl
from standards_lib.records import StandardRecord

log = logging.getLogger(__name__)

SAMPLE_RESOURCE = "sample_catalog.jsonl"
SAMPLE_SOURCE = "sample"


@dataclass(slots=True)
class SampleBuild:
    """What building the sample catalogue did."""

    path: Path
    records: int
    new: int
    suggestions: int
    matched: bool
    countries: dict[str, int] = field(default_factory=dict)


def sample_text() -> str:
    """The bundled sample JSON Lines text."""
    return resources.files("standards_lib").joinpath("data", SAMPLE_RESOURCE).read_text(encoding="utf-8")


def sample_records() -> list[StandardRecord]:
    """The bundled sample records; ``CatalogError`` naming the line when one is invalid (a packaging bug)."""
    records = []
    for record, error, location in read_jsonl(sample_text().splitlines(), source=SAMPLE_SOURCE, name=SAMPLE_RESOURCE):
        if record is None:
            raise CatalogError(f"bundled sample {location}: {error}")
        record.extra["sample"] = True
        records.append(record)
    return records


def build_sample_catalog(db_path: str | Path, *, match: bool = True, replace: bool = False) -> SampleBuild:
    """Build a catalogue at ``db_path`` from the bundled sample (and suggest equivalents when ``match``).

    An existing file is refused unless ``replace`` (then it is deleted first), so a real catalogue is
    never mixed with sample rows by accident.
    """
    from standards_lib.catalog import Catalog

    path = Path(db_path)
    if path.exists():
        if not replace:
            raise CatalogError(f"{path} already exists; pass replace=True (--replace) to rebuild it from the sample")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    records = sample_records()
    countries: dict[str, int] = {}
    for record in records:
        countries[record.country] = countries.get(record.country, 0) + 1
    suggestions = 0
    with Catalog(path) as catalog:
        result = catalog.upsert_records(records, source=SAMPLE_SOURCE)
        if match:
            from standards_lib.catalog_matching import match_catalog

            summary = match_catalog(catalog)
            suggestions = _count(summary, "suggestions")
    from .prepare import prepare_for_publishing

    prepare_for_publishing(path)
    new = _count(result, "new")
    log.info("built sample catalogue %s: %d records, %d suggestions", path, len(records), suggestions)
    return SampleBuild(
        path=path, records=len(records), new=new, suggestions=suggestions, matched=match, countries=countries
    )


def _count(result: Any, name: str) -> int:
    value = getattr(result, name, None)
    if value is None and isinstance(result, dict):
        value = result.get(name)
    if isinstance(value, (list, tuple, set)):
        return len(value)
    return int(value or 0)


def sample_differences(db_path: str | Path) -> list[str]:
    """How the catalogue at ``db_path`` differs from the bundled sample (empty when it is up to date).

    Compares every record's titles, status, dates, ICS, adoptions and replacements, and reports
    records present on one side only. The file is opened read-only and is never modified.
    """
    path = Path(db_path)
    if not path.exists():
        return [f"{path} does not exist"]
    expected = {r.canonical: _comparable(r) for r in sample_records()}
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            actual = _catalogue_comparables(conn)
    except sqlite3.Error as exc:
        return [f"{path} is not a readable catalogue: {exc}"]
    problems = [f"missing from the catalogue: {i}" for i in sorted(set(expected) - set(actual))]
    problems += [f"not in the sample: {i}" for i in sorted(set(actual) - set(expected))]
    for ident in sorted(set(expected) & set(actual)):
        for key, value in expected[ident].items():
            if actual[ident].get(key) != value:
                problems.append(f"{ident}: {key} is {actual[ident].get(key)!r}, the sample says {value!r}")
    return problems


def _comparable(record: StandardRecord) -> dict[str, Any]:
    return {
        "titles": dict(sorted(record.titles.items())),
        "status": record.status,
        "published": record.published,
        "effective": record.effective,
        "ics": sorted(record.ics),
        "adoptions": sorted((a.ref, a.degree) for a in record.adoptions),
        "replaces": sorted(record.replaces),
        "replaced_by": sorted(record.replaced_by),
    }


def _catalogue_comparables(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    conn.row_factory = sqlite3.Row
    ics: dict[str, list[str]] = {}
    for row in conn.execute("select standard_id, ics_code from standard_ics"):
        ics.setdefault(row[0], []).append(row[1])
    adoptions: dict[str, list[tuple[str, str]]] = {}
    for row in conn.execute("select standard_id, ref, degree from adoptions"):
        adoptions.setdefault(row[0], []).append((row[1], row[2]))
    result = {}
    for row in conn.execute("select id, titles, status, published, effective, replaces, replaced_by from standards"):
        result[row["id"]] = {
            "titles": dict(sorted((json.loads(row["titles"] or "{}") or {}).items())),
            "status": row["status"],
            "published": row["published"],
            "effective": row["effective"],
            "ics": sorted(ics.get(row["id"], [])),
            "adoptions": sorted(adoptions.get(row["id"], [])),
            "replaces": sorted(json.loads(row["replaces"] or "[]") or []),
            "replaced_by": sorted(json.loads(row["replaced_by"] or "[]") or []),
        }
    return result
