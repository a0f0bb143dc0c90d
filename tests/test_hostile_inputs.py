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
