"""Reviews: only signed-in committee members write, with a CSRF token; decisions survive a refresh.
Also the ``standards review`` CLI. Catalogue: bundled sample + hand-written records (see _publish_support)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from _publish_support import (
    CHINESE_QMS,
    FOREIGN_QMS,
    MEMBER,
    MEMBER_DISPLAY,
    SUGGESTIONS,
    actor_cookie,
    all_records,
    build_catalog,
    csrftoken_from,
    datasette_for,
)
from click.testing import CliRunner

from standards_lib.catalog import Catalog
from standards_lib.cli.main import cli
from standards_lib.errors import CatalogError
from standards_lib.publish import load_members, prepare_for_publishing, verify_password

PAGE = "/-/standard/" + quote(CHINESE_QMS, safe="")
REVIEW = PAGE + "/review"


class Site:
    """A served test catalogue with a synchronous client."""

    def __init__(self, path: Path, **kwargs) -> None:
        self.path = path
        self.ds = datasette_for(path, **kwargs)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str, **kwargs):
        return self.loop.run_until_complete(self.ds.client.get(path, **kwargs))

    def post(self, path: str, **kwargs):
        return self.loop.run_until_complete(self.ds.client.post(path, **kwargs))

    def review_form(self, cookies: dict[str, str]) -> tuple[str, dict[str, str]]:
        """GET the page as this visitor; returns the CSRF token and the cookies to send back."""
        response = self.get(PAGE, cookies=cookies)
        assert response.status_code == 200
        if 'name="csrftoken"' not in response.text:  # no review form for this visitor: take the sign-in form's
            response = self.get("/-/login", cookies=cookies)
        token = response.cookies.get("ds_csrftoken")
        return csrftoken_from(response.text), {**cookies, "ds_csrftoken": token}

    def reviews(self) -> list[dict]:
        with Catalog(self.path) as catalog:
            return [dict(r) for r in catalog.db.query("select * from reviews order by id")]


@pytest.fixture
def site(tmp_path: Path):
    s = Site(build_catalog(tmp_path / "catalog.db"))
    yield s
    s.loop.close()


FORM = {"foreign_id": FOREIGN_QMS, "chinese_id": CHINESE_QMS, "action": "confirm", "note": "same text, IDT"}


def test_member_sees_review_forms_and_confirms(site: Site) -> None:
    token, cookies = site.review_form(actor_cookie(site.ds))
    response = site.post(REVIEW, data={**FORM, "csrftoken": token}, cookies=cookies)
    assert response.status_code == 302 and response.headers["location"] == PAGE
    [review] = site.reviews()
    assert (review["foreign_id"], review["chinese_id"], review["decision"], review["reviewer"]) == (
        FOREIGN_QMS,
        CHINESE_QMS,
        "confirmed",
        MEMBER_DISPLAY,
    )
    assert review["reviewed_at"] and review["note"] == "same text, IDT"
    html = site.get(PAGE, cookies=cookies).text
    assert "已确认 confirmed" in html and "same text, IDT" in html and "Review history" in html


def test_discuss_and_reject_are_stored_as_history(site: Site) -> None:
    token, cookies = site.review_form(actor_cookie(site.ds))
    for action in ("discuss", "reject"):
        site.post(REVIEW, data={**FORM, "action": action, "csrftoken": token}, cookies=cookies)
    assert [r["decision"] for r in site.reviews()] == ["needs_discussion", "rejected"]
    assert "已否决 rejected" in site.get(PAGE, cookies=cookies).text


def test_anonymous_write_is_refused(site: Site) -> None:
    assert site.post(REVIEW, data=FORM).status_code == 403
    token, cookies = site.review_form({})  # an anonymous visitor with a valid CSRF token still cannot write
    assert site.post(REVIEW, data={**FORM, "csrftoken": token}, cookies=cookies).status_code == 403
    assert site.reviews() == []


def test_write_without_csrf_token_is_refused(site: Site) -> None:
    response = site.post(REVIEW, data=FORM, cookies=actor_cookie(site.ds))
    assert response.status_code == 403
    _, cookies = site.review_form(actor_cookie(site.ds))
    assert site.post(REVIEW, data={**FORM, "csrftoken": "forged"}, cookies=cookies).status_code == 403
    assert site.reviews() == []


def test_forged_actor_cookie_is_refused(site: Site) -> None:
    from datasette.app import Datasette

    forged = {"ds_actor": Datasette(secret="another-secret").sign({"a": {"id": MEMBER}}, "actor")}
    token, cookies = site.review_form(forged)
    assert site.post(REVIEW, data={**FORM, "csrftoken": token}, cookies=cookies).status_code == 403
    assert site.reviews() == []


def test_signed_in_non_member_is_refused(site: Site) -> None:
    token, cookies = site.review_form(actor_cookie(site.ds, "mallory"))
    assert 'value="confirm"' not in site.get(PAGE, cookies=cookies).text
    assert site.post(REVIEW, data={**FORM, "csrftoken": token}, cookies=cookies).status_code == 403
    assert site.reviews() == []


def test_bad_decision_or_unrelated_pair_stores_nothing(site: Site) -> None:
    token, cookies = site.review_form(actor_cookie(site.ds))
    response = site.post(REVIEW, data={**FORM, "action": "approve", "csrftoken": token}, cookies=cookies)
    assert response.status_code == 302
    messages = {"ds_messages": response.cookies.get("ds_messages")}
    assert (
        "review not stored: unknown review decision &#39;approve&#39;"
        in site.get(PAGE, cookies={**cookies, **messages}).text
    )
    other = {**FORM, "foreign_id": "SANS 62133-2:2017", "chinese_id": "GB 31241-2022", "csrftoken": token}
    assert site.post(REVIEW, data=other, cookies=cookies).status_code == 400
    assert site.reviews() == []


def test_immutable_copy_refuses_reviews(tmp_path: Path) -> None:
    path = build_catalog(tmp_path / "catalog.db")
    with pytest.raises(CatalogError, match="publish-prepare"):  # coverage tables not computed yet
        Site(path, immutable=True)
    prepare_for_publishing(path)
    site = Site(path, immutable=True)
    token, cookies = site.review_form(actor_cookie(site.ds))
    assert "read-only" in site.get(PAGE, cookies=cookies).text
    assert site.post(REVIEW, data={**FORM, "csrftoken": token}, cookies=cookies).status_code == 403
    site.loop.close()


def test_review_survives_a_refresh(site: Site) -> None:
    token, cookies = site.review_form(actor_cookie(site.ds))
    site.post(REVIEW, data={**FORM, "csrftoken": token}, cookies=cookies)
    # a refresh: the records come again (one title changed) and the matcher replaces every suggestion
    records = all_records()
    for record in records:
        if record.canonical == CHINESE_QMS:
            record.titles["en"] = "Quality management systems — Requirements (refreshed)"
    with Catalog(site.path) as catalog:
        catalog.upsert_records(records, source="sample")
        catalog.replace_suggestions(
            [dict(s, score=s["score"] - 0.01) for s in SUGGESTIONS], matcher_version="tests-handwritten-2"
        )
    assert [r["decision"] for r in site.reviews()] == ["confirmed"]
    html = site.get(PAGE, cookies=cookies).text
    assert "(refreshed)" in html and "已确认 confirmed" in html and "0.96" in html


# CLI -------------------------------------------------------------------------------------------------


def test_cli_review_commands(tmp_path: Path) -> None:
    path = build_catalog(tmp_path / "catalog.db")
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "review",
            "confirm",
            "ГОСТ Р ИСО 9001-2015",
            "GB/T 19001—2016",
            "--by",
            "bob",
            "--note",
            "IDT both",
            "--db",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "confirmed" in result.output and "bob" in result.output
    result = runner.invoke(cli, ["review", "discuss", FOREIGN_QMS, CHINESE_QMS, "--by", "carol", "--db", str(path)])
    assert result.exit_code == 0, result.output
    with Catalog(path) as catalog:
        got = [
            (r["chinese_id"], r["decision"], r["reviewer"], r["note"])
            for r in catalog.db.query("select * from reviews order by id")
        ]
    assert got == [(CHINESE_QMS, "confirmed", "bob", "IDT both"), (CHINESE_QMS, "needs_discussion", "carol", None)]


def test_cli_review_needs_reviewer_and_existing_db(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["review", "reject", FOREIGN_QMS, CHINESE_QMS, "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and ("--by" in result.output or "does not exist" in result.output)


# Members -----------------------------------------------------------------------------------------------


def test_members_from_file_and_environment(tmp_path: Path) -> None:
    file = tmp_path / "members.json"
    file.write_text(json.dumps({"alice": "pbkdf2_sha256$480000$abc$def"}), encoding="utf-8")
    env = {"BRICS_MEMBERS": json.dumps({"bob": "pbkdf2_sha256$480000$x$y"})}
    assert load_members(file, environ=env) == {
        "alice": "pbkdf2_sha256$480000$abc$def",
        "bob": "pbkdf2_sha256$480000$x$y",
    }
    assert load_members(None, environ={}) == {}


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"alice": "plain-password"}', "standards hash-password"),
    ],
)
def test_bad_members_file_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "members.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        load_members(file, environ={})


def test_hash_password_reads_the_password_from_stdin() -> None:
    result = CliRunner().invoke(cli, ["hash-password", "--password", "-"], input="s3cret phrase\n")
    assert result.exit_code == 0, result.output
    hashed = result.output.strip()
    assert hashed.startswith("pbkdf2_sha256$")
    assert verify_password("s3cret phrase", hashed) and not verify_password("s3cret", hashed)


def test_review_updates_the_coverage_counts_like_a_full_recount(site: Site) -> None:
    import sqlite3
    from contextlib import closing

    from standards_lib.publish.coverage import coverage_is_current, update_coverage

    def counts() -> list[tuple]:
        with closing(sqlite3.connect(site.path)) as conn:
            assert coverage_is_current(conn)
            return (
                conn.execute("select * from coverage order by country, ics_field").fetchall()
                + conn.execute("select * from coverage_sectors order by sector, country").fetchall()
            )

    token, cookies = site.review_form(actor_cookie(site.ds))
    site.post(REVIEW, data={**FORM, "csrftoken": token}, cookies=cookies)
    after_confirm = counts()
    confirmed = {r[0]: r[5] for r in after_confirm if len(r) == 7 and r[1] == "03"}
    assert confirmed["RU"] == 1 and confirmed["CN"] == 1
    update_coverage(site.path)
    assert [r[:-1] for r in counts()] == [r[:-1] for r in after_confirm]
    site.post(REVIEW, data={**FORM, "action": "reject", "csrftoken": token}, cookies=cookies)
    assert all(r[5] == 0 for r in counts() if len(r) == 7)


def test_cli_review_of_an_unknown_standard_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = build_catalog(tmp_path / "catalog.db")
    result = CliRunner().invoke(
        cli, ["review", "confirm", "ABNT NBR 99999:2020", CHINESE_QMS, "--by", "bob", "--db", str(path)]
    )
    assert result.exit_code == 1 and "review not stored" in result.output and "99999" in result.output


def test_confirmed_equivalence_of_a_replaced_standard_is_listed_for_review_again(site: Site) -> None:
    with Catalog(site.path) as catalog:
        catalog.record_review("IS 17017 (Part 1):2018", "GB/T 31485-2015", "confirmed", "erin")  # replaced
        catalog.record_review(FOREIGN_QMS, CHINESE_QMS, "confirmed", "erin")  # current
    found = json.loads(site.get("/catalog/confirmed_but_withdrawn.json?_shape=array").text)
    assert [(r["foreign_id"], r["chinese_id"], r["chinese_status"]) for r in found] == [
        ("IS 17017 (Part 1):2018", "GB/T 31485-2015", "replaced")
    ]
