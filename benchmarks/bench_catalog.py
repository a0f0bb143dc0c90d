"""Benchmark: build a 200,000-standard catalogue, refresh it unchanged, and search it (run by hand).

    .venv/bin/python benchmarks/bench_catalog.py [--standards 200000] [--keep DIR]

Input: the real Chinese records of ../shared/data (csres CSV, biaozhun JSON where their sources
exist) plus SYNTHETIC records marked ``{"synthetic": true}`` in ``extra`` and ``source=synthetic``:
designations drawn from the real prefixes and number ranges of the five systems, titles recombined
from words of real titles. Everything goes through ``standards refresh`` (JSON Lines source).
Figures: records/second of the first import and of a second, unchanged refresh; peak memory (max
RSS); median and 95th-percentile search time over queries in Chinese, English, Russian and
Portuguese, against a full ``LIKE '%q%'`` scan of the same columns measured in the same run.
Targets (2 cores): first import < 60 s, peak < 1 GiB, median search < 50 ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from standards_lib.catalog import Catalog
from standards_lib.pipeline import refresh

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
QUERIES = [
    "洗衣机",
    "质量管理",
    "电池",
    "光伏组件",
    "安全要求",
    "household appliances",
    "quality management",
    "photovoltaic",
    "менеджмента",
    "безопасность",
    "gestão",
    "segurança",
    "GB/T 19001",
    "IS 302",
]


def real_chinese_rows() -> list[dict]:
    path = SHARED / "china/laokevincn-standard_scrapting/standards_csres.csv"
    if not path.exists():
        print(f"(no real data at {path}: synthetic records only)")
        return []
    with path.open(encoding="utf-8") as fh:
        return [
            {
                "designation": r["std_num"],
                "titles": {"zh": r["title_zh"]},
                "status": r["status"],
                "effective": r["implement_date"] or None,
                "source_url": r["url"],
            }
            for r in csv.DictReader(fh)
        ]


def synthetic_rows(count: int, real: list[dict], seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    zh_words = [w for r in real for w in r["titles"]["zh"].split()] or ["电池", "安全", "要求", "光伏", "组件"]
    en = [
        "safety",
        "requirements",
        "test",
        "methods",
        "household",
        "appliances",
        "photovoltaic",
        "modules",
        "battery",
        "quality",
        "management",
        "industrial",
        "robots",
        "wind",
        "turbines",
        "hydrogen",
        "fuel",
        "cells",
        "electric",
        "vehicles",
        "general",
        "rules",
    ]
    ru = [
        "безопасность",
        "требования",
        "методы",
        "испытаний",
        "бытовые",
        "приборы",
        "системы",
        "менеджмента",
        "качества",
        "аккумуляторы",
        "ветроустановки",
        "роботы",
        "промышленные",
    ]
    pt = [
        "segurança",
        "requisitos",
        "métodos",
        "de",
        "ensaio",
        "aparelhos",
        "eletrodomésticos",
        "sistemas",
        "de",
        "gestão",
        "da",
        "qualidade",
        "baterias",
        "módulos",
        "fotovoltaicos",
    ]
    ics = ["03.120.10", "13.120", "27.160", "27.180", "29.220.20", "25.040.30", "43.120", "97.030", "91.140.50"]
    rows = []
    for i in range(count):
        kind = rng.random()
        year = rng.randint(1990, 2025)
        if kind < 0.45:
            prefix = rng.choice(["GB/T", "GB", "JB/T", "YY/T", "NB/T"])
            row = {
                "designation": f"{prefix} {80000 + i}-{year}",
                "titles": {"zh": "".join(rng.sample(zh_words, k=min(3, len(zh_words))))},
            }
        elif kind < 0.65:
            row = {
                "designation": f"ГОСТ Р {60000 + i}-{year}",
                "titles": {"ru": " ".join(rng.sample(ru, 4)).capitalize()},
            }
        elif kind < 0.8:
            row = {
                "designation": f"IS {20000 + i} : {year}",
                "titles": {"en": " ".join(rng.sample(en, 4)).capitalize()},
            }
        elif kind < 0.92:
            row = {
                "designation": f"ABNT NBR {30000 + i}:{year}",
                "titles": {"pt": " ".join(rng.sample(pt, 4)).capitalize()},
            }
        else:
            row = {
                "designation": f"SANS {40000 + i}:{year}",
                "titles": {"en": " ".join(rng.sample(en, 4)).capitalize()},
            }
        row.update(
            {
                "status": rng.choice(["current", "current", "withdrawn"]),
                "ics": [rng.choice(ics)],
                "source": "synthetic",
                "extra": {"synthetic": True},
            }
        )
        rows.append(row)
    return rows


def timed_searches(catalog: Catalog, repeat: int = 5) -> tuple[list[float], list[float]]:
    fts, like = [], []
    for _ in range(repeat):
        for q in QUERIES:
            t = time.perf_counter()
            catalog.search(q, limit=20)
            fts.append((time.perf_counter() - t) * 1000)
        for q in QUERIES[:6]:
            t = time.perf_counter()
            catalog.db.conn.execute(
                "SELECT id FROM standards WHERE title_zh LIKE ? OR title_en LIKE ? OR title_ru LIKE ? OR title_pt LIKE ?",
                [f"%{q}%"] * 4,
            ).fetchall()  # every match, as the FTS query finds them all before ranking
            like.append((time.perf_counter() - t) * 1000)
    return fts, like


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="keep the catalogue in this directory")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    work.mkdir(parents=True, exist_ok=True)
    real = real_chinese_rows()
    rows = real[: args.standards] + synthetic_rows(max(0, args.standards - len(real)), real)
    source = work / "input"
    source.mkdir(exist_ok=True)
    with (source / "standards.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    db = work / "catalog.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    print(
        f"cores: {os.cpu_count()}; input: {len(real):,} real + {len(rows) - len(real):,} synthetic = {len(rows):,} records"
    )

    t = time.perf_counter()
    first = refresh(db, sources=["jsonl"], from_path=source, match=False)
    first_s = time.perf_counter() - t
    t = time.perf_counter()
    second = refresh(db, sources=["jsonl"], from_path=source, match=False)
    second_s = time.perf_counter() - t
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"first import:      {first.totals['records']:,} records in {first_s:.1f} s = {first.totals['records'] / first_s:,.0f} rec/s "
        f"({first.totals['quarantined']} quarantined)  target < 60 s"
    )
    print(
        f"unchanged refresh: {second.totals['records']:,} records in {second_s:.1f} s = {second.totals['records'] / second_s:,.0f} rec/s "
        f"({second.totals['changes']} changes)  ratio first/second {first_s / second_s:.1f}x"
    )
    print(
        f"peak memory (max RSS): {peak_mib:,.0f} MiB  target < 1024 MiB; catalogue file {db.stat().st_size / 2**20:,.0f} MiB"
    )
    with Catalog(db) as catalog:
        fts, like = timed_searches(catalog)
    p95 = sorted(fts)[int(0.95 * (len(fts) - 1))]
    print(
        f"search (FTS, {len(fts)} queries): median {statistics.median(fts):.1f} ms, p95 {p95:.1f} ms  target median < 50 ms"
    )
    print(
        f"baseline LIKE scan ({len(like)} queries): median {statistics.median(like):.1f} ms; "
        f"ratio LIKE/FTS median {statistics.median(like) / statistics.median(fts):.1f}x"
    )


if __name__ == "__main__":
    sys.exit(main())
