"""The wheel installs into a fresh virtual environment, claims no generic top-level names, and runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("brics_standards-*.whl")
    return built


def test_wheel_claims_only_the_standards_lib_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
    assert top == {"standards_lib"}, top
    assert "standards_lib/cli/main.py" in names
    assert "standards_lib/scrapers/base.py" in names
    assert "standards_lib/py.typed" in names
    assert "standards_lib/data/sample_designations.txt" in names
    assert {
        "standards_lib/data/adoption_model.json",
        "standards_lib/data/glossary_zh_en.tsv",
        "standards_lib/data/glossary_ru_en.tsv",
        "standards_lib/data/glossary_pt_en.tsv",
    } <= set(names)


def test_standards_command_runs_from_a_fresh_virtualenv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Dependencies come from this interpreter's site-packages (no network in tests); the project
    # itself must come from the wheel, so the fresh environment only sees third-party packages here.
    site = Path(
        subprocess.check_output(
            [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    (site / "_outer_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    assert not (site / "cli").exists() and not (site / "scrapers").exists()
    assert (site / "standards_lib" / "cli" / "main.py").exists()

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    help_out = subprocess.run(
        [str(bin_dir / "standards"), "--help"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert help_out.returncode == 0, help_out.stderr
    assert "parse" in help_out.stdout

    parsed = subprocess.run(
        [str(bin_dir / "standards"), "parse", "--json", "GB/T 19001-2016"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout.splitlines()[0])["canonical"] == "GB/T 19001-2016"

    where = subprocess.check_output(
        [str(bin_dir / "python"), "-c", "import standards_lib; print(standards_lib.__file__)"],
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert str(site) in where, f"standards_lib imported from {where!r}, not from the wheel"
