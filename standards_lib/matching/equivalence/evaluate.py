"""Evaluate suggestions against a gold set of known equivalences.

The gold file is a CSV with the columns ``foreign,chinese``: one row per known pair; a row whose
``chinese`` cell is empty says the foreign standard has *no* Chinese equivalent (any suggestion for it
above the threshold is wrong). Only foreign standards named in the gold file are evaluated, so a
catalogue with thousands of other standards can be evaluated against a small gold set.

At each threshold: precision = correct suggestions / suggestions scoring at least the threshold;
recall = gold pairs suggested at that threshold / gold pairs; F1 their harmonic mean. Designations are
compared in their canonical form, so ``GB/T 19001—2016`` in the gold file matches ``GB/T 19001-2016``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ...designation import canonical_or_folded
from ...errors import MatchError
from .engine import Suggestion

DEFAULT_THRESHOLDS = (0.35, 0.5, 0.6, 0.7, 0.8, 0.9)
#: The threshold at which missed and wrong pairs are listed, unless told otherwise.
REFERENCE_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class GoldSet:
    """Known pairs, and every foreign standard the gold set speaks about (paired or not)."""

    pairs: frozenset[tuple[str, str]]
    foreign: frozenset[str]


@dataclass(slots=True)
class ThresholdResult:
    threshold: float
    suggested: int
    correct: int
    precision: float
    recall: float
    f1: float


@dataclass(slots=True)
class EvaluationReport:
    """Precision, recall and F1 per threshold, and the pairs missed or wrong at ``reference_threshold``."""

    gold_pairs: int
    gold_foreign: int
    results: list[ThresholdResult]
    reference_threshold: float
    missed: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, float]] = field(default_factory=list)

    def at(self, threshold: float) -> ThresholdResult:
        for result in self.results:
            if abs(result.threshold - threshold) < 1e-9:
                return result
        raise MatchError(
            f"threshold {threshold} was not evaluated; evaluated: {', '.join(str(r.threshold) for r in self.results)}"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_gold_pairs(source: str | Path | Iterable[str]) -> GoldSet:
    """Read a gold CSV (``foreign,chinese`` header) from a path or lines; :class:`MatchError` when malformed."""
    name = str(source) if isinstance(source, (str, Path)) else "<gold>"
    try:
        if isinstance(source, (str, Path)):
            text = Path(source).read_text(encoding="utf-8-sig")
        else:
            text = "".join(line if line.endswith("\n") else line + "\n" for line in source)
    except OSError as exc:
        raise MatchError(f"cannot read gold file {name}: {exc.strerror or exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"foreign", "chinese"} <= {f.strip() for f in reader.fieldnames}:
        raise MatchError(
            f"gold file {name} needs a header with the columns foreign,chinese "
            f"(found: {', '.join(reader.fieldnames or []) or 'nothing'})"
        )
    pairs: set[tuple[str, str]] = set()
    foreign: set[str] = set()
    for line, row in enumerate(reader, 2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not row.get("foreign"):
            raise MatchError(f"gold file {name}, line {line}: the 'foreign' cell is empty")
        f = canonical_or_folded(row["foreign"])
        foreign.add(f)
        if row.get("chinese"):
            pairs.add((f, canonical_or_folded(row["chinese"])))
    return GoldSet(frozenset(pairs), frozenset(foreign))


def _triples(suggestions: Iterable[Suggestion | Mapping[str, Any]]) -> list[tuple[str, str, float]]:
    result = []
    for s in suggestions:
        if isinstance(s, Suggestion):
            result.append((canonical_or_folded(s.foreign_id), canonical_or_folded(s.chinese_id), float(s.score)))
        else:
            result.append(
                (canonical_or_folded(s["foreign_id"]), canonical_or_folded(s["chinese_id"]), float(s["score"]))
            )
    return result


def evaluate_suggestions(
    suggestions: Iterable[Suggestion | Mapping[str, Any]],
    gold_pairs: GoldSet | Iterable[tuple[str, str]],
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    *,
    reference_threshold: float = REFERENCE_THRESHOLD,
) -> EvaluationReport:
    """Precision, recall and F1 of suggestions (objects or catalogue rows) against gold pairs, per threshold."""
    gold = gold_pairs if isinstance(gold_pairs, GoldSet) else _gold_from_pairs(gold_pairs)
    if not gold.foreign:
        raise MatchError("the gold set is empty: nothing to evaluate")
    thresholds = sorted(set(thresholds) | {reference_threshold})
    in_scope = [t for t in _triples(suggestions) if t[0] in gold.foreign]
    best: dict[tuple[str, str], float] = {}
    for f, c, score in in_scope:
        best[(f, c)] = max(score, best.get((f, c), 0.0))
    results = []
    for threshold in thresholds:
        above = {pair for pair, score in best.items() if score >= threshold}
        correct = len(above & gold.pairs)
        precision = correct / len(above) if above else 1.0
        recall = correct / len(gold.pairs) if gold.pairs else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        results.append(
            ThresholdResult(threshold, len(above), correct, round(precision, 4), round(recall, 4), round(f1, 4))
        )
    above = {pair for pair, score in best.items() if score >= reference_threshold}
    missed = sorted(gold.pairs - above)
    wrong = sorted((f, c, round(best[(f, c)], 4)) for f, c in above - gold.pairs)
    return EvaluationReport(len(gold.pairs), len(gold.foreign), results, reference_threshold, missed, wrong)


def _gold_from_pairs(pairs: Iterable[tuple[str, str]]) -> GoldSet:
    canon = {(canonical_or_folded(f), canonical_or_folded(c)) for f, c in pairs if f}
    return GoldSet(frozenset((f, c) for f, c in canon if c), frozenset(f for f, _ in canon))


def calibration_table(
    suggestions: Iterable[Suggestion | Mapping[str, Any]],
    gold_pairs: GoldSet | Iterable[tuple[str, str]],
    bands: Sequence[float] = (0.0, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001),
) -> list[dict[str, Any]]:
    """Precision of the in-scope suggestions per score band: does a score of 0.8 mean 8 in 10 right?"""
    gold = gold_pairs if isinstance(gold_pairs, GoldSet) else _gold_from_pairs(gold_pairs)
    rows = []
    triples = [t for t in _triples(suggestions) if t[0] in gold.foreign]
    for low, high in zip(bands, bands[1:]):
        inside = [(f, c) for f, c, s in triples if low <= s < high]
        correct = sum((f, c) in gold.pairs for f, c in inside)
        rows.append(
            {
                "band": f"[{low:.2f}, {min(high, 1.0):.2f}{']' if high > 1 else ')'}",
                "suggestions": len(inside),
                "correct": correct,
                "precision": round(correct / len(inside), 3) if inside else None,
            }
        )
    return rows


__all__ = [
    "DEFAULT_THRESHOLDS",
    "EvaluationReport",
    "GoldSet",
    "ThresholdResult",
    "calibration_table",
    "evaluate_suggestions",
    "read_gold_pairs",
]
