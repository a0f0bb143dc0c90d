"""Benchmark: latency of the published catalogue with 200,000 SYNTHETIC standards (run by hand).

    .venv/bin/python benchmarks/bench_serve.py [--standards 200000] [--requests 60] [--keep DIR]

Builds a synthetic catalogue (made-up designations and titles in Chinese, English, Russian and
Portuguese over the real priority-sector ICS codes; nothing here is real data) through
``Catalog.upsert_records`` and ``Catalog.replace_suggestions``, serves it with ``standards serve``
in a subprocess on 127.0.0.1, and measures the median and 95th-percentile latency of the home
page, a search (Chinese, two-character word, English), a standard's page and the coverage
overview. The baseline, measured in the same run, is the same requests against the bundled
~70-standard sample catalogue; ratios are large / baseline. Target: p95 < 200 ms each.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from standards_lib.catalog import Catalog
from standards_lib.publish import build_sample_catalog, prepare_for_publishing
from standards_lib.interchange import record_from_dict

TARGET_P95_MS = 200.0
COUNTRIES = [("CN", 0.45), ("RU", 0.2), ("IN", 0.15), ("BR", 0.1), ("ZA", 0.05), ("INT", 0.05)]
ICS = ["25.040.01", "25.040.20", "25.040.30", "25.040.40", "35.240.50", "27.015", "27.070", "27.075", "27.160",
       "27.180", "29.220.20", "29.220.30", "43.120", "03.120.10", "13.020.10", "13.120", "29.020", "91.140.50",
       "11.040.01", "65.060.01", "77.140.10", "83.140.01", "91.100.30", "33.160.01"]
ZH_WORDS = ["电池", "光伏", "风力", "发电", "机组", "工业", "机器人", "安全", "要求", "试验", "方法", "通用", "技术",
            "条件", "电动汽车", "充电", "系统", "氢气", "燃料", "能源", "管理", "质量", "控制", "设备", "材料", "检测"]
EN_WORDS = ["battery", "photovoltaic", "wind", "turbine", "industrial", "robot", "safety", "requirements", "test",
            "method", "general", "technical", "conditions", "electric", "vehicle", "charging", "system", "hydrogen",
            "fuel", "energy", "management", "quality", "control", "equipment", "materials", "measurement"]
RU_WORDS = ["батареи", "фотоэлектрические", "ветроэнергетические", "установки", "промышленные", "роботы",
            "безопасность", "требования", "методы", "испытаний", "общие", "технические", "условия", "системы"]
PT_WORDS = ["baterias", "fotovoltaicos", "turbinas", "eólicas", "robôs", "industriais", "segurança", "requisitos",
            "métodos", "ensaio", "gerais", "sistemas", "energia", "gestão"]


def synthetic_records(count: int, seed: int = 7):
    """``count`` SYNTHETIC records (made-up designations, titles and dates), deterministic for a seed."""
    rng = random.Random(seed)
    countries = [c for c, _ in COUNTRIES]
    weights = [w for _, w in COUNTRIES]
    for i in range(count):
        country = rng.choices(countries, weights)[0]
        number = 10000 + i
        year = rng.randint(1995, 2024)
        designation = {
            "CN": f"GB/T {number}-{year}", "RU": f"ГОСТ Р {number}-{year}", "IN": f"IS {number} : {year}",
            "BR": f"ABNT NBR {number}:{year}", "ZA": f"SANS {number}:{year}", "INT": f"ISO {number}:{year}",
        }[country]
        words = rng.sample(EN_WORDS, 5)
        titles = {"en": " ".join(words).capitalize()}
        if country == "CN":
            titles["zh"] = "".join(rng.sample(ZH_WORDS, 4))
        elif country == "RU":
            titles = {"ru": " ".join(rng.sample(RU_WORDS, 5)).capitalize()}
        elif country == "BR":
            titles["pt"] = " ".join(rng.sample(PT_WORDS, 5)).capitalize()
        yield record_from_dict({
            "designation": designation, "titles": titles, "status": rng.choice(["current"] * 4 + ["withdrawn"]),
            "published": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "ics": rng.sample(ICS, rng.randint(1, 2)),
            "source": "synthetic", "extra": {"synthetic": True},
        })


def build_synthetic(path: Path, count: int) -> tuple[float, int]:
    """Build the synthetic catalogue; returns (seconds, suggestions)."""
    start = time.perf_counter()
    records = list(synthetic_records(count))
    chinese = [r.canonical for r in records if r.country == "CN"]
    foreign = [r.canonical for r in records if r.country in ("BR", "RU", "IN", "ZA")]
    rng = random.Random(11)
    suggestions = []
    for foreign_id in foreign:
        for rank, chinese_id in enumerate(rng.sample(chinese, 2), 1):
            suggestions.append({"foreign_id": foreign_id, "chinese_id": chinese_id, "rank": rank,
                                "score": round(rng.uniform(0.35, 0.99), 3), "relation": rng.choice(
                                    ["identical", "equivalent", "related"]), "evidence": {"synthetic": True}})
    with Catalog(path) as catalog:
        catalog.upsert_records(records, source="synthetic")
        catalog.replace_suggestions(suggestions, matcher_version="synthetic-benchmark")
        for foreign_id, chinese_id in [(s["foreign_id"], s["chinese_id"]) for s in suggestions[:2000:7]]:
            catalog.record_review(foreign_id, chinese_id, "confirmed", "bench")
    prepare_for_publishing(path)  # coverage counts + one self-contained file (needed for immutable replicas)
    return time.perf_counter() - start, len(suggestions)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """``standards serve`` in a subprocess."""

    def __init__(self, db: Path, immutable: bool) -> None:
        self.port = free_port()
        args = [sys.executable, "-c", "from standards_lib.cli.main import cli; cli()", "serve", "--db", str(db),
                "--port", str(self.port), "--no-sample"] + (["--immutable"] if immutable else [])
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env={**os.environ, "DATASETTE_SECRET": "bench"})
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(self.url + "/-/versions.json", timeout=5).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit(f"server for {db} did not start")
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def measure(url: str, requests: int) -> tuple[float, float]:
    """Median and 95th percentile latency in ms (after 3 warm-up requests); fails on a non-200."""
    for _ in range(3):
        urllib.request.urlopen(url, timeout=60).read()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            assert response.status == 200, url
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def pages(sample_id: str) -> dict[str, str]:
    return {
        "home page": "/",
        "search 质量管理 (zh)": "/catalog/search?q=" + quote("质量管理") + "&country=",
        "search 电池 (zh, 2 chars)": "/catalog/search?q=" + quote("电池") + "&country=",
        "search wind turbine (en)": "/catalog/search?q=" + quote("wind turbine") + "&country=",
        "standard page": "/-/standard/" + quote(sample_id, safe=""),
        "coverage overview": "/catalog/coverage?country=",
        "coverage new energy": "/catalog/coverage_new_energy",
        "standards table": "/catalog/standards",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--keep", type=Path, help="build the catalogues in this directory and keep them")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    workdir.mkdir(parents=True, exist_ok=True)
    small, large = workdir / "baseline" / "catalog.db", workdir / "large" / "catalog.db"
    if not small.exists():
        build_sample_catalog(small, match=False)
    if not large.exists():
        large.parent.mkdir(parents=True, exist_ok=True)
        seconds, suggestions = build_synthetic(large, args.standards)
        print(f"built SYNTHETIC catalogue: {args.standards:,} standards, {suggestions:,} suggestions "
              f"in {seconds:.0f} s ({large.stat().st_size / 1e6:.0f} MB)")
    for path in (small, large):
        prepare_for_publishing(path)
    with closing(sqlite3.connect(f"file:{large}?mode=ro", uri=True)) as conn:
        large_id = conn.execute("select foreign_id from suggestions order by foreign_id limit 1").fetchone()[0]
    print(f"{'page':28} {'baseline p50':>12} {'p95':>7} {'200k p50':>9} {'p95':>7} {'ratio p95':>9}  target")
    failures = 0
    for mode in ("mutable", "immutable"):
        baseline_server, large_server = Served(small, mode == "immutable"), Served(large, mode == "immutable")
        try:
            print(f"-- {mode} --")
            for (name, path), large_path in zip(pages("GB/T 19001-2016").items(), pages(large_id).values()):
                b50, b95 = measure(baseline_server.url + path, args.requests)
                l50, l95 = measure(large_server.url + large_path, args.requests)
                ok = l95 < TARGET_P95_MS
                failures += not ok
                print(f"{name:28} {b50:10.1f}ms {b95:5.1f}ms {l50:7.1f}ms {l95:5.1f}ms {l95 / b95:8.1f}x  "
                      f"{'ok' if ok else 'SLOW'}")
        finally:
            baseline_server.stop()
            large_server.stop()
    print(f"{failures} page(s) above the p95 target of {TARGET_P95_MS:.0f} ms; catalogues in {workdir}")


if __name__ == "__main__":
    main()
