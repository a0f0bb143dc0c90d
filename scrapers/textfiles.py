"""Helpers shared by the file sources: file walking, text decoding, CSV sniffing, dates.

Used by :mod:`relaton`, :mod:`rosstandart`, :mod:`tabular`, :mod:`bis` and :mod:`jsonl`. Every
function here raises :class:`~standards_lib.errors.SourceError` naming the file for bad input.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from standards_lib.errors import SourceError
from standards_lib.interchange import native_date
from standards_lib.limits import MAX_FILE_BYTES, MAX_JSON_DEPTH, json_depth

#: Encodings tried in order when a file's encoding is "auto" (UTF-8 with or without BOM first).
RUSSIAN_ENCODINGS = ("utf-8-sig", "cp1251")
WESTERN_ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = ";,\t|"


def check_options(where: str, options: Mapping[str, Any]) -> None:
    """TypeError (a programmer error) for options a source does not take; options a generic caller left at
    None are ignored, so one command can pass the same keywords to every source."""
    given = [name for name, value in options.items() if value is not None]
    if given:
        raise TypeError(f"{where} does not take the option(s) {', '.join(given)}")


def iter_files(paths: Sequence[Path | str], suffixes: Iterable[str]) -> Iterator[Path]:
    """The files among ``paths``; directories are walked recursively for the given suffixes, in sorted order.

    A path that does not exist raises :class:`SourceError` (a typo on the command line is not bad data).
    """
    wanted = tuple(s.lower() for s in suffixes)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(wanted))
        elif path.is_file() or path.is_fifo():  # a named pipe is read as a file
            yield path
        else:
            raise SourceError(str(path), "no such file or directory")


def decode(data: bytes, location: str, encodings: Sequence[str] = WESTERN_ENCODINGS) -> tuple[str, str]:
    """Decode bytes trying ``encodings`` in order; returns ``(text, encoding)``.

    Single-byte code pages accept any byte, so a code page is only used when the text it gives is
    plausible (no C1 control characters); otherwise the error names the encodings tried.
    """
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding.startswith("utf") or not re.search(r"[\x80-\x9f]", text):
            return text, encoding
    raise SourceError(location, f"cannot decode the file as text (tried {', '.join(encodings)})")


def sniff_delimiter(text: str, location: str, candidates: str = DELIMITERS) -> str:
    """The field delimiter of a CSV text: the candidate found most consistently on the first lines."""
    lines = [line for line in text.splitlines()[:20] if line.strip() and not line.startswith("#")]
    if not lines:
        raise SourceError(location, "the file is empty (no header line)")
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=candidates).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in candidates}
        best = max(counts, key=lambda d: counts[d])
        if counts[best] == 0:
            raise SourceError(location, f"cannot find the field delimiter (tried {candidates!r})") from None
        return best


def csv_rows(text: str, delimiter: str, *, header_row: int = 1) -> Iterator[tuple[int, list[str]]]:
    """``(line_number, cells)`` for each CSV row; leading lines starting with ``#`` (labels, comments) are skipped
    before the header. ``header_row`` is the 1-based number of the header among the remaining lines."""
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].startswith("#"):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:])), delimiter=delimiter)
    seen = 0
    for cells in reader:
        seen += 1
        if seen < header_row:
            continue
        yield skipped + reader.line_num, cells


_RU_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s.*)?$")


def day_first_date(value: object, location: str, field: str) -> str | None:
    """A date written day first (``01.07.2016``, ``01/07/2016``) or ISO, as ``YYYY-MM-DD``; None when empty."""
    if value is None:
        return None
    if native := native_date(value):
        return native
    text = str(value).strip()
    if not text:
        return None
    m = _RU_DATE.match(text)
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            raise SourceError(location, f"field {field!r}: {text!r} is not a date") from None
    return text  # ISO dates and bare years are checked by record_from_dict


def clean(value: object) -> str:
    """A cell as single-spaced text ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def load_json(text: str | bytes, location: str) -> Any:
    """Parse a JSON document; SourceError naming the file for invalid JSON, numbers too long for Python,
    nesting beyond :data:`~standards_lib.limits.MAX_JSON_DEPTH` levels (plus the list and the record) or a
    document beyond :data:`~standards_lib.limits.MAX_FILE_BYTES`."""
    if len(text) > MAX_FILE_BYTES:
        raise SourceError(location, f"document of {len(text):,} bytes, more than the limit of {MAX_FILE_BYTES:,}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(location, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise SourceError(location, "invalid JSON: nested too deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(location, f"invalid JSON: {str(exc).split(';')[0]}") from None
    if json_depth(data, MAX_JSON_DEPTH + 2) > MAX_JSON_DEPTH + 2:
        raise SourceError(location, f"JSON nested more than {MAX_JSON_DEPTH + 2} levels deep")
    return data


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file read whole, refused (SourceError naming it) beyond ``limit`` bytes; a named pipe is
    read in chunks up to the limit (no buffer of the limit's size is allocated up front)."""
    chunks: list[bytes] = []
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise SourceError(str(path), f"file larger than the limit of {limit:,} bytes for a file read whole")
    return b"".join(chunks)
