"""The Chinese bulk lists: csres CSV and biaozhun/openstd merged JSON and text (real files in ../shared)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import shared_path

from standards_lib.scrapers import get_source
from standards_lib.scrapers.base import Quarantined, summarize
from standards_lib.scrapers.biaozhun import clean_codes, parse_json, parse_text
from standards_lib.scrapers.csres import parse_csv, undouble

CSRES = ("china", "laokevincn-standard_scrapting", "standards_csres.csv")
LDA = ("china", "luoda2023-LDAssistant")


def by_id(records):
    return {r.canonical: r for r in records}


def test_csres_csv_imports_with_counts_and_reasons() -> None:
    path = shared_path(*CSRES)
    records, bad, summary = summarize("csres", get_source("csres").extract([path]))
    assert summary.records + summary.quarantined == 16389
    assert summary.quarantined == 10, [q.reason for q in bad]
    assert Counter("ISBN" in q.reason for q in bad)[True] == 5
    assert all(q.location.startswith(str(path) + "#row ") for q in bad)
    found = by_id(records)
    old, new = found["GB/T 12760-1991"], found["GB/T 12760-2018"]
    assert (
        old.titles == {"zh": "圆柱蜗杆,蜗轮图样上应注明的尺寸数据"}
        and old.status == "withdrawn"
        and old.status_raw == "作废"
    )
    assert old.effective == "1992-01-01" and old.extra == {"department": "国家技术监督局"}
    assert new.status == "current" and new.source_url == "http://www.csres.com/detail/314550.html"
    assert new.country == "CN" and new.body == "SAC" and new.source == "csres"


def test_csres_reimport_gives_identical_records() -> None:
    path = shared_path(*CSRES)
    first = [r for r in get_source("csres").extract([path])]
    second = [r for r in get_source("csres").extract([path])]
    assert first == second


def test_biaozhun_merged_json_and_text_lists() -> None:
    folder = shared_path(*LDA)
    module = get_source("biaozhun")
    paths = module.discover(folder)
    assert [p.name for p in paths][:2] == ["all_standards_merged_with_replacement.json", "standards_merged.json"]
    records, bad, summary = summarize("biaozhun", module.extract(paths))
    assert summary.quarantined <= 10, [q.reason for q in bad]
    merged = [r for r in records if r.location.startswith(str(folder / "all_standards_merged_with_replacement.json"))]
    assert len(merged) + sum(1 for q in bad if "all_standards" in q.location) == 2285
    found = by_id(merged)
    power_bank = found["GB 47372-2026"]
    assert power_bank.titles == {"zh": "移动电源安全技术规范"} and power_bank.status == "upcoming"
    assert (power_bank.published, power_bank.effective) == ("2026-03-31", "2027-04-01")
    assert (power_bank.ics, power_bank.ccs) == (["35.180"], ["L09"])
    assert found["DB11/T 3047-2025"].replaces == ["DB11/T 2025-2022"]
    chinese_keys = by_id(r for r in records if "standards_merged.json" in r.location and "all_" not in r.location)
    assert chinese_keys["DB15/T 4192-2025"].titles["zh"] == "旱地谷子膜侧机械精量穴播栽培技术规程"
    text_list = by_id(r for r in records if r.location.startswith(str(folder / "biaozhun_guojia_standards.txt")))
    assert text_list["GB 47372-2026"].status == "upcoming"


@pytest.mark.parametrize(
    "ics, ccs, expected",
    [
        ("77.16", "CCSB21", (["77.160"], ["B21"], [])),
        ("7.06", "", (["07.060"], [], [])),
        ("Z60", "", ([], ["Z60"], [])),
        ("03.120.10;03.120.20", "A00", (["03.120.10", "03.120.20"], ["A00"], [])),
        ("", "68", ([], [], ["ccs:68"])),
    ],
)
def test_damaged_classification_codes_are_repaired_or_kept_aside(ics: str, ccs: str, expected: tuple) -> None:
    assert clean_codes(ics, ccs) == expected


def test_handwritten_bad_inputs_are_quarantined_and_the_batch_goes_on() -> None:
    # Hand-written inputs (not real data).
    csv_bytes = (
        "std_num,title_zh,department,implement_date,status,url,updated_at\n"
        "GB/T 1-2020,标准化工作导则,,2020-10-01,现行,,\n"
        ",没有编号,,,现行,,\n"
        "GB/T 2-2020,未知状态,,,有时有效,,\n"
        "GB/T 3-2020,好的记录,,2020-13-45,现行,,\n".encode()
    )
    items = list(parse_csv(csv_bytes, "hand.csv"))
    assert [type(i).__name__ for i in items] == ["StandardRecord", "Quarantined", "Quarantined", "Quarantined"]
    assert [i.location for i in items[1:]] == ["hand.csv#row 2", "hand.csv#row 3", "hand.csv#row 4"]
    assert "status" in items[2].reason and "effective" in items[3].reason
    with pytest.raises(Exception, match="missing column"):
        list(parse_csv(b"code,name\nGB 1-2000,x\n", "other.csv"))
    (bad,) = list(parse_json(b"[1, 2", "broken.json"))
    assert isinstance(bad, Quarantined) and "not a JSON list" in bad.reason
    text = (
        "标准名称 ：好的标准\n标准编号 ：GB/T 5-2020\n标准状态 ：现行\n标准名称 ：坏的标准\n标准编号 ：没有\n".encode()
    )
    good, worse = list(parse_text(text, "hand.txt"))
    assert good.canonical == "GB/T 5-2020" and isinstance(worse, Quarantined) and worse.location == "hand.txt#record 2"


@pytest.mark.parametrize(
    "title, once",
    [
        (
            "光伏器件 第1部分： 光伏电流-电压特性的测量光伏器件 第1部分：光伏电流-电压特性的测量",
            "光伏器件 第1部分：光伏电流-电压特性的测量",
        ),
        ("电池电池", None),  # too short to be sure it is a repetition
        ("安全要求 安全要求", "安全要求"),
        ("质量管理体系 要求", None),
    ],
)
def test_titles_written_twice_are_kept_once(title: str, once: str | None) -> None:
    assert undouble(title) == once


def test_real_doubled_titles_are_repaired() -> None:
    records = {
        r.canonical: r for r in get_source("csres").extract([shared_path(*CSRES)]) if not isinstance(r, Quarantined)
    }
    pv = records["GB/T 6495.1-2025"]
    assert pv.titles["zh"] == "光伏器件 第1部分：光伏电流-电压特性的测量" and pv.extra["title_repeated_in_source"]
    assert sum(1 for r in records.values() if r.extra.get("title_repeated_in_source")) == 13
