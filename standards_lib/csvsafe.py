"""CSV cells that a spreadsheet will not run: the one helper every CSV export uses (catalogue and review exports).

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula ("CSV injection": ``=HYPERLINK(...)``, ``=cmd|...``). Such a cell is written
with a single quote in front, which spreadsheets show as text and which a reader of the CSV can strip again
with :func:`unsafe_cell`.
"""

from __future__ import annotations

from typing import Any, Final, Iterable, Mapping

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` ready for a CSV cell: text starting like a formula gets a leading ``'``; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any] | Iterable[Any]) -> Any:
    """A CSV row (a mapping for DictWriter, or a sequence) with every cell passed through :func:`safe_cell`."""
    if isinstance(row, Mapping):
        return {key: safe_cell(value) for key, value in row.items()}
    return [safe_cell(value) for value in row]


def unsafe_cell(value: str) -> str:
    """The original text of a cell written by :func:`safe_cell` (the leading quote removed)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


__all__ = ["FORMULA_STARTS", "safe_cell", "safe_row", "unsafe_cell"]
