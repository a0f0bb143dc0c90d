"""The csres-style CSV list of Chinese standards (as scraped from csres.com by laokevincn/standard_scrapting).

Columns supported (header names as in the real file, UTF-8 with or without BOM, comma-separated):

- ``std_num``: the designation (GB, GB/T, GB/Z, sector, local DBxx and group standards);
- ``title_zh``: the Chinese title;
- ``department``: the issuing or responsible department (kept in ``extra``);
- ``implement_date``: the date of entry into force (``effective``);
- ``status``: 现行 / 作废 / 废止 / 即将实施 / 被代替 through the status vocabulary;
- ``url``: the csres detail page (``source_url``); ``updated_at``: when the list was scraped (``fetched_at``).

Some titles are written twice in a row in the list (``光伏器件 第1部分： ...测量光伏器件 第1部分：...测量``,
13 rows): :func:`undouble` keeps one copy and the record notes ``extra["title_repeated_in_source"]``.

A row that cannot be used is quarantined with ``file#row N`` (N counts data rows from 1) and its reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from standards_lib.errors import SourceError

from .base import Item, Quarantined, build_record, excerpt
from .textfiles import check_options, decode, iter_files, read_bounded

NAME = "csres"
DESCRIPTION = "csres-style CSV list of Chinese standards (std_num, title_zh, department, implement_date, status, url)"
TITLE = "csres.com list of Chinese standards (laokevincn/standard_scrapting)"
URL = "https://github.com/laokevincn/standard_scrapting"
LICENCE = "none stated: public catalogue metadata, used as test data"

REQUIRED = ("std_num", "title_zh", "status")


def discover(root: Path) -> list[Path]:
    """CSV files under ``root`` whose header is the csres layout."""
    found = []
    for path in sorted(Path(root).rglob("*.csv")):
        with path.open("rb") as fh:
            head = fh.readline().decode("utf-8-sig", "replace")
        if head.startswith("std_num,") and "title_zh" in head:
            found.append(path)
    return found


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from csres CSV files; a file that is not in the layout gives one Quarantined entry."""
    check_options("csres.extract", options)
    for path in iter_files(paths, (".csv",)):
        try:
            yield from parse_csv(read_bounded(path), str(path))
        except SourceError as exc:
            yield Quarantined(NAME, exc.location, exc.reason, "")


def undouble(title: str) -> str | None:
    """The title once, when the text is the same title written twice (spacing aside); None otherwise."""
    compact = "".join(title.split())
    half = len(compact) // 2
    if len(compact) < 6 or len(compact) % 2 or compact[:half] != compact[half:]:
        return None
    for cut in range(1, len(title)):
        if "".join(title[cut:].split()) == compact[half:] and "".join(title[:cut].split()) == compact[:half]:
            return title[cut:].strip()
    return None


def parse_csv(content: bytes, location: str) -> Iterator[Item]:
    """Pure parsing: records from the bytes of one csres CSV file."""
    text, _ = decode(content, location, ("utf-8-sig", "gb18030"))
    reader = csv.DictReader(io.StringIO(text))
    try:
        missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise SourceError(location, f"not readable as CSV: {exc}") from None
    if missing:
        raise SourceError(location, f"not a csres list: missing column(s) {', '.join(missing)}")
    try:
        yield from _rows(reader, location)
    except csv.Error as exc:
        raise SourceError(location, f"not readable as CSV after line {reader.line_num}: {exc}") from None


def _rows(reader: csv.DictReader, location: str) -> Iterator[Item]:
    for number, row in enumerate(reader, 1):
        where = f"{location}#row {number}"
        designation = (row.get("std_num") or "").strip()
        if not designation:
            yield Quarantined(NAME, where, "empty std_num (no designation)", excerpt(row))
            continue
        title = row.get("title_zh") or ""
        once = undouble(title)
        extra: dict[str, object] = {}
        if (row.get("department") or "").strip():
            extra["department"] = row["department"].strip()
        if once:
            extra["title_repeated_in_source"] = True
        data = {
            "designation": designation,
            "titles": {"zh": once or title} if title else {},
            "status": row.get("status") or None,
            "effective": (row.get("implement_date") or "").strip() or None,
            "source_url": (row.get("url") or "").strip() or None,
            "fetched_at": (row.get("updated_at") or "").strip() or None,
            "extra": extra,
        }
        yield build_record(data, source=NAME, location=where)
