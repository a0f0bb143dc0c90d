"""Logistic regression learnt from labelled pairs, the fitted adoption model file, and its calibration.

The adoption score is a logistic model over the features of :mod:`.signals`; its coefficients are
fitted on labelled candidate pairs (:func:`fit_logistic`: Newton's method with an L2 penalty, pure
Python), never set by hand. :class:`AdoptionModel` holds the two fitted passes (the second adds the
series-consistency features), the decision threshold chosen on the tuning labels and a summary of the
training, and reads and writes the small JSON file shipped as ``standards_lib/data/adoption_model.json``.

:func:`reliability_table` checks calibration: among inferences scored about 0.8, about 80% should be right.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import MatchError
from .. import logistic
from ..logistic import sigmoid

MODEL_FORMAT = "brics-adoption-model-1"


def fit_logistic(
    rows: Sequence[Sequence[float]],
    labels: Sequence[int],
    *,
    l2: float = 1.0,
    iterations: int = 50,
) -> tuple[list[float], float]:
    """``(coefficients, intercept)`` maximising the L2-penalised log-likelihood (intercept not penalised): the
    project's one logistic regression (:func:`.logistic.fit_logistic`) on positional features."""
    if not rows or len(rows) != len(labels):
        raise MatchError("logistic regression needs as many labels as rows, and at least one row")
    names = [f"x{i}" for i in range(len(rows[0]))]
    model = logistic.fit_logistic(
        [dict(zip(names, map(float, r), strict=True)) for r in rows],
        labels,
        names,
        name="adoption-pass",
        version="fit",
        l2=l2,
        iterations=iterations,
    )
    return [model.coefficients[n] for n in names], model.intercept


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """A fitted logistic model over named features."""

    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float

    def contributions(self, values: Mapping[str, float]) -> dict[str, float]:
        """Each feature's contribution to the logit (coefficient x value), zero contributions left out."""
        return {f: c * values[f] for f, c in zip(self.features, self.coefficients) if values.get(f)}

    def logit(self, values: Mapping[str, float]) -> float:
        z = self.intercept
        for f, c in zip(self.features, self.coefficients):
            v = values.get(f)
            if v:
                z += c * v
        return z

    def probability(self, values: Mapping[str, float]) -> float:
        return sigmoid(self.logit(values))

    def to_dict(self) -> dict[str, Any]:
        return {
            "intercept": round(self.intercept, 6),
            "coefficients": {f: round(c, 6) for f, c in zip(self.features, self.coefficients)},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LogisticModel:
        coefficients = data.get("coefficients")
        if not isinstance(coefficients, Mapping) or not isinstance(data.get("intercept"), (int, float)):
            raise MatchError("a logistic model needs 'intercept' (number) and 'coefficients' (feature: number)")
        return cls(tuple(coefficients), tuple(float(v) for v in coefficients.values()), float(data["intercept"]))

    @classmethod
    def fit(
        cls, features: Sequence[str], rows: Sequence[Mapping[str, float]], labels: Sequence[int], *, l2: float = 1.0
    ) -> LogisticModel:
        """Fit on feature dictionaries (missing features count as 0)."""
        matrix = [[r.get(f, 0.0) for f in features] for r in rows]
        coefficients, intercept = fit_logistic(matrix, labels, l2=l2)
        return cls(tuple(features), tuple(coefficients), intercept)


@dataclass(frozen=True, slots=True)
class AdoptionModel:
    """The fitted adoption model: two passes, the decision threshold and what it was trained on."""

    first_pass: LogisticModel
    second_pass: LogisticModel
    threshold: float
    series_min_score: float
    calibration: tuple[float, float] = (1.0, 0.0)
    training: dict[str, Any] = field(default_factory=dict)

    def calibrated(self, probability: float) -> float:
        """The score of a record's best candidate: its second-pass probability recalibrated (Platt scaling
        fitted on the best candidates of the tuning labels, so that a score reads as the chance the
        inference is right)."""
        p = min(max(probability, 1e-12), 1 - 1e-12)
        a, b = self.calibration
        return sigmoid(a * math.log(p / (1 - p)) + b)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "threshold": round(self.threshold, 4),
            "series_min_score": self.series_min_score,
            "calibration": {"slope": round(self.calibration[0], 6), "intercept": round(self.calibration[1], 6)},
            "first_pass": self.first_pass.to_dict(),
            "second_pass": self.second_pass.to_dict(),
            "training": self.training,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AdoptionModel:
        if data.get("format") != MODEL_FORMAT:
            raise MatchError(f"not an adoption model file (format {data.get('format')!r}, expected {MODEL_FORMAT!r})")
        calibration = data.get("calibration") or {"slope": 1.0, "intercept": 0.0}
        return cls(
            LogisticModel.from_dict(data["first_pass"]),
            LogisticModel.from_dict(data["second_pass"]),
            float(data["threshold"]),
            float(data["series_min_score"]),
            (float(calibration["slope"]), float(calibration["intercept"])),
            dict(data.get("training") or {}),
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> AdoptionModel:
        """Read a model file; :class:`MatchError` naming the file when it is missing or malformed."""
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise MatchError(f"cannot read the adoption model {path}: {exc}") from None


def default_model() -> AdoptionModel:
    """The model shipped in ``standards_lib/data/adoption_model.json``."""
    with resources.as_file(resources.files("standards_lib") / "data" / "adoption_model.json") as path:
        return AdoptionModel.load(path)


def fit_calibration(scored: Sequence[tuple[float, bool]], *, l2: float = 0.1) -> tuple[float, float]:
    """Platt scaling: ``(slope, intercept)`` on the logit of each record's best score against whether it was right."""
    rows = [[math.log(min(max(s, 1e-12), 1 - 1e-12) / (1 - min(max(s, 1e-12), 1 - 1e-12)))] for s, _ in scored]
    (slope,), intercept = fit_logistic(rows, [int(ok) for _, ok in scored], l2=l2)
    return slope, intercept


def _accepted_at_each_threshold(scored: Sequence[tuple[float, bool]], floor: float) -> Iterator[tuple[float, int, int]]:
    """For each distinct score (highest first, at least ``floor``) as a threshold: (score, accepted, right)."""
    ordered = sorted(scored, key=lambda sc: -sc[0])
    right = 0
    for i, (score, correct) in enumerate(ordered, 1):
        right += correct
        if score < floor:
            break
        if i < len(ordered) and ordered[i][0] == score:
            continue
        yield score, i, right


def choose_threshold(
    scored: Sequence[tuple[float, bool]], *, adopters: int | None = None, beta: float = 0.5, floor: float = 0.5
) -> float:
    """The score threshold (at least ``floor``) maximising F-beta of the accepted inferences (``beta`` < 1 weighs
    precision above recall).

    ``scored`` holds ``(score, correct)`` of each record's best candidate, a record that adopts nothing
    counting as incorrect whatever it was given; ``adopters`` (default: the number of correct ones at any
    score) is the recall's denominator.
    """
    total = adopters if adopters is not None else sum(ok for _, ok in scored)
    best, best_f = 1.0, -1.0
    for score, i, right in _accepted_at_each_threshold(scored, floor):
        precision, recall = right / i, (right / total if total else 0.0)
        if precision + recall:
            f = (1 + beta**2) * precision * recall / (beta**2 * precision + recall)
            if f > best_f:
                best, best_f = score, f
    return best


def threshold_for_precision(scored: Sequence[tuple[float, bool]], target: float, *, floor: float = 0.5) -> float | None:
    """The lowest score threshold (at least ``floor``) at which the accepted inferences of ``scored`` (``(score,
    correct)`` of each record's best candidate) are right in at least ``target`` of cases; None when no
    threshold reaches it."""
    found: float | None = None
    for score, i, right in _accepted_at_each_threshold(scored, floor):
        if right / i >= target:
            found = score
    return found


def reliability_table(
    scored: Sequence[tuple[float, bool]], edges: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
) -> list[dict[str, Any]]:
    """Per score band ``[lo, hi)``: count, mean score and share right (the last band includes 1.0)."""
    table = []
    for lo, hi in zip(edges, edges[1:]):
        band = [(s, c) for s, c in scored if lo <= s < hi or (hi == edges[-1] and s == hi)]
        table.append(
            {
                "band": f"{lo:.1f}-{hi:.1f}",
                "count": len(band),
                "mean_score": round(sum(s for s, _ in band) / len(band), 3) if band else None,
                "share_right": round(sum(c for _, c in band) / len(band), 3) if band else None,
            }
        )
    return table


__all__ = [
    "MODEL_FORMAT",
    "AdoptionModel",
    "LogisticModel",
    "choose_threshold",
    "default_model",
    "fit_calibration",
    "fit_logistic",
    "reliability_table",
    "sigmoid",
    "threshold_for_precision",
]
