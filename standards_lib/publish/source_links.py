"""Where a person reads a standard officially: the record's own page when its source gave one, else the
search page of the issuing body's catalogue for that designation. Never a local file path.

The source's URL is untrusted: only absolute http(s) URLs are used (``web_url`` of the plugin checks it
again before rendering). The catalogue searches are the official ones; a search is given where the
designation cannot name a page by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_plus, urlsplit

#: Official catalogue search of each body, by country (and ISO or IEC for international standards).
CATALOGUE_SEARCH = {
    "CN": "https://openstd.samr.gov.cn/bzgk/gb/std_list?p.p2={q}",
    "CN-sector": "https://std.samr.gov.cn/search/std?q={q}",
    "RU": "https://www.rst.gov.ru/portal/gost/home/standarts/catalognational?q={q}",
    "IN": "https://www.services.bis.gov.in/php/BIS_2.0/bisconnect/knowyourstandards/Indian_standards/isdetails?q={q}",
    "BR": "https://www.abntcatalogo.com.br/pesquisa.aspx?q={q}",
    "ZA": "https://store.sabs.co.za/catalogsearch/result/?q={q}",
    "ISO": "https://www.iso.org/search.html?q={q}",
    "IEC": "https://webstore.iec.ch/en/search?q={q}",
}
CATALOGUE_NAMES = {
    "CN": "国家标准全文公开系统 openstd.samr.gov.cn",
    "CN-sector": "全国标准信息公共服务平台 std.samr.gov.cn",
    "RU": "Росстандарт rst.gov.ru",
    "IN": "BIS 印度标准局",
    "BR": "ABNT Catálogo",
    "ZA": "SABS 南非标准局",
    "ISO": "ISO 国际标准化组织",
    "IEC": "IEC 国际电工委员会",
}


def _web(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def official_link(row: Mapping[str, Any]) -> tuple[str, str] | None:
    """(URL, label) of the official page or catalogue search of a ``standards`` row, or None."""
    own = _web(row.get("source_url"))
    if own:
        return own, f"{row.get('source') or '来源'} (来源页面 source page)"
    country, ident = row.get("country") or "", str(row.get("id") or "")
    if not ident:
        return None
    key = country
    if country == "CN" and (row.get("prefix") or "").split("/")[0] not in ("GB", ""):
        key = "CN-sector"
    if country == "INT":
        key = "IEC" if ident.startswith(("IEC", "CISPR")) else "ISO"
    template = CATALOGUE_SEARCH.get(key)
    if template is None:
        return None
    query = ident.split(":")[0] if country == "INT" else ident
    return template.format(q=quote_plus(query)), f"{CATALOGUE_NAMES[key]} (检索 catalogue search)"


__all__ = ["CATALOGUE_NAMES", "CATALOGUE_SEARCH", "official_link"]
