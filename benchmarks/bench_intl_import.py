"""Benchmark the ISO and IEC Relaton archives import (source ``relaton-intl``), run by hand.

    .venv/bin/python benchmarks/bench_intl_import.py [--limit N]

For each real archive in ../shared/data/international (relaton-data-iso.tar.xz, relaton-data-iec.tar.xz), in the
same run and each in a fresh subprocess (so that its peak memory is its own):

- ``baseline``: the bare minimum any reader does: stream the tar members and ``yaml.load`` each with libyaml's
  ``CSafeLoader``; no mapping, no bounds;
- ``bounded load``: stream the members and build each with ``relaton_archive.load_documents`` (libyaml's event
  parser, bounded: size, nesting, alias expansion, time), no mapping;
- ``relaton-intl``: the whole import, ``relaton_intl.extract``: bounded load, mapping, supplements attached,
  records built;

then the import of both archives in one call, as ``standards refresh`` does. Prints files/s, records/s, the
ratio to the baseline and the peak RSS of each run. ``--limit N`` reads only the first N members of each archive.
Skips with a message when ../shared is absent. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARCHIVES = {
    "iso": ROOT.parent / "shared" / "data" / "international" / "relaton-data-iso" / "relaton-data-iso.tar.xz",
    "iec": ROOT.parent / "shared" / "data" / "international" / "relaton-data-iec" / "relaton-data-iec.tar.xz",
}


def limited(limit: int | None):
    seen = [0]

    def wanted(name: str) -> bool:
        seen[0] += 1
        return limit is None or seen[0] <= limit

    return wanted


def run_phase(phase: str, names: list[str], limit: int | None) -> dict:
    """One measurement, in this process: files, records, seconds, peak RSS."""
    import yaml

    from standards_lib.errors import SourceError
    from standards_lib.scrapers import relaton_intl
    from standards_lib.scrapers.relaton_archive import decode_text, is_yaml_name, iter_members, load_documents

    paths = [ARCHIVES[n] for n in names]
    files = records = 0
    started = time.perf_counter()
    if phase == "import":
        stats = relaton_intl.ImportStats()
        for item in relaton_intl.extract(paths, stats=stats, wanted=limited(limit) if limit else None):
            records += hasattr(item, "canonical")
        files = sum(c.files for c in stats.archives.values())
    else:
        wanted = limited(limit)
        for member in iter_members(paths, source="bench", wanted=lambda n: is_yaml_name(n) and wanted(n)):
            if not hasattr(member, "data"):
                continue
            files += 1
            if phase == "baseline":
                yaml.load(member.data, Loader=yaml.CSafeLoader)
            else:
                try:
                    load_documents(decode_text(member.data, member.location), member.location)
                except SourceError:
                    pass
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "phase": phase,
        "archives": names,
        "files": files,
        "records": records,
        "seconds": seconds,
        "peak_mb": peak_mb,
    }


def measure(phase: str, names: list[str], limit: int | None) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--archives", ",".join(names)]
    if limit:
        command += ["--limit", str(limit)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="read only the first N members of each archive")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--archives", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.archives.split(","), args.limit)))
        return 0
    missing = [str(p) for p in ARCHIVES.values() if not p.exists()]
    if missing:
        print(f"skipped: {', '.join(missing)} absent (../shared is not beside the checkout)")
        return 0
    print(
        f"{'archive':<9} {'run':<14} {'files':>7} {'records':>8} {'seconds':>8} {'files/s':>8} {'records/s':>9}"
        f" {'vs baseline':>11} {'peak MB':>8}"
    )
    for names in (["iso"], ["iec"], ["iso", "iec"]):
        phases = ("baseline", "bounded load", "import") if len(names) == 1 else ("baseline", "import")
        base = None
        for phase in phases:
            result = measure(phase.replace("bounded load", "bounded"), names, args.limit)
            base = base or result
            ratio = base["seconds"] / result["seconds"]
            label = "relaton-intl" if phase == "import" else phase
            print(
                f"{'+'.join(names):<9} {label:<14} {result['files']:>7} {result['records']:>8} {result['seconds']:>8.1f}"
                f" {result['files'] / result['seconds']:>8.0f} {result['records'] / result['seconds']:>9.0f}"
                f" {ratio:>10.2f}x {result['peak_mb']:>8.0f}"
            )
    print("vs baseline: the baseline's time divided by this run's (above 1: faster than tar + CSafeLoader alone)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
