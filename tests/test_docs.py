"""The README's commands are the real ones: CI runs the README's test command, and every
`standards ...` command the README shows exists."""

from __future__ import annotations

import re
from pathlib import Path

from standards_lib.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "bash scripts/test.sh" in README
    assert re.search(r"^bash scripts/test\.sh\s*$", ci, re.M), ci
    assert "bash scripts/run.sh" in README
    for script in ("scripts/test.sh", "scripts/run.sh"):
        assert (ROOT / script).exists()


def test_pytest_exit_5_fails_the_test_command() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text("utf-8")
    assert '"$status" -eq 5' in script and "exit 1" in script


def test_every_standards_command_in_the_readme_exists() -> None:
    used = set(re.findall(r"(?:^|`|bin/)standards ([a-z][a-z-]+)", README, re.M))
    assert used, "the README shows no standards command"
    unknown = used - set(cli.commands)
    assert not unknown, f"README mentions commands that do not exist: {sorted(unknown)}"


def test_following_the_readme_never_writes_into_the_committed_sample() -> None:
    """Commands that write a catalogue, as the README shows them to be run, name another file than catalog.db."""
    writers = ("refresh", "load", "match", "review", "restore")
    bash = "\n".join(re.findall(r"```bash\n(.*?)```", README, re.S))
    runnable = re.findall(r"^(?:\.venv/bin/)?standards ((?:%s)\b.*)$" % "|".join(writers), bash, re.M)
    assert runnable, "the README shows no catalogue-writing command to run"
    for line in runnable:
        db = re.search(r"--db (\S+)", line)
        assert db and db.group(1) != "catalog.db", f"README command writes into the committed sample: {line}"
    library = README[README.index("## Library") :]
    library = library[: library.index("```\n", library.index("```python") + 10)]
    assert 'Catalog("catalog.db")' not in library
