"""``standards parse``: arguments, standard input, --json, --sample and the exit status."""

from __future__ import annotations

import json

from click.testing import CliRunner

from standards_lib.cli.main import cli
from standards_lib.cli.parse_cmd import parse_command, sample_designations


def _run(args: list[str], stdin: str | None = None):
    return CliRunner().invoke(cli, ["parse", *args], input=stdin)


def test_table_line_per_designation() -> None:
    result = _run(["GB/T 19001—2016/ISO 9001:2015", "ГОСТ Р ИСО 9001-2015"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].split("\t")[:4] == ["GB/T 19001—2016/ISO 9001:2015", "GB/T 19001-2016", "CN", "SAC"]
    assert "adoptions=ISO 9001:2015 IDT" in lines[0]
    assert "ГОСТ Р ИСО 9001-2015\tRU\tRosstandart" in lines[1]


def test_json_output_has_the_documented_keys() -> None:
    result = _run(["--json", "IS 16046 (Part 2):2018/IEC 62133-2:2017"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["input"] == "IS 16046 (Part 2):2018/IEC 62133-2:2017"
    assert data["canonical"] == "IS 16046 (Part 2):2018"
    fields = (data["body"], data["country"], data["number"], data["part"], data["year"])
    assert fields == ("BIS", "IN", "16046", "2", 2018)
    assert data["adoptions"] == [{"ref": "IEC 62133-2:2017", "degree": "IDT"}]


def test_json_part_is_null_without_parts_and_joined_with_hyphens() -> None:
    result = _run(["--json", "ISO 9001:2015", "IEC 60335-2-24:2020"])
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["part"] is None
    assert second["part"] == "2-24"


def test_failures_are_reported_and_set_a_non_zero_exit_status() -> None:
    result = _run(["--json", "GB/T 19001-2016", "no such thing"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["canonical"] == "GB/T 19001-2016"
    assert lines[1]["input"] == "no such thing"
    assert "no recognisable standards body" in lines[1]["error"]
    assert "1 of 2 designation(s) could not be parsed" in result.stderr


def test_table_line_for_a_failure_names_the_reason() -> None:
    result = _run(["20130458-T-424"])
    assert result.exit_code == 1
    assert "20130458-T-424\tERROR\ta plan number" in result.stdout


def test_allow_plan_accepts_plan_numbers() -> None:
    result = _run(["--json", "--allow-plan", "20130458-T-424"])
    assert result.exit_code == 0
    assert json.loads(result.output)["kind"] == "plan"


def test_dash_reads_one_designation_per_line_from_stdin() -> None:
    result = _run(["--json", "-"], stdin="SANS 10142-1:2020\n\nABNT NBR ISO 9001:2015\n")
    assert result.exit_code == 0, result.output
    canonicals = [json.loads(line)["canonical"] for line in result.output.splitlines()]
    assert canonicals == ["SANS 10142-1:2020", "ABNT NBR ISO 9001:2015"]


def test_sample_parses_every_bundled_designation() -> None:
    samples = sample_designations()
    assert len(samples) >= 60
    result = _run(["--sample", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == len(samples)
    assert {row["country"] for row in rows} == {"CN", "RU", "IN", "ZA", "BR", "INT"}
    assert not any("error" in row for row in rows)


def test_no_input_is_a_usage_error() -> None:
    result = _run([])
    assert result.exit_code == 2
    assert "give at least one DESIGNATION" in result.output


def test_help_documents_the_exit_status() -> None:
    result = CliRunner().invoke(parse_command, ["--help"])
    assert result.exit_code == 0
    assert "Exit status" in result.output and "--json" in result.output and "--sample" in result.output


def test_find_prints_every_designation_in_free_text() -> None:
    result = _run(["--json", "--find", "代替GB 12021.4-2013、GB 28381-2012", "no designation here"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("canonical") for line in lines] == ["GB 12021.4-2013", "GB 28381-2012", None]
    assert lines[2]["error"] == "no designation found in the text"
