"""``standards extract``: records as JSON Lines on stdout, quarantine summary on stderr, no database."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import shared_path

from standards_lib.cli.main import cli


def test_extract_relaton_prints_the_records_of_the_real_files(tmp_path: Path) -> None:
    folder = shared_path("russia", "relaton-data-gost-sample")
    result = CliRunner().invoke(cli, ["extract", "relaton", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    found = {r["canonical"]: r for r in records}
    assert found["ГОСТ 14254-2015"]["adoptions"] == [
        {"ref": "IEC 60529:2013", "degree": "MOD", "evidence": "designation"}
    ]
    assert "11 records, 0 quarantined" in result.stderr
    assert not list(tmp_path.iterdir())


def test_extract_quarantines_bad_lines_and_exits_3(tmp_path: Path) -> None:
    # Hand-written input (not real data).
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"designation": "SANS 10142-1:2020", "title": "Wiring of premises", "title_lang": "en"})
        + "\n{broken\n",
        "utf-8",
    )
    quarantine = tmp_path / "q.jsonl"
    result = CliRunner().invoke(cli, ["extract", "jsonl", str(path), "--quarantine", str(quarantine)])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["canonical"] == "SANS 10142-1:2020"
    assert "1 records, 1 quarantined" in result.stderr
    (bad,) = [json.loads(line) for line in quarantine.read_text("utf-8").splitlines()]
    assert bad["location"].endswith("mixed.jsonl:2") and "invalid JSON" in bad["reason"]


def test_extract_table_form_and_mapping_for_tabular(test_data: Path) -> None:
    result = CliRunner().invoke(
        cli, ["extract", "csv", str(test_data / "abnt_export_handwritten.csv"), "--mapping", "abnt", "--table"]
    )
    assert result.exit_code in (0, 3), result.output
    assert "ABNT NBR" in result.stdout and " BR " in result.stdout


def test_extract_refuses_unknown_sources_and_options(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("id: x\n", "utf-8")
    unknown = CliRunner().invoke(cli, ["extract", "nosuch", str(tmp_path / "x.yaml")])
    assert unknown.exit_code == 2 and "nosuch" in unknown.output
    wrong = CliRunner().invoke(cli, ["extract", "relaton", str(tmp_path / "x.yaml"), "--mapping", "abnt"])
    assert wrong.exit_code == 2 and "mapping" in wrong.output


def test_an_openstd_results_page_of_an_empty_search_is_zero_records_and_exit_0(tmp_path: Path) -> None:
    # Hand-written page in openstd's results layout (header, no row): a valid page, not a foreign file.
    page = tmp_path / "empty.html"
    page.write_text(
        "<html><body><script>function showInfo(){}</script><table class='std_list'>"
        "<tr><th>序号</th><th>标准号</th><th>是否采标</th><th>标准名称</th><th>类别</th><th>状态</th>"
        "<th>发布日期</th><th>实施日期</th><th>操作</th></tr></table></body></html>",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["extract", "openstd", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 records, 0 quarantined" in result.stderr and "list no standard" in result.stderr
    foreign = tmp_path / "foreign.html"
    foreign.write_text("<html><body><p>not a results page</p></body></html>", "utf-8")
    assert CliRunner().invoke(cli, ["extract", "openstd", str(foreign)]).exit_code == 1
