"""``standards review confirm|reject|discuss FOREIGN CHINESE --by NAME``: record a committee decision."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from standards_lib.errors import CatalogBusy, StandardsError

from .common import EXISTING_DB_OPTION, WAIT_OPTION, fail, notify

SUBCOMMANDS = {"confirmed": "confirm", "rejected": "reject", "needs_discussion": "discuss"}


def _review(decision: str):
    @click.argument("foreign")
    @click.argument("chinese")
    @click.option("--by", "reviewer", required=True, help="The committee member making the decision.")
    @click.option("--note", help="Why (optional, stored with the decision).")
    @EXISTING_DB_OPTION
    @WAIT_OPTION
    def command(foreign: str, chinese: str, reviewer: str, note: str | None, db_path: Path, wait: float) -> None:
        """Exit codes: 0 stored; 1 not stored (the error says why); 4 not stored, the catalogue is busy."""
        from standards_lib.catalog import Catalog

        try:
            with Catalog(db_path) as catalog:
                row = catalog.write_when_free(
                    lambda: catalog.record_review(foreign, chinese, decision, reviewer, note=note),
                    wait=wait,
                    notify=notify,
                )
        except CatalogBusy as exc:
            again = shlex.join(
                [
                    "standards",
                    "review",
                    SUBCOMMANDS[decision],
                    foreign,
                    chinese,
                    "--by",
                    reviewer,
                    *(["--note", note] if note else []),
                    "--db",
                    str(db_path),
                ]
            )
            raise fail(CatalogBusy(f"{exc}\nTo store it later, run: {again}"), "review not stored: ") from exc
        except StandardsError as exc:
            raise fail(exc, "review not stored: ") from exc
        when = row.get("reviewed_at", "") if isinstance(row, dict) else ""
        pair = (
            f"{row.get('foreign_id', foreign)} ↔ {row.get('chinese_id', chinese)}"
            if isinstance(row, dict)
            else f"{foreign} ↔ {chinese}"
        )
        click.echo(f"{decision}: {pair} by {reviewer} {when}".rstrip())

    return command


@click.group("review")
def review_group() -> None:
    """Record the committee's decision on an equivalence between a FOREIGN standard (BR, RU, IN, ZA) and a
    CHINESE one; designations may be written in any form (e.g. "ГОСТ Р ИСО 9001-2015" "GB/T 19001—2016").
    Decisions are kept as history; the latest one per pair is current and survives refreshes.

    During a refresh the command waits (--wait), then gives up. Exit codes: 0 stored; 1 not stored (the error
    says why); 4 not stored, the catalogue stayed busy (the command to run again is printed)."""


review_group.command("confirm", help="Confirm that FOREIGN and CHINESE are equivalent.")(_review("confirmed"))
review_group.command("reject", help="Reject the suggested equivalence of FOREIGN and CHINESE.")(_review("rejected"))
review_group.command("discuss", help="Mark the pair FOREIGN / CHINESE for discussion by the committee.")(
    _review("needs_discussion")
)

COMMANDS = [review_group]
