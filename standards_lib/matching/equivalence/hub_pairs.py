"""Labelled foreign–Chinese pairs on real data, through the ISO/IEC hub, split by international series.

A foreign standard (Russian, Indian, …) that **declares** the adoption of an ISO/IEC work and a Chinese standard
linked to the same work are a right pair; the Chinese link may be declared (samr pages), confirmed (the
project's adoption labels, ``tests/data/adoption_gold``, or the committee) or inferred (adoption inference
across languages, at its threshold). At least one side is declared or confirmed: the foreign side always is.
Wrong pairs are the engine's own candidates of the labelled foreign standards that are not right (similar
titles, shared ICS, other adopters), plus hard negatives added on purpose: other parts of the same
international series, and other Chinese standards sharing an ICS code with the foreign one.

:func:`split_key` puts every pair in a half by a stable hash of the **international series** (the work without
its part: ``IEC|60947``), so that no work, and no part of one series, has pairs in both halves; each Chinese
standard gets the half of the work it is linked to (or of its own designation when unlinked), and a pair whose
two sides fall in different halves is left out. A held-out figure then measures works and Chinese standards
never seen in fitting.
"""

from __future__ import annotations

import hashlib
import logging
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...records import StandardRecord
from ..adoption.links import AdoptionLink
from .profile import resolve_reference

log = logging.getLogger(__name__)

#: Countries whose declared adoptions label pairs (Brazil and South Africa have no real catalogue here).
LABELLED_COUNTRIES = frozenset({"RU", "IN", "BR", "ZA"})
#: Hard negatives per foreign standard sharing an ICS code (drawn at random, seeded), besides the candidates.
ICS_NEGATIVES = 5


def series_of(work_key: str) -> str:
    """The international series of a work key: the key without its part (``ISO|IEC|60947-5-1`` -> ``ISO|IEC|60947``)."""
    family, _, number = work_key.rpartition("|")
    return f"{family}|{number.split('-')[0]}" if family else work_key


def split_key(key: str) -> str:
    """``tune`` or ``heldout``: a stable half of a series (or of a designation, for an unlinked standard)."""
    return "tune" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def work_key_of(ref: str) -> str | None:
    """The work key of an international reference, None when it does not parse."""
    resolved = resolve_reference(ref)
    return None if resolved is None else resolved[1]


@dataclass(slots=True)
class HubPairs:
    """Right and wrong pairs through the hub, with the half and the origin of every pair."""

    right: dict[tuple[str, str], str] = field(default_factory=dict)  # pair -> origin of the Chinese link
    wrong: dict[tuple[str, str], str] = field(default_factory=dict)  # pair -> why it is a hard negative
    half: dict[tuple[str, str], str] = field(default_factory=dict)
    foreign_work: dict[str, str] = field(default_factory=dict)  # labelled foreign standard -> its work key
    chinese_half: dict[str, str] = field(default_factory=dict)
    dropped_across_halves: int = 0

    def half_of(self, pair: tuple[str, str]) -> str | None:
        """The half of any pair of a labelled foreign standard (a candidate too); None when its sides disagree."""
        if pair in self.half:
            return self.half[pair]
        half = split_key(series_of(self.foreign_work[pair[0]]))
        return half if self.chinese_half.get(pair[1], half) == half else None

    def pairs_of(self, half: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """``(right, wrong)`` pairs of one half."""
        right = {p for p in self.right if self.half[p] == half}
        wrong = {p for p in self.wrong if self.half[p] == half}
        return right, wrong

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for half in ("tune", "heldout"):
            right, wrong = self.pairs_of(half)
            origins: dict[str, int] = defaultdict(int)
            for p in right:
                origins[f"right ({self.right[p]})"] += 1
            out[half] = {
                "foreign": len({f for f, _ in right}),
                "right": len(right),
                "wrong (hard negatives)": len(wrong),
                "series": len({series_of(self.foreign_work[f]) for f, _ in right}),
                **dict(sorted(origins.items())),
            }
        return out


def chinese_links(
    chinese: Sequence[StandardRecord],
    confirmed: Mapping[str, str | None],
    links: Mapping[str, Sequence[AdoptionLink]],
) -> dict[str, tuple[str | None, str]]:
    """Chinese standard -> ``(work key or None for a known non-adopter, origin)``: declared, confirmed, or
    inferred (the links of adoption inference), in that order of trust."""
    known: dict[str, tuple[str | None, str]] = {}
    for r in chinese:
        declared = [k for a in r.adoptions if a.degree != "NEQ" and (k := work_key_of(a.ref))]
        if declared:
            known[r.canonical] = (declared[0], "declared")
        elif r.canonical in confirmed:
            work = confirmed[r.canonical]
            known[r.canonical] = (work_key_of(work) if work else None, "confirmed")
        elif inferred := [k for link in links.get(r.canonical, ()) if (k := work_key_of(link.work))]:
            known[r.canonical] = (inferred[0], "inferred")
    return known


def hub_pairs(
    foreign: Sequence[StandardRecord],
    chinese: Sequence[StandardRecord],
    *,
    confirmed: Mapping[str, str | None],
    links: Mapping[str, Sequence[AdoptionLink]],
    seed: int = 16,
) -> HubPairs:
    """Label the pairs of the foreign standards declaring an ISO/IEC adoption.

    ``confirmed``: Chinese designation -> the work it adopts (None: adopts none) by a confirmed label;
    ``links``: the inferred links of the run. The engine's own candidates of the labelled foreign standards are
    wrong unless right too (:func:`.training.labelled_examples` adds them; :meth:`HubPairs.half_of` splits them)."""
    rng = random.Random(seed)
    known = chinese_links(chinese, confirmed, links)
    by_work: dict[str, list[str]] = defaultdict(list)
    by_series: dict[str, list[str]] = defaultdict(list)
    by_ics: dict[str, list[str]] = defaultdict(list)
    for cid, (work, _) in known.items():
        if work:
            by_work[work].append(cid)
            by_series[series_of(work)].append(cid)
    for r in chinese:
        for code in r.ics:
            by_ics[code].append(r.canonical)
    out = HubPairs()
    out.chinese_half = {
        r.canonical: split_key(series_of(w)) if (w := known.get(r.canonical, (None, ""))[0]) else split_key(r.work_key)
        for r in chinese
    }
    for f in foreign:
        if f.country not in LABELLED_COUNTRIES:
            continue
        works = {k for a in f.adoptions if a.degree != "NEQ" and (k := work_key_of(a.ref))}
        if len(works) != 1:  # no declared adoption, or several works (a bundle): not a clean label
            continue
        work = next(iter(works))
        half = split_key(series_of(work))
        out.foreign_work[f.canonical] = work
        right = {cid: known[cid][1] for cid in by_work.get(work, ())}
        wrong: dict[str, str] = {}
        for cid in by_series.get(series_of(work), ()):
            if cid not in right:
                wrong.setdefault(cid, "other part of the series")
        same_ics = sorted({cid for code in f.ics for cid in by_ics.get(code, ()) if cid not in right})
        for cid in rng.sample(same_ics, min(ICS_NEGATIVES, len(same_ics))):
            wrong.setdefault(cid, "same ICS")
        for cid, origin in right.items():
            _keep(out, (f.canonical, cid), half, out.chinese_half[cid], origin, out.right)
        for cid, why in wrong.items():
            _keep(out, (f.canonical, cid), half, out.chinese_half.get(cid, half), why, out.wrong)
    log.info("hub pairs: %s (%d left out across halves)", out.counts(), out.dropped_across_halves)
    return out


def _keep(out: HubPairs, pair: tuple[str, str], half: str, other: str, origin: str, into: dict) -> None:
    if half != other:
        out.dropped_across_halves += 1
        return
    into[pair] = origin
    out.half[pair] = half


__all__ = ["HubPairs", "chinese_links", "hub_pairs", "series_of", "split_key", "work_key_of"]
