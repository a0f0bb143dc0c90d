"""Fit the bundled equivalence model on the tuning half of the labelled pairs and report the held-out half.

    .venv/bin/python scripts/fit_equivalence_model.py [--write]

Labels: the curated gold set (tests/data/gold), read in three regimes: as written, with the Chinese adoption
data removed, and as the bulk lists give the records (no ICS, Chinese titles only) with the Chinese
adoptions turned into inferred links through the hub. Each foreign standard falls in the tune or the held-out half by a stable hash of its
designation (standards_lib.matching.training.split_of). --write saves the model fitted on the tune half
to standards_lib/data/equivalence_model.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from standards_lib.matching.equivalence.engine import split_by_side
from standards_lib.matching.equivalence.evaluate import read_gold_pairs
from standards_lib.matching.equivalence.training import (
    as_bulk_lists,
    evaluate_model,
    fit_equivalence_model,
    labelled_examples,
    read_curated_records,
    split_of,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
MODEL = ROOT / "standards_lib" / "data" / "equivalence_model.json"


def examples_by_half() -> dict[str, list]:
    gold = read_gold_pairs(GOLD / "pairs.csv")
    halves: dict[str, list] = {"tune": [], "heldout": []}
    seen: set[tuple[str, str]] = set()  # candidates of the first regime, read again in the others as wrong pairs
    for regime in ("as written", "without Chinese adoptions", "as bulk lists, linked through the hub"):
        records = read_curated_records(GOLD / "records.jsonl", strip_chinese_adoptions=regime.startswith("without"))
        links = None
        if regime.startswith("as bulk"):
            records, links = as_bulk_lists(records)
        foreign, chinese, international = split_by_side(records)
        for half in halves:
            wanted = {f for f in gold.foreign if split_of(f) == half}
            pairs = {(f, c) for f, c in gold.pairs if f in wanted}
            examples = labelled_examples(
                foreign,
                chinese,
                pairs,
                labelled_foreign=wanted,
                links=links,
                also=seen,
                international=international,
                origin=f"curated gold {regime}",
            )
            halves[half] += examples
            if regime == "as written":
                seen |= {(e.foreign_id, e.chinese_id) for e in examples}
    return halves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="save the model fitted on the tune half")
    parser.add_argument("--l2", type=float, default=0.1)
    args = parser.parse_args()
    halves = examples_by_half()
    model = fit_equivalence_model(halves["tune"], l2=args.l2)
    model.fitted["half"] = "tune"
    for half, examples in halves.items():
        print(f"{half}: {len(examples)} examples, {sum(e.label for e in examples)} right")
        print(json.dumps(evaluate_model(model, examples), indent=1))
    print("coefficients:", json.dumps(model.coefficients, indent=1), "intercept", model.intercept)
    if args.write:
        MODEL.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
