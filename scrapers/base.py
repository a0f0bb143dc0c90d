"""What every source shares: quarantine entries, extraction results and their summary.

Parsing is pure (bytes or files in, records out); a record that cannot be built becomes a
:class:`Quarantined` entry carrying the source, the location and the reason, and the batch goes on.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from standards_lib.errors import FetchError, RecordError, SourceError
from standards_lib.interchange import record_from_dict
from standards_lib.records import StandardRecord

log = logging.getLogger(__name__)

EXCERPT_CHARS = 500


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A record or page that could not be used, with where it was and why."""

    source: str
    location: str
    reason: str
    excerpt: str = ""
    #: the country of the record when the input named it (a sheet's 国别 cell), for reports per country
    country: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "location": self.location, "reason": self.reason, "excerpt": self.excerpt}


Item = StandardRecord | Quarantined


@dataclass(frozen=True, slots=True)
class EmptyInput:
    """A file in the source's layout that lists no standard (an empty search result): read, not a failure."""

    source: str
    location: str


def excerpt(raw: Any, limit: int = EXCERPT_CHARS) -> str:
    """A short printable excerpt of a raw input (bytes, text or a mapping) for the quarantine."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    elif not isinstance(raw, str):
        import json

        try:
            raw = json.dumps(raw, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            raw = f"<{type(raw).__name__} that cannot be shown: nested too deep or not text>"
    return raw[:limit]


def build_record(
    data: Mapping[str, Any], *, source: str, location: str, status_words: Mapping[str, str] | None = None
) -> Item:
    """``record_from_dict`` that returns a :class:`Quarantined` entry instead of raising."""
    try:
        return record_from_dict(data, source=source, location=location, status_words=status_words)
    except RecordError as exc:
        log.info("quarantined %s: %s", location, exc)
        return Quarantined(source, location, str(exc), excerpt(dict(data)))


def quarantine_error(source: str, exc: SourceError, raw: Any = "") -> Quarantined:
    """A quarantine entry for a page or file that failed as a whole."""
    return Quarantined(source, exc.location, exc.reason, excerpt(raw))


@dataclass
class ExtractSummary:
    """Counts of one extraction or scrape run: records, quarantined items and their reasons."""

    source: str
    records: int = 0
    quarantined: int = 0
    empty_inputs: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, item: Item) -> None:
        if isinstance(item, Quarantined):
            self.quarantined += 1
            self.reasons[reason_kind(item.reason)] += 1
        else:
            self.records += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "records": self.records,
            "quarantined": self.quarantined,
            "reasons": dict(self.reasons.most_common()),
        }


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\(known: [^)]*\)")


def reason_kind(reason: str) -> str:
    """Group reasons for counting: the reason with quoted values and long lists left out."""
    text = _QUOTED.sub("…", reason.split("\n", 1)[0])
    return " ".join(text.split())[:120]


def summarize(source: str, items: Iterable[Item]) -> tuple[list[StandardRecord], list[Quarantined], ExtractSummary]:
    """Split items into records and quarantine entries, with a summary."""
    summary = ExtractSummary(source)
    records: list[StandardRecord] = []
    bad: list[Quarantined] = []
    for item in items:
        summary.add(item)
        if isinstance(item, Quarantined):
            bad.append(item)
        else:
            records.append(item)
    return records, bad, summary


def scrape_pages(
    fetcher: Any,
    urls: Iterable[str],
    parse: Callable[..., list[Item]],
    *,
    limit: int | None = None,
    since: str | None = None,
    details: bool = False,
) -> Iterator[Item]:
    """Fetch result pages in turn and yield their items (optionally replaced by each item's detail page).

    Stops at the first page with no items, or after ``limit`` items; ``since`` (YYYY-MM-DD) leaves out
    records published before it. A list page that cannot be fetched after the first one worked becomes a
    Quarantined entry and the next page is tried (FetchError is raised offline or when the first page
    fails: nothing to go on); a detail page that cannot be fetched leaves the list-page record with
    ``extra["detail_error"]``.
    ``parse(content, location, url=...)`` is the source's page parser.
    """
    source = getattr(parse, "__module__", "scrape").rsplit(".", 1)[-1]
    count = 0
    fetched_any = False
    for url in urls:
        try:
            items = parse(fetcher.get(url).content, url)
        except FetchError as exc:
            # offline replay past the archive's end, or a site that answers nothing: stop with the error;
            # a single failing page in a working online run is kept aside and the next page is tried
            if getattr(fetcher, "offline", False) or not fetched_any:
                raise
            yield Quarantined(source, url, str(exc))
            continue
        fetched_any = True
        if not items:
            return
        for item in items:
            if isinstance(item, StandardRecord):
                if since and (item.published or "") < since:
                    continue
                if details and item.source_url:
                    detail_url = item.source_url
                    try:
                        detailed = parse(fetcher.get(detail_url).content, detail_url, url=detail_url)[0]
                    except FetchError as exc:  # keep the list-page record; note the missing detail page
                        log.info("detail page %s not fetched: %s", detail_url, exc)
                        item.extra["detail_error"] = str(exc)
                    else:
                        item = detailed
            yield item
            count += 1
            if limit is not None and count >= limit:
                return


def extract_each(
    module: Any,
    paths: Iterable[Any],
    options: Mapping[str, Any] | None = None,
    source: str | None = None,
    summary: ExtractSummary | None = None,
) -> Iterator[Item]:
    """A source's items; a file that gives nothing at all (no record and no quarantined item: empty, or not in
    the source's layout) becomes a Quarantined entry saying so, instead of passing unnoticed.

    The files are read in one call, as the source expects (a source may join records across its files, such
    as an amendment in one archive and its base document in another); items are attributed to their file
    by their location, which every source starts with the file it read. A file the source recognises as
    listing nothing (:class:`EmptyInput`) is read, not quarantined; ``summary.empty_inputs`` counts it."""
    name = source or str(getattr(module, "NAME", "source"))
    paths = list(paths)
    files = [str(p) for p in paths]
    counts = dict.fromkeys(files, 0)
    for item in module.extract(paths, **dict(options or {})):
        location = str(getattr(item, "location", "") or "")
        owner = next((f for f in files if location.startswith(f)), None)
        if owner is not None:
            counts[owner] += 1
        if isinstance(item, EmptyInput):
            if summary is not None:
                summary.empty_inputs += 1
            continue
        yield item
    for path, count in counts.items():
        if count == 0:
            yield Quarantined(
                name, path, f"nothing was read from this file: it is empty or not in the layout of source {name!r}"
            )
