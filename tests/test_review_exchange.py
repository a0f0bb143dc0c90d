"""``standards reviews export|import|equivalents``: every decision round-trips (both review tables, note,
member, time); importing twice adds nothing; a bad row is rejected with its reason, the rest stored;
spreadsheet cells that would run as formulas are neutralised (standards_lib.spreadsheet).
Catalogue: bundled sample + hand-written records (see _publish_support); decisions hand-written here."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from _publish_support import CHINESE_QMS, FOREIGN_QMS, build_catalog
from click.testing import CliRunner

from standards_lib.catalog import Catalog
from standards_lib.catalog.review_exchange import equivalents_bytes
from standards_lib.cli.main import cli
from standards_lib.errors import CatalogError
from standards_lib.spreadsheet import restore_cell, safe_cell, write_csv

NOTES = ["=1+2", "+cmd|' /C calc'!A0", "-2", "@SUM(A1)", "'quoted", "plain, with a comma\nand a new line", None]


def add_decisions(path: Path) -> None:
    with Catalog(path) as catalog:
        for n, note in enumerate(NOTES):
            decision = ("confirmed", "rejected", "needs_discussion")[n % 3]
            catalog.record_review(
                FOREIGN_QMS, CHINESE_QMS, decision, f"member{n % 2}", note=note, at=f"2024-05-0{n + 1}T10:00:00+00:00"
            )
        catalog.record_adoption_review(
            "SANS 99002:2024", "IEC 61215", "rejected", "member1", note="=cmd", at="2024-06-01T09:30:00+00:00"
        )


def decisions(path: Path) -> list[tuple]:
    with Catalog(path) as catalog:
        pairs = catalog.db.execute(
            "select 'equivalence', foreign_id, chinese_id, decision, reviewer, reviewed_at, note "
            "from reviews order by id"
        ).fetchall()
        adoptions = catalog.db.execute(
            "select 'adoption', standard_id, work, decision, reviewer, reviewed_at, note "
            "from adoption_reviews order by id"
        ).fetchall()
    return pairs + adoptions


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_then_import_into_a_fresh_catalogue_round_trips_every_decision(tmp_path: Path, fmt: str) -> None:
    source = build_catalog(tmp_path / "source.db")
    add_decisions(source)
    target = build_catalog(tmp_path / "target.db")
    exported = tmp_path / f"decisions.{fmt}"
    runner = CliRunner()
    result = runner.invoke(cli, ["reviews", "export", "--format", fmt, "-o", str(exported), "--db", str(source)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["reviews", "import", str(exported), "--db", str(target)])
    assert result.exit_code == 0, result.output
    assert "imported 8 decision(s); 0 already present; 0 rejected" in result.output
    assert decisions(target) == decisions(source) and len(decisions(target)) == 8
    again = runner.invoke(cli, ["reviews", "import", str(exported), "--db", str(target)])
    assert "imported 0 decision(s); 8 already present" in again.output and len(decisions(target)) == 8
    if fmt == "csv":
        text = exported.read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == [
            "kind",
            "foreign_id",
            "chinese_id",
            "standard_id",
            "work",
            "decision",
            "reviewer",
            "reviewed_at",
            "note",
        ]
        notes = [r[-1] for r in rows[1:]]
        assert notes[:5] == ["'=1+2", "'+cmd|' /C calc'!A0", "'-2", "'@SUM(A1)", "''quoted"]


def test_a_bad_row_is_rejected_with_its_reason_and_the_rest_imported(tmp_path: Path) -> None:
    target = build_catalog(tmp_path / "target.db")
    lines = [
        {
            "kind": "equivalence",
            "foreign_id": FOREIGN_QMS,
            "chinese_id": CHINESE_QMS,
            "decision": "confirmed",
            "reviewer": "ann",
            "reviewed_at": "2024-01-01T00:00:00+00:00",
        },
        {
            "kind": "equivalence",
            "foreign_id": "ГОСТ Р 1-1900",
            "chinese_id": CHINESE_QMS,
            "decision": "confirmed",
            "reviewer": "ann",
            "reviewed_at": "2024-01-02T00:00:00+00:00",
        },
        {"kind": "opinion", "decision": "confirmed", "reviewer": "ann", "reviewed_at": "2024-01-03T00:00:00+00:00"},
        {
            "kind": "adoption",
            "standard_id": CHINESE_QMS,
            "work": "ISO 9001:2015",
            "decision": "perhaps",
            "reviewer": "ann",
            "reviewed_at": "2024-01-04T00:00:00+00:00",
        },
    ]
    path = tmp_path / "decisions.jsonl"
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\nnot json\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["reviews", "import", str(path), "--db", str(target)])
    assert result.exit_code == 3
    assert "imported 1 decision(s); 0 already present; 4 rejected" in result.output
    assert "line 2: no standard 'ГОСТ Р 1-1900'" in result.output
    assert "line 3: unknown kind 'opinion'" in result.output
    assert "line 4: unknown review decision 'perhaps'" in result.output
    assert "line 5: not JSON" in result.output
    assert [d[1:5] for d in decisions(target)] == [(FOREIGN_QMS, CHINESE_QMS, "confirmed", "ann")]


def test_recognised_equivalents_as_xlsx_and_csv(tmp_path: Path) -> None:
    path = build_catalog(tmp_path / "catalog.db")
    add_decisions(path)  # the latest decision on the pair (n = 6) is "confirmed"
    with Catalog(path) as catalog:
        catalog.record_review("SANS 62133-2:2017", "GB 31241-2022", "rejected", "ann")
    runner = CliRunner()
    xlsx = tmp_path / "equivalents.xlsx"
    result = runner.invoke(cli, ["reviews", "equivalents", "-o", str(xlsx), "--db", str(path)])
    assert result.exit_code == 0 and "wrote 1 recognised equivalence(s)" in result.output
    sheet = openpyxl.load_workbook(xlsx).active
    assert [c.value for c in sheet[1]][:4] == [
        "Foreign standard 外国标准",
        "Country 国家",
        "Foreign title 外国标准名称",
        "Chinese standard 中国标准",
    ]
    assert [sheet["A2"].value, sheet["D2"].value, sheet["E2"].value, sheet["I2"].value] == [
        FOREIGN_QMS,
        CHINESE_QMS,
        "质量管理体系 要求",
        "member0",
    ]
    assert sheet.max_row == 2
    out = tmp_path / "equivalents.csv"
    assert (
        runner.invoke(cli, ["reviews", "equivalents", "--format", "csv", "-o", str(out), "--db", str(path)]).exit_code
        == 0
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == FOREIGN_QMS


def test_recognised_equivalents_in_an_unknown_format_are_refused() -> None:
    with pytest.raises(CatalogError, match="unknown format 'ods' for the recognised equivalents: use csv or xlsx"):
        equivalents_bytes([], "ods")


def test_export_of_a_missing_catalogue_names_the_problem(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["reviews", "export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("'x", "''x"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (12, 12),
        (-3.5, -3.5),
        (None, None),
    ],
)
def test_safe_cell_neutralises_and_restore_cell_undoes(value: object, cell: object) -> None:
    assert safe_cell(value) == cell and restore_cell(cell) == value


def test_the_standards_csv_export_uses_the_same_helper(tmp_path: Path) -> None:
    from standards_lib.catalog.export import export_csv
    from standards_lib.interchange import record_from_dict

    record = record_from_dict({"designation": "GB/T 1-2020", "titles": {"en": '=HYPERLINK("x")'}})
    stream = io.StringIO()
    export_csv([record], stream)
    row = next(iter(csv.DictReader(io.StringIO(stream.getvalue()))))
    assert row["title_en"] == '\'=HYPERLINK("x")'
    buffer = io.StringIO()
    assert write_csv(buffer, ["a"], [{"a": "-x"}], headers=["=h"]) == 1
    assert buffer.getvalue() == "'=h\r\n'-x\r\n"
