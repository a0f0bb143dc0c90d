"""The equivalence engine: suggest the Chinese equivalents of foreign standards, and write them to the catalogue.

:func:`suggest_equivalents` works on plain lists of :class:`StandardRecord`:

1. every record is profiled once (:mod:`.profile`: normalised titles, parts, adopted works, ICS);
2. adoption inference: a Chinese record without adoption data whose title matches (same language,
   similarity >= ``infer_min_similarity``, parts agreeing) the title of a foreign or international record
   that adopts ISO/IEC X is given a *probable* adoption of X, marked ``inferred`` with the record it came
   from; it then links that Chinese record to every foreign adopter of X, Russian ones included, whose
   titles could not be compared with Chinese ones;
3. blocking (:mod:`.blocking`) gives each foreign record a few dozen candidates;
4. each candidate is scored (:mod:`.scoring`); among candidates that are editions of one Chinese work
   only the best keeps its score, and a withdrawn standard ranks below its replacement;
5. the ``top_k`` candidates scoring at least ``min_score`` become :class:`Suggestion` objects with
   their evidence.

:func:`match_catalog` reads the records from a :class:`~standards_lib.catalog.Catalog`, runs the engine
and replaces the catalogue's suggestions (never its reviews).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..errors import MatchError
from ..records import FOREIGN_COUNTRIES, StandardRecord
from .blocking import BlockingOptions, CandidateIndex, TokenIndex
from .logistic import LogisticModel
from .profile import AdoptedWork, RecordProfile, adopted_work, parts_conflict, profile_record
from .scoring import ScoringRules, bundled_equivalence_model, score_pair, summary_sentence, title_similarity

log = logging.getLogger(__name__)

#: Changes whenever the scoring or blocking changes, so stored suggestions say which engine made them.
MATCHER_VERSION = "equivalence-1.0"

_ENGINE_OPTIONS = (
    "infer",
    "infer_min_similarity",
    "infer_margin",
    "superseded_factor",
    "replacement_margin",
    "workers",
)


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
    inferred_adoptions: int
    seconds: float
    matcher_version: str = MATCHER_VERSION
    written: int | None = None
    #: country -> {"foreign": standards, "with_suggestion": n, relation of the best suggestion: n}
    by_country: dict[str, dict[str, int]] = field(default_factory=dict)
    hub_links: int = 0
    #: what the cross-language adoption inference did (see :mod:`.catalog_inference`)
    adoption_inference: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class _EngineOptions:
    infer: bool = True
    infer_min_similarity: float = 0.9
    infer_margin: float = 0.03
    superseded_factor: float = 0.45
    replacement_margin: float = 0.0
    workers: int = 1
    stats: Counter = field(default_factory=Counter)


def suggest_equivalents(
    foreign: Sequence[StandardRecord],
    chinese: Sequence[StandardRecord],
    *,
    top_k: int = 5,
    min_score: float = 0.35,
    international: Sequence[StandardRecord] = (),
    blocking: BlockingOptions | None = None,
    model: LogisticModel | None = None,
    **options: Any,
) -> list[Suggestion]:
    """Ranked Chinese equivalents of each foreign standard (at most ``top_k`` each, score >= ``min_score``).

    ``international`` records (ISO/IEC, with English titles) give adoption context for inference.
    ``model`` is the fitted equivalence model (the bundled one by default). Other keyword arguments are the
    rules of :class:`.scoring.ScoringRules` and the engine
    options ``infer`` (bool), ``infer_min_similarity``, ``infer_margin``, ``superseded_factor``,
    ``replacement_margin`` and ``workers`` (processes scoring the foreign records: 1 by default, 0 for one per
    CPU; more than one forks the process, on platforms that can, for 5,000 foreign records or more).
    Raises :class:`MatchError` for an unknown option or a bad ``top_k``/``min_score``.
    """
    suggestions, _ = _run(foreign, chinese, international, top_k, min_score, blocking, {**options, "model": model})
    return suggestions


def _run(foreign, chinese, international, top_k, min_score, blocking, options):
    if top_k < 1:
        raise MatchError(f"top_k must be at least 1, not {top_k}")
    if not 0.0 <= min_score <= 1.0:
        raise MatchError(f"min_score must be between 0 and 1, not {min_score}")
    engine = _EngineOptions(**{k: options.pop(k) for k in _ENGINE_OPTIONS if k in options})
    model = options.pop("model", None) or bundled_equivalence_model()
    links = options.pop("links", None)
    weights = (model, ScoringRules.from_options(**options))
    f_profiles, c_profiles, index = prepare_profiles(foreign, chinese, international, blocking, engine, links)
    workers = engine.workers if engine.workers > 0 else (os.cpu_count() or 1)
    if workers > 1 and len(f_profiles) >= _PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
        return _run_forked(f_profiles, c_profiles, index, weights, engine, top_k, min_score, workers)
    suggestions: list[Suggestion] = []
    for fp in f_profiles:
        suggestions.extend(_suggest_one(fp, c_profiles, index, weights, engine, top_k, min_score))
    return suggestions, engine.stats


def prepare_profiles(
    foreign: Sequence[StandardRecord],
    chinese: Sequence[StandardRecord],
    international: Sequence[StandardRecord],
    blocking: BlockingOptions | None = None,
    engine: _EngineOptions | None = None,
    links: Mapping[str, Sequence[Any]] | None = None,
) -> tuple[list[RecordProfile], list[RecordProfile], CandidateIndex]:
    """Profile both sides, add the hub links (inferred or confirmed adoptions, see :mod:`.catalog_inference`),
    index the Chinese side and infer same-language adoptions: what scoring needs."""
    engine = engine or _EngineOptions()
    # a foreign record with a Chinese title (the committee's translation) is compared in Chinese: no English stems
    f_profiles = [profile_record(r, cross=not r.titles.get("zh")) for r in foreign]
    c_profiles = [profile_record(r) for r in chinese]
    i_profiles = [profile_record(r, cross=False) for r in international]
    if links:
        engine.stats["hub_links"] += add_links(f_profiles, links) + add_links(c_profiles, links)
    index = CandidateIndex(c_profiles, blocking)
    if engine.infer:
        infer_adoptions(c_profiles, f_profiles + i_profiles, engine, index)
    return f_profiles, c_profiles, index


def add_links(profiles: Sequence[RecordProfile], links: Mapping[str, Sequence[Any]]) -> int:
    """Give profiles the works they are linked to through the hub; returns how many links were added."""
    added = 0
    for profile in profiles:
        for link in links.get(profile.id, ()):
            what = (
                f"its title across languages through the ISO/IEC catalogue (score {link.confidence:.2f})"
                if link.evidence == "inferred"
                else "the committee"
            )
            work = adopted_work(link.edition or link.work, "unknown", link.evidence, source=what)
            if work is not None and all(a.key != work.key for a in profile.adoptions):
                profile.add_inferred(replace(work, confidence=link.confidence))
                if work.parts and not profile.adoptions:  # the linked work numbers the part internationally
                    profile.parts, profile.parts_source = work.parts, "linked international work"
                added += 1
    return added


#: State shared with forked workers (set just before forking, read-only in the children).
_FORK_STATE: dict[str, Any] = {}
_PARALLEL_MIN = 5000


def _fork_map(function: Any, chunks: list[tuple[int, int]], workers: int) -> list[Any]:
    """``function`` over ``chunks`` in forked processes. ``gc.freeze()`` keeps the garbage collector of the
    children from writing to every inherited object, so the shared pages stay shared (copy-on-write)."""
    gc.collect()
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(function, chunks)
    finally:
        gc.unfreeze()


def _forked_chunk(bounds: tuple[int, int]) -> tuple[list[Suggestion], int]:
    st = _FORK_STATE
    engine: _EngineOptions = st["engine"]
    engine.stats = Counter()
    result: list[Suggestion] = []
    for fp in st["foreign"][bounds[0] : bounds[1]]:
        result.extend(_suggest_one(fp, st["chinese"], st["index"], st["weights"], engine, st["top_k"], st["min_score"]))
    return result, engine.stats["candidates"]


def _run_forked(f_profiles, c_profiles, index, weights, engine, top_k, min_score, workers):
    """Score the foreign records in ``workers`` forked processes sharing the index (copy-on-write)."""
    _FORK_STATE.update(
        foreign=f_profiles,
        chinese=c_profiles,
        index=index,
        weights=weights,
        engine=engine,
        top_k=top_k,
        min_score=min_score,
    )
    step = -(-len(f_profiles) // (workers * 4))
    chunks = [(lo, min(lo + step, len(f_profiles))) for lo in range(0, len(f_profiles), step)]
    try:
        parts = _fork_map(_forked_chunk, chunks, workers)
    finally:
        _FORK_STATE.clear()
    suggestions = [s for part, _ in parts for s in part]
    engine.stats["candidates"] += sum(n for _, n in parts)
    return suggestions, engine.stats


def _suggest_one(
    fp: RecordProfile,
    c_profiles,
    index: CandidateIndex,
    weights: tuple[LogisticModel, ScoringRules],
    engine: _EngineOptions,
    top_k: int,
    min_score: float,
) -> list[Suggestion]:
    index.weigh(fp)
    candidates = index.candidates(fp)
    engine.stats["candidates"] += len(candidates)
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
            score *= engine.superseded_factor
            note = ("edition_note", "another edition of the same Chinese standard ranks higher")
        else:
            best_of_work[cp.work_key] = score
        if cp.inactive and note is None:
            replacements = [r for r in cp.replaced_by if score_by_id.get(r, -1.0) >= score - engine.replacement_margin]
            if replacements:
                score *= engine.superseded_factor
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


def infer_adoptions(
    chinese: Sequence[RecordProfile],
    adopters: Sequence[RecordProfile],
    engine: _EngineOptions | None = None,
    index: CandidateIndex | None = None,
) -> int:
    """Give Chinese profiles without adoptions the work adopted by a record with a (near-)identical title.

    Returns the number of Chinese profiles given an inferred adoption (and re-indexes them in ``index``).
    An inference needs a title similarity of at least ``infer_min_similarity`` in a shared language,
    agreeing parts, and a margin of ``infer_margin`` over the best title of any record adopting *another*
    work (otherwise it is ambiguous and not made).
    """
    engine = engine or _EngineOptions()
    index = index or CandidateIndex(chinese)
    with_adoptions = [p for p in adopters if p.adoptions or p.implied]
    if not with_adoptions:
        return 0
    by_lang: dict[str, TokenIndex] = {}
    for lang in {lang for p in with_adoptions for lang in p.tokens}:
        members = [i for i, p in enumerate(with_adoptions) if lang in p.tokens]
        token_index = TokenIndex(len(members))
        for i in members:
            token_index.add(i, with_adoptions[i].tokens[lang])
        token_index.freeze()
        by_lang[lang] = token_index
    for p in with_adoptions:
        index.weigh(p)
    todo = [i for i, cp in enumerate(chinese) if not cp.adoptions and cp.tokens]
    state = {
        "chinese": chinese,
        "adopters": with_adoptions,
        "by_lang": by_lang,
        "options": index.options,
        "engine": engine,
        "todo": todo,
    }
    workers = engine.workers if engine.workers > 0 else (os.cpu_count() or 1)
    if workers > 1 and len(todo) >= _PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
        _FORK_STATE.update(state)
        step = -(-len(todo) // (workers * 4))
        try:
            found = [
                x
                for part in _fork_map(_forked_inference, [(lo, lo + step) for lo in range(0, len(todo), step)], workers)
                for x in part
            ]
        finally:
            _FORK_STATE.clear()
    else:
        found = _infer_range(state, 0, len(todo))
    for position, work in found:
        chinese[position].add_inferred(work)
        if index.profiles is chinese:
            index.add_adoptions(position)
    engine.stats["inferred"] += len(found)
    log.info("inferred %d adoptions for %d Chinese records without adoption data", len(found), len(chinese))
    return len(found)


def _forked_inference(bounds: tuple[int, int]) -> list[tuple[int, AdoptedWork]]:
    return _infer_range(_FORK_STATE, *bounds)


def _infer_range(state: dict[str, Any], lo: int, hi: int) -> list[tuple[int, AdoptedWork]]:
    chinese, adopters, by_lang = state["chinese"], state["adopters"], state["by_lang"]
    options, engine = state["options"], state["engine"]
    found: list[tuple[int, AdoptedWork]] = []
    for position in state["todo"][lo:hi]:
        cp = chinese[position]
        best: dict[str, tuple[float, RecordProfile, AdoptedWork]] = {}
        for lang, toks in cp.tokens.items():
            token_index = by_lang.get(lang)
            if token_index is None or lang not in cp.texts:  # same-language titles only (not the rendered stems)
                continue
            for j in token_index.search(toks, options):
                ap = adopters[j]
                if parts_conflict(cp.parts, ap.parts):
                    continue
                sim = title_similarity(cp.texts[lang], ap.texts[lang], cp.weights.get(lang), ap.weights.get(lang))
                for a in ap.adoptions + ap.implied:
                    if a.key not in best or sim > best[a.key][0]:
                        best[a.key] = (sim, ap, a)
        if not best:
            continue
        ranked = sorted(best.values(), key=lambda t: -t[0])
        top_sim, source, work = ranked[0]
        if top_sim < engine.infer_min_similarity:
            continue
        if len(ranked) > 1 and ranked[1][0] > top_sim - engine.infer_margin:
            continue
        found.append(
            (
                position,
                AdoptedWork(
                    work.work,
                    work.work,
                    work.key,
                    work.number_key,
                    None,
                    "unknown",
                    "inferred",
                    work.parts,
                    f"the title of {source.designation}",
                    confidence=top_sim,
                ),
            )
        )
    return found


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
        inferred_adoptions=stats["inferred"],
        seconds=round(seconds, 3),
        by_country=dict(sorted(by_country.items())),
        hub_links=stats["hub_links"],
    )


def match_records(
    records: Iterable[StandardRecord], *, top_k: int = 5, min_score: float = 0.35, **options: Any
) -> tuple[list[Suggestion], MatchSummary]:
    """Split records by side, run the engine, and summarise (the library part of ``match_catalog``)."""
    started = time.perf_counter()
    foreign, chinese, international = split_by_side(records)
    suggestions, stats = _run(foreign, chinese, international, top_k, min_score, options.pop("blocking", None), options)
    summary = summarize(foreign, len(chinese), len(international), suggestions, stats, time.perf_counter() - started)
    return suggestions, summary


def match_catalog(
    catalog: Any,
    *,
    run_id: int | None = None,
    top_k: int = 5,
    min_score: float = 0.35,
    cross_language: bool = True,
    **options: Any,
) -> MatchSummary:
    """Infer adoptions across languages, then match the whole catalogue; replaces both kinds of suggestions
    (the committee's reviews are never touched).

    ``catalog`` is a :class:`standards_lib.catalog.Catalog`; foreign records are BR/RU/IN/ZA, Chinese ones
    CN, and international ones (ISO, IEC) are the hub: each national standard without a declared adoption
    is linked to the work it most likely adopts (``cross_language``), and standards linked to one work are
    paired through it.
    """
    from .catalog_inference import adoption_links, infer_catalog_adoptions
    from .equivalence_training import current_equivalence_model

    started = time.perf_counter()
    options.setdefault("model", current_equivalence_model(catalog))
    records = list(catalog.iter_records())
    inference = None
    if cross_language:
        inference = infer_catalog_adoptions(catalog, records, run_id=run_id, workers=options.get("workers", 1))
    suggestions, summary = match_records(
        records, top_k=top_k, min_score=min_score, links=adoption_links(catalog), **options
    )
    summary.adoption_inference = inference.to_dict() if inference is not None else None
    summary.written = catalog.replace_suggestions(
        (s.to_row() for s in suggestions), matcher_version=MATCHER_VERSION, run_id=run_id
    )
    summary.seconds = round(time.perf_counter() - started, 3)
    log.info(
        "matching: %d foreign, %d Chinese, %d suggestions in %.1fs",
        summary.foreign,
        summary.chinese,
        summary.suggestions,
        summary.seconds,
    )
    return summary


__all__ = [
    "MATCHER_VERSION",
    "MatchSummary",
    "Suggestion",
    "infer_adoptions",
    "match_catalog",
    "match_records",
    "prepare_profiles",
    "split_by_side",
    "suggest_equivalents",
]
