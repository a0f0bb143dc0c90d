"""``python -m standards_lib``: the ``standards`` command, for environments without the console script."""

from standards_lib.cli.main import cli

if __name__ == "__main__":
    cli(prog_name="standards")
