"""Russian sources on real data: Relaton YAML (relaton-data-gost, relaton-data-easc, relaton fixtures) and
mgscatalog.by detail pages; corrupted copies are made in memory (tmp_path) from the real files."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml
from conftest import shared_path

from standards_lib.records import Adoption, StandardRecord
from standards_lib.scrapers import get_source, mgscatalog, relaton
from standards_lib.scrapers.base import Quarantined, summarize

GOST = ("russia", "relaton-data-gost-sample")
EASC = ("russia", "relaton-data-easc", "data")
FIXTURES = ("russia", "relaton-monorepo-gost-fixtures")
MGS_PAGES = ("russia", "relaton-data-easc", "fixtures")


def _records(*parts: str) -> dict[str, StandardRecord]:
    records, bad, _ = summarize("relaton", relaton.extract([shared_path(*parts)]))
    assert bad == []
    return {r.canonical: r for r in records}


def test_registry_names_the_modules():
    assert get_source("relaton") is relaton
    assert get_source("mgscatalog") is mgscatalog
    for module in (relaton, mgscatalog):
        assert module.NAME and module.DESCRIPTION and "\n" not in module.DESCRIPTION


def test_gost_modified_adoption_field_by_field():
    record = _records(*GOST)["ГОСТ 14254-2015"]
    assert record.designation == "ГОСТ 14254-2015 (IEC 60529:2013)"
    assert (record.country, record.body, record.kind, record.number, record.year) == (
        "RU",
        "EASC",
        "interstate",
        "14254",
        2015,
    )
    assert record.adoptions == [Adoption("IEC 60529:2013", "MOD", "designation")]
    assert record.titles == {"ru": "Степени защиты, обеспечиваемые оболочками (Код IP)"}
    assert record.ics == ["17.160"]
    assert (record.status, record.status_raw) == ("current", "active")
    assert record.published == "2015"  # the data carries the year only, written 2015-01-01
    assert record.source == "relaton"
    assert record.source_url == "https://new-shop.ksm.kz/catalog/document/64687/"
    assert record.location.endswith("gost-14254-2015.yaml")
    assert record.extra["doctype"] == "interstate"
    assert record.extra["relaton_id"] == "GOST-14254-2015"


def test_gost_r_identical_adoption():
    record = _records(*GOST)["ГОСТ Р ИСО 9001-2015"]
    assert (record.kind, record.body, record.prefix) == ("national", "Rosstandart", "ГОСТ Р ИСО")
    assert len(record.adoptions) == 1
    adoption = record.adoptions[0]
    # the designation names ISO 9001 without its year; the parser leaves it undated
    assert adoption.ref.split(":")[0] == "ISO 9001" and adoption.degree == "IDT"
    assert record.titles["ru"] == "Системы менеджмента качества. Требования"
    assert record.ics == []  # ext.ics_code is absent on this GOST R record
    assert record.extra["doctype"] == "national"


def test_gost_sample_counts_and_statuses():
    records = _records(*GOST)
    assert len(records) == 11
    assert Counter(r.status for r in records.values()) == Counter({"current": 10, "upcoming": 1})
    assert {r.kind for r in records.values()} == {"interstate", "national"}
    identical = {
        c: [a.ref.split(":")[0] for a in r.adoptions]
        for c, r in records.items()
        if any(a.degree == "IDT" for a in r.adoptions)
    }
    assert identical == {
        "ГОСТ ИСО/МЭК 17025-2019": ["ISO/IEC 17025"],
        "ГОСТ МЭК 60335-1-2015": ["IEC 60335-1"],
        "ГОСТ МЭК 60950-1-2014": ["IEC 60950-1"],
        "ГОСТ ИСО 898-1-2014": ["ISO 898-1"],
        "ГОСТ ИСО 9001-2011": ["ISO 9001"],
        "ГОСТ Р ИСО 14001-2016": ["ISO 14001"],
        "ГОСТ Р ИСО 9001-2015": ["ISO 9001"],
    }
    assert records["ГОСТ ИСО 9001-2011"].status_raw == "adopted-pending"
    assert records["ГОСТ 10000-75"].year == 1975 and records["ГОСТ 10000-75"].ics == ["43.080.10"]
    assert all(r.titles.get("ru") for r in records.values())


def test_easc_rules_and_recommendations():
    records = _records(*EASC)
    assert len(records) == 167
    assert Counter(r.prefix.split()[0] for r in records.values()) == Counter({"РМГ": 111, "ПМГ": 56})
    pmg = records["ПМГ В 31-2001"]
    assert pmg.status_raw == "replaces" and pmg.status == "current"
    assert pmg.extra["council_session"] == "19МГС"
    assert pmg.extra["joining_states"][:3] == ["АРМ", "ТУР", "БЕИ"] and "," not in pmg.extra["joining_states"]
    assert pmg.source_url == "https://mgscatalog.by/katalogstand_detail.php?UrlRN=110917"
    statuses = Counter(r.status for r in records.values())
    assert set(statuses) <= {"current", "replaced", "withdrawn"}
    assert statuses["replaced"] == 26 and statuses["withdrawn"] == 14


def test_fixtures_folder_skips_the_index():
    folder = shared_path(*FIXTURES)
    records, bad, summary = summarize("relaton", relaton.extract([folder]))
    assert (summary.records, summary.quarantined) == (3, 0)
    assert sorted(r.canonical for r in records) == ["ГОСТ 1.0-2015", "ГОСТ 1.0-92", "ГОСТ Р 34.12-2015"]
    assert folder / "index-v2.yaml" not in relaton.discover(folder)
    assert relaton.is_index(yaml.safe_load((folder / "index-v2.yaml").read_text("utf-8")))


def test_discover_finds_only_relaton_records():
    found = relaton.discover(shared_path())
    assert len(found) == 181
    assert all("russia" in str(p) for p in found)


def test_reimport_gives_identical_records():
    first = list(relaton.extract([shared_path("russia")]))
    second = list(relaton.extract([shared_path("russia")]))
    assert len(first) == 181 and first == second


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda t: t[: len(t) // 3] + "\n  - [unclosed", "invalid YAML at line"),
        (
            lambda t: t.replace("designation_original:", "other_note:").replace("docidentifier:", "old_identifiers:"),
            "no designation: neither ext.designation_original nor a docidentifier",
        ),
        (
            lambda t: t.replace("title:", "old_title:"),
            "no title: record 'ГОСТ 14254-2015 (IEC 60529:2013)' has no 'title'",
        ),
        (lambda t: "- just\n- a list\n", "not a Relaton record: top level is a list"),
        (lambda t: "", "empty file"),
    ],
)
def test_corrupted_copy_is_quarantined_and_batch_continues(tmp_path, damage, expected):
    source = shared_path(*GOST, "gost-14254-2015.yaml")
    good = shared_path(*GOST, "gost-r-9001-2015.yaml")
    (tmp_path / "a-broken.yaml").write_text(damage(source.read_text("utf-8")), encoding="utf-8")
    (tmp_path / "b-good.yaml").write_bytes(good.read_bytes())
    items = list(relaton.extract([tmp_path]))
    assert len(items) == 2
    broken, fine = items
    assert isinstance(broken, Quarantined) and expected in broken.reason
    assert broken.location.endswith("a-broken.yaml")
    assert isinstance(fine, StandardRecord) and fine.canonical == "ГОСТ Р ИСО 9001-2015"


def test_wrong_encoding_is_named(tmp_path):
    text = shared_path(*GOST, "gost-14254-2015.yaml").read_text("utf-8")
    path = tmp_path / "cp1251.yaml"
    path.write_bytes(text.encode("cp1251", "replace"))
    (item,) = relaton.extract([path])
    assert isinstance(item, Quarantined)
    assert "not UTF-8" in item.reason and item.location == str(path)


def test_unknown_status_word_is_quarantined_with_the_word(tmp_path):
    text = shared_path(*GOST, "gost-14254-2015.yaml").read_text("utf-8").replace("content: active", "content: mystery")
    path = tmp_path / "status.yaml"
    path.write_text(text, encoding="utf-8")
    (item,) = relaton.extract([path])
    assert isinstance(item, Quarantined) and "'mystery'" in item.reason


def test_relations_become_replaces_and_adoptions(tmp_path):
    # hand-written record in the Relaton shape, with relations (the real samples carry none)
    (tmp_path / "hand.yaml").write_text(
        "id: GOST-R-1-2020\n"
        "title:\n- language: rus\n  content: Пример\n  type: main\n- language: eng\n  content: Example\n  type: main\n"
        "docidentifier:\n- content: GOST R 1-2020\n  type: GOST\n  primary: true\n"
        "date:\n- type: published\n  from: '2020-03-15'\n- type: implemented\n  from: '2021-01-01'\n"
        "status:\n  stage:\n    content: active\n"
        "relation:\n- type: obsoletes\n  bibitem:\n    formattedref:\n      content: ГОСТ Р 1-2004\n"
        "- type: identical\n  bibitem:\n    docidentifier:\n    - content: ISO 1:2016\n"
        "ics:\n- code: '01.120'\n",
        encoding="utf-8",
    )
    (record,) = relaton.extract([tmp_path])
    assert record.titles == {"ru": "Пример", "en": "Example"}
    assert (record.published, record.effective) == ("2020-03-15", "2021")
    assert record.replaces == ["ГОСТ Р 1-2004"]
    assert Adoption("ISO 1:2016", "IDT", "metadata") in record.adoptions
    assert record.ics == ["01.120"]
    assert record.extra["relations"][0] == {"type": "obsoletes", "ref": "ГОСТ Р 1-2004"}


def test_mgscatalog_real_pages_field_by_field():
    folder = shared_path(*MGS_PAGES)
    items = {i.canonical: i for i in mgscatalog.extract([folder])}
    pmg = items["ПМГ В 31-2001"]
    assert pmg.titles["ru"].startswith("Порядок оформления заявок и договоров")
    assert (pmg.status, pmg.status_raw) == ("current", "Взамен")
    assert pmg.replaces == ["ПМГ В 01-99"]
    assert pmg.extra["council_session"] == "19МГС"
    assert pmg.extra["joining_states"] == ["АРМ", "ТУР", "БЕИ", "УКР", "УЗБ", "АЗЕ", "КАЗ", "КЫР", "ТАД", "РОФ"]
    assert pmg.source_url == "https://mgscatalog.by/katalogstand_detail.php?UrlRN=110917"
    rmg = items["РМГ 151-2025"]
    assert (rmg.status, rmg.status_raw, rmg.year) == ("current", "Введен впервые", 2025)
    assert rmg.extra["committee"] == "МТК 536 Методология межгосударственной стандартизации"
    assert rmg.extra["council_session"] == "67МГС"
    assert rmg.extra["scope"].startswith("Настоящие рекомендации")
    assert sorted(mgscatalog.discover(shared_path())) == sorted(folder.glob("*.html"))


def test_mgscatalog_page_without_table_is_a_layout_error(tmp_path):
    page = shared_path(*MGS_PAGES, "detail-rmg-478357.html").read_text("utf-8")
    broken = tmp_path / "detail-x-1.html"
    broken.write_text(page.replace("Обозначение", "Шифр документа"), encoding="utf-8")
    (item,) = mgscatalog.extract([broken])
    assert isinstance(item, Quarantined)
    assert "layout changed" in item.reason and "Обозначение" in item.reason


def test_mgscatalog_windows_1251_page(tmp_path):
    # hand-written page in the layout of the site, saved in windows-1251
    html = (
        "<html><body><h3>КАТАЛОГ МЕЖГОСУДАРСТВЕННЫХ СТАНДАРТОВ</h3><table>"
        "<tr><td><b>Обозначение</b></td><td>ГОСТ 1.0-2015</td></tr>"
        "<tr><td><b>Наименование</b></td><td>Межгосударственная система стандартизации</td></tr>"
        "<tr><td><b>Состояние</b></td><td>Действует</td></tr>"
        "<tr><td><b>Дата введения в действие</b></td><td>01.07.2016</td></tr>"
        "<tr><td><b>МКС</b></td><td>01.120</td></tr></table></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("cp1251"))
    (record,) = mgscatalog.extract([path])
    assert (record.canonical, record.status, record.effective, record.ics) == (
        "ГОСТ 1.0-2015",
        "current",
        "2016-07-01",
        ["01.120"],
    )
    assert record.source_url is None
    assert mgscatalog.discover(tmp_path) == [path]
