"""Candidate works of a national record for adoption inference, in two passes.

The first pass: the works retrieved from the index of works by title (:meth:`.works.Hub.retrieve`), plus
the work of the same series whose part the national title names, each with the features of
:mod:`.features`. Between the passes, declared adoptions and confident first-pass inferences show which
international series a national series adopts (:func:`series_counts`); the second pass adds the works of
that series and the series features, counting for each record only the *other* records of its series.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...records import StandardRecord
from ..logistic import LogisticModel
from .features import NationalProfile, national_series, pair_features, part_signals, prepare_title, series_features
from .works import Hub, series_of, work_key_of


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


__all__ = [
    "Candidates",
    "InferenceOptions",
    "declared_series",
    "first_candidates",
    "score",
    "second_candidates",
    "series_counts",
    "series_map",
    "series_vote",
    "set_margins",
]
