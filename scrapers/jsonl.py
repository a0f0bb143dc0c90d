"""Interchange JSON Lines: one record a line, in the input form of ``record_from_dict`` (see the README).

Reading goes line by line through :func:`standards_lib.interchange.read_jsonl_line`; a bad line (invalid JSON,
too long, nested too deep, a missing or wrong field, a value beyond the limits of :mod:`standards_lib.limits`)
is quarantined as ``file:line`` and the file goes on. Writing is :func:`standards_lib.records.write_jsonl`.
A record's own ``source`` field is kept (records exported from another source stay attributed to it); lines
without one get ``jsonl``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from standards_lib.interchange import read_jsonl_line
from standards_lib.limits import MAX_LINE_BYTES

from .base import Item, Quarantined
from .textfiles import check_options, iter_files

log = logging.getLogger(__name__)

NAME = "jsonl"
DESCRIPTION = "Interchange JSON Lines files (one record a line, as written by 'standards extract')"
TITLE = "Interchange JSON Lines"
URL = ""
LICENCE = "as of the records' own sources"

SUFFIXES = (".jsonl", ".ndjson")


def discover(root: Path) -> list[Path]:
    """The ``.jsonl`` / ``.ndjson`` files under ``root`` whose first record has a ``designation`` (interchange form)."""
    return sorted(
        p for p in Path(root).rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES) and _interchange(p)
    )


def _interchange(path: Path) -> bool:
    """Whether the first non-blank line (looked for in the first 64 KiB only) names a ``designation``."""
    with path.open("rb") as fh:
        head = fh.read(65536)
    for line in head.split(b"\n"):
        if line.strip():
            return b'"designation"' in line
    return False


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from JSON Lines files (directories are walked for .jsonl/.ndjson), read line by line."""
    check_options("jsonl.extract", options)
    for path in iter_files(paths, SUFFIXES):
        with path.open("rb") as stream:
            yield from parse_stream(stream, str(path))


def parse_lines(content: bytes, name: str) -> Iterator[Item]:
    """Records of one JSON Lines document given as bytes, in line order; bad lines are quarantined one by one."""
    return parse_stream(io.BytesIO(content), name)


def parse_stream(stream: BinaryIO, name: str) -> Iterator[Item]:
    """Records of a JSON Lines byte stream (a file, a pipe), one line at a time: memory stays bounded by the
    longest line allowed (:data:`~standards_lib.limits.MAX_LINE_BYTES`); a longer line is skipped and quarantined."""
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        location = f"{name}:{number}"
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            skipped = len(raw) + _skip_line(stream)
            yield Quarantined(
                NAME,
                location,
                f"line of {skipped} bytes or more, longer than the limit of {MAX_LINE_BYTES}: not read",
                raw[:200].decode("utf-8", "replace"),
            )
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield Quarantined(
                NAME, location, f"not UTF-8 text (byte {exc.start})", raw[:200].decode("utf-8", "replace")
            )
            continue
        if not line.strip():
            continue
        record, reason, _ = read_jsonl_line(line, location, source=NAME)
        yield record if record is not None else Quarantined(NAME, location, reason or "unreadable line", line[:500])


def _skip_line(stream: BinaryIO) -> int:
    """Read and drop the rest of an over-long line; returns how many bytes were dropped."""
    dropped = 0
    while chunk := stream.readline(MAX_LINE_BYTES):
        dropped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return dropped
