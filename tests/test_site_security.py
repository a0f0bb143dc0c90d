"""The site is safe to put on a network: no secret in any served JSON, no script URL rendered as a link,
sign-in attempts throttled and hashed off the event loop, no arbitrary SQL for anonymous visitors and
bounded SQL for members, HttpOnly/SameSite cookies, a Content-Security-Policy, and the instance-level
view permission honoured by the plugin's own pages.

Catalogue: bundled sample + hand-written records (see _publish_support)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from _publish_support import (
    CHINESE_QMS,
    FOREIGN_QMS,
    MEMBER,
    MEMBER_PASSWORD,
    MEMBERS,
    Site,
    actor_cookie,
    build_catalog,
    csrftoken_from,
)

from standards_lib.errors import RecordError, StandardsError
from standards_lib.interchange import record_from_dict
from standards_lib.publish.members import hash_password
from standards_lib.publish.throttle import LoginThrottle, SharedLoginThrottle

PAGE = "/-/standard/" + quote(CHINESE_QMS, safe="")


@pytest.fixture
def site(tmp_path: Path):
    s = Site(build_catalog(tmp_path / "catalog.db"))
    yield s
    s.close()


# 1. No password hash in anything served -------------------------------------------------------------


def json_endpoints(site: Site) -> list[str]:
    paths = [
        "/-/metadata.json",
        "/-/metadata",
        "/-/plugins.json",
        "/-/settings.json",
        "/-/config.json",
        "/-/versions.json",
        "/-/databases.json",
        "/-/actor.json",
        "/-/threads.json",
        "/.json",
        "/catalog.json",
    ]
    with sqlite3.connect(site.path) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")]
    paths += [f"/catalog/{quote(t)}.json" for t in tables]
    paths += [f"/catalog/{name}.json" for name in ("search", "awaiting_review", "coverage", "equivalents")]
    return paths


def test_no_served_json_holds_a_password_hash_or_the_member_list(site: Site) -> None:
    stored_hash = MEMBERS[MEMBER]["hash"]
    checked = 0
    for path in json_endpoints(site):
        response = site.get(path)
        if response.status_code in (403, 404):
            continue
        checked += 1
        text = response.text
        assert "pbkdf2" not in text and stored_hash.split("$")[-1] not in text, path
        assert "_password_hash" not in text and '"reviewers"' not in text, path
    assert checked >= 20


# 2. Stored XSS through source_url -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "ftp://example.org/x",
    ],
)
def test_records_with_a_non_web_source_url_are_rejected(url: str) -> None:
    with pytest.raises(RecordError, match="source_url"):
        record_from_dict({"designation": "GB/T 1-2020", "title": "x", "source_url": url})


def test_web_source_urls_are_kept() -> None:
    record = record_from_dict({"designation": "GB/T 1-2020", "source_url": "https://std.samr.gov.cn/x?id=1"})
    assert record.source_url == "https://std.samr.gov.cn/x?id=1"


def test_a_script_url_already_in_the_catalogue_is_not_rendered_as_a_link(site: Site) -> None:
    with sqlite3.connect(site.path) as conn:
        conn.execute(
            "update standards set source_url = 'javascript:alert(document.cookie)' where id = ?", (CHINESE_QMS,)
        )
    html = site.get(PAGE).text
    assert "javascript:" not in html.lower()
    assert "std.samr" not in html or 'href="https://' in html


# 3. Sign-in: throttled, hashed off the event loop -----------------------------------------------------


def login_post(site: Site, username: str, password: str):
    page = site.get("/-/login")
    token = csrftoken_from(page.text)
    return site.post(
        "/-/login",
        data={"username": username, "password": password, "csrftoken": token},
        cookies={"ds_csrftoken": page.cookies.get("ds_csrftoken")},
    )


def test_member_signs_in_with_an_httponly_samesite_cookie(site: Site) -> None:
    response = login_post(site, MEMBER, MEMBER_PASSWORD)
    assert response.status_code == 302
    set_cookie = [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("ds_actor=")]
    assert set_cookie, response.headers
    assert "HttpOnly" in set_cookie[0] and "SameSite=Lax" in set_cookie[0]
    actor = site.get("/-/actor.json", cookies={"ds_actor": response.cookies["ds_actor"]}).json()
    assert actor == {"actor": {"id": MEMBER, "role": "committee"}}


def test_every_cookie_the_site_sets_is_httponly_and_samesite(site: Site) -> None:
    response = site.get("/-/login")
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    assert cookies
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def test_wrong_passwords_are_throttled_per_user(site: Site) -> None:
    from standards_lib.publish.plugin.state import site_state

    site_state(site.ds).refusal_delay = 0.05
    statuses = [login_post(site, MEMBER, f"wrong {i}").status_code for i in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    # while the account is throttled even the right password is refused: guessing gains nothing
    assert login_post(site, MEMBER, MEMBER_PASSWORD).status_code == 429


@pytest.fixture(params=["memory", "shared file"])
def make_throttle(request, tmp_path: Path):
    """Both throttles, built with the same limits: one process's memory, or a file shared by workers."""

    def make(*, per_user: int, per_client: int, window_seconds: float, max_keys: int):
        if request.param == "memory":
            return LoginThrottle(
                per_user=per_user, per_client=per_client, window_seconds=window_seconds, max_keys=max_keys
            )
        return SharedLoginThrottle(
            tmp_path / "throttle.db",
            per_user=per_user,
            per_client=per_client,
            window_seconds=window_seconds,
            max_rows=max_keys,
        )

    return make


def test_wrong_passwords_are_throttled_per_client_address(make_throttle) -> None:
    throttle = make_throttle(per_user=100, per_client=3, window_seconds=60, max_keys=1000)
    assert [throttle.allow("10.0.0.1", f"user{i}", now=0.0) for i in range(4)] == [True, True, True, False]
    assert throttle.client_blocked("10.0.0.1", now=0.5) and not throttle.client_blocked("10.0.0.2", now=0.5)
    assert throttle.allow("10.0.0.2", "user9", now=0.0)
    for i in range(3):
        throttle.failed("10.0.0.1", f"user{i}", now=0.0)
    assert not throttle.allow("10.0.0.1", "other", now=1.0)
    assert throttle.allow("10.0.0.1", "other", now=61.0)  # the window slides


def test_failures_per_user_and_a_success_clears_them(make_throttle) -> None:
    throttle = make_throttle(per_user=2, per_client=100, window_seconds=60, max_keys=1000)
    for _ in range(2):
        assert throttle.allow("10.0.0.1", "wang", now=0.0)
        throttle.failed("10.0.0.1", "wang", now=0.0)
    assert not throttle.allow("10.0.0.1", "wang", now=1.0)  # this address has used its attempts on this name
    throttle.succeeded("10.0.0.1", "wang")
    assert throttle.allow("10.0.0.1", "wang", now=2.0)


def test_wrong_passwords_from_a_strangers_address_do_not_lock_the_member_out(make_throttle) -> None:
    """Failures count per member name AND address: five wrong passwords for wang.li sent from 10.0.0.66 lock
    that address out of wang.li, not wang.li out of their own address."""
    throttle = make_throttle(per_user=5, per_client=20, window_seconds=60, max_keys=100)
    for _ in range(5):
        assert throttle.allow("10.0.0.66", "wang.li", now=0.0)
        throttle.failed("10.0.0.66", "wang.li", now=0.0)
    assert not throttle.allow("10.0.0.66", "wang.li", now=1.0)
    assert throttle.allow("10.0.0.7", "wang.li", now=1.0)


def test_decisions_show_a_display_name_never_the_sign_in_name(site: Site) -> None:
    """`/<db>/reviews.json?_col=reviewer` must not list who can sign in: decisions carry the display name chosen in
    the members file, or a pseudonym."""
    from _publish_support import MEMBER_DISPLAY

    from standards_lib.publish.members import MemberDirectory, load_members

    page = site.get(PAGE, cookies=actor_cookie(site.ds))
    token, cookies = site.form_token(PAGE, actor_cookie(site.ds))
    assert page.status_code == 200
    response = site.post(
        PAGE + "/review",
        data={"csrftoken": token, "action": "confirm", "foreign_id": FOREIGN_QMS, "chinese_id": CHINESE_QMS},
        cookies=cookies,
    )
    assert response.status_code in (200, 302), response.text[:300]
    shown = site.get("/catalog/reviews.json?_shape=array&_col=reviewer").json()
    assert shown and {r["reviewer"] for r in shown} == {MEMBER_DISPLAY}
    assert MEMBER not in site.get("/catalog/reviews.json?_col=reviewer").text
    plain = MemberDirectory.from_entries({"wang.li": hash_password("x", salt="s", iterations=1000)})
    assert plain.display_name("wang.li").startswith("member-") and "wang" not in plain.display_name("wang.li")
    with pytest.raises(StandardsError, match="is a sign-in name"):
        load_members(
            environ={
                "BRICS_MEMBERS": json.dumps(
                    {"a": {"hash": MEMBERS[MEMBER]["hash"], "display_name": "b"}, "b": MEMBERS[MEMBER]["hash"]}
                )
            }
        )


def test_the_shared_throttle_counts_the_attempts_of_every_process(tmp_path: Path) -> None:
    """Two workers of one site share one file: the address has 3 attempts in all, not 3 per worker."""
    first, second = (SharedLoginThrottle(tmp_path / "t.db", per_user=100, per_client=3) for _ in range(2))
    assert [first.allow("10.0.0.1", "a", now=0.0), second.allow("10.0.0.1", "b", now=0.0)] == [True, True]
    assert first.allow("10.0.0.1", "c", now=0.0)
    assert not second.allow("10.0.0.1", "d", now=0.0) and second.client_blocked("10.0.0.1", now=0.0)
    first.close()
    second.close()


def test_an_address_out_of_attempts_is_refused_in_front_of_the_site_after_a_wait(site: Site) -> None:
    """Once an address has used its attempts, the form and the attempts are refused with 429 before any
    form parsing or template, after the refusal delay, while other visitors are served meanwhile."""
    from standards_lib.publish.plugin import register_site

    state = register_site(
        site.ds, MEMBERS, throttle=LoginThrottle(per_user=100, per_client=3, window_seconds=60, max_keys=100)
    )
    state.refusal_delay = 0.3
    assert [login_post(site, f"guess{i}", "wrong").status_code for i in range(3)] == [200, 200, 200]
    order: list[str] = []

    async def refused_form():
        response = await site.ds.client.get("/-/login")
        assert response.status_code == 429 and response.headers["retry-after"] == "900"
        assert "csrftoken" not in response.text and "15" in response.text
        assert "content-security-policy" in response.headers  # still behind the security headers
        order.append("refused")

    async def other_visitor():
        await asyncio.sleep(0.05)
        assert (await site.ds.client.get("/-/versions.json")).status_code == 200
        order.append("page")

    async def both():
        await asyncio.gather(refused_form(), other_visitor())

    t0 = time.perf_counter()
    site.loop.run_until_complete(both())
    assert time.perf_counter() - t0 >= 0.3
    assert order == ["page", "refused"]
    # a POST is refused the same way, without a CSRF token or a form
    response = site.post("/-/login", data={"username": MEMBER, "password": MEMBER_PASSWORD})
    assert response.status_code == 429


def test_throttle_memory_is_bounded(make_throttle) -> None:
    throttle = make_throttle(per_user=5, per_client=5, window_seconds=60, max_keys=100)
    for i in range(5000):
        throttle.failed(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}", f"user{i}", now=float(i) / 1000)
    assert throttle.size() <= 200


def test_password_hashing_does_not_block_other_requests(site: Site) -> None:
    """A sign-in whose hash takes long (many iterations) leaves the event loop free for other visitors."""
    site.set_members({MEMBER: hash_password(MEMBER_PASSWORD, iterations=4_000_000)})
    page = site.get("/-/login")
    token, cookie = csrftoken_from(page.text), page.cookies.get("ds_csrftoken")
    order: list[str] = []

    async def sign_in():
        await site.ds.client.post(
            "/-/login",
            data={"username": MEMBER, "password": "wrong", "csrftoken": token},
            cookies={"ds_csrftoken": cookie},
        )
        order.append("sign-in")

    async def read_page():
        await asyncio.sleep(0.05)  # let the sign-in start hashing first
        response = await site.ds.client.get("/-/versions.json")
        assert response.status_code == 200
        order.append("page")

    async def both():
        await asyncio.gather(sign_in(), read_page())

    site.loop.run_until_complete(both())
    assert order == ["page", "sign-in"]


def test_hashes_are_compatible_with_datasette_hash_password_format() -> None:
    hashed = hash_password("secret", salt="abc", iterations=1000)
    expected = base64.b64encode(hashlib.pbkdf2_hmac("sha256", b"secret", b"abc", 1000)).decode()
    assert hashed == f"pbkdf2_sha256$1000$abc${expected}"


# 4. SQL: none for anonymous visitors, bounded for members ---------------------------------------------


def test_anonymous_visitors_cannot_run_arbitrary_sql(site: Site) -> None:
    for path in (
        "/catalog?sql=select+1",
        "/catalog.json?sql=select+1",
        "/catalog.json?sql=" + quote("select hex(randomblob(200000000))"),
        "/catalog/standards?_where=" + quote("1=1"),
    ):
        assert site.get(path).status_code == 403, path
    html = site.get("/catalog").text
    assert 'id="sql-editor"' not in html
    # the canned queries still serve them
    assert site.get("/catalog/search.json?q=" + quote("质量管理体系") + "&country=").status_code == 200


def test_members_sql_is_bounded_in_value_size_and_time(site: Site) -> None:
    cookies = actor_cookie(site.ds)
    huge = site.get("/catalog.json?sql=" + quote("select hex(randomblob(200000000))"), cookies=cookies)
    assert huge.status_code == 400 and "too big" in huge.text
    endless = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    slow = site.get("/catalog.json?sql=" + quote(endless), cookies=cookies)
    assert slow.status_code == 400 and "interrupted" in slow.text.lower()
    ok = site.get("/catalog.json?_shape=array&sql=" + quote("select count(*) as n from standards"), cookies=cookies)
    assert ok.status_code == 200 and ok.json()[0]["n"] > 60
    settings = site.get("/-/settings.json").json()
    assert settings["sql_time_limit_ms"] <= 1000 and settings["max_returned_rows"] <= 1000


SLOW_FUNCTION_SQL = "select length(printf('%.*c', 2000000000, 'x')) as n"


def test_members_sql_stuck_in_one_function_call_is_stopped_and_others_are_served(site: Site) -> None:
    """One long function call escapes SQLite's progress handler (11 s for this printf): a member's SQL runs in a
    child process killed at the time limit plus a grace second, and anonymous pages are served meanwhile."""
    cookies = actor_cookie(site.ds)

    async def scenario():
        slow = [
            asyncio.ensure_future(site.ds.client.get("/catalog.json?sql=" + quote(SLOW_FUNCTION_SQL), cookies=cookies))
            for _ in range(3)
        ]
        await asyncio.sleep(0.3)
        started = time.perf_counter()
        page = await site.ds.client.get("/catalog/standards?_size=5")
        page_seconds = time.perf_counter() - started
        return await asyncio.gather(*slow), page, page_seconds

    started = time.perf_counter()
    answers, page, page_seconds = site.loop.run_until_complete(scenario())
    total = time.perf_counter() - started
    assert page.status_code == 200 and page_seconds < 2.0, page_seconds  # 53 s before the worker process
    assert [a.status_code for a in answers] == [400] * 3
    assert all("too long" in a.text or "interrupted" in a.text.lower() for a in answers), answers[0].text
    assert total < 10.0, f"three stuck queries took {total:.1f} s"  # 2 at once, ~2 s each, then the third
    # the worker answers ordinary SQL, with parameters, as Datasette does
    ok = site.get(
        "/catalog.json?_shape=array&sql="
        + quote("select id, brics_ics_field(:c) as f from standards limit 2")
        + "&c=27.160",
        cookies=cookies,
    )
    assert ok.status_code == 200 and [r["f"] for r in ok.json()] == ["27", "27"]
    html = site.get("/catalog?sql=" + quote("select upper('row from the worker') as v"), cookies=cookies)
    assert html.status_code == 200 and "ROW FROM THE WORKER" in html.text
    where = site.get("/catalog/standards.json?_shape=array&_where=" + quote("country = 'ZA'"), cookies=cookies)
    assert where.status_code == 200 and {r["country"] for r in where.json()} == {"ZA"}


# 5. Content-Security-Policy --------------------------------------------------------------------------


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S):
        digest = base64.b64encode(hashlib.sha256(match.group(1).encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return hashes


@pytest.mark.parametrize(
    "path", ["/", PAGE, "/catalog", "/catalog/standards", "/catalog/search?q=x&country=", "/-/review", "/-/login"]
)
def test_pages_send_a_restrictive_content_security_policy(site: Site, path: str) -> None:
    cookies = actor_cookie(site.ds) if path == "/-/review" else {}
    response = site.get(path, cookies=cookies)
    assert response.status_code == 200, path
    policy = response.headers["content-security-policy"]
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in policy.split(";") if d.strip())
    assert "'unsafe-inline'" not in directives["script-src"] and "'self'" in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    for digest in inline_script_hashes(response.text):
        assert digest in directives["script-src"], (path, digest)


def test_the_plugin_pages_have_no_inline_script(site: Site) -> None:
    for path in ("/", PAGE, "/-/review"):
        html = site.get(path, cookies=actor_cookie(site.ds)).text
        ours = re.sub(r"<script>\s*document\.body\.addEventListener\('click'.*?</script>", "", html, flags=re.S)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", ours), path
        assert " onclick=" not in html and " onsubmit=" not in html


# 6. The instance-level view permission ------------------------------------------------------------------


def test_private_site_hides_the_standard_page_from_anonymous_visitors(tmp_path: Path) -> None:
    site = Site(build_catalog(tmp_path / "catalog.db"), private=True)
    try:
        assert site.get(PAGE).status_code == 403
        assert site.get("/-/review").status_code == 403
        assert site.get(PAGE, cookies=actor_cookie(site.ds)).status_code == 200
    finally:
        site.close()


def test_a_replayed_review_form_stores_one_decision(site: Site) -> None:
    """The same form sent three times (a double click, a resent POST) stores one decision; a changed decision and
    a change back are stored."""
    token, cookies = site.form_token("/-/review", actor_cookie(site.ds))
    form = {"csrftoken": token, "foreign_id": FOREIGN_QMS, "chinese_id": CHINESE_QMS, "note": "IDT"}

    def send(action: str) -> int:
        return site.post("/-/review/decide", data={**form, "action": action}, cookies=cookies).status_code

    assert [send("confirm") for _ in range(3)] == [302] * 3
    assert [send(a) for a in ("reject", "confirm")] == [302, 302]
    adoption = {"csrftoken": token, "kind": "adoption", "standard_id": "SANS 99002:2024", "work": "IEC 61215"}
    for _ in range(2):
        site.post("/-/review/decide", data={**adoption, "action": "reject"}, cookies=cookies)
    with sqlite3.connect(site.path) as conn:
        decisions = [r[0] for r in conn.execute("select decision from reviews order by id")]
        adoptions = conn.execute("select count(*) from adoption_reviews").fetchone()[0]
    assert decisions == ["confirmed", "rejected", "confirmed"] and adoptions == 1
