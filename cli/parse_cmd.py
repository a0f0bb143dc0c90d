"""``standards parse``: read designations and print their canonical form and fields."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources

import click

from standards_lib.designation import find_designations, parse_designation
from standards_lib.errors import DesignationError
from standards_lib.records import Designation

SAMPLE_RESOURCE = "sample_designations.txt"


def sample_designations() -> list[str]:
    """The bundled sample list (standards_lib/data/sample_designations.txt), comments and blanks skipped."""
    text = resources.files("standards_lib").joinpath("data", SAMPLE_RESOURCE).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def designation_json(designation: Designation) -> dict:
    """The JSON object printed by ``--json`` for a parsed designation."""
    return {
        "input": designation.input,
        "canonical": designation.canonical,
        "body": designation.body,
        "country": designation.country,
        "kind": designation.kind,
        "prefix": designation.prefix,
        "number": designation.number,
        "part": "-".join(designation.parts) or None,
        "year": designation.year,
        "edition": designation.edition,
        "amendments": list(designation.amendments),
        "language": designation.language,
        "adoptions": [{"ref": a.ref, "degree": a.degree} for a in designation.adoptions],
        "work_key": designation.work_key,
        "edition_key": designation.edition_key,
    }


def _table_line(designation: Designation) -> str:
    part = "-".join(designation.parts) or "-"
    adoptions = ", ".join(f"{a.ref} {a.degree}" for a in designation.adoptions) or "-"
    return (
        f"{designation.input}\t{designation.canonical}\t{designation.country}\t{designation.body}\t"
        f"{designation.kind}\tno={designation.number}\tpart={part}\tyear={designation.year or '-'}\t"
        f"adoptions={adoptions}"
    )


def _inputs(designations: Iterable[str], sample: bool) -> Iterator[str]:
    if sample:
        yield from sample_designations()
    for item in designations:
        if item == "-":
            with click.open_file("-", encoding="utf-8", errors="replace") as stdin:
                for line in stdin:
                    if line.strip():
                        yield line.rstrip("\r\n")
        else:
            yield item


@click.command("parse")
@click.argument("designations", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per input (JSON Lines).")
@click.option("--sample", is_flag=True, help="Parse the bundled sample list of designations of every system.")
@click.option("--allow-plan", is_flag=True, help="Accept Chinese plan numbers (20130458-T-424) as kind 'plan'.")
@click.option(
    "--find",
    "find_in_text",
    is_flag=True,
    help="Read each input as free text (a replacement note, a list) and print every designation in it.",
)
def parse_command(
    designations: tuple[str, ...], as_json: bool, sample: bool, allow_plan: bool, find_in_text: bool
) -> None:
    """Parse standard designations and print their canonical form, body, country, number, part, year
    and the international standards they adopt.

    DESIGNATIONS are written as on a document, e.g. "GB/T 19001—2016/ISO 9001:2015", "ГОСТ Р ИСО 9001-2015",
    "IS 302 (Part 1) : 2008", "SANS 10142-1:2020", "ABNT NBR ISO 9001:2015". Give "-" to read one designation
    per line from standard input; --sample parses the bundled sample list.

    Without --json one tab-separated line per input (or "ERROR" and the reason); with --json one JSON object
    per line with input, canonical, body, country, number, part, year, adoptions (or input and error).
    With --find, one line per designation found in each input ("代替GB 12021.4-2013, GB 28381-2012"); an
    input with none found counts as failed.

    Exit status: 0 when every input parsed, 1 when at least one failed, 2 on usage errors (no input).
    """
    if not designations and not sample:
        raise click.UsageError("give at least one DESIGNATION, '-' for standard input, or --sample")
    failures = 0
    total = 0
    for text in _inputs(designations, sample):
        total += 1
        try:
            if find_in_text:
                found = find_designations(text)
                if not found:
                    raise DesignationError(text, "no designation found in the text")
            else:
                found = [parse_designation(text, allow_plan=allow_plan)]
        except DesignationError as exc:
            failures += 1
            if as_json:
                click.echo(json.dumps({"input": text, "error": exc.reason}, ensure_ascii=False))
            else:
                click.echo(f"{text}\tERROR\t{exc.reason}")
            continue
        for parsed in found:
            if as_json:
                click.echo(json.dumps(designation_json(parsed), ensure_ascii=False))
            else:
                click.echo(_table_line(parsed))
    if failures:
        click.echo(f"{failures} of {total} designation(s) could not be parsed", err=True)
        raise SystemExit(1)


COMMANDS = [parse_command]
