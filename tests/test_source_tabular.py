"""The declarative CSV/XLSX importer with the shipped mappings (abnt, sabs, committee), on hand-written inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from standards_lib.errors import SourceError
from standards_lib.records import Adoption
from standards_lib.scrapers import get_source, tabular
from standards_lib.scrapers.base import Quarantined, summarize

DATA = Path(__file__).parent / "data"
ABNT = DATA / "abnt_export_handwritten.csv"
COMMITTEE = DATA / "committee_handwritten.csv"

#: hand-written rows in the shape of a SABS catalogue export (not real SABS data)
SABS_ROWS = [
    ["Standard Number", "Title", "Status", "Edition", "Publication Date", "ICS", "Technical Committee", "Identical To"],
    [
        "SANS 10142-1",
        "The wiring of premises Part 1: Low-voltage installations",
        "Current",
        "3",
        dt.datetime(2020, 12, 4),
        "91.140.50",
        "SABS/TC 067",
        None,
    ],
    [
        "SANS 60335-1",
        "Household and similar electrical appliances - Safety Part 1: General requirements",
        "Current",
        "6.1",
        "2018-05-10",
        "13.120; 97.030",
        "SABS/TC 061",
        "IEC 60335-1:2016",
    ],
    ["SANS 9001", "Quality management systems - Requirements", "Withdrawn", "4", "2008-11-20", "03.120.10", None, None],
    [None, "", None, None, None, None, None, None],
    ["SANS 1000", "A row with an unknown status", "Frozen", "1", "2001-01-01", None, None, None],
]


def _sabs_xlsx(path: Path, rows=SABS_ROWS, sheet="Standards") -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_registry_maps_csv_and_xlsx_to_tabular():
    assert get_source("csv") is tabular and get_source("xlsx") is tabular
    assert tabular.shipped_mappings() == ["abnt", "committee", "sabs"]


def test_abnt_export_field_by_field():
    records, bad, summary = summarize("tabular", tabular.extract([ABNT], mapping="abnt"))
    assert (summary.records, summary.quarantined) == (4, 3)
    by_id = {r.canonical: r for r in records}
    nbr = by_id["ABNT NBR 5410:2004"]
    assert (nbr.country, nbr.body) == ("BR", "ABNT")
    assert nbr.titles == {"pt": "Instalações elétricas de baixa tensão", "en": "Low-voltage electrical installations"}
    assert (nbr.status, nbr.status_raw, nbr.published) == ("current", "Em Vigor", "2004-09-30")
    assert nbr.ics == ["91.140.50"] and nbr.replaces == ["ABNT NBR 5410:1997"]
    assert nbr.extra == {"mapping": "abnt", "committee": "ABNT/CB-003"}
    assert nbr.location == f"{ABNT}#row 3"
    iso = by_id["ABNT NBR ISO 9001:2015"]
    assert [a.degree for a in iso.adoptions] == ["IDT"] and iso.adoptions[0].ref.startswith("ISO 9001")
    assert by_id["ABNT NBR ISO 9001:2008"].status == "withdrawn"
    reasons = {q.location.rsplit("#", 1)[1]: q.reason for q in bad}
    assert "'Suspensa'" in reasons["row 7"]
    assert reasons["row 8"] == "the designation cell is empty"
    assert "'31/02/2012' is not a date" in reasons["row 9"]


def test_abnt_export_in_windows_1252(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(ABNT.read_text("utf-8").replace("—", "-").encode("cp1252"))
    records, bad, _ = summarize("tabular", tabular.extract([path], mapping="abnt"))
    assert len(records) == 4 and len(bad) == 3
    assert records[0].titles["pt"] == "Instalações elétricas de baixa tensão"


def test_sabs_xlsx_with_edition_and_adoption(tmp_path):
    path = _sabs_xlsx(tmp_path / "sabs.xlsx")
    records, bad, summary = summarize("tabular", tabular.extract([path], mapping="sabs"))
    assert (summary.records, summary.quarantined) == (3, 1)
    by_id = {r.canonical: r for r in records}
    wiring = by_id["SANS 10142-1 Ed. 3"]
    assert (wiring.country, wiring.edition, wiring.published) == ("ZA", "3", "2020-12-04")
    assert wiring.titles == {"en": "The wiring of premises Part 1: Low-voltage installations"}
    assert wiring.extra == {"mapping": "sabs", "committee": "SABS/TC 067"}
    appliances = by_id["SANS 60335-1 Ed. 6.1"]
    assert appliances.ics == ["13.120", "97.030"]
    assert appliances.adoptions == [Adoption("IEC 60335-1:2016", "IDT", "metadata")]
    assert by_id["SANS 9001 Ed. 4"].status == "withdrawn"
    (frozen,) = bad
    assert frozen.location == f"{path}#row 6" and "'Frozen'" in frozen.reason


def test_committee_sheet_with_language_column():
    records, bad, _ = summarize("tabular", tabular.extract([COMMITTEE], mapping="committee"))
    by_id = {r.canonical: r for r in records}
    gb = by_id["GB/T 19001-2016"]
    assert gb.titles == {"zh": "质量管理体系 要求", "en": "Quality management systems—Requirements"}
    assert gb.adoptions == [Adoption("ISO 9001:2015", "IDT", "metadata")]
    mandatory = by_id["GB 4706.1-2005"]
    assert "zh" in mandatory.titles  # language written as 中文
    assert mandatory.adoptions == [Adoption("IEC 60335-1:2004", "MOD", "metadata")]
    assert mandatory.extra["note"] == "to check"
    assert by_id["SANS 10142-1:2020"].titles == {"en": "The wiring of premises - Part 1: Low-voltage installations"}
    (klingon,) = bad
    assert "klingon" in klingon.reason and klingon.location.endswith("#row 7")


def test_missing_column_names_file_mapping_and_column(tmp_path):
    rows = [["Standard Number", "Title", "Edition"], ["SANS 1", "One", "1"]]  # no Status column
    path = _sabs_xlsx(tmp_path / "short.xlsx", rows)
    other = _sabs_xlsx(tmp_path / "z-full.xlsx")
    items = list(tabular.extract([path, other], mapping="sabs"))
    first = items[0]
    assert isinstance(first, Quarantined) and first.location == str(path)
    assert "'Status'" in first.reason and "mapping sabs" in first.reason and "sabs.yaml" in first.reason
    assert "Standard Number, Title, Edition" in first.reason
    assert sum(not isinstance(i, Quarantined) for i in items) == 3  # the next file still imports


def test_sheet_name_and_header_row(tmp_path):
    path = _sabs_xlsx(tmp_path / "s.xlsx", [["exported 2026-01-01"], *SABS_ROWS[:2]], sheet="Export")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "name: mine\nsheet: Export\nheader_row: 2\ncolumns:\n  designation: Standard Number\n  title: Title\n",
        encoding="utf-8",
    )
    (record,) = tabular.extract([path], mapping=mapping)
    assert record.canonical == "SANS 10142-1" and record.location == f"{path}#row 3"
    wrong = tmp_path / "w.yaml"
    wrong.write_text("sheet: Nope\ncolumns: {designation: Standard Number}\n", encoding="utf-8")
    (item,) = tabular.extract([path], mapping=wrong)
    assert isinstance(item, Quarantined) and "'Nope'" in item.reason and "Export" in item.reason


def test_bad_mapping_files_raise_naming_the_mapping(tmp_path):
    with pytest.raises(SourceError, match="not a shipped mapping"):
        tabular.load_mapping("no-such-mapping")
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns:\n  designation: A\n  colour: B\n", encoding="utf-8")
    with pytest.raises(SourceError, match="unknown field\\(s\\) colour"):
        tabular.load_mapping(bad)
    bad.write_text("columns:\n  title: A\n", encoding="utf-8")
    with pytest.raises(SourceError, match="required field 'designation'"):
        tabular.load_mapping(bad)


def test_not_a_workbook_is_quarantined(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"this is not a zip file")
    (item,) = tabular.extract([path], mapping="sabs")
    assert isinstance(item, Quarantined) and "not a readable XLSX" in item.reason


def test_sidecar_mapping_and_discover(tmp_path):
    csv_path = tmp_path / "br" / "abnt.csv"
    csv_path.parent.mkdir()
    csv_path.write_bytes(ABNT.read_bytes())
    (tmp_path / "br" / "abnt.csv.mapping.yaml").write_text(
        (Path(tabular.__file__).parent / "mappings" / "abnt.yaml").read_text("utf-8"), encoding="utf-8"
    )
    (tmp_path / "loose.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert tabular.discover(tmp_path) == [csv_path]
    assert len([i for i in tabular.extract([csv_path]) if not isinstance(i, Quarantined)]) == 4
    with pytest.raises(SourceError, match="no mapping given"):
        list(tabular.extract([tmp_path / "loose.csv"]))


def test_reimport_identical(tmp_path):
    path = _sabs_xlsx(tmp_path / "sabs.xlsx")
    assert list(tabular.extract([path], mapping="sabs")) == list(tabular.extract([path], mapping="sabs"))
    assert list(tabular.extract([ABNT], mapping="abnt")) == list(tabular.extract([ABNT], mapping="abnt"))
