"""Rosstandart open-data CSV on the hand-written tests/data/rosstandart_handwritten.csv and re-encoded copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards_lib.errors import SourceError
from standards_lib.records import Adoption
from standards_lib.scrapers import get_source, rosstandart
from standards_lib.scrapers.base import Quarantined, summarize

HAND = Path(__file__).parent / "data" / "rosstandart_handwritten.csv"


def _split(items):
    records, bad, summary = summarize("rosstandart", items)
    return {r.canonical: r for r in records}, bad, summary


def test_registered():
    assert get_source("rosstandart") is rosstandart


def test_handwritten_list_field_by_field():
    records, bad, summary = _split(rosstandart.extract([HAND]))
    assert (summary.records, summary.quarantined) == (4, 2)
    iso = records["ГОСТ Р ИСО 9001-2015"]
    assert iso.titles == {"ru": "Системы менеджмента качества. Требования"}
    assert (iso.published, iso.effective) == ("2015-09-28", "2015-11-01")
    assert (iso.status, iso.status_raw) == ("current", "Действует")
    assert iso.ics == ["03.120.10"]
    assert iso.replaces == ["ГОСТ Р ИСО 9001-2008"]
    assert iso.adoptions == [Adoption("ISO 9001:2015", "IDT", "metadata")]
    assert iso.extra == {"kgs": "Т59"}
    assert iso.location == f"{HAND}#row 3"
    assert records["ГОСТ Р ИСО 9001-2008"].status == "replaced"
    neq = records["ГОСТ Р 51317.4.5-99"]
    assert neq.status == "withdrawn" and neq.adoptions == [Adoption("IEC 61000-4-5:1995", "NEQ", "metadata")]
    reasons = {q.location.rsplit("#", 1)[1]: q.reason for q in bad}
    assert "'31.02.2020' is not a date" in reasons["row 7"]
    assert "'В разработке'" in reasons["row 8"]


@pytest.mark.parametrize("encoding, delimiter", [("cp1251", ","), ("utf-8-sig", ";"), ("utf-8", "\t")])
def test_encoding_and_delimiter_are_sniffed(tmp_path, encoding, delimiter):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(HAND.read_text("utf-8").split("\n", 1)[1]), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path = tmp_path / "list.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    records, bad, _ = _split(rosstandart.extract([path]))
    assert len(records) == 4 and len(bad) == 2
    assert records["ГОСТ Р 34.12-2015"].titles["ru"].startswith("Информационная технология")


def test_file_without_designation_column_is_one_quarantine_naming_columns(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Номер;Название\n1;Что-то\n", encoding="utf-8")
    (item,) = rosstandart.extract([path])
    assert isinstance(item, Quarantined) and item.location == str(path)
    assert "no column for designation" in item.reason and "Номер, Название" in item.reason


def test_undecodable_and_empty_files(tmp_path):
    empty = tmp_path / "a.csv"
    empty.write_bytes(b"")
    (item,) = rosstandart.extract([empty])
    assert isinstance(item, Quarantined) and "empty" in item.reason


def test_missing_path_is_an_error():
    with pytest.raises(SourceError, match="no such file"):
        list(rosstandart.extract([Path("/nonexistent/list.csv")]))


def test_reimport_identical():
    assert list(rosstandart.extract([HAND])) == list(rosstandart.extract([HAND]))
