"""The meeting pack: ``standards reviews pending`` and ``/-/review/export/pending.xlsx`` write the pending queue
with both titles and empty decision columns; ``standards reviews import`` stores the filled sheet's decisions.

Catalogue: test_hub_views' (the sample + HAND-WRITTEN records, suggestions, inferred adoptions and reviews)."""

from __future__ import annotations

import csv
import io
import sqlite3
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from _publish_support import CHINESE_QMS, FOREIGN_QMS, Site
from click.testing import CliRunner
from test_hub_views import WIND, hub_catalog

from standards_lib.cli.main import cli
from standards_lib.publish.meeting_pack import HEADERS


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    return hub_catalog(tmp_path / "catalog.db")


def sheet_rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_pending_pack_has_both_titles_evidence_and_empty_decisions(catalog_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    result = CliRunner().invoke(cli, ["reviews", "pending", "-o", str(out), "--db", str(catalog_path)])
    assert result.exit_code == 0, result.output
    rows = sheet_rows(out)
    assert rows[0] == HEADERS
    by_pair = {(r[1], r[3]): r for r in rows[1:]}
    qms = by_pair[(FOREIGN_QMS, CHINESE_QMS)]
    assert (
        qms[0] == "equivalence"
        and qms[2] == "Системы менеджмента качества. Требования"
        and qms[4] == "质量管理体系 要求"
    )
    assert "两者均采用 both adopt ISO 9001" in qms[7] and qms[8:] == (None, None, None)
    assert by_pair[(WIND, "IEC 61400-1")][0] == "adoption"
    assert ("GB/T 99102-2025", "IEC 62133-2") not in by_pair  # decided (rejected): not pending
    # filters: only adoptions of new energy
    result = CliRunner().invoke(
        cli,
        [
            "reviews",
            "pending",
            "--kind",
            "adoption",
            "--sector",
            "new_energy",
            "--format",
            "csv",
            "-o",
            str(tmp_path / "p.csv"),
            "--db",
            str(catalog_path),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = list(csv.reader(io.StringIO((tmp_path / "p.csv").read_text(encoding="utf-8-sig"))))
    assert [(r[0], r[1]) for r in lines[1:]] == [("adoption", WIND)]


def test_filled_pack_comes_back_as_decisions_of_the_named_members(catalog_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    assert CliRunner().invoke(cli, ["reviews", "pending", "-o", str(out), "--db", str(catalog_path)]).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book.active
    rows = {(sheet.cell(i, 2).value, sheet.cell(i, 4).value): i for i in range(2, sheet.max_row + 1)}
    sheet.cell(rows[(FOREIGN_QMS, CHINESE_QMS)], 9, "确认")
    sheet.cell(rows[(FOREIGN_QMS, CHINESE_QMS)], 10, "carol")
    sheet.cell(rows[(FOREIGN_QMS, CHINESE_QMS)], 11, "IDT both, 会上确认")
    sheet.cell(rows[(WIND, "IEC 61400-1")], 9, "reject")
    sheet.cell(rows[(WIND, "IEC 61400-1")], 10, "dan")
    sheet.cell(rows[("ABNT NBR ISO 9001:2015", CHINESE_QMS)], 9, "perhaps")  # unknown word
    sheet.cell(rows[("ABNT NBR ISO 9001:2015", CHINESE_QMS)], 10, "carol")
    book.save(out)
    result = CliRunner().invoke(cli, ["reviews", "import", str(out), "--db", str(catalog_path)])
    assert result.exit_code == 3, result.output  # one row rejected, the others stored
    skipped = len(rows) - 3
    assert f"stored 2 decision(s); {skipped} row(s) without a decision skipped; 1 rejected" in result.output
    assert "'perhaps' is not one of" in result.output
    with closing(sqlite3.connect(catalog_path)) as conn:
        assert conn.execute("select decision, reviewer, note from reviews").fetchall() == [
            ("confirmed", "carol", "IDT both, 会上确认")
        ]
        assert ("rejected", "dan") in conn.execute("select decision, reviewer from adoption_reviews").fetchall()
        # the rejected inference is no longer a link: its derived ICS is gone
        assert conn.execute("select count(*) from work_links where standard_id = ?", (WIND,)).fetchone()[0] == 0


def test_review_page_offers_the_pack_of_the_filtered_queue(catalog_path: Path) -> None:
    site = Site(catalog_path)
    try:
        html = site.get("/-/review?kind=adoptions&sector=new_energy").text
        assert "/-/review/export/pending.xlsx?kind=adoptions&amp;sector=new_energy" in html
        response = site.get("/-/review/export/pending.xlsx?kind=adoptions&sector=new_energy")
        assert response.status_code == 200 and "pending.xlsx" in response.headers["content-disposition"]
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert [(r[0], r[1]) for r in rows[1:]] == [("adoption", WIND)]
    finally:
        site.close()


def test_a_sheet_that_is_not_a_pack_is_not_read_as_one(catalog_path: Path, tmp_path: Path) -> None:
    from standards_lib.errors import CatalogError
    from standards_lib.publish.meeting_pack import read_pack

    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="not a meeting pack"):
        read_pack(other)
