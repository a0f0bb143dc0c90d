"""Export the catalogue's standards as interchange JSON Lines or CSV.

What an export leaves out (use ``standards backup`` for a lossless copy of the whole catalogue): the committee's
reviews and adoption reviews, review flags, suggestions, runs, the change log, the quarantine, each source's own
record (``standard_sources``: an export holds the merged record, attributed to its highest-precedence source)
and the bookkeeping columns (``sources``, ``first_run``, ``updated_run``, ``missing``, ``sample``). Loading an
export gives the same standards, titles, codes and adoptions, read as one source.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from standards_lib.records import StandardRecord
from standards_lib.spreadsheet import write_csv

CSV_COLUMNS = (
    "canonical",
    "designation",
    "country",
    "body",
    "kind",
    "status",
    "title_zh",
    "title_en",
    "title_ru",
    "title_pt",
    "published",
    "effective",
    "withdrawn",
    "ics",
    "ccs",
    "adoptions",
    "replaces",
    "replaced_by",
    "source",
    "source_url",
)


def export_jsonl(records: Iterable[StandardRecord], stream: IO[str]) -> int:
    """Write records in the interchange form (loading the file again gives the same records)."""
    count = 0
    for record in records:
        stream.write(record.to_json() + "\n")
        count += 1
    return count


def export_csv(records: Iterable[StandardRecord], stream: IO[str]) -> int:
    """Write one CSV row per standard; lists are joined with '; ', adoptions as 'REF (DEGREE)'.

    Cells that a spreadsheet would run as a formula are neutralised (:func:`standards_lib.spreadsheet.safe_cell`)."""
    return write_csv(stream, CSV_COLUMNS, (_csv_row(r) for r in records))


def _csv_row(r: StandardRecord) -> dict[str, object]:
    return {
        "canonical": r.canonical,
        "designation": r.designation,
        "country": r.country,
        "body": r.body,
        "kind": r.kind,
        "status": r.status,
        **{f"title_{lang}": r.titles.get(lang) for lang in ("zh", "en", "ru", "pt")},
        "published": r.published,
        "effective": r.effective,
        "withdrawn": r.withdrawn,
        "ics": "; ".join(r.ics),
        "ccs": "; ".join(r.ccs),
        "adoptions": "; ".join(f"{a.ref} ({a.degree})" for a in r.adoptions),
        "replaces": "; ".join(r.replaces),
        "replaced_by": "; ".join(r.replaced_by),
        "source": r.source,
        "source_url": r.source_url,
    }


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
