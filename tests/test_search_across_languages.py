"""Search across languages (``/-/search`` and ``standards search``, one ranking): through the glossary rendering
of the query and through adoption links. Catalogue: test_hub_views' (sample + HAND-WRITTEN records and links)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from _publish_support import Site
from click.testing import CliRunner
from test_hub_views import WIND, hub_catalog

from standards_lib.cli.main import cli
from standards_lib.publish.search import search


@pytest.fixture(scope="module")
def catalog_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hub_catalog(tmp_path_factory.mktemp("search") / "catalog.db")


def found(path: Path, query: str, country: str | None = None) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(path)) as conn:
        return [(r["id"], r["found_by"]) for r in search(conn, query, country=country, per_page=100).rows]


def test_a_chinese_query_finds_standards_titled_in_other_languages(catalog_path: Path) -> None:
    rows = dict(found(catalog_path, "风力发电机组"))
    assert rows[WIND] == "title"
    # SANS 61400-1 (English title) through the glossary; the Russian adopter of the same work through the link
    assert rows["ГОСТ Р 54418.1-2012"] in ("translated", "linked") and "SANS 61400-1:2020" in rows
    assert found(catalog_path, "风力发电机组", country="ZA") == [("SANS 61400-1:2020", rows["SANS 61400-1:2020"])]


def test_an_english_query_finds_the_chinese_adopter_of_the_work_it_finds(catalog_path: Path) -> None:
    rows = dict(found(catalog_path, "wind energy generation", country="CN"))  # IEC 61400-1 title
    assert rows.get(WIND) == "linked"


def test_a_designation_ranks_its_family_first(catalog_path: Path) -> None:
    first = found(catalog_path, "IEC 61400-1")[0]
    assert first == ("IEC 61400-1:2019", "designation")


def test_site_and_cli_rank_the_same_with_chinese_labels_and_paging(catalog_path: Path) -> None:
    site = Site(catalog_path)
    try:
        html = site.get("/-/search?q=%E9%A3%8E%E5%8A%9B%E5%8F%91%E7%94%B5%E6%9C%BA%E7%BB%84").text  # 风力发电机组
    finally:
        site.close()
    on_site = re.findall(r'<td><a href="/-/standard/[^"]+">([^<]+)</a></td>', html)
    result = CliRunner().invoke(cli, ["search", "风力发电机组", "--db", str(catalog_path), "--limit", "20"])
    assert result.exit_code == 0, result.output
    in_cli = [line.split("  ")[0].strip() for line in result.output.splitlines() if line.strip()]
    assert on_site == in_cli[: len(on_site)] and on_site
    assert "共 " in html and "现行 current" in html and "中国 China" in html
    assert ">CN<" not in html and "sample" not in html.lower().split("<main")[-1]
