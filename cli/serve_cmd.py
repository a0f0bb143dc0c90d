"""``standards serve``, ``standards publish-metadata`` and ``standards sample-catalog``: the Datasette site."""

from __future__ import annotations

from pathlib import Path

import click

from standards_lib.errors import StandardsError
from standards_lib.publish import (
    METADATA_FILE,
    ServeOptions,
    build_sample_catalog,
    hash_password,
    load_members,
    metadata_is_current,
    prepare_for_publishing,
    sample_differences,
    serve,
    write_metadata,
)
from standards_lib.publish.server import catalogue_problem, default_workers


@click.command("serve")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("catalog.db"),
    show_default=True,
    help="The catalogue file to serve; built from the bundled sample when missing.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0 for all).")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "-i",
    "--immutable",
    is_flag=True,
    help="Open the file as an immutable, read-only copy (published replicas; reviews are refused).",
)
@click.option(
    "--members",
    "members_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON file {"name": "pbkdf2_sha256$..."} of committee members (hashes from '
    "`standards hash-password`); merged with the BRICS_MEMBERS environment variable.",
)
@click.option("--private", is_flag=True, help="Show the site to signed-in committee members only.")
@click.option(
    "--inspect-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Table counts written by `datasette inspect catalog.db --inspect-file counts.json` (immutable mode).",
)
@click.option("--no-sample", is_flag=True, help="Fail instead of building a sample catalogue when --db is missing.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes on the port [default: one per core, at most 4]. A process renders pages on one core "
    "at a time; --workers 1 runs a single process.",
)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="ADDRESSES",
    help="Behind a reverse proxy: the proxy's address(es), comma-separated, whose X-Forwarded-For names the client "
    "(for the sign-in limits). Without it forwarding headers are ignored.",
)
def serve_command(
    db_path: Path,
    host: str,
    port: int,
    immutable: bool,
    members_file: Path | None,
    private: bool,
    inspect_file: Path | None,
    no_sample: bool,
    workers: int | None,
    forwarded_allow_ips: str | None,
) -> None:
    """Serve the catalogue in Datasette: search in any language, standard pages with their equivalents,
    coverage overviews and, for signed-in committee members, reviews of suggested equivalences.

    With no catalogue at --db yet, one is built first from the bundled sample (about 70 well-known
    standards) with suggested equivalents. Members sign in at /-/login. Set DATASETTE_SECRET so sign-ins
    survive restarts and are accepted by every replica.
    """
    try:
        workers = workers or default_workers()
        members = load_members(members_file)
        if not db_path.exists():
            if no_sample:
                raise click.ClickException(f"{db_path} does not exist; build it with `standards refresh` first")
            built = build_sample_catalog(db_path)
            click.echo(
                f"built {db_path} from the bundled sample: {built.records} standards, "
                f"{built.suggestions} suggested equivalences",
                err=True,
            )
        problem = catalogue_problem(db_path)
        if problem:
            raise click.ClickException(f"{problem}: nothing served. Give --db a catalogue built by `standards refresh`")
        click.echo(
            f"serving {db_path}{' (immutable)' if immutable else ''} on http://{host}:{port}/ "
            f"with {len(members)} committee member(s) and {workers} process(es); Ctrl-C to stop",
            err=True,
        )
        serve(
            ServeOptions(
                db_path=db_path,
                host=host,
                port=port,
                immutable=immutable,
                members=members,
                private=private,
                inspect_file=inspect_file,
                workers=workers,
                forwarded_allow_ips=forwarded_allow_ips,
            )
        )
    except StandardsError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("publish-metadata")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(METADATA_FILE),
    show_default=True,
    help="Where to write the Datasette metadata.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the file is missing or stale.")
def publish_metadata_command(output: Path, check: bool) -> None:
    """Generate datasette-metadata.json from the catalogue schema: titles, descriptions, source and
    licence attribution, facets, sort orders, full-text search and the canned queries. It holds no
    secrets (members are added at run time by `standards serve`)."""
    try:
        if check:
            if not metadata_is_current(output):
                click.echo(f"{output} is stale: run `standards publish-metadata -o {output}`", err=True)
                raise SystemExit(1)
            click.echo(f"{output} is up to date")
            return
        write_metadata(output)
    except StandardsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {output}")


@click.command("sample-catalog")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("catalog.db"),
    show_default=True,
    help="Where to build the sample catalogue.",
)
@click.option("--replace", is_flag=True, help="Delete an existing file at --db first.")
@click.option("--no-match", is_flag=True, help="Do not suggest equivalents (records only).")
@click.option("--check", is_flag=True, help="Build nothing; exit 1 when --db differs from the bundled sample.")
def sample_catalog_command(db_path: Path, replace: bool, no_match: bool, check: bool) -> None:
    """Build the catalogue from the bundled sample (standards_lib/data/sample_catalog.jsonl) — this is how
    catalog.db at the repository root is made — or, with --check, report how it differs from the sample."""
    try:
        if check:
            problems = sample_differences(db_path)
            for problem in problems[:50]:
                click.echo(problem)
            if problems:
                click.echo(
                    f"{db_path} differs from the sample in {len(problems)} way(s): "
                    f"rebuild it with `standards sample-catalog --replace --db {db_path}`",
                    err=True,
                )
                raise SystemExit(1)
            click.echo(f"{db_path} matches the bundled sample")
            return
        built = build_sample_catalog(db_path, match=not no_match, replace=replace)
    except StandardsError as exc:
        raise click.ClickException(str(exc)) from exc
    per_country = ", ".join(f"{c} {n}" for c, n in sorted(built.countries.items()))
    click.echo(
        f"built {built.path}: {built.records} standards ({per_country}), {built.suggestions} suggested equivalences"
    )


@click.command("publish-prepare")
@click.option(
    "--db",
    "db_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("catalog.db"),
    show_default=True,
    help="The (writable) catalogue file.",
)
def publish_prepare_command(db_path: Path) -> None:
    """Make a catalogue file ready to copy to read-only replicas (`standards serve -i`): bring the coverage
    counts up to date and fold the write-ahead log into one self-contained file."""
    try:
        update = prepare_for_publishing(db_path)
    except StandardsError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = (
        "coverage counts were current"
        if update is None
        else f"coverage recomputed ({update.rows} rows, {update.seconds:.1f} s)"
    )
    click.echo(f"{db_path} is ready to publish: {counts}")


@click.command("hash-password")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="The password (asked for when not given; read from stdin with --password -).",
)
def hash_password_command(password: str) -> None:
    """Print the stored form of a committee member's password, for the members file
    ({"name": "pbkdf2_sha256$..."}); the same form `datasette hash-password` writes."""
    if password == "-":
        with click.open_file("-") as stdin:
            password = stdin.read().strip()
    if not password:
        raise click.ClickException("an empty password cannot be used")
    click.echo(hash_password(password))


COMMANDS = [
    hash_password_command,
    serve_command,
    publish_metadata_command,
    sample_catalog_command,
    publish_prepare_command,
]
