"""The scoring and decision stages: a pair's features combined into a calibrated score, and its relation.

The score is the logistic model of :mod:`.model` over the features of :mod:`.features`, **fitted on real
pairs through the hub** (``scripts/fit_equivalence_model.py``), never hand-set. Each feature's contribution to
the logit is kept in the evidence (``signals``), so the site can draw it.

The rules applied after the model are facts, not evidence to weigh, and are stored with the model
(:class:`~.model.ScoringRules`): when both parts are known and disagree the pair is capped and its relation
is ``related``; a pair whose shared adoption is NEQ on one side is capped; identical Chinese titles lift a
pair to the Chinese-title floor; and the relation (identical, equivalent, related) follows the degrees and
editions of the shared adoption, or the model's decision threshold when there is none.
"""

from __future__ import annotations

from typing import Any

from ..logistic import sigmoid
from .chinese_titles import chinese_title_rule
from .features import pair_features, shared_adoption
from .model import EquivalenceModel, ScoringRules
from .profile import RecordProfile

RELATIONS = ("identical", "equivalent", "related")


def score_pair(
    f: RecordProfile,
    c: RecordProfile,
    model: EquivalenceModel,
    rules: ScoringRules | None = None,
    *,
    explain: bool = False,
) -> tuple[float, str, dict]:
    """Score one foreign/Chinese pair: ``(score, relation, evidence)`` (evidence only when ``explain``).

    ``rules`` are the model's own unless given (the model's with options overridden)."""
    rules = rules or model.rules
    x, relation, conflict, evidence = pair_features(f, c, explain=explain)
    contributions = model.contributions(x)
    z = model.intercept + sum(contributions.values())
    score = sigmoid(z)
    if conflict:
        score = min(score, rules.part_conflict_cap)
        relation = "related"
    elif "adoption_not_equivalent" in x:  # NEQ declares the content not equivalent: never a likely equivalent
        score = min(score, rules.not_equivalent_cap)
    elif "adoption_shared" in x and inferred_chain(f, c):  # two guesses joined: a lead, not an equivalence
        score, relation = min(score, rules.inferred_chain_cap), "related"
        if explain:
            evidence["inferred_chain"] = True
    # identical Chinese titles (the committee's translation), parts agreeing: the strongest same-language signal
    score, chinese_title = chinese_title_rule(score, x, conflict, f, c, rules.chinese_title_floor)
    if relation is None:  # a part conflict has set it already
        relation = "equivalent" if score >= rules.equivalent_min_score else "related"
    if explain:
        if chinese_title:
            evidence["chinese_title"] = chinese_title
        evidence["signals"] = {k: round(v, 2) for k, v in contributions.items()}
        evidence["features"] = {k: round(v, 3) for k, v in x.items()}
        evidence["logit"] = round(z, 2)
        evidence["model"] = model.version
    return score, relation, evidence


def inferred_chain(f: RecordProfile, c: RecordProfile) -> bool:
    """True when the work the pair shares is linked on both sides by title inference only (the committee has
    confirmed neither link and no source declares either)."""
    shared = shared_adoption(f, c)
    return shared is not None and shared[0].evidence == "inferred" and shared[1].evidence == "inferred"


def summary_sentence(evidence: dict[str, Any]) -> str:
    """A one-line reading of the evidence for the committee."""
    bits: list[str] = []
    chinese_title = evidence.get("chinese_title") or {}
    if chinese_title:
        bits.append(chinese_title.get("not_applied") or chinese_title["sentence"])
    adoption = evidence.get("adoption")
    if adoption and adoption.get("shared"):
        degrees = adoption["degrees"]
        bits.append(
            f"both adopt {adoption['work']} ({degrees['foreign']}/{degrees['chinese']}, {adoption['edition']})"
            + (" [inferred: " + "; ".join(adoption["inferred"]) + "]" if adoption.get("inferred") else "")
        )
    elif adoption:
        bits.append("they adopt different international standards")
    title = evidence.get("title") or {}
    if title.get("comparable"):
        bits.append(f"{title['language']} titles {round(100 * title['similarity'])}% similar")
    elif title:
        bits.append(f"titles not comparable ({title['reason']})")
    work_title = evidence.get("work_title")
    if work_title:
        bits.append(f"Chinese title {round(100 * work_title['similarity'])}% like the title of {work_title['work']}")
    if evidence.get("inferred_chain"):
        bits.append("both links inferred from titles: a lead to check, not an equivalence")
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


__all__ = ["RELATIONS", "score_pair", "summary_sentence"]
