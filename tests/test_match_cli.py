"""``standards match`` / ``equivalents`` / ``evaluate`` on a temporary catalogue holding the gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TEST_DATA

from standards_lib.catalog import Catalog
from standards_lib.catalog_matching import match_catalog
from standards_lib.cli.main import cli
from standards_lib.interchange import read_jsonl
from standards_lib.matching import MATCHER_VERSION

GOLD = TEST_DATA / "gold"


@pytest.fixture
def gold_db(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.db"
    records = [
        r for r, _, _ in read_jsonl((GOLD / "records.jsonl").read_text(encoding="utf-8").splitlines(), source="gold")
    ]
    with Catalog(path) as catalog:
        catalog.upsert_records(records, source="gold")
    return path


def test_match_writes_suggestions_and_keeps_reviews(gold_db: Path) -> None:
    with Catalog(gold_db) as catalog:
        catalog.record_review("IS/ISO 9001:2015", "GB/T 19001-2016", "confirmed", "committee test")
    result = CliRunner().invoke(cli, ["match", "--db", str(gold_db)])
    assert result.exit_code == 0, result.output
    assert "foreign standards: 66" in result.output and "Chinese: 46" in result.output
    assert "best suggestion by relation: identical" in result.output
    with Catalog(gold_db) as catalog:
        rows = catalog.suggestions_for("IS/ISO 9001:2015")
        assert rows[0]["chinese_id"] == "GB/T 19001-2016" and rows[0]["matcher_version"] == MATCHER_VERSION
        first = catalog.count("suggestions")
        summary = match_catalog(catalog)  # a second run replaces, never duplicates
        assert catalog.count("suggestions") == first == summary.written
        assert len(catalog.reviews_for("IS/ISO 9001:2015")) == 1


def test_equivalents_from_both_sides_and_as_json(gold_db: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["match", "--db", str(gold_db)]).exit_code == 0
    result = runner.invoke(cli, ["equivalents", "IS/ISO 9001 : 2015", "--db", str(gold_db), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert items[0]["designation"] == "GB/T 19001-2016" and items[0]["country"] == "CN"
    assert items[0]["relation"] == "identical" and items[0]["evidence"]["adoption"]["work"] == "ISO 9001"
    # a Chinese standard lists its foreign equivalents, in any written form
    result = runner.invoke(cli, ["equivalents", "GB/T 19001—2016", "--db", str(gold_db)])
    assert result.exit_code == 0, result.output
    assert "ГОСТ Р ИСО 9001-2015" in result.output and "SANS 9001:2015" in result.output


def test_equivalents_errors_are_actionable(gold_db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["equivalents", "GB/T 99999-2020", "--db", str(gold_db)])
    assert result.exit_code != 0 and "not in the catalogue" in result.output
    result = runner.invoke(cli, ["equivalents", "not a standard", "--db", str(gold_db)])
    assert result.exit_code != 0 and "cannot parse designation" in result.output


def test_evaluate_prints_precision_recall_and_pairs(gold_db: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["match", "--db", str(gold_db)]).exit_code == 0
    result = runner.invoke(cli, ["evaluate", "--gold", str(GOLD / "pairs.csv"), "--db", str(gold_db)])
    assert result.exit_code == 0, result.output
    assert "gold: 63 pairs over 66 foreign standards" in result.output
    line = next(l for l in result.output.splitlines() if l.strip().startswith("0.60"))
    _, suggested, correct, precision, recall, _ = line.split()
    assert float(precision) >= 0.98 and float(recall) >= 0.98
    data = json.loads(
        runner.invoke(
            cli, ["evaluate", "--gold", str(GOLD / "pairs.csv"), "--db", str(gold_db), "--json", "--threshold", "0.9"]
        ).output
    )
    assert [r["threshold"] for r in data["results"]] == [0.6, 0.9] and data["calibration"]


def test_evaluate_rejects_a_bad_gold_file(gold_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "gold.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(bad), "--db", str(gold_db)])
    assert result.exit_code != 0 and "foreign,chinese" in result.output


def test_retrain_adjusts_the_model_to_the_reviews_and_keeps_it_in_the_catalogue(gold_db: Path) -> None:
    from standards_lib.matching.equivalence.evaluate import read_gold_pairs

    runner = CliRunner()
    too_few = runner.invoke(cli, ["match", "--db", str(gold_db), "--retrain"])
    assert too_few.exit_code == 1 and "retraining needs at least 10 reviewed pairs" in too_few.output
    gold = read_gold_pairs(GOLD / "pairs.csv")
    assert runner.invoke(cli, ["match", "--db", str(gold_db), "--min-score", "0.02"]).exit_code == 0
    with Catalog(gold_db) as catalog:
        for foreign, chinese in sorted(gold.pairs):  # the committee confirms every right pair
            catalog.record_review(foreign, chinese, "confirmed", "committee test")
        wrong = [
            (s["foreign_id"], s["chinese_id"])
            for s in catalog.db["suggestions"].rows
            if (s["foreign_id"], s["chinese_id"]) not in gold.pairs
        ]
        for foreign, chinese in wrong:  # and rejects every other suggestion
            catalog.record_review(foreign, chinese, "rejected", "committee test")
    assert len(wrong) >= 5
    result = runner.invoke(cli, ["match", "--db", str(gold_db), "--retrain"])
    assert result.exit_code == 0, result.output
    assert f"on {len(gold.pairs)} confirmed and {len(wrong)} rejected pairs" in result.output
    assert "held-out half after: >=0.5: P" in result.output
    with Catalog(gold_db) as catalog:
        stored = json.loads(catalog.stored_model("equivalence"))
        assert stored["version"].endswith("+reviews")
        suggestion = catalog.suggestions_for("IS/ISO 9001:2015")[0]
        assert suggestion["evidence"]["model"] == stored["version"]
