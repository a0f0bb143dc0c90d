"""The equivalence model on the HELD-OUT half of the real pairs through the hub (by hand, not in the tests).

    .venv/bin/standards refresh --from ../shared/data --db /tmp/eq-real.db --no-match     # once
    .venv/bin/python benchmarks/bench_equivalence.py --db /tmp/eq-real.db --cache /tmp/eq-cache

The pairs are those of ``scripts/fit_equivalence_model.py`` (labels through the ISO/IEC hub, split by
international series); the model is the shipped one (fitted on the tune half). Prints, for the held-out half:
precision, recall and F1 of each foreign standard's best candidate per threshold, the same per band of score,
the calibration (reliability) table of every candidate pair, and the figures again for the right pairs whose
Chinese link is declared or confirmed (not inferred) only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_equivalence_model import examples_by_half  # noqa: E402

from standards_lib.matching.equivalence.model import bundled_equivalence_model  # noqa: E402
from standards_lib.matching.equivalence.training import LabelledExample, evaluate_model  # noqa: E402

THRESHOLDS = (0.35, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95)
BANDS = ((0.35, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))


def bands(examples: list[LabelledExample]) -> list[dict[str, object]]:
    """The best candidate of each foreign standard, counted by band of score: how many, how many right."""
    model = bundled_equivalence_model()
    best: dict[str, tuple[float, int]] = {}
    for e in examples:
        p = model.probability(e.features)
        if e.foreign_id not in best or p > best[e.foreign_id][0]:
            best[e.foreign_id] = (p, e.label)
    rows = []
    for lo, hi in BANDS:
        inside = [y for p, y in best.values() if lo <= p < hi]
        rows.append(
            {
                "band": f"[{lo:.2f}, {min(hi, 1.0):.2f})",
                "best candidates": len(inside),
                "right": sum(inside),
                "precision": round(sum(inside) / len(inside), 3) if inside else None,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    halves, pairs = examples_by_half(args.db, args.cache, args.workers)
    heldout = halves["heldout"]
    model = bundled_equivalence_model()
    print(f"model {model.version}; held-out: {len(heldout)} candidate pairs, {sum(e.label for e in heldout)} right")
    print(json.dumps(pairs.counts()["heldout"], indent=1, ensure_ascii=False))
    print(json.dumps(evaluate_model(model, heldout, THRESHOLDS), indent=1))
    print(json.dumps(bands(heldout), indent=1))
    trusted = {e.foreign_id for e in heldout if e.label and e.origin in ("declared", "confirmed")}
    subset = [e for e in heldout if e.foreign_id in trusted and (e.label == 0 or e.origin in ("declared", "confirmed"))]
    print(f"right pairs whose Chinese link is declared or confirmed: {len(trusted)} foreign standards")
    print(json.dumps(evaluate_model(model, subset, THRESHOLDS), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
