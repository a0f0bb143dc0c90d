"""Inferred adoptions as the links the equivalence engine pairs standards through, under the committee's decisions.

:func:`link_inferences` takes the inferred adoptions of a run (:func:`~.inference.infer_adoptions`) and the
committee's latest decisions on inferred adoptions, and returns in memory both what is stored (one
:class:`SuggestedAdoption` per inference not rejected) and what the equivalence engine needs
(:class:`AdoptionLink` per national standard): a rejected work is never proposed again for that standard, and
a confirmed one is kept as a link of full confidence whatever the model says next time. Through these links a
foreign and a Chinese standard that adopt the same ISO/IEC work are paired even when neither declares it
(``IS 2403:2014 —IDT→ ISO 606 ←inferred 0.93— GB/T 1243-2006``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...records import CommitteeDecision, StandardRecord
from .inference import InferredAdoption


@dataclass(frozen=True, slots=True)
class AdoptionLink:
    """A national standard's link to an international work that no source declares."""

    work: str  # undated designation of the work: "IEC 60947-5-1"
    confidence: float  # the inference's probability, or 1.0 when the committee confirmed it
    evidence: str  # "inferred" or "reviewed"
    edition: str | None  # the international edition matched by time, when known


@dataclass(frozen=True, slots=True)
class SuggestedAdoption:
    """An inferred adoption as stored in ``adoption_suggestions`` (at most one per national standard)."""

    standard_id: str
    work: str
    international_id: str | None  # the matched edition when the catalogue holds it
    score: float
    evidence: dict[str, Any]
    candidates: list[dict[str, Any]]

    def to_row(self) -> dict[str, Any]:
        return {
            "standard_id": self.standard_id,
            "work": self.work,
            "international_id": self.international_id,
            "score": self.score,
            "evidence": self.evidence,
            "candidates": self.candidates,
        }


@dataclass(slots=True)
class InferenceSummary:
    """What an adoption-inference run did."""

    national: int = 0
    international: int = 0
    inferred: int = 0
    by_country: dict[str, int] = field(default_factory=dict)
    rejected_skipped: int = 0
    confirmed_kept: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "national": self.national,
            "international": self.international,
            "inferred": self.inferred,
            "by_country": self.by_country,
            "rejected_skipped": self.rejected_skipped,
            "confirmed_kept": self.confirmed_kept,
            "seconds": self.seconds,
        }


def suggested_adoptions(
    inferred: Iterable[InferredAdoption],
    national: Sequence[StandardRecord],
    international: Sequence[StandardRecord],
    decisions: Iterable[CommitteeDecision],
) -> tuple[list[SuggestedAdoption], InferenceSummary]:
    """The inferences to store (those whose work the committee did not reject for the standard) and a summary."""
    latest = {d.pair: d.decision for d in decisions}
    summary = InferenceSummary(national=len(national), international=len(international))
    canonical = {r.designation: r.canonical for r in national}
    country = {r.canonical: r.country for r in national}
    ids = {r.canonical for r in international}
    suggested: list[SuggestedAdoption] = []
    for found in inferred:
        standard_id = canonical.get(found.national, found.national)
        if latest.get((standard_id, found.international)) == "rejected":
            summary.rejected_skipped += 1
            continue
        runner = found.evidence.get("runner_up")
        suggested.append(
            SuggestedAdoption(
                standard_id,
                found.international,
                found.edition if found.edition in ids else None,
                found.score,
                found.evidence,
                [runner] if runner else [],
            )
        )
    summary.confirmed_kept = sum(1 for decision in latest.values() if decision == "confirmed")
    summary.inferred = len(suggested)
    summary.by_country = dict(sorted(Counter(country.get(s.standard_id, "?") for s in suggested).items()))
    return suggested, summary


def work_links(
    suggested: Iterable[SuggestedAdoption], decisions: Iterable[CommitteeDecision]
) -> dict[str, list[AdoptionLink]]:
    """Inferred adoptions not rejected, and adoptions confirmed by the committee, per national standard."""
    latest = {d.pair: d.decision for d in decisions}
    links: dict[str, list[AdoptionLink]] = {}
    for s in suggested:
        decision = latest.get((s.standard_id, s.work))
        if decision == "rejected":
            continue
        confirmed = decision == "confirmed"
        links.setdefault(s.standard_id, []).append(
            AdoptionLink(
                s.work,
                1.0 if confirmed else float(s.score or 0.0),
                "reviewed" if confirmed else "inferred",
                s.international_id,
            )
        )
    inferred_pairs = {(standard_id, link.work) for standard_id, items in links.items() for link in items}
    for (standard_id, work), decision in latest.items():
        if decision == "confirmed" and (standard_id, work) not in inferred_pairs:
            links.setdefault(standard_id, []).append(AdoptionLink(work, 1.0, "reviewed", None))
    return links


def links_of(inferred: Sequence[InferredAdoption], records: Sequence[StandardRecord]) -> dict[str, list[AdoptionLink]]:
    """Inferred adoptions as links keyed by canonical designation, without decisions (evaluation on gold sets)."""
    canonical = {r.designation: r.canonical for r in records}
    links: dict[str, list[AdoptionLink]] = {}
    for found in inferred:
        key = canonical.get(found.national, found.national)
        links.setdefault(key, []).append(AdoptionLink(found.international, found.score, "inferred", found.edition))
    return links


__all__ = [
    "AdoptionLink",
    "InferenceSummary",
    "SuggestedAdoption",
    "links_of",
    "suggested_adoptions",
    "work_links",
]
