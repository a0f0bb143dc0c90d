"""``standards serve --workers 2``: several processes on one port share the signing secret (a member signed
in through one process is signed in on every other) and the sign-in throttle (an address's attempts are
counted across processes). A real server in a subprocess on 127.0.0.1; the bundled sample catalogue."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from _publish_support import free_port, wait_until_answering

from standards_lib.publish import build_sample_catalog
from standards_lib.publish.members import hash_password

MEMBER, PASSWORD = "wang.li", "correct horse"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers")
    db = folder / "catalog.db"
    build_sample_catalog(db)
    members = folder / "members.json"
    members.write_text(json.dumps({MEMBER: hash_password(PASSWORD, iterations=1000)}), encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-c", "from standards_lib.cli.main import cli; cli()", "serve", "--db", str(db)]
    command += ["--port", str(port), "--no-sample", "--members", str(members), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url + "/-/versions.json", process, seconds=60)
    except AssertionError:
        process.kill()
        raise
    yield url, process
    process.terminate()
    process.wait(timeout=30)


def worker_pids(process: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]  # not the resource tracker


def sign_in(url: str, username: str, password: str) -> tuple[int, str | None]:
    """(status, ds_actor cookie) of one sign-in attempt, each request on a new connection."""
    form = urllib.request.urlopen(url + "/-/login", timeout=30)
    page = form.read().decode()
    csrf_cookie = re.search(r"ds_csrftoken=([^;]+)", form.headers.get("set-cookie") or "").group(1)
    token = re.search(r'name="csrftoken" value="([^"]+)"', page).group(1)
    request = urllib.request.Request(
        url + "/-/login",
        data=urlencode({"username": username, "password": password, "csrftoken": token}).encode(),
        headers={"Cookie": f"ds_csrftoken={csrf_cookie}"},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        return response.status, None
    except urllib.error.HTTPError as exc:
        actor = re.search(r"ds_actor=([^;]+)", exc.headers.get("set-cookie") or "")
        return exc.code, actor.group(1) if actor else None


def test_two_worker_processes_serve_the_site(server) -> None:
    url, process = server
    assert len(worker_pids(process)) == 2
    for path in ("/", "/-/review", "/catalog/search?q=%E7%94%B5%E6%B1%A0&country="):
        assert urllib.request.urlopen(url + path, timeout=30).status == 200


def test_a_member_signed_in_through_one_worker_is_signed_in_on_all(server) -> None:
    url, _ = server
    status, actor = sign_in(url, MEMBER, PASSWORD)
    assert status == 302 and actor
    for _ in range(12):  # new connections: the kernel hands them to either process
        request = urllib.request.Request(url + "/-/actor.json", headers={"Cookie": f"ds_actor={actor}"})
        body = json.loads(urllib.request.urlopen(request, timeout=30).read())
        assert body["actor"]["id"] == MEMBER


def test_the_address_throttle_counts_attempts_across_workers(server) -> None:
    url, _ = server
    statuses = [sign_in(url, f"guess{i}", "wrong")[0] for i in range(20)]
    assert statuses == [200] * 20
    with pytest.raises(urllib.error.HTTPError) as refused:
        for _ in range(6):  # whichever process answers, the address has used its 20 attempts
            urllib.request.urlopen(url + "/-/login", timeout=30)
    assert refused.value.code == 429
    with pytest.raises(urllib.error.HTTPError) as refused_post:  # an attempt too, body unread, right password
        urllib.request.urlopen(
            url + "/-/login", data=urlencode({"username": MEMBER, "password": PASSWORD}).encode(), timeout=30
        )
    assert refused_post.value.code == 429 and refused_post.value.headers["retry-after"] == "900"
    # a forwarding header does not give the blocked address a new identity (uvicorn's default trusts 127.0.0.1)
    for forwarded in ("10.9.8.7", "203.0.113.5, 10.0.0.1"):
        with pytest.raises(urllib.error.HTTPError) as refused_forwarded:
            request = urllib.request.Request(url + "/-/login", headers={"X-Forwarded-For": forwarded})
            urllib.request.urlopen(request, timeout=30)
        assert refused_forwarded.value.code == 429


def test_a_worker_that_dies_is_replaced_and_the_site_keeps_answering(server) -> None:
    url, process = server
    before = worker_pids(process)
    os.kill(before[0], signal.SIGKILL)
    for _ in range(5):  # the other process answers meanwhile
        assert urllib.request.urlopen(url + "/-/versions.json", timeout=30).status == 200
    deadline = time.monotonic() + 20
    while len(worker_pids(process)) < 2 or before[0] in worker_pids(process):
        assert time.monotonic() < deadline, f"no replacement for worker {before[0]}: {worker_pids(process)}"
        time.sleep(0.2)
    assert urllib.request.urlopen(url + "/", timeout=30).status == 200


@pytest.mark.parametrize(("cores", "expected"), [({0}, 1), ({0, 1}, 2), (set(range(16)), 4)])
def test_serve_starts_one_process_per_core_up_to_four(cores, expected, tmp_path, monkeypatch) -> None:
    """``standards serve`` without --workers: one process per core the server may use, at most 4."""
    from click.testing import CliRunner

    import standards_lib.cli.serve_cmd as serve_cmd
    from standards_lib.cli.main import cli

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores)
    started = []
    monkeypatch.setattr(serve_cmd, "serve", started.append)
    db = tmp_path / "catalog.db"
    build_sample_catalog(db, match=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [options.workers for options in started] == [expected]
    assert f"{expected} process(es)" in result.output
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--workers", "1"])
    assert started[-1].workers == 1


def test_workers_end_with_a_killed_parent_and_the_next_run_removes_its_private_folder(tmp_path: Path) -> None:
    """kill -9 of `standards serve --workers 2`: the workers stop (death signal), and the folder holding the
    members' hashes is removed by the next run (its name carries the dead pid)."""
    from standards_lib.publish.server import PRIVATE_DIR_PREFIX, remove_stale_private_dirs

    db = tmp_path / "catalog.db"
    build_sample_catalog(db, match=False)
    members = tmp_path / "members.json"
    members.write_text(json.dumps({MEMBER: hash_password(PASSWORD, iterations=1000)}), encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    command = [sys.executable, "-c", "from standards_lib.cli.main import cli; cli()", "serve", "--db", str(db)]
    command += ["--port", str(port), "--no-sample", "--members", str(members), "--workers", "2"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(temp)}
    )
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/-/versions.json", process, seconds=60)
        workers = worker_pids(process)
        assert len(workers) == 2
        (private,) = temp.glob(f"{PRIVATE_DIR_PREFIX}*")
        assert MEMBER in (private / "config.json").read_text("utf-8")
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 20
        while alive := [p for p in workers if Path(f"/proc/{p}").exists() and b"Z" not in _state(p)]:
            assert time.monotonic() < deadline, f"workers {alive} still run after their parent was killed"
            time.sleep(0.2)
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=5)
        live = temp / f"{PRIVATE_DIR_PREFIX}{os.getpid()}-x"  # a running server's folder is kept
        live.mkdir()
        assert remove_stale_private_dirs(temp) == [private] and not private.exists() and live.exists()
    finally:
        process.kill()


def _state(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return b"Z"


def test_serve_refuses_a_file_that_is_not_a_catalogue_before_saying_serving(tmp_path, monkeypatch) -> None:
    import sqlite3

    from click.testing import CliRunner

    import standards_lib.cli.serve_cmd as serve_cmd
    from standards_lib.cli.main import cli

    started = []
    monkeypatch.setattr(serve_cmd, "serve", started.append)
    garbage, empty, foreign = tmp_path / "garbage.db", tmp_path / "empty.db", tmp_path / "foreign.db"
    garbage.write_bytes(b"this is not a database at all " * 100)
    empty.write_bytes(b"")
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table other (x)")
    for path, reason in ((garbage, "not a SQLite catalogue"), (empty, "empty file"), (foreign, "not a brics")):
        result = CliRunner().invoke(cli, ["serve", "--db", str(path), "--workers", "1"])
        assert result.exit_code == 1 and reason in result.output, result.output
        assert "serving" not in result.output and "Traceback" not in result.output
    assert started == []
