"""Rosstandart open-data CSV: the hand-written tests/data/rosstandart_handwritten.csv in the real layout
(windows-1251, ``;``, CRLF, ``Обозначение;Заглавие на русском языке;Статус;Код ОКС``), the hand-written wider variant
tests/data/rosstandart_variant_handwritten.csv, re-encoded copies, and the real file when ../shared is present."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from conftest import shared_path

from standards_lib.errors import SourceError
from standards_lib.records import Adoption
from standards_lib.scrapers import get_source, rosstandart, sources_for_file
from standards_lib.scrapers.base import Quarantined, summarize

DATA = Path(__file__).parent / "data"
HAND = DATA / "rosstandart_handwritten.csv"
VARIANT = DATA / "rosstandart_variant_handwritten.csv"


def _split(items):
    records, bad, summary = summarize("rosstandart", items)
    return {r.canonical: r for r in records}, bad, summary


def test_registered():
    assert get_source("rosstandart") is rosstandart


def test_fixture_has_the_real_layout():
    raw = HAND.read_bytes()
    assert b"\r\n" in raw
    text = raw.decode("cp1251")
    assert text.splitlines()[1] == "Обозначение;Заглавие на русском языке;Статус;Код ОКС"


def test_real_layout_field_by_field():
    records, bad, summary = _split(rosstandart.extract([HAND]))
    assert (summary.records, summary.quarantined) == (7, 5)
    iso = records["ГОСТ Р ИСО 9001-2015"]
    assert iso.titles == {"ru": "Системы менеджмента качества. Требования"}
    assert (iso.status, iso.status_raw) == ("current", "Действует")
    assert iso.ics == ["03.120.10"]
    assert iso.adoptions == [Adoption("ISO 9001", "IDT", "designation")]
    assert iso.location == f"{HAND}#row 3"
    assert records["ГОСТ Р 1.12-2020"].ics == ["01.040.01", "01.120"]  # quoted cell of two ICS codes
    assert records["ГОСТ Р 1.12-2020"].adoptions == []
    assert records["ГОСТ Р МЭК 60335-1-2015"].adoptions == [Adoption("IEC 60335-1", "IDT", "designation")]
    assert records["ГОСТ Р ИСО/МЭК 27001-2021"].adoptions == [Adoption("ISO/IEC 27001", "IDT", "designation")]
    assert records["ГОСТ Р ИСО/МЭК 27001-2021"].ics == ["03.100.70", "35.030"]
    assert records["ГОСТ Р ЕН 306-2011"].adoptions == [Adoption("EN 306", "IDT", "designation")]
    pnst = records["ПНСТ 424-2020"]
    assert (pnst.status, pnst.status_raw, pnst.body, pnst.kind) == ("upcoming", "Принят", "Rosstandart", "national")
    assert records["ГОСТ Р ИСО 105-A04-99"].adoptions == [Adoption("ISO 105-A04", "IDT", "designation")]
    reasons = {q.location.rsplit("#", 1)[1]: q.reason for q in bad}
    assert set(reasons) == {"row 10", "row 11", "row 12", "row 13", "row 14"}
    assert "unknown status word" in reasons["row 10"] and "'В разработке'" in reasons["row 10"]
    assert "designation cell (Обозначение) is empty" in reasons["row 11"]
    assert "'1.2.3' is not a valid ICS code" in reasons["row 12"]
    assert "5 cells but the header has 4 columns" in reasons["row 13"] and "'лишнее'" in reasons["row 13"]
    assert "cannot parse designation" in reasons["row 14"]


def test_variant_layout_with_dates_and_adoption_columns():
    records, bad, summary = _split(rosstandart.extract([VARIANT]))
    assert (summary.records, summary.quarantined) == (4, 2)
    iso = records["ГОСТ Р ИСО 9001-2015"]
    assert (iso.published, iso.effective) == ("2015-09-28", "2015-11-01")
    assert iso.replaces == ["ГОСТ Р ИСО 9001-2008"]
    assert iso.adoptions == [Adoption("ISO 9001:2015", "IDT", "metadata")]
    assert iso.extra == {"kgs": "Т59"}
    assert records["ГОСТ Р ИСО 9001-2008"].status == "replaced"
    neq = records["ГОСТ Р 51317.4.5-99"]
    assert neq.status == "withdrawn" and neq.adoptions == [Adoption("IEC 61000-4-5:1995", "NEQ", "metadata")]
    reasons = {q.location.rsplit("#", 1)[1]: q.reason for q in bad}
    assert "'31.02.2020' is not a date" in reasons["row 7"]
    assert "'В разработке'" in reasons["row 8"]


@pytest.mark.parametrize(
    "header",
    [
        "Обозначение;Заглавие на русском языке;Статус;Код ОКС",
        "обозначение ; заглавие ; статус ; ОКС",
        "Обозначение стандарта;Наименование;Состояние;МКС",
        "Шифр;Наименование стандарта:;Статус документа;Код ОКС",
    ],
)
def test_header_variants_are_recognised(tmp_path, header):
    path = tmp_path / "list.csv"
    path.write_text(f"{header}\nГОСТ Р 1.12-2020;Термины;Действует;01.120\n", encoding="utf-8")
    assert rosstandart.discover(tmp_path) == [path]
    (record,) = rosstandart.extract([path])
    assert record.canonical == "ГОСТ Р 1.12-2020" and record.ics == ["01.120"] and record.status == "current"


@pytest.mark.parametrize("encoding, delimiter", [("utf-8", ","), ("utf-8-sig", ";"), ("utf-8", "\t")])
def test_encoding_and_delimiter_are_sniffed(tmp_path, encoding, delimiter):
    rows = list(csv.reader(io.StringIO(HAND.read_bytes().decode("cp1251").split("\n", 1)[1]), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path = tmp_path / "list.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    records, bad, _ = _split(rosstandart.extract([path]))
    assert len(records) == 7 and len(bad) == 5
    assert records["ГОСТ Р 1.12-2020"].ics == ["01.040.01", "01.120"]


def test_discovery_and_file_detection_find_the_real_layout(tmp_path):
    (tmp_path / "sub").mkdir()
    copy = tmp_path / "sub" / "nationalstandards.csv"
    copy.write_bytes(HAND.read_bytes())
    (tmp_path / "other.csv").write_text("Номер;Название\n1;Что-то\n", encoding="utf-8")
    assert rosstandart.discover(tmp_path) == [copy]
    assert sources_for_file(copy) == ["rosstandart"]


def test_file_without_designation_column_is_one_quarantine_naming_columns(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Номер;Название\n1;Что-то\n", encoding="utf-8")
    (item,) = rosstandart.extract([path])
    assert isinstance(item, Quarantined) and item.location == str(path)
    assert "no column for designation" in item.reason and "Номер, Название" in item.reason


def test_empty_file(tmp_path):
    empty = tmp_path / "a.csv"
    empty.write_bytes(b"")
    (item,) = rosstandart.extract([empty])
    assert isinstance(item, Quarantined) and "empty" in item.reason


def test_missing_path_is_an_error():
    with pytest.raises(SourceError, match="no such file"):
        list(rosstandart.extract([Path("/nonexistent/list.csv")]))


def test_reimport_identical():
    assert list(rosstandart.extract([HAND])) == list(rosstandart.extract([HAND]))


def test_real_catalogue_is_read_whole():
    """The real open-data file: every one of its 14,955 rows a record (the designations parse), statuses mapped."""
    path = shared_path("russia", "rosstandart-opendata", "nationalstandards.csv")
    assert rosstandart.discover(path.parent) == [path]
    records, bad, summary = _split(rosstandart.extract([path]))
    assert summary.records + summary.quarantined == 14_955
    assert summary.records / 14_955 >= 0.995, Counter(q.reason for q in bad).most_common(5)
    assert len(records) == summary.records  # no two rows share a canonical designation
    statuses = Counter(r.status for r in records.values())
    assert statuses["current"] >= 14_500 and statuses["upcoming"] >= 300
    adopting = [r for r in records.values() if r.adoptions]
    assert len(adopting) >= 3_700  # 3,612 ISO/IEC and 144 EN adoptions written into the designations
    assert sum(len(r.ics) > 1 for r in records.values()) >= 1_000
