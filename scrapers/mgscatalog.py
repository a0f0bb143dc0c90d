"""mgscatalog.by detail pages ("КАТАЛОГ МЕЖГОСУДАРСТВЕННЫХ СТАНДАРТОВ" of the EASC / МГС).

A detail page (``katalogstand_detail.php?UrlRN=<n>``) is a two-column table of label and value. Labels read:

- Обозначение -> designation; Наименование -> Russian title; Область применения -> ``extra["scope"]``;
- Состояние -> status (Введен впервые / Взамен -> current, Заменен -> replaced, Отменен -> withdrawn ...);
- Заменённые -> replaces; Заменен на / Заменяющий -> replaced_by;
- Информация о принятии -> ``extra["council_session"]`` (the МГС session, e.g. ``19МГС``);
- Категория, Разработчик, Закреплен за (the МТК committee), Присоединившиеся государства -> extra;
- Дата принятия -> published, Дата введения (в действие) -> effective, Дата отмены -> withdrawn, МКС / ОКС -> ICS
  (not on the two saved pages, read when present).

A page without the designation row raises :class:`LayoutError` inside :func:`parse_detail_page`; :func:`extract`
and :func:`scrape` turn it into one Quarantined entry.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

from standards_lib.errors import FetchError, LayoutError, SourceError

from .base import Item, Quarantined, build_record, quarantine_error
from .textfiles import RUSSIAN_ENCODINGS, check_options, day_first_date, decode, iter_files, read_bounded

log = logging.getLogger(__name__)

NAME = "mgscatalog"
DESCRIPTION = "mgscatalog.by detail pages of interstate standards (saved .html files, or live with scrape)"
TITLE = "EASC catalogue of interstate standards (mgscatalog.by)"
URL = "https://mgscatalog.by"
LICENCE = "none stated"

BASE_URL = "https://mgscatalog.by/katalogstand_detail.php?UrlRN={id}"
MARKER = "КАТАЛОГ МЕЖГОСУДАРСТВЕННЫХ СТАНДАРТОВ"

#: page label (lower case, without trailing spaces and colons) -> field of the interchange form
LABELS = {
    "обозначение": "designation",
    "наименование": "title",
    "область применения": "scope",
    "информация о принятии": "council_session",
    "категория": "category",
    "состояние": "status",
    "заменённые": "replaces",
    "замененные": "replaces",
    "заменен на": "replaced_by",
    "заменён на": "replaced_by",
    "заменяющий": "replaced_by",
    "разработчик": "developer",
    "закреплен за": "committee",
    "закреплён за": "committee",
    "присоединившиеся государства": "joining_states",
    "дата принятия": "published",
    "дата введения": "effective",
    "дата введения в действие": "effective",
    "дата отмены": "withdrawn",
    "мкс": "ics",
    "окс": "ics",
    "код мкс": "ics",
}
LIST_FIELDS = {"replaces", "replaced_by", "joining_states"}
EXTRA_FIELDS = ("scope", "council_session", "category", "developer", "committee", "joining_states")


def discover(root: Path) -> list[Path]:
    """Saved mgscatalog.by detail pages under ``root`` (HTML files carrying the catalogue's heading)."""
    found = []
    for path in sorted(Path(root).rglob("*.htm*")):
        with path.open("rb") as handle:
            head = handle.read(8192)
        if MARKER.encode("utf-8") in head or MARKER.encode("cp1251") in head:
            found.append(path)
    return found


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from saved detail pages; the page URL is rebuilt from a ``...-<UrlRN>.html`` file name."""
    check_options("mgscatalog.extract", options)
    for path in iter_files(paths, (".html", ".htm")):
        content = read_bounded(path)
        m = re.search(r"-(\d+)\.html?$", path.name)
        url = BASE_URL.format(id=m[1]) if m else None
        yield page_item(content, str(path), url)


def scrape(
    fetcher: Any, *, limit: int | None = None, since: str | None = None, ids: Iterable[int | str] = (), **options: Any
) -> Iterator[Item]:
    """Fetch and parse the detail pages with the given ``UrlRN`` ids (the site has no open list to walk).

    ``since`` cannot be applied (the pages carry no modification date) and is ignored with a log line.
    """
    check_options("mgscatalog.scrape", options)
    ids = list(ids)
    if not ids:
        raise SourceError(NAME, "give the UrlRN numbers of the detail pages to fetch (ids=...)")
    if since:
        log.info("mgscatalog pages carry no modification date: since=%s ignored", since)
    for count, page_id in enumerate(ids):
        if limit is not None and count >= limit:
            return
        url = BASE_URL.format(id=page_id)
        try:
            response = fetcher.get(url)
        except FetchError as exc:
            yield Quarantined(NAME, url, f"fetch failed: {exc}")
            continue
        yield page_item(response.content, getattr(response, "url", url) or url, url)


def page_item(content: bytes, location: str, url: str | None) -> Item:
    try:
        fields = parse_detail_page(content, location)
    except SourceError as exc:
        return quarantine_error(NAME, exc, content)
    if url:
        fields["source_url"] = url
    return build_record(fields, source=NAME, location=location)


def parse_detail_page(content: bytes, location: str) -> dict[str, Any]:
    """The interchange input form of one detail page; LayoutError when the label table is missing."""
    text, _ = decode(content, location, RUSSIAN_ENCODINGS)
    if not text.strip():
        raise SourceError(location, "empty page")
    try:
        root = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise SourceError(location, f"not an HTML page: {exc}") from None
    values: dict[str, Any] = {}
    for row in root.iter("tr"):
        cells = row.findall("td")
        if len(cells) != 2:
            continue
        label = " ".join(cells[0].text_content().split()).rstrip(":").strip().lower()
        field = LABELS.get(label)
        if field is None:
            if label:
                log.debug("%s: label %r not read", location, label)
            continue
        if field in LIST_FIELDS:
            values[field] = _lines(cells[1])
        else:
            values[field] = " ".join(cells[1].text_content().split())
    if not values.get("designation"):
        raise LayoutError(location, ["table row 'Обозначение' (designation)"])
    fields: dict[str, Any] = {"designation": values["designation"]}
    if values.get("title"):
        fields.update(title=values["title"], title_lang="ru")
    if values.get("status"):
        fields["status"] = values["status"]
    for name in ("published", "effective", "withdrawn"):
        if values.get(name):
            fields[name] = day_first_date(values[name], location, name)
    if values.get("ics"):
        fields["ics"] = re.findall(r"\d{2}(?:\.\d{3}(?:\.\d{2})?)?", values["ics"])
    fields["replaces"] = values.get("replaces", [])
    fields["replaced_by"] = values.get("replaced_by", [])
    fields["extra"] = {name: values[name] for name in EXTRA_FIELDS if values.get(name)}
    return fields


def _lines(cell: Any) -> list[str]:
    """The entries of a cell written one per line (``<br />`` separated)."""
    parts: list[str] = []
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for line in cell.text_content().split("\n"):
        line = " ".join(line.split())
        if line:
            parts.append(line)
    return parts


__all__ = ["DESCRIPTION", "NAME", "discover", "extract", "parse_detail_page", "scrape"]
