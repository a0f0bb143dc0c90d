"""``standards concordance``: ISO/IEC works x countries of a sector or an ICS prefix, as CSV, XLSX or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from standards_lib.errors import StandardsError
from standards_lib.sectors import SECTORS

from .common import EXISTING_DB_OPTION


@click.command("concordance")
@click.option("--sector", type=click.Choice([s.key for s in SECTORS]), help="A priority sector.")
@click.option("--ics", "ics", metavar="PREFIX", help="Or an ICS code and everything under it (27.160, 29.220.20).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
@EXISTING_DB_OPTION
def concordance_command(sector: str | None, ics: str | None, fmt: str, output: Path | None, db_path: Path) -> None:
    """The works of a sector adopted in at least one country, with each country's adopters (declared, inferred
    with their score, confirmed): works ready for mutual recognition and the gaps are summed up on stderr."""
    from standards_lib.publish.concordance import concordance_bytes, concordance_of_file, selection

    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE (a workbook is not written to the terminal)")
    try:
        result = concordance_of_file(db_path, selection(sector=sector, ics=ics))
        data = concordance_bytes(result, fmt)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    except StandardsError as exc:
        raise click.ClickException(f"no concordance: {exc}") from exc
    s = result.summary
    gaps = ", ".join(
        f"{c} {g['adopted_there_not_in_china']} there not in China / {g['china_not_there']} in China not there"
        for c, g in s["gaps"].items()
    )
    click.echo(
        f"{result.selection.name}: {s['works']} works with a national adopter, {s['ready']} ready for mutual "
        f"recognition; gaps: {gaps}{f'; written to {output}' if output else ''}",
        err=True,
    )


COMMANDS = [concordance_command]
