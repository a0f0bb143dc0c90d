"""The published catalogue through Datasette's in-process client: metadata, canned queries, search,
standard pages, coverage. The catalogue is the bundled sample plus hand-written test records."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from _publish_support import CHINESE_QMS, FOREIGN_QMS, build_catalog, datasette_for, rows

from standards_lib.publish import build_metadata, metadata_is_current, sample_records
from standards_lib.publish.queries import canned_queries

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalog(tmp_path_factory.mktemp("publish") / "catalog.db")


@pytest.fixture(scope="module")
def client(catalog_path: Path):
    """A synchronous wrapper of ``datasette.client`` (one event loop for the module)."""
    ds = datasette_for(catalog_path)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())

    class Client:
        datasette = ds

        def get(self, path: str, **kwargs):
            return loop.run_until_complete(ds.client.get(path, **kwargs))

    yield Client()
    loop.close()


def page_path(designation: str) -> str:
    return "/-/standard/" + quote(designation, safe="")


# Metadata ----------------------------------------------------------------------------------------


def test_committed_metadata_file_is_generated_and_current() -> None:
    path = ROOT / "datasette-metadata.json"
    assert path.exists(), "datasette-metadata.json is missing: run `standards publish-metadata`"
    assert metadata_is_current(path), "datasette-metadata.json is stale: run `standards publish-metadata`"


def test_metadata_describes_tables_sources_and_holds_no_secret() -> None:
    metadata = build_metadata()
    text = json.dumps(metadata, ensure_ascii=False)
    tables = metadata["databases"]["catalog"]["tables"]
    assert {"standards", "suggestions", "reviews", "ics"} <= set(tables)
    standards = tables["standards"]
    assert standards["description"] and standards["columns"]["title_zh"]
    assert "facets" not in standards  # each default facet costs ~35 ms a page at 200,000 standards
    assert "relation" in tables["suggestions"]["facets"] and "decision" in tables["reviews"]["facets"]
    assert standards["fts_table"] and standards["fts_pk"]
    for attribution in ("ODC-By 1.0", "BSD-2-Clause", "SAMPLE"):
        assert attribution in metadata["description_html"]
    assert "pbkdf2_sha256$" not in text and "datasette-auth-passwords" not in metadata["plugins"]
    for name, query in metadata["databases"]["catalog"]["queries"].items():
        assert query["title"] and query["description"], name


# Canned queries ----------------------------------------------------------------------------------

QUERY_PARAMS = {"q": "质量管理体系", "country": "", "designation": CHINESE_QMS, "ics_field": "", "sector": "new_energy"}


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_every_canned_query_runs(client, name: str) -> None:
    params = "&".join(f"{p}={quote(QUERY_PARAMS[p])}" for p in canned_queries()[name].get("params", []))
    response = client.get(f"/catalog/{name}.json?_shape=objects&{params}")
    assert response.status_code == 200, response.text[:500]
    assert response.json()["ok"] is True
    html = client.get(f"/catalog/{name}?{params}")
    assert html.status_code == 200


def search(client, query: str, country: str = "") -> list[str]:
    found = rows(client.get(f"/catalog/search.json?_shape=array&q={quote(query)}&country={country}"))
    return [r["designation"] for r in found]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("质量管理体系", CHINESE_QMS),  # Chinese, 6 characters
        ("电池", "GB 38031-2020"),  # Chinese word of two characters
        ("光伏", "GB/T 20047.1-2006"),  # another two-character word
        ("менеджмента качества", FOREIGN_QMS),  # Russian
        ("gestão da qualidade", "ABNT NBR ISO 9001:2015"),  # Portuguese
        ("photovoltaic", "IEC 61730-1:2016"),  # English
        ("wind energy", "IEC 61400-1:2019"),
        ("GB/T 19001", CHINESE_QMS),  # a designation
        ("ИСО 9001", FOREIGN_QMS),
    ],
)
def test_search_in_every_language(client, query: str, expected: str) -> None:
    assert expected in search(client, query)


def test_search_filters_by_country_and_blank_query_returns_nothing(client) -> None:
    assert set(search(client, "quality", "RU")) <= {FOREIGN_QMS}
    assert FOREIGN_QMS in search(client, "quality", "RU")
    assert search(client, "") == []


def test_search_results_link_to_standard_pages(client) -> None:
    html = client.get(f"/catalog/search?q={quote('质量管理体系')}").text
    assert f'href="{page_path(CHINESE_QMS)}"' in html


def test_equivalents_query_accepts_any_written_form(client) -> None:
    found = rows(client.get(f"/catalog/equivalents.json?_shape=array&designation={quote('GB/T 19001—2016')}"))
    assert {r["foreign_id"] for r in found} == {FOREIGN_QMS, "ABNT NBR ISO 9001:2015"}
    assert found[0]["score"] >= found[-1]["score"]


def test_no_equivalent_lists_foreign_gaps_by_country_and_field(client) -> None:
    found = rows(client.get("/catalog/no_equivalent.json?_shape=array&country=BR&ics_field=91"))
    assert [r["designation"] for r in found] == ["ABNT NBR 5410:2004"]
    everything = {
        r["designation"] for r in rows(client.get("/catalog/no_equivalent.json?_shape=array&country=&ics_field="))
    }
    assert "IS 732:2019" in everything and FOREIGN_QMS not in everything
    assert not any(d.startswith(("GB", "ISO", "IEC")) for d in everything)


def test_awaiting_review_is_best_first(client) -> None:
    found = rows(client.get("/catalog/awaiting_review.json?_shape=array&country="))
    scores = [r["score"] for r in found]
    assert scores == sorted(scores, reverse=True) and found[0]["foreign_id"] == FOREIGN_QMS


def test_coverage_counts_standards_and_suggestions(client) -> None:
    found = rows(client.get("/catalog/coverage.json?_shape=array&country=ZA"))
    by_field = {r["ics_field"]: r for r in found}
    assert by_field["29"]["standards"] == 1 and by_field["29"]["with_suggestion"] == 1
    assert by_field["91"]["with_suggestion"] == 0
    assert sum(r["standards"] for r in found) >= 7


def test_sector_coverage_per_country(client) -> None:
    new_energy = {r["country"]: r for r in rows(client.get("/catalog/coverage_new_energy.json?_shape=array"))}
    expected_cn = (
        sum(
            1
            for r in sample_records()
            if r.country == "CN"
            and any(
                c.startswith(("27.015", "27.070", "27.075", "27.160", "27.180", "27.190", "29.220", "43.120"))
                for c in r.ics
            )
        )
        + 1
    )  # + the hand-written GB/T 99001-2024
    assert new_energy["CN"]["standards"] == expected_cn
    smart = {r["country"]: r for r in rows(client.get("/catalog/coverage_smart_manufacturing.json?_shape=array"))}
    assert smart["CN"]["standards"] == 6 and smart["RU"]["standards"] == 2


# The standard page ---------------------------------------------------------------------------------


def test_standard_page_shows_titles_classification_and_equivalents(client) -> None:
    response = client.get(page_path(CHINESE_QMS))
    assert response.status_code == 200
    html = response.text
    for text in (
        "质量管理体系 要求",
        "Quality management systems",
        "03.120.10",
        "ISO 9001:2015",
        "IDT",
        FOREIGN_QMS,
        "0.97",
        "相同 identical",
        "两者均采用 both adopt ISO 9001",
        "Equivalents 对应标准",
        "现行 current",
    ):
        assert text in html, text
    assert html.index(FOREIGN_QMS) < html.index("ABNT NBR ISO 9001:2015")  # best score first
    assert "Sample record" in html


def test_foreign_page_shows_its_chinese_equivalent(client) -> None:
    html = client.get(page_path(FOREIGN_QMS)).text
    assert "Системы менеджмента качества" in html and CHINESE_QMS in html and "Chinese standard 中国标准" in html


def test_scraped_text_is_escaped(client) -> None:
    html = client.get(page_path("GB/T 99001-2024")).text
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>not bold</b>" not in html and "&lt;b&gt;not bold&lt;/b&gt;" in html


def test_other_written_form_redirects_and_unknown_is_404(client) -> None:
    response = client.get(page_path("GB/T 19001—2016"))
    assert response.status_code == 302 and response.headers["location"] == page_path(CHINESE_QMS)
    missing = client.get(page_path("GB/T 1-1900"))
    assert missing.status_code == 404 and "not in the catalogue" in missing.text


def test_anonymous_page_offers_sign_in_not_review_forms(client) -> None:
    html = client.get(page_path(CHINESE_QMS)).text
    assert "/-/login" in html and 'value="confirm"' not in html


def test_home_page_has_search_and_sector_links(client) -> None:
    html = client.get("/").text
    assert 'action="/-/search"' in html and "智能制造" in html and "新能源" in html
    assert "ODC-By 1.0" in html
    # the plugin package's static/ folder, served by Datasette itself
    assert 'href="/-/static-plugins/brics-standards/brics.css"' in html
    css = client.get("/-/static-plugins/brics-standards/brics.css")
    assert css.status_code == 200 and ".brics-card" in css.text
    assert client.get("/-/static-plugins/brics-standards/brics-review.js").status_code == 200
    assert client.get("/-/static-plugins/brics-standards/../__init__.py").status_code == 404


def test_standards_table_links_designations_to_the_canonical_page(client) -> None:
    html = client.get("/catalog/standards?id=" + quote(CHINESE_QMS)).text
    assert f'<a href="{page_path(CHINESE_QMS)}">GB/T 19001—2016/ISO 9001:2015</a>' in html


def test_international_page_lists_the_national_adoptions(client) -> None:
    html = client.get(page_path("ISO 9001:2015")).text
    assert "被采用 Adopted by" in html and "来源声明 declared" in html
    for adopter in (CHINESE_QMS, FOREIGN_QMS, "ABNT NBR ISO 9001:2015", "IS/ISO 9001:2015", "SANS 9001:2015"):
        assert f'href="{page_path(adopter)}"' in html, adopter


@pytest.mark.parametrize(
    "path",
    ["/catalog/standards?_search=" + quote("质量管理"), "/catalog/suggestions", "/catalog/standards?_sort=country"],
)
def test_table_pages_show_datasette_table_as_datasette_renders_it(client, path: str, monkeypatch) -> None:
    """The rows table of a table page (_brics_rows.html, Datasette's own with bilingual headers) rendered synchronously (faster): the
    markup is the same as Datasette's asynchronous rendering of the same context."""
    import standards_lib.publish.plugin as plugin

    seen: list[tuple[str, dict, str]] = []
    original = plugin.render_fragment

    def spy(datasette, template, context):
        html = original(datasette, template, context)
        seen.append((template, dict(context), str(html)))
        return html

    monkeypatch.setattr(plugin, "render_fragment", spy)
    page = client.get(path)
    assert page.status_code == 200
    [(template, context, html)] = seen
    assert template == "_brics_rows.html" and '<table class="rows-and-columns">' in html and html in page.text
    reference = asyncio.new_event_loop().run_until_complete(
        client.datasette.jinja_env.get_template(template).render_async(**context)
    )
    assert html == reference
