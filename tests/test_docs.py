"""The README's commands are the real ones: CI runs the README's test command, and every
`standards ...` command the README shows exists."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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


def test_the_test_command_runs_ruff_and_mypy_after_pytest() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text("utf-8")
    steps = [
        ".venv/bin/python -m pytest",
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/mypy",
        "bash scripts/lint_imports.sh",
    ]
    assert all(step in script for step in steps), script
    assert [script.index(step) for step in steps] == sorted(script.index(step) for step in steps)


def _stand_in_tool(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + 'echo "$(basename "$0") $*" >> "$CALLS"\n' + body, encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.parametrize(
    "pytest_exit, ruff_check_exit, ruff_format_exit, mypy_exit, expected",
    [
        (0, 0, 0, 0, 0),
        (1, 0, 0, 0, 1),
        (5, 0, 0, 0, 1),  # no tests collected is a failure
        (0, 1, 0, 0, 1),
        (0, 0, 1, 0, 1),
        (0, 0, 0, 1, 1),
        (2, 1, 1, 1, 2),  # pytest's own failure code when pytest failed
        (4, 0, 0, 1, 4),
    ],
)
def test_the_test_command_exit_code(
    tmp_path: Path, pytest_exit: int, ruff_check_exit: int, ruff_format_exit: int, mypy_exit: int, expected: int
) -> None:
    """scripts/test.sh as committed, run in a scratch copy of the project where pytest, ruff and mypy are
    stand-ins that log their call and exit with the given code (the real tools would run this suite again)."""
    (tmp_path / "scripts").mkdir()
    for name in ("test.sh", "venv.sh", "lint_imports.sh"):
        shutil.copy(ROOT / "scripts" / name, tmp_path / "scripts" / name)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "scratch"\n', encoding="utf-8")
    (tmp_path / "constraints.txt").write_text("click==8.1.7\n", encoding="utf-8")
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    pinned = (tmp_path / "pyproject.toml").read_bytes() + (tmp_path / "constraints.txt").read_bytes()
    digest = hashlib.sha256(pinned).hexdigest()
    (tmp_path / ".venv" / ".installed").write_text(f"{digest} extras=[test]\n", encoding="utf-8")  # installed
    _stand_in_tool(venv / "python", '[ "$1 $2" = "-m pytest" ] || exit 99\nexit "$PYTEST_EXIT"\n')
    _stand_in_tool(venv / "ruff", '[ "$1" = format ] && exit "$RUFF_FORMAT_EXIT"\nexit "$RUFF_CHECK_EXIT"\n')
    _stand_in_tool(venv / "mypy", 'exit "$MYPY_EXIT"\n')
    _stand_in_tool(venv / "lint-imports", "exit 0\n")
    tools = tmp_path / "bin"  # a browser "already installed", so the script never reaches for apt-get
    tools.mkdir()
    for name in ("chromium", "chromedriver"):
        _stand_in_tool(tools / name, "exit 0\n")
    calls = tmp_path / "calls.log"
    env = {
        **os.environ,
        "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        "CALLS": str(calls),
        "PYTEST_EXIT": str(pytest_exit),
        "RUFF_CHECK_EXIT": str(ruff_check_exit),
        "RUFF_FORMAT_EXIT": str(ruff_format_exit),
        "MYPY_EXIT": str(mypy_exit),
    }
    done = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "test.sh"), "-q", "tests/test_docs.py"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == expected, done.stderr
    assert [line.rstrip() for line in calls.read_text("utf-8").splitlines()] == [
        "python -m pytest -q tests/test_docs.py",
        "ruff check .",
        "ruff format --check .",
        "mypy",
        f"lint-imports {tmp_path / 'pyproject.toml'} --no-cache",
    ]
    failed = [
        name
        for name, code in (
            ("ruff check", ruff_check_exit),
            ("ruff format --check", ruff_format_exit),
            ("mypy", mypy_exit),
        )
        if code
    ]
    assert (f"failed: {' '.join(failed)}" in done.stderr) == bool(failed), done.stderr
    assert ("pytest collected no tests: failing" in done.stderr) == (pytest_exit == 5)


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


def test_installs_are_pinned_by_the_constraints_file() -> None:
    venv = (ROOT / "scripts" / "venv.sh").read_text("utf-8")
    assert "-c constraints.txt" in venv and "constraints.txt" in venv.split("want=", 1)[1].split("\n", 1)[0]
    pins = {
        line.split("==", 1)[0].lower(): line.split("==", 1)[1]
        for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    for package in ("lxml", "rapidfuzz", "sqlite-utils", "datasette", "click", "pytest"):
        assert package in pins, f"{package} is not pinned in constraints.txt (run bash scripts/lock.sh)"
