"""openstd.samr.gov.cn (国家标准全文公开系统): list pages (``std_list``) and detail pages (``newGbInfo?hcno=...``).

- :func:`parse_list_page`: per row the designation, 是否采标 (采) flag, Chinese title, category
  (强标/推标/指导), status, 发布日期 and 实施日期, and the detail link built from the row's ``hcno``.
- :func:`parse_detail_page`: 标准号, 中文标准名称, 英文标准名称, 标准状态, CCS, ICS, 发布/实施日期,
  主管部门 and 归口部门 (extra), the adoption flag (the 采 label).

A page missing the elements a parser needs raises :class:`~standards_lib.errors.LayoutError` naming them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from standards_lib.errors import SourceError

from .base import EmptyInput, Item, Quarantined, build_record, excerpt, quarantine_error, scrape_pages
from .html import clean, parse_page, require, text_of
from .textfiles import check_options, iter_files, read_bounded

NAME = "openstd"
DESCRIPTION = "openstd.samr.gov.cn list pages (std_list) and detail pages (newGbInfo) of national standards"
TITLE = "国家标准全文公开系统 openstd.samr.gov.cn"
URL = "https://openstd.samr.gov.cn"
LICENCE = "public catalogue metadata of SAMR/SAC"

BASE = "https://openstd.samr.gov.cn/bzgk/std/"
LIST_URL = BASE + "std_list?p.p2={query}&page={page}&pageSize=50"
_HCNO = re.compile(r"showInfo\('([0-9A-F]+)'\)")
CATEGORY = {"强标": "mandatory", "推标": "recommended", "指导": "guidance"}


def discover(root: Path) -> list[Path]:
    """Saved openstd list and detail pages under ``root``."""
    found = []
    for path in sorted(Path(root).rglob("*.htm*")):
        with path.open("rb") as fh:
            head = fh.read(200000)
        if (b"showInfo(" in head and b"std_list" in head) or "中文标准名称".encode() in head:
            found.append(path)
    return found


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item | EmptyInput]:
    check_options("openstd.extract", options)
    for path in iter_files(paths, (".html", ".htm")):
        items = parse_any(read_bounded(path), str(path))
        yield from items if items else [EmptyInput(NAME, str(path))]  # a results page of an empty search


def parse_any(content: bytes, location: str, url: str | None = None) -> list[Item]:
    try:
        if "中文标准名称".encode() in content:
            return [parse_detail_page(content, location, url)]
        return parse_list_page(content, location)
    except SourceError as exc:
        return [quarantine_error(NAME, exc, content)]


def parse_list_page(content: bytes, location: str) -> list[Item]:
    """One item per row of a ``std_list`` results table."""
    doc = parse_page(content, location)
    headers = [text_of(th) for th in doc.xpath("//table//th")]
    require(
        {"results table header (标准号, 标准名称, 状态)": all(h in headers for h in ("标准号", "标准名称", "状态"))},
        location,
        ["results table header (标准号, 标准名称, 状态)"],
    )
    column = {name: i for i, name in enumerate(headers)}
    items: list[Item] = []
    rows = [  # (row, its hcno): the rows of standards, which open their detail page on a click
        (tr, found[1])
        for tr in doc.xpath("//table//tr")
        if tr.xpath("./td") and (found := _HCNO.search(" ".join(tr.xpath(".//@onclick"))))
    ]
    for number, (tr, hcno) in enumerate(rows, 1):
        cells = tr.xpath("./td")
        where = f"{location}#row {number}"
        if len(cells) < len(headers):
            items.append(
                Quarantined(NAME, where, f"row has {len(cells)} cells, the header {len(headers)}", excerpt(text_of(tr)))
            )
            continue
        cell = {name: text_of(cells[i]) for name, i in column.items()}
        flag = any(text_of(span) == "采" for span in tr.xpath(".//span"))
        data = {
            "designation": cell["标准号"],
            "titles": {"zh": cell["标准名称"]} if cell.get("标准名称") else {},
            "status": cell.get("状态") or None,
            "published": cell.get("发布日期") or None,
            "effective": cell.get("实施日期") or None,
            "source_url": BASE + "newGbInfo?hcno=" + hcno,
            "extra": {
                k: v
                for k, v in (
                    ("category", CATEGORY.get(cell.get("类别", ""), cell.get("类别"))),
                    ("adoption_flag", flag or None),
                    ("hcno", hcno),
                )
                if v
            },
        }
        items.append(build_record(data, source=NAME, location=where))
    return items


def parse_detail_page(content: bytes, location: str, url: str | None = None) -> Item:
    """The record of one ``newGbInfo`` page."""
    doc = parse_page(content, location)
    heading = text_of(next(iter(doc.xpath("//h1")), None))
    code = clean(heading.replace("标准号：", "").replace("采", ""))
    cells = [text_of(td) for td in doc.xpath('//table[@class="tdlist"]//td')]
    labelled = dict(_split_label(c) for c in cells if "：" in c)
    titles_ = doc.xpath('//div[contains(@class, "title")]')
    pairs = {text_of(t): text_of(t.getnext()) for t in titles_ if t.getnext() is not None}
    found = {"标准号 (h1)": code, "中文标准名称 (table.tdlist)": labelled.get("中文标准名称")}
    require(found, location, list(found))
    data = {
        "designation": code,
        "titles": {k: v for k, v in (("zh", labelled.get("中文标准名称")), ("en", labelled.get("英文标准名称"))) if v},
        "status": labelled.get("标准状态") or None,
        "ccs": pairs.get("中国标准分类号（CCS）") or None,
        "ics": pairs.get("国际标准分类号（ICS）") or None,
        "published": pairs.get("发布日期") or None,
        "effective": pairs.get("实施日期") or None,
        "source_url": url,
        "extra": {
            k: v
            for k, v in (
                ("department", pairs.get("主管部门")),
                ("technical_committee", pairs.get("归口部门")),
                ("adoption_flag", "采" in heading or None),
            )
            if v
        },
    }
    return build_record(data, source=NAME, location=location)


def _split_label(text: str) -> tuple[str, str]:
    label, _, value = text.partition("：")
    return clean(label), clean(value)


def scrape(
    fetcher: Any,
    *,
    limit: int | None = None,
    since: str | None = None,
    query: str = "GB",
    pages: int = 5,
    details: bool = True,
    **options: Any,
) -> Iterator[Item]:
    """Fetch list pages for ``query`` and (by default) each row's detail page, which has the English title."""
    check_options("openstd.scrape", options)
    urls = (LIST_URL.format(query=quote(query), page=page) for page in range(1, pages + 1))
    yield from scrape_pages(fetcher, urls, parse_any, limit=limit, since=since, details=details)
