"""Adoption inference: the international work each national standard most likely adopts, or none.

:func:`infer_adoptions` takes national records (Chinese, Russian, Portuguese or English titles) and the
international records (ISO/IEC, country ``INT``, English titles) and returns at most one
:class:`InferredAdoption` per national record that declares no adoption of its own:

1. every national title is translated into English stems (:mod:`.translate`);
2. candidates come from blocking (:meth:`.hub.Hub.retrieve`: an inverted index over the works' title
   stems, weighted by IDF, with bounded postings), plus the work of the same series whose part is the
   one the national title names (``第5-1部分`` next to a retrieved IEC 60947-5-2 brings IEC 60947-5-1);
3. each candidate pair gets the features of :mod:`.signals`, and the first-pass logistic model scores it;
4. series consistency: declared adoptions and confident first-pass inferences (score at least
   ``series_min_score``) show which international series a national series adopts (GB/T 14048.x ->
   IEC 60947-x). The second pass adds the works of that series as candidates and scores every pair
   again with the series features, counting for each record only the *other* records of its series;
5. the best candidate is kept when its score reaches the model's threshold: most national standards
   adopt nothing, and precision matters more than recall.

Titles in a language for which the model carries a regime of its own (:meth:`.model.AdoptionModel.for_language`:
Russian) go through both passes with that regime, its calibration and its threshold.

The international edition must precede the national standard: a work none of whose editions was
published in or before the national standard's year is no candidate. The matched edition is the latest
edition published in an earlier year (else in the same year). Every inference carries its evidence: each signal's value and its contribution to the logit.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...records import StandardRecord
from ..logistic import LogisticModel
from ..workers import Channel, forked_workers, use_workers, worker_count
from .candidates import (
    Candidates,
    InferenceOptions,
    declared_series,
    first_candidates,
    score,
    second_candidates,
    series_counts,
    series_map,
    series_vote,
)
from .features import NationalProfile, profile_national
from .model import AdoptionModel, default_model
from .works import Hub

log = logging.getLogger(__name__)

INFERENCE_VERSION = "adoption-inference-1.0"


@dataclass(frozen=True, slots=True)
class InferredAdoption:
    """A national standard, the international work it most likely adopts, and why."""

    national: str  # national designation: "GB/T 14048.5-2017"
    work: str  # work key: "ISO|IEC|60947-5-1"
    international: str  # undated designation of the work: "IEC 60947-5-1"
    edition: str  # the edition matched by time: "IEC 60947-5-1:2016"
    score: float
    evidence: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "national": self.national,
            "work": self.work,
            "international": self.international,
            "edition": self.edition,
            "score": round(self.score, 4),
            "evidence": self.evidence,
        }


#: Batches smaller than this are scored in the calling process.
PARALLEL_MIN = 2000


def run_passes(
    profiles: Sequence[NationalProfile],
    hub: Hub,
    model: AdoptionModel,
    declared: dict[str, Counter[str]],
    options: InferenceOptions,
    workers: int = 1,
) -> list[Candidates]:
    """Both passes over a batch: the second-pass candidates of every profile, scored.

    With ``workers`` > 1 (0: one per CPU) and a batch of at least ``PARALLEL_MIN`` records, the batch is
    split among forked processes (:func:`run_passes_forked`), which return each record's best two candidates.
    """
    if use_workers(workers, len(profiles), PARALLEL_MIN) > 1:
        return run_passes_forked(profiles, hub, model, declared, options, worker_count(workers))
    first = [score(first_candidates(p, hub, options), model.first_pass) for p in profiles]
    counts, own = series_counts(first, hub, declared, model.series_min_score)
    return [score(second_candidates(c, hub, counts, vote, options), model.second_pass) for c, vote in zip(first, own)]


def run_passes_forked(
    profiles: Sequence[NationalProfile],
    hub: Hub,
    model: AdoptionModel,
    declared: dict[str, Counter[str]],
    options: InferenceOptions,
    workers: int,
) -> list[Candidates]:
    """:func:`run_passes` in ``workers`` forked processes; each record's best two candidates.

    Each worker keeps the first-pass candidates of its share in memory between the passes: it sends the
    parent only its series votes, receives the series map built from every share's votes and the declared
    adoptions, runs the second pass and sends back each record's best two candidates.
    """

    def passes(lo: int, hi: int, channel: Channel) -> None:
        first = [score(first_candidates(p, hub, options), model.first_pass) for p in profiles[lo:hi]]
        votes = [series_vote(c, hub, model.series_min_score) for c in first]
        channel.send("votes", votes)
        counts = channel.receive("series")
        second = [score(second_candidates(c, hub, counts, v, options), model.second_pass) for c, v in zip(first, votes)]
        # the parent holds the profiles already: only what the scoring added goes back through the pipe
        channel.send("result", [(r.works, r.features, r.scores, r.count) for r in (c.reduced() for c in second)])

    with forked_workers(passes, len(profiles), workers, what="adoption inference") as channels:
        votes: list[str | None] = []
        for channel in channels:
            votes.extend(channel.receive("votes"))
        counts = series_map(declared, ((p.series, v) for p, v in zip(profiles, votes)))
        for channel in channels:
            channel.send("series", counts)
        results: list[Candidates] = []
        for channel in channels:
            for works, features, scores, count in channel.receive("result"):
                results.append(Candidates(profiles[len(results)], works, features, scores, count))
    return results


def evidence_of(c: Candidates, i: int, hub: Hub, model: LogisticModel) -> dict[str, Any]:
    """The evidence of candidate ``i``: every signal's value and logit contribution, and the runner-up."""
    values = c.features[i]
    contributions = model.contributions(values)
    work = hub.works[c.works[i]]
    runner = sorted((s, j) for j, s in enumerate(c.scores) if j != i)[-1:] if len(c.scores) > 1 else []
    return {
        "signals": {
            name: {"value": round(values.get(name, 0.0), 4), "contribution": round(contributions.get(name, 0.0), 4)}
            for name in model.features
        },
        "intercept": round(model.intercept, 4),
        "title": c.profile.title.text(),
        "international_title": work.title,
        "candidates": c.count or len(c.works),
        "runner_up": (
            {"work": hub.works[c.works[runner[0][1]]].designation, "score": round(runner[0][0], 4)} if runner else None
        ),
        "version": INFERENCE_VERSION,
    }


def infer_adoptions(
    national_records: Iterable[StandardRecord],
    international_records: Iterable[StandardRecord] | Hub,
    *,
    model: AdoptionModel | None = None,
    threshold: float | None = None,
    options: InferenceOptions | None = None,
    workers: int = 1,
) -> list[InferredAdoption]:
    """At most one inferred adoption per national record without a declared adoption (see the module doc).

    ``international_records`` may be a prebuilt :class:`~.hub.Hub`. ``model`` defaults to the fitted model
    shipped with the library; ``threshold`` overrides the model's decision threshold; ``workers`` > 1
    (0: one per CPU) runs large batches in forked processes.
    """
    model = model or default_model()
    options = options or InferenceOptions()
    hub = international_records if isinstance(international_records, Hub) else Hub(international_records)
    records = [r for r in national_records if r.country != "INT"]
    declared = declared_series(records, hub)
    undeclared = [r for r in records if not any(a.evidence != "inferred" for a in r.adoptions)]
    profiles = [p for p in (profile_national(r, hub) for r in undeclared) if p is not None and p.title.slots]
    if len(profiles) < len(undeclared):
        log.info(
            "adoption inference: %d national records without a title that translates to English are left out",
            len(undeclared) - len(profiles),
        )
    by_regime: dict[str, list[NationalProfile]] = defaultdict(list)
    for p in profiles:
        by_regime[p.title.lang if p.title.lang in model.languages else ""].append(p)
    inferred: list[InferredAdoption] = []
    for lang, group in sorted(by_regime.items()):
        regime = model.for_language(lang)
        cut = regime.threshold if threshold is None else threshold
        batch = run_passes(group, hub, regime, declared, options, workers)
        found = decisions(batch, hub, regime, cut)
        inferred.extend(found)
        log.info(
            "adoption inference: %d national records with titles in %s, %d inferred (threshold %.2f)",
            len(group),
            lang or "languages without a regime of their own",
            len(found),
            cut,
        )
    log.info(
        "adoption inference: %d national records (%d with declared adoptions), %d inferred",
        len(records),
        len(records) - len(undeclared),
        len(inferred),
    )
    return inferred


def decisions(batch: Sequence[Candidates], hub: Hub, model: AdoptionModel, cut: float) -> list[InferredAdoption]:
    """The best candidate of each scored record whose calibrated score reaches ``cut``, with its evidence."""
    inferred: list[InferredAdoption] = []
    for c in batch:
        best = c.best()
        if best is None:
            continue
        final = model.calibrated(c.scores[best])
        if final < cut:
            continue
        work = hub.works[c.works[best]]
        edition, _ = work.edition_for(c.profile.year)
        evidence = evidence_of(c, best, hub, model.second_pass)
        evidence["pair_probability"] = round(c.scores[best], 4)
        inferred.append(
            InferredAdoption(c.profile.designation, work.key, work.designation, edition.designation, final, evidence)
        )
    return inferred


__all__ = [
    "INFERENCE_VERSION",
    "PARALLEL_MIN",
    "InferredAdoption",
    "decisions",
    "evidence_of",
    "infer_adoptions",
    "run_passes",
    "run_passes_forked",
]
