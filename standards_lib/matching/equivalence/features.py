"""The comparison stage: a (foreign, Chinese) pair read as named features (:data:`FEATURES`).

:func:`pair_features` reads the shared adoption of an ISO/IEC work by edition verdict, weighted by how sure
each link is (1 for a declared adoption, the inference model's probability for an inferred one), modified
and not-equivalent adoptions, adoptions of different works, title similarity in a shared language (or across
languages, :mod:`.crosslang`), ICS agreement, the SANS number hint, parts and status, with the evidence a
reviewer reads. The score over these features is :mod:`.scoring`'s.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from ...records import ISO_NUMBERING_COUNTRIES
from .crosslang import compare_across_languages, cross_similarity
from .profile import AdoptedWork, RecordProfile, parts_conflict

_LANG_ORDER = ("en", "zh", "ru", "pt")


#: The features of a pair, in the order of the model file.
FEATURES: tuple[str, ...] = (
    "adoption_shared",
    "adoption_other_edition",
    "adoption_edition_not_stated",
    "adoption_modified",
    "adoption_not_equivalent",
    "adoption_implied_by_number",
    "adoption_conflict",
    "title_similarity",
    "title_near_identical",
    "title_comparable",
    "crosslang_similarity",
    "crosslang_near_identical",
    "work_title_similarity",
    "ics_unknown",
    "ics_code",
    "ics_group",
    "ics_field",
    "ics_disjoint",
    "number_hint",
    "part_conflict",
    "part_missing",
    "chinese_inactive",
)
#: Similarities above this also feed a "near identical" feature, so the model can weigh the top of the range
#: more steeply than a single linear term allows.
NEAR_IDENTICAL = 0.8


TokenWeights = tuple[dict[str, float], float]  # {token: IDF weight}, total weight of the title


def title_similarity(
    a: str, b: str, a_weights: TokenWeights | None = None, b_weights: TokenWeights | None = None
) -> float:
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
            elif (ref_year := fa.year or ca.year) is not None:
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
    """The Chinese record's adopted work whose number equals the foreign designation's number (SANS 9001 ~ ISO 9001),
    only where that numbering convention holds (:data:`~standards_lib.records.ISO_NUMBERING_COUNTRIES`)."""
    if f.adoptions or f.implied or f.country not in ISO_NUMBERING_COUNTRIES:
        return None
    for ca in c.all_adoptions:
        if ca.number_key == f.number_key:
            return ca
    return None


def pair_features(
    f: RecordProfile, c: RecordProfile, *, explain: bool = False
) -> tuple[dict[str, float], str | None, bool, dict[str, Any]]:
    """``(features, relation from the shared adoption or None, parts conflict, evidence)`` of one pair.

    Titles in no shared language are compared across languages (:mod:`.crosslang`).
    """
    x: dict[str, float] = {}
    evidence: dict[str, Any] = {}
    relation: str | None = None
    shared = shared_adoption(f, c)
    if shared is not None:
        fa, ca, edition = shared
        relation = content_relation(fa, ca, edition)
        confidence = fa.confidence * ca.confidence
        if "number" in (fa.evidence, ca.evidence):
            x["adoption_implied_by_number"] = confidence
        elif relation == "related":  # NEQ: not an adoption, the works are related only
            x["adoption_not_equivalent"] = confidence
        else:
            x["adoption_shared"] = confidence
            if edition == "other":
                x["adoption_other_edition"] = confidence
            elif edition in ("near", "unknown"):
                x["adoption_edition_not_stated"] = confidence
            if "MOD" in (fa.degree, ca.degree):
                x["adoption_modified"] = confidence
        if explain:
            evidence["adoption"] = _adoption_evidence(f, c, fa, ca, edition, relation)
    elif f.all_adoptions and c.all_adoptions:
        weak = not f.adoptions or not c.adoptions  # one side's adoptions are only inferred or implied
        x["adoption_conflict"] = 0.5 if weak else 1.0
        if explain:
            evidence["adoption"] = {
                "shared": False,
                "foreign": sorted({a.ref for a in f.all_adoptions}),
                "chinese": sorted({a.ref for a in c.all_adoptions}),
                "note": "they adopt different international standards",
            }

    lang, sim = best_title(f, c)
    if lang is not None:
        x["title_similarity"], x["title_comparable"] = sim, 1.0
        if sim > NEAR_IDENTICAL:
            x["title_near_identical"] = (sim - NEAR_IDENTICAL) / (1 - NEAR_IDENTICAL)
        if explain:
            evidence["title"] = {
                "comparable": True,
                "language": lang,
                "similarity": round(sim, 3),
                "foreign": f.titles[lang],
                "chinese": c.titles[lang],
            }
    elif (found := compare_across_languages(f, c)) is not None:
        x["crosslang_similarity"] = found[0]
        if found[0] > NEAR_IDENTICAL:
            x["crosslang_near_identical"] = (found[0] - NEAR_IDENTICAL) / (1 - NEAR_IDENTICAL)
        if explain:
            evidence["title"] = {"comparable": True, "language": "across languages", **found[1]}
    elif explain:
        evidence["title"] = {"comparable": False, "reason": _no_shared_language(f, c)}

    level, codes = _ics_level(f.ics, c.ics, f.ics_groups, c.ics_groups, f.ics_fields, c.ics_fields)
    if level is not None:
        x[_ICS_FEATURE[level]] = 1.0
        if explain:
            evidence["ics"] = {"level": level, "shared": codes}
    else:  # one side has no ICS (the bulk Chinese lists): an offset of its own, learnt from wrong pairs too
        x["ics_unknown"] = 1.0

    if shared is None and f.work_titles and c.cross is not None and c.cross.lang != "en":
        # no shared link: the Chinese title against the English title of the work the foreign side adopts
        sims = {key: cross_similarity(c.cross, title) for key, title in f.work_titles.items()}
        key = max(sims, key=lambda k: sims[k])
        x["work_title_similarity"] = sims[key]
        if explain:
            evidence["work_title"] = {
                "work": next(a.work for a in f.adoptions if a.key == key),
                "similarity": round(sims[key], 3),
                "work_rendered": f.work_titles[key].text(),
                "chinese_rendered": c.cross.text(),
            }

    if shared is None:
        hint = number_hint(f, c)
        if hint is not None:
            x["number_hint"] = hint.confidence
            if explain:
                evidence["number_hint"] = (
                    f"{f.designation} carries the number of {hint.work}, "
                    f"which {c.designation} adopts" + (" (inferred)" if hint.evidence == "inferred" else "")
                )

    conflict = parts_conflict(f.parts, c.parts)
    if conflict:
        x["part_conflict"] = 1.0
    elif _part_only_one_side(f, c) or _part_only_one_side(c, f):
        x["part_missing"] = 1.0
    if explain and (f.parts or c.parts):
        evidence["parts"] = {
            "foreign": "-".join(f.parts or ()) or None,
            "chinese": "-".join(c.parts or ()) or None,
            "agree": not conflict if (f.parts and c.parts) else None,
        }
        if conflict:
            evidence["parts"]["note"] = "different parts: not the same standard"
        elif "part_missing" in x:
            evidence["parts"]["note"] = "only one of them is a part of a series"

    if c.inactive and not f.inactive:
        x["chinese_inactive"] = 1.0
        if explain:
            evidence["status"] = {"chinese": c.status, "note": "the Chinese standard is no longer current"}
    return x, relation, conflict, evidence


_ICS_FEATURE = {"code": "ics_code", "group": "ics_group", "field": "ics_field", "none": "ics_disjoint"}


def _part_only_one_side(a: RecordProfile, b: RecordProfile) -> bool:
    """``a`` is a part of a series, ``b`` shows no part anywhere (title, designation, adopted reference)."""
    return bool(a.parts) and not b.parts and not b.has_designation_parts


def _link(a: AdoptedWork) -> str:
    """How a standard is linked to the work, for the chain: its degree, or how the link was found."""
    if a.evidence == "inferred":
        return f"inferred {a.confidence:.2f}"
    if a.evidence == "number":
        return "same number"
    if a.evidence == "reviewed":
        return "confirmed"
    return a.degree if a.degree != "unknown" else "adopts"


def _editions(fa: AdoptedWork, ca: AdoptedWork) -> str:
    """The work in the middle of a chain: one reference, or both editions when they differ."""
    dated = [a.ref for a in (fa, ca) if a.year]
    if len(set(dated)) == 2:
        return f"{dated[0]} ≈ {dated[1]}"
    return dated[0] if dated else fa.ref


def _adoption_evidence(
    f: RecordProfile, c: RecordProfile, fa: AdoptedWork, ca: AdoptedWork, edition: str, relation: str
) -> dict[str, Any]:
    content = {
        "identical": "identical content",
        "equivalent": "modified or other edition",
        "related": "not equivalent (NEQ): related only",
    }[relation]
    data: dict[str, Any] = {
        "shared": True,
        "work": fa.work,
        "foreign_ref": fa.ref,
        "chinese_ref": ca.ref,
        "edition": {
            "same": "same edition",
            "other": "different editions of the same work",
            "near": "edition not stated on one side; national year within 3 years of the other's edition",
            "unknown": "edition not stated on one side",
        }[edition],
        "degrees": {"foreign": fa.degree, "chinese": ca.degree},
        "content": content,
        "chain": f"{f.id} —{_link(fa)}→ {_editions(fa, ca)} ←{_link(ca)}— {c.id}",
    }
    inferred = [a for a in (fa, ca) if a.evidence in ("inferred", "number", "reviewed")]
    if inferred:
        data["inferred"] = [
            f"{a.ref} inferred from {a.source}"
            if a.evidence == "inferred"
            else f"{a.ref} confirmed by the committee"
            if a.evidence == "reviewed"
            else f"{a.ref} implied by {a.source}"
            for a in inferred
        ]
    return data


def _no_shared_language(f: RecordProfile, c: RecordProfile) -> str:
    fl = "/".join(sorted(f.titles)) or "no title"
    cl = "/".join(sorted(c.titles)) or "no title"
    return f"{cl} vs {fl}, no shared language"


__all__ = [
    "FEATURES",
    "NEAR_IDENTICAL",
    "best_title",
    "content_relation",
    "number_hint",
    "pair_features",
    "shared_adoption",
    "title_similarity",
]
