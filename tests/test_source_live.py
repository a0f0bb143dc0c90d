"""Live scrape functions of mgscatalog and bis against a local HTTP server on 127.0.0.1 (no network).

The pages served are hand-written in the layout of the sites (the BIS API answer is tests/data's hand-written
JSON). The fetcher is the project's own (standards_lib.scrapers.fetch).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from standards_lib.errors import SourceError
from standards_lib.scrapers import bis, mgscatalog
from standards_lib.scrapers.base import Quarantined
from standards_lib.scrapers.fetch import Fetcher

API = json.loads((Path(__file__).parent / "data" / "bis_api_handwritten.json").read_text("utf-8"))

DETAIL = (
    "<html><body><h3>КАТАЛОГ МЕЖГОСУДАРСТВЕННЫХ СТАНДАРТОВ</h3><table>"
    "<tr><td><b>Обозначение</b></td><td>{designation}</td></tr>"
    "<tr><td><b>Наименование</b></td><td>Заголовок {designation}</td></tr>"
    "<tr><td><b>Состояние</b></td><td>Введен впервые</td></tr></table></body></html>"
)
PAGES = {"1": "РМГ 1-2020", "2": "ПМГ 2-2021"}


class QuietServer(ThreadingHTTPServer):
    """A test server whose handler threads say nothing when the client has hung up (the timeouts these tests
    provoke): a traceback printed by a late thread would land in another test's captured output."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if url.path == "/katalogstand_detail.php" and query.get("UrlRN", [""])[0] in PAGES:
            page = DETAIL.format(designation=PAGES[query["UrlRN"][0]])
            return self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
        if url.path == "/katalogstand_detail.php":
            return self._send(200, b"<html><body>no such document</body></html>", "text/html")
        if url.path == "/api/standards":
            page = int(query.get("page", ["1"])[0])
            rows = API["data"][(page - 1) * 2 : page * 2]
            return self._send(200, json.dumps({"data": rows}).encode("utf-8"), "application/json")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher(tmp_path):
    return Fetcher(tmp_path / "archive", min_interval=0, retries=0, backoff=0)


def test_mgscatalog_scrape_walks_the_given_ids(fetcher, server, monkeypatch):
    monkeypatch.setattr(mgscatalog, "BASE_URL", server + "/katalogstand_detail.php?UrlRN={id}")
    items = list(mgscatalog.scrape(fetcher, limit=None, since=None, ids=[1, 2, 3]))
    assert [getattr(i, "canonical", None) for i in items[:2]] == ["РМГ 1-2020", "ПМГ 2-2021"]
    assert items[0].status == "current" and items[0].source_url.endswith("UrlRN=1")
    assert isinstance(items[2], Quarantined) and "layout changed" in items[2].reason
    assert len(list(mgscatalog.scrape(fetcher, limit=1, since=None, ids=[1, 2]))) == 1


def test_mgscatalog_scrape_needs_ids(fetcher):
    with pytest.raises(SourceError, match="UrlRN"):
        list(mgscatalog.scrape(fetcher, limit=None, since=None))


def test_bis_scrape_walks_pages_until_empty(fetcher, server):
    items = list(bis.scrape(fetcher, limit=None, since=None, url=server + "/api/standards?page={page}"))
    records = [i for i in items if not isinstance(i, Quarantined)]
    assert [r.canonical for r in records] == ["IS 16046 (Part 2):2018", "IS/IEC 60529:2001", "IS 15700:2005"]
    assert sum(isinstance(i, Quarantined) for i in items) == 2
    recent = list(bis.scrape(fetcher, limit=None, since="2010", url=server + "/api/standards?page={page}"))
    assert [r.canonical for r in recent if not isinstance(r, Quarantined)] == ["IS 16046 (Part 2):2018"]
    assert len(list(bis.scrape(fetcher, limit=2, since=None, url=server + "/api/standards?page={page}"))) == 2
