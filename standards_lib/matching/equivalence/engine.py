"""The equivalence engine: suggest the Chinese equivalents of foreign standards.

:func:`suggest_equivalents` works on plain lists of :class:`StandardRecord`:

1. every record is profiled once (:mod:`.profile`: normalised titles, parts, adopted works, ICS);
2. links through international works (``links``: adoptions inferred across languages, or confirmed by the
   committee) and same-title adoptions (:mod:`.preparation`) give records without adoption data a probable
   adopted work, which links a Chinese record to every foreign adopter of that work, Russian ones included,
   whose titles could not be compared with Chinese ones;
3. blocking (:mod:`.blocking`) gives each foreign record a few dozen candidates;
4. each candidate is scored (:mod:`.scoring`); among candidates that are editions of one Chinese work
   only the best keeps its score, and a withdrawn standard ranks below its replacement;
5. the ``top_k`` candidates scoring at least ``min_score`` become :class:`Suggestion` objects with
   their evidence.

:func:`standards_lib.catalog_matching.match_catalog` runs it over a whole catalogue and stores the suggestions.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ...errors import MatchError
from ...records import FOREIGN_COUNTRIES, StandardRecord
from ..adoption.links import AdoptionLink
from ..workers import forked_map, use_workers
from .blocking import BlockingOptions, CandidateIndex
from .model import EquivalenceModel, ScoringRules, bundled_equivalence_model
from .preparation import ENGINE_OPTIONS, PARALLEL_MIN, EngineOptions, prepare_profiles
from .profile import RecordProfile
from .scoring import score_pair, summary_sentence

log = logging.getLogger(__name__)

#: Changes whenever the scoring or blocking changes, so stored suggestions say which engine made them.
MATCHER_VERSION = "equivalence-1.2"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested equivalence between a foreign standard and a Chinese one."""

    foreign_id: str
    chinese_id: str
    rank: int
    score: float
    relation: str
    evidence: dict[str, Any]

    def to_row(self) -> dict[str, Any]:
        """The row for :meth:`Catalog.replace_suggestions` (evidence stays a dict; the catalogue stores JSON)."""
        return {
            "foreign_id": self.foreign_id,
            "chinese_id": self.chinese_id,
            "rank": self.rank,
            "score": round(self.score, 4),
            "relation": self.relation,
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class MatchSummary:
    """What a matching run did."""

    foreign: int
    chinese: int
    international: int
    suggestions: int
    foreign_with_suggestion: int
    by_relation: dict[str, int]
    same_title_links: int  # pairs joined by the same-language title rule (not the adoption inference)
    seconds: float
    matcher_version: str = MATCHER_VERSION
    written: int | None = None
    #: country -> {"foreign": standards, "with_suggestion": n, relation of the best suggestion: n}
    by_country: dict[str, dict[str, int]] = field(default_factory=dict)
    hub_links: int = 0
    #: what the cross-language adoption inference did (see :mod:`..adoption.links`)
    adoption_inference: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def suggest_equivalents(
    foreign: Sequence[StandardRecord],
    chinese: Sequence[StandardRecord],
    *,
    top_k: int = 5,
    min_score: float = 0.35,
    international: Sequence[StandardRecord] = (),
    blocking: BlockingOptions | None = None,
    model: EquivalenceModel | None = None,
    links: Mapping[str, Sequence[AdoptionLink]] | None = None,
    **options: Any,
) -> list[Suggestion]:
    """Ranked Chinese equivalents of each foreign standard (at most ``top_k`` each, score >= ``min_score``).

    ``international`` records (ISO/IEC, with English titles) give adoption context for inference.
    ``model`` is the fitted equivalence model (the bundled one by default); ``links`` the works national
    standards are linked to by adoption inference or the committee (canonical designation -> links). Other keyword
    arguments override the model's rules (:class:`.model.ScoringRules`: caps, multipliers, the decision threshold)
    or are the engine options ``infer`` (bool), ``infer_min_similarity``, ``infer_margin`` and ``workers`` (processes scoring the foreign records: 1 by default, 0 for one per
    CPU; more than one forks the process, on platforms that can, for 5,000 foreign records or more).
    Raises :class:`MatchError` for an unknown option or a bad ``top_k``/``min_score``.
    """
    suggestions, _ = _run(foreign, chinese, international, top_k, min_score, blocking, model, links, options)
    return suggestions


def _run(
    foreign: Sequence[StandardRecord],
    chinese: Sequence[StandardRecord],
    international: Sequence[StandardRecord],
    top_k: int,
    min_score: float,
    blocking: BlockingOptions | None,
    model: EquivalenceModel | None,
    links: Mapping[str, Sequence[AdoptionLink]] | None,
    options: dict[str, Any],
) -> tuple[list[Suggestion], Counter[str]]:
    if top_k < 1:
        raise MatchError(f"top_k must be at least 1, not {top_k}")
    if not 0.0 <= min_score <= 1.0:
        raise MatchError(f"min_score must be between 0 and 1, not {min_score}")
    engine = EngineOptions(**{k: options.pop(k) for k in ENGINE_OPTIONS if k in options})
    model = model or bundled_equivalence_model()
    weights = (model, model.rules.overridden(**options))
    f_profiles, c_profiles, index = prepare_profiles(foreign, chinese, international, blocking, engine, links)

    def suggest(lo: int, hi: int) -> list[tuple[list[Suggestion], int]]:
        """Suggestions for the foreign profiles ``lo:hi``, with the number of candidates scored."""
        stats: Counter[str] = Counter()
        found: list[Suggestion] = []
        for fp in f_profiles[lo:hi]:
            found.extend(_suggest_one(fp, c_profiles, index, weights, engine, stats, top_k, min_score))
        return [(found, stats["candidates"])]

    workers = use_workers(engine.workers, len(f_profiles), PARALLEL_MIN)
    if workers > 1:
        parts = forked_map(suggest, len(f_profiles), workers, what="equivalence matching")
    else:
        parts = suggest(0, len(f_profiles))
    engine.stats["candidates"] += sum(n for _, n in parts)
    return [s for part, _ in parts for s in part], engine.stats


def _suggest_one(
    fp: RecordProfile,
    c_profiles: Sequence[RecordProfile],
    index: CandidateIndex,
    weights: tuple[EquivalenceModel, ScoringRules],
    engine: EngineOptions,
    stats: Counter[str],
    top_k: int,
    min_score: float,
) -> list[Suggestion]:
    rules = weights[1]
    index.weigh(fp)
    candidates = index.candidates(fp)
    stats["candidates"] += len(candidates)
    scored: list[tuple[float, int]] = []
    for i in candidates:
        score, _, _ = score_pair(fp, c_profiles[i], *weights)
        scored.append((score, i))
    scored.sort(key=lambda si: (-si[0], c_profiles[si[1]].id))
    # editions of one Chinese work, and withdrawn standards whose replacement is a candidate, rank lower
    best_of_work: dict[str, float] = {}
    score_by_id = {c_profiles[i].id: s for s, i in scored}
    adjusted: list[tuple[float, int, tuple[str, str] | None]] = []
    for score, i in scored:
        cp = c_profiles[i]
        note = None
        if cp.work_key in best_of_work:
            score *= rules.superseded_factor
            note = ("edition_note", "another edition of the same Chinese standard ranks higher")
        else:
            best_of_work[cp.work_key] = score
        if cp.inactive and note is None:
            replacements = [r for r in cp.replaced_by if score_by_id.get(r, -1.0) >= score - rules.replacement_margin]
            if replacements:
                score *= rules.superseded_factor
                note = (
                    "replacement_note",
                    f"replaced by {replacements[0]}, also suggested: the replacement ranks above it",
                )
        adjusted.append((score, i, note))
    adjusted.sort(key=lambda t: (-t[0], c_profiles[t[1]].id))
    result: list[Suggestion] = []
    for score, i, note in adjusted:
        if score < min_score or len(result) >= top_k:
            break
        cp = c_profiles[i]
        _, relation, evidence = score_pair(fp, cp, *weights, explain=True)
        if note:
            evidence[note[0]] = note[1]
            relation = "related"
        evidence["found_by"] = candidates[i]
        evidence["summary"] = summary_sentence(evidence)
        result.append(Suggestion(fp.id, cp.id, len(result) + 1, round(score, 4), relation, evidence))
    return result


def split_by_side(
    records: Iterable[StandardRecord],
) -> tuple[list[StandardRecord], list[StandardRecord], list[StandardRecord]]:
    """``(foreign, chinese, international)`` records: BR/RU/IN/ZA, CN and INT."""
    foreign: list[StandardRecord] = []
    chinese: list[StandardRecord] = []
    international: list[StandardRecord] = []
    for record in records:
        if record.country == "CN":
            chinese.append(record)
        elif record.country in FOREIGN_COUNTRIES:
            foreign.append(record)
        elif record.country == "INT":
            international.append(record)
    return foreign, chinese, international


def summarize(
    foreign: Sequence[StandardRecord],
    chinese: int,
    international: int,
    suggestions: Sequence[Suggestion],
    stats: Counter,
    seconds: float,
) -> MatchSummary:
    relations = Counter(s.relation for s in suggestions if s.rank == 1)
    country_of = {r.canonical: r.country for r in foreign}
    by_country: dict[str, dict[str, int]] = {}
    for r in foreign:
        row = by_country.setdefault(
            r.country, {"foreign": 0, "with_suggestion": 0, "identical": 0, "equivalent": 0, "related": 0}
        )
        row["foreign"] += 1
    for s in suggestions:
        if s.rank == 1:
            row = by_country[country_of[s.foreign_id]]
            row["with_suggestion"] += 1
            row[s.relation] += 1
    return MatchSummary(
        foreign=len(foreign),
        chinese=chinese,
        international=international,
        suggestions=len(suggestions),
        foreign_with_suggestion=len({s.foreign_id for s in suggestions}),
        by_relation={r: relations.get(r, 0) for r in ("identical", "equivalent", "related")},
        same_title_links=stats["inferred"],
        seconds=round(seconds, 3),
        by_country=dict(sorted(by_country.items())),
        hub_links=stats["hub_links"],
    )


def match_records(
    records: Iterable[StandardRecord], *, top_k: int = 5, min_score: float = 0.35, **options: Any
) -> tuple[list[Suggestion], MatchSummary]:
    """Split records by side, run the engine, and summarise. Keyword arguments are those of
    :func:`suggest_equivalents` (``blocking``, ``model``, ``links``, scoring rules and engine options)."""
    started = time.perf_counter()
    foreign, chinese, international = split_by_side(records)
    blocking, model, links = options.pop("blocking", None), options.pop("model", None), options.pop("links", None)
    suggestions, stats = _run(foreign, chinese, international, top_k, min_score, blocking, model, links, options)
    summary = summarize(foreign, len(chinese), len(international), suggestions, stats, time.perf_counter() - started)
    return suggestions, summary


__all__ = [
    "MATCHER_VERSION",
    "MatchSummary",
    "Suggestion",
    "match_records",
    "split_by_side",
    "suggest_equivalents",
]
