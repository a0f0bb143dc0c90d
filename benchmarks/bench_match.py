"""Benchmark the equivalence engine: blocked matcher vs brute force, and the full-scale run (by hand).

    .venv/bin/python benchmarks/bench_match.py [--foreign 110000] [--chinese 45000] [--sample 3000] [--seed 7]

Data: the real records in ../shared/data (Chinese GB list from csres and the merged biaozhun/openstd list,
Russian Relaton records, the BIS list) plus SYNTHETIC records, clearly marked (``extra.synthetic``), made
from real vocabularies: English titles combine real ICS titles and scopes (ISO Open Data) and BIS product
names; Chinese titles combine segments of real csres titles; designations follow the real grammars.
A third of the synthetic foreign records are perturbed copies of synthetic Chinese ones (case, dash forms,
"Part 2:" written differently, stop words), the rest unrelated. Needs numpy (for rapidfuzz cdist).

Prints, measured in the same run:
1. brute force: rapidfuzz ``process.cdist`` (token_sort_ratio, workers=-1) of ``--sample`` foreign English
   titles against every Chinese English title, vs the blocked matcher on the same sample: time ratio, and
   the share of the brute force's top-1 title matches (score >= 80, and all) that blocking also finds;
2. full scale: suggest_equivalents over all foreign x all Chinese records (one process; ``--workers 0``
   forks one per CPU): time, suggestions, peak RSS and PSS (with workers), and the share of perturbed
   copies whose original is ranked first.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from standards_lib.errors import StandardsError  # noqa: E402
from standards_lib.interchange import record_from_dict  # noqa: E402
from standards_lib.matching import suggest_equivalents  # noqa: E402
from standards_lib.matching.equivalence.blocking import CandidateIndex  # noqa: E402
from standards_lib.matching.equivalence.profile import profile_record  # noqa: E402
from standards_lib.records import StandardRecord  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CSRES = SHARED / "china" / "laokevincn-standard_scrapting" / "standards_csres.csv"
LUODA = SHARED / "china" / "luoda2023-LDAssistant" / "all_standards_merged_with_replacement.json"
ICS = SHARED / "international" / "iso-open-data" / "ics.yaml"
BIS = SHARED / "india" / "bis_compulsory_certification_products.json"
RUSSIA = SHARED / "russia"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class PssSampler(threading.Thread):
    """Samples the proportional set size (shared pages split between sharers) of this process and its
    forked workers every 0.2 s, from /proc (Linux); ``peak_mib`` is the largest total seen."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mib = 0.0
        self._halt = threading.Event()

    @staticmethod
    def _pss_kib(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self) -> None:
        me = os.getpid()
        while not self._halt.wait(0.2):
            try:
                children = Path(f"/proc/{me}/task/{me}/children").read_text().split()
            except OSError:
                children = []
            total = self._pss_kib(me) + sum(self._pss_kib(int(c)) for c in children)
            self.peak_mib = max(self.peak_mib, total / 1024.0)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak_mib


def real_chinese() -> list[StandardRecord]:
    records = []
    with CSRES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["std_num"].startswith("GB"):
                continue
            try:
                records.append(
                    record_from_dict(
                        {
                            "designation": row["std_num"],
                            "titles": {"zh": row["title_zh"]},
                            "status": row["status"] or None,
                            "source": "csres",
                        }
                    )
                )
            except StandardsError:
                pass
    for item in json.loads(LUODA.read_text(encoding="utf-8")):
        try:
            records.append(
                record_from_dict(
                    {
                        "designation": item["code"],
                        "titles": {"zh": item["name"]},
                        "ics": item.get("ics") or None,
                        "source": "biaozhun",
                    }
                )
            )
        except StandardsError:
            pass
    return records


def real_foreign() -> list[StandardRecord]:
    from standards_lib.scrapers import get_source
    from standards_lib.scrapers.base import Quarantined

    records = []
    for name, root in (("relaton", RUSSIA), ("bis", SHARED / "india")):
        module = get_source(name)
        records += [i for i in module.extract(module.discover(root)) if not isinstance(i, Quarantined)]
    return records


def vocabularies() -> tuple[list[tuple[str, str]], list[str], list[str]]:
    import yaml

    entries = yaml.safe_load(ICS.read_text(encoding="utf-8"))["entries"]
    ics_phrases: list[tuple[str, str]] = []
    for e in entries:
        code = e["identifier"]
        for key in ("title", "scope"):
            for t in e.get(key) or []:
                if t.get("lang") == "en" and len(code) >= 6:
                    for phrase in t["value"].replace("Including ", "").split(". "):
                        if 3 <= len(phrase) <= 80:
                            ics_phrases.append((code, phrase.strip(" .")))
    products = [row["product"].strip() for row in json.loads(BIS.read_text(encoding="utf-8")) if row.get("product")]
    zh_segments = []
    with CSRES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            zh_segments += [s for s in row["title_zh"].split() if 2 <= len(s) <= 20]
    return ics_phrases, products, sorted(set(zh_segments))


def perturb(title: str, rng: random.Random) -> str:
    """The same title as another catalogue would write it."""
    text = title
    choice = rng.random()
    if choice < 0.3:
        text = text.title()
    elif choice < 0.5:
        text = text.upper() if len(text) < 60 else text.lower()
    text = text.replace(" — ", rng.choice([" - ", " — ", ": ", " – ", "—"]))
    if rng.random() < 0.3:
        text = text.replace("Part ", rng.choice(["PART ", "Part ", "part "]))
    if rng.random() < 0.2:
        text = text.replace(" and ", " & ").replace(" for ", " for the ")
    return text


def synthetic(n_chinese: int, n_foreign: int, seed: int):
    rng = random.Random(seed)
    ics_phrases, products, zh_segments = vocabularies()
    chinese: list[StandardRecord] = []
    for i in range(n_chinese):
        code, head = rng.choice(ics_phrases)
        tail = rng.choice(products) if rng.random() < 0.5 else rng.choice(ics_phrases)[1]
        part = rng.randint(1, 12) if rng.random() < 0.3 else None
        year = rng.randint(1995, 2025)
        en = f"{head} — {tail}" + (f" — Part {part}: {rng.choice(ics_phrases)[1]}" if part else "")
        zh = " ".join(rng.sample(zh_segments, 2)) + (f" 第{part}部分：{rng.choice(zh_segments)}" if part else "")
        number = 50000 + i
        data = {
            "designation": f"GB/T {number}{'.' + str(part) if part else ''}-{year}",
            "titles": {"zh": zh, "en": en},
            "ics": [code],
            "source": "synthetic",
            "extra": {"synthetic": True},
        }
        if rng.random() < 0.4:
            data["adoptions"] = [
                {
                    "ref": f"ISO {20000 + i}{'-' + str(part) if part else ''}:{year - 1}",
                    "degree": rng.choice(["IDT", "IDT", "MOD"]),
                }
            ]
        chinese.append(record_from_dict(data))
    foreign: list[StandardRecord] = []
    truth: dict[str, str] = {}
    ru_words = [
        "системы",
        "требования",
        "методы",
        "испытаний",
        "оборудование",
        "безопасность",
        "общие",
        "технические",
        "условия",
    ]
    for k in range(n_foreign):
        year = rng.randint(2000, 2025)
        r = rng.random()
        if r < 0.35:  # a perturbed copy of a synthetic Chinese record (in English)
            src = rng.choice(chinese)
            country = rng.choice(["IN", "ZA", "BR"])
            ref = src.adoptions[0].ref.split(":")[0] if src.adoptions and rng.random() < 0.7 else None
            num = ref.split(" ")[1] if ref else str(60000 + k)
            designation = {
                "IN": f"IS/ISO {num}:{year}" if ref else f"IS {num}:{year}",
                "ZA": f"SANS {num}:{year}",
                "BR": f"ABNT NBR ISO {num}:{year}" if ref else f"ABNT NBR {num}:{year}",
            }[country]
            data = {"designation": designation, "titles": {"en": perturb(src.titles["en"], rng)}, "ics": src.ics}
            truth_id = src.canonical
        elif r < 0.45:  # Russian title only: not comparable with English or Chinese titles
            src = rng.choice(chinese)
            ref = src.adoptions[0].ref.split(":")[0].split(" ")[1] if src.adoptions else None
            designation = f"ГОСТ Р ИСО {ref}-{year}" if ref else f"ГОСТ Р {70000 + k}-{year}"
            data = {"designation": designation, "titles": {"ru": " ".join(rng.sample(ru_words, 4))}, "ics": src.ics}
            truth_id = src.canonical if ref else None
        else:  # unrelated
            code, head = rng.choice(ics_phrases)
            en = f"{head} — {rng.choice(products)}"
            country = rng.choice(["IN", "ZA", "BR"])
            num = 80000 + k
            designation = {"IN": f"IS {num}:{year}", "ZA": f"SANS {num}:{year}", "BR": f"ABNT NBR {num}:{year}"}[
                country
            ]
            data = {"designation": designation, "titles": {"en": en}, "ics": [code]}
            truth_id = None
        data.update(source="synthetic", extra={"synthetic": True})
        record = record_from_dict(data)
        foreign.append(record)
        if truth_id:
            truth[record.canonical] = truth_id
    return chinese, foreign, truth


def brute_vs_blocked(foreign, chinese, sample: int, seed: int) -> None:
    try:
        import numpy as np
    except ImportError:
        print("brute force skipped: rapidfuzz cdist needs numpy (.venv/bin/pip install numpy)")
        return
    from rapidfuzz import fuzz, process

    rng = random.Random(seed)
    c_profiles = [profile_record(r) for r in chinese]
    en_idx = [i for i, p in enumerate(c_profiles) if "en" in p.texts]
    choices = [c_profiles[i].texts["en"] for i in en_idx]
    f_profiles = [
        p for p in (profile_record(r) for r in rng.sample(foreign, min(len(foreign), sample * 2))) if "en" in p.texts
    ][:sample]
    queries = [p.texts["en"] for p in f_profiles]

    started = time.perf_counter()
    best_idx = []
    best_score = []
    for lo in range(0, len(queries), 500):
        matrix = process.cdist(
            queries[lo : lo + 500], choices, scorer=fuzz.token_sort_ratio, workers=-1, dtype=np.uint8
        )
        best_idx += [en_idx[j] for j in matrix.argmax(axis=1)]
        best_score += list(matrix.max(axis=1))
    brute = time.perf_counter() - started

    started = time.perf_counter()
    index = CandidateIndex(c_profiles)
    index_time = time.perf_counter() - started
    started = time.perf_counter()
    found_all = found_strong = strong = 0
    same_top1 = 0
    for p, b, score in zip(f_profiles, best_idx, best_score):
        candidates = index.candidates(p)
        texts = [c_profiles[i].texts.get("en", "") for i in candidates]
        top = max((fuzz.token_sort_ratio(p.texts["en"], t) for t in texts), default=0)
        same_top1 += int(top >= score)
        found_all += int(b in candidates or top >= score)
        if score >= 80:
            strong += 1
            found_strong += int(b in candidates or top >= score)
    blocked = time.perf_counter() - started
    n = len(f_profiles)
    print(
        f"brute force cdist: {n} x {len(choices)} titles in {brute:.2f}s "
        f"({n * len(choices) / brute / 1e6:.1f} M pairs/s, workers=-1 on {os.cpu_count()} cores)"
    )
    print(
        f"blocked candidates + title check: {blocked:.2f}s (+ index build {index_time:.2f}s); "
        f"time ratio brute/blocked = {brute / blocked:.1f}x"
    )
    print(
        f"brute top-1 also found by blocking: strong matches (score>=80) {found_strong}/{strong} = "
        f"{100 * found_strong / max(strong, 1):.2f}%; all {found_all}/{n} = {100 * found_all / n:.2f}%; "
        f"same best score {same_top1}/{n}"
    )


def full_scale(foreign, chinese, truth, workers: int) -> None:
    rss_before = peak_rss_mib()
    sampler = PssSampler()
    sampler.start()
    started = time.perf_counter()
    suggestions = suggest_equivalents(foreign, chinese, workers=workers)
    elapsed = time.perf_counter() - started
    pss_peak = sampler.stop()
    top1 = {s.foreign_id: s.chinese_id for s in suggestions if s.rank == 1}
    hit = sum(top1.get(f) == c for f, c in truth.items())
    print(
        f"full scale: {len(foreign)} foreign x {len(chinese)} Chinese in {elapsed:.1f}s on {os.cpu_count()} cores "
        f"(workers={workers or os.cpu_count()}); "
        f"{len(suggestions)} suggestions, {len(top1)} foreign with >=1"
    )
    print(f"perturbed copies / adopters ranked first: {hit}/{len(truth)} = {100 * hit / max(len(truth), 1):.2f}%")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    print(
        f"peak RSS: {peak_rss_mib():.0f} MiB in the main process (before matching {rss_before:.0f} MiB); "
        f"largest forked worker {children:.0f} MiB (pages shared copy-on-write with the main process)"
    )
    print(f"peak memory of main process + workers (PSS, shared pages counted once): {pss_peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--foreign", type=int, default=110_000)
    parser.add_argument("--chinese", type=int, default=45_000)
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-full", action="store_true")
    parser.add_argument("--workers", type=int, default=1, help="processes for the full-scale run (0: one per CPU)")
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"skipped: {SHARED} is absent (../shared is not beside the checkout)")
        return
    started = time.perf_counter()
    chinese = real_chinese()
    foreign = real_foreign()
    real_c, real_f = len(chinese), len(foreign)
    syn_c, syn_f, truth = synthetic(max(0, args.chinese - real_c), max(0, args.foreign - real_f), args.seed)
    chinese += syn_c
    foreign += syn_f
    print(
        f"data: Chinese {len(chinese)} ({real_c} real, {len(syn_c)} synthetic); foreign {len(foreign)} "
        f"({real_f} real, {len(syn_f)} synthetic); built in {time.perf_counter() - started:.1f}s"
    )
    brute_vs_blocked(foreign, chinese, args.sample, args.seed)
    if not args.skip_full:
        full_scale(foreign, chinese, truth, args.workers)


if __name__ == "__main__":
    main()
