"""``standards review confirm|reject|discuss FOREIGN CHINESE --by NAME`` and
``standards review-adoption confirm|reject|discuss STANDARD WORK --by NAME``: record a committee decision."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from standards_lib.errors import CatalogBusy, StandardsError

from .common import EXISTING_DB_OPTION, WAIT_OPTION, fail, notify

SUBCOMMANDS = {"confirmed": "confirm", "rejected": "reject", "needs_discussion": "discuss"}


def _review(decision: str, group: str = "review"):
    @click.argument("foreign", metavar="STANDARD" if group == "review-adoption" else "FOREIGN")
    @click.argument("chinese", metavar="WORK" if group == "review-adoption" else "CHINESE")
    @click.option("--by", "reviewer", required=True, help="The committee member making the decision.")
    @click.option("--note", help="Why (optional, stored with the decision).")
    @EXISTING_DB_OPTION
    @WAIT_OPTION
    def command(foreign: str, chinese: str, reviewer: str, note: str | None, db_path: Path, wait: float) -> None:
        """Exit codes: 0 stored; 1 not stored (the error says why); 4 not stored, the catalogue is busy."""
        from standards_lib.catalog import Catalog

        try:
            with Catalog(db_path) as catalog:
                record = catalog.record_adoption_review if group == "review-adoption" else catalog.record_review
                row = catalog.write_when_free(
                    lambda: record(foreign, chinese, decision, reviewer, note=note),
                    wait=wait,
                    notify=notify,
                )
        except CatalogBusy as exc:
            again = shlex.join(
                [
                    "standards",
                    group,
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
        if group == "review-adoption":
            pair = f"{row.get('standard_id', foreign)} adopts {row.get('work', chinese)}"
        else:
            pair = f"{row.get('foreign_id', foreign)} ↔ {row.get('chinese_id', chinese)}"
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


@click.group("review-adoption")
def adoption_review_group() -> None:
    """Record the committee's decision on an inferred adoption: that national STANDARD adopts the ISO/IEC WORK
    (undated, e.g. "GB/T 1243-2006" "ISO 606"). A rejected work is never inferred again for that standard; a
    confirmed one links it to the work whatever the inference says next time.

    Exit codes as for ``standards review``: 0 stored; 1 not stored; 4 not stored, the catalogue stayed busy."""


adoption_review_group.command("confirm", help="Confirm that STANDARD adopts WORK.")(
    _review("confirmed", "review-adoption")
)
adoption_review_group.command("reject", help="Reject the inferred adoption of WORK by STANDARD.")(
    _review("rejected", "review-adoption")
)
adoption_review_group.command("discuss", help="Mark the inferred adoption for discussion by the committee.")(
    _review("needs_discussion", "review-adoption")
)

COMMANDS = [review_group, adoption_review_group]
