"""Writing tables that people open in spreadsheets (CSV, XLSX), safe against formula injection.

A cell beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is run as a formula by
Excel, LibreOffice and Google Sheets; such text cells are written with a leading apostrophe, which
spreadsheets show as plain text. A text beginning with an apostrophe gets one more, so that
:func:`restore_cell` gives back exactly what was written: files read back by the project round-trip.
Every CSV or XLSX the project writes for people goes through :func:`safe_cell`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import StandardsError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "'")


def safe_cell(value: Any) -> Any:
    """A value ready for a spreadsheet cell: risky text prefixed with ``'``; numbers and None unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore_cell(value: Any) -> Any:
    """The original text of a cell written by :func:`safe_cell`."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def write_csv(
    stream: IO[str], columns: Sequence[str], rows: Iterable[dict[str, Any]], headers: Sequence[str] | None = None
) -> int:
    """Write rows as CSV with a header line (``headers`` may relabel ``columns``); returns the row count."""
    # RFC 4180 line ends: a cell holding a carriage return or a newline is then quoted, never a broken row
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in (headers or columns)])
    count = 0
    for row in rows:
        writer.writerow(["" if row.get(c) is None else safe_cell(row.get(c)) for c in columns])
        count += 1
    return count


def write_xlsx(
    path: str | Path | IO[bytes],
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    headers: Sequence[str] | None = None,
    *,
    title: str = "Sheet1",
) -> int:
    """Write rows to an XLSX workbook of one sheet (bold header, frozen first row); returns the row count.

    Text cells are typed as text, so a value beginning with ``=`` is shown, never evaluated."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([safe_cell(h) for h in (headers or columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    count = 0
    for row in rows:
        count += 1
        for index, column in enumerate(columns, 1):
            value = row.get(column)
            cell = sheet.cell(row=count + 1, column=index, value=value)
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                cell.data_type = "s"  # text as typed, never a formula (XLSX keeps the type, no apostrophe needed)
    for index in range(1, len(columns) + 1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = min(60, max(12, len(str((headers or columns)[index - 1])) + 2))
    book.save(path)
    return count


#: rows of a CSV file that cannot be read at all before the whole file is refused
MAX_UNREADABLE_CSV_ROWS = 1000


def tolerant_csv_rows(stream: IO[str], what: str) -> Iterator[tuple[int, list[str] | str]]:
    """``(line, cells)`` for each row of a CSV stream; a row the csv module cannot read (a field over its limit,
    a NUL byte) comes as ``(line, reason)`` so that only that row is rejected. More than
    :data:`MAX_UNREADABLE_CSV_ROWS` such rows raise :class:`~standards_lib.errors.StandardsError` naming ``what``."""
    reader = csv.reader(stream)
    unreadable = 0
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            unreadable += 1
            if unreadable > MAX_UNREADABLE_CSV_ROWS:
                raise StandardsError(f"more than {MAX_UNREADABLE_CSV_ROWS} unreadable CSV rows: not {what}") from None
            yield line, f"not a CSV row: {exc}"
            continue
        yield line, values
