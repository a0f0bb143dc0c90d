"""The bundled sample catalogue, catalog.db at the repository root, the coverage tables and the
publish-metadata / sample-catalog commands."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_lib.cli.main import cli
from standards_lib.errors import CatalogError
from standards_lib.publish import build_metadata, build_sample_catalog, sample_differences, sample_records
from standards_lib.publish.coverage import coverage_is_current, update_coverage
from standards_lib.sectors import SECTORS, sectors_of

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_sample_is_valid_marked_and_multilingual() -> None:
    records = sample_records()
    assert 50 <= len(records) <= 80
    assert len({r.canonical for r in records}) == len(records)
    countries = Counter(r.country for r in records)
    assert set(countries) == {"CN", "BR", "RU", "IN", "ZA", "INT"} and countries["CN"] >= 15
    own_language = {"CN": "zh", "RU": "ru", "BR": "pt", "IN": "en", "ZA": "en", "INT": "en"}
    for record in records:
        assert record.extra.get("sample") is True and record.source == "sample"
        assert record.titles.get(own_language[record.country]), record.canonical
        assert record.ics and record.status, record.canonical
    for sector in SECTORS:
        in_sector = Counter(r.country for r in records if sector.key in sectors_of(r.ics))
        assert in_sector["CN"] >= 5 and in_sector["INT"] >= 3, (sector.key, in_sector)
    famous = {r.canonical for r in records}
    assert {"ISO 9001:2015", "IEC 60335-1:2020", "IEC 60529:2013", "GB/T 19001-2016"} <= famous


def test_repository_catalog_db_is_the_current_sample() -> None:
    path = ROOT / "catalog.db"
    assert path.exists(), "catalog.db is missing: run `standards sample-catalog --replace`"
    problems = sample_differences(path)
    assert problems == [], (
        f"catalog.db is stale ({len(problems)} differences, e.g. {problems[:3]}): "
        "run `standards sample-catalog --replace`"
    )
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        assert conn.execute("select count(*) from suggestions").fetchone()[0] > 0
        assert coverage_is_current(conn), "catalog.db's coverage tables are stale"
        assert conn.execute("select count(*) from reviews").fetchone()[0] == 0
        assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"  # one file, no -wal/-shm


def test_sample_build_refuses_to_overwrite_and_replaces_on_request(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    built = build_sample_catalog(path, match=False)
    assert built.records == len(sample_records()) and built.countries["CN"] >= 15
    with pytest.raises(CatalogError, match="already exists"):
        build_sample_catalog(path, match=False)
    build_sample_catalog(path, match=False, replace=True)
    assert sample_differences(path) == []


def test_sample_differences_reports_a_changed_record(tmp_path: Path) -> None:
    from standards_lib.catalog import Catalog

    path = tmp_path / "catalog.db"
    build_sample_catalog(path, match=False)
    record = next(r for r in sample_records() if r.canonical == "GB/T 4208-2017")
    record.titles["zh"] = "改过的标题"
    with Catalog(path) as catalog:
        catalog.upsert_records([record], source="sample")
    problems = sample_differences(path)
    assert len(problems) == 1 and "GB/T 4208-2017: titles" in problems[0]


def test_coverage_tables_match_a_live_count(tmp_path: Path) -> None:
    from standards_lib.publish.queries import COVERAGE_LIVE

    path = tmp_path / "catalog.db"
    build_sample_catalog(path, match=False)
    with closing(sqlite3.connect(path)) as conn:
        assert coverage_is_current(conn)
        stored = conn.execute(
            "select country, ics_field, standards, with_suggestion, with_confirmed from coverage order by 1, 2"
        ).fetchall()
        live = [r[:2] + r[3:6] for r in conn.execute(COVERAGE_LIVE, {"country": ""}).fetchall()]
        assert stored == live and sum(r[2] for r in stored) >= len(sample_records())
        with conn:
            conn.execute("delete from standard_ics where rowid = (select min(rowid) from standard_ics)")
        assert not coverage_is_current(conn)
    assert update_coverage(path, only_if_stale=True) is not None
    assert update_coverage(path, only_if_stale=True) is None


def test_publish_metadata_command_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "metadata.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["publish-metadata", "--check", "-o", str(out)]).exit_code == 1
    result = runner.invoke(cli, ["publish-metadata", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == build_metadata()
    assert runner.invoke(cli, ["publish-metadata", "--check", "-o", str(out)]).exit_code == 0


def test_sample_catalog_command_builds_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "catalog.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["sample-catalog", "--db", str(path), "--no-match"])
    assert result.exit_code == 0, result.output
    assert "standards (BR" in result.output
    assert runner.invoke(cli, ["sample-catalog", "--db", str(path), "--check"]).exit_code == 0
    again = runner.invoke(cli, ["sample-catalog", "--db", str(path), "--no-match"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_serve_refuses_a_missing_catalogue_with_no_sample(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db"), "--no-sample"])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_publish_prepare_makes_one_self_contained_file(tmp_path: Path) -> None:
    from standards_lib.catalog import Catalog
    from standards_lib.publish import publishing_problems

    path = tmp_path / "catalog.db"
    build_sample_catalog(path, match=False)
    with Catalog(path) as catalog:  # a later write through the catalogue (WAL mode) makes the counts stale
        catalog.record_review("SANS 9001:2015", "GB/T 19001-2016", "confirmed", "dora")
    assert "the coverage tables are missing or stale" in publishing_problems(path)
    result = CliRunner().invoke(cli, ["publish-prepare", "--db", str(path)])
    assert result.exit_code == 0 and "coverage recomputed" in result.output, result.output
    assert publishing_problems(path) == []
    with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as conn:
        assert conn.execute(
            "select with_confirmed from coverage where country = 'ZA' and ics_field = '03'"
        ).fetchone() == (1,)
