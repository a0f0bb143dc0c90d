"""Datasette's table and query pages as a committee member reads them (issue 17, pages for people).

Catalogue: the bundled sample + the hand-written records of _publish_support, plus one HAND-WRITTEN Indian
record without a status (as the BIS lists give them; not real data). The last test reads the real BIS list
in ../shared/data/india and skips when it is absent.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from _publish_support import CHINESE_QMS, FOREIGN_QMS, Site, build_catalog
from conftest import shared_path

from standards_lib.catalog import Catalog
from standards_lib.catalog.schema import table
from standards_lib.interchange import record_from_dict
from standards_lib.publish.display_labels import (
    column_label,
    internal_columns,
    shown_columns,
    status_label,
)
from standards_lib.publish.source_links import official_link

INDIAN = "IS 99003:2020"  # hand-written: an Indian standard whose source gives no status (as BIS does)
CJK = re.compile(r"^[\u3400-\u9fff（）]")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    path = build_catalog(tmp_path_factory.mktemp("people") / "catalog.db")
    with Catalog(path) as catalog:
        record = {"designation": INDIAN, "title": "Hand-written cement test", "title_lang": "en", "source": "bis"}
        catalog.upsert_records([record_from_dict(record)], source="bis")
    s = Site(path)
    yield s
    s.close()


def headers(html: str) -> list[str]:
    """The text of each column header of the rows table."""
    return [
        re.sub(r"\s+|&nbsp;[▼▲]", " ", h).strip()
        for h in re.findall(r'<th [^>]*scope="col"[^>]*>\s*(?:<a [^>]*>)?([^<]*)', html)
    ]


def test_standards_table_page_folds_descriptions_labels_headers_and_hides_internal_columns(site: Site) -> None:
    html = site.get("/catalog/standards?country=IN").text
    notes = html.index('<details class="brics-column-notes">')
    assert html.index('<dl class="column-descriptions">') > notes  # the only list of descriptions is folded
    assert html.count('class="column-descriptions"') == 1
    assert notes < html.index('<table class="rows-and-columns">')
    assert "列说明 Column descriptions (35)" in html
    shown = headers(html)
    assert shown[:3] == ["标准号 Designation", "原文标准号 As published", "国家 Country"]
    assert all(CJK.match(h) for h in shown), shown
    columns = set(re.findall(r'data-column="([^"]+)"', html))
    assert columns and not columns & internal_columns("standards")
    assert "work_key" in site.get("/catalog/standards.json?country=IN").text  # the JSON keeps every column
    assert '<span class="brics-status brics-status-unknown">未知 unknown</span>' in html
    assert ">印度 India</td>" in html
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', html, re.S)
    assert crumbs and "标准目录 Standards catalogue" in crumbs.group(1) and ">catalog<" not in crumbs.group(1)


def test_suggestions_table_shows_titles_and_readable_relations(site: Site) -> None:
    html = site.get("/catalog/suggestions").text
    row = re.search(r"<tr>\s*<td[^>]*>.*?</tr>", html[html.index("<tbody>") :], re.S)
    assert row and FOREIGN_QMS in row.group(0)
    assert "质量管理体系" in row.group(0) and 'class="brics-cell-title"' in row.group(0)
    assert "相同 identical" in row.group(0) and "0.97" in row.group(0)
    assert headers(html)[1:3] == ["外国标准 Foreign standard", "中国标准 Chinese standard"]
    assert "matcher_version" not in headers(html) and "created_at" not in set(
        re.findall(r'data-column="([^"]+)"', html)
    )
    low = site.get("/catalog/suggestions?foreign_id=" + quote("SANS 62133-2:2017")).text
    assert ">相关 related<" in low


def test_canned_results_name_status_and_country_and_leave_out_empty_columns(site: Site) -> None:
    html = site.get("/catalog/search?q=cement&country=").text
    assert INDIAN in html and "未知 unknown" in html and "印度 India" in html
    shown = headers(html)
    assert "样例 Sample" not in shown and "中文标题 Chinese title" not in shown  # zeros and empties left out
    assert shown == ["标准号 Designation", "国家 Country", "状态 Status", "英文标题 English title"]
    sample = site.get("/catalog/search?q=" + quote("质量管理体系") + "&country=").text
    assert "样例 Sample" in headers(sample) and "样例 sample" in sample  # sample rows say so
    assert "现行 current" in sample and "中国 China" in sample and CHINESE_QMS in sample


def test_an_indian_standard_without_status_reads_unknown_and_links_the_bis_catalogue(site: Site) -> None:
    page = site.get("/-/standard/" + quote(INDIAN, safe="")).text
    assert "未知 unknown" in page and "brics-status-unknown" in page
    assert "bis.gov.in" in page and "q=IS+99003%3A2020" in page and "BIS 印度标准局" in page


def test_labels_are_chinese_first_and_empty_columns_are_found() -> None:
    for name in ("standards", "suggestions", "adoption_suggestions", "reviews", "adoption_reviews", "adoptions"):
        for col in table(name).columns:
            if col.name not in internal_columns(name) and col.name != "id":
                assert CJK.match(column_label(name, col.name)), (name, col.name)
    assert column_label(None, "no_such_column") == "no_such_column"
    assert status_label(None) == status_label("") == "未知 unknown" and status_label("current") == "现行 current"
    assert status_label("odd") == "odd"
    columns = ["designation", "title_en", "sample", "title_zh"]
    assert shown_columns(columns, [("A", "", 0, "甲"), ("B", None, 0, None)]) == [0, 3]
    assert shown_columns(columns, [("A", "x", 1, None)]) == [0, 1, 2]
    assert shown_columns(["designation", "status"], [("A", None)]) == [0, 1]  # a status is never left out
    assert shown_columns(columns, []) == [0, 1, 2, 3]


def test_every_real_indian_standard_has_a_source_link_and_reads_unknown(tmp_path: Path) -> None:
    from standards_lib.pipeline import refresh

    india = shared_path("india")
    db = tmp_path / "india.db"
    refresh(db, from_path=india, match=False)
    with Catalog(db) as catalog:
        rows = [dict(r) for r in catalog.db.query("select * from standards where country = 'IN'")]
    assert len(rows) >= 700  # 711 in the list of 2026
    assert all(r["status"] is None and status_label(r["status"]) == "未知 unknown" for r in rows)
    links = [official_link(r) for r in rows]
    assert all(link and link[0].startswith("https://www.services.bis.gov.in/") for link in links)
