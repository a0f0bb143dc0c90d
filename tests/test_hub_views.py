"""ICS through the hub, the work page and the concordance (site and ``standards concordance``).

Catalogue: the bundled sample + the hand-written records of _publish_support, plus the HAND-WRITTEN records,
inferred adoptions and adoption reviews below (written for these tests, not from any source): two Chinese
standards and a Russian one WITHOUT an ICS code of their own, linked to ISO/IEC works by inference (one
then rejected) and by a committee confirmation."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from _publish_support import Site, build_catalog
from click.testing import CliRunner

from standards_lib.catalog import Catalog
from standards_lib.cli.main import cli
from standards_lib.interchange import record_from_dict
from standards_lib.publish.coverage import update_coverage

WIND = "GB/T 99101-2025"  # inferred -> IEC 61400-1 (27.180, new energy)
BATTERY = "GB/T 99102-2025"  # inferred -> IEC 62133-2, then rejected by the committee
FUEL_CELL = "ГОСТ Р 99103-2025"  # confirmed by the committee -> IEC 62282-3-100 (27.070), no inference
RECORDS = [
    {"designation": WIND, "titles": {"zh": "风力发电机组 设计要求"}, "status": "现行", "source": "handwritten"},
    {"designation": BATTERY, "titles": {"zh": "含碱性电解质的蓄电池"}, "status": "现行", "source": "handwritten"},
    {"designation": FUEL_CELL, "titles": {"ru": "Топливные элементы"}, "status": "действует", "source": "handwritten"},
]
WIND_EVIDENCE = {  # the inference engine's shape (matching/inference.py), values hand-written
    "signals": {
        "cover_national": {"value": 0.8, "contribution": 2.6},
        "title": {"value": 0.7, "contribution": 1.9},
        "margin": {"value": 0.5, "contribution": 0.8},
        "edition_gap": {"value": 6.0, "contribution": -0.4},
    },
    "intercept": -2.7,
    "title": "wind turbin design requir",
    "international_title": "Wind energy generation systems — Part 1: Design requirements",
    "candidates": 9,
    "runner_up": {"work": "IEC 61400-2", "score": 0.08},
    "version": "adoption-inference-tests",
}
INFERRED = [  # (standard, work, international edition, score, evidence)
    (WIND, "IEC 61400-1", "IEC 61400-1:2019", 0.9, json.dumps(WIND_EVIDENCE)),
    (BATTERY, "IEC 62133-2", "IEC 62133-2:2017", 0.7, "{}"),
]
DECISIONS = [(BATTERY, "IEC 62133-2", "rejected"), (FUEL_CELL, "IEC 62282-3-100", "confirmed")]


def hub_catalog(path: Path) -> Path:
    build_catalog(path)
    with Catalog(path) as catalog:
        catalog.upsert_records([record_from_dict(r) for r in RECORDS], source="handwritten")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "insert into adoption_suggestions (standard_id, work, international_id, score, evidence, candidates, "
            "model_version) values (?, ?, ?, ?, ?, '[]', 'tests-handwritten')",
            INFERRED,
        )
        conn.executemany(
            "insert into adoption_reviews (standard_id, work, decision, reviewer, reviewed_at) "
            "values (?, ?, ?, 'alice', '2026-01-01T00:00:00')",
            DECISIONS,
        )
    update_coverage(path)
    return path


@pytest.fixture(scope="module")
def catalog_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hub_catalog(tmp_path_factory.mktemp("hub") / "catalog.db")


@pytest.fixture(scope="module")
def site(catalog_path: Path):
    s = Site(catalog_path)
    yield s
    s.close()


def query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def test_links_say_how_they_are_known_and_a_rejected_inference_is_no_link(catalog_path: Path) -> None:
    links = dict(((s, w), how) for s, w, how in query(catalog_path, "select standard_id, work, how from work_links"))
    assert links[(WIND, "IEC 61400-1")] == "inferred"
    assert links[(FUEL_CELL, "IEC 62282-3-100")] == "confirmed"
    assert links[("GB/T 19001-2016", "ISO 9001")] == "declared"
    assert (BATTERY, "IEC 62133-2") not in links


def test_a_standard_without_ics_is_classified_under_its_work_marked_derived(catalog_path: Path) -> None:
    classes = query(
        catalog_path,
        "select standard_id, ics_code, derived_via from standard_classes where standard_id in (?, ?, ?)",
        (WIND, BATTERY, FUEL_CELL),
    )
    assert sorted(classes) == [(WIND, "27.180", "IEC 61400-1"), (FUEL_CELL, "27.070", "IEC 62282-3-100")]
    # own codes stay, never marked derived (GB/T 9535-1998 carries 27.160 itself and adopts IEC 61215)
    own = query(catalog_path, "select derived_via from standard_classes where standard_id = 'GB/T 9535-1998'")
    assert own and all(d is None for (d,) in own)


def test_sector_counts_include_derived_codes_and_every_country_has_a_row(catalog_path: Path) -> None:
    rows = {
        (sector, country): n
        for sector, country, n in query(catalog_path, "select sector, country, standards from coverage_sectors")
    }
    for sector in ("new_energy", "smart_manufacturing"):
        assert {c for s, c in rows if s == sector} >= {"CN", "BR", "RU", "IN", "ZA"}
    live = query(
        catalog_path,
        "select count(distinct c.standard_id) from standard_classes c join standards s on s.id = c.standard_id "
        "join sectors sec on sec.sector = 'new_energy' and (c.ics_code = sec.ics_code or c.ics_code like sec.ics_code "
        "|| '.%') where s.country = 'CN'",
    )[0][0]
    assert rows[("new_energy", "CN")] == live
    assert query(catalog_path, "select count(*) from standard_classes where standard_id = ?", (WIND,))[0][0] == 1


def test_sector_filter_of_the_adoption_tab_reads_the_derived_ics(site: Site) -> None:
    html = site.get("/-/review?kind=adoptions&sector=new_energy&status=all").text
    assert WIND in html and BATTERY in html and "2 suggestions shown" in html.replace("</span>", "")
    html = site.get("/-/review?kind=adoptions&sector=smart_manufacturing&status=all").text
    assert WIND not in html


def test_work_page_lists_editions_and_adopters_per_country_with_how_known(site: Site) -> None:
    response = site.get("/-/work/IEC%2061400-1")
    assert response.status_code == 200
    html = response.text
    for text in (
        "IEC 61400-1:2019",
        WIND,
        "推断 inferred 0.90",
        "ГОСТ Р 54418.1-2012",
        "SANS 61400-1:2020",
        "来源声明 declared",
        "可互认 Ready for mutual recognition",
        "风力发电机组",
    ):
        assert text in html, text
    assert html.index("中国 China") < html.index("俄罗斯 Russia") < html.index("南非 South Africa")
    assert site.get("/-/work/IEC%2061400-1%3A2019").text.count(WIND) >= 1  # any edition opens its work
    assert site.get("/-/work/ISO%2099999").status_code == 404


def test_iso_page_lists_inferred_and_confirmed_adopters(site: Site) -> None:
    html = site.get("/-/standard/IEC%2061400-1%3A2019").text
    assert WIND in html and "推断 inferred 0.90" in html and "/-/work/IEC%2061400-1" in html
    html = site.get("/-/standard/IEC%2062282-3-100%3A2019").text
    assert FUEL_CELL in html and "委员会确认 confirmed" in html
    assert BATTERY not in site.get("/-/standard/IEC%2062133-2%3A2017").text  # rejected


EXPECTED_NEW_ENERGY = {  # counted by hand from the sample's declared adoptions and the links above
    # IEC 61730-1, 61400-1, 61851-1, 62133-2, 62282-3-100, ISO 50001; not IEC 61215 (adopted by GB/T 9535-1998
    # and IS 14286:2010, but the catalogue holds no edition of the undated work IEC 61215, only IEC 61215-1)
    "works": 6,
    "ready": 4,
    "abroad_not_china": 2,  # IEC 62133-2 (IN, ZA; the Chinese inference was rejected), IEC 62282-3-100 (RU)
    "china_not_abroad": 0,
}


def test_concordance_page_and_downloads(site: Site) -> None:
    html = site.get("/-/concordance?sector=new_energy").text
    assert "新能源 New energy" in html and "IEC 62282-3-100" in html and FUEL_CELL in html
    assert "ISO 14687" not in html  # no national adopter: not in the matrix
    response = site.get("/-/concordance?sector=new_energy&format=xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("国际标准 ISO/IEC work", "标题 title", "中国 China") and len(rows) == 1 + 6
    csv_text = site.get("/-/concordance?ics=27.180&format=csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("IEC 61400-1,") and f"{WIND} (inferred 0.90)" in csv_text
    assert site.get("/-/concordance?ics=banana").status_code == 400


def test_concordance_command_in_three_formats(catalog_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["concordance", "--sector", "new_energy", "--format", "json", "--db", str(catalog_path)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {k: data["summary"][k] for k in EXPECTED_NEW_ENERGY} == EXPECTED_NEW_ENERGY
    assert data["summary"]["gaps"]["RU"] == {
        "adopted_there_not_in_china": 1,
        "china_not_there": 1,
    }  # 62282-3-100 / 61851-1
    out = tmp_path / "c.xlsx"
    result = runner.invoke(
        cli, ["concordance", "--ics", "27", "--format", "xlsx", "-o", str(out), "--db", str(catalog_path)]
    )
    assert result.exit_code == 0 and openpyxl.load_workbook(out).active.max_row > 1
    result = runner.invoke(cli, ["concordance", "--ics", "27.1x", "--db", str(catalog_path)])
    assert result.exit_code == 1 and "not an ICS code" in result.output
    result = runner.invoke(cli, ["concordance", "--db", str(catalog_path)])
    assert result.exit_code == 1 and "either a sector" in result.output


def test_pages_for_people_evidence_cells_official_links_and_unknown_status(site: Site) -> None:
    html = site.get("/catalog/adoption_suggestions").text
    assert "次优候选 next best candidate: IEC 61400-2 (0.08)" in html and "&#34;intercept&#34;" not in html
    page = site.get("/-/standard/" + "GB%2FT%2099101-2025").text
    assert "openstd.samr.gov.cn/bzgk/gb/std_list?p.p2=GB%2FT+99101-2025" in page
    iso = site.get("/-/standard/IEC%2061400-1%3A2019").text
    assert "webstore.iec.ch/en/search?q=IEC+61400-1" in iso and ".yaml" not in iso and "../shared" not in iso
    from standards_lib.publish.pages import STATUS_LABELS

    assert STATUS_LABELS["unknown"] == "未知 unknown"


def test_show_lists_the_inferred_adoption_and_a_confirmed_one_reads_as_confirmed(tmp_path: Path) -> None:
    path = hub_catalog(tmp_path / "catalog.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["show", WIND, "--db", str(path)])
    assert result.exit_code == 0 and "adopts IEC 61400-1 (inferred with score 0.90, not reviewed yet)" in result.output
    assert "adopts IEC 62133-2" not in runner.invoke(cli, ["show", BATTERY, "--db", str(path)]).output  # rejected
    result = runner.invoke(cli, ["review-adoption", "confirm", WIND, "IEC 61400-1", "--by", "alice", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        "adopts IEC 61400-1 (confirmed by alice; inferred with score 0.90)"
        in runner.invoke(cli, ["show", WIND, "--db", str(path)]).output
    )
    data = json.loads(runner.invoke(cli, ["show", WIND, "--json", "--db", str(path)]).output)
    assert [(a["ref"], a["evidence"]) for a in data["adoptions"]] == [("IEC 61400-1", "confirmed")]
    assert "equivalents" in data and "suggestions" not in data
    update_coverage(path)
    assert query(path, "select how from work_links where standard_id = ?", (WIND,)) == [("confirmed",)]
