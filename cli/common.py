"""What the commands share: library errors turned into click errors with the documented exit codes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from standards_lib.errors import CatalogBusy, StandardsError
from standards_lib.progress import Progress, ProgressCallback, ignore

#: exit code of a command refused because another process is writing the catalogue (nothing was written)
EXIT_BUSY = 4
#: how long a review or a re-match waits by default for a refresh to finish before giving up
DEFAULT_WAIT = 60.0


class BusyException(click.ClickException):
    """The catalogue is busy (a refresh or another writer): exit code 4, nothing was written."""

    exit_code = EXIT_BUSY


def fail(exc: StandardsError, prefix: str = "") -> click.ClickException:
    """The click error for a library error: exit 4 when the catalogue is busy, else 1."""
    message = f"{prefix}{exc}"
    return BusyException(message) if isinstance(exc, CatalogBusy) else click.ClickException(message)


WAIT_OPTION = click.option(
    "--wait",
    type=click.FloatRange(0, 24 * 3600),
    default=DEFAULT_WAIT,
    show_default=True,
    help="Seconds to wait for a refresh (or another writer) to finish before giving up with exit code 4.",
)


def notify(message: str) -> None:
    """Tell the user on stderr why the command is waiting."""
    click.echo(message, err=True)


#: ``--db`` of the commands that read or change an existing catalogue.
EXISTING_DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("catalog.db"),
    show_default=True,
    help="The catalogue file.",
)


def progress_printer(quiet: bool = False) -> ProgressCallback:
    """Draw a refresh's progress on stderr: on a terminal one line that updates itself while a stage runs,
    elsewhere (a log file, cron) one line per finished stage; nothing with ``quiet``."""
    if quiet:
        return ignore
    terminal = sys.stderr.isatty()
    last = [0.0]

    def show(event: Progress) -> None:
        if event.finished:
            click.echo(("\r\033[K" if terminal else "") + event.line(), err=True)
        elif terminal and time.monotonic() - last[0] > 0.2:
            last[0] = time.monotonic()
            click.echo("\r\033[K" + event.line(), err=True, nl=False)

    return show
