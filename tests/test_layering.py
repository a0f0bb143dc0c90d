"""The layering rules live in one place, the import-linter contracts of pyproject.toml ([tool.importlinter]);
this test runs them (scripts/lint_imports.sh) so that a broken layer fails the suite too, and checks that the
graph they are checked on holds the whole project (scrapers/ and cli/ install inside standards_lib)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = ROOT / ".venv" / "bin" / "lint-imports"

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists() or shutil.which("bash") is None,
    reason="import-linter is not installed in .venv (pip install -c constraints.txt -e '.[test]') or no bash",
)


def _lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "lint_imports.sh"), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_import_contract_is_kept() -> None:
    result = _lint()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contracts_see_the_sources_and_the_cli() -> None:
    # --verbose lists the modules the graph was built from: scrapers and cli must be among them
    result = _lint("--verbose")
    assert result.returncode == 0, result.stderr[-2000:]
    text = result.stdout
    assert "Analyzed" in text
    files = int(text.split("Analyzed ")[1].split(" files")[0])
    expected = sum(1 for folder in ("standards_lib", "scrapers", "cli") for _ in (ROOT / folder).rglob("*.py"))
    assert files == expected
