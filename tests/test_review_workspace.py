"""The review workspace (/-/review): cards, progress, filters, orders, decisions (form and JSON), history,
changed decisions, inferred adoptions, downloads. Catalogue: bundled sample + hand-written records and
HAND-WRITTEN suggestions (see _publish_support); the adoption suggestions are hand-written here."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from _publish_support import CHINESE_QMS, FOREIGN_QMS, MEMBER, MEMBER_DISPLAY, Site, actor_cookie, build_catalog

from standards_lib.catalog import Catalog
from standards_lib.errors import CatalogError, VocabularyError

ADOPTION_SUGGESTIONS = [  # hand-written inferred adoptions (not from the engine)
    (
        "SANS 99002:2024",
        "IEC 61215",
        None,
        0.71,
        {  # the inference engine's shape (matching/inference.py evidence_of), values hand-written
            "signals": {"title": {"value": 0.74, "contribution": 1.2}, "margin": {"value": 0.3, "contribution": 0.4}},
            "intercept": -0.7,
            "title": "photovolta modul design qualif",
            "international_title": "Terrestrial photovoltaic (PV) modules - Design qualification and type approval",
            "candidates": 12,
            "version": "adoption-inference-tests",
        },
        [{"work": "IEC 61730", "score": 0.12}],
    ),
    (
        "GB/T 99001-2024",
        "ISO 9001",
        "ISO 9001:2015",
        0.35,
        {
            "signals": {"title": {"value": 0.41, "contribution": -0.6}},
            "intercept": 0.0,
            "international_title": "Quality management systems — Requirements",
            "runner_up": {"work": "ISO 9004", "score": 0.2},
        },
        [],
    ),
]


def add_adoption_suggestions(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "insert into adoption_suggestions (standard_id, work, international_id, score, evidence, candidates, "
            "model_version) values (?, ?, ?, ?, ?, ?, 'tests-handwritten')",
            [(s, w, i, sc, json.dumps(e), json.dumps(c)) for s, w, i, sc, e, c in ADOPTION_SUGGESTIONS],
        )


@pytest.fixture
def site(tmp_path: Path):
    path = build_catalog(tmp_path / "catalog.db")
    add_adoption_suggestions(path)
    s = Site(path)
    yield s
    s.close()


def member(site: Site) -> dict[str, str]:
    return actor_cookie(site.ds)


def card_pairs(html: str) -> list[tuple[str, str]]:
    """(left, right) designations of the cards, in page order."""
    return re.findall(
        r'<p class="brics-side-id"><a href="[^"]+">([^<]+)</a></p>.*?'
        r'<p class="brics-side-id">(?:<a href="[^"]+">)?([^<]+)',
        html,
        re.S,
    )


def decide(site: Site, cookies: dict[str, str], json_reply: bool = False, **form: str):
    token, cookies = site.form_token("/-/review", cookies)
    headers = {"accept": "application/json"} if json_reply else {}
    return site.post("/-/review/decide", data={"csrftoken": token, **form}, cookies=cookies, headers=headers)


def test_queue_shows_cards_side_by_side_with_evidence_and_progress(site: Site) -> None:
    html = site.get("/-/review", cookies=member(site)).text
    assert "0</span> of 4 reviewed" in html
    assert card_pairs(html) == [
        (FOREIGN_QMS, CHINESE_QMS),
        ("ABNT NBR ISO 9001:2015", CHINESE_QMS),
        ("SANS 99002:2024", "GB/T 99001-2024"),
        ("SANS 62133-2:2017", "GB 31241-2022"),
    ]
    first = html.split('id="card-1"')[1].split('id="card-2"')[0]
    for text in (
        "Системы менеджмента качества",
        "质量管理体系 要求",
        "Quality management systems",  # titles, gloss
        "俄罗斯 Russia",
        "中国 China",
        "现行 current",
        "ICS 03.120.10",
        "相同 identical",
        "0.97",
        "两者均采用 both adopt ISO 9001 — 俄罗斯 Russian 等同 IDT, 中国 Chinese 等同 IDT",
        "跨语言标题相似度 title similarity across languages 0.91",
        "共同采标 shared adoption",  # a chart label
        'value="confirm"',
        'value="reject"',
        'value="discuss"',
        'name="note"',
    ):
        assert text in first, text
    assert '<details class="brics-json">' in first  # raw JSON only behind a details element


def test_anonymous_visitors_see_the_queue_but_no_decision_forms(site: Site) -> None:
    html = site.get("/-/review").text
    assert len(card_pairs(html)) == 4 and 'value="confirm"' not in html and "/-/login?next=" in html
    response = site.post(
        "/-/review/decide", data={"foreign_id": FOREIGN_QMS, "chinese_id": CHINESE_QMS, "action": "confirm"}
    )
    assert response.status_code == 403
    assert Catalog(site.path).reviews_for(CHINESE_QMS) == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("sector=new_energy", [("SANS 99002:2024", "GB/T 99001-2024"), ("SANS 62133-2:2017", "GB 31241-2022")]),
        ("sector=smart_manufacturing", []),
        ("country=ZA", [("SANS 99002:2024", "GB/T 99001-2024"), ("SANS 62133-2:2017", "GB 31241-2022")]),
        ("country=RU", [(FOREIGN_QMS, CHINESE_QMS)]),
        ("relation=identical", [(FOREIGN_QMS, CHINESE_QMS), ("ABNT NBR ISO 9001:2015", CHINESE_QMS)]),
        ("band=mid", [("SANS 99002:2024", "GB/T 99001-2024"), ("SANS 62133-2:2017", "GB 31241-2022")]),
        ("band=low", []),
        (
            "order=uncertain",
            [
                ("SANS 62133-2:2017", "GB 31241-2022"),
                ("SANS 99002:2024", "GB/T 99001-2024"),
                ("ABNT NBR ISO 9001:2015", CHINESE_QMS),
                (FOREIGN_QMS, CHINESE_QMS),
            ],
        ),
        ("order=low&band=high", [("ABNT NBR ISO 9001:2015", CHINESE_QMS), (FOREIGN_QMS, CHINESE_QMS)]),
        ("sector=bogus&country=XX&order=nonsense", None),  # unknown values fall back to the defaults
    ],
)
def test_filters_and_orders(site: Site, query: str, expected: list[tuple[str, str]] | None) -> None:
    html = site.get("/-/review?" + query, cookies=member(site)).text
    pairs = card_pairs(html)
    if expected is None:
        assert len(pairs) == 4
    else:
        assert pairs == expected
    if "sector=new_energy" in query:
        assert "0</span> of 2 reviewed" in html and "(in this selection" in html


def test_a_decision_is_stored_counted_and_leaves_the_open_queue(site: Site) -> None:
    response = decide(
        site,
        member(site),
        foreign_id=FOREIGN_QMS,
        chinese_id=CHINESE_QMS,
        action="confirm",
        note="same text, IDT",
        next="/-/review?country=RU",
    )
    assert response.status_code == 302 and response.headers["location"] == "/-/review?country=RU"
    [review] = Catalog(site.path).reviews_for(FOREIGN_QMS)
    assert (review["decision"], review["reviewer"], review["note"]) == ("confirmed", MEMBER_DISPLAY, "same text, IDT")
    html = site.get("/-/review", cookies=member(site)).text
    assert "1</span> of 4 reviewed" in html and (FOREIGN_QMS, CHINESE_QMS) not in card_pairs(html)
    decided = site.get("/-/review?status=decided", cookies=member(site)).text
    assert card_pairs(decided) == [(FOREIGN_QMS, CHINESE_QMS)]
    assert "已确认 confirmed" in decided and "same text, IDT" in decided


def test_a_decision_can_be_changed_with_a_note_and_the_history_shows_both(site: Site) -> None:
    cookies = member(site)
    decide(site, cookies, foreign_id=FOREIGN_QMS, chinese_id=CHINESE_QMS, action="confirm")
    reply = decide(
        site,
        cookies,
        json_reply=True,
        foreign_id=FOREIGN_QMS,
        chinese_id=CHINESE_QMS,
        action="discuss",
        note="the Russian edition adds national annexes",
    )
    assert reply.status_code == 200
    body = reply.json()
    assert (body["ok"], body["decision"], body["label"], body["reviewer"]) == (
        True,
        "needs_discussion",
        "待讨论 needs discussion",
        MEMBER_DISPLAY,
    )
    html = site.get("/-/review?status=discuss", cookies=cookies).text
    assert card_pairs(html) == [(FOREIGN_QMS, CHINESE_QMS)]
    history = html.split('class="brics-history"')[1]
    assert "History 审核记录 (2)" in history
    assert history.index("待讨论 needs discussion") < history.index("已确认 confirmed")  # newest first
    assert "the Russian edition adds national annexes" in history
    assert [r["decision"] for r in Catalog(site.path).reviews_for(CHINESE_QMS)] == ["confirmed", "needs_discussion"]


def test_bad_decisions_are_refused_with_the_reason(site: Site) -> None:
    cookies = member(site)
    bad_action = decide(
        site, cookies, json_reply=True, foreign_id=FOREIGN_QMS, chinese_id=CHINESE_QMS, action="approve"
    )
    assert bad_action.status_code == 400 and "unknown review decision 'approve'" in bad_action.json()["error"]
    reversed_pair = decide(
        site, cookies, json_reply=True, foreign_id=CHINESE_QMS, chinese_id=FOREIGN_QMS, action="confirm"
    )
    assert reversed_pair.status_code == 400 and "foreign standard" in reversed_pair.json()["error"]
    no_token = site.post(
        "/-/review/decide",
        data={"foreign_id": FOREIGN_QMS, "chinese_id": CHINESE_QMS, "action": "confirm"},
        cookies=cookies,
    )
    assert no_token.status_code == 403
    assert Catalog(site.path).reviews_for(CHINESE_QMS) == []


def test_inferred_adoptions_are_reviewed_the_same_way(site: Site) -> None:
    html = site.get("/-/review?kind=adoptions", cookies=member(site)).text
    assert "0</span> of 2 reviewed" in html
    assert card_pairs(html) == [("SANS 99002:2024", "IEC 61215"), ("GB/T 99001-2024", "ISO 9001")]
    assert "IEC 61730 (0.12)" in html and "标题对应 title correspondence" in html  # candidates; a chart label
    assert "次优候选 next best candidate: ISO 9004 (0.20)" in html
    for internal in ("intercept", "adoption-inference-tests", "photovolta modul", "candidates: 12"):
        assert internal not in html.split("原始数据 Evidence as data")[0], internal
    assert "Quality management systems" in html  # the international edition's title when it is catalogued
    response = decide(
        site,
        member(site),
        json_reply=True,
        kind="adoption",
        standard_id="SANS 99002:2024",
        work="IEC 61215",
        action="reject",
        note="different scope",
    )
    assert response.status_code == 200 and response.json()["pair"] == "SANS 99002:2024 → IEC 61215"
    with Catalog(site.path) as catalog:
        [row] = catalog.adoption_reviews_for("SANS 99002:2024")
    assert (row["work"], row["decision"], row["reviewer"], row["note"]) == (
        "IEC 61215",
        "rejected",
        MEMBER_DISPLAY,
        "different scope",
    )
    assert card_pairs(site.get("/-/review?kind=adoptions", cookies=member(site)).text) == [
        ("GB/T 99001-2024", "ISO 9001")
    ]


def test_catalog_adoption_reviews_are_validated(tmp_path: Path) -> None:
    path = build_catalog(tmp_path / "catalog.db")
    with Catalog(path) as catalog:
        row = catalog.record_adoption_review("GB/T 19001—2016", "ISO 9001:2015", "confirmed", "bob", note="IDT")
        assert (row["standard_id"], row["work"]) == (CHINESE_QMS, "ISO 9001")  # any written form; work undated
        with pytest.raises(CatalogError, match="international: an adoption review is about a national standard"):
            catalog.record_adoption_review("ISO 9001:2015", "ISO 9001", "confirmed", "bob")
        with pytest.raises(CatalogError, match="not an international standard"):
            catalog.record_adoption_review(CHINESE_QMS, "GB/T 1-2000", "confirmed", "bob")
        with pytest.raises(VocabularyError):
            catalog.record_adoption_review(CHINESE_QMS, "ISO 9001", "maybe", "bob")
        with pytest.raises(CatalogError, match="no standard"):
            catalog.record_adoption_review("GB/T 1-1900", "ISO 9001", "confirmed", "bob")
        assert [r["decision"] for r in catalog.adoption_reviews_for(CHINESE_QMS)] == ["confirmed"]


def test_recognised_equivalents_download_neutralises_formulas(site: Site) -> None:
    decide(
        site,
        member(site),
        foreign_id=FOREIGN_QMS,
        chinese_id=CHINESE_QMS,
        action="confirm",
        note='=HYPERLINK("http://evil.example","x")',
    )
    decide(site, member(site), foreign_id="SANS 62133-2:2017", chinese_id="GB 31241-2022", action="reject")
    response = site.get("/-/review/export/recognised_equivalents.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == [
        "Foreign standard 外国标准",
        "Country 国家",
        "Foreign title 外国标准名称",
        "Chinese standard 中国标准",
    ]
    assert [(r[0], r[3], r[-1]) for r in rows[1:]] == [
        (FOREIGN_QMS, CHINESE_QMS, '\'=HYPERLINK("http://evil.example","x")')
    ]
    book = openpyxl.load_workbook(io.BytesIO(site.get("/-/review/export/recognised_equivalents.xlsx").content))
    sheet = book.active
    assert sheet["A2"].value == FOREIGN_QMS and sheet["K2"].value.startswith("=HYPERLINK")
    assert sheet["K2"].data_type == "s"  # text, never a formula
    assert site.get("/-/review/export/everything.csv").status_code == 404


def test_a_read_only_copy_shows_the_queue_without_forms(tmp_path: Path) -> None:
    from standards_lib.publish import prepare_for_publishing

    path = build_catalog(tmp_path / "catalog.db")
    prepare_for_publishing(path)
    site = Site(path, immutable=True)
    try:
        html = site.get("/-/review", cookies=member(site)).text
        assert "read-only" in html and 'value="confirm"' not in html and len(card_pairs(html)) == 4
        token, cookies = site.form_token("/-/login", member(site))
        response = site.post(
            "/-/review/decide",
            data={"csrftoken": token, "foreign_id": FOREIGN_QMS, "chinese_id": CHINESE_QMS, "action": "confirm"},
            cookies=cookies,
        )
        assert response.status_code == 403
    finally:
        site.close()


def test_standard_page_shows_the_evidence_as_sentences(site: Site) -> None:
    html = site.get("/-/standard/" + quote(CHINESE_QMS, safe="")).text
    assert "两者均采用 both adopt ISO 9001" in html and "原始数据 Evidence as data" in html


def test_a_decision_posted_while_a_refresh_writes_says_busy_and_keeps_the_note(site: Site, monkeypatch) -> None:
    from standards_lib.publish.plugin import writes

    monkeypatch.setattr(writes, "WRITE_WAIT_MS", 200)  # the site waits this long for the refresh to commit
    cookies = member(site)
    refresh = sqlite3.connect(site.path, isolation_level=None)
    refresh.execute("BEGIN IMMEDIATE")  # what a refresh holds while it writes
    try:
        response = decide(
            site,
            cookies,
            json_reply=True,
            foreign_id=FOREIGN_QMS,
            chinese_id=CHINESE_QMS,
            action="confirm",
            note="foreword says IDT",
        )
        assert response.status_code == 503
        reply = response.json()
        assert reply["busy"] is True and reply["note"] == "foreword says IDT"
        assert "being refreshed" in reply["error"]
        form = decide(
            site, cookies, foreign_id=FOREIGN_QMS, chinese_id=CHINESE_QMS, action="confirm", note="foreword says IDT"
        )
        assert form.status_code == 302
    finally:
        refresh.execute("ROLLBACK")
        refresh.close()
    assert Catalog(site.path).reviews_for(FOREIGN_QMS) == []  # nothing half-written
    stored = decide(
        site,
        cookies,
        json_reply=True,
        foreign_id=FOREIGN_QMS,
        chinese_id=CHINESE_QMS,
        action="confirm",
        note="foreword says IDT",
    )
    assert stored.status_code == 200 and stored.json()["note"] == "foreword says IDT"


def test_standard_page_lists_the_inferred_adoption_with_its_score_and_review(site: Site) -> None:
    page = "/-/standard/" + quote("GB/T 99001-2024", safe="")
    html = site.get(page).text
    assert "推断 probable" in html and "inferred across languages, score 0.35" in html
    assert "committee: 未审核 not reviewed yet" in html
    with Catalog(site.path) as catalog:
        catalog.record_adoption_review("GB/T 99001-2024", "ISO 9001", "confirmed", MEMBER, note="foreword says IDT")
    html = site.get(page).text
    assert "委员会确认 confirmed" in html and "committee: 已确认 confirmed" in html
    with Catalog(site.path) as catalog:
        catalog.record_adoption_review("GB/T 99001-2024", "ISO 9001", "rejected", MEMBER, note="national text")
    html = site.get(page).text
    assert "inferred across languages, score 0.35" not in html  # a rejected inference is no adoption
