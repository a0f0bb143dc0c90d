"""Input limits: every reader is bounded in time and memory, whatever a file claims or holds.

One table, documented in the README ("Input limits"). A record beyond a record limit is quarantined with the
limit named; a file beyond a file limit is refused (one quarantine entry naming the file and the limit).
The numbers are far above anything real catalogues hold (real titles run to a few hundred characters) and
far below what would exhaust a machine.
"""

from __future__ import annotations

from typing import Any, Final

#: one JSON Lines record (a line), in bytes
MAX_LINE_BYTES: Final = 1024 * 1024
#: nesting of arrays and objects inside one record (``extra`` included)
MAX_JSON_DEPTH: Final = 16
#: characters of one title
MAX_TITLE_CHARS: Final = 4000
#: characters of a designation
MAX_DESIGNATION_CHARS: Final = 300
#: characters of any other text field (status, URL, dates, source, location)
MAX_TEXT_CHARS: Final = 4000
#: items in one list field (ics, ccs, adoptions, replaces, replaced_by) and languages in ``titles``
MAX_LIST_ITEMS: Final = 500
#: keys of ``extra`` and the size of ``extra`` written as JSON
MAX_EXTRA_KEYS: Final = 200
MAX_EXTRA_BYTES: Final = 256 * 1024

#: spreadsheet limits (those of Excel itself for rows and cell text)
MAX_SHEET_ROWS: Final = 1_048_576
MAX_SHEET_COLUMNS: Final = 1024
MAX_CELL_CHARS: Final = 32_767
#: uncompressed bytes of one XLSX part read (the worksheet, the shared strings) and of the whole workbook
MAX_XLSX_PART_BYTES: Final = 256 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES: Final = 512 * 1024 * 1024
#: compression ratio of a large XLSX part (over 16 MiB unpacked): real sheets pack 5-30 to 1, zip bombs hundreds
MAX_XLSX_RATIO: Final = 200
#: a text file read whole (CSV, JSON lists, pages)
MAX_FILE_BYTES: Final = 512 * 1024 * 1024

LIMITS: Final[dict[str, int]] = {
    "line_bytes": MAX_LINE_BYTES,
    "json_depth": MAX_JSON_DEPTH,
    "title_chars": MAX_TITLE_CHARS,
    "designation_chars": MAX_DESIGNATION_CHARS,
    "text_chars": MAX_TEXT_CHARS,
    "list_items": MAX_LIST_ITEMS,
    "extra_keys": MAX_EXTRA_KEYS,
    "extra_bytes": MAX_EXTRA_BYTES,
    "sheet_rows": MAX_SHEET_ROWS,
    "sheet_columns": MAX_SHEET_COLUMNS,
    "cell_chars": MAX_CELL_CHARS,
    "xlsx_part_bytes": MAX_XLSX_PART_BYTES,
    "xlsx_total_bytes": MAX_XLSX_TOTAL_BYTES,
    "xlsx_ratio": MAX_XLSX_RATIO,
    "file_bytes": MAX_FILE_BYTES,
}


def json_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> int:
    """The nesting depth of a parsed JSON value (a scalar is 0), counted without recursion and stopping
    once ``limit`` is passed (so the answer is at most ``limit + 1``)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest
