"""Logistic regression fitted on labelled pairs: the scores of the engines are learnt, not hand-set.

A :class:`LogisticModel` maps named features to a probability: ``p = 1 / (1 + exp(-(b + Σ w_f x_f)))``.
:func:`fit_logistic` finds ``b`` and ``w`` by Newton's method on the L2-regularised log-likelihood (the
intercept is not penalised). It is small and exact for the few dozen features used here: no numpy, no
scikit-learn. A model is saved in one JSON form (name, version, features, coefficients, intercept, how it was fitted):
the equivalence model file is one such model, the adoption model file holds two (its passes), and a
retrained model can be stored in the catalogue.

:func:`reliability_table` bins predicted probabilities and compares each bin's mean prediction with the
share of positives in it: a calibrated model has the two close (of the pairs scored about 0.8, about 80%
are right).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import MatchError

#: The largest change of any coefficient in one Newton iteration of :func:`fit_logistic`.
MAX_STEP = 2.0
#: The name of the intercept in :func:`fit_logistic`'s ``held``, and the penalty that holds a coefficient.
INTERCEPT = "(intercept)"
HELD_PENALTY = 1e6


def sigmoid(z: float) -> float:
    """The logistic function, safe for any real ``z``."""
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@dataclass(slots=True)
class LogisticModel:
    """A fitted logistic model over named features (the equivalence model, and each pass of the adoption model).

    Saved in one form (:meth:`to_dict`): ``name``, ``version``, ``features`` (in order), ``coefficients``
    (feature: number), ``intercept`` and ``fitted`` (how it was fitted).
    """

    name: str
    features: tuple[str, ...]
    coefficients: dict[str, float]
    intercept: float
    version: str
    fitted: dict[str, Any] = field(default_factory=dict)

    def contributions(self, x: Mapping[str, float]) -> dict[str, float]:
        """Each non-zero feature's contribution to the logit (coefficient x value), in the model's feature order."""
        return {f: self.coefficients[f] * v for f in self.features if (v := x.get(f))}

    def logit(self, x: Mapping[str, float]) -> float:
        z = self.intercept
        for f in self.features:
            v = x.get(f)
            if v:
                z += self.coefficients[f] * v
        return z

    def probability(self, x: Mapping[str, float]) -> float:
        return sigmoid(self.logit(x))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["features"] = list(self.features)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "model") -> LogisticModel:
        """Read a saved model; :class:`MatchError` naming ``origin`` when it is not one."""
        try:
            model = cls(
                name=str(data["name"]),
                features=tuple(data["features"]),
                coefficients={str(k): float(v) for k, v in data["coefficients"].items()},
                intercept=float(data["intercept"]),
                version=str(data["version"]),
                fitted=dict(data.get("fitted") or {}),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise MatchError(f"{origin}: not a saved logistic model ({exc})") from exc
        missing = set(model.features) - set(model.coefficients)
        if missing:
            raise MatchError(f"{origin}: no coefficient for feature(s) {', '.join(sorted(missing))}")
        return model

    @classmethod
    def from_json(cls, text: str, *, origin: str = "model") -> LogisticModel:
        return cls.from_dict(json_object(text, origin, "a saved logistic model"), origin=origin)


def json_object(text: str, origin: str, what: str) -> dict[str, Any]:
    """The JSON object of a model file's text; :class:`MatchError` naming ``origin`` when it is not one."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise MatchError(f"{origin}: not {what} ({exc})") from exc
    if not isinstance(data, dict):
        raise MatchError(f"{origin}: not {what} (a JSON object is expected)")
    return data


def fit_logistic(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[int],
    features: Sequence[str],
    *,
    name: str,
    version: str,
    l2: float = 1.0,
    weights: Sequence[float] | None = None,
    prior: LogisticModel | None = None,
    held: Sequence[str] = (),
    iterations: int = 50,
) -> LogisticModel:
    """Fit ``labels`` (0/1) from ``rows`` of named feature values by L2-regularised Newton iterations.

    ``held`` names the coefficients (and :data:`INTERCEPT`) kept at the prior's values: those the labels
    cannot inform, or inform only as stand-ins for the intercept. Without ``prior`` the coefficients are pulled towards 0 (the intercept is free); with a ``prior``
    model they are pulled towards its coefficients and intercept, so that a few new labels (the
    committee's reviews) adjust a model fitted earlier instead of replacing it.
    """
    if len(rows) != len(labels):
        raise MatchError(f"{len(rows)} rows but {len(labels)} labels")
    if not rows or len(set(labels)) < 2:
        raise MatchError("fitting needs labelled examples of both classes (right and wrong pairs)")
    names = list(features)
    k = len(names) + 1  # intercept last
    xs = [[float(r.get(f, 0.0)) for f in names] + [1.0] for r in rows]
    ys = [float(y) for y in labels]
    ws = [1.0] * len(rows) if weights is None else [float(w) for w in weights]
    centre = [0.0] * k if prior is None else [prior.coefficients.get(f, 0.0) for f in names] + [prior.intercept]
    beta = list(centre)
    penalty = [l2] * (k - 1) + [0.0 if prior is None else l2]
    for j, name in enumerate([*names, INTERCEPT]):
        if name in held:  # kept where the prior has it
            penalty[j] = HELD_PENALTY
    for _ in range(iterations):
        grad = [-penalty[j] * (beta[j] - centre[j]) for j in range(k)]
        hess = [[0.0] * k for _ in range(k)]
        for j in range(k):
            hess[j][j] = penalty[j] + 1e-9
        for x, y, w in zip(xs, ys, ws, strict=True):
            p = sigmoid(sum(b * v for b, v in zip(beta, x, strict=True)))
            r = w * (y - p)
            s = w * p * (1.0 - p)
            for a in range(k):
                if x[a]:
                    grad[a] += r * x[a]
                    sa = s * x[a]
                    row = hess[a]
                    for b in range(a, k):
                        if x[b]:
                            row[b] += sa * x[b]
        for a in range(k):
            for b in range(a):
                hess[a][b] = hess[b][a]
        step = _solve(hess, grad)
        largest = max(abs(d) for d in step)
        if largest > MAX_STEP:  # damped: a full Newton step from a far start (a prior) can overshoot and diverge
            step = [d * MAX_STEP / largest for d in step]
        beta = [b + d for b, d in zip(beta, step, strict=True)]
        if max(abs(d) for d in step) < 1e-7:
            break
    coefficients = {f: round(beta[i], 6) for i, f in enumerate(names)}
    fitted: dict[str, Any] = {"examples": len(rows), "positives": int(sum(ys)), "l2": l2}
    if prior is not None:
        fitted["prior"] = prior.version
    return LogisticModel(name, tuple(names), coefficients, round(beta[-1], 6), version, fitted)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve ``matrix @ x = vector`` (symmetric positive definite) by Gaussian elimination with pivoting."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            if factor:
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(a[r][r]) >= 1e-12:
            x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def reliability_table(
    scored: Sequence[tuple[float, bool | int]], edges: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
) -> list[dict[str, Any]]:
    """Per score band ``[lo, hi)`` (the last one includes its upper edge): count, mean score and share right
    (None for an empty band). ``scored`` holds ``(probability, right)`` pairs."""
    table = []
    for lo, hi in zip(edges, edges[1:]):
        band = [(p, y) for p, y in scored if lo <= p < hi or (hi == edges[-1] and p == hi)]
        table.append(
            {
                "band": f"{lo:.1f}-{hi:.1f}",
                "count": len(band),
                "mean_score": round(sum(p for p, _ in band) / len(band), 3) if band else None,
                "share_right": round(sum(y for _, y in band) / len(band), 3) if band else None,
            }
        )
    return table


__all__ = ["LogisticModel", "fit_logistic", "reliability_table", "sigmoid"]
