"""The committee's title database at scale: a 110,000-row 题录 sheet imported and matched in Chinese.

    .venv/bin/python benchmarks/bench_committee.py [--rows 110000]

Builds, in a temporary folder, a sheet in the committee's layout (国别, 标准号, 原文标题, 中文标题, 状态, 发布日期,
ICS, 备注) from real designations: the Rosstandart open-data catalogue (read here directly: windows-1251,
``;``), the BIS product list, with other editions of them, and ABNT NBR / SANS numbers for Brazil and South
Africa, which have no open catalogue. Its Chinese titles are taken from the real Chinese list (csres): a
quarter are a real Chinese standard's title written as a translation would write it (spaces, ``:`` for
``：``, 第 1 部分, 与 for 和, half-width brackets), the rest join the head of one real title to the tail of
another, so that blocking and scoring have real near-misses to reject. A few dates are impossible, to be
quarantined.

The real Chinese catalogue is loaded first (``standards refresh --source csres``, not timed); then the sheet
is refreshed as the source ``committee`` into two copies of it: without matching (the import alone: the
baseline) and with matching against the Chinese catalogue (the target: under 5 minutes and 2 GiB on 2
cores). Each step runs in its own process; its peak memory includes the forked workers. It prints the
figures and how the planted identical translations were matched.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
ROSSTANDART = DATA / "russia" / "rosstandart-opendata" / "nationalstandards.csv"
BIS = DATA / "india" / "bis_compulsory_certification_products.json"
CSRES = DATA / "china" / "laokevincn-standard_scrapting" / "standards_csres.csv"
HEADER = ["序号", "国别", "标准号", "原文标题", "中文标题", "状态", "发布日期", "ICS", "备注"]
STEP = """
import resource, sys
from standards_lib.cli.main import cli
try:
    cli.main(sys.argv[1:], prog_name="standards")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"PEAK_KIB {peak}", file=sys.stderr)
sys.exit(code)
"""


def chinese_titles() -> list[tuple[str, str]]:
    """(designation, title) of the GB family in the real csres list."""
    with CSRES.open(encoding="utf-8") as handle:
        return [(r["std_num"], r["title_zh"]) for r in csv.DictReader(handle) if r["std_num"].startswith("GB")]


def as_translated(title: str, rng: random.Random) -> str:
    """A real title written as a translation may write it: spacing, punctuation and connectives changed."""
    text = title
    if rng.random() < 0.5:
        text = re.sub(r"第(\d+(?:-\d+)*)部分", r"第 \1 部分", text)
    if rng.random() < 0.5:
        text = text.replace("：", ": ")
    if rng.random() < 0.3:
        text = text.replace("（", "(").replace("）", ")")
    if rng.random() < 0.2:
        text = text.replace("和", "与", 1)
    return text


def foreign_designations(rows: int, rng: random.Random) -> list[tuple[str, str, str, str, str]]:
    """(country word, designation, original title, status, ICS) from real designations and their other editions."""
    with ROSSTANDART.open(encoding="cp1251", newline="") as handle:
        russian = [(r[0], r[1], r[3]) for r in csv.reader(handle, delimiter=";") if r and r[0].startswith("ГОСТ")]
    indian = [(p["isNumber"], p["product"]) for p in json.loads(BIS.read_text("utf-8")) if p.get("isNumber")]
    out: list[tuple[str, str, str, str, str]] = []
    seen: set[str] = set()

    def add(country: str, designation: str, title: str, status: str, ics: str) -> None:
        if designation not in seen:
            seen.add(designation)
            out.append((country, designation, title, status, ics))

    for back in (0, 5, 10, 15, 20):  # the real edition, then earlier editions of the same standards
        for designation, title, ics in russian:
            m = re.search(r"-(\d{4})$", designation)
            if m:
                add("俄罗斯", f"{designation[: m.start()]}-{int(m.group(1)) - back}", title, "действует", ics)
        for number, product in indian:
            add("印度", f"{number.split(':')[0].strip()}:{2019 - back}", product, "Active", "")
    n = 0
    while len(out) < rows:
        n += 1
        year = 2000 + n % 25
        add("巴西", f"ABNT NBR {5000 + n}:{year}", f"Norma brasileira {5000 + n}", "Em Vigor", "")
        add("南非", f"SANS {20000 + n}:{year}", f"South African standard {20000 + n}", "Current", "")
    rng.shuffle(out)
    return out[:rows]


def write_sheet(path: Path, rows: int, seed: int = 20) -> dict[str, str]:
    """Write the sheet; returns the planted pairs: foreign designation -> the Chinese title it translates."""
    rng = random.Random(seed)
    titles = chinese_titles()
    planted: dict[str, str] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i, (country, designation, original, status, ics) in enumerate(foreign_designations(rows, rng), 1):
            if rng.random() < 0.25:
                _, title = rng.choice(titles)
                planted[designation] = title
                chinese = as_translated(title, rng)
            else:
                a, b = rng.choice(titles)[1], rng.choice(titles)[1]
                chinese = a.split(" ")[0] + " " + b.split(" ")[-1]
            published = "2020-13-45" if i % 1000 == 0 else f"{designation[-4:]}-06-01"
            writer.writerow([i, country, designation, original, chinese, status, published, ics, ""])
    return planted


def step(*args: str) -> tuple[float, float, str]:
    """Wall seconds, peak MiB and stderr of one ``standards`` command in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", STEP, *args], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 3):
        raise SystemExit(f"standards {' '.join(args)} failed (exit {done.returncode}): {done.stderr[-3000:]}")
    peak = int(re.findall(r"PEAK_KIB (\d+)", done.stderr)[-1]) / 1024
    return seconds, peak, done.stdout


def planted_quality(db: Path, planted: dict[str, str]) -> dict[str, int]:
    """How the planted translations of real Chinese titles were matched (rank-1 suggestions)."""
    from standards_lib.matching.equivalence.chinese_titles import chinese_title_key

    conn = sqlite3.connect(db)
    best = {
        f: (c, rel, title)
        for f, c, rel, title in conn.execute(
            "select s.foreign_id, s.chinese_id, s.relation, c.title_zh from suggestions s "
            "join standards c on c.id = s.chinese_id where s.rank = 1"
        )
    }
    counts = {"planted": len(planted), "equivalent_same_title": 0, "other_rank1": 0, "none": 0}
    for designation, title in planted.items():
        found = next((v for k, v in best.items() if k == designation), None)
        if found is None:
            counts["none"] += 1
        elif found[1] != "related" and chinese_title_key(found[2] or "") == chinese_title_key(title):
            counts["equivalent_same_title"] += 1
        else:
            counts["other_rank1"] += 1
    equivalent = [f for f, (_, rel, _) in best.items() if rel != "related"]
    counts["equivalent_total"] = len(equivalent)
    counts["equivalent_not_planted"] = sum(1 for f in equivalent if f not in planted)
    counts["foreign_with_suggestion"] = len(best)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=110_000)
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: this benchmark needs ../shared/data beside the checkout")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = folder / "题录.csv"
        started = time.perf_counter()
        planted = write_sheet(sheet, args.rows)
        print(
            f"sheet: {args.rows:,} rows, {len(planted):,} planted translations, {time.perf_counter() - started:.1f} s"
        )
        chinese = folder / "chinese.db"
        seconds, peak, _ = step(
            "refresh", "--from", str(CSRES), "--source", "csres", "--db", str(chinese), "--no-match"
        )
        print(f"setup: real Chinese catalogue (csres) loaded in {seconds:.1f} s, peak {peak:.0f} MiB")
        for name in ("import.db", "full.db"):
            shutil.copy(chinese, folder / name)
        sheet_args = ["refresh", "--from", str(sheet), "--source", "csv", "--mapping", "committee"]
        base_s, base_mb, _ = step(*sheet_args, "--db", str(folder / "import.db"), "--no-match")
        full_s, full_mb, _ = step(*sheet_args, "--db", str(folder / "full.db"), "--report", str(folder / "run.json"))
        report = json.loads((folder / "run.json").read_text("utf-8"))
        quality = planted_quality(folder / "full.db", planted)
    part = report["sources"][0]
    print(f"committee source: {part['records']:,} records, {part['quarantined']:,} quarantined")
    print(
        "per country: " + ", ".join(f"{c} {v['records']:,}/{v['quarantined']}" for c, v in part["by_country"].items())
    )
    match = report.get("match") or {}
    print(f"matching: {match.get('foreign'):,} foreign x {match.get('chinese'):,} Chinese, {match.get('seconds')} s")
    print(f"{'step':<34}{'wall s':>9}{'peak MiB':>10}")
    print(f"{'baseline: sheet import alone':<34}{base_s:>9.1f}{base_mb:>10.0f}")
    print(f"{'import + matching in Chinese':<34}{full_s:>9.1f}{full_mb:>10.0f}")
    verdict = "met" if full_s < 300 and full_mb < 2048 else "NOT met"
    print(f"target < 300 s and < 2048 MiB on 2 cores: {verdict}")
    print("planted translations: " + ", ".join(f"{k} {v:,}" for k, v in quality.items()))


if __name__ == "__main__":
    main()
