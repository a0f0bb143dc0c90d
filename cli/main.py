"""The ``standards`` click group; each command lives in a module of its own and is registered here."""

from __future__ import annotations

import logging

import click

from standards_lib import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="standards")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """brics-standards: national standards of Brazil, Russia, India and South Africa and their Chinese equivalents."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _register() -> None:
    from . import (
        catalog_cmd,
        extract_cmd,
        hub_cmd,
        match_cmd,
        parse_cmd,
        review_cmd,
        reviews_cmd,
        scrape_cmd,
        serve_cmd,
    )

    modules = (parse_cmd, extract_cmd, scrape_cmd, catalog_cmd, match_cmd, review_cmd, reviews_cmd, hub_cmd, serve_cmd)
    for module in modules:
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


if __name__ == "__main__":
    cli()
