"""Bureau of Indian Standards: the compulsory-certification product list and the public standards search API.

**Compulsory-certification product list** (the bis.gov.in "products under compulsory certification" table as a
JSON array; real copy in ``../shared/data/india/bis_compulsory_certification_products.json``). Row fields:
``isNumber`` (free-text designation, often with the ISO/IEC standard it adopts: ``IS 17077 :2019/ISO 19062-1 :
2015``), ``product`` (English product name), ``notification`` {title (the Quality Control Order), link, linkText,
amendments}, ``isDeNotified``, and section-header rows (``isSectionHeader``/``sectionTitle``: the product
category of the rows below; a title starting with ``*`` is a footnote for the rows marked ``*``).

The list names standards, not their titles: rows are grouped by edition (one record per designation), the
product names become the English title (``extra["title_is_product_name"] = True``; several products are joined
with "; "), and the products, categories, Quality Control Orders and de-notification go to ``extra``. The list
says nothing of the standard's status, which stays empty. Every ISO/IEC reference in ``isNumber`` becomes an
adoption (read by ``parse_designation``). Repairs, recorded in ``extra["designation_as_written"]``: a number
without the ``IS`` prefix gets it, ``(Part 1 & 2)`` gives two records, a cell with several designations gives
one record each.

**Standards search API** (JSON: a list of objects, or an object holding the list under ``data``, ``results``,
``records``, ``standards`` or ``items``). Keys are matched ignoring case, spaces and underscores:

- designation: ``isNo``, ``isNumber``, ``standardNo``, ``IS No.``; title: ``title``, ``standardTitle``, ``titleOfStandard``;
- ``status`` (Valid / Withdrawn / Superseded ...); ``ics`` / ``icsCode``;
- date of establishment: ``dateOfEstablishment``, ``establishedOn``, ``publishedDate`` -> published;
- technical committee: ``technicalCommittee``, ``committee``, ``tc``, ``sectionalCommittee`` -> ``extra["technical_committee"]``;
- ``division``, ``revision``, ``reaffirmed`` / ``reaffirmationYear``, ``amendments`` -> extra; ``supersededBy`` -> replaced_by.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from standards_lib.designation import find_designations, parse_designation
from standards_lib.errors import DesignationError, FetchError, SourceError

from .base import Item, Quarantined, build_record, excerpt
from .textfiles import check_options, day_first_date, iter_files, load_json, read_bounded

log = logging.getLogger(__name__)

NAME = "bis"
DESCRIPTION = "BIS (India): compulsory-certification product list JSON and standards search API JSON"
TITLE = "Bureau of Indian Standards (compulsory certification list, standards search)"
URL = "https://www.bis.gov.in"
LICENCE = "none stated (public BIS pages)"

DENOTIFIED_RE = re.compile(r"\s*De-notified from compulsory BIS certification\.?\s*$", re.I)
BOTH_PARTS_RE = re.compile(r"\(\s*Part\s*(\d+)\s*(?:&|and|,)\s*(\d+)\s*\)", re.I)
TITLE_LIMIT = 500

API_KEYS: dict[str, tuple[str, ...]] = {
    "designation": ("isno", "isnumber", "standardno", "standardnumber", "isno.", "stdno"),
    "title": ("title", "standardtitle", "titleofstandard", "stdtitle"),
    "status": ("status", "standardstatus"),
    "ics": ("ics", "icscode", "icscodes"),
    "published": ("dateofestablishment", "establishedon", "publisheddate", "dateofpublication"),
    "technical_committee": ("technicalcommittee", "committee", "tc", "sectionalcommittee", "tccode"),
    "division": ("division", "departmentname", "department"),
    "revision": ("revision", "revisionno"),
    "reaffirmed": ("reaffirmed", "reaffirmationyear", "reaffirmeddate"),
    "amendments": ("amendments", "noofamendments", "amendmentcount"),
    "replaced_by": ("supersededby", "replacedby"),
}
API_LIST_KEYS = ("data", "results", "records", "standards", "items")


def discover(root: Path) -> list[Path]:
    """JSON files under ``root`` that hold a BIS list (rows with ``isNumber``) or are named ``bis*.json``."""
    found = []
    for path in sorted(Path(root).rglob("*.json")):
        with path.open("rb") as handle:
            head = handle.read(4096)
        if b'"isNumber"' in head or path.name.lower().startswith("bis"):
            found.append(path)
    return found


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from BIS JSON files (product list or API answer, told apart by their fields)."""
    check_options("bis.extract", options)
    for path in iter_files(paths, (".json",)):
        yield from parse_json(read_bounded(path), str(path))


def parse_json(content: bytes, location: str) -> list[Item]:
    """Records from one BIS JSON document; a document that is not BIS JSON gives one Quarantined."""
    try:
        data = load_json(content.decode("utf-8-sig"), location)
    except UnicodeDecodeError as exc:
        return [Quarantined(NAME, location, f"not UTF-8 text (byte {exc.start})", excerpt(content))]
    except SourceError as exc:
        return [Quarantined(NAME, location, exc.reason, excerpt(content))]
    rows = api_rows(data)
    if rows is None:
        return [
            Quarantined(
                NAME,
                location,
                f"not a BIS list: expected a JSON array of rows or an object with one of {', '.join(API_LIST_KEYS)}",
                excerpt(data),
            )
        ]
    if any(isinstance(r, Mapping) and "product" in r and "isNumber" in r for r in rows[:50]):
        return parse_product_list(rows, location)
    return parse_api_rows(rows, location)


def api_rows(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        for key in API_LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
    return None


# --- compulsory-certification product list -------------------------------------------------------------


def parse_product_list(rows: Sequence[Any], location: str) -> list[Item]:
    """One record per edition named in the product list (section headers and footnotes are not records)."""
    groups: dict[str, dict[str, Any]] = {}
    bad: list[Quarantined] = []
    category = None
    pending_marked: list[dict[str, Any]] = []
    for index, row in enumerate(rows, 1):
        where = f"{location}#row {index}"
        if not isinstance(row, Mapping):
            bad.append(Quarantined(NAME, where, f"row is a {type(row).__name__}, not an object", excerpt(row)))
            continue
        if row.get("isSectionHeader"):
            title = " ".join(str(row.get("sectionTitle") or row.get("product") or "").split())
            if title.startswith("*"):
                for group in pending_marked:
                    group["notes"].append(title.lstrip("* ").strip())
                pending_marked = []
            else:
                category = title or category
            continue
        raw = " ".join(str(row.get("isNumber") or "").split())
        if not raw:
            bad.append(Quarantined(NAME, where, "row has no isNumber (designation)", excerpt(row)))
            continue
        try:
            designations = designations_in(raw)
        except DesignationError as exc:
            bad.append(
                Quarantined(NAME, where, f"unreadable designation in isNumber ({exc.reason}): {raw!r}", excerpt(row))
            )
            continue
        for text, parsed in designations:
            group = groups.setdefault(
                parsed.edition_key,
                {
                    "designation": text,
                    "raw": raw,
                    "location": where,
                    "products": [],
                    "categories": [],
                    "orders": [],
                    "denotified": [],
                    "notes": [],
                    "rows": [],
                },
            )
            _add_row(group, row, category)
            if "*" in raw:
                pending_marked.append(group)
    items: list[Item] = [build_record(_group_fields(g), source=NAME, location=g["location"]) for g in groups.values()]
    return items + bad


def designations_in(raw: str) -> list[tuple[str, Any]]:
    """``(text, Designation)`` for each designation written in an ``isNumber`` cell (repairs documented above)."""
    text = raw.replace("*", " ").strip()
    if re.match(r"^\d", text):
        text = "IS " + text
    both = BOTH_PARTS_RE.search(text)
    if both:
        texts = [BOTH_PARTS_RE.sub(f"(Part {n})", text, count=1) for n in (both[1], both[2])]
    else:
        texts = [text]
    result = []
    for candidate in texts:
        try:
            result.append((candidate, parse_designation(candidate)))
        except DesignationError:
            found = [d for d in find_designations(candidate) if d.country == "IN"]
            if not found:
                raise
            result += [(d.canonical, d) for d in found]
    return result


def _add_row(group: dict[str, Any], row: Mapping[str, Any], category: str | None) -> None:
    product = " ".join(str(row.get("product") or "").split())
    denotified = bool(row.get("isDeNotified")) or bool(DENOTIFIED_RE.search(product))
    product = DENOTIFIED_RE.sub("", product)
    if product and product not in group["products"]:
        group["products"].append(product)
    if category and category not in group["categories"]:
        group["categories"].append(category)
    notification = row.get("notification")
    if isinstance(notification, Mapping) and notification.get("title"):
        order = {
            "order": " ".join(str(notification["title"]).split()),
            "notification": " ".join(str(notification.get("linkText") or "").split()),
            "link": notification.get("link") or "",
        }
        if order not in group["orders"]:
            group["orders"].append(order)
    group["denotified"].append(denotified)
    group["rows"].append(row.get("id"))


def _group_fields(group: dict[str, Any]) -> dict[str, Any]:
    products = group["products"]
    title = "; ".join(products)
    if len(title) > TITLE_LIMIT:
        title = title[:TITLE_LIMIT].rsplit(" ", 1)[0].rstrip(",;") + " …"
    extra: dict[str, Any] = {
        "title_is_product_name": True,
        "products": products,
        "product_categories": group["categories"],
        "quality_control_orders": group["orders"],
        "compulsory_certification": "de-notified" if all(group["denotified"]) else "in force",
        "list_row_ids": group["rows"],
    }
    if group["raw"] != group["designation"]:
        extra["designation_as_written"] = group["raw"]
    if group["notes"]:
        extra["notes"] = group["notes"]
    fields: dict[str, Any] = {"designation": group["designation"], "extra": extra}
    if title:
        fields["title_en"] = title
    return fields


# --- standards search API --------------------------------------------------------------------------------


def parse_api_rows(rows: Sequence[Any], location: str) -> list[Item]:
    """One record per row of a BIS standards search API answer; bad rows are quarantined."""
    items: list[Item] = []
    for index, row in enumerate(rows, 1):
        where = f"{location}#row {index}"
        if not isinstance(row, Mapping):
            items.append(Quarantined(NAME, where, f"row is a {type(row).__name__}, not an object", excerpt(row)))
            continue
        try:
            fields = api_fields(row, where)
        except SourceError as exc:
            items.append(Quarantined(NAME, where, exc.reason, excerpt(row)))
            continue
        items.append(build_record(fields, source=NAME, location=where))
    return items


def api_fields(row: Mapping[str, Any], location: str) -> dict[str, Any]:
    values = _by_key(row)
    if not values.get("designation"):
        raise SourceError(location, "no IS number: expected one of the keys isNo, isNumber, standardNo")
    fields: dict[str, Any] = {"designation": values["designation"]}
    if values.get("title"):
        fields["title_en"] = values["title"]
    if values.get("status"):
        fields["status"] = values["status"]
    if values.get("ics"):
        fields["ics"] = values["ics"]
    if values.get("published"):
        fields["published"] = day_first_date(values["published"], location, "dateOfEstablishment")
    if values.get("replaced_by"):
        fields["replaced_by"] = values["replaced_by"]
    fields["extra"] = {
        k: values[k]
        for k in ("technical_committee", "division", "revision", "reaffirmed", "amendments")
        if values.get(k) not in (None, "", [])
    }
    return fields


def _by_key(row: Mapping[str, Any]) -> dict[str, Any]:
    normalized = {re.sub(r"[\s_]+", "", str(k)).lower(): v for k, v in row.items()}
    values: dict[str, Any] = {}
    for field, keys in API_KEYS.items():
        for key in keys:
            value = normalized.get(key)
            if value not in (None, ""):
                values[field] = " ".join(value.split()) if isinstance(value, str) else value
                break
    return values


def scrape(
    fetcher: Any, *, limit: int | None = None, since: str | None = None, url: str | None = None, **options: Any
) -> Iterator[Item]:
    """Records from the BIS standards search API at ``url``; a ``{page}`` placeholder walks pages 1, 2, ...
    until an empty page. ``since`` keeps records established on or after that date (YYYY or YYYY-MM-DD)."""
    check_options("bis.scrape", options)
    if not url:
        raise SourceError(NAME, "give the standards search API address (url=..., may contain {page})")
    count = 0
    page = 1
    while True:
        page_url = url.format(page=page) if "{page}" in url else url
        try:
            response = fetcher.get(page_url)
        except FetchError as exc:
            yield Quarantined(NAME, page_url, f"fetch failed: {exc}")
            return
        items = parse_json(response.content, page_url)
        if not items:
            return
        for item in items:
            if since and not isinstance(item, Quarantined) and (item.published or "") < since:
                continue
            yield item
            count += 1
            if limit is not None and count >= limit:
                return
        if "{page}" not in url:
            return
        page += 1
