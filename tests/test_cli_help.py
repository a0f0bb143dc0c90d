"""Every CLI command has help text, and --help works for each of them."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from standards_lib.cli.main import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = prefix + (name,)
        found.append(path)
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


COMMANDS = _commands(cli)


def test_the_group_has_the_documented_commands() -> None:
    names = {path[0] for path in COMMANDS}
    expected = {
        "parse",
        "extract",
        "scrape",
        "refresh",
        "load",
        "export",
        "search",
        "show",
        "match",
        "equivalents",
        "evaluate",
        "review",
        "serve",
    }
    assert expected <= names, sorted(expected - names)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    command: click.Command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert (command.help or command.short_help or "").strip(), f"standards {' '.join(path)} has no help text"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
