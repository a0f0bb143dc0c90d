"""The fitted adoption model file, its calibration and its decision threshold.

The adoption score is a logistic model (:class:`..logistic.LogisticModel`) over the features of
:mod:`.features`; its coefficients are fitted on labelled candidate pairs (:func:`..logistic.fit_logistic`),
never set by hand. :class:`AdoptionModel` holds the two fitted passes (the second adds the
series-consistency features), the decision threshold chosen on the tuning labels and a summary of the
training, and reads and writes the small JSON file shipped as ``standards_lib/data/adoption_model.json``
(each pass saved in the one form of :meth:`..logistic.LogisticModel.to_dict`).

A model may carry *language regimes*: a model of the same form fitted on the titles of one language (the
Russian regime is fitted on the tune half of the declared Russian adopters, ``scripts/fit_adoption_model.py
--language ru``), used for national titles in that language (:meth:`AdoptionModel.for_language`); titles in
other languages use the main model. Russian titles explain English ones differently from Chinese titles
(a learnt glossary, untranslated words left over), so their coefficients, calibration and threshold differ.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import MatchError
from ..logistic import LogisticModel, fit_logistic, sigmoid

MODEL_FORMAT = "brics-adoption-model-2"


@dataclass(frozen=True, slots=True)
class AdoptionModel:
    """The fitted adoption model: two passes, the decision threshold and what it was trained on."""

    first_pass: LogisticModel
    second_pass: LogisticModel
    threshold: float
    series_min_score: float
    calibration: tuple[float, float] = (1.0, 0.0)
    training: dict[str, Any] = field(default_factory=dict)
    languages: Mapping[str, AdoptionModel] = field(default_factory=dict)

    def for_language(self, lang: str) -> AdoptionModel:
        """The regime fitted for titles in ``lang`` when the model has one, else the main model."""
        return self.languages.get(lang, self)

    def with_language(self, lang: str, regime: AdoptionModel) -> AdoptionModel:
        """This model with ``regime`` (its own regimes dropped) used for titles in ``lang``."""
        return replace(self, languages={**self.languages, lang: replace(regime, languages={})})

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
        } | ({"languages": {lang: m.to_dict() for lang, m in sorted(self.languages.items())}} if self.languages else {})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AdoptionModel:
        if data.get("format") != MODEL_FORMAT:
            raise MatchError(f"not an adoption model file (format {data.get('format')!r}, expected {MODEL_FORMAT!r})")
        calibration = data.get("calibration") or {"slope": 1.0, "intercept": 0.0}
        languages = data.get("languages") or {}
        if not isinstance(languages, Mapping):
            raise MatchError("the languages of an adoption model file must map a language code to a model")
        return cls(
            LogisticModel.from_dict(data["first_pass"], origin="first_pass"),
            LogisticModel.from_dict(data["second_pass"], origin="second_pass"),
            float(data["threshold"]),
            float(data["series_min_score"]),
            (float(calibration["slope"]), float(calibration["intercept"])),
            dict(data.get("training") or {}),
            {str(lang): cls.from_dict(regime) for lang, regime in languages.items()},
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
    rows = [{"logit": math.log(min(max(s, 1e-12), 1 - 1e-12) / (1 - min(max(s, 1e-12), 1 - 1e-12)))} for s, _ in scored]
    model = fit_logistic(rows, [int(ok) for _, ok in scored], ["logit"], name="calibration", version="platt", l2=l2)
    return model.coefficients["logit"], model.intercept


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


__all__ = [
    "MODEL_FORMAT",
    "AdoptionModel",
    "choose_threshold",
    "default_model",
    "fit_calibration",
    "threshold_for_precision",
]
