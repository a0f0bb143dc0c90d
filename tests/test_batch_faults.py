"""Faults around a refresh and their exit codes: each exit code means what the README says, in every path.

Inputs are the hand-written records of test_catalog (RECORDS) and small files written here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_catalog import RECORDS

from standards_lib.catalog import Catalog
from standards_lib.cli.main import cli
from standards_lib.errors import CatalogBusy, CatalogError, LockError
from standards_lib.pipeline import (
    EXIT_AFTER_COMMIT,
    EXIT_BUSY,
    EXIT_CODES,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_QUARANTINED,
    refresh,
)

ROOT = Path(__file__).resolve().parent.parent
BAD_LINES = ['{"designation": "GB/T 1-2000", "status": "gone fishing"}', "not json"]


def write_jsonl(path: Path, rows: list[dict], extra_lines: list[str] = ()) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + list(extra_lines)
    path.write_text("".join(line + "\n" for line in lines), "utf-8")
    return path


def snapshot(db: Path) -> dict[str, list]:
    """Every row of the tables a refresh writes, to prove a catalogue unchanged."""
    conn = sqlite3.connect(db)
    try:
        return {
            t: conn.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall()
            for t in ("standards", "standard_sources", "adoptions", "changes", "quarantine", "reviews")
        }
    finally:
        conn.close()


def standards(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "standards_lib.cli.main", *args], capture_output=True, text=True, **kwargs
    )


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A catalogue refreshed once from the hand-written records, and the folder it was refreshed from."""
    folder = tmp_path / "in"
    write_jsonl(folder / "standards.jsonl", RECORDS)
    db = tmp_path / "catalog.db"
    refresh(db, sources=["jsonl"], from_path=folder, match=False)
    return db, folder


# -- the report path ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["clirunner", "subprocess"])
def test_an_unwritable_report_path_fails_before_anything_is_committed(tmp_path: Path, built, how: str) -> None:
    db, folder = built
    write_jsonl(folder / "standards.jsonl", RECORDS[:3])  # would mark 7 standards missing if it committed
    before = snapshot(db)
    args = [
        "refresh",
        "--source",
        "jsonl",
        "--from",
        str(folder),
        "--db",
        str(db),
        "--no-match",
        "--report",
        str(tmp_path / "no-such-dir" / "run.json"),
    ]
    if how == "clirunner":
        result = CliRunner().invoke(cli, args)
        code, output = result.exit_code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    else:
        done = standards(args)
        code, output = done.returncode, done.stdout + done.stderr
        assert "Traceback" not in output
    assert code == EXIT_FAILED
    assert "cannot write the run report" in output and "nothing was done" in output
    assert snapshot(db) == before


def test_a_report_that_fails_after_the_commit_exits_5_and_says_the_data_is_committed(
    tmp_path: Path, built, monkeypatch
) -> None:
    db, folder = built
    write_jsonl(folder / "standards.jsonl", RECORDS + [{"designation": "GB/T 90001-2024", "titles": {"zh": "新"}}])
    report = tmp_path / "run.json"
    real_write = Path.write_text

    def full_disk(self: Path, *args, **kwargs):  # the report's disk fills up between the check and the end
        if self == report:
            raise OSError(28, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    result = CliRunner().invoke(
        cli,
        ["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db), "--no-match", "--report", str(report)],
    )
    assert result.exit_code == EXIT_AFTER_COMMIT, result.output
    assert "the data is committed" in result.output and "No space left on device" in result.output
    with Catalog(db) as catalog:
        assert catalog.resolve("GB/T 90001-2024") == "GB/T 90001-2024"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux) to fail a write after the commit")
def test_a_report_on_a_full_device_exits_5_in_a_subprocess(built) -> None:
    db, folder = built
    write_jsonl(folder / "standards.jsonl", RECORDS + [{"designation": "GB/T 90002-2024", "titles": {"zh": "新"}}])
    done = standards(
        ["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db), "--no-match", "--report", "/dev/full"]
    )  # opens fine (the check passes), every write fails: ENOSPC
    assert done.returncode == EXIT_AFTER_COMMIT, done.stderr
    assert "the data is committed" in done.stderr and "No space left on device" in done.stderr
    assert "Traceback" not in done.stderr
    with Catalog(db) as catalog:
        assert catalog.resolve("GB/T 90002-2024") == "GB/T 90002-2024"


def test_coverage_failing_after_the_commit_exits_5(built, monkeypatch) -> None:
    db, folder = built
    import standards_lib.pipeline as pipeline

    def broken(db_path):
        raise CatalogError("cannot compute the coverage tables: database or disk is full")

    monkeypatch.setattr(pipeline, "update_coverage", broken)
    run = refresh(db, sources=["jsonl"], from_path=folder, match=False)
    assert run.exit_code == EXIT_AFTER_COMMIT and run.status == "success"
    assert run.after_commit_errors == [
        "the coverage counts were not recomputed: cannot compute the coverage tables: database or disk is full"
    ]


# -- exit codes ---------------------------------------------------------------------------------------------


def test_every_exit_code_has_its_documented_meaning_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for code, meaning in EXIT_CODES.items():
        assert f"| {code} | {meaning} |" in readme, code


@pytest.mark.parametrize("how", ["clirunner", "subprocess"])
def test_exit_codes_0_1_2_3_in_both_ways_of_running(tmp_path: Path, built, how: str) -> None:
    db, folder = built

    def run(*args: str) -> tuple[int, str]:
        if how == "clirunner":
            result = CliRunner().invoke(cli, list(args))
            return result.exit_code, result.output
        done = standards(list(args))
        assert "Traceback" not in done.stderr
        return done.returncode, done.stdout + done.stderr

    base = ["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db), "--no-match"]
    assert run(*base)[0] == EXIT_OK
    assert run("refresh", "--db", str(db))[0] == 2  # --from missing: click's usage error
    before = snapshot(db)
    code, output = run("refresh", "--source", "no-such-source", "--from", str(folder), "--db", str(db))
    assert code == 2 and "no-such-source" in output and snapshot(db) == before  # a usage error: not a source name
    code, output = run("refresh", "--source", "csres", "--from", str(folder), "--db", str(db))
    assert code == EXIT_FAILED and "finds no files" in output and snapshot(db) == before
    write_jsonl(folder / "bad.jsonl", [], BAD_LINES)
    code, output = run(*base)
    assert code == EXIT_QUARANTINED and "2 new" in output


def test_a_refresh_refused_by_the_lock_exits_4_and_changes_nothing(tmp_path: Path, built) -> None:
    db, folder = built
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time\nfrom standards_lib.pipeline import CatalogLock\n"
                f"lock = CatalogLock({str(db)!r}); lock.acquire(); print('held', flush=True); time.sleep(60)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = snapshot(db)
        done = standards(["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db)])
        assert done.returncode == EXIT_BUSY, done.stderr
        assert f"pid {holder.pid}" in done.stderr and "Traceback" not in done.stderr
        assert snapshot(db) == before
    finally:
        holder.kill()
        holder.wait()
    assert (
        standards(["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db), "--no-match"]).returncode
        == EXIT_OK
    )  # the kernel released the killed holder's lock


# -- quarantine: new and known ------------------------------------------------------------------------------


def test_only_new_quarantined_records_give_exit_3_and_the_report_tells_new_from_known(tmp_path: Path, built) -> None:
    db, folder = built
    bad = folder / "bad.jsonl"
    write_jsonl(bad, [], BAD_LINES)
    report = tmp_path / "run.json"
    args = [
        "refresh",
        "--source",
        "jsonl",
        "--from",
        str(folder),
        "--db",
        str(db),
        "--no-match",
        "--report",
        str(report),
    ]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == EXIT_QUARANTINED, first.output
    data = json.loads(report.read_text("utf-8"))
    assert (data["totals"]["quarantined_new"], data["totals"]["quarantined_known"]) == (2, 0)
    first_run = data["run_id"]

    again = CliRunner().invoke(cli, args)  # the same known problems: nothing new for the scheduler
    assert again.exit_code == EXIT_OK, again.output
    data = json.loads(report.read_text("utf-8"))
    assert (data["totals"]["quarantined_new"], data["totals"]["quarantined_known"]) == (0, 2)
    assert data["status"] == "success" and data["exit_code"] == 0  # nothing new: a clean run
    assert data["sources"][0]["unchanged_input"]  # the same files: not read again
    with Catalog(db) as catalog:  # known items keep the run that first quarantined them
        assert sorted(r["run_id"] for r in catalog.db["quarantine"].rows) == [first_run, first_run]

    # a known bad line moves down the file (a line inserted above it) and a new bad line appears
    write_jsonl(bad, [RECORDS[0]], ['{"designation": "GB/T 1-2000", "ics": 12}'] + BAD_LINES)
    third = CliRunner().invoke(cli, args)
    assert third.exit_code == EXIT_QUARANTINED, third.output
    data = json.loads(report.read_text("utf-8"))
    assert (data["totals"]["quarantined_new"], data["totals"]["quarantined_known"]) == (1, 2)
    (part,) = data["sources"]
    assert [item["location"].rsplit("/", 1)[1] for item in part["new_items"]] == ["bad.jsonl:2"]
    assert "must be text" in part["new_items"][0]["reason"]
    assert "new in quarantine: " in third.output


def test_the_same_bad_record_in_two_files_is_two_new_entries_then_two_known(tmp_path: Path, built) -> None:
    db, folder = built
    write_jsonl(folder / "a.jsonl", [], BAD_LINES[:1])
    write_jsonl(folder / "b.jsonl", [], BAD_LINES[:1])
    first = refresh(db, sources=["jsonl"], from_path=folder, match=False)
    assert (first.totals["quarantined_new"], first.totals["quarantined_known"]) == (2, 0)
    second = refresh(db, sources=["jsonl"], from_path=folder, match=False)
    assert (second.totals["quarantined_new"], second.totals["quarantined_known"]) == (0, 2)
    with Catalog(db) as catalog:
        assert sorted(r["location"].rsplit("/", 1)[1] for r in catalog.db["quarantine"].rows) == [
            "a.jsonl:1",
            "b.jsonl:1",
        ]


# -- --from FILE without --source ---------------------------------------------------------------------------

CSRES_HANDWRITTEN = (
    "std_num,title_zh,department,implement_date,status,url,updated_at\n"
    "GB/T 19001-2016,质量管理体系 要求,国家市场监督管理总局,2017-07-01,现行,,\n"
)
RELATON_HANDWRITTEN = """id: GOST-1.0-2015
type: standard
title:
- language: rus
  content: Межгосударственная система стандартизации. Основные положения
  type: main
docidentifier:
- content: GOST 1.0-2015
  type: GOST
  primary: true
"""


def test_refresh_from_a_single_file_detects_its_source(tmp_path: Path) -> None:
    csv_file = tmp_path / "list.csv"
    csv_file.write_text(CSRES_HANDWRITTEN, "utf-8")  # hand-written, in the csres layout
    db = tmp_path / "catalog.db"
    result = CliRunner().invoke(cli, ["refresh", "--from", str(csv_file), "--db", str(db), "--no-match"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith("csres ")
    yaml_file = tmp_path / "gost-1.0-2015.yaml"
    yaml_file.write_text(RELATON_HANDWRITTEN, "utf-8")  # hand-written, in the Relaton layout
    result = CliRunner().invoke(cli, ["refresh", "--from", str(yaml_file), "--db", str(db), "--no-match"])
    assert result.stdout.startswith("relaton "), result.output
    with Catalog(db) as catalog:
        assert catalog.resolve("ГОСТ 1.0-2015") == "ГОСТ 1.0-2015"


def test_refresh_from_an_unrecognised_file_names_the_source_choices(tmp_path: Path) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("nothing a source reads\n", "utf-8")
    result = CliRunner().invoke(cli, ["refresh", "--from", str(odd), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == EXIT_FAILED
    assert "no source recognises this file; give --source NAME (one of biaozhun, bis, csres" in result.output
    assert "no mapping given" not in result.output


# -- nothing read -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "name", "content"),
    [
        ("jsonl", "standards.jsonl", ""),
        ("jsonl", "standards.jsonl", "\n  \n"),
        ("iso", "deliverables.jsonl", ""),
        ("iso", "deliverables.json", "[]"),
        ("biaozhun", "merged.json", "[]"),
        ("biaozhun", "biaozhun_x_standards.txt", "hello\nnothing here\n"),
    ],
)
def test_a_source_that_reads_nothing_fails_and_marks_nothing_missing(
    built, source: str, name: str, content: str
) -> None:
    db, folder = built
    path = folder / name
    path.write_text(content, "utf-8")
    before = snapshot(db)
    result = CliRunner().invoke(cli, ["refresh", "--source", source, "--from", str(path), "--db", str(db)])
    assert result.exit_code == EXIT_FAILED, result.output
    assert f"source {source!r} read no record at all" in result.output
    assert "nothing was read from this file" in result.output
    assert snapshot(db) == before
    extracted = CliRunner().invoke(cli, ["extract", source, str(path)])
    assert extracted.exit_code == EXIT_FAILED, extracted.output
    assert "no record was read" in extracted.output


# -- writers during a refresh -------------------------------------------------------------------------------


@contextmanager
def write_lock_held(db: Path, seconds: float = 60) -> Iterator[None]:
    """Hold the catalogue's SQLite write lock, as a refresh's transaction does, until the block ends (or at most
    ``seconds`` after it started)."""
    ready, release = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE runs SET message = message WHERE 0")
        ready.set()
        release.wait(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert ready.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join()


REVIEW = ["review", "confirm", "ABNT NBR ISO 9001:2015", "GB/T 19001-2016", "--by", "alice", "--note", "IDT, checked"]


def test_a_review_during_a_refresh_is_refused_with_exit_4_and_the_input_repeated(built) -> None:
    db, _ = built
    with write_lock_held(db):
        result = CliRunner().invoke(cli, [*REVIEW, "--db", str(db), "--wait", "0.5"])
    assert result.exit_code == EXIT_BUSY, result.output
    assert "busy" in result.output and "review not stored" in result.output
    assert "'IDT, checked'" in result.output  # the member's note is repeated so it is not lost
    assert "Traceback" not in result.output and "OperationalError" not in result.output
    with Catalog(db) as catalog:
        assert catalog.count("reviews") == 0


def test_a_review_waits_for_a_short_refresh_and_says_so(built) -> None:
    db, _ = built
    with write_lock_held(db, seconds=1.0):
        result = CliRunner().invoke(cli, [*REVIEW, "--db", str(db), "--wait", "30"])
    assert result.exit_code == 0, result.output
    assert "waiting up to 30 s" in result.output
    with Catalog(db) as catalog:
        (row,) = catalog.db["reviews"].rows
    assert (row["decision"], row["reviewer"], row["note"]) == ("confirmed", "alice", "IDT, checked")


def test_match_during_a_refresh_exits_4(built) -> None:
    db, _ = built
    with write_lock_held(db):
        result = CliRunner().invoke(cli, ["match", "--db", str(db), "--wait", "0.5"])
    assert result.exit_code == EXIT_BUSY, result.output
    assert "busy" in result.output and "Traceback" not in result.output


def test_the_library_raises_catalog_busy_for_the_site(built) -> None:
    db, _ = built
    with write_lock_held(db), Catalog(db, busy_timeout=0.2) as catalog:
        with pytest.raises(CatalogBusy, match="is busy: another process is writing it") as info:
            catalog.record_review("ABNT NBR ISO 9001:2015", "GB/T 19001-2016", "confirmed", "alice")
    assert isinstance(info.value, CatalogError) and not isinstance(info.value, LockError)


def test_a_refresh_while_another_writer_holds_the_file_exits_4(built) -> None:
    db, folder = built
    before = snapshot(db)
    with write_lock_held(db):  # a refresh waits a few seconds for a short writer, then gives up
        result = CliRunner().invoke(cli, ["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db)])
    assert result.exit_code == EXIT_BUSY, result.output
    assert "busy" in result.output
    assert snapshot(db) == before


# -- disk full and read-only file systems ---------------------------------------------------------------------


def test_a_full_disk_is_named_and_the_catalogue_left_intact(tmp_path: Path, built, monkeypatch) -> None:
    db, folder = built
    before = snapshot(db)
    rows = [
        {"designation": f"GB/T {90000 + i}-2024", "titles": {"zh": f"新标准{i} " + "光伏器件" * 30}}
        for i in range(3000)
    ]
    write_jsonl(folder / "standards.jsonl", RECORDS + rows)
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    real_connect = sqlite3.connect

    def small_disk(*args, **kwargs):  # SQLite's own limit on the file size: it answers SQLITE_FULL
        conn = real_connect(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages + 40}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    result = CliRunner().invoke(cli, ["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db)])
    monkeypatch.undo()
    assert result.exit_code == EXIT_FAILED, result.output
    assert "database or disk is full" in result.output
    assert "cannot rollback" not in result.output
    after = snapshot(db)
    assert {t: after[t] for t in after if t != "runs"} == {t: before[t] for t in before if t != "runs"}
    with Catalog(db) as catalog:
        failed = [r for r in catalog.db["runs"].rows if r["status"] == "failed"]
    assert len(failed) == 1 and "database or disk is full" in failed[0]["message"]


def test_a_lock_file_on_a_read_only_file_system_is_a_clear_error(tmp_path: Path, built, monkeypatch) -> None:
    db, folder = built
    before = snapshot(db)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # what the kernel answers on a read-only mount
        if str(path).endswith(".lock") and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    for command in (["refresh", "--source", "jsonl", "--from", str(folder)], ["load", str(folder / "standards.jsonl")]):
        result = CliRunner().invoke(cli, [*command, "--db", str(db)])
        assert result.exit_code == EXIT_FAILED, result.output
        assert "Read-only file system" in result.output and "must exist and be writable" in result.output
        assert not isinstance(result.exception, OSError)
    monkeypatch.undo()
    assert snapshot(db) == before


def _namespace_available() -> bool:
    try:
        return subprocess.run(["unshare", "--mount", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_namespace = pytest.mark.skipif(
    not _namespace_available(), reason="needs a mount namespace (unshare --mount, as root) to mount file systems"
)


@needs_namespace
@pytest.mark.slow
def test_refresh_and_load_on_a_real_read_only_mount(tmp_path: Path, built) -> None:
    db, folder = built
    before = snapshot(db)
    script = (
        f'mount --bind "{tmp_path}" "{tmp_path}" && mount -o remount,bind,ro "{tmp_path}" && '
        f'{sys.executable} -m standards_lib.cli.main refresh --source jsonl --from "{folder}" --db "{db}"; '
        f'echo "refresh=$?"; '
        f'{sys.executable} -m standards_lib.cli.main load "{folder / "standards.jsonl"}" --db "{db}"; '
        f'echo "load=$?"'
    )
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "refresh=1" in done.stdout and "load=1" in done.stdout, done.stdout + done.stderr
    assert "Read-only file system" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(db) == before


@needs_namespace
@pytest.mark.slow
def test_refresh_on_a_real_full_file_system(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    folder = tmp_path / "in"
    write_jsonl(folder / "standards.jsonl", RECORDS)
    rows = [
        {"designation": f"GB/T {90000 + i}-2024", "titles": {"zh": f"新标准{i} " + "光伏器件" * 30}}
        for i in range(6000)
    ]
    write_jsonl(tmp_path / "big" / "standards.jsonl", RECORDS + rows)
    db = mount / "catalog.db"
    cli_ = f"{sys.executable} -m standards_lib.cli.main"
    script = (
        f'mount -t tmpfs -o size=3m tmpfs "{mount}" && '
        f'{cli_} refresh --source jsonl --from "{folder}" --db "{db}" --no-match >/dev/null; echo "first=$?"; '
        f"{sys.executable} -c \"import sqlite3,sys; print('before', sqlite3.connect(sys.argv[1]).execute("
        f'\'select count(*) from standards\').fetchone()[0])" "{db}"; '
        f'{cli_} refresh --source jsonl --from "{tmp_path / "big"}" --db "{db}" --no-match; echo "second=$?"; '
        f'{sys.executable} -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); '
        f"print('after', c.execute('pragma integrity_check').fetchone()[0], "
        f'c.execute(\'select count(*) from standards\').fetchone()[0])" "{db}"'
    )
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = done.stdout + done.stderr
    assert "first=0" in out and f"before {len(RECORDS)}" in out, out
    assert "second=1" in out and "database or disk is full" in out and "Traceback" not in out, out
    assert f"after ok {len(RECORDS)}" in out, out
