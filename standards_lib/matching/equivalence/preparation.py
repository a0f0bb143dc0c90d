"""What the equivalence engine scores: profiles of both sides, the links through international works, and the
adoptions the engine itself reads from identical titles.

:func:`prepare_profiles` profiles every record once (:mod:`.profile`), gives national profiles the works they
are linked to by adoption inference across languages (:func:`add_links`, links from :mod:`..adoption.links`),
indexes the Chinese side (:mod:`.blocking`) and, with the ``infer`` option, runs
:func:`adopt_works_of_same_titles`: a Chinese record without adoption data whose title matches (same
language, similarity at least ``infer_min_similarity``, parts agreeing, a margin of ``infer_margin`` over any
other work) the title of a foreign or international record adopting ISO/IEC X is given a *probable* adoption
of X. This rule is the engine's own, hand-set and same-language only; the learnt, cross-language inference of
the ISO/IEC work a national standard adopts is :func:`standards_lib.matching.adoption.inference.infer_adoptions`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ...records import StandardRecord
from ..adoption.links import AdoptionLink
from ..workers import forked_map, use_workers
from .blocking import BlockingOptions, CandidateIndex, TokenIndex
from .crosslang import cross_title
from .features import title_similarity
from .profile import AdoptedWork, RecordProfile, adopted_work, parts_conflict, profile_record, resolve_reference

log = logging.getLogger(__name__)

#: Batches smaller than this are handled in the calling process (see :mod:`..workers`).
PARALLEL_MIN = 5000

#: The keyword arguments of ``suggest_equivalents`` that are engine options (the others are scoring rules).
ENGINE_OPTIONS = (
    "infer",
    "infer_min_similarity",
    "infer_margin",
    "workers",
)


@dataclass(slots=True)
class EngineOptions:
    """The engine's options around scoring (keyword arguments of ``suggest_equivalents``)."""

    infer: bool = True
    infer_min_similarity: float = 0.9
    infer_margin: float = 0.03
    workers: int = 1
    stats: Counter = field(default_factory=Counter)


def prepare_profiles(
    foreign: Sequence[StandardRecord],
    chinese: Sequence[StandardRecord],
    international: Sequence[StandardRecord],
    blocking: BlockingOptions | None = None,
    engine: EngineOptions | None = None,
    links: Mapping[str, Sequence[AdoptionLink]] | None = None,
) -> tuple[list[RecordProfile], list[RecordProfile], CandidateIndex]:
    """Profile both sides, add the hub links (inferred or confirmed adoptions, see :mod:`..adoption.links`),
    index the Chinese side and infer same-language adoptions: what scoring needs."""
    engine = engine or EngineOptions()
    # a foreign record with a Chinese title (the committee's translation) is compared in Chinese: no English stems
    f_profiles = [profile_record(r, cross=not r.titles.get("zh")) for r in foreign]
    c_profiles = [profile_record(r) for r in chinese]
    i_profiles = [profile_record(r, cross=False) for r in international]
    if links:
        engine.stats["hub_links"] += add_links(f_profiles, links) + add_links(c_profiles, links)
    add_work_titles(f_profiles, international)
    index = CandidateIndex(c_profiles, blocking)
    if engine.infer:
        adopt_works_of_same_titles(c_profiles, f_profiles + i_profiles, engine, index)
    return f_profiles, c_profiles, index


def add_links(profiles: Sequence[RecordProfile], links: Mapping[str, Sequence[AdoptionLink]]) -> int:
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


def add_work_titles(profiles: Sequence[RecordProfile], international: Sequence[StandardRecord]) -> int:
    """Give each profile the English titles of the works it declares it adopts (the latest edition the
    catalogue holds), rendered as English stems; returns how many profiles have one."""
    wanted = {a.key for p in profiles for a in p.adoptions}
    latest: dict[str, StandardRecord] = {}
    for r in international:
        resolved = resolve_reference(r.canonical) if r.titles.get("en") else None
        key = resolved[1] if resolved else None
        if key in wanted and (key not in latest or (r.year or 0) > (latest[key].year or 0)):
            latest[key] = r
    rendered = {key: cross_title({"en": r.titles["en"]}) for key, r in latest.items()}
    given = 0
    for p in profiles:
        titles = {a.key: t for a in p.adoptions if (t := rendered.get(a.key)) is not None}
        if titles:
            p.work_titles = titles
            given += 1
    return given


def adopt_works_of_same_titles(
    chinese: Sequence[RecordProfile],
    adopters: Sequence[RecordProfile],
    engine: EngineOptions | None = None,
    index: CandidateIndex | None = None,
) -> int:
    """Give Chinese profiles without adoptions the work adopted by a record with a (near-)identical title.

    Returns the number of Chinese profiles given an inferred adoption (and re-indexes them in ``index``).
    An inference needs a title similarity of at least ``infer_min_similarity`` in a shared language,
    agreeing parts, and a margin of ``infer_margin`` over the best title of any record adopting *another*
    work (otherwise it is ambiguous and not made).
    """
    engine = engine or EngineOptions()
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
    workers = use_workers(engine.workers, len(todo), PARALLEL_MIN)
    if workers > 1:
        found = forked_map(
            lambda lo, hi: _infer_range(state, lo, hi), len(todo), workers, what="same-title adoption inference"
        )
    else:
        found = _infer_range(state, 0, len(todo))
    for position, work in found:
        chinese[position].add_inferred(work)
        if index.profiles is chinese:
            index.add_adoptions(position)
    engine.stats["inferred"] += len(found)
    log.info("inferred %d adoptions for %d Chinese records without adoption data", len(found), len(chinese))
    return len(found)


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


__all__ = [
    "ENGINE_OPTIONS",
    "PARALLEL_MIN",
    "EngineOptions",
    "add_links",
    "add_work_titles",
    "adopt_works_of_same_titles",
    "prepare_profiles",
]
