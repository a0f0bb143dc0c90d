"""Fit the equivalence model on real pairs through the ISO/IEC hub; report the held-out half; write the model file.

    .venv/bin/standards refresh --from ../shared/data --db /tmp/eq-real.db --no-match     # once, ~5 min
    .venv/bin/python scripts/fit_equivalence_model.py --db /tmp/eq-real.db --cache /tmp/eq-cache [--write]

Labels (:mod:`standards_lib.matching.equivalence.hub_pairs`): a Russian or Indian standard declaring the adoption
of an ISO/IEC work and a Chinese standard linked to the same work (declared on samr pages, confirmed by the
project's adoption labels in tests/data/adoption_gold, or inferred across languages by adoption inference) are
right; the engine's other candidates, other parts of the same series and Chinese standards of the same ICS are
wrong. Pairs are split by a hash of the international series, so no work has pairs in both halves. Features are
read as the engine reads them at run time (the Chinese side's links are those of adoption inference).
The model is fitted on the tune half, and the rules applied after it (:data:`RULES`, the decision threshold
chosen on the tune half) are written with it. The held-out figures are ``benchmarks/bench_equivalence.py``'s.
``--cache DIR`` keeps the records and inferred links as pickles (outside the repository).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_adoption_model import cached  # noqa: E402

from standards_lib.catalog import Catalog  # noqa: E402
from standards_lib.catalog_matching import infer_catalog_adoptions  # noqa: E402
from standards_lib.designation import canonical_or_folded  # noqa: E402
from standards_lib.matching.adoption.links import work_links  # noqa: E402
from standards_lib.matching.equivalence.engine import split_by_side  # noqa: E402
from standards_lib.matching.equivalence.hub_pairs import HubPairs, hub_pairs, work_key_of  # noqa: E402
from standards_lib.matching.equivalence.model import EquivalenceModel, ScoringRules  # noqa: E402
from standards_lib.matching.equivalence.training import (  # noqa: E402
    LabelledExample,
    evaluate_model,
    fit_equivalence_model,
    labelled_examples,
)
from standards_lib.matching.gold_files import read_adoption_gold_files  # noqa: E402
from standards_lib.matching.logistic import INTERCEPT, LogisticModel  # noqa: E402

GOLD_DIR = ROOT / "tests" / "data" / "adoption_gold"
MODEL = ROOT / "standards_lib" / "data" / "equivalence_model.json"
#: The prior the real pairs update: the model fitted earlier on the hand-written pairs (tests/data/gold). Where the
#: hub pairs say nothing (titles in a shared language, modified adoptions, the same edition declared on both sides:
#: the Russian–Chinese pairs have none), its coefficients hold; where they speak, they move the coefficients.
PRIOR = ROOT / "standards_lib" / "data" / "equivalence_prior.json"
#: Coefficients kept at the prior's: the hub pairs cannot inform them (no English titles on both sides, no SANS
#: numbering, no MOD or NEQ degree), or inform them only as stand-ins for the intercept (the bulk Chinese lists
#: carry no ICS, so every Russian–Chinese candidate is "ICS unknown": fitted freely, the ICS features and the
#: intercept shift together and every title-only pair of the other countries falls under the listing threshold).
HELD = (
    INTERCEPT,
    "ics_unknown",
    "ics_code",
    "ics_group",
    "ics_field",
    "ics_disjoint",
    "title_similarity",
    "title_near_identical",
    "title_comparable",
    "adoption_implied_by_number",
    "number_hint",
    "adoption_modified",
    "adoption_not_equivalent",
)
#: The rules applied after the model, written into the model file. The caps and multipliers are facts of the
#: domain (different parts are not the same standard; NEQ is not equivalent; an older edition ranks below the
#: current one); ``equivalent_min_score`` is chosen on the tune half (:func:`decision_threshold`).
RULES: dict[str, float] = {
    "part_conflict_cap": 0.3,
    "not_equivalent_cap": 0.5,
    "equivalent_min_score": 0.75,
    "chinese_title_floor": 0.8,
    "superseded_factor": 0.45,
    "replacement_margin": 0.0,
    "inferred_chain_cap": 0.45,
}


def confirmed_adoptions() -> dict[str, str | None]:
    """Chinese designation -> the work it adopts (None: none), by the project's adoption labels."""
    rows = [row for rows in read_adoption_gold_files(GOLD_DIR).values() for row in rows]
    return {canonical_or_folded(r.designation): (r.adopts or None) for r in rows}


def examples_by_half(db: Path, cache: Path | None, workers: int) -> tuple[dict[str, list[LabelledExample]], HubPairs]:
    def read() -> list:
        with Catalog(db, create=False) as catalog:
            return list(catalog.iter_records())

    records = cached(cache, "records.pickle", read)
    links = cached(
        cache, "links.pickle", lambda: work_links(infer_catalog_adoptions(records, [], workers=workers)[0], [])
    )
    foreign, chinese, international = split_by_side(records)
    pairs = hub_pairs(foreign, chinese, confirmed=confirmed_adoptions(), links=links)
    wanted = set(pairs.foreign_work)
    labelled = [f for f in foreign if f.canonical in wanted]
    # the editions of the works the labelled standards adopt (their English titles): the same-title adoptions the
    # engine reads from the other ~100,000 need a title in a shared language, which bulk Chinese records lack
    works = set(pairs.foreign_work.values())
    international = [r for r in international if (k := work_key_of(r.canonical)) and k in works]
    examples = labelled_examples(
        labelled,
        chinese,
        set(pairs.right),
        labelled_foreign=wanted,
        links=links,
        also=set(pairs.wrong),
        international=international,
        origin="hub pairs",
    )
    halves: dict[str, list[LabelledExample]] = {"tune": [], "heldout": []}
    for e in examples:
        half = pairs.half_of((e.foreign_id, e.chinese_id))
        if half is not None:
            origin = pairs.right.get((e.foreign_id, e.chinese_id)) or pairs.wrong.get((e.foreign_id, e.chinese_id))
            halves[half].append(LabelledExample(e.foreign_id, e.chinese_id, e.features, e.label, origin or "candidate"))
    return halves, pairs


def decision_threshold(model: EquivalenceModel, tune: list[LabelledExample], min_precision: float = 0.95) -> float:
    """The lowest threshold at which the best-ranked candidates of the tune half reach ``min_precision``."""
    report = evaluate_model(model, tune, thresholds=[t / 100 for t in range(50, 96, 5)])
    rows = report["thresholds"]
    assert isinstance(rows, list)
    for row in rows:
        if row["precision"] is not None and row["precision"] >= min_precision:
            return float(row["threshold"])
    return RULES["equivalent_min_score"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a catalogue refreshed from ../shared/data")
    parser.add_argument("--cache", type=Path, default=None, help="directory for pickles (outside the repository)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--prior", type=Path, default=PRIOR, help="a saved model the fit is pulled towards")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.perf_counter()
    halves, pairs = examples_by_half(args.db, args.cache, args.workers)
    prior = (
        LogisticModel.from_json(args.prior.read_text(encoding="utf-8"), origin=str(args.prior)) if args.prior else None
    )
    fitted = fit_equivalence_model(
        halves["tune"], l2=args.l2, version="equivalence-hub-pairs-1", prior=prior, held=HELD if prior else ()
    )
    model = EquivalenceModel.with_rules(fitted, ScoringRules.from_dict(RULES))
    rules = {**RULES, "equivalent_min_score": decision_threshold(model, halves["tune"])}
    model = EquivalenceModel.with_rules(fitted, ScoringRules.from_dict(rules))
    model.fitted.update(
        half="tune",
        split="by ISO/IEC series (sha256 of the work key without its part)",
        examples=len(halves["tune"]),
        positives=sum(e.label for e in halves["tune"]),
        labels=pairs.counts(),
        origins=sorted({e.origin for e in halves["tune"]}),
    )
    print(json.dumps(pairs.counts(), indent=1))
    print("pairs left out (sides in different halves):", pairs.dropped_across_halves)
    for half, examples in halves.items():
        print(f"{half}: {len(examples)} examples, {sum(e.label for e in examples)} right")
        print(json.dumps(evaluate_model(model, examples), indent=1))
    print(json.dumps(model.to_dict(), indent=1, ensure_ascii=False))
    if args.write:
        MODEL.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
