"""A real browser (headless Chromium driven by chromedriver's WebDriver HTTP API, no selenium) signs in
as a committee member, searches 质量管理体系 from the home page, opens the standard's page and confirms
an equivalence; and works through the review queue: filters it to new energy and confirms the first
card with the keyboard. Screenshots are saved to test-artifacts/ (browser-review.png, review-queue.png,
review-queue-decided.png, standard-page.png, home-page.png); and, on a catalogue with inferred adoptions, the
committee's workspace: the adoption tab filtered to new energy, a work page, the concordance, the search
across languages and the meeting pack download (adoption-queue-new-energy.png, work-page.png,
concordance-new-energy.png, search-across-languages.png).

Needs Debian's ``chromium`` and ``chromium-driver`` (scripts/test.sh installs them in CI); skips with the
reason when they are absent. Catalogue: bundled sample + hand-written records (see _publish_support).
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from _publish_support import (
    CHINESE_QMS,
    FOREIGN_QMS,
    MEMBER,
    MEMBER_DISPLAY,
    MEMBER_PASSWORD,
    build_catalog,
    datasette_for,
    free_port,
    wait_until_answering,
)

from standards_lib.catalog import Catalog
from standards_lib.publish import build_sample_catalog

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1400",
]


class WebDriver:
    """The few WebDriver commands the test needs, over HTTP with urllib."""

    def __init__(self, url: str, session: str) -> None:
        self.url, self.session = url, session

    @classmethod
    def start(cls, url: str, user_data_dir: Path) -> WebDriver:
        browser = shutil.which("chromium") or "/usr/bin/chromium"
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": browser,
                        "args": CHROMIUM_ARGS + [f"--user-data-dir={user_data_dir}"],
                    },
                }
            }
        }
        value = cls._call(url, "POST", "/session", caps)
        return cls(url, value["sessionId"])

    @staticmethod
    def _call(base: str, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(
            base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"WebDriver {method} {path}: {exc.read()[:500]!r}") from exc

    def call(self, method: str, path: str, body: Any = None) -> Any:
        return self._call(self.url, method, f"/session/{self.session}{path}", body)

    def go(self, url: str) -> None:
        self.call("POST", "/url", {"url": url})

    def find(self, css: str, wait: float = 10.0) -> str:
        """The first element matching ``css``, waiting for it to appear (pages load after clicks)."""
        deadline = time.monotonic() + wait
        while True:
            found = self.call("POST", "/elements", {"using": "css selector", "value": css})
            if found:
                return found[0][ELEMENT]
            if time.monotonic() > deadline:
                raise AssertionError(f"no element {css!r} on {self.current_url()}")
            time.sleep(0.1)

    def type(self, css: str, text: str) -> None:
        self.call("POST", f"/element/{self.find(css)}/value", {"text": text})

    def click(self, css: str) -> None:
        self.call("POST", f"/element/{self.find(css)}/click")

    def attribute(self, css: str, name: str) -> str:
        return self.call("GET", f"/element/{self.find(css)}/attribute/{name}") or ""

    def text(self, css: str) -> str:
        return self.call("GET", f"/element/{self.find(css)}/text") or ""

    def press(self, key: str) -> None:
        """Type a key on the page itself (not in a field), as a member using the shortcuts does."""
        self.call(
            "POST",
            "/actions",
            {
                "actions": [
                    {
                        "type": "key",
                        "id": "keyboard",
                        "actions": [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}],
                    }
                ]
            },
        )

    def select_option(self, css: str) -> None:
        self.click(css)

    def current_url(self) -> str:
        return self.call("GET", "/url")

    def source(self) -> str:
        return self.call("GET", "/source")

    def wait_for_text(self, text: str, wait: float = 10.0) -> None:
        deadline = time.monotonic() + wait
        while text not in self.source():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on {self.current_url()}")
            time.sleep(0.1)

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.call("GET", "/screenshot")))

    def quit(self) -> None:
        self._call(self.url, "DELETE", f"/session/{self.session}")


class ServerThread:
    """Datasette served by uvicorn in a thread on 127.0.0.1."""

    def __init__(self, ds: Any) -> None:
        import uvicorn

        loop = asyncio.new_event_loop()
        loop.run_until_complete(ds.invoke_startup())
        loop.close()
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(ds.app(), host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def chromedriver(tmp_path: Path):
    driver = shutil.which("chromedriver")
    if not driver or not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        pytest.skip(
            "headless Chromium is not installed (Debian packages chromium and chromium-driver; "
            "scripts/test.sh installs them when it runs as root with apt-get)"
        )
    port = free_port()
    process = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(url + "/status", process, seconds=30)
    browser = WebDriver.start(url, tmp_path / "chromium-profile")
    browser.call("POST", "/window/rect", {"width": 1280, "height": 1400})
    yield browser
    try:
        browser.quit()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_member_searches_and_confirms_in_a_real_browser(tmp_path: Path, chromedriver: WebDriver) -> None:
    path = build_catalog(tmp_path / "catalog.db")
    server = ServerThread(datasette_for(path))
    browser = chromedriver
    try:
        # sign in through datasette-auth-passwords' form
        browser.go(server.url + "/-/login")
        browser.type("input[name=username]", MEMBER)
        browser.type("input[name=password]", MEMBER_PASSWORD)
        browser.click("input[type=submit], button[type=submit]")
        browser.wait_for_text(MEMBER)
        # home page: search in Chinese
        browser.go(server.url + "/")
        browser.type("#brics-q", "质量管理体系")
        browser.click(".brics-search button[type=submit]")
        browser.wait_for_text(CHINESE_QMS)
        assert "/-/search" in browser.current_url()
        # open the standard's page from the results
        browser.click('a[href="/-/standard/GB%2FT%2019001-2016"]')
        browser.wait_for_text("Equivalents 对应标准")
        assert FOREIGN_QMS in browser.source()
        # confirm the best suggestion
        browser.type(".brics-equivalents tr.brics-eq input[name=note]", "confirmed in the browser test")
        browser.click(".brics-equivalents tr.brics-eq button.brics-confirm")
        browser.wait_for_text("已确认 confirmed")
        browser.screenshot(ARTIFACTS / "browser-review.png")
    finally:
        server.stop()
    with Catalog(path) as catalog:
        reviews = [dict(r) for r in catalog.db.query("select * from reviews")]
    assert [(r["foreign_id"], r["chinese_id"], r["decision"], r["reviewer"], r["note"]) for r in reviews] == [
        (FOREIGN_QMS, CHINESE_QMS, "confirmed", MEMBER_DISPLAY, "confirmed in the browser test")
    ]
    assert (ARTIFACTS / "browser-review.png").stat().st_size > 10_000


def sign_in(browser: WebDriver, server: ServerThread) -> None:
    browser.go(server.url + "/-/login")
    browser.type("input[name=username]", MEMBER)
    browser.type("input[name=password]", MEMBER_PASSWORD)
    browser.click("button[type=submit]")
    browser.wait_for_text("Signed in as " + MEMBER)


def test_member_filters_the_queue_to_new_energy_and_confirms_with_the_keyboard(
    tmp_path: Path, chromedriver: WebDriver
) -> None:
    path = tmp_path / "catalog.db"
    build_sample_catalog(path)  # the bundled sample with the matcher's own suggestions and evidence
    server = ServerThread(datasette_for(path))
    browser = chromedriver
    try:
        sign_in(browser, server)
        browser.go(server.url + "/")
        browser.wait_for_text("suggested equivalences")
        browser.screenshot(ARTIFACTS / "home-page.png")
        browser.go(server.url + "/-/review")
        browser.wait_for_text("reviewed")
        # choosing the sector reloads the queue (the select submits its form)
        browser.click('select[name=sector] option[value="new_energy"]')
        deadline = time.monotonic() + 10
        while "sector=new_energy" not in browser.current_url():
            assert time.monotonic() < deadline, browser.current_url()
            time.sleep(0.1)
        browser.wait_for_text('id="card-1"')
        browser.screenshot(ARTIFACTS / "review-queue.png")
        foreign = browser.attribute("#card-1 input[name=foreign_id]", "value")
        chinese = browser.attribute("#card-1 input[name=chinese_id]", "value")
        second = browser.attribute("#card-2 input[name=foreign_id]", "value")
        browser.press("c")
        deadline = time.monotonic() + 10
        while "brics-card-confirmed" not in browser.attribute("#card-1", "class"):
            assert time.monotonic() < deadline, "the first card was not confirmed"
            time.sleep(0.1)
        assert "brics-current" in browser.attribute("#card-2", "class")  # moved on to the next card
        assert browser.text("#brics-reviewed") == "1"
        browser.screenshot(ARTIFACTS / "review-queue-decided.png")
        browser.go(server.url + "/-/standard/" + quote(chinese, safe=""))
        browser.wait_for_text("Equivalents 对应标准")
        browser.screenshot(ARTIFACTS / "standard-page.png")
    finally:
        server.stop()
    with Catalog(path) as catalog:
        reviews = [dict(r) for r in catalog.db.query("select * from reviews")]
        sectors = {
            r["sector"]
            for r in catalog.db.query(
                "select distinct sec.sector from standard_classes si join sectors sec on si.ics_code = sec.ics_code "
                "or si.ics_code like sec.ics_code || '.%' where si.standard_id in (?, ?)",
                [foreign, chinese],
            )
        }
    assert [(r["foreign_id"], r["chinese_id"], r["decision"], r["reviewer"]) for r in reviews] == [
        (foreign, chinese, "confirmed", MEMBER_DISPLAY)
    ]
    assert "new_energy" in sectors and second
    for name in ("review-queue.png", "standard-page.png", "home-page.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000


def test_committee_workspace_adoptions_sector_work_concordance_and_meeting_pack(
    tmp_path: Path, chromedriver: WebDriver
) -> None:
    import io
    import urllib.request

    import openpyxl
    from test_hub_views import WIND, hub_catalog

    path = hub_catalog(tmp_path / "catalog.db")
    server = ServerThread(datasette_for(path))
    browser = chromedriver
    try:
        sign_in(browser, server)
        browser.go(server.url + "/-/review?kind=adoptions")
        browser.wait_for_text('id="card-1"')
        browser.click('select[name=sector] option[value="new_energy"]')
        deadline = time.monotonic() + 10
        while "sector=new_energy" not in browser.current_url():
            assert time.monotonic() < deadline, browser.current_url()
            time.sleep(0.1)
        browser.wait_for_text(WIND)
        page = browser.source()
        assert "标题对应 title correspondence" in page and "次优候选 next best candidate" in page
        assert "intercept" not in page.split("原始数据")[0]
        browser.screenshot(ARTIFACTS / "adoption-queue-new-energy.png")
        # the meeting pack of this filtered queue
        href = browser.attribute('.brics-exports a[href*="pending.xlsx"]', "href")
        assert "sector=new_energy" in href and "kind=adoptions" in href
        with urllib.request.urlopen(href if href.startswith("http") else server.url + href, timeout=30) as response:
            sheet = openpyxl.load_workbook(io.BytesIO(response.read())).active
        assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [WIND]
        # the work page, from the card's international side
        browser.go(server.url + "/-/work/" + quote("IEC 61400-1", safe=""))
        browser.wait_for_text("各国采用 National adopters")
        assert WIND in browser.source() and "SANS 61400-1:2020" in browser.source()
        browser.screenshot(ARTIFACTS / "work-page.png")
        browser.go(server.url + "/-/concordance?sector=new_energy")
        browser.wait_for_text("可互认 ready for mutual recognition")
        browser.screenshot(ARTIFACTS / "concordance-new-energy.png")
        browser.go(server.url + "/")
        browser.type("#brics-q", "风力发电机组")
        browser.click(".brics-search button[type=submit]")
        browser.wait_for_text("SANS 61400-1:2020")
        browser.screenshot(ARTIFACTS / "search-across-languages.png")
    finally:
        server.stop()
    for name in ("adoption-queue-new-energy.png", "work-page.png", "concordance-new-energy.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000


def test_table_pages_read_chinese_first_with_the_column_descriptions_folded(
    tmp_path: Path, chromedriver: WebDriver
) -> None:
    """The standards and suggestions tables as an anonymous visitor sees them (table-page.png,
    suggestions-page.png): the rows start high on the page, headers in Chinese first."""
    path = tmp_path / "catalog.db"
    build_sample_catalog(path)  # the bundled sample with the matcher's own suggestions
    server = ServerThread(datasette_for(path))
    browser = chromedriver
    try:
        browser.go(server.url + "/catalog/standards")
        browser.wait_for_text("列说明 Column descriptions")
        table = browser.find("table.rows-and-columns")
        top = browser.call("GET", f"/element/{table}/rect")["y"]
        assert top < 900, f"the rows start {top} px down the page"  # about 2,000 px with Datasette's list
        assert not browser.attribute("details.brics-column-notes", "open")
        assert browser.text("th.col-id").startswith("标准号 Designation")
        assert "标准目录 Standards catalogue" in browser.text("p.crumbs")
        browser.screenshot(ARTIFACTS / "table-page.png")
        browser.go(server.url + "/catalog/suggestions")
        browser.wait_for_text("brics-cell-title")
        browser.screenshot(ARTIFACTS / "suggestions-page.png")
    finally:
        server.stop()
    for name in ("table-page.png", "suggestions-page.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
