"""Bounded XLSX reading: rows streamed from the worksheet XML, trusting nothing the file claims about itself.

openpyxl's read-only mode sizes its rows from the sheet's ``<dimension>``: a 5 KB sheet claiming
``A1:XFD1048576`` with one far row makes it pad a million rows of 16,384 cells (minutes), and a sheet
claiming ``A1:C2`` silently loses every row after the second. Here the dimension is ignored: rows are the
``<row>`` elements actually present, each as long as its last cell. Bounds (:mod:`standards_lib.limits`):
declared uncompressed size of each part read and of the whole archive (zip bombs; Python's zipfile stops a
member at its declared size and checks its CRC), rows, columns, characters per cell; the XML parser resolves
no entities, loads no DTD and keeps libxml2's limits on depth and text size. A row beyond a row-level
limit comes out as a :class:`RowProblem`; anything that stops the reading (not a zip, malformed XML, a part
too large) raises :class:`~standards_lib.errors.SourceError` naming the file, after the rows read before it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from posixpath import join, normpath
from typing import IO, Any

from lxml import etree

from standards_lib.errors import SourceError
from standards_lib.limits import (
    MAX_CELL_CHARS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_RATIO,
    MAX_XLSX_TOTAL_BYTES,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: the small parts (workbook, relationships, styles) are parsed whole; they are far smaller than this
MAX_META_BYTES = 16 * 1024 * 1024
#: built-in number formats that are dates or times (ECMA-376 18.8.30)
DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57})
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that cannot be read (a cell beyond the limits, a broken reference), instead of its cells."""

    reason: str


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


#: bytes handed to the pull parser at a time: a sheet is never held whole in memory
PULL_CHUNK_BYTES = 64 * 1024


def pull_elements(stream: IO[bytes], tag: str) -> Iterator[Any]:
    """The ``tag`` elements of an XML stream as each ends, read in chunks.

    Elements completed before a malformed spot are handed over before the syntax error is raised, with
    lxml 5 and 6 alike (lxml 6's ``iterparse`` raises before it yields the elements of the failing chunk).
    """
    parser = etree.XMLPullParser(
        events=("end",), tag=tag, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    while True:
        chunk = stream.read(PULL_CHUNK_BYTES)
        failure: etree.XMLSyntaxError | None = None
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
        except etree.XMLSyntaxError as exc:
            failure = exc
        for _, element in parser.read_events():
            yield element
        if failure is not None:
            raise failure
        if not chunk:
            return


def read_xlsx_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[Any] | RowProblem]]:
    """``(row_number, cells)`` for each row present in the sheet (the first, or the one named ``sheet``)."""
    location = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(location, f"not a readable XLSX workbook (not a zip archive: {exc})") from None
    with archive:
        _check_sizes(archive, location)
        book = Workbook(archive, location)
        member = book.sheet_part(sheet)
        try:
            with archive.open(member) as stream:
                yield from book.rows(stream, member)
        except etree.XMLSyntaxError as exc:
            raise SourceError(
                location,
                f"the worksheet {member} is not well-formed XML ({exc}); the rows after the last one read are not read",
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise SourceError(
                location, f"the worksheet {member} is damaged ({exc}); the rows after the last one read are not read"
            ) from None


def _check_sizes(archive: zipfile.ZipFile, location: str) -> None:
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_TOTAL_BYTES:
        raise SourceError(
            location,
            f"the workbook unpacks to {total:,} bytes, more than the limit of {MAX_XLSX_TOTAL_BYTES:,} (a zip bomb?)",
        )
    for info in infos:
        if info.file_size > MAX_XLSX_PART_BYTES:
            raise SourceError(
                location,
                f"the part {info.filename} unpacks to {info.file_size:,} bytes, more than "
                f"the limit of {MAX_XLSX_PART_BYTES:,} (a zip bomb?)",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 16 * 1024 * 1024 and ratio > MAX_XLSX_RATIO:
            raise SourceError(
                location,
                f"the part {info.filename} unpacks to {info.file_size:,} bytes from "
                f"{info.compress_size:,} ({ratio:.0f} to 1, more than the limit of "
                f"{MAX_XLSX_RATIO} to 1: a zip bomb?)",
            )


class Workbook:
    """The parts of a workbook needed to read one sheet's values: sheet names, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile, location: str) -> None:
        self.archive = archive
        self.location = location
        workbook = self._xml("xl/workbook.xml")
        rels = self._xml("xl/_rels/workbook.xml.rels")
        targets = {rel.get("Id"): rel.get("Target") or "" for rel in rels.iter(f"{PKG_REL}Relationship")}
        self.sheets: list[tuple[str, str]] = []
        for node in workbook.iter(f"{MAIN}sheet"):
            target = targets.get(node.get(f"{DOC_REL}id"), "")
            part = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
            self.sheets.append((node.get("name") or "", part))
        pr = workbook.find(f"{MAIN}workbookPr")
        self.epoch = dt.datetime(1904, 1, 1) if pr is not None and pr.get("date1904") in ("1", "true") else None
        self.shared = self._shared_strings()
        self.date_styles = self._date_styles()

    def _member(self, name: str) -> zipfile.ZipInfo | None:
        try:
            return self.archive.getinfo(name)
        except KeyError:
            return None

    def _xml(self, name: str, required: bool = True) -> Any:
        info = self._member(name)
        if info is None:
            if required:
                raise SourceError(self.location, f"not a readable XLSX workbook: the part {name} is missing")
            return None
        if info.file_size > MAX_META_BYTES:
            raise SourceError(
                self.location,
                f"the part {name} unpacks to {info.file_size:,} bytes, more than the limit of {MAX_META_BYTES:,}",
            )
        try:
            return etree.fromstring(self.archive.read(name), _parser())
        except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            raise SourceError(self.location, f"the part {name} is not well-formed XML ({exc})") from None

    def sheet_part(self, name: str | None) -> str:
        if not self.sheets:
            raise SourceError(self.location, "the workbook has no sheet")
        if name is None:
            part = self.sheets[0][1]
        else:
            found = [p for n, p in self.sheets if n == name]
            if not found:
                raise SourceError(
                    self.location, f"no sheet {name!r} in the workbook; it has {', '.join(n for n, _ in self.sheets)}"
                )
            part = found[0]
        if self._member(part) is None:
            raise SourceError(self.location, f"not a readable XLSX workbook: the worksheet {part} is missing")
        return part

    def _shared_strings(self) -> list[str | RowProblem]:
        name = "xl/sharedStrings.xml"
        if self._member(name) is None:
            return []
        strings: list[str | RowProblem] = []
        try:
            with self.archive.open(name) as stream:
                for node in pull_elements(stream, f"{MAIN}si"):
                    strings.append(_checked(_text_of(node), f"shared string {len(strings)}"))
                    _forget(node)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            raise SourceError(self.location, f"the shared strings ({name}) are damaged ({exc})") from None
        return strings

    def _date_styles(self) -> set[int]:
        styles = self._xml("xl/styles.xml", required=False)
        if styles is None:
            return set()
        custom = {int(n.get("numFmtId", "-1")): n.get("formatCode") or "" for n in styles.iter(f"{MAIN}numFmt")}
        dates: set[int] = set()
        xfs = styles.find(f"{MAIN}cellXfs")
        for index, xf in enumerate(xfs.iter(f"{MAIN}xf") if xfs is not None else ()):
            try:
                fmt = int(xf.get("numFmtId", "0"))
            except ValueError:
                continue
            if fmt in DATE_FORMAT_IDS or (fmt in custom and is_date_format(custom[fmt])):
                dates.add(index)
        return dates

    def rows(self, stream: IO[bytes], member: str) -> Iterator[tuple[int, list[Any] | RowProblem]]:
        number = 0
        seen = 0
        for row in pull_elements(stream, f"{MAIN}row"):
            seen += 1
            given = row.get("r")
            number = int(given) if given and given.isdigit() else number + 1
            if number > MAX_SHEET_ROWS or seen > MAX_SHEET_ROWS:
                raise SourceError(
                    self.location,
                    f"{member}: more than {MAX_SHEET_ROWS:,} rows (the limit); row {number} and after are not read",
                )
            yield number, self._cells(row, number)
            _forget(row)

    def _cells(self, row: Any, number: int) -> list[Any] | RowProblem:
        cells: list[Any] = []
        for cell in row.iter(f"{MAIN}c"):
            ref = cell.get("r")
            column = len(cells) + 1
            if ref:
                m = _CELL_REF.match(ref)
                if m is None:
                    return RowProblem(f"cell reference {ref!r} is not a cell of row {number}")
                column = column_number(m[1])
            if column > MAX_SHEET_COLUMNS:
                return RowProblem(f"cell {ref or column} is beyond column {MAX_SHEET_COLUMNS} (the limit)")
            if column <= len(cells):
                return RowProblem(f"cell {ref or column} is given twice or out of order")
            value = self._value(cell, ref or f"column {column}")
            if isinstance(value, RowProblem):
                return value
            cells.extend([None] * (column - 1 - len(cells)))
            cells.append(value)
        return cells

    def _value(self, cell: Any, ref: str) -> Any:
        kind = cell.get("t") or "n"
        if kind == "inlineStr":
            node = cell.find(f"{MAIN}is")
            return _checked(_text_of(node), f"cell {ref}") if node is not None else None
        node = cell.find(f"{MAIN}v")
        raw = node.text if node is not None else None
        if raw is None:
            return None
        if kind == "s":
            try:
                value = self.shared[int(raw)]
            except (ValueError, IndexError):
                return RowProblem(f"cell {ref} refers to shared string {raw!r}; the workbook has {len(self.shared)}")
            return RowProblem(f"cell {ref}: {value.reason}") if isinstance(value, RowProblem) else value
        if kind in ("str", "e", "d"):
            return _checked(raw, f"cell {ref}")
        if kind == "b":
            return raw.strip() in ("1", "true")
        return self._number(raw, cell.get("s"), ref)

    def _number(self, raw: str, style: str | None, ref: str) -> Any:
        if len(raw) > 64:
            return RowProblem(f"cell {ref} holds a number of {len(raw)} characters")
        try:
            number = float(raw)
        except ValueError:
            return RowProblem(f"cell {ref} holds {raw[:40]!r}, not a number")
        if style and style.isdigit() and int(style) in self.date_styles:
            try:
                from openpyxl.utils.datetime import from_excel

                return from_excel(number, self.epoch) if self.epoch else from_excel(number)
            except (ValueError, OverflowError, TypeError):
                return number
        return int(number) if number.is_integer() and abs(number) < 2**53 else number


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date or time (d, m, y, h, s outside quotes and brackets)."""
    text = _QUOTED_OR_BRACKETED.sub("", code.split(";", 1)[0]).lower()
    return any(ch in text for ch in "dmyhs")


def column_number(letters: str) -> int:
    """``A`` -> 1, ``Z`` -> 26, ``AA`` -> 27, ``XFD`` -> 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _text_of(node: Any) -> str:
    """The text of a string item: its ``<t>`` and rich-text runs, without phonetic guides (``<rPh>``)."""
    parts = []
    for t in node.iter(f"{MAIN}t"):
        parent = t.getparent()
        if parent is not None and parent.tag == f"{MAIN}rPh":
            continue
        parts.append(t.text or "")
        if sum(map(len, parts)) > MAX_CELL_CHARS:
            break
    return "".join(parts)


def _checked(text: str, what: str) -> str | RowProblem:
    if len(text) > MAX_CELL_CHARS:
        return RowProblem(f"{what} holds more than {MAX_CELL_CHARS:,} characters (the limit)")
    return text


def _forget(node: Any) -> None:
    """Free a parsed element and the siblings before it (memory stays bounded by one row)."""
    node.clear()
    parent = node.getparent()
    while parent is not None and node.getprevious() is not None:
        del parent[0]


__all__ = ["RowProblem", "column_number", "is_date_format", "read_xlsx_rows"]
