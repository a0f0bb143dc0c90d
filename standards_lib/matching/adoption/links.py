"""Adoption inference over a whole catalogue, and the links it gives the equivalence engine.

:func:`infer_catalog_adoptions` runs :func:`~.inference.infer_adoptions` on every national record of a
catalogue without a declared adoption, against every international record, and stores the result in
``adoption_suggestions`` (at most one per standard). The committee's decisions on inferred adoptions
(``adoption_reviews``) are respected: a rejected work is never proposed again for that standard, and a
confirmed one is kept as a link of full confidence whatever the model says next time.

:func:`adoption_links` reads back what the equivalence engine needs: for each national standard, the
work it adopts by inference (with the inference's probability as the link's confidence) or by the
committee's confirmation. Through these links a foreign and a Chinese standard that adopt the same
ISO/IEC work are paired even when neither declares it (``IS 2403:2014 —IDT→ ISO 606 ←inferred 0.93— GB/T
1243-2006``).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...catalog import reviews
from ...records import StandardRecord
from .inference import INFERENCE_VERSION, infer_adoptions

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AdoptionLink:
    """A national standard's link to an international work that no source declares."""

    work: str  # undated designation of the work: "IEC 60947-5-1"
    confidence: float  # the inference's probability, or 1.0 when the committee confirmed it
    evidence: str  # "inferred" or "reviewed"
    edition: str | None  # the international edition matched by time, when known


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


def adoption_decisions(catalog: Any) -> dict[tuple[str, str], str]:
    """The latest committee decision per (standard, work) on inferred adoptions."""
    return reviews.latest_decisions(catalog.db.conn, "adoption_reviews")


def infer_catalog_adoptions(
    catalog: Any, records: Sequence[StandardRecord], *, run_id: int | None = None, workers: int = 1
) -> InferenceSummary:
    """Infer the adopted work of every national record without a declared adoption; store the inferences."""
    started = time.perf_counter()
    national = [r for r in records if r.country != "INT"]
    international = [r for r in records if r.country == "INT"]
    summary = InferenceSummary(national=len(national), international=len(international))
    decisions = adoption_decisions(catalog)
    inferred = infer_adoptions(national, international, workers=workers) if international and national else []
    canonical = {r.designation: r.canonical for r in national}
    country = {r.canonical: r.country for r in national}
    ids = {r.canonical for r in international}
    rows: list[dict[str, Any]] = []
    for found in inferred:
        standard_id = canonical.get(found.national, found.national)
        if decisions.get((standard_id, found.international)) == "rejected":
            summary.rejected_skipped += 1
            continue
        runner = found.evidence.get("runner_up")
        rows.append(
            {
                "standard_id": standard_id,
                "work": found.international,
                "international_id": found.edition if found.edition in ids else None,
                "score": found.score,
                "evidence": found.evidence,
                "candidates": [runner] if runner else [],
            }
        )
    summary.confirmed_kept = sum(1 for (_, _), d in decisions.items() if d == "confirmed")
    summary.inferred = len(rows)
    summary.by_country = dict(sorted(Counter(country.get(r["standard_id"], "?") for r in rows).items()))
    catalog.replace_adoption_suggestions(rows, model_version=INFERENCE_VERSION, run_id=run_id)
    summary.seconds = round(time.perf_counter() - started, 3)
    log.info(
        "adoption inference: %d of %d national standards linked to an ISO/IEC work in %.1fs",
        summary.inferred,
        summary.national,
        summary.seconds,
    )
    return summary


def links_of(inferred: Sequence[Any], records: Sequence[StandardRecord]) -> dict[str, list[AdoptionLink]]:
    """Inferred adoptions (from :func:`~.inference.infer_adoptions`) as links, keyed by canonical designation."""
    canonical = {r.designation: r.canonical for r in records}
    links: dict[str, list[AdoptionLink]] = {}
    for found in inferred:
        key = canonical.get(found.national, found.national)
        links.setdefault(key, []).append(AdoptionLink(found.international, found.score, "inferred", found.edition))
    return links


def adoption_links(catalog: Any) -> dict[str, list[AdoptionLink]]:
    """Inferred adoptions not rejected, and adoptions confirmed by the committee, per national standard."""
    links: dict[str, list[AdoptionLink]] = {}
    decisions = adoption_decisions(catalog)
    for standard_id, work, score, edition in catalog.db.conn.execute(
        "SELECT standard_id, work, score, international_id FROM adoption_suggestions"
    ):
        decision = decisions.get((standard_id, work))
        if decision == "rejected":
            continue
        confirmed = decision == "confirmed"
        links.setdefault(standard_id, []).append(
            AdoptionLink(
                work, 1.0 if confirmed else float(score or 0.0), "reviewed" if confirmed else "inferred", edition
            )
        )
    inferred_pairs = {(s, link.work) for s, items in links.items() for link in items}
    for (standard_id, work), decision in decisions.items():
        if decision == "confirmed" and (standard_id, work) not in inferred_pairs:
            links.setdefault(standard_id, []).append(AdoptionLink(work, 1.0, "reviewed", None))
    return links


__all__ = [
    "AdoptionLink",
    "InferenceSummary",
    "adoption_decisions",
    "adoption_links",
    "infer_catalog_adoptions",
    "links_of",
]
