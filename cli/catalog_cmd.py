"""Catalogue commands: refresh, load, export, search, show."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click

from standards_lib.catalog import Catalog
from standards_lib.catalog.export import dumps, export_csv, export_jsonl
from standards_lib.errors import StandardsError
from standards_lib.pipeline import load_file, refresh
from standards_lib.run_report import EXIT_CODES, RunReport
from standards_lib.scrapers import SOURCE_MODULES

from .common import fail, progress_printer

DB_OPTION = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("catalog.db"),
    show_default=True,
    help="Catalogue file (SQLite).",
)


def _fail(exc: StandardsError) -> click.ClickException:
    return fail(exc)


def _exit_codes_help() -> str:
    return "Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in sorted(EXIT_CODES.items())) + "."


def _print_run(run: RunReport) -> None:
    data = run.to_dict()
    for part in data["sources"]:
        if part["unchanged_input"]:
            click.echo(f"{part['name']:<12} input files unchanged since the last run: not read again")
            continue
        up = part["upsert"]
        click.echo(
            f"{part['name']:<12} {part['records']:>7} records  {part['quarantined']:>5} quarantined "
            f"({part['quarantined_new']} new)  "
            f"new {up.get('new', 0)}  changed {up.get('changed', 0)}  unchanged {up.get('unchanged', 0)}  "
            f"missing {up.get('missing', 0)}"
        )
        for reason, count in part["reasons"].items():
            click.echo(f"{'':<12} quarantined {count:>5}: {reason}")
        if part.get("by_country") and part["quarantined"]:
            click.echo(
                f"{'':<12} per country: "
                + ", ".join(
                    f"{c} {n['records']} read, {n['quarantined']} quarantined" for c, n in part["by_country"].items()
                )
            )
    click.echo(
        "standards by country (in the catalogue): " + ", ".join(f"{k} {v}" for k, v in data["by_country"].items())
    )
    if (data.get("match") or {}).get("skipped"):
        click.echo(f"matching: not re-run ({data['match']['skipped']})")
    elif data.get("match"):
        m = data["match"]
        click.echo(
            f"matching: {m.get('suggestions')} suggestions for {m.get('foreign_with_suggestion')} of "
            f"{m.get('foreign')} foreign standards"
        )
    click.echo(
        f"run {data['run_id']}: {data['status']}, {data['totals'].get('changes', 0)} change-log rows, "
        f"catalogue {data.get('db_bytes') or 0:,} bytes"
    )
    new = data["totals"].get("quarantined_new", 0)
    known = data["totals"].get("quarantined_known", 0)
    if new or known:
        click.echo(f"quarantine: {new} new, {known} already known from earlier runs")
    for part in data["sources"]:
        for item in part["new_items"]:
            click.echo(f"  new in quarantine: {item['location']}: {item['reason']}", err=True)
    if data["unread_files"]:
        click.echo(f"{len(data['unread_files'])} files under --from were read by no source:", err=True)
        for path in data["unread_files"]:
            click.echo(f"  not read: {path}", err=True)
    for problem in data["after_commit_errors"]:
        click.echo(f"Error after the commit (the data is committed): {problem}", err=True)


@click.command("refresh", epilog=_exit_codes_help())
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(sorted(SOURCE_MODULES)),
    help="Source name (repeatable); default: every source with files.",
)
@click.option(
    "--from",
    "from_path",
    type=click.Path(exists=True, path_type=Path),
    required=True,
    help="A file, or a directory to discover files under (e.g. ../shared/data).",
)
@DB_OPTION
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON run report here.")
@click.option("--no-match", is_flag=True, help="Do not re-match equivalences after the import.")
@click.option("--force", is_flag=True, help="Read every source and re-match even when nothing changed.")
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=0,
    show_default=True,
    help="Processes for adoption inference and matching (0: one per core).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr (the summary is still printed).")
@click.option(
    "--mapping",
    default=None,
    help="Read --from (a CSV/XLSX sheet, or the sheets of a folder) through this mapping (shipped: abnt, sabs, "
    "committee; or a YAML/JSON file), as a source named after the mapping.",
)
def refresh_command(
    sources: tuple[str, ...],
    from_path: Path,
    db: Path,
    report: Path | None,
    no_match: bool,
    force: bool,
    workers: int,
    quiet: bool,
    mapping: str | None,
) -> None:
    """Import every source's files, upsert, re-match and log what changed, as one atomic run.

    A directory is searched by every source (or those given with --source); a single file is read by the
    source that recognises it. With --mapping the sheet is a source of its own (the committee's title
    database: --source csv --mapping committee), refreshed like any other: records it no longer lists are
    marked missing. A source whose files did not change since the last run is not read again, and matching
    runs again only when records, decisions or models changed (--force does everything). Progress goes to
    stderr, one line per stage. A second refresh while one runs is refused (exit code 4).
    """
    try:
        run = refresh(
            db,
            sources=sources or None,
            from_path=from_path,
            report=report,
            match=not no_match,
            force=force,
            workers=workers,
            progress=progress_printer(quiet),
            mapping=mapping,
        )
    except StandardsError as exc:
        raise _fail(exc) from exc
    _print_run(run)
    sys.exit(run.exit_code)


@click.command("load", epilog=_exit_codes_help())
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DB_OPTION
@click.option("--source", default=None, help="Source name to record (default: jsonl).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON run report here.")
def load_command(file: Path, db: Path, source: str | None, report: Path | None) -> None:
    """Load interchange JSON Lines records into the catalogue as one source (additive)."""
    try:
        run, _ = load_file(db, file, source=source, report=report)
    except StandardsError as exc:
        raise _fail(exc) from exc
    _print_run(run)
    sys.exit(run.exit_code)


@click.command("export")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--country", multiple=True, help="Only these countries (CN, BR, RU, IN, ZA, INT).")
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout)."
)
def export_command(db: Path, fmt: str, country: tuple[str, ...], output: IO[str]) -> None:
    """Write the catalogue's standards as interchange JSON Lines or CSV (cells that would start a spreadsheet
    formula get a leading quote).

    Leaves out reviews, suggestions, runs, the change log, the quarantine and each source's own record:
    use 'standards backup' for a lossless copy of the whole catalogue."""
    try:
        with Catalog(db, create=False) as catalog:
            writer = export_jsonl if fmt == "jsonl" else export_csv
            count = writer(catalog.iter_records(countries=country or None), output)
    except StandardsError as exc:
        raise _fail(exc) from exc
    click.echo(f"{count} standards exported", err=True)


@click.command("search")
@click.argument("query")
@DB_OPTION
@click.option("--country", default=None, help="Only this country.")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search_command(query: str, db: Path, country: str | None, limit: int, as_json: bool) -> None:
    """Search in any language (中文, English, русский, português) or by designation; standards titled in another
    language are found through the glossary and through adoption links, ranked as on the site (/-/search)."""
    from standards_lib.publish.search import search

    try:
        with Catalog(db, create=False) as catalog:
            rows = search(catalog.db.conn, query, country=country, per_page=limit).rows
    except StandardsError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(dumps(rows))
        return
    for row in rows:
        title = row.get("title_zh") or row.get("title_en") or row.get("title_ru") or row.get("title_pt") or ""
        click.echo(f"{row['id']:<32} {row['country']:<3} {row.get('status') or '':<10} {title}")
    if not rows:
        click.echo("no match", err=True)


@click.command("show")
@click.argument("designation")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show_command(designation: str, db: Path, as_json: bool) -> None:
    """One standard with its ICS, adoptions, equivalences and reviews."""
    try:
        with Catalog(db, create=False) as catalog:
            view = catalog.get(designation)
    except StandardsError as exc:
        raise _fail(exc) from exc
    if view is None:
        raise click.ClickException(f"{designation!r} is not in the catalogue {db}")
    if as_json:
        click.echo(dumps(view.to_dict()))
        return
    r = view.record
    click.echo(f"{r.canonical}  ({r.country}, {r.body}, {r.kind}, {r.status or 'status unknown'})")
    for lang, title in sorted(r.titles.items()):
        click.echo(f"  [{lang}] {title}")
    for code in view.ics:
        click.echo(f"  ICS {code['code']} {code.get('title') or ''}")
    for a in view.adoptions:
        click.echo(f"  adopts {a['ref']} ({a['degree']}, from {a['evidence']})")
    inferred = view.inferred
    if inferred is not None and inferred.get("decision") != "rejected":
        how = (
            f"confirmed by {inferred['reviewer']}; inferred with score {inferred['score']:.2f}"
            if inferred.get("decision") == "confirmed"
            else f"inferred with score {inferred['score']:.2f}, "
            + ("needs discussion" if inferred.get("decision") == "needs_discussion" else "not reviewed yet")
        )
        click.echo(f"  adopts {inferred['work']} ({how})")
    for s in view.equivalents:
        click.echo(f"  ~ {s['other_id']}  score {s['score']:.2f}  {s['relation']}")
    for rv in view.reviews:
        click.echo(
            f"  review: {rv['foreign_id']} = {rv['chinese_id']}: {rv['decision']} by {rv['reviewer']} {rv['reviewed_at']}"
        )


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@DB_OPTION
def backup_command(out: Path, db: Path) -> None:
    """Write a lossless backup of the whole catalogue to OUT: every table (reviews, adoption reviews, runs, change
    log, quarantine, each source's records...) as JSON Lines with a header giving the schema version; a name
    ending in .gz is compressed. Consistent even during a refresh."""
    from standards_lib.catalog.backup import backup

    try:
        summary = backup(db, out)
    except StandardsError as exc:
        raise _fail(exc) from exc
    click.echo(f"{out}: {summary.rows} rows of {len(summary.tables)} tables, schema version {summary.schema_version}")


@click.command("restore")
@click.argument("backup_file", metavar="IN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DB_OPTION
def restore_command(backup_file: Path, db: Path) -> None:
    """Build the catalogue --db (a new file) from the backup IN, table by table; a backup of an older schema is
    migrated, one of a newer schema refused. Move the new file into place with the site stopped."""
    from standards_lib.catalog.backup import restore
    from standards_lib.publish.coverage import update_coverage

    try:
        summary = restore(backup_file, db)
        update_coverage(db)
    except StandardsError as exc:
        raise _fail(exc) from exc
    migrated = f" (migrated from schema version {summary.migrated_from})" if summary.migrated_from else ""
    click.echo(f"{db}: {summary.rows} rows of {len(summary.tables)} tables restored{migrated}")


COMMANDS = [
    refresh_command,
    load_command,
    export_command,
    search_command,
    show_command,
    backup_command,
    restore_command,
]
