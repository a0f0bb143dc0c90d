"""Fit the equivalence model on labelled pairs, and measure it honestly on the other half.

Examples come from the engine itself: for every labelled foreign standard, the candidates that blocking
finds (plus any labelled pair it missed) are read as features (:func:`~.features.pair_features`) and
labelled right (a known equivalent) or wrong (any other candidate). Sources of labels:

- the real pairs through the ISO/IEC hub (:mod:`.hub_pairs`, split by international series), which the
  shipped model is fitted on (``scripts/fit_equivalence_model.py``);
- the curated gold set (``tests/data/gold``), the regression test, and the prior of the fit;
- the committee's confirmed (right) and rejected (wrong) decisions (:func:`retrain_equivalence_model`).

:func:`split_of` puts each foreign standard in the ``tune`` or the ``heldout`` half by a stable hash of
its designation, so a model is fitted on one half and reported on the other.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ...errors import MatchError, RecordError
from ...interchange import record_from_dict
from ...records import CommitteeDecision, StandardRecord
from ..adoption.links import AdoptionLink
from ..logistic import LogisticModel, fit_logistic, reliability_table
from .engine import split_by_side
from .features import FEATURES, pair_features
from .model import EquivalenceModel
from .preparation import prepare_profiles
from .profile import RecordProfile

log = logging.getLogger(__name__)

#: Version written into a model fitted by :func:`fit_equivalence_model` (the data it saw is in ``fitted``).
EQUIVALENCE_MODEL = "equivalence-logistic"


def split_of(key: str) -> str:
    """``tune`` or ``heldout``: a stable half of any key (a foreign standard's canonical designation)."""
    return "tune" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def as_bulk_lists(records: Sequence[StandardRecord], confidence: float = 0.95) -> tuple[list[StandardRecord], dict]:
    """The records as the bulk national lists give them, linked through the hub instead.

    No ICS on either side, Chinese titles only on the Chinese side, and the Chinese adoptions turned into
    inferred links of the given confidence (what adoption inference gives the equivalence engine); the labels
    do not change. Returns the records and the links (for ``labelled_examples(links=...)``).
    """
    bulk: list[StandardRecord] = []
    links: dict[str, list[AdoptionLink]] = {}
    for r in records:
        if r.country == "CN":
            links[r.canonical] = [
                AdoptionLink(a.ref, confidence, "inferred", a.ref) for a in r.adoptions if a.degree != "NEQ"
            ]
            bulk.append(replace(r, ics=[], adoptions=[], titles={k: v for k, v in r.titles.items() if k == "zh"}))
        else:
            bulk.append(replace(r, ics=[]))
    return bulk, links


def read_curated_records(path: str | Path, *, strip_chinese_adoptions: bool = False) -> list[StandardRecord]:
    """The curated gold records (JSON Lines); optionally without the Chinese adoption data, as in bulk lists
    (no ``adoptions``, no ``/ISO ...`` in the designation)."""
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if strip_chinese_adoptions and record_from_dict(data).country == "CN":
                data.pop("adoptions", None)
                data["designation"] = re.split(r"/(?:ISO|IEC)", data["designation"])[0]
            records.append(record_from_dict(data))
        except (ValueError, RecordError) as exc:
            raise MatchError(f"{path}:{number}: not a curated record ({exc})") from exc
    return records


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """One candidate pair read as features, with its label and where the label came from."""

    foreign_id: str
    chinese_id: str
    features: dict[str, float]
    label: int
    origin: str


def labelled_examples(
    foreign: Sequence[StandardRecord],
    chinese: Sequence[StandardRecord],
    pairs: Iterable[tuple[str, str]],
    *,
    labelled_foreign: Iterable[str] | None = None,
    wrong_pairs: Iterable[tuple[str, str]] = (),
    international: Sequence[StandardRecord] = (),
    origin: str = "gold",
    links: Mapping[str, Sequence[AdoptionLink]] | None = None,
    also: Iterable[tuple[str, str]] = (),
) -> list[LabelledExample]:
    """Candidates of the labelled foreign standards as examples: known pairs right, other candidates wrong.

    ``labelled_foreign`` are the foreign standards whose every equivalent is known (default: those named
    in ``pairs``); ``wrong_pairs`` (rejected reviews) are wrong whatever the candidates are; ``also`` are
    pairs read as examples even when blocking does not find them (the candidates of the same records in
    another regime, so that every regime has its wrong pairs to learn from).
    """
    right = set(pairs)
    wrong = set(wrong_pairs)
    wanted = set(labelled_foreign) if labelled_foreign is not None else {f for f, _ in right}
    wanted |= {f for f, _ in wrong}
    f_profiles, c_profiles, index = prepare_profiles(foreign, chinese, international, links=links)
    by_id = {p.id: i for i, p in enumerate(c_profiles)}
    examples: list[LabelledExample] = []
    for fp in f_profiles:
        if fp.id not in wanted:
            continue
        index.weigh(fp)
        candidates = set(index.candidates(fp))
        candidates |= {by_id[c] for f, c in right | wrong | set(also) if f == fp.id and c in by_id}
        for i in sorted(candidates):
            cp: RecordProfile = c_profiles[i]
            pair = (fp.id, cp.id)
            if pair in wrong:
                label = 0
            elif pair in right:
                label = 1
            elif labelled_foreign is None and fp.id not in {f for f, _ in right}:
                continue  # only rejected pairs are known for this foreign standard
            else:
                label = 0
            x, _, _, _ = pair_features(fp, cp)
            examples.append(LabelledExample(fp.id, cp.id, x, label, origin))
    log.info("%s: %d labelled examples (%d right)", origin, len(examples), sum(e.label for e in examples))
    return examples


def fit_equivalence_model(
    examples: Sequence[LabelledExample],
    *,
    l2: float = 0.1,
    version: str = EQUIVALENCE_MODEL,
    prior: LogisticModel | None = None,
    held: Sequence[str] = (),
) -> LogisticModel:
    """Fit the equivalence model on labelled examples (L2-regularised logistic regression, pulled towards the
    ``prior`` model's coefficients when one is given, else towards 0; ``held``: coefficients kept at the prior's, see :func:`~..logistic.fit_logistic`)."""
    model = fit_logistic(
        [e.features for e in examples],
        [e.label for e in examples],
        FEATURES,
        name="equivalence",
        version=version,
        l2=l2,
        prior=prior,
        held=held,
    )
    model.fitted["origins"] = sorted({e.origin for e in examples})
    if held:
        model.fitted["held_at_prior"] = sorted(held)
    return model


def reviewed_pairs(decisions: Iterable[CommitteeDecision]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """``(confirmed, rejected)`` pairs by the committee's latest decision on each equivalence."""
    decisions = list(decisions)
    confirmed = {d.pair for d in decisions if d.decision == "confirmed"}
    rejected = {d.pair for d in decisions if d.decision == "rejected"}
    return confirmed, rejected


def retrain_equivalence_model(
    records: Iterable[StandardRecord],
    decisions: Iterable[CommitteeDecision],
    prior: EquivalenceModel,
    *,
    min_reviews: int = 10,
    l2: float = 1.0,
) -> tuple[EquivalenceModel, dict[str, Any]]:
    """Adjust the equivalence model ``prior`` to the committee's decisions; returns it with its report.

    The prior (the model in use) holds: reviews move its coefficients only as far as they speak. The reviewed
    foreign standards are split in halves (:func:`split_of`); the model is fitted on the tune half and reported
    on the held-out half. :class:`MatchError` when there are too few reviews.
    """
    confirmed, rejected = reviewed_pairs(decisions)
    if len(confirmed) + len(rejected) < min_reviews or not confirmed or not rejected:
        raise MatchError(
            f"retraining needs at least {min_reviews} reviewed pairs, some confirmed and some rejected; "
            f"this catalogue has {len(confirmed)} confirmed and {len(rejected)} rejected"
        )
    foreign, chinese, international = split_by_side(records)
    halves: dict[str, list[LabelledExample]] = {}
    for half in ("tune", "heldout"):
        right = {p for p in confirmed if split_of(p[0]) == half}
        wrong = {p for p in rejected if split_of(p[0]) == half}
        halves[half] = labelled_examples(
            foreign, chinese, right, wrong_pairs=wrong, international=international, origin="committee reviews"
        )
    if not halves["tune"] or len({e.label for e in halves["tune"]}) < 2:
        raise MatchError("the tune half of the reviews holds no confirmed and rejected candidates to learn from")
    fitted = fit_logistic(
        [e.features for e in halves["tune"]],
        [e.label for e in halves["tune"]],
        FEATURES,
        name="equivalence",
        version=f"{prior.version}+reviews",
        l2=l2,
        prior=prior,
    )
    model = EquivalenceModel.with_rules(fitted, prior.rules)  # the rules stay those of the model retrained
    report = {
        "confirmed": len(confirmed),
        "rejected": len(rejected),
        "prior": prior.version,
        "tune_examples": len(halves["tune"]),
        "heldout": evaluate_model(model, halves["heldout"]) if halves["heldout"] else None,
        "heldout_before": evaluate_model(prior, halves["heldout"]) if halves["heldout"] else None,
    }
    model.fitted["report"] = {"confirmed": len(confirmed), "rejected": len(rejected)}
    return model, report


def evaluate_model(
    model: LogisticModel, examples: Sequence[LabelledExample], thresholds: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9)
) -> dict[str, object]:
    """Precision, recall and F1 of the best-ranked candidate per foreign standard, and the reliability table."""
    best: dict[str, tuple[float, int]] = {}
    positives = {e.foreign_id for e in examples if e.label}
    for e in examples:
        p = model.probability(e.features)
        if e.foreign_id not in best or p > best[e.foreign_id][0]:
            best[e.foreign_id] = (p, e.label)
    rows = []
    for t in thresholds:
        chosen = [(p, y) for p, y in best.values() if p >= t]
        correct = sum(y for _, y in chosen)
        precision = correct / len(chosen) if chosen else None
        recall = correct / len(positives) if positives else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        rows.append(
            {
                "threshold": t,
                "suggested": len(chosen),
                "correct": correct,
                "precision": None if precision is None else round(precision, 3),
                "recall": None if recall is None else round(recall, 3),
                "f1": None if f1 is None else round(f1, 3),
            }
        )
    scored = [(model.probability(e.features), e.label) for e in examples]
    return {
        "foreign": len(best),
        "with_equivalent": len(positives),
        "thresholds": rows,
        "reliability": reliability_table(scored, (0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0)),
    }


__all__ = [
    "EQUIVALENCE_MODEL",
    "LabelledExample",
    "as_bulk_lists",
    "evaluate_model",
    "fit_equivalence_model",
    "labelled_examples",
    "read_curated_records",
    "retrain_equivalence_model",
    "reviewed_pairs",
    "split_of",
]
