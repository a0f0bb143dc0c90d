"""The full refresh of all the real data in ../shared/data, both ISO/IEC archives included.

    .venv/bin/python benchmarks/bench_refresh.py

Runs ``standards refresh --from ../shared/data`` into a fresh catalogue twice in subprocesses: without
matching (the import alone: the baseline) and with matching (adoption inference across languages and
equivalents through the hub), and prints wall time, peak memory of each, and their ratio. Targets: the
whole refresh under 5 minutes and 2 GiB on 2 cores.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def run(db: Path, report: Path, *extra: str) -> tuple[float, float, dict]:
    """Wall seconds, peak RSS in MiB and the run report of one refresh in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "standards_lib.cli.main",
            "refresh",
            "--from",
            str(DATA),
            "--db",
            str(db),
            "--report",
            str(report),
            *extra,
        ],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 3):
        raise SystemExit(f"refresh failed (exit {done.returncode}): {done.stderr[-2000:]}")
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, peak, json.loads(report.read_text("utf-8"))


def main() -> None:
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: this benchmark needs ../shared/data beside the checkout")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_s, base_mb, _ = run(folder / "import.db", folder / "import.json", "--no-match")
        full_s, full_mb, report = run(folder / "full.db", folder / "full.json")
    match = report.get("match") or {}
    inference = match.get("adoption_inference") or {}
    print(f"records: {report['totals']['records']:,}  by country: {report['by_country']}")
    print(f"import only (--no-match): {base_s:6.1f} s, peak RSS {base_mb:6.0f} MiB")
    print(
        f"full refresh:             {full_s:6.1f} s, peak RSS {full_mb:6.0f} MiB  "
        f"(x{full_s / base_s:.2f} the import's time; targets 300 s and 2048 MiB)"
    )
    print(
        f"adoptions inferred across languages: {inference.get('inferred')} of {inference.get('national')} "
        f"national standards {inference.get('by_country')}"
    )
    print(
        f"foreign standards with a suggestion: {match.get('foreign_with_suggestion')} of {match.get('foreign')} "
        f"by country: {json.dumps(match.get('by_country'))}"
    )


if __name__ == "__main__":
    main()
