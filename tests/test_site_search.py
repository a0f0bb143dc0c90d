"""Search and browsing on the site: Chinese words of any length in every search box (Datasette's own
table search included), relevance (designation, whole word, current edition), undated designations,
canned-query pages for the committee, and the home page figures.

Catalogue: bundled sample + hand-written records (see _publish_support) + the HAND-WRITTEN records
below (made up for these tests)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from _publish_support import CHINESE_QMS, Site, build_catalog

from standards_lib.catalog import Catalog
from standards_lib.catalog.relevance import chinese_word_hit, designation_hit, relevance_tier, word_hit
from standards_lib.interchange import record_from_dict

APPLIANCES = [  # hand-written
    {"designation": "GB/T 99010-2020", "titles": {"zh": "电气继电器 第1部分：通用要求"}, "status": "现行"},
    {"designation": "GB/T 99011-2020", "titles": {"zh": "家用电器 待机功率测量方法"}, "status": "现行"},
    {"designation": "GB/T 99012-2010", "titles": {"zh": "家用电器 噪声测量方法"}, "status": "废止"},
    {"designation": "GB/T 99013-2019", "titles": {"zh": "继电器 可靠性试验"}, "status": "现行"},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    path = build_catalog(tmp_path_factory.mktemp("search") / "catalog.db")
    with Catalog(path) as catalog:
        catalog.upsert_records([record_from_dict(r) for r in APPLIANCES], source="handwritten")
    s = Site(path)
    yield s
    s.close()


def table_ids(html: str) -> list[str]:
    return re.findall(r'<td class="col-id[^"]*"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def search_ids(site: Site, query: str, country: str = "") -> list[str]:
    response = site.get(f"/catalog/search.json?_shape=array&q={quote(query)}&country={country}")
    assert response.status_code == 200, response.text[:300]
    return [r["designation"] for r in response.json()]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("质量管理", CHINESE_QMS),
        ("质量管理体系", CHINESE_QMS),
        ("质量", CHINESE_QMS),
        ("体系 要求", CHINESE_QMS),
    ],
)
def test_datasette_table_search_finds_chinese_words_of_any_length(site: Site, query: str, expected: str) -> None:
    rows = site.get(f"/catalog/standards.json?_shape=array&_search={quote(query)}").json()
    assert expected in [r["id"] for r in rows]
    html = site.get(f"/catalog/standards?_search={quote(query)}").text
    assert f'value="{query}"' in html  # the box shows what was typed, not an FTS expression


def test_table_search_still_finds_latin_and_cyrillic_words(site: Site) -> None:
    ids = [r["id"] for r in site.get("/catalog/standards.json?_shape=array&_search=" + quote("менеджмента")).json()]
    assert "ГОСТ Р ИСО 9001-2015" in ids
    assert site.get("/catalog/standards.json?_shape=array&_search=" + quote('"unbalanced')).status_code == 200


def test_whole_word_ranks_above_substrings_and_current_above_withdrawn(site: Site) -> None:
    found = [i for i in search_ids(site, "电器") if i.startswith("GB/T 990")]
    assert found[:2] == ["GB/T 99011-2020", "GB/T 99012-2010"]  # 家用电器: current, then withdrawn
    assert set(found[2:]) == {"GB/T 99010-2020", "GB/T 99013-2019"}  # 继电器 (relays) after them


def test_relay_search_finds_the_relays_first(site: Site) -> None:
    found = [i for i in search_ids(site, "继电器") if i.startswith("GB/T 990")]
    assert found[:2] == ["GB/T 99013-2019", "GB/T 99010-2020"]


def test_designation_matches_come_first(site: Site) -> None:
    assert search_ids(site, "19001")[0] == CHINESE_QMS
    assert search_ids(site, "9001", "RU")[0] == "ГОСТ Р ИСО 9001-2015"


@pytest.mark.parametrize(
    "text, word, hit",
    [
        ("家用电器 待机功率", "电器", True),
        ("家用和类似用途电器的安全", "电器", True),
        ("低压电器 外壳", "电器", True),
        ("电气继电器 第1部分", "电器", False),
        ("继电器", "电器", False),
        ("继电器", "继电器", True),
        ("电池", "电池", True),
        ("锂离子电池组", "电池", False),
    ],
)
def test_chinese_whole_word(text: str, word: str, hit: bool) -> None:
    assert chinese_word_hit(text, word) is hit


def test_relevance_tiers() -> None:
    assert relevance_tier("GB/T 19001-2016", "质量管理体系", "current", "GB/T 19001") == 2  # designation, no title word
    assert relevance_tier("GB/T 1-2000", "Wind turbines", "current", "wind") == 4
    assert relevance_tier("GB/T 1-2000", "Windows", "withdrawn", "wind") == 7
    assert word_hit("Системы менеджмента качества", "менеджмента") and not word_hit("x", "")
    assert designation_hit("ISO 9001:2015", "iso9001") and not designation_hit("ISO 9001:2015", "ISO")


def test_undated_designation_opens_the_latest_edition(site: Site) -> None:
    response = site.get("/-/standard/" + quote("GB/T 19001", safe=""))
    assert response.status_code == 302 and response.headers["location"] == "/-/standard/" + quote(CHINESE_QMS, safe="")
    response = site.get("/-/standard/" + quote("GB/T 99012", safe=""))  # the only edition of that number
    assert response.status_code == 302 and response.headers["location"].endswith(quote("GB/T 99012-2010", safe=""))


def test_canned_query_pages_have_bilingual_labels_select_lists_and_no_sql(site: Site) -> None:
    html = site.get("/catalog/search?q=" + quote("质量管理体系") + "&country=").text
    for label in ("标准号 Designation", "国家 Country", "中文标题 Chinese title", "检索词 Search words"):
        assert label in html, label
    assert re.search(r'<select id="qp\d" name="country">', html) and '<option value="RU">俄罗斯 Russia</option>' in html
    assert "brics_match" not in html and "select " not in html.lower().replace("<select", "")
    assert "sql-query" not in html and "Edit SQL" not in html and "_hide_sql" not in html
    shown = site.get("/catalog/search?q=x&country=&_show_sql=1").text  # asking to see the SQL changes nothing
    assert "brics_match" not in shown
    coverage = site.get("/catalog/sector_coverage?sector=new_energy").text
    assert '<option value="new_energy" selected>新能源 New energy</option>' in coverage
    assert "标准数 Standards" in coverage and "已确认 Confirmed" in coverage


def test_home_page_has_headline_figures_and_the_sector_chart(site: Site) -> None:
    html = site.get("/").text
    figures = dict(
        (label.strip(), int(n.replace(",", "")))
        for n, label in re.findall(r'<span class="brics-figure-n">([\d,]+)</span>\s*([^<]+)', html)
    )
    with Catalog(site.path) as catalog:
        total = catalog.count("standards")
        suggestions = catalog.count("suggestions")
    assert figures == {
        "standards 标准": total,
        "suggested equivalences 建议对应": suggestions,
        "reviewed 已审核": 0,
        "confirmed 已确认": 0,
    }
    assert (
        '<svg class="brics-coverage-chart"' in html
        and "新能源 New energy" in html
        and "智能制造 Smart manufacturing" in html
    )
    assert re.search(r"CN \d+ · BR \d+", html)  # standards per country, China first
