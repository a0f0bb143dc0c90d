"""An unchanged refresh skips what did not change, and every refresh says where it is (progress on stderr).

Inputs are the hand-written records of test_catalog."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_catalog import RECORDS
from test_refresh import counts, write_jsonl

from standards_lib.catalog import Catalog
from standards_lib.cli.main import cli
from standards_lib.pipeline import refresh
from standards_lib.progress import Progress


def _stages(events: list[Progress]) -> list[str]:
    return [f"{e.stage} {e.subject or ''}".strip() for e in events if e.finished]


def test_an_unchanged_refresh_reads_no_source_and_does_not_re_match(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "catalog.db"
    write_jsonl(folder, RECORDS)
    first_events: list[Progress] = []
    first = refresh(db, sources=["jsonl"], from_path=folder, progress=first_events.append)
    assert _stages(first_events) == ["read jsonl", "hub", "infer", "match", "coverage"]
    assert first.match and first.match["suggestions"] > 0
    with Catalog(db) as catalog:
        catalog.db.conn.execute("UPDATE suggestions SET score = -1")  # would be rewritten by a re-match
        catalog.db.conn.commit()
    events: list[Progress] = []
    second = refresh(db, sources=["jsonl"], from_path=folder, progress=events.append)
    assert second.sources[0].unchanged_input and second.sources[0].records == 0
    assert second.match == {"skipped": "records, decisions and models unchanged since the last run"}
    assert "not read again" in next(e.message for e in events if e.stage == "read" and e.finished)
    assert second.by_country == first.by_country and second.status == "success"
    with Catalog(db) as catalog:
        assert {r["score"] for r in catalog.db["suggestions"].rows} <= {-1}


def test_a_changed_file_is_read_again_and_matching_runs_again(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "catalog.db"
    write_jsonl(folder, RECORDS)
    refresh(db, sources=["jsonl"], from_path=folder)
    write_jsonl(folder, [*RECORDS, {"designation": "GB/T 4288-2024", "titles": {"zh": "家用和类似用途电动洗衣机"}}])
    run = refresh(db, sources=["jsonl"], from_path=folder)
    assert not run.sources[0].unchanged_input and run.totals["new"] == 1
    assert run.match and "skipped" not in run.match
    assert counts(db)["standards"] == len(RECORDS) + 1


def test_a_committee_decision_makes_the_next_refresh_re_match(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "catalog.db"
    write_jsonl(folder, RECORDS)
    refresh(db, sources=["jsonl"], from_path=folder)
    with Catalog(db) as catalog:
        foreign = next(r["id"] for r in catalog.db["standards"].rows if r["country"] != "CN")
        chinese = next(r["id"] for r in catalog.db["standards"].rows if r["country"] == "CN")
        catalog.record_review(foreign, chinese, "rejected", "alice")
    run = refresh(db, sources=["jsonl"], from_path=folder)
    assert run.sources[0].unchanged_input and run.match and "skipped" not in run.match


def test_force_reads_and_matches_everything(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "catalog.db"
    write_jsonl(folder, RECORDS)
    refresh(db, sources=["jsonl"], from_path=folder)
    run = refresh(db, sources=["jsonl"], from_path=folder, force=True)
    assert not run.sources[0].unchanged_input and run.sources[0].records == len(RECORDS)
    assert run.match and "skipped" not in run.match


def test_a_failed_run_leaves_the_previous_fingerprints(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "catalog.db"
    write_jsonl(folder, RECORDS)
    refresh(db, sources=["jsonl"], from_path=folder)
    with Catalog(db) as catalog:
        before = list(catalog.db["refresh_inputs"].rows)
    (folder / "standards.jsonl").write_text("", "utf-8")  # a source that reads nothing fails the run
    result = CliRunner().invoke(cli, ["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db)])
    assert result.exit_code == 1
    with Catalog(db) as catalog:
        assert list(catalog.db["refresh_inputs"].rows) == before


def test_the_cli_prints_one_line_per_stage_on_stderr_and_nothing_with_quiet(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "catalog.db"
    write_jsonl(folder, RECORDS)
    args = ["refresh", "--source", "jsonl", "--from", str(folder), "--db", str(db)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    lines = first.stderr.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == ["read jsonl", "hub", "infer", "match", "coverage"]
    assert lines[0].startswith(f"read jsonl: {len(RECORDS)} records, 0 quarantined") and lines[0].endswith(" s)")
    second = CliRunner().invoke(cli, [*args, "-q"])
    assert second.exit_code == 0 and second.stderr == ""
    assert "input files unchanged since the last run: not read again" in second.stdout
    assert "matching: not re-run" in second.stdout
