"""Benchmark parse_designation over the real GB list and the BIS list (run by hand).

    .venv/bin/python benchmarks/bench_parse.py [--repeat N]

Prints designations per second for parse_designation and, measured in the same run on the same inputs,
for a naive baseline (one compiled regex per list building a plain tuple, the least a parser can do), the
ratio between them, and how many inputs each one reads. Skips with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from standards_lib.designation import parse_designation  # noqa: E402
from standards_lib.errors import DesignationError  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CSRES = SHARED / "china" / "laokevincn-standard_scrapting" / "standards_csres.csv"
BIS = SHARED / "india" / "bis_compulsory_certification_products.json"

GB_BASELINE_RE = re.compile(r"(GB(?:/[TZ])?)\s*(\d+)((?:\.\d+)*)\s*[-—]\s*(\d{4})$")
IS_BASELINE_RE = re.compile(r"IS\s*(\d+)(?:\s*\(Part\s*(\d+)\))?(?:\s*:\s*(\d{4}))?$")


def gb_baseline(text: str) -> tuple[str, str, str, int] | None:
    """The naive GB baseline: one regex, no normalisation, no validation, no dataclass."""
    m = GB_BASELINE_RE.match(text)
    return (m[1], m[2], m[3], int(m[4])) if m else None


def is_baseline(text: str) -> tuple[str, str | None, int | None] | None:
    """The naive BIS baseline: one regex for ``IS 302 (Part 1) : 2008``."""
    m = IS_BASELINE_RE.match(text)
    return (m[1], m[2], int(m[3]) if m[3] else None) if m else None


def library_parse(text: str) -> object:
    try:
        return parse_designation(text)
    except DesignationError as exc:
        return exc


def coverage(parse: Callable[[str], object], texts: Sequence[str]) -> str:
    read = sum(1 for text in texts if (result := parse(text)) is not None and not isinstance(result, Exception))
    return f"reads {read:,}/{len(texts):,} ({read / len(texts):.2%})"


def rate(parse: Callable[[str], object], texts: Sequence[str], repeat: int) -> float:
    """Designations per second, best of ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            parse(text)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes per measurement (best is kept)")
    args = parser.parse_args()
    if not CSRES.exists() or not BIS.exists():
        print(f"skipped: real data absent ({CSRES.parent} or {BIS.parent}); ../shared must sit beside the checkout")
        return 0
    with CSRES.open(encoding="utf-8", newline="") as stream:
        gb = [row["std_num"] for row in csv.DictReader(stream) if row["std_num"].startswith("GB")]
    bis = [row["isNumber"] for row in json.loads(BIS.read_text(encoding="utf-8")) if row["isNumber"] != row["product"]]
    # 110,000+ designations: the size of a full catalogue refresh
    batch = (gb * 7)[:113_000]
    print(f"inputs: GB family {len(gb):,} (x7 = {len(batch):,} parsed per pass), BIS {len(bis):,}")

    base = rate(gb_baseline, batch, args.repeat)
    lib = rate(library_parse, batch, args.repeat)
    print(f"GB  baseline (one regex, tuple): {base:12,.0f} designations/s, {coverage(gb_baseline, gb)}")
    print(f"GB  parse_designation:           {lib:12,.0f} designations/s, {coverage(library_parse, gb)}")
    print(f"    ratio library/baseline {lib / base:.3f}; {len(batch) / lib:.2f} s for {len(batch):,} designations")
    bis_batch = bis * 20
    bis_base = rate(is_baseline, bis_batch, args.repeat)
    bis_lib = rate(library_parse, bis_batch, args.repeat)
    print(f"BIS baseline (one regex, tuple): {bis_base:12,.0f} designations/s, {coverage(is_baseline, bis)}")
    print(f"BIS parse_designation:           {bis_lib:12,.0f} designations/s, {coverage(library_parse, bis)}")
    print(f"    ratio library/baseline {bis_lib / bis_base:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
