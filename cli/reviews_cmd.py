"""``standards reviews export|import|equivalents``: the committee's decisions in and out of the catalogue."""

from __future__ import annotations

import io
import sqlite3
import sys
from pathlib import Path

import click

from standards_lib.errors import StandardsError

from .common import EXISTING_DB_OPTION

DB_OPTION = EXISTING_DB_OPTION


@click.group("reviews")
def reviews_group() -> None:
    """Export, import and send out the committee's decisions (equivalence and adoption reviews)."""


@reviews_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
@DB_OPTION
def export_command(fmt: str, output: Path | None, db_path: Path) -> None:
    """Write every decision (kind, pair, decision, member, time, note), oldest first; `reviews import` reads it back."""
    from standards_lib.catalog import Catalog
    from standards_lib.catalog.review_exchange import export_decisions

    buffer = io.StringIO()
    try:
        with Catalog(db_path, create=False) as catalog:
            count = export_decisions(catalog.db.conn, buffer, fmt)
    except StandardsError as exc:
        raise click.ClickException(f"decisions not exported: {exc}") from exc
    if output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        output.write_text(buffer.getvalue(), encoding="utf-8")
    click.echo(f"exported {count} decision(s){f' to {output}' if output else ''}", err=True)


@reviews_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), help="Format of FILE (default: from its extension)."
)
@DB_OPTION
def import_command(file: Path, fmt: str | None, db_path: Path) -> None:
    """Add the decisions of an exported FILE that the catalogue does not hold yet (importing twice adds nothing),
    or of a filled meeting pack (`reviews pending`: each decision by the member named in its row; rows without
    a decision are skipped and counted).

    Exit code 3 when some rows were rejected (each is listed with its reason); the others are stored."""
    from standards_lib.catalog import Catalog
    from standards_lib.catalog.review_exchange import import_decisions, read_import_file
    from standards_lib.publish.meeting_pack import is_meeting_pack

    if file.suffix.lower() in (".xlsx", ".csv") and is_meeting_pack(file):
        _import_meeting_pack(file, db_path)
        return
    fmt = fmt or ("csv" if file.suffix.lower() == ".csv" else "jsonl")
    try:
        text = read_import_file(file)
        with Catalog(db_path, create=False) as catalog, catalog.transaction():
            result = import_decisions(catalog.db.conn, io.StringIO(text), fmt)
    except StandardsError as exc:
        raise click.ClickException(f"decisions not imported: {exc}") from exc
    for location, reason in result.rejected[:50]:
        click.echo(f"{file}:{location}: {reason}", err=True)
    click.echo(
        f"imported {result.added} decision(s); {result.duplicates} already present; {len(result.rejected)} rejected"
    )
    if result.rejected:
        raise SystemExit(3)


@reviews_group.command("equivalents")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="xlsx", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write (recognised_equivalents.xlsx, ...).",
)
@DB_OPTION
def equivalents_command(fmt: str, output: Path, db_path: Path) -> None:
    """Write the recognised equivalents (pairs whose latest decision is confirmed) with titles, to send out."""
    from standards_lib.catalog import Catalog
    from standards_lib.catalog.review_exchange import equivalents_bytes, recognised_equivalents

    try:
        with Catalog(db_path, create=False) as catalog:
            rows = recognised_equivalents(catalog.db.conn)
        output.write_bytes(equivalents_bytes(rows, fmt))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    except StandardsError as exc:
        raise click.ClickException(f"equivalents not written: {exc}") from exc
    click.echo(f"wrote {len(rows)} recognised equivalence(s) to {output}")


def _import_meeting_pack(file: Path, db_path: Path) -> None:
    from standards_lib.catalog import Catalog
    from standards_lib.publish.coverage import update_coverage
    from standards_lib.publish.meeting_pack import import_pack, read_pack

    try:
        rows = read_pack(file)
        with Catalog(db_path, create=False) as catalog, catalog.transaction():
            result = import_pack(catalog.db.conn, rows)
        update_coverage(db_path)
    except StandardsError as exc:
        raise click.ClickException(f"meeting pack not imported: {exc}") from exc
    for line, reason in result.rejected[:50]:
        click.echo(f"{file}:{line}: {reason}", err=True)
    click.echo(
        f"meeting pack: stored {result.stored} decision(s); {result.skipped} row(s) without a decision skipped; "
        f"{len(result.rejected)} rejected"
    )
    if result.rejected:
        raise SystemExit(3)


@reviews_group.command("pending")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option("--kind", type=click.Choice(["equivalence", "adoption"]), help="Only one kind (default both).")
@click.option("--sector", type=click.Choice(["smart_manufacturing", "new_energy"]), help="A priority sector.")
@click.option("--country", type=click.Choice(["CN", "BR", "RU", "IN", "ZA"]), help="Country of the first standard.")
@DB_OPTION
def pending_command(
    fmt: str, output: Path, kind: str | None, sector: str | None, country: str | None, db_path: Path
) -> None:
    """Write the meeting pack: every suggestion not yet decided, with both designations and titles, relation,
    score, the evidence as a sentence and empty decision / member / note columns; `reviews import` reads it back."""
    from standards_lib.publish.coverage import update_coverage
    from standards_lib.publish.meeting_pack import pack_bytes, pending_rows

    try:
        update_coverage(db_path, only_if_stale=True)
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = pending_rows(conn, kind=kind, sector=sector, country=country)
        finally:
            conn.close()
        output.write_bytes(pack_bytes(rows, fmt))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    except StandardsError as exc:
        raise click.ClickException(f"meeting pack not written: {exc}") from exc
    click.echo(f"wrote {len(rows)} pending suggestion(s) to {output}; fill decision and member, then `reviews import`")


COMMANDS = [reviews_group]
