"""The full refresh of all the real data in ../shared/data, both ISO/IEC archives included.

    .venv/bin/python benchmarks/bench_refresh.py [--workers 1 2] [--no-import-only] [--no-second]

Runs ``standards refresh --from ../shared/data`` into fresh catalogues in subprocesses: without matching (the
import alone: the baseline), with matching (adoption inference across languages and equivalents through the
hub) once per ``--workers`` count, then an unchanged second refresh of the last catalogue (sources
fingerprinted and skipped). For each run it prints the stage lines of the refresh, wall time, peak memory
(the largest process: the refresh or one of its workers) and the load average before and after, since the
machine may be shared. Targets on 2 idle cores: the full refresh under 3 minutes and 2 GiB, the unchanged
second refresh under 30 seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
STAGES = ("read ", "hub", "infer", "match", "coverage")


def run(db: Path, report: Path, *extra: str) -> tuple[float, float, dict]:
    """Wall seconds, peak RSS in MiB and the run report of one refresh in a fresh process; prints its stages."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    load = os.getloadavg()[0]
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
    for line in done.stderr.splitlines():
        if line.startswith(STAGES):
            print(f"    {line[:160]}")
    print(f"    load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    return seconds, peak, json.loads(report.read_text("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts of the full refresh")
    parser.add_argument("--no-import-only", action="store_true", help="skip the --no-match baseline")
    parser.add_argument("--no-second", action="store_true", help="skip the unchanged second refresh")
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: this benchmark needs ../shared/data beside the checkout")
    rows: list[tuple[str, float, float]] = []
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.no_import_only:
            print("import only (--no-match):")
            seconds, peak, _ = run(folder / "import.db", folder / "import.json", "--no-match")
            rows.append(("import only (--no-match)", seconds, peak))
        db = folder / "full.db"
        for workers in args.workers:
            print(f"full refresh, --workers {workers}:")
            db = folder / f"full-{workers}.db"
            seconds, peak, report = run(db, folder / f"full-{workers}.json", "--workers", str(workers))
            rows.append((f"full refresh, --workers {workers}", seconds, peak))
        if not args.no_second and args.workers:
            print("unchanged second refresh:")
            seconds, peak, _ = run(db, folder / "second.json")
            rows.append(("unchanged second refresh", seconds, peak))
    print(f"{'run':<34}{'wall s':>9}{'peak MiB':>10}")
    for name, seconds, peak in rows:
        print(f"{name:<34}{seconds:>9.1f}{peak:>10.0f}")
    print("targets on 2 idle cores: full refresh < 180 s and < 2048 MiB; unchanged second refresh < 30 s")
    if report:
        match = report.get("match") or {}
        inference = match.get("adoption_inference") or {}
        print(f"records: {report['totals']['records']:,}  by country: {report['by_country']}")
        print(
            f"adoptions inferred across languages: {inference.get('inferred')} of {inference.get('national')} "
            f"national standards {inference.get('by_country')}"
        )
        print(
            f"foreign standards with a suggestion: {match.get('foreign_with_suggestion')} of "
            f"{match.get('foreign')} by country: {json.dumps(match.get('by_country'))}"
        )


if __name__ == "__main__":
    main()
