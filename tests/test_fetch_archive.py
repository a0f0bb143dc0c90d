"""Fetcher archive ageing and Retry-After dates, and a scrape that meets unfetchable pages.

Against a local HTTP server on 127.0.0.1 (no real network); the result pages are HAND-WRITTEN in the
layout of std.samr.gov.cn search results (test_scrape_cli.RESULT), not copies of real pages."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from pathlib import Path

from test_fetch import Clock, Site, body, fetcher, site  # noqa: F401  (site is a fixture)
from test_scrape_cli import RESULT

from standards_lib.records import StandardRecord
from standards_lib.scrapers import samr
from standards_lib.scrapers.base import Quarantined, scrape_pages
from standards_lib.scrapers.fetch import Fetcher


def result_page(*rows: tuple[str, str, str]) -> bytes:
    html = "".join(
        RESULT.format(
            pid=pid,
            code=code,
            title="家用电器 安全",
            ics="97.030",
            english="Household appliances",
            adopts="IEC 60335-1:2020",
            published=published,
        )
        for pid, code, published in rows
    )
    return f"<html><head><meta charset='utf-8'></head><body>{html or '<p>为您找到相关结果约 0 个</p>'}</body></html>".encode()


def test_max_age_refetches_stale_archive_entries_only(site: Site, tmp_path: Path) -> None:
    site.routes["/p"] = [body(b"first"), body(b"second")]
    url = site.base + "/p"
    assert fetcher(tmp_path).get(url).text == "first"
    assert fetcher(tmp_path, max_age=3600).get(url).text == "first"  # fresh enough: from the archive
    assert site.hits["/p"] == 1
    meta = next((tmp_path / "archive").rglob("*.json"))
    info = json.loads(meta.read_text("utf-8"))
    info["fetched_at"] = "2020-01-01T00:00:00+00:00"  # make the archived copy old
    meta.write_text(json.dumps(info), "utf-8")
    again = fetcher(tmp_path, max_age=3600).get(url)
    assert again.text == "second" and not again.from_archive and site.hits["/p"] == 2
    offline = fetcher(tmp_path, offline=True, max_age=1).get(url)  # offline replays whatever is archived
    assert offline.text == "second" and offline.from_archive


def test_retry_after_http_dates_and_garbage(tmp_path: Path) -> None:
    f = Fetcher(tmp_path, backoff=0.5, max_backoff=30)
    soon = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20), usegmt=True)
    assert 15 <= f._delay(0, soon) <= 20
    late = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(hours=5), usegmt=True)
    assert f._delay(0, late) == 30  # capped
    assert f._delay(0, "Wed, 21 Oct 2015 07:28:00 GMT") == 0  # already past
    assert 1.0 <= f._delay(1, "soon-ish") <= 1.1  # unreadable: exponential backoff 0.5 * 2**1 with jitter


def test_scrape_keeps_going_past_unfetchable_pages(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = [body(b"User-agent: *\nDisallow: /private\n", content_type="text/plain")]
    site.routes["/s?page=1"] = [body(result_page(("A1", "GB/T 90001-2024", "2024-03-01")))]
    site.routes["/s?page=2"] = [body(b"down", 500)]
    site.routes["/s?page=3"] = [body(result_page(("A3", "GB/T 90003-2010", "2010-01-01")))]
    site.routes["/s?page=4"] = [body(result_page())]
    urls = [f"{site.base}/s?page={n}" for n in range(1, 6)]
    items = list(scrape_pages(fetcher(tmp_path, retries=1), urls, samr.parse_any))
    assert [type(i).__name__ for i in items] == ["StandardRecord", "Quarantined", "StandardRecord"]
    bad = items[1]
    assert isinstance(bad, Quarantined) and bad.source == "samr" and bad.location == urls[1]
    assert "HTTP 500" in bad.reason and "after 2 attempts" in bad.reason
    assert site.hits["/s?page=2"] == 2 and site.hits["/s?page=5"] == 0  # stopped at the empty page 4


def test_detail_pages_that_cannot_be_fetched_leave_the_list_record(site: Site, tmp_path: Path) -> None:
    site.routes["/s?page=1"] = [body(result_page(("A1", "GB/T 90001-2024", "2024-03-01")))]
    site.routes["/s?page=2"] = [body(result_page())]
    urls = [f"{site.base}/s?page={n}" for n in (1, 2)]
    list(scrape_pages(fetcher(tmp_path), urls, samr.parse_any))  # archive the list pages
    offline = fetcher(tmp_path, offline=True)  # detail pages are not archived: FetchError, no network
    [record] = list(scrape_pages(offline, urls, samr.parse_any, details=True))
    assert isinstance(record, StandardRecord) and record.canonical == "GB/T 90001-2024"
    assert record.titles["en"] == "Household appliances" and record.adoptions[0].ref == "IEC 60335-1:2020"
    assert "not in the archive (offline)" in record.extra["detail_error"]


def test_a_site_that_answers_nothing_raises_instead_of_quarantining_every_page(site: Site, tmp_path: Path) -> None:
    import pytest

    from standards_lib.errors import FetchError

    site.routes["/s?page=1"] = [body(b"down", 503)]
    urls = [f"{site.base}/s?page={n}" for n in (1, 2)]
    with pytest.raises(FetchError, match="HTTP 503"):
        list(scrape_pages(fetcher(tmp_path, retries=1), urls, samr.parse_any))
    assert site.hits["/s?page=1"] == 2 and site.hits["/s?page=2"] == 0
