"""Benchmark the Relaton source at the scale of relaton-data-gost (about 40,000 files), run by hand.

    .venv/bin/python benchmarks/bench_sources.py [--files 40000]

Writes N Relaton files into a temporary directory (copies of the real ../shared samples with their numbers
changed, so every record is distinct), then measures in the same run:

- ``relaton.extract`` over the directory (records per second, total seconds, peak memory of the run);
- the baseline: reading and YAML-loading the same files with libyaml and nothing else (the least any reader
  must do), and the pure-Python YAML loader, to show what the C loader saves.

Skips with a message when ../shared is absent. Nothing is written into the project.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from standards_lib.scrapers import relaton  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "data" / "russia"


def make_files(target: Path, count: int) -> list[Path]:
    sources = [p.read_text("utf-8") for p in relaton.discover(SAMPLES)]
    paths = []
    for i in range(count):
        text = sources[i % len(sources)]
        # a distinct number in the designation and the identifier: 14254-2015 -> 14254.<i>-2015
        text = re.sub(
            r"^(\s*(?:designation_original:|- content:) \S.*?\d)-(\d{2,4})",
            lambda m, i=i: f"{m[1]}.{i}-{m[2]}",
            text,
            flags=re.M,
        )
        path = target / f"rec-{i:06d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def timed(label: str, func, n: int) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    print(f"{label:<38} {seconds:8.2f} s  {n / seconds:10.0f} files/s")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40000)
    args = parser.parse_args()
    if not SAMPLES.exists():
        print(f"skipped: {SAMPLES} is absent (../shared is not beside the checkout)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_files(Path(tmp), args.files)
        n = len(paths)
        print(f"{n} Relaton files in {tmp}")
        base = timed(
            "baseline: read + libyaml load",
            lambda: [yaml.load(p.read_text("utf-8"), Loader=yaml.CSafeLoader) for p in paths],
            n,
        )
        sample = paths[: max(1, n // 20)]
        pure = timed(
            f"pure-Python yaml load ({len(sample)} files)",
            lambda: [yaml.safe_load(p.read_text("utf-8")) for p in sample],
            len(sample),
        )
        records = []
        source = timed("relaton.extract (records)", lambda: records.extend(relaton.extract([Path(tmp)])), n)
        tracemalloc.start()
        for _ in relaton.extract(paths[: max(1, n // 10)]):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        good = sum(1 for r in records if hasattr(r, "canonical"))
        print(
            f"records {good}, quarantined {len(records) - good}, peak traced memory while streaming "
            f"{max(1, n // 10)} files {peak / 2**20:.1f} MiB"
        )
        print(
            f"ratio extract / baseline: {source / base:.2f}; pure-Python loader per file vs libyaml: "
            f"{(pure / len(sample)) / (base / n):.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
