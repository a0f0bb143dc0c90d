"""Interchange JSON Lines: one record a line, in the input form of ``record_from_dict`` (see the README).

Reading goes through :func:`standards_lib.interchange.read_jsonl`; a bad line (invalid JSON, a missing or wrong
field) is quarantined as ``file:line`` and the file goes on. Writing is :func:`standards_lib.records.write_jsonl`.
A record's own ``source`` field is kept (records exported from another source stay attributed to it); lines
without one get ``jsonl``.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any, Iterator, Sequence

from standards_lib.interchange import read_jsonl

from .base import Item, Quarantined
from .textfiles import check_options, iter_files

log = logging.getLogger(__name__)

NAME = "jsonl"
DESCRIPTION = "Interchange JSON Lines files (one record a line, as written by 'standards extract')"
TITLE = 'Interchange JSON Lines'
URL = ''
LICENCE = "as of the records' own sources"

SUFFIXES = (".jsonl", ".ndjson")


def discover(root: Path) -> list[Path]:
    """The ``.jsonl`` / ``.ndjson`` files under ``root`` whose first record has a ``designation`` (interchange form)."""
    return sorted(p for p in Path(root).rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES) and _interchange(p))


def _interchange(path: Path) -> bool:
    with path.open("rb") as fh:
        for line in fh:
            if line.strip():
                return b'"designation"' in line
    return False


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from JSON Lines files (directories are walked for .jsonl/.ndjson)."""
    check_options("jsonl.extract", options)
    for path in iter_files(paths, SUFFIXES):
        yield from parse_lines(path.read_bytes(), str(path))


def parse_lines(content: bytes, name: str) -> Iterator[Item]:
    """Records of one JSON Lines document given as bytes, in line order; bad lines are quarantined one by one."""
    lines: list[str] = []
    early: dict[int, Quarantined] = {}  # lines read_jsonl cannot report: undecodable, or JSON but not an object
    for number, raw in enumerate(content.split(b"\n"), 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            early[number] = Quarantined(NAME, f"{name}:{number}", f"not UTF-8 text (byte {exc.start})",
                                        raw[:200].decode("utf-8", "replace"))
            line = ""  # blank lines are skipped; the numbering is kept
        kind = _top_level_kind(line)
        if kind is not None:
            early[number] = Quarantined(NAME, f"{name}:{number}", f"a record must be a JSON object, not {kind}",
                                        line[:500])
            line = ""
        lines.append(line)
    pending = sorted(early)
    for record, reason, location in read_jsonl(io.StringIO("\n".join(lines)), source=NAME, name=name):
        number = int(location.rsplit(":", 1)[1])
        while pending and pending[0] < number:
            yield early[pending.pop(0)]
        if record is not None:
            yield record
        else:
            yield Quarantined(NAME, location, reason or "unreadable line", lines[number - 1][:500])
    for number in pending:
        yield early[number]


def _top_level_kind(line: str) -> str | None:
    """The JSON type of a line that is valid JSON but not an object (read_jsonl expects objects); else None."""
    if not line.strip() or line.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(line)
    except ValueError:
        return None  # invalid JSON: read_jsonl reports it with the column
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
