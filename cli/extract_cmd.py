"""``standards extract``: parse saved pages or files of one source and print normalised records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import click

from standards_lib.errors import SourceError, StandardsError
from standards_lib.scrapers import SOURCE_MODULES, get_source
from standards_lib.scrapers.base import ExtractSummary, Quarantined, extract_each

EXIT_QUARANTINED = 3


def _source_help() -> str:
    return "SOURCE is one of: " + ", ".join(sorted(SOURCE_MODULES)) + "."


@click.command("extract", epilog=_source_help())
@click.argument("source", type=click.Choice(sorted(SOURCE_MODULES)), metavar="SOURCE")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--json/--table",
    "as_json",
    default=True,
    show_default=True,
    help="JSON Lines of the shared schema (default) or a short table.",
)
@click.option("--mapping", default=None, help="Mapping for csv/xlsx: a shipped name (abnt, sabs, committee) or a file.")
@click.option(
    "--quarantine",
    "quarantine_file",
    type=click.File("w", encoding="utf-8"),
    help="Also write the quarantined items to this file as JSON Lines.",
)
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout)."
)
def extract_command(
    source: str,
    files: tuple[Path, ...],
    as_json: bool,
    mapping: str | None,
    quarantine_file: IO[str] | None,
    output: IO[str],
) -> None:
    """Parse saved pages or files of SOURCE and print normalised records, touching no database.

    Quarantined items (bad records or pages, with location and reason) are summarised on stderr; a file that
    gives nothing at all is one of them. Exit codes: 0 records read; 1 error, or no record read at all;
    3 records read, and some items quarantined.
    """
    summary = ExtractSummary(source)
    try:
        module = get_source(source)
        options = {"mapping": mapping} if mapping is not None else {}
        for item in extract_each(module, list(files), options, source, summary):
            summary.add(item)
            if isinstance(item, Quarantined):
                if quarantine_file:
                    quarantine_file.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                continue
            if as_json:
                output.write(item.to_json() + "\n")
            else:
                title = item.title("zh", "en", "ru", "pt") or ""
                output.write(f"{item.canonical:<32} {item.country:<3} {item.status or '':<10} {title}\n")
    except TypeError as exc:  # an option this source does not take (e.g. --mapping for relaton)
        raise click.UsageError(f"source {source!r}: {exc}") from exc
    except SourceError as exc:
        raise click.ClickException(f"{exc}") from exc
    except StandardsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{source}: {summary.records} records, {summary.quarantined} quarantined", err=True)
    for reason, count in summary.reasons.most_common():
        click.echo(f"  quarantined {count}: {reason}", err=True)
    if summary.empty_inputs:
        click.echo(f"  {summary.empty_inputs} file(s) in the layout of {source} list no standard", err=True)
    if not summary.records and not summary.empty_inputs:
        raise click.ClickException(
            f"no record was read from {', '.join(map(str, files))}: empty, or not {source} files"
        )
    raise SystemExit(EXIT_QUARANTINED if summary.quarantined else 0)


COMMANDS = [extract_command]
