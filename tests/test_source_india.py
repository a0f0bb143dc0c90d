"""BIS sources: the real compulsory-certification product list and a hand-written standards search API answer."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import shared_path

from standards_lib.records import Adoption
from standards_lib.scrapers import bis, get_source
from standards_lib.scrapers.base import Quarantined, summarize

PRODUCTS = ("india", "bis_compulsory_certification_products.json")
API = Path(__file__).parent / "data" / "bis_api_handwritten.json"


def _product_list():
    records, bad, summary = summarize("bis", bis.extract([shared_path(*PRODUCTS)]))
    return {r.canonical: r for r in records}, bad, summary


def test_registered():
    assert get_source("bis") is bis


def test_product_list_counts():
    records, bad, summary = _product_list()
    # 849 rows: 106 section headers, 743 product rows naming 710 distinct strings -> 711 editions
    # (IS 15111 (Part 1 & 2) and the two-designation cell of IS 12933 give two records each; IS 302 (Part 1):2024
    # is listed 34 times); one row is unreadable ("IS 2141:20005", a five-digit year)
    assert (summary.records, summary.quarantined) == (711, 1)
    assert len(records) == 711
    (only,) = bad
    assert "IS 2141:20005" in only.reason and only.location.endswith("#row 654")
    assert Counter(r.extra["compulsory_certification"] for r in records.values()) == {
        "in force": 645,
        "de-notified": 66,
    }


def test_product_list_adoptions_from_iso_iec_references():
    records, _, _ = _product_list()
    adopting = {c: r.adoptions for c, r in records.items() if r.adoptions}
    assert len(adopting) == 21
    assert adopting["IS 17077:2019"] == [Adoption("ISO 19062-1:2015", "IDT", "designation")]
    assert adopting["IS/ISO 11951:2016"] == [Adoption("ISO 11951:2016", "IDT", "designation")]
    assert adopting["IS 17111:2019"] == [Adoption("ISO 683-17:2014", "IDT", "designation")]
    assert all(a.ref.startswith(("ISO", "IEC")) for refs in adopting.values() for a in refs)


def test_product_name_is_the_english_title_and_marked():
    records, _, _ = _product_list()
    cement = records["IS 12330"]
    assert cement.titles == {"en": "Sulphate Resisting Portland Cement"}
    assert cement.extra["title_is_product_name"] is True
    assert cement.extra["quality_control_orders"][0]["order"] == "1. Cement (Quality Control)Order, 2003"
    assert cement.status is None  # the list says nothing of the standard's own status
    appliances = records["IS 302 (Part 1):2024"]
    assert len(appliances.extra["products"]) == 33  # 34 rows, one product listed twice
    assert "Humidifiers" in appliances.extra["products"]
    assert len(appliances.title_en) <= bis.TITLE_LIMIT + 2
    assert appliances.adoptions == [Adoption("IEC 60335-1:2020", "IDT", "designation")]


def test_denotified_rows_and_categories_and_footnotes():
    records, _, _ = _product_list()
    food = records["IS 15757"]
    assert food.extra["compulsory_certification"] == "de-notified"
    assert "De-notified" not in food.title_en
    assert records["IS 8828"].extra["notes"] == ["Since revised as IS/IEC 60898"]
    assert "Household Electrical goods" in records["IS 8828"].extra["product_categories"]


def test_repaired_designations_keep_the_written_form():
    records, _, _ = _product_list()
    assert records["IS 7485 (Part 2):2018"].extra["designation_as_written"] == "7485 (Part 2) : 2018/ISO 7046-2 : 2011"
    assert records["IS 15111 (Part 1)"].extra["designation_as_written"] == "IS 15111 (Part 1 & 2)"
    assert "IS 15111 (Part 2)" in records
    assert "IS 12933 (Part 2):2003" in records


def test_reimport_identical():
    path = shared_path(*PRODUCTS)
    assert list(bis.extract([path])) == list(bis.extract([path]))


def test_api_answer_field_by_field():
    records, bad, summary = summarize("bis", bis.extract([API]))
    assert (summary.records, summary.quarantined) == (3, 2)
    by_id = {r.canonical: r for r in records}
    battery = by_id["IS 16046 (Part 2):2018"]
    assert battery.adoptions == [Adoption("IEC 62133-2:2017", "IDT", "designation")]
    assert battery.ics == ["29.220.30"] and battery.published == "2018-12-27"
    assert (battery.status, battery.status_raw) == ("current", "Valid")
    assert battery.extra == {"technical_committee": "ETD 11", "division": "Electrotechnical"}
    assert battery.titles["en"].startswith("Secondary Cells and Batteries")
    enclosures = by_id["IS/IEC 60529:2001"]
    assert enclosures.extra["reaffirmed"] == "2019" and enclosures.published == "2001-06-30"
    withdrawn = by_id["IS 15700:2005"]
    assert withdrawn.status == "withdrawn" and withdrawn.replaced_by == ["IS 15700 : 2018"]
    assert withdrawn.published == "2005-03-15"
    reasons = sorted(q.reason for q in bad)
    assert reasons[0].startswith("field 'status': unknown status word 'Under Print'")
    assert reasons[1].startswith("no IS number")


def test_broken_json_is_one_quarantine_and_others_continue(tmp_path):
    real = json.loads(shared_path(*PRODUCTS).read_text("utf-8"))
    (tmp_path / "a.json").write_text(json.dumps(real[:5])[:-40], encoding="utf-8")  # truncated
    (tmp_path / "b.json").write_text(json.dumps({"unexpected": 1}), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps(real[:5] + ["not a row"]), encoding="utf-8")
    items = list(bis.extract([tmp_path]))
    bad = [i for i in items if isinstance(i, Quarantined)]
    assert [Path(q.location.split("#")[0]).name for q in bad] == ["a.json", "b.json", "c.json"]
    assert "invalid JSON" in bad[0].reason and "not a BIS list" in bad[1].reason
    assert bad[2].location.endswith("c.json#row 6")
    assert len(items) - len(bad) == 5


def test_discover():
    assert bis.discover(shared_path("india")) == [shared_path(*PRODUCTS)]
