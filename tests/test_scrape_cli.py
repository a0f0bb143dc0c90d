"""``standards scrape`` and the samr live scraper against a local HTTP server on 127.0.0.1 (no network).

The pages served are HAND-WRITTEN in the layout of std.samr.gov.cn's search results (not copies)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner

from standards_lib.cli.main import cli
from standards_lib.scrapers import samr

RESULT = """<div class="panel panel-default post"><div class="panel-body"><div class="media top-media">
<div class="media-left"><table class="s-logo label label-primary"><tr><td><span>国家<br/>标准</span></td></tr></table></div>
<div class="media-body"><div class="page-header"><div class="post-head"><table class="s-title"><tr><td>
<a href="#" tid="BV_GB" pid="{pid}"><span class="en-code">{code}</span>&nbsp;&nbsp;{title}</a></td>
<td><span class="s-status label label-info">现行</span></td></tr></table></div>
<div class="post-flex"><table class="s-title"><tr><td><span>国际标准分类号（ICS）</span><span>{ics}</span>
<span>中国标准分类号（CCS）</span><span>K 81</span></td><td><span class="s-status label label-default">采</span></td></tr></table></div></div>
<div><div class="media media-inner"><div class="media-left media-middle"><span>英文标题</span></div>
<div class="media-body">{english}</div></div>
<div class="media media-inner"><div class="media-left media-middle"><span>采标关系</span></div>
<div class="media-body">等同&nbsp;&nbsp;{adopts}</div></div></div></div></div></div>
<div class="panel-footer"><span>发布于</span><time class="post-date">{published}</time>
<span>实施于</span><time class="post-date">{published}</time></div></div>"""

PAGES = {
    "1": [
        (
            "A1",
            "GB/T 90001-2024",
            "家用电器 安全 第1部分：通用要求",
            "97.030",
            "Household appliances—Safety—Part 1",
            "IEC 60335-1:2020",
            "2024-03-01",
        ),
        (
            "A2",
            "GB/T 90002-2019",
            "光伏组件 设计鉴定",
            "27.160",
            "PV modules—Design qualification",
            "IEC 61215-1:2016",
            "2019-05-10",
        ),
    ],
    "2": [("A3", "GB/T 90003-2010", "旧的标准", "01.040", "Old standard", "ISO 1:2002", "2010-01-01")],
}


class QuietServer(ThreadingHTTPServer):
    """A test server whose handler threads say nothing when the client has hung up (the timeouts these tests
    provoke): a traceback printed by a late thread would land in another test's captured output."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlparse(self.path)
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if url.path == "/robots.txt":
            return self._send(404, b"")
        page = parse_qs(url.query).get("pageNumber", ["1"])[0]
        rows = PAGES.get(page, [])
        body = (
            "".join(
                RESULT.format(pid=p, code=c, title=t, ics=i, english=e, adopts=a, published=d)
                for p, c, t, i, e, a, d in rows
            )
            or "<p>为您找到相关结果约 0 个</p>"
        )
        self._send(200, f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode())

    def _send(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site(monkeypatch):
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setattr(samr, "SEARCH_URL", base + "/gb/search/gbQueryPage?searchText={query}&pageNumber={page}")
    Handler.hits = {}
    yield base
    httpd.shutdown()
    httpd.server_close()


def run(args, tmp_path: Path):
    return CliRunner().invoke(cli, ["scrape", "samr", "--archive", str(tmp_path / "archive"), "--delay", "0", *args])


def test_scrape_pages_until_the_last_and_resumes_from_the_archive(site, tmp_path: Path) -> None:
    result = run([], tmp_path)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["canonical"] for r in records] == ["GB/T 90001-2024", "GB/T 90002-2019", "GB/T 90003-2010"]
    assert records[0]["adoptions"] == [{"ref": "IEC 60335-1:2020", "degree": "IDT", "evidence": "metadata"}]
    assert records[0]["ccs"] == ["K81"] and records[1]["titles"]["en"] == "PV modules—Design qualification"
    assert "3 records, 0 quarantined" in result.stderr
    fetched = dict(Handler.hits)
    again = run([], tmp_path)  # a re-run (as after a killed run) takes every page from the archive
    assert again.stdout == result.stdout and Handler.hits == fetched
    assert "from the archive" in again.stderr


def test_scrape_limit_since_and_offline(site, tmp_path: Path) -> None:
    limited = run(["--limit", "1"], tmp_path)
    assert len(limited.stdout.splitlines()) == 1
    recent = run(["--since", "2015-01-01"], tmp_path)
    assert [json.loads(l)["canonical"] for l in recent.stdout.splitlines()] == ["GB/T 90001-2024", "GB/T 90002-2019"]
    offline = CliRunner().invoke(cli, ["scrape", "samr", "--offline", "--archive", str(tmp_path / "empty")])
    assert offline.exit_code == 1 and "not in the archive" in offline.output and "re-run to resume" in offline.output
    replay = CliRunner().invoke(cli, ["scrape", "samr", "--offline", "--archive", str(tmp_path / "archive")])
    assert replay.exit_code == 0 and "GB/T 90001-2024" in replay.stdout


def test_library_errors_become_an_actionable_message(site, tmp_path: Path, monkeypatch) -> None:
    """A source whose scrape() lets a FetchError escape: exit 1 with the error and how to resume."""
    from standards_lib.cli import scrape_cmd

    class Broken:  # test double for a live source; the Fetcher it drives is the real one
        @staticmethod
        def scrape(fetcher, limit=None, since=None):
            fetcher.get(site + "/gb/search/gbQueryPage?searchText=GB&pageNumber=1")
            fetcher.get(site + "/never-archived")
            yield from ()

    monkeypatch.setattr(scrape_cmd, "get_source", lambda name: Broken)
    first = run([], tmp_path)  # fetches page 1 into the archive, then the second URL too
    assert first.exit_code == 0, first.output
    offline = CliRunner().invoke(
        cli, ["scrape", "samr", "--offline", "--archive", str(tmp_path / "archive"), "--delay", "0"]
    )
    assert offline.exit_code == 0  # both archived now
    cold = CliRunner().invoke(cli, ["scrape", "samr", "--offline", "--archive", str(tmp_path / "cold")])
    assert cold.exit_code == 1 and "not in the archive (offline)" in cold.output and "re-run to resume" in cold.output


def test_scrape_refuses_sources_that_cannot_fetch(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["scrape", "csres", "--archive", str(tmp_path)])
    assert result.exit_code == 2 and "live sources" in result.output and "samr" in result.output
    unknown = CliRunner().invoke(cli, ["scrape", "nosuch", "--archive", str(tmp_path)])
    assert unknown.exit_code == 2 and "unknown source" in unknown.output
