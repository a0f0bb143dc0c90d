"""The committee's title database (题录): imported as a source of its own, searched and matched in Chinese.

Inputs are hand-written: ``tests/data/committee_tilu_handwritten.csv`` (labelled so in the file) and the
Chinese standards below (real designations and titles of Chinese standards, written here by hand).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from standards_lib.catalog import Catalog
from standards_lib.cli.main import cli
from standards_lib.interchange import record_from_dict
from standards_lib.matching import match_records
from standards_lib.matching.equivalence.chinese_titles import chinese_title_key, compare_chinese_titles
from standards_lib.pipeline import refresh
from standards_lib.records import translated_languages
from standards_lib.scrapers import tabular
from standards_lib.scrapers.base import summarize

SHEET = Path(__file__).parent / "data" / "committee_tilu_handwritten.csv"

#: Hand-written Chinese standards (designation, title, status, adoption): the other side of the pairs.
CHINESE = [
    ("GB/T 16895.21-2020", "低压电气装置 第4-41部分：安全防护 电击防护", "现行", None),
    ("GB/T 16895.23-2020", "低压电气装置 第6部分：检验", "现行", None),
    ("GB/T 14048.1-2023", "低压开关设备和控制设备 第1部分：总则", "现行", None),
    ("GB/T 14048.1-2012", "低压开关设备和控制设备 第1部分：总则", "作废", None),
    ("GB/T 14048.2-2020", "低压开关设备和控制设备 第2部分：断路器", "现行", None),
    ("GB/T 10069.3-2024", "旋转电机噪声测定方法及限值 第3部分：噪声限值", "现行", None),
    ("GB 4706.13-2014", "家用和类似用途电器的安全 制冷器具、冰淇淋机和制冰机的特殊要求", "现行", "IEC 60335-2-24:2010"),
    ("GB/T 1243-2024", "传动用短节距精密滚子链、套筒链、附件和链轮", "现行", None),
    ("GB/T 4208-2017", "外壳防护等级（IP代码）", "现行", None),
    ("GB 4343.1-2018", "家用电器、电动工具和类似器具的电磁兼容要求 第1部分：发射", "现行", None),
    ("GB/T 2099.1-2021", "家用和类似用途插头插座 第1部分：通用要求", "现行", None),
    ("GB/T 19001-2016", "质量管理体系 要求", "现行", "ISO 9001:2015"),
    ("GB/T 16895.1-2008", "低压电气装置 第1部分：基本原则、一般特性评估和定义", "现行", None),
]


def chinese_records(source: str = "jsonl") -> list:
    return [
        record_from_dict(
            {
                "designation": d,
                "title": t,
                "title_lang": "zh",
                "status": s,
                "adoptions": [{"ref": a, "degree": "IDT"}] if a else [],
            },
            source=source,
        )
        for d, t, s, a in CHINESE
    ]


def test_sheet_import_report_per_row_and_country():
    records, bad, summary = summarize("committee", tabular.extract([SHEET], mapping="committee", source="committee"))
    assert summary.records == 13 and summary.quarantined == 5
    by_id = {r.canonical: r for r in records}
    gost = by_id["ГОСТ Р 50571.4.41-2022"]
    assert gost.source == "committee" and gost.country == "RU"
    assert gost.titles["zh"] == "低压电气装置 第4-41部分：安全防护 电击防护"
    assert gost.titles["ru"].startswith("Электроустановки низковольтные")  # the original, language from 国别
    assert translated_languages(gost) == ["zh"]
    assert gost.extra["归口单位"] == "ТК 337" and gost.extra["序号"] == "1"  # unknown columns kept
    assert by_id["ГОСТ Р 50571.6-2023"].published == "2023-03-01"  # 2023年3月1日
    assert by_id["ГОСТ Р 52161.2.24-2007"].adoptions[0].degree == "NEQ"  # неэквивалентный
    nbr = by_id["ABNT NBR 5410:2004"]
    assert nbr.titles["pt"] == "Instalações elétricas de baixa tensão" and nbr.published == "2004-09-30"
    assert sorted(translated_languages(nbr)) == ["en", "zh"]  # English is a translation of a Portuguese title
    indian = by_id["IS 2403:2014"]
    assert indian.titles["en"].startswith("Transmission") and translated_languages(indian) == ["zh"]
    reasons = {q.location.rsplit("#", 1)[1]: (q.country, q.reason) for q in bad}
    assert reasons["row 17"][0] == "" and "unknown country '火星'" in reasons["row 17"][1]
    assert reasons["row 18"][0] == "IN" and "is a standard of RU" in reasons["row 18"][1]
    assert reasons["row 19"] == ("RU", reasons["row 19"][1]) and "'暂停'" in reasons["row 19"][1]
    assert reasons["row 20"][0] == "BR" and "not a date" in reasons["row 20"][1]
    assert reasons["row 21"] == ("ZA", "the designation cell is empty")


def test_xlsx_of_the_same_sheet_reads_the_same(tmp_path):
    lines = [line for line in SHEET.read_text("utf-8").splitlines() if not line.startswith("#")]
    import csv

    book = openpyxl.Workbook()
    for row in csv.reader(lines):
        book.active.append(row)
    path = tmp_path / "题录.xlsx"
    book.save(path)
    from_csv = [r for r in tabular.extract([SHEET], mapping="committee") if not hasattr(r, "reason")]
    from_xlsx = [r for r in tabular.extract([path], mapping="committee") if not hasattr(r, "reason")]
    assert [(r.canonical, r.titles, r.status, r.extra) for r in from_xlsx] == [
        (r.canonical, r.titles, r.status, r.extra) for r in from_csv
    ]


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("低压电气装置 第4-41部分：安全防护 电击防护", "低压电气装置 第 4-41 部分: 安全防护  电击防护", "identical"),
        ("外壳防护等级（IP代码）", "外壳防护等级(IP 代码)", "identical"),
        ("低压开关设备和控制设备 第1部分：总则", "低压开关设备与控制设备 第1部分:总则", "near-identical"),
        ("低压开关设备和控制设备 第1部分：总则", "低压开关设备和控制设备 第2部分：总则", None),
        ("低压电气装置 第4-41部分：安全防护", "低压电气装置 第44-1部分：安全防护", None),
        ("交流电动机 试验方法", "直流电动机 试验方法", None),
    ],
)
def test_chinese_titles_compare_ignoring_how_a_translation_is_written(a, b, expected):
    assert compare_chinese_titles(a, b) == expected
    assert chinese_title_key("ＧＢ 第１部分：Ａ") == chinese_title_key("gb 第 1 部分: a")


def pair_table() -> dict[str, tuple[str, str, float, str]]:
    """foreign id -> (best Chinese id, relation, score, summary) for the hand-written sheet."""
    foreign = [r for r in tabular.extract([SHEET], mapping="committee") if not hasattr(r, "reason")]
    suggestions, _ = match_records(foreign + chinese_records())
    best: dict[str, tuple[str, str, float, str]] = {}
    for s in suggestions:
        if s.rank == 1:
            best[s.foreign_id] = (s.chinese_id, s.relation, s.score, s.evidence["summary"])
    return best


def test_identical_chinese_titles_with_agreeing_parts_are_equivalent():
    table = pair_table()
    for foreign, chinese in [
        ("ГОСТ Р 50571.4.41-2022", "GB/T 16895.21-2020"),  # the example: was "related" at 0.75
        ("ГОСТ Р 50571.6-2023", "GB/T 16895.23-2020"),  # 第 6 部分: vs 第6部分：
        ("ГОСТ Р 50030.1-2007", "GB/T 14048.1-2023"),  # 与 for 和; the current edition, not the withdrawn one
        ("ГОСТ Р 50030.2-2010", "GB/T 14048.2-2020"),
        ("IS 2403:2014", "GB/T 1243-2024"),
        ("SANS 60529:2013", "GB/T 4208-2017"),  # (IP 代码) vs （IP代码）
        ("ГОСТ Р 51318.14.1-2006", "GB 4343.1-2018"),  # ， and a missing ：
        ("ABNT NBR 14136:2012", "GB/T 2099.1-2021"),
    ]:
        chinese_id, relation, score, summary = table[foreign]
        assert (chinese_id, relation) == (chinese, "equivalent"), (foreign, table[foreign])
        assert score >= 0.8 and "Chinese titles" in summary and "(translation)" in summary
    assert table["ГОСТ Р 50571.4.41-2022"][3].startswith("中文标题相同 / Chinese titles identical (translation)")
    assert "nearly identical" in table["ГОСТ Р 50030.1-2007"][3]


def test_other_evidence_speaks_against_identical_titles():
    table = pair_table()
    neq = table["ГОСТ Р 52161.2.24-2007"]  # same Chinese title, but the foreign adoption is declared NEQ
    assert neq[0] == "GB 4706.13-2014" and neq[1] == "related" and neq[2] <= 0.5
    wrong = table.get("ГОСТ Р ИСО 14001-2016")  # identical title, but ISO 14001 against ISO 9001
    assert wrong is None or wrong[1] == "related"
    part = table.get("ГОСТ Р 53387-2009")  # 第2部分 against 第3部分: different parts
    assert part is None or (part[1] == "related" and part[2] <= 0.3)
    assert "SANS 10142-1:2020" not in table or table["SANS 10142-1:2020"][1] == "related"


def test_refresh_from_the_sheet_as_its_own_source(tmp_path):
    db = tmp_path / "catalog.db"
    with Catalog(db) as catalog:
        catalog.upsert_records(chinese_records(), source="jsonl")
    report = tmp_path / "run.json"
    run = refresh(db, sources=["csv"], from_path=SHEET, mapping="committee", report=report)
    (part,) = run.sources
    assert part.name == "committee" and part.records == 13 and part.quarantined_new == 5
    assert part.by_country["RU"] == {"records": 8, "quarantined": 1}
    assert part.by_country["unknown"] == {"records": 0, "quarantined": 1}
    assert run.exit_code == 3 and json.loads(report.read_text("utf-8"))["sources"][0]["by_country"]["IN"]
    with Catalog(db) as catalog:
        rows = catalog.db.execute(
            "select foreign_id, relation from suggestions where chinese_id = 'GB/T 16895.21-2020' and rank = 1"
        ).fetchall()
        assert rows == [("ГОСТ Р 50571.4.41-2022", "equivalent")]
        found = {r["id"] for r in catalog.search("电击防护")}  # the foreign standard by its Chinese title too
        assert found == {"ГОСТ Р 50571.4.41-2022", "GB/T 16895.21-2020"}
        source = catalog.db.execute("select title from sources where name = 'committee'").fetchone()
        assert source and "题录" in source[0]
    # a second night without row 12: the record is missing, the known quarantine keeps exit code 0
    lines = SHEET.read_text("utf-8").splitlines()
    shorter = tmp_path / "题录.csv"
    shorter.write_text("\n".join(line for line in lines if not line.startswith("12,")) + "\n", "utf-8")
    again = refresh(db, sources=["csv"], from_path=shorter, mapping="committee", match=False)
    assert again.sources[0].upsert["missing"] == 1 and again.exit_code == 0


def test_cli_refresh_with_mapping_names_a_bad_mapping(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["refresh", "--from", str(SHEET), "--source", "csv", "--mapping", "nope", "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 1 and "--mapping nope: no such mapping file" in result.output
    result = runner.invoke(
        cli,
        [
            "refresh",
            "--from",
            str(SHEET),
            "--source",
            "csres",
            "--mapping",
            "committee",
            "--db",
            str(tmp_path / "c.db"),
        ],
    )
    assert result.exit_code == 1 and "--source csv or --source xlsx" in result.output
    result = runner.invoke(
        cli,
        ["refresh", "--from", str(SHEET), "--mapping", "committee", "--no-match", "--db", str(tmp_path / "c.db")],
    )
    assert result.exit_code == 3, result.output
    assert "committee" in result.output and "RU 8 read, 1 quarantined" in result.output


def test_cards_and_pages_show_the_chinese_title_next_to_the_original():
    from standards_lib.catalog.rows import record_from_row, standard_row
    from standards_lib.publish.pages import _titles
    from standards_lib.publish.queue import _title_side

    record = next(
        r for r in tabular.extract([SHEET], mapping="committee") if getattr(r, "canonical", "") == "IS 2403:2014"
    )
    row = standard_row(record, ["committee"])
    assert translated_languages(record_from_row(row, [], [], [])) == ["zh"]  # stored and read back
    side = _title_side(row, [])
    assert side.title.startswith("Transmission steel roller chains") and side.title_lang == "en"
    assert side.chinese_title == "传动用短节距精密滚子链、套筒链、附件和链轮" and side.chinese_title_translated
    labels = {lang: label for lang, label, _ in _titles(row)}
    assert labels["zh"].endswith("译文 translation") and "translation" not in labels["en"]
