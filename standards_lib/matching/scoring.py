"""Signals between a foreign and a Chinese standard, and their calibrated combination into a score.

Every signal adds a *logit contribution*; the score is the logistic of their sum::

    z = bias + adoption + title + ics + number_hint + part + status + adoption_conflict
    score = 1 / (1 + exp(-z))

The weights (:class:`Weights`) are hand-set so that the score reads as a probability that the pair is a
real equivalence, then checked against the curated gold set (``tests/data/gold``): a shared IDT adoption
of the same edition alone gives 0.97 (with agreeing titles and ICS, 1.0); a modified adoption of the
same edition alone 0.94; an English title similarity of 0.95 with a shared ICS code 0.97; a title
similarity of 0.85 alone 0.5 and of 0.75 alone 0.07; an ICS code alone 0.04. ``standards evaluate
--json`` prints the precision per score band (:func:`standards_lib.matching.evaluate.calibration_table`)
so the calibration can be checked on any reviewed set; on the gold set every band at or above 0.6 has
precision 1.0, and the bands between 0.35 and 0.5 hold the demoted other editions and "related"
suggestions. Pairs whose best possible score is under 1% (no shared adoption, poor title) are not scored
further: their score is that bound.

Part numbers are compared on their own: when both parts are known and disagree the pair is capped
(:attr:`Weights.part_conflict_cap`) and its relation is ``related`` whatever the other signals say.
Cross-language titles (Chinese against Russian only) are not compared: the evidence says so and the
title adds nothing (neither for nor against).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

from rapidfuzz import fuzz

from ..errors import MatchError
from .profile import AdoptedWork, RecordProfile, parts_conflict

RELATIONS = ("identical", "equivalent", "related")
_HOPELESS_LOGIT = math.log(0.01 / 0.99)  # pairs whose best possible score is below 1% are not scored further
_LANG_ORDER = ("en", "zh", "ru", "pt")


@dataclass(frozen=True, slots=True)
class Weights:
    """Logit weights and thresholds of the score (keyword arguments of ``suggest_equivalents``)."""

    bias: float = -4.0
    adoption_same_edition: float = 7.5
    adoption_edition_unknown: float = 7.0
    adoption_edition_near: float = 7.3
    adoption_other_edition: float = 6.0
    adoption_mod_factor: float = 0.9
    adoption_neq: float = 3.0
    inferred_factor: float = 0.8
    number_implied_factor: float = 0.5
    adoption_conflict: float = -3.0
    title_weight: float = 8.0
    title_pivot: float = 0.7
    title_span: float = 0.3
    title_floor: float = -4.0
    ics_code: float = 0.8
    ics_group: float = 0.5
    ics_field: float = 0.2
    ics_disjoint: float = -0.8
    number_hint: float = 3.5
    part_conflict: float = -6.0
    part_conflict_cap: float = 0.3
    part_missing: float = -1.5
    inactive: float = -0.7
    equivalent_min_score: float = 0.75

    @classmethod
    def from_options(cls, **options: Any) -> "Weights":
        """Weights with the given overrides; :class:`MatchError` naming an unknown weight."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise MatchError(f"unknown matching weight(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        try:
            return replace(cls(), **{k: float(v) for k, v in options.items()})
        except (TypeError, ValueError) as exc:
            raise MatchError(f"matching weights must be numbers: {exc}") from None


TokenWeights = tuple[dict[str, float], float]  # {token: IDF weight}, total weight of the title


def title_similarity(a: str, b: str, a_weights: TokenWeights | None = None,
                     b_weights: TokenWeights | None = None) -> float:
    """Similarity in [0, 1] of two normalised titles.

    Half rapidfuzz token-sort ratio (word order and spelling variants), half IDF-weighted Dice overlap of
    the tokens, so that the rare words that tell two standards of one series apart ("fans" vs "heat
    pumps" after a shared "household and similar electrical appliances - safety - particular
    requirements for") weigh more than the shared boilerplate. Without token weights: the token-sort ratio.
    """
    ratio = fuzz.token_sort_ratio(a, b) / 100.0
    if not a_weights or not b_weights:
        return ratio
    (wa, ta), (wb, tb) = a_weights, b_weights
    if len(wa) > len(wb):
        wa, wb = wb, wa
    shared = sum(w for t, w in wa.items() if t in wb)
    dice = 2 * shared / (ta + tb) if ta + tb else 0.0
    return 0.5 * ratio + 0.5 * dice


def best_title(f: RecordProfile, c: RecordProfile) -> tuple[str | None, float]:
    """The shared language with the highest title similarity, or (None, 0) when no language is shared."""
    best_lang, best = None, -1.0
    for lang in _LANG_ORDER:
        if lang in f.texts and lang in c.texts:
            sim = title_similarity(f.texts[lang], c.texts[lang], f.weights.get(lang), c.weights.get(lang))
            if sim > best:
                best_lang, best = lang, sim
    return best_lang, max(best, 0.0)


def _evidence_rank(a: AdoptedWork) -> int:
    return {"inferred": 1, "number": 1}.get(a.evidence, 0)


def shared_adoption(f: RecordProfile, c: RecordProfile) -> tuple[AdoptedWork, AdoptedWork, str] | None:
    """The best pair of adoptions of the same work, with the edition verdict.

    ``same`` / ``other`` when both references are dated; when one is undated, the national year of its
    record is compared with the other's reference year: a national standard cannot adopt an edition
    published after it (``other``), and one published 0-3 years after the edition most likely adopts it
    (``near``); otherwise ``unknown``.
    """
    best: tuple[int, AdoptedWork, AdoptedWork, str] | None = None
    for fa in f.all_adoptions:
        for ca in c.all_adoptions:
            if fa.key != ca.key:
                continue
            if fa.year and ca.year:
                edition = "same" if fa.year == ca.year else "other"
            elif fa.year or ca.year:
                ref_year = fa.year or ca.year
                national_year = c.year if fa.year else f.year
                gap = None if national_year is None else national_year - ref_year
                edition = "unknown" if gap is None else "other" if gap < 0 else "near" if gap <= 3 else "unknown"
            else:
                edition = "unknown"
            rank = {"same": 4, "near": 3, "unknown": 2, "other": 1}[edition] - _evidence_rank(fa) - _evidence_rank(ca)
            if best is None or rank > best[0]:
                best = (rank, fa, ca, edition)
    return None if best is None else (best[1], best[2], best[3])


def content_relation(fa: AdoptedWork, ca: AdoptedWork, edition: str) -> str:
    """What two adoptions of one work say about the pair: identical, equivalent or related."""
    degrees = {fa.degree, ca.degree}
    if "NEQ" in degrees:
        return "related"
    if degrees == {"IDT"} and edition != "other" and not (_evidence_rank(fa) or _evidence_rank(ca)):
        return "identical"
    return "equivalent"


def _ics_level(a, b, a_groups, b_groups, a_fields, b_fields) -> tuple[str | None, list[str]]:
    if not a or not b:
        return None, []
    if not a.isdisjoint(b):
        return "code", sorted(a & b)
    if not a_groups.isdisjoint(b_groups):
        return "group", sorted(a_groups & b_groups)
    if not a_fields.isdisjoint(b_fields):
        return "field", sorted(a_fields & b_fields)
    return "none", []


def number_hint(f: RecordProfile, c: RecordProfile) -> AdoptedWork | None:
    """The Chinese record's adopted work whose number equals the foreign designation's number (SANS 9001 ~ ISO 9001)."""
    if f.adoptions or f.implied:
        return None
    for ca in c.all_adoptions:
        if ca.number_key == f.number_key:
            return ca
    return None


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def score_pair(f: RecordProfile, c: RecordProfile, w: Weights, *, explain: bool = False) -> tuple[float, str, dict]:
    """Score one foreign/Chinese pair: ``(score, relation, evidence)`` (evidence only when ``explain``)."""
    contributions: dict[str, float] = {}
    evidence: dict[str, Any] = {}
    relation: str | None = None

    shared = shared_adoption(f, c)
    if shared is not None:
        fa, ca, edition = shared
        relation = content_relation(fa, ca, edition)
        if relation == "related":
            value = w.adoption_neq
        else:
            value = {"same": w.adoption_same_edition, "near": w.adoption_edition_near,
                     "unknown": w.adoption_edition_unknown, "other": w.adoption_other_edition}[edition]
            if "MOD" in (fa.degree, ca.degree):
                value *= w.adoption_mod_factor
        for a in (fa, ca):
            if a.evidence == "inferred":
                value *= w.inferred_factor
            elif a.evidence == "number":
                value *= w.number_implied_factor
        contributions["adoption"] = value
        if explain:
            evidence["adoption"] = _adoption_evidence(fa, ca, edition, relation)
    elif f.all_adoptions and c.all_adoptions:
        weak = not f.adoptions or not c.adoptions  # one side's adoptions are only inferred or implied
        contributions["adoption_conflict"] = w.adoption_conflict * (0.5 if weak else 1.0)
        if explain:
            evidence["adoption"] = {
                "shared": False,
                "foreign": sorted({a.ref for a in f.all_adoptions}),
                "chinese": sorted({a.ref for a in c.all_adoptions}),
                "note": "they adopt different international standards",
            }

    lang, sim = best_title(f, c)
    if lang is not None:
        t = w.title_weight * (sim - w.title_pivot) / w.title_span
        contributions["title"] = max(w.title_floor, min(w.title_weight, t))
        if explain:
            evidence["title"] = {"comparable": True, "language": lang, "similarity": round(sim, 3),
                                 "foreign": f.titles[lang], "chinese": c.titles[lang]}
    elif explain:
        evidence["title"] = {"comparable": False, "reason": _no_shared_language(f, c)}

    if not explain and shared is None and "title" in contributions:
        # hopeless pairs (no shared adoption, poor title) stop here: the rest cannot lift them above 1%
        upper = w.bias + sum(contributions.values()) + w.ics_code + (0.0 if f.adoptions or f.implied else w.number_hint)
        if upper < _HOPELESS_LOGIT:
            return _sigmoid(upper), "related", evidence

    level, codes = _ics_level(f.ics, c.ics, f.ics_groups, c.ics_groups, f.ics_fields, c.ics_fields)
    if level is not None:
        contributions["ics"] = {"code": w.ics_code, "group": w.ics_group, "field": w.ics_field,
                                "none": w.ics_disjoint}[level]
        if explain:
            evidence["ics"] = {"level": level, "shared": codes}

    if shared is None:
        hint = number_hint(f, c)
        if hint is not None:
            contributions["number_hint"] = w.number_hint * (w.inferred_factor if hint.evidence == "inferred" else 1.0)
            if explain:
                evidence["number_hint"] = (f"{f.designation} carries the number of {hint.work}, "
                                           f"which {c.designation} adopts" + (" (inferred)" if hint.evidence == "inferred" else ""))

    conflict = parts_conflict(f.parts, c.parts)
    if conflict:
        contributions["part"] = w.part_conflict
    elif _part_only_one_side(f, c) or _part_only_one_side(c, f):
        contributions["part"] = w.part_missing
    if explain and (f.parts or c.parts):
        evidence["parts"] = {"foreign": "-".join(f.parts or ()) or None, "chinese": "-".join(c.parts or ()) or None,
                             "agree": not conflict if (f.parts and c.parts) else None}
        if conflict:
            evidence["parts"]["note"] = "different parts: not the same standard"
        elif "part" in contributions:
            evidence["parts"]["note"] = "only one of them is a part of a series"

    if c.inactive and not f.inactive:
        contributions["status"] = w.inactive
        if explain:
            evidence["status"] = {"chinese": c.status, "note": "the Chinese standard is no longer current"}

    z = w.bias + sum(contributions.values())
    score = _sigmoid(z)
    if conflict:
        score = min(score, w.part_conflict_cap)
        relation = "related"
    elif relation is None:
        relation = "equivalent" if score >= w.equivalent_min_score else "related"
    if explain:
        evidence["signals"] = {k: round(v, 2) for k, v in contributions.items()}
        evidence["logit"] = round(z, 2)
    return score, relation, evidence


def _part_only_one_side(a: RecordProfile, b: RecordProfile) -> bool:
    """``a`` is a part of a series, ``b`` shows no part anywhere (title, designation, adopted reference)."""
    return bool(a.parts) and not b.parts and not b.has_designation_parts


def _adoption_evidence(fa: AdoptedWork, ca: AdoptedWork, edition: str, relation: str) -> dict[str, Any]:
    content = {"identical": "identical content", "equivalent": "modified or other edition",
               "related": "not equivalent (NEQ): related only"}[relation]
    data: dict[str, Any] = {
        "shared": True, "work": fa.work, "foreign_ref": fa.ref, "chinese_ref": ca.ref,
        "edition": {"same": "same edition", "other": "different editions of the same work",
                    "near": "edition not stated on one side; national year within 3 years of the other's edition",
                    "unknown": "edition not stated on one side"}[edition],
        "degrees": {"foreign": fa.degree, "chinese": ca.degree}, "content": content,
    }
    inferred = [a for a in (fa, ca) if a.evidence in ("inferred", "number")]
    if inferred:
        data["inferred"] = [f"{a.ref} inferred from the title of {a.source}" if a.evidence == "inferred"
                            else f"{a.ref} implied by {a.source}" for a in inferred]
    return data


def _no_shared_language(f: RecordProfile, c: RecordProfile) -> str:
    fl = "/".join(sorted(f.titles)) or "no title"
    cl = "/".join(sorted(c.titles)) or "no title"
    return f"{cl} vs {fl}, no shared language"


def summary_sentence(evidence: dict[str, Any]) -> str:
    """A one-line reading of the evidence for the committee."""
    bits: list[str] = []
    adoption = evidence.get("adoption")
    if adoption and adoption.get("shared"):
        degrees = adoption["degrees"]
        bits.append(f"both adopt {adoption['work']} ({degrees['foreign']}/{degrees['chinese']}, {adoption['edition']})"
                    + (" [inferred: " + "; ".join(adoption["inferred"]) + "]" if adoption.get("inferred") else ""))
    elif adoption:
        bits.append("they adopt different international standards")
    title = evidence.get("title") or {}
    if title.get("comparable"):
        bits.append(f"{title['language']} titles {round(100 * title['similarity'])}% similar")
    elif title:
        bits.append(f"titles not comparable ({title['reason']})")
    if evidence.get("number_hint"):
        bits.append("designation number hint")
    ics = evidence.get("ics")
    if ics and ics["level"] != "none":
        bits.append(f"ICS {ics['level']} shared ({', '.join(ics['shared'])})")
    parts = evidence.get("parts") or {}
    if parts.get("agree") is False:
        bits.append(f"different parts ({parts['foreign']} vs {parts['chinese']})")
    if evidence.get("status"):
        bits.append(f"Chinese standard {evidence['status']['chinese']}")
    return "; ".join(bits)


__all__ = [
    "RELATIONS", "Weights", "best_title", "content_relation", "number_hint", "score_pair",
    "shared_adoption", "summary_sentence", "title_similarity",
]
