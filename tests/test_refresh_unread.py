"""refresh --from DIR names every file under DIR that no source reads (report and stderr); documentation is left out."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from standards_lib.cli.main import cli
from standards_lib.pipeline import plan_sources, refresh, unread_files

HAND = Path(__file__).parent / "data" / "rosstandart_handwritten.csv"


def _tree(root: Path) -> Path:
    data = root / "data"
    (data / "russia" / "opendata").mkdir(parents=True)
    shutil.copy(HAND, data / "russia" / "opendata" / "nationalstandards.csv")
    (data / "russia" / "opendata" / "PROVENANCE.md").write_text("# Provenance\n", "utf-8")
    (data / "README.md").write_text("# data\n", "utf-8")
    (data / "MANIFEST.txt").write_text("nationalstandards.csv 123\n", "utf-8")
    (data / ".hidden").write_text("x", "utf-8")
    # the same list in a changed layout: no source recognises its header any more
    (data / "russia" / "opendata" / "nationalstandards-2026.csv").write_text("Номер;Название\n1;Что-то\n", "utf-8")
    (data / "notes.txt").write_text("ГОСТ Р 1.12-2020\n", "utf-8")
    return data


def test_unread_files_are_named_and_documentation_is_not(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = _tree(tmp_path)
    with caplog.at_level(logging.WARNING, logger="standards_lib.pipeline"):
        run = refresh(tmp_path / "catalog.db", from_path=data, match=False)
    assert "2 files under" in caplog.text and "notes.txt" in caplog.text
    assert run.status in ("success", "partial") and run.sources[0].name == "rosstandart"
    assert run.unread_files == [
        str(data / "notes.txt"),
        str(data / "russia" / "opendata" / "nationalstandards-2026.csv"),
    ]


def test_cli_prints_unread_files_on_stderr_and_in_the_report(tmp_path: Path) -> None:
    data = _tree(tmp_path)
    report = tmp_path / "run.json"
    result = CliRunner().invoke(
        cli, ["refresh", "--from", str(data), "--db", str(tmp_path / "c.db"), "--report", str(report), "--no-match"]
    )
    assert result.exit_code == 3, result.output  # the hand-written list has bad rows
    assert "2 files under --from were read by no source" in result.stderr
    assert f"not read: {data / 'notes.txt'}" in result.stderr
    assert json.loads(report.read_text("utf-8"))["unread_files"] == [
        str(data / "notes.txt"),
        str(data / "russia" / "opendata" / "nationalstandards-2026.csv"),
    ]


def test_nothing_unread_when_every_file_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(HAND, folder / "list.csv")
    (folder / "README").write_text("about\n", "utf-8")
    assert unread_files(folder, plan_sources(None, folder)) == []
