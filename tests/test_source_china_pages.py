"""std.samr.gov.cn and openstd.samr.gov.cn pages: real saved pages parse field by field; corrupted
copies (made in memory here, never saved) give a clear error and the batch goes on."""

from __future__ import annotations

import pytest
from conftest import shared_path
from lxml import html

from standards_lib import LayoutError, SourceError
from standards_lib.records import Adoption
from standards_lib.scrapers import get_source, openstd, samr
from standards_lib.scrapers.base import Quarantined

SAMR_SEARCH = ("china", "laokevincn-standard_scrapting", "samr_iframe.html")
EXAMPLES = ("china", "relaton-gb-fixtures", "examples")
DECODED = ("china", "relaton-gb-fixtures", "decoded")


def records(items):
    return {i.canonical: i for i in items if not isinstance(i, Quarantined)}


def test_samr_search_page_fields() -> None:
    path = shared_path(*SAMR_SEARCH)
    items = samr.parse_search_page(path.read_bytes(), str(path))
    assert len(items) == 10 and not any(isinstance(i, Quarantined) for i in items)
    found = records(items)
    engine = found["GB/T 8190.2-2026"]
    assert engine.titles["zh"] == "往复式内燃机 排放测量 第2部分：气体和颗粒排放物的现场测量"
    assert engine.titles["en"].startswith(
        "Reciprocating internal combustion engines—Exhaust emission measurement—Part 2"
    )
    assert engine.adoptions == [Adoption("ISO 8178-2:2021", "IDT", "metadata")]
    assert (engine.status, engine.ics, engine.ccs) == ("upcoming", ["27.020", "13.040.50"], ["J90"])
    assert (engine.published, engine.effective) == ("2026-01-28", "2026-08-01")
    assert engine.source_url == "https://std.samr.gov.cn/gb/search/gbDetailed?id=49FD1852CABEC31FE06397BE0A0A1304"
    assert engine.extra["technical_committee"] == "全国内燃机标准化技术委员会"
    assert found["GB/T 8554-2026"].adoptions == [Adoption("IEC 61007:2020", "MOD", "metadata")]
    assert found["GB/T 8415-2026"].adoptions == [Adoption("ISO 23603:2024", "NEQ", "metadata")]


def test_samr_detail_and_api_pages() -> None:
    folder = shared_path(*EXAMPLES)
    withdrawn = samr.parse_detail_page((folder / "5dda8ba00fc618dee05397be0a0a95a7.html").read_bytes(), "p")
    assert withdrawn.canonical == "GB/T 20223-2006" and withdrawn.titles == {"zh": "棉短绒", "en": "Cotton linter"}
    assert (withdrawn.status, withdrawn.withdrawn, withdrawn.ics, withdrawn.ccs) == (
        "withdrawn",
        "2018-05-01",
        ["59.060.10"],
        ["B32"],
    )
    current = samr.parse_detail_page((folder / "6747e1059f9dc35ae05397be0a0a017f.html").read_bytes(), "p")
    assert (
        current.canonical == "GB/T 20223-2018"
        and current.replaces == ["GB/T 20223-2006"]
        and current.status == "current"
    )
    api = records(samr.parse_api_json((folder / "jbt_13368_2018.json").read_bytes(), "api.json"))
    forklift = api["JB/T 13368-2018"]
    assert forklift.titles == {"zh": "叉车属具 软包夹"} and forklift.ics == ["53.060"] and forklift.ccs == ["J83"]
    assert (forklift.published, forklift.effective, forklift.status) == ("2018-02-09", "2018-10-01", "current")
    assert forklift.kind == "sector" and forklift.extra["department"] == "工业和信息化部"


def test_openstd_list_and_detail_pages() -> None:
    folder = shared_path(*DECODED)
    listed = records(openstd.parse_list_page((folder / "gb_t_1_1" / "01.html").read_bytes(), "list"))
    assert set(listed) == {"GB/T 1.1-2000", "GB/T 1.1-2009", "GB/T 1.1-2020"}
    assert listed["GB/T 1.1-2000"].extra["adoption_flag"] is True and listed["GB/T 1.1-2020"].status == "current"
    assert listed["GB/T 1.1-2000"].source_url.endswith("newGbInfo?hcno=847191101089628341120D62AEFC29A1")
    detail = openstd.parse_detail_page((folder / "gb_t_1_1" / "06.html").read_bytes(), "detail")
    assert detail.canonical == "GB/T 1.1-2000" and detail.status == "withdrawn"
    assert (detail.ics, detail.ccs) == (["01.120"], ["A00"])
    assert (
        detail.titles["en"]
        == "Directives for standardization--Part 1:Rules for the structure and drafting of standards"
    )
    assert (detail.published, detail.effective) == ("2000-12-20", "2001-06-01")


def test_every_real_page_of_both_sources_parses() -> None:
    root = shared_path()
    for name, minimum in (("samr", 50), ("openstd", 10)):
        module = get_source(name)
        items = list(module.extract(module.discover(root)))
        bad = [i for i in items if isinstance(i, Quarantined)]
        assert not bad, bad
        assert len(items) >= minimum
        assert items == list(module.extract(module.discover(root)))  # re-reading gives identical records


def _without(content: bytes, xpath: str) -> bytes:
    doc = html.fromstring(content.decode("utf-8"))
    for element in doc.xpath(xpath):
        element.getparent().remove(element)
    return html.tostring(doc, encoding="utf-8")


def test_corrupted_pages_name_what_is_missing() -> None:
    search = shared_path(*SAMR_SEARCH).read_bytes()
    items = samr.parse_search_page(_without(search, '//span[@class="en-code"]'), "search.html")
    assert all(isinstance(i, Quarantined) and "span.en-code" in i.reason for i in items)
    detail = (shared_path(*DECODED) / "gb_t_1_1" / "06.html").read_bytes()
    with pytest.raises(LayoutError, match="标准号"):
        openstd.parse_detail_page(_without(detail, "//h1"), "detail.html")
    listing = (shared_path(*DECODED) / "gb_t_1_1" / "01.html").read_bytes()
    (bad,) = openstd.parse_any(_without(listing, "//th"), "list.html")
    assert isinstance(bad, Quarantined) and "results table header" in bad.reason and bad.location == "list.html"
    with pytest.raises(SourceError, match="empty page"):
        samr.parse_detail_page(b"   ", "empty.html")
    truncated = search[: len(search) // 3]
    partial = samr.parse_any(truncated, "truncated.html")
    assert 0 < len(partial) < 10  # what is there is read; the cut result is quarantined or left out
    wrong_charset = search.decode("utf-8").encode("gb18030")
    assert (
        records(samr.parse_any(wrong_charset, "gbk.html"))["GB/T 8190.2-2026"].titles["zh"].startswith("往复式内燃机")
    )


def test_a_bad_page_does_not_stop_the_batch(tmp_path) -> None:
    good = shared_path(*SAMR_SEARCH)
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"<html><body><div class='post'><div class='post-head'></div></div></body></html>")
    items = list(samr.extract([broken, good]))
    assert isinstance(items[0], Quarantined) and str(broken) in items[0].location
    assert len(records(items[1:])) == 10
