"""Benchmark adoption inference on the real data: held-out quality, speed against brute force, memory (by hand).

    .venv/bin/python benchmarks/bench_infer.py [--shared ../shared/data] [--cache DIR] [--total 45000]
                                               [--brute 200] [--workers 2] [--seed 7] [--json report.json]
                                               [--model PATH] [--quality-only]

Data: the ISO and IEC catalogues (Relaton archives, ``relaton-intl`` importer, about 64,000 editions grouped into
about 40,000 works), the Chinese lists (csres, biaozhun, std.samr.gov.cn pages: about 18,400 records) and the
adoption gold set. ``--cache DIR`` keeps the parsed records as pickles outside the repository.

Prints, measured in the same run:
1. quality: inference over the whole Chinese catalogue (so that series consistency has its real support) with
   the shipped model (or ``--model PATH``); precision, recall and F1 at the model's threshold and the
   reliability table on the HELD-OUT half of each gold file, the curated set (``chinese_adoptions.csv``) and
   the hard cases drawn at random from inferred links (``hard_cases.csv``), apart (the model was fitted on
   the tune halves, whose figures are printed beside), and the held-out errors; ``--quality-only`` stops here;
2. speed: the real records plus SYNTHETIC perturbed copies (``extra.synthetic``: a title with one word dropped
   or two words swapped, designations ``GB/T 9xxxxx``) up to ``--total`` national records against every
   international work; wall and CPU time, peak memory;
3. brute force in the same run: for ``--brute`` real Chinese records, every pair with every work scored by the
   same first-pass function (features and model), extrapolated to ``--total``; the time ratio, and the share
   of brute force's top-1 work that the blocked candidate generation also ranks first.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_adoption_model import GOLD_DIR, gold_labels, load_chinese, load_international, load_russian  # noqa: E402

from standards_lib.interchange import record_from_dict  # noqa: E402
from standards_lib.matching.adoption.candidates import (  # noqa: E402
    Candidates,
    InferenceOptions,
    first_candidates,
    score,
    set_margins,
)
from standards_lib.matching.adoption.declared_labels import evaluate_hidden_adoptions, hidden_adoption_labels  # noqa: E402
from standards_lib.matching.adoption.features import pair_features, prepare_title, profile_national  # noqa: E402
from standards_lib.matching.adoption.inference import infer_adoptions  # noqa: E402
from standards_lib.matching.adoption.model import AdoptionModel, default_model  # noqa: E402
from standards_lib.matching.adoption.training import evaluate_inferences  # noqa: E402
from standards_lib.matching.adoption.works import Hub  # noqa: E402
from standards_lib.matching.gold_files import read_adoption_gold_files  # noqa: E402
from standards_lib.records import StandardRecord  # noqa: E402


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def synthetic(records: list[StandardRecord], total: int, seed: int) -> list[StandardRecord]:
    """Perturbed copies of real Chinese titles (one word dropped or two swapped), marked synthetic."""
    rng = random.Random(seed)
    pool = [r for r in records if r.titles.get("zh")]
    out = []
    for i in range(max(total - len(records), 0)):
        source = rng.choice(pool)
        words = source.titles["zh"].split()
        if len(words) > 2 and rng.random() < 0.5:
            words.pop(rng.randrange(len(words)))
        elif len(words) > 1:
            a, b = rng.sample(range(len(words)), 2)
            words[a], words[b] = words[b], words[a]
        else:
            cut = rng.randrange(1, max(len(words[0]), 2))
            words = [words[0][cut:] + words[0][:cut]]
        out.append(
            record_from_dict(
                {
                    "designation": f"GB/T 9{i:05d}-{source.year or 2010}",
                    "title": " ".join(words),
                    "title_lang": "zh",
                    "extra": {"synthetic": True},
                }
            )
        )
    return out


def brute_force_top1(profile, hub: Hub, model) -> tuple[int | None, float]:
    """Every work (that some edition of precedes the national standard) scored by the first-pass function."""
    title = prepare_title(profile.title, hub)
    works = [i for i, w in enumerate(hub.works) if w.preceded(profile.year)]
    features = [pair_features(profile, hub.works[i], hub, title) for i in works]
    set_margins(features)
    c = score(Candidates(profile, works, features), model.first_pass)
    best = c.best()
    return (works[best], c.scores[best]) if best is not None else (None, 0.0)


_BRUTE: dict = {}


def _brute_one(profile) -> tuple[int | None, float]:
    return brute_force_top1(profile, _BRUTE["hub"], _BRUTE["model"])


def brute_force_all(profiles, hub: Hub, model, workers: int) -> list[tuple[int | None, float]]:
    """:func:`brute_force_top1` of every profile, in ``workers`` forked processes."""
    if workers <= 1:
        return [brute_force_top1(p, hub, model) for p in profiles]
    _BRUTE.update(hub=hub, model=model)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_brute_one, profiles, chunksize=10)
    finally:
        _BRUTE.clear()


def russian_quality(args, hub: Hub, model, report: dict) -> list:
    """Russian titles -> ISO/IEC work on the declared adopters with their adoption hidden (halves by series)."""
    russian, bad = load_russian(args.shared, adopters_only=True)
    hidden = hidden_adoption_labels(russian)
    ev, wall, _ = timed(evaluate_hidden_adoptions, hidden, hub, model=model, workers=args.workers)
    report["russian_hidden"] = {
        "records": len(hidden),
        "unparsed_designations": bad,
        "series": len({h.series for h in hidden}),
        "regime_threshold": round(ev.threshold, 4),
        "tune_in_sample": ev.tune.to_dict(),
        "heldout": ev.heldout.to_dict(),
        "heldout_curve": [{"threshold": cut, **e.to_dict()} for cut, e in ev.heldout_curve],
        "wall_s": round(wall, 1),
    }
    print(
        f"\nRussian adopters, adoption hidden: {len(hidden)} records of {len({h.series for h in hidden})} series "
        f"({bad} designations not parsed), {wall:.1f} s; the Russian regime decides at {ev.threshold:.3f} (see "
        "docs/russian_adoption.md)"
    )
    for name, e in (("tune (in-sample: its words were learnt from it)", ev.tune), ("HELD-OUT", ev.heldout)):
        print(
            f"  {name}: {e.labels} labels, {e.inferred} inferred, {e.correct} right: precision {e.precision:.3f} "
            f"recall {e.recall:.3f} F1 {e.f1:.3f}"
        )
    print(
        "  held-out at other thresholds: "
        + "; ".join(f"{cut:.3f}: P {e.precision:.3f} R {e.recall:.3f}" for cut, e in ev.heldout_curve)
    )
    return hidden


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--total", type=int, default=45_000)
    parser.add_argument("--brute", type=int, default=500, help="Chinese and Russian records each")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--model", type=Path, default=None, help="a model file instead of the shipped one")
    parser.add_argument("--quality-only", action="store_true", help="measure quality only (no speed runs)")
    parser.add_argument("--no-scale", action="store_true", help="skip the full-scale speed run (2.)")
    args = parser.parse_args(argv)
    report: dict = {}

    international, load_s, _ = timed(load_international, args.shared, args.cache)
    chinese = load_chinese(args.shared, args.cache)
    gold_files = read_adoption_gold_files(GOLD_DIR)
    hub, hub_s, _ = timed(Hub, international)
    model = AdoptionModel.load(args.model) if args.model else default_model()
    report["data"] = {
        "international_records": len(international),
        "works": len(hub),
        "chinese_records": len(chinese),
        "load_s": round(load_s, 1),
        "hub_build_s": round(hub_s, 1),
        "peak_mb_after_hub": round(peak_mb()),
    }
    print(
        f"{len(international)} international records -> {len(hub)} works (hub built in {hub_s:.1f} s); "
        f"{len(chinese)} Chinese records; peak {peak_mb():.0f} MB"
    )

    # 1. quality on the held-out half, inference over the whole real catalogue
    inferred, wall, cpu = timed(infer_adoptions, chinese, hub, model=model, workers=args.workers)
    report["real_catalogue"] = {
        "records": len(chinese),
        "inferred": len(inferred),
        "wall_s": round(wall, 1),
        "cpu_s_parent": round(cpu, 1),
        "workers": args.workers,
    }
    print(
        f"\nreal catalogue: {len(chinese)} records, {len(inferred)} inferred adoptions, {wall:.1f} s wall "
        f"({args.workers} workers), threshold {model.threshold:.3f}"
    )
    for file_name, rows in gold_files.items():
        gold_set = file_name.removesuffix(".csv")
        for split in ("tune", "heldout"):
            if not any(row.split == split for row in rows):
                continue  # random_check.csv is held out only
            ev = evaluate_inferences(inferred, gold_labels(rows, chinese, split))
            report[f"{gold_set}/{split}"] = ev.to_dict()
            print(
                f"\n{gold_set} {split}: {ev.labels} labels ({ev.adopters} adopters), {ev.inferred} inferred, "
                f"{ev.correct} right: precision {ev.precision:.3f} recall {ev.recall:.3f} F1 {ev.f1:.3f}"
            )
            print("  band      count  mean score  share right")
            for band in ev.reliability:
                mean = "-" if band["mean_score"] is None else f"{band['mean_score']:.3f}"
                right = "-" if band["share_right"] is None else f"{band['share_right']:.3f}"
                print(f"  {band['band']}  {band['count']:5d}  {mean:>10}  {right:>11}")
            if split == "heldout":
                for e in ev.errors:
                    print(
                        f"  error: {e['national']}: expected {e['expected'] or 'none'}, inferred {e['inferred']}"
                        + (f" ({e['score']})" if e.get("score") is not None else "")
                    )
    hidden = russian_quality(args, hub, model, report)
    if args.quality_only:
        if args.json:
            args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0

    # 2. speed at full scale
    batch = chinese + synthetic(chinese, args.total, args.seed)
    if not args.no_scale:
        scale(batch, chinese, hub, model, args, report)
    brute_force_section(args, chinese, hidden, batch, hub, model, report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def scale(batch, chinese, hub, model, args, report: dict) -> None:
    inferred, wall, _ = timed(infer_adoptions, batch, hub, model=model, workers=args.workers)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report["scale"] = {
        "national_records": len(batch),
        "synthetic": len(batch) - len(chinese),
        "works": len(hub),
        "inferred": len(inferred),
        "wall_s": round(wall, 1),
        "workers": args.workers,
        "peak_mb_parent": round(peak_mb()),
        "peak_mb_worker": round(children),
    }
    print(
        f"\nscale: {len(batch)} national records ({len(batch) - len(chinese)} synthetic) x {len(hub)} works: "
        f"{wall:.1f} s wall with {args.workers} workers ({1000 * wall / len(batch):.2f} ms a record), "
        f"{len(inferred)} inferred; peak RSS {peak_mb():.0f} MB (parent), {children:.0f} MB (largest worker)"
    )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def brute_force_section(args, chinese, hidden, batch, hub: Hub, model, report: dict) -> None:
    """3. brute force against blocking, same first-pass scoring, on ``--brute`` Chinese records and as many
    Russian adopters (adoption hidden); top-1 agreement overall and where brute force's top-1 scores >= 0.3."""
    rng = random.Random(args.seed)
    sources = {
        "chinese": rng.sample(chinese, min(args.brute * 2, len(chinese))),
        "russian": [h.label.record for h in rng.sample(hidden, min(args.brute * 2, len(hidden)))],
    }
    options = InferenceOptions()
    report["brute_force"] = {}
    for name, records in sources.items():
        profiles = [p for p in (profile_national(r, hub) for r in records) if p is not None and p.title.slots][
            : args.brute
        ]
        wall, cpu = time.perf_counter(), children_cpu() + time.process_time()
        brute = brute_force_all(profiles, hub, model, args.workers)
        brute_s, brute_cpu = time.perf_counter() - wall, children_cpu() + time.process_time() - cpu
        started = time.process_time()
        blocked = [score(first_candidates(p, hub, options), model.first_pass) for p in profiles]
        blocked_cpu = time.process_time() - started
        kept = kept_confident = confident = 0
        for (work, p), c in zip(brute, blocked):
            best = c.best()
            same = best is not None and c.works[best] == work
            kept += same
            if p >= 0.3:
                confident += 1
                kept_confident += same
        per_record = brute_cpu / len(profiles)
        report["brute_force"][name] = {
            "sample": len(profiles),
            "brute_wall_s": round(brute_s, 1),
            "brute_cpu_s": round(brute_cpu, 1),
            "blocked_first_pass_cpu_s": round(blocked_cpu, 2),
            "cpu_ratio": round(brute_cpu / blocked_cpu, 1),
            "brute_extrapolated_cpu_s": round(per_record * len(batch)),
            "top1_kept": round(kept / len(profiles), 4),
            "top1_kept_where_brute_scores_0.3": round(kept_confident / confident, 4) if confident else None,
            "brute_scores_0.3": confident,
        }
        print(
            f"\nbrute force, {name}: {len(profiles)} records x {len(hub)} works: {brute_cpu:.1f} s CPU "
            f"({brute_s:.1f} s wall, {args.workers} workers; {per_record:.2f} s a record, "
            f"{per_record * len(batch) / 3600:.1f} h extrapolated to {len(batch)}); blocked first pass "
            f"{blocked_cpu:.2f} s CPU: {brute_cpu / blocked_cpu:.0f}x faster"
        )
        print(
            f"  blocked top-1 = brute-force top-1 for {kept}/{len(profiles)} records; "
            f"{kept_confident}/{confident} where brute force's top-1 scores at least 0.3"
        )


if __name__ == "__main__":
    sys.exit(main())
