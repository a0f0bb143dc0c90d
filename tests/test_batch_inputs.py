"""Hostile or broken inputs: every one gives records, quarantine entries or a clear error, never a traceback,
a hang or silent loss. Every input here is built by the test (hand-written rows)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from standards_lib import parse_designation, record_from_dict
from standards_lib.catalog.export import export_csv
from standards_lib.cli.main import cli
from standards_lib.errors import RecordError
from standards_lib.limits import MAX_CELL_CHARS, MAX_LINE_BYTES, MAX_LIST_ITEMS, MAX_TITLE_CHARS
from standards_lib.scrapers import jsonl, tabular
from standards_lib.scrapers.base import Quarantined, summarize
from standards_lib.spreadsheet import restore_cell as unsafe_cell
from standards_lib.spreadsheet import safe_cell

HEADER = [
    "Standard Number",
    "Title",
    "Status",
    "Edition",
    "Publication Date",
    "ICS",
    "Technical Committee",
    "Identical To",
]
ROWS = [
    [f"SANS {1000 + i}", f"Hand-written title {i}", "Current", "1", "2001-01-01", None, None, None] for i in range(10)
]
SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(rows: list[list] = ROWS) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Standards"
    for row in [HEADER, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(raw: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == SHEET else data)
    return out.getvalue()


def dimension(ref: bytes):
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="' + ref + b'"/>', xml)


def extract_xlsx(tmp_path: Path, content: bytes) -> tuple[list, list[Quarantined]]:
    path = tmp_path / "sabs.xlsx"
    path.write_bytes(content)
    records, bad, _ = summarize("tabular", tabular.extract([path], mapping="sabs"))
    return records, bad


# -- XLSX ------------------------------------------------------------------------------------------------------


def test_a_sheet_claiming_the_whole_grid_with_one_far_row_is_read_as_it_is(tmp_path: Path) -> None:
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>SANS 2</t></is></c></row></sheetData>'
    content = rewritten(workbook_bytes(), lambda x: dimension(b"A1:XFD1048576")(x).replace(b"</sheetData>", far))
    assert len(content) < 10_000
    records, bad = extract_xlsx(tmp_path, content)  # openpyxl padded a million 16,384-cell rows: minutes
    assert [r.canonical for r in records][-2:] == ["SANS 1009 Ed. 1", "SANS 2"] and len(records) == 11
    assert records[-1].location.endswith("#row 1048576") and bad == []


def test_a_sheet_claiming_fewer_rows_than_it_has_loses_none(tmp_path: Path) -> None:
    records, bad = extract_xlsx(tmp_path, rewritten(workbook_bytes(), dimension(b"A1:C2")))
    assert len(records) == 10 and bad == []  # openpyxl gave 1 record, silently
    assert records[9].titles == {"en": "Hand-written title 9"}


def test_malformed_sheet_xml_is_quarantined_not_a_traceback(tmp_path: Path) -> None:
    broken = rewritten(workbook_bytes(), lambda x: x.replace(b"</sheetData>", b"<row><c>"))
    records, bad = extract_xlsx(tmp_path, broken)
    assert len(records) == 10
    (problem,) = bad
    assert "is not well-formed XML" in problem.reason and problem.location.endswith("sabs.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    rows = b'<row><c t="inlineStr"><is><t>SANS 1</t></is></c></row>' * 400_000  # 22 MB of XML packing to ~60 KB
    bomb = rewritten(workbook_bytes(), lambda x: x.replace(b"</sheetData>", rows + b"</sheetData>"))
    assert len(bomb) < 200_000
    records, bad = extract_xlsx(tmp_path, bomb)
    assert records == [] and len(bad) == 1
    assert "a zip bomb?" in bad[0].reason and "to 1" in bad[0].reason


def test_row_level_problems_quarantine_the_row_and_the_sheet_goes_on(tmp_path: Path) -> None:
    long_text = "x" * (MAX_CELL_CHARS + 1)
    extra = (
        f'<row r="20"><c r="A20" t="inlineStr"><is><t>SANS 7</t></is></c>'
        f'<c r="B20" t="inlineStr"><is><t>{long_text}</t></is></c></row>'
        '<row r="21"><c r="A21" t="s"><v>99999</v></c></row>'
        '<row r="22"><c r="ZZZ22" t="inlineStr"><is><t>far</t></is></c></row>'
        '<row r="23"><c r="A23" t="inlineStr"><is><t>SANS 8</t></is></c></row></sheetData>'
    ).encode()
    records, bad = extract_xlsx(tmp_path, rewritten(workbook_bytes(), lambda x: x.replace(b"</sheetData>", extra)))
    assert [r.canonical for r in records][-1] == "SANS 8" and len(records) == 11
    reasons = {q.location.rsplit("#", 1)[1]: q.reason for q in bad}
    assert reasons == {
        "row 20": f"cell B20 holds more than {MAX_CELL_CHARS:,} characters (the limit)",
        "row 21": f"cell A21 refers to shared string '99999'; the workbook has {_shared_count(tmp_path)}",
        "row 22": "cell ZZZ22 is beyond column 1024 (the limit)",
    }


def _shared_count(tmp_path: Path) -> int:
    with zipfile.ZipFile(tmp_path / "sabs.xlsx") as archive:
        return (
            archive.read("xl/sharedStrings.xml").count(b"<si>") if "xl/sharedStrings.xml" in archive.namelist() else 0
        )


def test_not_a_zip_and_a_missing_part_are_clear_errors(tmp_path: Path) -> None:
    records, bad = extract_xlsx(tmp_path, b"PK\x03\x04 this is not really a zip")
    assert records == [] and "not a readable XLSX workbook" in bad[0].reason
    source, out = zipfile.ZipFile(io.BytesIO(workbook_bytes())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != "xl/workbook.xml":
                target.writestr(info.filename, source.read(info.filename))
    records, bad = extract_xlsx(tmp_path, out.getvalue())
    assert "the part xl/workbook.xml is missing" in bad[0].reason


def test_dates_shared_strings_and_numbers_still_read_like_openpyxl(tmp_path: Path) -> None:
    import datetime as dt

    rows = [["SANS 60335-1", "Household appliances", "Current", 6, dt.datetime(2018, 5, 10), "13.120", 61, None]]
    records, bad = extract_xlsx(tmp_path, workbook_bytes(rows))
    (record,) = records
    assert (record.canonical, record.published, record.ics, record.extra["committee"]) == (
        "SANS 60335-1 Ed. 6",
        "2018-05-10",
        ["13.120"],
        "61",
    )


# -- CSV ----------------------------------------------------------------------------------------------------------


def test_a_csv_cell_beyond_the_limit_quarantines_its_row(tmp_path: Path) -> None:
    path = tmp_path / "abnt.csv"
    lines = [
        "Código;Título;Status",
        "ABNT NBR 5410:2004;Instalações;Em Vigor",
        "ABNT NBR 1:2000;" + "y" * (MAX_CELL_CHARS + 5) + ";Em Vigor",
        "ABNT NBR 2:2000;Título;Em Vigor",
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    mapping = {
        "name": "t",
        "columns": {"designation": "Código", "title": "Título", "status": "Status"},
        "status_words": {"Em Vigor": "current"},
        "title_lang": "pt",
    }
    records, bad, _ = summarize("tabular", tabular.extract([path], mapping=tabular.mapping_from_dict(mapping, "t")))
    assert [r.canonical for r in records] == ["ABNT NBR 5410:2004", "ABNT NBR 2:2000"]
    assert bad[0].reason == f"a cell holds more than {MAX_CELL_CHARS:,} characters (the limit)"
    path.write_text(
        'Código;Título;Status\nABNT NBR 5410:2004;"' + "z" * 200_000 + '";Em Vigor\n', "utf-8"
    )  # beyond csv's own limit
    _, bad, _ = summarize("tabular", tabular.extract([path], mapping=tabular.mapping_from_dict(mapping, "t")))
    assert "not readable as CSV" in bad[0].reason


def test_files_read_whole_are_bounded_and_named_pipes_read(tmp_path: Path) -> None:
    import os
    import threading

    from standards_lib.errors import SourceError
    from standards_lib.scrapers.textfiles import read_bounded

    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * 100 + b"]")
    with pytest.raises(SourceError, match="larger than the limit of 50 bytes"):
        read_bounded(big, limit=50)
    assert read_bounded(big, limit=200) == big.read_bytes()
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(b"x" * 5000))
    writer.start()
    with pytest.raises(SourceError, match="larger than the limit"):
        read_bounded(fifo, limit=1000)  # stops reading at the limit, whatever the pipe would still send
    writer.join(timeout=10)


# -- JSON Lines ---------------------------------------------------------------------------------------------------

GOOD = json.dumps(
    {"designation": "GB/T 19001-2016", "title": "质量管理体系 要求", "title_lang": "zh"}, ensure_ascii=False
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            '{"designation": "GB/T 1-2000", "extra": {"n": ' + "9" * 5000 + "}}",
            "invalid JSON: Exceeds the limit (4300 digits)",
        ),
        (
            '{"designation": "GB/T 1-2000", "extra": {"n": ' + "[" * 100_000 + "]" * 100_000 + "}}",
            "invalid JSON: nested too deep",
        ),
        (
            '{"designation": "GB/T 1-2000", "extra": ' + "[" * 40 + "]" * 40 + "}",
            "record nested more than 16 levels deep",
        ),
        ('{"designation": "GB/T 1-2000", "ics": 12}', "field 'ics' must be text or a list of text, not a number"),
        ('{"designation": "GB/T 1-2000", "ics": [3.12]}', "field 'ics': 3.12 is a number, not a code written as text"),
        (
            json.dumps({"designation": "GB/T 1-2000", "title_en": "x" * 1_000_000}),
            f"field 'title_en' is 1000000 characters long, more than the limit of {MAX_TITLE_CHARS} for a title",
        ),
        (
            json.dumps(
                {"designation": "GB/T 1-2000", "replaces": [f"GB/T {i}-1990" for i in range(MAX_LIST_ITEMS + 1)]}
            ),
            f"field 'replaces' has {MAX_LIST_ITEMS + 1} items, more than the limit of {MAX_LIST_ITEMS}",
        ),
        (
            json.dumps({"designation": "GB/T 1-2000", "extra": {f"k{i}": i for i in range(300)}}),
            "field 'extra' has 300 keys, more than the limit of 200",
        ),
        (json.dumps({"designation": "GB/T " + "1" * 400 + "-2000"}), "field 'designation' is 410 characters long"),
    ],
)
def test_hostile_json_lines_are_quarantined_one_by_one(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_text(GOOD + "\n" + line + "\n" + GOOD.replace("19001", "19002") + "\n", "utf-8")
    items = list(jsonl.extract([path]))
    assert [getattr(i, "canonical", None) for i in items] == ["GB/T 19001-2016", None, "GB/T 19002-2016"]
    assert items[1].location == f"{path}:2" and items[1].reason.startswith(reason), items[1].reason
    assert len(items[1].excerpt) <= 500


def test_a_line_longer_than_the_limit_is_skipped_without_being_held_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(
        GOOD
        + "\n"
        + '{"designation": "GB/T 1-2000", "title_en": "'
        + "x" * (3 * MAX_LINE_BYTES)
        + '"}\n'
        + GOOD.replace("19001", "19002")
        + "\n",
        "utf-8",
    )
    items = list(jsonl.extract([path]))
    assert [getattr(i, "canonical", None) for i in items] == ["GB/T 19001-2016", None, "GB/T 19002-2016"]
    assert items[1].reason.startswith("line of ") and f"longer than the limit of {MAX_LINE_BYTES}" in items[1].reason


def test_the_cli_extract_of_hostile_lines_exits_3_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_text(
        GOOD + "\n" + '{"designation": "GB/T 1-2000", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "utf-8"
    )
    result = CliRunner().invoke(cli, ["extract", "jsonl", str(path)])
    assert result.exit_code == 3 and "1 records, 1 quarantined" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- bidi controls ------------------------------------------------------------------------------------------------

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]


@pytest.mark.parametrize("mark", BIDI)
def test_bidi_controls_are_removed_before_parsing_a_designation(mark: str) -> None:
    parsed = parse_designation(f"GB/T 1{mark}9001-2016")
    assert parsed.canonical == "GB/T 19001-2016"
    assert parse_designation(f"{mark}ГОСТ Р ИСО 9001-2015{mark}").canonical == "ГОСТ Р ИСО 9001-2015"


def test_bidi_controls_are_removed_from_titles_and_stored_designations() -> None:
    record = record_from_dict(
        {
            "designation": "GB/T\u202e 19001-2016",
            "title_en": "Quality\u2066 management\u2069",
            "titles": {"zh": "质量\u202d管理"},
            "replaces": ["GB/T 19001\u200f-2008"],
        }
    )
    assert record.designation == "GB/T 19001-2016" and record.canonical == "GB/T 19001-2016"
    assert record.titles == {"zh": "质量管理", "en": "Quality management"}
    assert record.replaces == ["GB/T 19001-2008"]


def test_ics_given_as_numbers_is_refused_with_the_field_named() -> None:
    with pytest.raises(RecordError, match="field 'ics' must be text or a list of text, not a number"):
        record_from_dict({"designation": "GB/T 1-2000", "ics": 12})
    assert record_from_dict({"designation": "GB/T 1-2000", "ics": "12"}).ics == ["12"]  # as text it is a code


# -- CSV export ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_csv_export_neutralises_formulas(text: str) -> None:
    record = record_from_dict({"designation": "GB/T 19001-2016", "title_en": text.strip() or text, "status": "现行"})
    record.titles["en"] = text  # even text the record reader would have trimmed
    out = io.StringIO()
    export_csv([record], out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["title_en"] == "'" + text and unsafe_cell(row["title_en"]) == text
    assert row["canonical"] == "GB/T 19001-2016"  # ordinary cells unchanged


def test_safe_cell_leaves_other_values_alone() -> None:
    assert [safe_cell(v) for v in ("GB/T 1-2000", "", None, 12, "a=b")] == ["GB/T 1-2000", "", None, 12, "a=b"]
    assert unsafe_cell(safe_cell("'=x")) == "'=x"  # a text that already starts with a quote round-trips
