"""The batch refresh: idempotent, logged, atomic under kill -9, locked; load and export round-trip."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_catalog import RECORDS

from standards_lib import LockError
from standards_lib.catalog import Catalog
from standards_lib.cli.main import cli
from standards_lib.pipeline import EXIT_QUARANTINED, CatalogLock, refresh


def write_jsonl(folder: Path, rows: list[dict], name: str = "standards.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    write_jsonl(tmp_path / "in", RECORDS)
    return tmp_path / "in"


def counts(db: Path) -> dict[str, int]:
    with Catalog(db) as cat:
        return {
            t: cat.count(t)
            for t in ("standards", "adoptions", "standard_ics", "changes", "suggestions", "reviews", "quarantine")
        }


def test_second_identical_refresh_changes_nothing(tmp_path: Path, source_dir: Path) -> None:
    db = tmp_path / "catalog.db"
    first = refresh(db, sources=["jsonl"], from_path=source_dir)
    assert first.status == "success" and first.totals["new"] == len(RECORDS)
    before = counts(db)
    # force: read the same files again (an unforced refresh would not read them at all)
    second = refresh(db, sources=["jsonl"], from_path=source_dir, report=tmp_path / "report.json", force=True)
    assert not second.sources[0].unchanged_input
    assert second.totals["changes"] == 0 and second.totals["new"] == 0 and second.totals["changed"] == 0
    assert counts(db) == before
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["status"] == "success" and report["exit_code"] == 0 and report["by_country"]["CN"] == 6


def test_changed_input_logs_exactly_the_expected_rows(tmp_path: Path, source_dir: Path) -> None:
    db = tmp_path / "catalog.db"
    refresh(db, sources=["jsonl"], from_path=source_dir)
    rows = [dict(r) for r in RECORDS if r["designation"] != "GB/T 4288-2018"]
    rows[0]["status"] = "被代替"
    rows.append({"designation": "GB/T 4288-2024", "titles": {"zh": "家用和类似用途电动洗衣机"}, "status": "即将实施"})
    write_jsonl(source_dir, rows)
    run = refresh(db, sources=["jsonl"], from_path=source_dir)
    with Catalog(db) as cat:
        logged = sorted(
            (r["standard_id"], r["change"], r["field"] or "")
            for r in cat.db["changes"].rows_where("run_id = ?", [run.run_id])
        )
    assert logged == [
        ("GB/T 19001-2016", "changed", "status"),
        ("GB/T 19001-2016", "changed", "status_raw"),
        ("GB/T 19001-2016", "replaced", "status"),
        ("GB/T 4288-2018", "missing", ""),
        ("GB/T 4288-2024", "new", ""),
    ]


def test_reviews_survive_ten_refresh_and_rematch_cycles(tmp_path: Path, source_dir: Path) -> None:
    db = tmp_path / "catalog.db"
    refresh(db, sources=["jsonl"], from_path=source_dir)
    with Catalog(db) as cat:
        cat.record_review("ABNT NBR ISO 9001:2015", "GB/T 19001-2016", "confirmed", "alice", "IDT both sides")
        cat.record_review("IS 302 (Part 1):2008", "GB 4706.13-2014", "rejected", "bob")
        expected = list(cat.db["reviews"].rows)
    for cycle in range(10):
        rows = [dict(r) for r in RECORDS]
        rows[2]["titles"] = {"zh": f"家用和类似用途电动洗衣机（第{cycle}版）"}  # something changes every cycle
        write_jsonl(source_dir, rows)
        refresh(db, sources=["jsonl"], from_path=source_dir, match=True)
    with Catalog(db) as cat:
        assert list(cat.db["reviews"].rows) == expected
        assert cat.count("runs") >= 11


def test_quarantined_records_are_kept_counted_and_exit_3(tmp_path: Path, source_dir: Path) -> None:
    (source_dir / "bad.jsonl").write_text(
        '{"designation": "GB/T 1-2000", "status": "gone fishing"}\nnot json\n', "utf-8"
    )
    db = tmp_path / "catalog.db"
    result = CliRunner().invoke(
        cli, ["refresh", "--source", "jsonl", "--from", str(source_dir), "--db", str(db), "--no-match"]
    )
    assert result.exit_code == EXIT_QUARANTINED, result.output
    assert "quarantined" in result.output
    with Catalog(db) as cat:
        rows = list(cat.db["quarantine"].rows)
    assert sorted(r["location"].rsplit("/", 1)[-1] for r in rows) == ["bad.jsonl:1", "bad.jsonl:2"]
    assert any("status" in r["reason"] for r in rows)
    # a second refresh keeps the current quarantine, not a growing history
    CliRunner().invoke(cli, ["refresh", "--source", "jsonl", "--from", str(source_dir), "--db", str(db), "--no-match"])
    assert counts(db)["quarantine"] == 2


def test_a_failed_refresh_leaves_the_catalogue_unchanged(tmp_path: Path, source_dir: Path) -> None:
    db = tmp_path / "catalog.db"
    refresh(db, sources=["jsonl"], from_path=source_dir)
    before = counts(db)
    result = CliRunner().invoke(cli, ["refresh", "--source", "csres", "--from", str(source_dir), "--db", str(db)])
    assert result.exit_code == 1 and "source 'csres' finds no files" in result.output
    assert counts(db) == before


def test_a_concurrent_refresh_is_refused_and_a_stale_lock_recovered(tmp_path: Path, source_dir: Path) -> None:
    db = tmp_path / "catalog.db"
    with CatalogLock(db), pytest.raises(LockError, match="another refresh is running"):
        refresh(db, sources=["jsonl"], from_path=source_dir)
    # a lock left by a process that no longer exists
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    Path(str(db) + ".lock").write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(), "started": "x"}))
    assert refresh(db, sources=["jsonl"], from_path=source_dir).status == "success"
    assert Path(str(db) + ".lock").read_text() == ""  # released: the file stays, naming no holder


def _feed(fifo: Path, lines: Iterator[str], proc: subprocess.Popen, wal: Path, wal_bytes: int) -> int:
    """Write lines into the named pipe the refresh reads until the refresh has spilled uncommitted pages into
    the WAL (more than ``wal_bytes``); returns the number of lines written. The pipe stays open (the refresh
    waits for more) until the caller kills the process."""
    fh = open(fifo, "w", encoding="utf-8")  # blocks until the refresh opens the pipe
    written = 0
    for line in lines:
        fh.write(line)
        written += 1
        if written % 200 == 0:
            fh.flush()
            if wal.exists() and wal.stat().st_size > wal_bytes:
                break
            assert proc.poll() is None, "the refresh ended early: " + proc.stderr.read().decode()
    fh.flush()
    _feed.handle = fh  # type: ignore[attr-defined]  # kept open: closing would end the refresh's input
    return written


@pytest.mark.slow
def test_kill_9_during_a_refresh_leaves_the_previous_catalogue(tmp_path: Path, source_dir: Path) -> None:
    """The refresh reads a named pipe the test feeds: it is killed while it has written uncommitted pages."""
    db = tmp_path / "catalog.db"
    refresh(db, sources=["jsonl"], from_path=source_dir, match=False)
    before = counts(db)
    with Catalog(db) as cat:
        titles_before = {r["id"]: r["titles"] for r in cat.db["standards"].rows}
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "standards_lib.cli.main",
            "refresh",
            "--source",
            "jsonl",
            "--from",
            str(fifo),
            "--db",
            str(db),
            "--no-match",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    changed = (
        json.dumps({**r, "titles": {"en": f"changed title {i}"}}, ensure_ascii=False) + "\n"
        for i, r in enumerate(RECORDS)
    )
    new = (
        json.dumps(
            {"designation": f"GB/T {90000 + i}-2024", "titles": {"zh": f"新标准{i} " + "光伏器件" * 40}},
            ensure_ascii=False,
        )
        + "\n"
        for i in range(200000)
    )
    wal = Path(str(db) + "-wal")
    written = _feed(fifo, itertools.chain(changed, new), proc, wal, 4 * 1024 * 1024)
    try:
        assert proc.poll() is None, "the refresh finished before it could be killed: " + proc.stderr.read().decode()
        assert wal.stat().st_size > 4 * 1024 * 1024 and written < 200000  # uncommitted pages are in the WAL
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        _feed.handle.close()  # type: ignore[attr-defined]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert counts(db) == before
    with Catalog(db) as cat:
        assert {r["id"]: r["titles"] for r in cat.db["standards"].rows} == titles_before
    # the killed run's lock died with it: the next refresh proceeds
    write_jsonl(source_dir, RECORDS + [{"designation": f"GB/T {90000 + i}-2024"} for i in range(200)])
    assert refresh(db, sources=["jsonl"], from_path=source_dir, match=False).totals["new"] == 200


def test_load_and_export_round_trip(tmp_path: Path, source_dir: Path) -> None:
    db = tmp_path / "catalog.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["load", str(source_dir / "standards.jsonl"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl"])
    assert exported.exit_code == 0, exported.output
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join(l for l in exported.stdout.splitlines() if l.startswith("{")) + "\n", "utf-8")
    db2 = tmp_path / "again.db"
    assert runner.invoke(cli, ["load", str(out), "--db", str(db2)]).exit_code == 0
    with Catalog(db) as a, Catalog(db2) as b:
        first = [(r.canonical, r.titles, r.status, r.ics, r.adoptions) for r in a.iter_records()]
        second = [(r.canonical, r.titles, r.status, r.ics, r.adoptions) for r in b.iter_records()]
    assert first == second and len(first) == len(RECORDS)
    csv_out = runner.invoke(cli, ["export", "--db", str(db), "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].startswith("canonical,designation,country")
    assert "ISO 9001:2015 (IDT)" in csv_out.stdout


def test_search_and_show_commands(tmp_path: Path, source_dir: Path) -> None:
    db = tmp_path / "catalog.db"
    refresh(db, sources=["jsonl"], from_path=source_dir, match=False)
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "洗衣机", "--db", str(db), "--json"])
    assert json.loads(found.stdout)[0]["id"] == "GB/T 4288-2018"
    shown = runner.invoke(cli, ["show", "GB/T 19001", "--db", str(db)])
    assert "adopts ISO 9001:2015 (IDT" in shown.output and "ICS 03.120.10" in shown.output
    missing = runner.invoke(cli, ["show", "GB/T 1-1900", "--db", str(db)])
    assert missing.exit_code == 1 and "not in the catalogue" in missing.output
    absent = runner.invoke(cli, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert absent.exit_code == 1 and "no catalogue" in absent.output
