"""Fitting the adoption model on labelled national standards, and measuring inferences against labels.

:func:`fit_adoption_model` (the function behind a future ``standards match --retrain``) runs the same
candidate generation as :func:`~.inference.infer_adoptions` on labelled records, so the model learns from
exactly the pairs it will score: a candidate is positive when it is the work the label names, negative
otherwise (every candidate of a record that adopts nothing is negative). The first-pass model is fitted,
then the batch (labelled records plus an optional unlabelled ``context``, such as the whole Chinese
catalogue, which gives the series consistency its real support) is scored, and the second-pass model is
fitted with the series features; a Platt scaling of each record's best score is fitted last. The
decision threshold is the lowest score at which the labels' inferences reach ``min_precision`` (0.95); with
``min_precision`` None (or when no score reaches it), the score that maximises F-beta (``beta`` 0.5).

:func:`evaluate_inferences` gives precision, recall, F1 and the reliability table of inferences against
labels: a record that adopts nothing and gets an inference counts as a false positive, an adopter with a
wrong work as both a false positive and a missed adoption.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import MatchError
from ...interchange import record_from_dict
from ...records import StandardRecord
from ..logistic import fit_logistic, reliability_table
from .candidates import (
    Candidates,
    InferenceOptions,
    declared_series,
    first_candidates,
    score,
    second_candidates,
    series_counts,
)
from .features import FEATURES, NationalProfile, profile_national
from .inference import InferredAdoption
from .model import AdoptionModel, choose_threshold, fit_calibration, threshold_for_precision
from .works import Hub, work_key_of

log = logging.getLogger(__name__)

#: Version written into each pass of a model fitted by :func:`fit_adoption_model`.
MODEL_VERSION = "adoption-logistic"

#: Features of the first pass (the series features exist only in the second).
FIRST_PASS_FEATURES = tuple(f for f in FEATURES if not f.startswith("series_"))


@dataclass(frozen=True, slots=True)
class AdoptionLabel:
    """A national record and the international work it adopts (``adopts`` None: it adopts nothing)."""

    record: StandardRecord
    adopts: str | None

    @property
    def work_key(self) -> str | None:
        return work_key_of(self.adopts) if self.adopts else None


def labels_from_gold(rows: Iterable[Any], known: Mapping[str, StandardRecord] | None = None) -> list[AdoptionLabel]:
    """Labels from gold rows (``designation``, ``title_zh``, ``adopts``); a record in ``known`` (by designation)
    is used as it is (with its ICS and dates), else one is built from the row."""
    labels = []
    for row in rows:
        record = (known or {}).get(row.designation)
        if record is None:
            record = record_from_dict({"designation": row.designation, "title": row.title_zh, "title_lang": "zh"})
        labels.append(AdoptionLabel(record, row.adopts or None))
    return labels


def _pairs(
    batch: Sequence[Candidates], labels: Sequence[AdoptionLabel], hub: Hub
) -> tuple[list[dict[str, float]], list[int]]:
    rows, ys = [], []
    for c, label in zip(batch, labels):
        key = label.work_key
        for w, f in zip(c.works, c.features):
            rows.append(f)
            ys.append(int(key is not None and hub.works[w].key == key))
    return rows, ys


def top_choices(batch: Sequence[Candidates], labels: Sequence[AdoptionLabel], hub: Hub) -> list[tuple[float, bool]]:
    """``(score, correct)`` of each labelled record's best candidate (a non-adopter's is never correct)."""
    out = []
    for c, label in zip(batch, labels):
        best = c.best()
        if best is None:
            out.append((0.0, False))
        else:
            out.append((c.scores[best], label.work_key is not None and hub.works[c.works[best]].key == label.work_key))
    return out


def fit_adoption_model(
    labels: Sequence[AdoptionLabel],
    international_records: Iterable[StandardRecord] | Hub,
    *,
    context: Iterable[StandardRecord] = (),
    l2: float = 1.0,
    beta: float = 0.5,
    min_precision: float | None = 0.95,
    series_min_score: float = 0.9,
    options: InferenceOptions | None = None,
    profiles: Mapping[str, NationalProfile] | None = None,
) -> AdoptionModel:
    """Fit both passes of the adoption model on ``labels`` (see the module docstring).

    ``profiles`` (by designation) replaces the profile of a labelled record: cross-fitting gives each record the
    translation of a glossary learnt without it, so that the model and its threshold see the scores of titles
    whose words were not learnt from themselves.

    Raises :class:`MatchError` when the labels hold no adopter whose work the candidates find, or no
    non-adopting candidate.
    """
    options = options or InferenceOptions()
    hub = international_records if isinstance(international_records, Hub) else Hub(international_records)
    labelled = {lab.record.designation for lab in labels}
    given = profiles or {}
    usable = [
        (lab, p)
        for lab in labels
        if (p := given.get(lab.record.designation) or profile_national(lab.record, hub)) is not None and p.title.slots
    ]
    if not usable:
        raise MatchError("no labelled record has a title that can be translated")
    labels = [lab for lab, _ in usable]
    others = [r for r in context if r.designation not in labelled and r.country != "INT"]
    declared = declared_series(others, hub)
    context_profiles = [
        p for p in (profile_national(r, hub) for r in others if not r.adoptions) if p is not None and p.title.slots
    ]
    first = [first_candidates(p, hub, options) for _, p in usable]
    rows, ys = _pairs(first, labels, hub)
    found = sum(ys)
    if not found:
        raise MatchError("no labelled adoption was among the candidates: nothing to learn from")
    model1 = fit_logistic(rows, ys, FIRST_PASS_FEATURES, name="adoption-first-pass", version=MODEL_VERSION, l2=l2)
    scored_first = [score(c, model1) for c in first]
    scored_context = [score(first_candidates(p, hub, options), model1) for p in context_profiles]
    counts, own = series_counts(scored_first + scored_context, hub, declared, series_min_score)
    second = [second_candidates(c, hub, counts, vote, options) for c, vote in zip(scored_first, own)]
    rows2, ys2 = _pairs(second, labels, hub)
    model2 = fit_logistic(rows2, ys2, FEATURES, name="adoption-second-pass", version=MODEL_VERSION, l2=l2)
    raw = top_choices([score(c, model2) for c in second], labels, hub)
    calibration = fit_calibration(raw)
    calibrated = AdoptionModel(model1, model2, 0.5, series_min_score, calibration)
    choices = [(calibrated.calibrated(s), ok) for s, ok in raw]
    adopters = sum(lab.adopts is not None for lab in labels)
    max_f = choose_threshold(choices, adopters=adopters, beta=beta)
    at_precision = threshold_for_precision(choices, min_precision) if min_precision is not None else None
    threshold = at_precision if at_precision is not None else max_f
    rule = (
        f"lowest score with precision {min_precision:g} on the labels, at least 0.5"
        if at_precision is not None
        else f"max F{beta:g} on the labels, at least 0.5"
    )
    accepted = [(s, ok) for s, ok in choices if s >= threshold]
    right = sum(ok for _, ok in accepted)
    training = {
        "labels": len(labels),
        "adopters": adopters,
        "pairs": len(rows2),
        "positive_pairs": sum(ys2),
        "candidate_recall": round(sum(ys2) / adopters, 4) if adopters else None,
        "context_records": len(context_profiles),
        "international_works": len(hub),
        "l2": l2,
        "threshold_rule": rule,
        "threshold_max_f": round(max_f, 4),
        "tune_precision": round(right / len(accepted), 4) if accepted else None,
        "tune_recall": round(right / adopters, 4) if adopters else None,
    }
    log.info("adoption model fitted: %s", training)
    return AdoptionModel(model1, model2, threshold, series_min_score, calibration, training)


@dataclass(slots=True)
class AdoptionEvaluation:
    """Inferences measured against labels."""

    labels: int
    adopters: int
    inferred: int
    correct: int
    precision: float
    recall: float
    f1: float
    reliability: list[dict[str, Any]]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


def same_work(a: str, b: str) -> bool:
    """Whether two international designations name one work (co-publishers folded, years ignored)."""
    ka, kb = work_key_of(a), work_key_of(b)
    return ka is not None and ka == kb


def evaluate_inferences(inferred: Sequence[InferredAdoption], labels: Sequence[AdoptionLabel]) -> AdoptionEvaluation:
    """Precision, recall, F1 and reliability of ``inferred`` against ``labels`` (unlabelled inferences ignored)."""
    by_designation = {a.national: a for a in inferred}
    scored: list[tuple[float, bool]] = []
    errors: list[dict[str, Any]] = []
    correct = made = 0
    for label in labels:
        found = by_designation.get(label.record.designation)
        if found is None:
            if label.adopts:
                errors.append({"national": label.record.designation, "expected": label.adopts, "inferred": None})
            continue
        made += 1
        ok = label.work_key is not None and found.work == label.work_key
        correct += ok
        scored.append((found.score, ok))
        if not ok:
            errors.append(
                {
                    "national": label.record.designation,
                    "expected": label.adopts,
                    "inferred": found.international,
                    "score": round(found.score, 3),
                }
            )
    adopters = sum(lab.adopts is not None for lab in labels)
    precision = correct / made if made else 0.0
    recall = correct / adopters if adopters else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return AdoptionEvaluation(
        len(labels),
        adopters,
        made,
        correct,
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        reliability_table(scored),
        errors,
    )


__all__ = [
    "FIRST_PASS_FEATURES",
    "AdoptionEvaluation",
    "AdoptionLabel",
    "evaluate_inferences",
    "fit_adoption_model",
    "labels_from_gold",
    "same_work",
    "top_choices",
    "work_key_of",
]
