"""Backup and restore: a restored catalogue equals the original table by table (reviews, adoption reviews, runs,
changes, quarantine, suggestions, per-source records), row ids included. Inputs: the hand-written RECORDS."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_catalog import RECORDS

from standards_lib.catalog import SCHEMA_VERSION, TABLES, Catalog
from standards_lib.catalog.backup import backup, restore
from standards_lib.catalog_matching import match_catalog
from standards_lib.cli.main import cli
from standards_lib.errors import CatalogError
from standards_lib.pipeline import refresh


def dump(db: Path) -> dict[str, list]:
    """Every declared table, with rowids, plus the full-text index and the schema version."""
    conn = sqlite3.connect(db)
    try:
        tables = {t.name: conn.execute(f"SELECT rowid, * FROM [{t.name}] ORDER BY rowid").fetchall() for t in TABLES}
        tables["standards_fts"] = conn.execute("SELECT rowid, * FROM standards_fts ORDER BY rowid").fetchall()
        tables["user_version"] = conn.execute("PRAGMA user_version").fetchall()
        return tables
    finally:
        conn.close()


def write(folder: Path, name: str, rows: list[dict], extra: list[str] = ()) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "".join(line + "\n" for line in extra),
        "utf-8",
    )


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    """A catalogue with two sources, changes, quarantine, suggestions, reviews, adoption reviews and review flags."""
    db, folder, other = tmp_path / "catalog.db", tmp_path / "in", tmp_path / "other"
    write(folder, "standards.jsonl", RECORDS, ['{"designation": "GB/T 1-2000", "status": "gone fishing"}'])
    refresh(db, sources=["jsonl"], from_path=folder, match=True)
    with Catalog(db) as catalog:
        catalog.record_review("ABNT NBR ISO 9001:2015", "GB/T 19001-2016", "confirmed", "alice", "IDT on both sides")
        catalog.record_review("IS 302 (Part 1):2008", "GB 4706.13-2014", "needs_discussion", "bob")
        catalog.db.conn.execute(
            "INSERT INTO adoption_reviews (standard_id, work, decision, reviewer, reviewed_at, note) "
            "VALUES ('GB/T 4288-2018', 'IEC 60456', 'rejected', 'carol', '2025-01-02T03:04:05+00:00', 'not adopted')"
        )
    rows = [dict(r) for r in RECORDS]
    rows[0]["status"] = "废止"  # withdrawn: the confirmed review is flagged, the change logged
    write(folder, "standards.jsonl", rows, ['{"designation": "GB/T 1-2000", "status": "gone fishing"}'])
    refresh(db, sources=["jsonl"], from_path=folder, match=True)
    write(
        other,
        "more.jsonl",
        [{"designation": "GB/T 19001-2016", "titles": {"en": "Quality management systems"}, "source": "samr"}],
    )
    CliRunner().invoke(cli, ["load", str(other / "more.jsonl"), "--db", str(db), "--source", "samr"])
    with Catalog(db) as catalog:
        match_catalog(catalog, min_score=0.0)  # weak suggestions too: the withdrawn GB/T 19001-2016 scores low
        catalog.db.conn.execute(
            "INSERT INTO adoption_suggestions (standard_id, work, score, evidence, model_version, created_at) "
            "VALUES ('GB/T 4288-2018', 'IEC 60456', 0.42, '{\"title\": 0.4}', 'test', '2025-01-01T00:00:00+00:00')"
        )
        counts = {
            t: catalog.count(t)
            for t in (
                "reviews",
                "adoption_reviews",
                "adoption_suggestions",
                "review_flags",
                "runs",
                "changes",
                "quarantine",
                "suggestions",
                "standard_sources",
            )
        }
    assert all(counts.values()), counts  # every kind of row is there to be lost
    return db


@pytest.mark.parametrize("name", ["catalog.backup.jsonl", "catalog.backup.jsonl.gz"])
def test_a_restored_catalogue_equals_the_original_table_by_table(tmp_path: Path, rich: Path, name: str) -> None:
    out = tmp_path / name
    summary = backup(rich, out)
    assert summary.schema_version == SCHEMA_VERSION and summary.tables["reviews"] == 2
    restored = tmp_path / "restored.db"
    assert restore(out, restored).rows == summary.rows
    original, again = dump(rich), dump(restored)
    for table in original:
        assert again[table] == original[table], table
    with Catalog(restored) as catalog:  # and it works as a catalogue
        assert catalog.search("洗衣机")[0]["id"] == "GB/T 4288-2018"
        assert [r["note"] for r in catalog.reviews_for("GB/T 19001-2016")] == ["IDT on both sides"]


def test_backup_and_restore_commands(tmp_path: Path, rich: Path) -> None:
    out = tmp_path / "b.jsonl"
    done = CliRunner().invoke(cli, ["backup", str(out), "--db", str(rich)])
    assert done.exit_code == 0, done.output
    header = json.loads(out.read_text("utf-8").splitlines()[0])
    assert header["format"] == "brics-standards-backup" and header["schema_version"] == SCHEMA_VERSION
    assert json.loads(out.read_text("utf-8").splitlines()[-1])["end"] is True
    restored = tmp_path / "r.db"
    done = CliRunner().invoke(cli, ["restore", str(out), "--db", str(restored)])
    assert done.exit_code == 0, done.output
    assert dump(restored) == dump(rich)
    again = CliRunner().invoke(cli, ["restore", str(out), "--db", str(restored)])
    assert again.exit_code == 1 and "already exists" in again.output


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _write_lines(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "utf-8")


def test_a_backup_of_a_newer_schema_is_refused(tmp_path: Path, rich: Path) -> None:
    out = tmp_path / "b.jsonl"
    backup(rich, out)
    lines = _lines(out)
    lines[0]["schema_version"] = SCHEMA_VERSION + 1
    _write_lines(out, lines)
    with pytest.raises(CatalogError, match=f"schema version {SCHEMA_VERSION + 1}, newer than this library's"):
        restore(out, tmp_path / "r.db")
    assert not (tmp_path / "r.db").exists()


def test_a_backup_of_an_older_schema_is_migrated(tmp_path: Path, rich: Path) -> None:
    out = tmp_path / "b.jsonl"
    backup(rich, out)
    lines = _lines(out)
    lines[0]["schema_version"] = 1  # schema 1 had no standard_ics.ics_field nor the adoption tables
    for line in lines[1:-1]:
        if line["t"] == "standard_ics":
            del line["row"]["ics_field"]
    kept = [line for line in lines if line.get("t") not in ("adoption_suggestions", "adoption_reviews")]
    kept[0]["tables"] = {
        k: v for k, v in kept[0]["tables"].items() if k not in ("adoption_suggestions", "adoption_reviews")
    }
    kept[-1]["rows"] = len(kept) - 2
    _write_lines(out, kept)
    summary = restore(out, tmp_path / "r.db")
    assert summary.migrated_from == 1
    restored = dump(tmp_path / "r.db")
    assert restored["standard_ics"] == dump(rich)["standard_ics"]  # ics_field backfilled by the v2 migration
    assert restored["reviews"] == dump(rich)["reviews"] and restored["user_version"] == [(SCHEMA_VERSION,)]


def test_a_truncated_or_altered_backup_restores_nothing(tmp_path: Path, rich: Path) -> None:
    out = tmp_path / "b.jsonl"
    backup(rich, out)
    text = out.read_text("utf-8").splitlines()
    (tmp_path / "cut.jsonl").write_text("\n".join(text[:-5]) + "\n", "utf-8")
    with pytest.raises(CatalogError, match="is truncated"):
        restore(tmp_path / "cut.jsonl", tmp_path / "r.db")
    lines = _lines(out)
    lines[3]["t"] = "no_such_table"
    _write_lines(tmp_path / "odd.jsonl", lines)
    with pytest.raises(CatalogError, match="table 'no_such_table' is not in the catalogue's schema"):
        restore(tmp_path / "odd.jsonl", tmp_path / "r.db")
    with pytest.raises(CatalogError, match="not a brics-standards backup"):
        restore(Path(__file__), tmp_path / "r.db")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("r.db")) == []


def test_export_then_load_loses_what_its_help_says(tmp_path: Path, rich: Path) -> None:
    """The interchange export is not a backup: its help names what it leaves out, and the loss is real."""
    help_text = CliRunner().invoke(cli, ["export", "--help"]).output
    assert "Leaves out reviews" in help_text and "standards backup" in help_text
    exported = CliRunner().invoke(cli, ["export", "--db", str(rich)])
    path = tmp_path / "export.jsonl"
    path.write_text(exported.stdout, "utf-8")
    fresh = tmp_path / "fresh.db"
    CliRunner().invoke(cli, ["load", str(path), "--db", str(fresh)])
    with Catalog(fresh) as catalog:
        assert catalog.count("reviews") == 0
    gz = tmp_path / "b.jsonl.gz"
    backup(rich, gz)
    with gzip.open(gz, "rt", encoding="utf-8") as stream:
        assert stream.readline().startswith('{"format": "brics-standards-backup"')
