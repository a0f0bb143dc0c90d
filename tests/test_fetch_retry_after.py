"""Retry-After parsing of the fetcher: seconds, HTTP dates, the max_backoff cap and unreadable values
(hand-written header values; no network)."""

from __future__ import annotations

import datetime as dt
import email.utils
from pathlib import Path

import pytest

from standards_lib.scrapers.fetch import Fetcher


@pytest.fixture()
def fetcher(tmp_path: Path) -> Fetcher:
    return Fetcher(tmp_path / "archive", backoff=0.5, max_backoff=60.0, sleep=lambda s: None)


def test_retry_after_in_seconds_and_capped(fetcher: Fetcher) -> None:
    assert fetcher._delay(0, "7") == 7.0
    assert fetcher._delay(0, "3600") == 60.0  # capped at max_backoff
    assert fetcher._delay(0, "-5") == 0.0


def test_retry_after_as_an_http_date(fetcher: Fetcher) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    assert 25.0 <= fetcher._delay(0, email.utils.format_datetime(soon, usegmt=True)) <= 30.0
    naive = soon.strftime("%a, %d %b %Y %H:%M:%S -0000")  # no zone: read as UTC
    assert 25.0 <= fetcher._delay(0, naive) <= 30.0
    past = email.utils.format_datetime(soon - dt.timedelta(hours=1), usegmt=True)
    assert fetcher._delay(0, past) == 0.0
    far = email.utils.format_datetime(soon + dt.timedelta(days=1), usegmt=True)
    assert fetcher._delay(0, far) == 60.0


def test_unreadable_retry_after_falls_back_to_capped_exponential_backoff(fetcher: Fetcher) -> None:
    for attempt in range(3):
        delay = fetcher._delay(attempt, "soon-ish")
        assert 0.5 * 2**attempt <= delay <= 0.5 * 2**attempt * 1.1
    assert fetcher._delay(20, None) == 60.0
