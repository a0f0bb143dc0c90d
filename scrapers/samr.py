"""std.samr.gov.cn (全国标准信息公共服务平台): search result pages, detail pages and the JSON search API.

Pure parsers (bytes in, records out):

- :func:`parse_search_page`: the search results (``/gb/search/gbQueryPage`` and its iframe): per
  result the designation, Chinese title, status, ICS, CCS, 采 flag, 英文标题, 归口单位, 采标关系
  (``等同 ISO 8178-2:2021`` -> adoption IDT), 发布于 / 实施于. Plans (国标计划) are not standards and
  are left out.
- :func:`parse_detail_page`: a standard's page (``/gb/search/gbDetailed?id=...``): Chinese and
  English titles, status, 标准号, 发布/实施/废止日期, CCS, ICS, 全部代替标准 (replaces), 归口单位, 主管部门.
- :func:`parse_api_json`: the JSON search API. Fields supported: ``C_STD_CODE`` (with ``<sacinfo>``
  markup) or ``C_STD_CODE2``, ``C_C_NAME`` / ``C_NAME``, ``C_E_NAME``, ``STATE`` / ``G_STATE``, ``ICS``,
  ``CCS``, ``ISSUE_DATE``, ``ACT_DATE``, ``ABOL_DATE``, ``CHARGE_DEPT`` and ``G_TRADE_DEPT_FULL`` (extra),
  ``ADOPT_INTERNATIONAL`` / ``CAIBIAO`` (采标关系 text), ``PROJECT_ID`` / ``ID`` (for the detail URL).

A page missing the elements a parser needs raises :class:`~standards_lib.errors.LayoutError` naming them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from standards_lib.errors import LayoutError, SourceError
from standards_lib.vocab import normalize_degree

from .base import Item, Quarantined, build_record, excerpt, quarantine_error, scrape_pages
from .html import clean, parse_page, require, text_of
from .textfiles import check_options, iter_files, load_json, read_bounded

NAME = "samr"
DESCRIPTION = "std.samr.gov.cn search result pages, detail pages and search-API JSON (Chinese standards)"
TITLE = "全国标准信息公共服务平台 std.samr.gov.cn"
URL = "https://std.samr.gov.cn"
LICENCE = "public catalogue metadata of SAMR/SAC"

BASE = "https://std.samr.gov.cn"
DETAIL_PATHS = {
    "BV_GB": "/gb/search/gbDetailed?id=",
    "BV_HB": "/hb/search/stdHBDetailed?id=",
    "BV_DB": "/db/search/stdDBDetailed?id=",
}
SEARCH_URL = BASE + "/gb/search/gbQueryPage?searchText={query}&pageNumber={page}&pageSize=50"
PLAN_LOGOS = ("计划",)
_ADOPTION = re.compile(r"^\s*(等同|修改|非等效|等效|idt|mod|neq|eqv|IDT|MOD|NEQ)\s+(.+)$")


def discover(root: Path) -> list[Path]:
    """Saved std.samr pages (search or detail) and search-API JSON under ``root``."""
    found = []
    for path in sorted(Path(root).rglob("*")):
        if path.suffix.lower() not in (".html", ".htm", ".json") or not path.is_file():
            continue
        with path.open("rb") as fh:
            head = fh.read(60000)
        if b"C_STD_CODE" in head or b"basicInfo-item" in head or (b"post-head" in head and b"s-title" in head):
            found.append(path)
    return found


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from saved pages and API answers; a page that fails as a whole is one Quarantined entry."""
    check_options("samr.extract", options)
    for path in iter_files(paths, (".html", ".htm", ".json")):
        yield from parse_any(read_bounded(path), str(path))


def parse_any(content: bytes, location: str, url: str | None = None) -> list[Item]:
    """Dispatch on the page's kind; whole-page failures become one Quarantined entry."""
    try:
        if content.lstrip()[:1] in (b"{", b"["):
            return parse_api_json(content, location)
        if b"basicInfo-item" in content:
            return [parse_detail_page(content, location, url)]
        return parse_search_page(content, location)
    except SourceError as exc:
        return [quarantine_error(NAME, exc, content)]


def _adoptions(text: str) -> list[dict[str, str]]:
    """采标关系 ``等同 ISO 8178-2:2021`` -> [{ref, degree}] (several references may be listed)."""
    adoptions = []
    for part in re.split(r"[;；,，]\s*(?=(?:等同|修改|非等效|等效)?\s*[A-Z])", clean(text)):
        m = _ADOPTION.match(part)
        if m:
            degree = normalize_degree(m[1])
            for ref in re.split(r"\s*[;；]\s*", m[2]):
                if ref:
                    adoptions.append({"ref": ref, "degree": degree})
        elif part:
            adoptions.append({"ref": part, "degree": "unknown"})
    return adoptions


def _codes(text: str) -> str:
    """``J 90`` -> ``J90``; ``27.020,13.040.50`` unchanged."""
    return re.sub(r"\b([A-Z])\s+(\d{2})\b", r"\1\2", clean(text))


def parse_search_page(content: bytes, location: str) -> list[Item]:
    """One item per search result (plans left out)."""
    doc = parse_page(content, location)
    posts = doc.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " post ")]')
    if not posts:
        if re.search(r"相关结果约\s*0\s*个", text_of(doc)):
            return []  # past the last page of results
        raise LayoutError(location, ["div.post search results (or the '相关结果约 0 个' line of an empty page)"])
    items: list[Item] = []
    for number, post in enumerate(posts, 1):
        where = f"{location}#result {number}"
        logo = text_of(post.find('.//table[@class="s-logo label label-primary"]')) or text_of(
            next(iter(post.xpath('.//*[contains(@class, "s-logo")]')), None)
        )
        if any(word in logo for word in PLAN_LOGOS):
            continue
        link = next(iter(post.xpath('.//div[@class="post-head"]//a')), None)
        code = text_of(next(iter(post.xpath('.//span[@class="en-code"]')), None))
        found = {"designation (span.en-code)": code, "title link (div.post-head a)": link is not None}
        try:
            require(found, where, list(found))
        except SourceError as exc:
            items.append(quarantine_error(NAME, exc, excerpt(text_of(post))))
            continue
        assert link is not None  # require() has checked it
        title = clean(text_of(link).replace(code, "", 1))
        statuses = [text_of(s) for s in post.xpath('.//div[@class="post-head"]//span[contains(@class, "s-status")]')]
        flex = [text_of(s) for s in post.xpath('.//div[@class="post-flex"]//span')]
        ics = _after(flex, "国际标准分类号（ICS）")
        ccs = _after(flex, "中国标准分类号（CCS）")
        fields = {
            text_of(m.find('.//div[@class="media-left media-middle"]')): text_of(m.find('.//div[@class="media-body"]'))
            for m in post.xpath('.//div[@class="media media-inner"]')
        }
        dates = {
            text_of(s): clean(stamp.text_content())
            for s in post.xpath('.//div[@class="panel-footer"]//span')
            if (stamp := s.getnext()) is not None and stamp.tag == "time"
        }
        pid, tid = link.get("pid"), link.get("tid")
        data = {
            "designation": code,
            "titles": {k: v for k, v in (("zh", title), ("en", fields.get("英文标题"))) if v},
            "status": next((s for s in statuses if s and s != "采"), None),
            "ics": _codes(ics) or None,
            "ccs": _codes(ccs).replace(".", "") or None,
            "adoptions": _adoptions(fields.get("采标关系", "")),
            "published": dates.get("发布于") or None,
            "effective": dates.get("实施于") or None,
            "source_url": (BASE + DETAIL_PATHS[tid] + pid) if pid and tid in DETAIL_PATHS else None,
            "extra": {
                k: v
                for k, v in (
                    ("technical_committee", fields.get("归口单位")),
                    ("kind", logo),
                    ("adoption_flag", "采" in flex or None),
                )
                if v
            },
        }
        items.append(build_record(data, source=NAME, location=where))
    return items


def _after(values: list[str], label: str) -> str:
    try:
        value = values[values.index(label) + 1]
    except (ValueError, IndexError):
        return ""
    return "" if value.startswith("中国标准分类号") else value


def parse_detail_page(content: bytes, location: str, url: str | None = None) -> Item:
    """The record of one standard's detail page."""
    doc = parse_page(content, location)
    info = {
        text_of(dt): text_of(dt.getnext())
        for dt in doc.xpath('//dt[contains(@class, "basicInfo-item name")]')
        if dt.getnext() is not None
    }
    header = next(iter(doc.xpath('//div[@class="page-header"]')), None)
    title_zh = text_of(header.find(".//h4")) if header is not None else ""
    title_en = text_of(header.find(".//h5")) if header is not None else ""
    found = {"标准号 (dl.basicInfo)": info.get("标准号"), "title (div.page-header h4)": title_zh}
    require(found, location, list(found))
    labels = [text_of(s) for s in header.xpath('.//span[contains(@class, "s-status")]')] if header is not None else []
    state = re.search(r"var STATE='([^']*)'", content.decode("utf-8", "replace"))
    status = state.group(1) if state else next((l for l in labels if l in ("现行", "废止", "即将实施", "被代替")), None)
    ics_spans = doc.xpath('//dt[contains(., "国际标准分类号")]/following-sibling::dd[1]/span')
    data = {
        "designation": info["标准号"],
        "titles": {k: v for k, v in (("zh", title_zh), ("en", title_en)) if v},
        "status": status,
        "published": info.get("发布日期") or None,
        "effective": info.get("实施日期") or None,
        "withdrawn": info.get("废止日期") or None,
        "ccs": _codes(info.get("中国标准分类号", "")) or None,
        "ics": _fix_ics(",".join(text_of(s) for s in ics_spans) or info.get("国际标准分类号", "").split(" ")[0]),
        "replaces": [r for r in re.split(r"[;；,，\s]{2,}|[;；,，]", info.get("全部代替标准", "")) if r.strip()],
        "source_url": url,
        "extra": {
            k: v
            for k, v in (
                ("technical_committee", info.get("归口单位")),
                ("department", info.get("主管部门")),
                ("kind", " ".join(labels)),
            )
            if v
        },
    }
    return build_record(data, source=NAME, location=location)


def _plain_code(value: str) -> str:
    return clean(re.sub(r"<[^>]+>", "", value or ""))


def parse_api_json(content: bytes, location: str) -> list[Item]:
    """Records of one search-API answer (``{"rows": [...]}`` or a list of rows)."""
    try:
        data = load_json(content.decode("utf-8-sig"), location)
    except UnicodeDecodeError as exc:
        raise SourceError(location, f"not JSON: not UTF-8 text (byte {exc.start})") from exc
    rows = data.get("rows") if isinstance(data, Mapping) else data
    if not isinstance(rows, list):
        raise SourceError(location, "layout changed, expected elements missing: rows")
    items: list[Item] = []
    for number, row in enumerate(rows, 1):
        where = f"{location}#row {number}"
        if not isinstance(row, Mapping):
            items.append(Quarantined(NAME, where, "row is not an object", excerpt(row)))
            continue
        code = _plain_code(row.get("C_STD_CODE") or row.get("C_STD_CODE2") or "")
        ident = row.get("PROJECT_ID") or row.get("ID") or row.get("id")
        record = {
            "designation": code,
            "titles": {
                k: v for k, v in (("zh", row.get("C_C_NAME") or row.get("C_NAME")), ("en", row.get("C_E_NAME"))) if v
            },
            "status": row.get("STATE") or row.get("G_STATE") or None,
            "ics": _fix_ics(row.get("ICS")),
            "ccs": row.get("CCS") or None,
            "published": row.get("ISSUE_DATE") or None,
            "effective": row.get("ACT_DATE") or None,
            "withdrawn": row.get("ABOL_DATE") or None,
            "adoptions": _adoptions(row.get("ADOPT_INTERNATIONAL") or row.get("CAIBIAO") or ""),
            "source_url": f"{BASE}/hb/search/stdHBDetailed?id={quote(str(ident))}" if ident else None,
            "extra": {
                k: row[v]
                for k, v in (("department", "CHARGE_DEPT"), ("sector", "G_TRADE_DEPT_FULL"), ("nature", "G_STD_NATURE"))
                if row.get(v)
            },
        }
        items.append(build_record(record, source=NAME, location=where))
    return items


def _fix_ics(value: Any) -> str | None:
    """The API writes ICS as a number-like text (``53.06`` for 53.060)."""
    if not value:
        return None
    codes = []
    for code in re.split(r"[;,，\s]+", str(value)):
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,3})", code)
        codes.append(f"{m[1].zfill(2)}.{m[2].ljust(3, '0')}" if m else code)
    return ",".join(c for c in codes if c)


def scrape(
    fetcher: Any,
    *,
    limit: int | None = None,
    since: str | None = None,
    query: str = "GB",
    pages: int = 5,
    details: bool = False,
    **options: Any,
) -> Iterator[Item]:
    """Fetch search result pages for ``query`` (and, with ``details``, each result's detail page)."""
    check_options("samr.scrape", options)
    urls = (SEARCH_URL.format(query=quote(query), page=page) for page in range(1, pages + 1))
    yield from scrape_pages(fetcher, urls, parse_any, limit=limit, since=since, details=details)
