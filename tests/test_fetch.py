"""The fetcher against a local HTTP server on 127.0.0.1 (no real network): retries, Retry-After,
truncated bodies, charsets, redirects, robots.txt, rate limit, archive, resume and offline replay."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from standards_lib import FetchError
from standards_lib.scrapers.fetch import Fetcher, decode

GBK_PAGE = "<html><body>国家标准 电动洗衣机 安全要求</body></html>".encode("gbk")
CP1251_PAGE = "<html><body>Системы менеджмента качества</body></html>".encode("cp1251")


class QuietServer(ThreadingHTTPServer):
    """A test server whose handler threads say nothing when the client has hung up (the timeouts these tests
    provoke): a traceback printed by a late thread would land in another test's captured output."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class Site:
    """A scripted local site: path -> list of behaviours consumed one per request (the last repeats)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Callable[[BaseHTTPRequestHandler], None]]] = {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits[self.path] += 1
                steps = site.routes.get(self.path) or [not_found]
                step = steps.pop(0) if len(steps) > 1 else steps[0]
                step(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def body(content: bytes, status: int = 200, content_type: str = "text/html", extra: dict | None = None):
    def step(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(content)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(content)

    return step


def not_found(h: BaseHTTPRequestHandler) -> None:
    body(b"missing", 404)(h)


def truncated(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.write(b"<html>only part")
    h.close_connection = True


def slow(seconds: float):
    def step(h: BaseHTTPRequestHandler) -> None:
        import time

        time.sleep(seconds)
        body(b"late")(h)

    return step


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def fetcher(tmp_path: Path, clock: Clock | None = None, **kwargs) -> Fetcher:
    clock = clock or Clock()
    kwargs.setdefault("min_interval", 0)
    return Fetcher(tmp_path / "archive", sleep=clock.sleep, clock=clock, backoff=0.5, **kwargs)


def test_archive_resume_and_offline_replay(site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = [body("<p>标准</p>".encode(), content_type="text/html; charset=utf-8")]
    site.routes["/b"] = [body(b"<p>b</p>")]
    first = fetcher(tmp_path)
    page = first.get(site.base + "/a")
    assert page.text == "<p>标准</p>" and not page.from_archive and page.status == 200
    # an interrupted run: a new fetcher on the same archive does not refetch what it holds
    again = fetcher(tmp_path)
    assert again.get(site.base + "/a").from_archive and again.get(site.base + "/b").status == 200
    assert site.hits["/a"] == 1 and site.hits["/b"] == 1
    offline = fetcher(tmp_path, offline=True)
    assert offline.get(site.base + "/b").content == b"<p>b</p>"
    with pytest.raises(FetchError, match="not in the archive"):
        offline.get(site.base + "/never")
    refreshed = fetcher(tmp_path, refresh=True)
    refreshed.get(site.base + "/a")
    assert site.hits["/a"] == 2


def test_429_honours_retry_after_and_5xx_are_retried(site: Site, tmp_path: Path) -> None:
    site.routes["/busy"] = [body(b"slow down", 429, extra={"Retry-After": "7"}), body(b"ok")]
    site.routes["/flaky"] = [body(b"err", 500), body(b"err", 503), body(b"fine")]
    clock = Clock()
    f = fetcher(tmp_path, clock)
    assert f.get(site.base + "/busy").content == b"ok"
    assert 7.0 in clock.sleeps
    assert f.get(site.base + "/flaky").content == b"fine"
    assert f.stats.retries == 3 and site.hits["/flaky"] == 3


def test_permanent_errors_raise_naming_the_url(site: Site, tmp_path: Path) -> None:
    site.routes["/down"] = [body(b"err", 500)]
    f = fetcher(tmp_path, retries=2)
    with pytest.raises(FetchError, match=r"/down: HTTP 500 after 3 attempts"):
        f.get(site.base + "/down")
    assert site.hits["/down"] == 3
    site.routes["/gone"] = [body(b"", 410)]
    with pytest.raises(FetchError, match="HTTP 410"):
        f.get(site.base + "/gone")
    assert site.hits["/gone"] == 1  # client errors are not retried
    assert not list((tmp_path / "archive").rglob("*.body"))  # nothing failed is archived


def test_truncated_bodies_are_retried_never_archived(site: Site, tmp_path: Path) -> None:
    site.routes["/cut"] = [truncated, body(b"<html>whole</html>")]
    f = fetcher(tmp_path)
    assert f.get(site.base + "/cut").content == b"<html>whole</html>"
    assert site.hits["/cut"] == 2
    site.routes["/always-cut"] = [truncated]
    with pytest.raises(FetchError, match="truncated"):
        fetcher(tmp_path, retries=1).get(site.base + "/always-cut")


def test_timeouts_are_retried(site: Site, tmp_path: Path) -> None:
    site.routes["/slow"] = [slow(1.0), body(b"quick")]
    f = fetcher(tmp_path, timeout=0.3)
    assert f.get(site.base + "/slow").content == b"quick"


def test_charsets_declared_undeclared_and_wrong(site: Site, tmp_path: Path) -> None:
    site.routes["/gbk"] = [body(GBK_PAGE)]
    site.routes["/ru"] = [body(CP1251_PAGE)]
    site.routes["/wrong"] = [body(GBK_PAGE, content_type="text/html; charset=utf-8")]
    site.routes["/meta"] = [body(b'<meta charset="gb2312">' + GBK_PAGE)]
    f = fetcher(tmp_path)
    assert "电动洗衣机" in f.get(site.base + "/gbk").text
    assert "менеджмента" in f.get(site.base + "/ru").text
    wrong = f.get(site.base + "/wrong")
    assert "电动洗衣机" in wrong.text and wrong.encoding == "gb18030"
    assert f.get(site.base + "/meta").encoding == "gb18030"
    assert decode("质量".encode(), None) == ("质量", "utf-8")


def test_redirects_record_the_final_url(site: Site, tmp_path: Path) -> None:
    site.routes["/old"] = [body(b"", 301, extra={"Location": "/new"})]
    site.routes["/new"] = [body(b"moved here")]
    page = fetcher(tmp_path).get(site.base + "/old")
    assert page.content == b"moved here" and page.final_url == site.base + "/new"


def test_robots_txt_is_respected(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = [body(b"User-agent: *\nDisallow: /private\n", content_type="text/plain")]
    site.routes["/public"] = [body(b"ok")]
    f = fetcher(tmp_path)
    assert f.get(site.base + "/public").content == b"ok"
    with pytest.raises(FetchError, match="robots.txt"):
        f.get(site.base + "/private/page")
    assert site.hits["/private/page"] == 0 and site.hits["/robots.txt"] == 1


def test_rate_limit_spaces_requests_to_one_host(site: Site, tmp_path: Path) -> None:
    site.routes["/p"] = [body(b"x")]
    clock = Clock()
    f = fetcher(tmp_path, clock, min_interval=2.0, refresh=True, respect_robots=False)
    for _ in range(3):
        f.get(site.base + "/p")
    assert clock.sleeps == [2.0, 2.0]


def test_user_agent_is_honest(site: Site, tmp_path: Path) -> None:
    seen = {}

    def capture(h: BaseHTTPRequestHandler) -> None:
        seen["ua"] = h.headers.get("User-Agent")
        body(b"ok")(h)

    site.routes["/ua"] = [capture]
    fetcher(tmp_path).get(site.base + "/ua")
    assert seen["ua"].startswith("brics-standards/")
