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

The international edition must precede the national standard: a work none of whose editions was
published in or before the national standard's year is no candidate. The matched edition is the latest
edition published in an earlier year (else in the same year). Every inference carries its evidence: each signal's value and its contribution to the logit.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import MatchError
from ...records import StandardRecord
from ..logistic import LogisticModel
from .features import NationalProfile, pair_features, part_signals, prepare_title, profile_national, series_features
from .model import AdoptionModel, default_model
from .works import Hub, series_of, work_key_of

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


@dataclass(slots=True)
class InferenceOptions:
    """Candidate generation limits (the scoring itself comes from the fitted model)."""

    retrieve: int = 20  # works kept from the title index per national record
    budget: int = 8000  # postings read to find candidates, per national record
    sibling_from: int = 10  # the best retrieved works whose series bring the part named in the title
    series_cap: int = 60  # a mapped series this small adds all its works; a larger one only part matches


@dataclass(slots=True)
class Candidates:
    """The candidate works of one national record with their features (and, once scored, probabilities)."""

    profile: NationalProfile
    works: list[int]
    features: list[dict[str, float]]
    scores: list[float] = field(default_factory=list)
    count: int = 0  # candidates scored (kept when the list is reduced to the best two)

    def best(self) -> int | None:
        """Index (into ``works``) of the best-scored candidate."""
        if not self.scores:
            return None
        return max(range(len(self.scores)), key=lambda i: (self.scores[i], -self.works[i]))

    def reduced(self) -> Candidates:
        """Only the best candidate and the runner-up (what a decision and its evidence need)."""
        order = sorted(range(len(self.scores)), key=lambda i: (-self.scores[i], self.works[i]))[:2]
        return Candidates(
            self.profile,
            [self.works[i] for i in order],
            [self.features[i] for i in order],
            [self.scores[i] for i in order],
            len(self.works),
        )


def set_margins(features: list[dict[str, float]]) -> None:
    """``margin``: each candidate's title similarity minus the best title similarity among the others."""
    titles = [f["title"] for f in features]
    if not titles:
        return
    order = sorted(range(len(titles)), key=lambda i: -titles[i])
    first, second = titles[order[0]], (titles[order[1]] if len(titles) > 1 else 0.0)
    for i, f in enumerate(features):
        f["margin"] = f["title"] - (second if i == order[0] else first)


def first_candidates(profile: NationalProfile, hub: Hub, options: InferenceOptions) -> Candidates:
    """Blocking for one record: the retrieved works plus the series siblings whose part the title names."""
    works = hub.retrieve(profile.title, limit=options.retrieve, budget=options.budget)
    works += [w for w in hub.siblings(works[: options.sibling_from], profile.title.part) if w not in works]
    works = [w for w in works if hub.works[w].preceded(profile.year)]
    title = prepare_title(profile.title, hub)
    features = [pair_features(profile, hub.works[w], hub, title) for w in works]
    set_margins(features)
    return Candidates(profile, works, features)


def score(candidates: Candidates, model: LogisticModel) -> Candidates:
    candidates.scores = [model.probability(f) for f in candidates.features]
    return candidates


def declared_series(records: Iterable[StandardRecord], hub: Hub) -> dict[str, Counter[str]]:
    """National series -> international series of the adoptions national records declare."""
    from .features import national_series

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        for adoption in record.adoptions:
            if adoption.evidence == "inferred":
                continue
            key = work_key_of(adoption.ref)
            if key is None:
                continue
            counts[national_series(record)][series_of(key)] += 1
    return counts


def series_vote(c: Candidates, hub: Hub, min_score: float) -> str | None:
    """The international series of a record's best first-pass candidate when it scores at least ``min_score``."""
    best = c.best()
    return hub.works[c.works[best]].series if best is not None and c.scores[best] >= min_score else None


def series_map(declared: dict[str, Counter[str]], votes: Iterable[tuple[str, str | None]]) -> dict[str, Counter[str]]:
    """National series -> international series counts, from declared adoptions and ``(national series, vote)``."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for series, counter in declared.items():
        counts[series].update(counter)
    for national, vote in votes:
        if vote is not None:
            counts[national][vote] += 1
    return counts


def series_counts(
    batch: Sequence[Candidates], hub: Hub, declared: dict[str, Counter[str]], min_score: float
) -> tuple[dict[str, Counter[str]], list[str | None]]:
    """Series map from declared adoptions plus confident first-pass inferences, and each record's own vote."""
    own = [series_vote(c, hub, min_score) for c in batch]
    return series_map(declared, ((c.profile.series, v) for c, v in zip(batch, own))), own


def second_candidates(
    c: Candidates, hub: Hub, counts: dict[str, Counter[str]], own: str | None, options: InferenceOptions
) -> Candidates:
    """The record's candidates plus the works of the international series its national series maps onto,
    all with series features counting the *other* records of the national series."""
    mapped = counts.get(c.profile.series, Counter())
    works, features = list(c.works), [dict(f) for f in c.features]
    present = set(works)
    title = None
    for series, n in mapped.items():
        if n - (own == series) <= 0:
            continue
        members = hub.by_series.get(series, [])
        for w in members:
            if w in present or not hub.works[w].preceded(c.profile.year):
                continue
            if len(members) > options.series_cap:
                parts = part_signals(c.profile, hub.works[w])
                if not (parts["part_equal"] or parts["designation_part_agree"]):
                    continue
            present.add(w)
            works.append(w)
            title = title or prepare_title(c.profile.title, hub)
            features.append(pair_features(c.profile, hub.works[w], hub, title))
    set_margins(features)
    total = sum(mapped.values()) - (own is not None)
    for w, f in zip(works, features):
        series = hub.works[w].series
        support = mapped.get(series, 0) - (own == series)
        f.update(series_features(support, total - support))
    return Candidates(c.profile, works, features)


# Forked workers: each takes a contiguous share of the profiles and keeps its first-pass candidates in memory
# between the passes: it sends the parent only its series votes, receives the series map built from every
# worker's votes and the declared adoptions, runs the second pass and sends back each record's best two
# candidates. gc.freeze() before forking keeps the children's garbage collector from touching (and so
# copying) every inherited object.

#: Batches smaller than this are scored in the calling process.
PARALLEL_MIN = 2000

_STATE: dict[str, Any] = {}


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _worker(lo: int, hi: int, conn: Any) -> None:
    try:
        profiles, hub, model, options = (_STATE[k] for k in ("profiles", "hub", "model", "options"))
        first = [score(first_candidates(p, hub, options), model.first_pass) for p in profiles[lo:hi]]
        votes = [series_vote(c, hub, model.series_min_score) for c in first]
        conn.send(("votes", votes))
        counts = conn.recv()
        conn.send(
            (
                "result",
                [
                    score(second_candidates(c, hub, counts, v, options), model.second_pass).reduced()
                    for c, v in zip(first, votes)
                ],
            )
        )
    except BaseException:  # reported to the parent, which raises
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def _receive(conn: Any, expected: str) -> Any:
    try:
        kind, payload = conn.recv()
    except EOFError:
        raise MatchError("an adoption inference worker ended without answering (killed, or out of memory?)") from None
    if kind == "error":
        raise MatchError(f"an adoption inference worker failed:\n{payload}")
    if kind != expected:
        raise MatchError(f"an adoption inference worker sent {kind!r}, expected {expected!r}")
    return payload


def run_passes_forked(
    profiles: Sequence[NationalProfile],
    hub: Hub,
    model: AdoptionModel,
    declared: dict[str, Counter[str]],
    options: InferenceOptions,
    workers: int,
) -> list[Candidates]:
    """:func:`run_passes` in ``workers`` forked processes; each record's best two candidates."""
    step = -(-len(profiles) // workers)
    bounds = [(lo, min(lo + step, len(profiles))) for lo in range(0, len(profiles), step)]
    context = multiprocessing.get_context("fork")
    _STATE.update(profiles=profiles, hub=hub, model=model, options=options)
    gc.collect()
    gc.freeze()
    processes, connections = [], []
    try:
        for lo, hi in bounds:
            parent, child = context.Pipe()
            process = context.Process(target=_worker, args=(lo, hi, child), daemon=True)
            process.start()
            child.close()
            processes.append(process)
            connections.append(parent)
        votes: list[Any] = []
        for conn in connections:
            votes.extend(_receive(conn, "votes"))
        counts = series_map(declared, ((p.series, v) for p, v in zip(profiles, votes)))
        for conn in connections:
            conn.send(counts)
        results: list[Any] = []
        for conn in connections:
            results.extend(_receive(conn, "result"))
        return results
    finally:
        for conn in connections:
            conn.close()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
        gc.unfreeze()
        _STATE.clear()


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
    workers = workers if workers > 0 else (os.cpu_count() or 1)
    if workers > 1 and len(profiles) >= PARALLEL_MIN and can_fork():
        return run_passes_forked(profiles, hub, model, declared, options, workers)
    first = [score(first_candidates(p, hub, options), model.first_pass) for p in profiles]
    counts, own = series_counts(first, hub, declared, model.series_min_score)
    return [score(second_candidates(c, hub, counts, vote, options), model.second_pass) for c, vote in zip(first, own)]


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
    profiles = [p for p in map(profile_national, undeclared) if p is not None and p.title.slots]
    if len(profiles) < len(undeclared):
        log.info(
            "adoption inference: %d national records without a title that translates to English are left out",
            len(undeclared) - len(profiles),
        )
    batch = run_passes(profiles, hub, model, declared, options, workers)
    cut = model.threshold if threshold is None else threshold
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
    log.info(
        "adoption inference: %d national records (%d with declared adoptions), %d inferred (threshold %.2f)",
        len(records),
        len(records) - len(undeclared),
        len(inferred),
        cut,
    )
    return inferred


__all__ = [
    "INFERENCE_VERSION",
    "PARALLEL_MIN",
    "Candidates",
    "InferenceOptions",
    "InferredAdoption",
    "declared_series",
    "first_candidates",
    "infer_adoptions",
    "run_passes",
    "run_passes_forked",
    "second_candidates",
    "series_counts",
    "series_map",
    "series_vote",
    "set_margins",
]
