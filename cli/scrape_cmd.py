"""``standards scrape``: fetch a live catalogue politely into the archive and print its records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import click

from standards_lib.errors import StandardsError
from standards_lib.scrapers import SOURCE_MODULES, get_source
from standards_lib.scrapers.base import ExtractSummary, Quarantined
from standards_lib.scrapers.fetch import Fetcher

EXIT_QUARANTINED = 3


def live_sources() -> list[str]:
    """Names of the sources that can fetch live (their module has ``scrape``)."""
    names = []
    for name in sorted(SOURCE_MODULES):
        try:
            if hasattr(get_source(name), "scrape"):
                names.append(name)
        except StandardsError:
            continue
    return names


@click.command("scrape")
@click.argument("source")
@click.option("--limit", type=click.IntRange(1), help="Stop after this many records.")
@click.option("--since", help="Only records published on or after this date (YYYY-MM-DD).")
@click.option("--offline", is_flag=True, help="Replay the archive only; fetch nothing.")
@click.option(
    "--archive",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".archive"),
    show_default=True,
    help="Folder of the raw-page archive (a re-run resumes from it).",
)
@click.option(
    "--delay",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="Minimum seconds between two requests to one host.",
)
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="JSON Lines output (default stdout)."
)
@click.option(
    "--quarantine",
    "quarantine_file",
    type=click.File("w", encoding="utf-8"),
    help="Also write quarantined items here as JSON Lines.",
)
def scrape_command(
    source: str,
    limit: int | None,
    since: str | None,
    offline: bool,
    archive: Path,
    delay: float,
    output: IO[str],
    quarantine_file: IO[str] | None,
) -> None:
    """Fetch SOURCE live (politely: robots.txt, rate limit, retries) and print its records as JSON Lines.

    Every page is kept in the archive, so a killed run resumes where it stopped and --offline replays
    a parser fix without the network. Exit code 0, or 3 when some items were quarantined.
    """
    try:
        module = get_source(source)
    except StandardsError as exc:
        raise click.UsageError(str(exc)) from exc
    if not hasattr(module, "scrape"):
        raise click.UsageError(f"source {source!r} cannot fetch live; live sources: {', '.join(live_sources())}")
    fetcher = Fetcher(archive, min_interval=delay, offline=offline)
    summary = ExtractSummary(source)
    try:
        for item in module.scrape(fetcher, limit=limit, since=since):
            summary.add(item)
            if isinstance(item, Quarantined):
                if quarantine_file:
                    quarantine_file.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            else:
                output.write(item.to_json() + "\n")
            click.echo(
                f"\r{source}: {summary.records} records, {fetcher.stats.requests} requests, "
                f"{fetcher.stats.from_archive} from archive, {fetcher.stats.errors} errors, {summary.quarantined} quarantined",
                err=True,
                nl=False,
            )
    except StandardsError as exc:
        click.echo("", err=True)
        raise click.ClickException(f"{exc} (pages fetched so far are archived in {archive}; re-run to resume)") from exc
    click.echo("", err=True)
    click.echo(
        f"{source}: {summary.records} records, {summary.quarantined} quarantined; {fetcher.stats.requests} requests, "
        f"{fetcher.stats.from_archive} from the archive, {fetcher.stats.retries} retries, {fetcher.stats.errors} errors",
        err=True,
    )
    for reason, count in summary.reasons.most_common():
        click.echo(f"  quarantined {count}: {reason}", err=True)
    raise SystemExit(EXIT_QUARANTINED if summary.quarantined else 0)


COMMANDS = [scrape_command]
