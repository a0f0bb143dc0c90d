"""Hostile text in the batch: one bad record is quarantined with its reason, the good ones are kept, and
`load`, `extract`, `restore` and `reviews import` answer with one-line errors, never a traceback.

Every input here is HAND-WRITTEN for these tests (not real data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_lib.catalog import Catalog
from standards_lib.cli.main import cli
from standards_lib.errors import RecordError
from standards_lib.interchange import record_from_dict, value_problem

GOOD = {"designation": "SANS 10142-1:2020", "title": "Wiring of premises", "title_lang": "en"}
GOOD2 = {"designation": "GB/T 19001-2016", "titles": {"zh": "质量管理体系 要求"}}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"designation": "GB/T 1-2020", "titles": {"en": "bad \\ud800 title"}}', "lone surrogate"),
        ('{"designation": "GB/T 1-2020", "extra": {"n": 1e999}}', "not a finite number"),
        ('{"designation": "GB/T 1-2020", "extra": {"n": NaN}}', "not a finite number"),
        ('{"designation": "GB/T 1-2020", "extra": {"n": 123456789012345678901234567890}}', "beyond 64 bits"),
        ('{"designation": "GB/T 1-2020", "extra": {"\\udc80": 1}}', "lone surrogate"),
    ],
)
def test_one_hostile_line_is_quarantined_and_the_load_goes_on(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + line + "\n" + json.dumps(GOOD2) + "\n", "utf-8")
    db = tmp_path / "catalog.db"
    result = CliRunner().invoke(cli, ["load", str(path), "--db", str(db)])
    assert result.exit_code in (0, 3), result.output
    assert "a bug" not in result.output and "Traceback" not in result.output
    with Catalog(db) as catalog:
        assert {r.canonical for r in catalog.iter_records()} == {"SANS 10142-1:2020", "GB/T 19001-2016"}
        (quarantined,) = list(catalog.db["quarantine"].rows)
    assert reason in quarantined["reason"] and quarantined["location"].endswith("mixed.jsonl:2")


def test_extract_quarantines_a_surrogate_and_writes_only_json(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    bad = {"designation": "GB/T 2-2020", "titles": {"en": "x"}, "extra": {"n": 1}}
    text = json.dumps(GOOD) + "\n" + json.dumps(bad).replace('"x"', '"\\ud800"') + "\n"
    text += '{"designation": "GB/T 3-2020", "extra": {"n": 1e999}}\n'
    path.write_text(text, "utf-8")
    result = CliRunner().invoke(cli, ["extract", "jsonl", str(path)])
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.stdout.splitlines()
    assert json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} written"))["canonical"] == "SANS 10142-1:2020"
    assert "1 records, 2 quarantined" in result.stderr


def test_record_from_dict_names_the_field_of_the_hostile_value() -> None:
    with pytest.raises(RecordError, match=r"field 'titles'\.en holds a lone surrogate U\+D800"):
        record_from_dict({"designation": "GB/T 1-2020", "titles": {"en": "a\ud800"}})
    assert value_problem({"a": [1, 2.5, "ok", None, True]}) is None


# restore ---------------------------------------------------------------------------------------------


@pytest.fixture
def backup_lines(tmp_path: Path) -> list[str]:
    """A real backup of a small catalogue (two hand-written records), as lines."""
    from standards_lib.catalog.backup import backup

    db = tmp_path / "source.db"
    with Catalog(db) as catalog:
        catalog.upsert_records([record_from_dict(GOOD), record_from_dict(GOOD2)], source="handwritten")
    out = tmp_path / "backup.jsonl"
    backup(db, out)
    return out.read_text("utf-8").splitlines()


def _standards_line(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith('{"t": "standards"'))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: {**d, "rowid": 2**70}, "rowid must be an integer of at most 64 bits"),
        (lambda d: {**d, "row": {**d["row"], "status_raw": {"$base64": "not base64!"}}}, "not base64"),
        (lambda d: {**d, "t": ["standards"]}, "is not in the catalogue's schema"),
        (lambda d: {**d, "row": {**d["row"], "titles": "{not json"}}, "column 'titles' is not JSON"),
        (lambda d: {**d, "row": {**d["row"], "titles": '["a list"]'}}, "must be a JSON object"),
        (lambda d: {**d, "row": {**d["row"], "designation": "x\ud800"}}, "lone surrogate"),
        (lambda d: {**d, "row": {**d["row"], "year": 1e999}}, "not a finite number"),
    ],
)
def test_restore_of_a_hostile_row_fails_with_one_line_naming_the_row(
    tmp_path: Path, backup_lines: list[str], change, message: str
) -> None:
    index = _standards_line(backup_lines)
    lines = list(backup_lines)
    lines[index] = json.dumps(change(json.loads(lines[index])))
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["restore", str(path), "--db", str(tmp_path / "restored.db")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"hostile.jsonl:{index + 1}:" in result.output and message in result.output, result.output
    assert not (tmp_path / "restored.db").exists()


# reviews import --------------------------------------------------------------------------------------


def decisions_db(tmp_path: Path) -> Path:
    db = tmp_path / "catalog.db"
    with Catalog(db) as catalog:
        catalog.upsert_records(
            [record_from_dict({"designation": "ГОСТ Р ИСО 9001-2015"}), record_from_dict(GOOD2)], source="handwritten"
        )
    return db


def good_decision(note: str = "fine") -> dict[str, str]:
    return {
        "kind": "equivalence",
        "foreign_id": "ГОСТ Р ИСО 9001-2015",
        "chinese_id": "GB/T 19001-2016",
        "decision": "confirmed",
        "reviewer": "member",
        "reviewed_at": "2024-05-01T10:00:00+00:00",
        "note": note,
    }


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (json.dumps(good_decision()).replace('"fine"', '"\\ud800"'), "lone surrogate"),
        (json.dumps({**good_decision(), "foreign_id": 9001}), "field 'foreign_id' must be text"),
        ("[" * 100_000, "nested too deep"),
        (json.dumps(good_decision("caf\u00e9"), ensure_ascii=False), "not UTF-8"),  # made invalid below
    ],
)
def test_reviews_import_rejects_the_hostile_row_and_keeps_the_others(
    tmp_path: Path, bad_line: str, reason: str
) -> None:
    db = decisions_db(tmp_path)
    data = (json.dumps(good_decision("first")) + "\n").encode() + bad_line.encode("utf-8", "surrogatepass") + b"\n"
    data = data.replace("caf\u00e9".encode(), b"caf\xe9")  # a Latin-1 byte: not UTF-8
    data += (json.dumps(good_decision("third")) + "\n").encode()
    path = tmp_path / "decisions.jsonl"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["reviews", "import", str(path), "--db", str(db)])
    assert result.exit_code == 3 and isinstance(result.exception, SystemExit), result.output
    assert "line 2" in result.output and reason.split()[0] in result.output, result.output
    with Catalog(db) as catalog:
        assert [r["note"] for r in catalog.db["reviews"].rows] == ["first", "third"]


def test_reviews_import_rejects_a_csv_field_over_the_csv_limit_and_keeps_the_others(tmp_path: Path) -> None:
    import csv
    import io

    db = decisions_db(tmp_path)
    text = io.StringIO()
    writer = csv.DictWriter(text, list(good_decision()))
    writer.writeheader()
    writer.writerows([good_decision("first"), good_decision("x" * 200_000), good_decision("third")])
    path = tmp_path / "decisions.csv"
    path.write_text(text.getvalue(), "utf-8")
    result = CliRunner().invoke(cli, ["reviews", "import", str(path), "--db", str(db)])
    assert result.exit_code == 3 and isinstance(result.exception, SystemExit), result.output
    assert "line 3: not a CSV row" in result.output, result.output
    with Catalog(db) as catalog:
        assert [r["note"] for r in catalog.db["reviews"].rows] == ["first", "third"]


def test_runs_and_quarantine_show_no_absolute_server_path(tmp_path: Path) -> None:
    path = tmp_path / "private" / "mixed.jsonl"
    path.parent.mkdir()
    path.write_text(json.dumps(GOOD) + "\n{broken\n", "utf-8")
    db = tmp_path / "catalog.db"
    result = CliRunner().invoke(cli, ["load", str(path), "--db", str(db)])
    assert result.exit_code in (0, 3), result.output
    with Catalog(db) as catalog:
        shown = [json.dumps(r, ensure_ascii=False) for t in ("runs", "quarantine") for r in catalog.db[t].rows]
    assert shown and not any(str(tmp_path) in text for text in shown), shown
    assert any("private/mixed.jsonl:2" in text for text in shown)
    from standards_lib.catalog.runlog import shown_path, shown_paths

    assert shown_path("/srv/data/russia/csv/x.csv") == "…/russia/csv/x.csv"
    assert shown_paths("relative/x.csv:3 and https://example.org/a/b") == "relative/x.csv:3 and https://example.org/a/b"
