"""ISO Open Data deliverables metadata (``iso_deliverables_metadata.jsonl`` rows, or one row as JSON).

Fields supported: ``reference`` (the designation, e.g. ``ISO 9001:2015``, ``ISO/IEC 19566-7:2022/Amd 1:2025``),
``publicationDate``, ``icsCode``, ``currentStage`` (harmonized stage code: 60.60 published and 90.xx
reviewed are current, 95.99 withdrawn, stages below 60 are drafts), ``edition``, ``deliverableType``,
``supplementType``, ``ownerCommittee``, ``languages`` and ``id`` (kept in ``extra``; the catalogue page
``https://www.iso.org/standard/<id>.html`` is the source URL). The open data carries no titles.
Licence: ISO Open Data, ODC-By 1.0 (attribution to ISO).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from standards_lib.errors import SourceError

from .base import Item, Quarantined, build_record, excerpt
from .textfiles import check_options, iter_files, load_json, read_bounded

NAME = "iso"
DESCRIPTION = "ISO Open Data deliverables metadata (JSON Lines rows or one JSON row): international standards"
TITLE = "ISO Open Data: deliverables metadata"
URL = "https://www.iso.org/open-data.html"
LICENCE = "ODC-By 1.0 (Open Data Commons Attribution); © ISO"


def stage_status(stage: Any) -> str | None:
    """The catalogue status of an ISO harmonized stage code (6060 -> current, 9599 -> withdrawn)."""
    try:
        code = int(stage)
    except (TypeError, ValueError, OverflowError):
        return None
    if code >= 9599:
        return "withdrawn"
    if code >= 6060:
        return "current"
    return "draft"


def discover(root: Path) -> list[Path]:
    """JSON / JSON Lines files under ``root`` whose first row has ISO's ``reference`` and ``deliverableType``."""
    found = []
    for path in sorted(Path(root).rglob("*.json*")):
        with path.open("rb") as fh:
            head = fh.read(4096)
        if b'"deliverableType"' in head and b'"reference"' in head:
            found.append(path)
    return found


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    check_options("iso.extract", options)
    for path in iter_files(paths, (".json", ".jsonl")):
        yield from parse_rows(read_bounded(path), str(path))


def parse_rows(content: bytes, location: str) -> Iterator[Item]:
    """Records from the bytes of one file: one JSON object, or one object a line."""
    text = content.decode("utf-8-sig", "replace")
    try:
        whole = load_json(text, location)
        rows: list[tuple[str, Any]] = (
            [(location, whole)]
            if isinstance(whole, Mapping)
            else [(f"{location}#row {i}", r) for i, r in enumerate(whole if isinstance(whole, list) else [whole], 1)]
        )
    except SourceError:
        rows = [(f"{location}:{i}", line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    for where, row in rows:
        if isinstance(row, str):
            try:
                row = load_json(row, where)
            except SourceError as exc:
                yield Quarantined(NAME, where, exc.reason, excerpt(row))
                continue
        if not isinstance(row, Mapping) or not row.get("reference"):
            yield Quarantined(NAME, where, "not an ISO deliverable row (no 'reference')", excerpt(row))
            continue
        data = {
            "designation": row["reference"],
            "status": stage_status(row.get("currentStage")),
            "published": row.get("publicationDate") or None,
            "ics": list(row.get("icsCode") or []),
            "source_url": f"https://www.iso.org/standard/{row['id']}.html" if row.get("id") else None,
            "extra": {
                k: row[k]
                for k in (
                    "id",
                    "edition",
                    "deliverableType",
                    "supplementType",
                    "ownerCommittee",
                    "currentStage",
                    "languages",
                )
                if row.get(k) is not None
            },
        }
        yield build_record(data, source=NAME, location=where)
