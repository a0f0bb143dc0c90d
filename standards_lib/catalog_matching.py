"""Matching a whole catalogue: the one place where the catalogue and the matching engines meet.

Matching itself (:mod:`standards_lib.matching`) works on records and the committee's decisions and returns
results; it never reads or writes the catalogue. :func:`match_catalog` reads what matching needs once (the
records, the committee's decisions on inferred adoptions, the equivalence model in use), runs

1. adoption inference across languages (:func:`~standards_lib.matching.adoption.inference.infer_adoptions`):
   the ISO/IEC work each national standard without a declared adoption most likely adopts, under the
   committee's decisions (:mod:`standards_lib.matching.adoption.links`);
2. the equivalence engine (:func:`~standards_lib.matching.equivalence.engine.match_records`), given the
   inferred links in memory;

and stores both kinds of suggestions once (the committee's reviews are never touched).
:func:`retrain_equivalence_model` adjusts the equivalence model to the committee's reviews and keeps it in
the catalogue; :func:`current_equivalence_model` is the model a catalogue's matching uses.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from .catalog import Catalog
from .matching.adoption.inference import INFERENCE_VERSION, infer_adoptions
from .matching.adoption.links import InferenceSummary, SuggestedAdoption, suggested_adoptions, work_links
from .matching.equivalence import training
from .matching.equivalence.engine import MATCHER_VERSION, MatchSummary, match_records
from .matching.equivalence.model import MODEL_FORMAT, EquivalenceModel, bundled_equivalence_model
from .matching.logistic import LogisticModel
from .progress import ProgressCallback, Stage, ignore
from .records import CommitteeDecision, StandardRecord

log = logging.getLogger(__name__)

#: The name of the equivalence model retrained on a catalogue's reviews (``models`` table).
EQUIVALENCE_MODEL_NAME = "equivalence"


def current_equivalence_model(catalog: Catalog) -> EquivalenceModel:
    """The model retrained on the catalogue's reviews when there is one, else the one shipped with the package.

    A model retrained before models carried their rules is used with the rules of the shipped model."""
    stored = catalog.stored_model(EQUIVALENCE_MODEL_NAME)
    if not stored:
        return bundled_equivalence_model()
    origin = f"the equivalence model stored in {catalog.path}"
    if f'"{MODEL_FORMAT}"' in stored:
        return EquivalenceModel.from_json(stored, origin=origin)
    log.warning("%s carries no rules (an older format): the rules of the shipped model apply", origin)
    return EquivalenceModel.with_rules(
        LogisticModel.from_json(stored, origin=origin), bundled_equivalence_model().rules
    )


def retrain_equivalence_model(
    catalog: Catalog, *, min_reviews: int = 10, l2: float = 1.0
) -> tuple[EquivalenceModel, dict[str, Any]]:
    """Adjust the equivalence model in use to the catalogue's reviews and store it there; returns it with its
    report (see :func:`standards_lib.matching.equivalence.training.retrain_equivalence_model`)."""
    model, report = training.retrain_equivalence_model(
        catalog.iter_records(),
        catalog.committee_decisions("equivalence"),
        current_equivalence_model(catalog),
        min_reviews=min_reviews,
        l2=l2,
    )
    catalog.save_model(EQUIVALENCE_MODEL_NAME, model.version, model.to_json(), report)
    return model, report


def infer_catalog_adoptions(
    records: list[StandardRecord], decisions: list[CommitteeDecision], *, workers: int = 1
) -> tuple[list[SuggestedAdoption], InferenceSummary]:
    """The inferred adoption of every national record without a declared adoption, under the decisions."""
    started = time.perf_counter()
    national = [r for r in records if r.country != "INT"]
    international = [r for r in records if r.country == "INT"]
    inferred = infer_adoptions(national, international, workers=workers) if international and national else []
    suggested, summary = suggested_adoptions(inferred, national, international, decisions)
    summary.seconds = round(time.perf_counter() - started, 3)
    log.info(
        "adoption inference: %d of %d national standards linked to an ISO/IEC work in %.1fs",
        summary.inferred,
        summary.national,
        summary.seconds,
    )
    return suggested, summary


def match_catalog(
    catalog: Catalog,
    *,
    run_id: int | None = None,
    top_k: int = 5,
    min_score: float = 0.35,
    progress: ProgressCallback = ignore,
    **options: Any,
) -> MatchSummary:
    """Infer adoptions across languages, then match the whole catalogue; replaces both kinds of suggestions
    (the committee's reviews are never touched).

    Foreign records are BR/RU/IN/ZA, Chinese ones CN, and international ones (ISO, IEC) the works national
    standards are linked through: standards linked to one work are paired through it. Other keyword arguments
    are those of :func:`~standards_lib.matching.equivalence.engine.suggest_equivalents` (``workers`` also
    runs the adoption inference in that many processes).
    """
    started = time.perf_counter()
    options.setdefault("model", current_equivalence_model(catalog))
    records = list(catalog.iter_records())
    decisions = catalog.committee_decisions("adoption")
    stage = Stage(progress, "infer", None, unit="standards")
    suggested, inference = infer_catalog_adoptions(records, decisions, workers=options.get("workers", 1))
    stage.finish(
        f"{inference.inferred:,} of {inference.national:,} national standards linked to an ISO/IEC work",
        inference.national,
    )
    stage = Stage(progress, "match", None, unit="standards")
    suggestions, summary = match_records(
        records, top_k=top_k, min_score=min_score, links=work_links(suggested, decisions), **options
    )
    stage.finish(
        f"{summary.suggestions:,} suggestions for {summary.foreign_with_suggestion:,} of {summary.foreign:,} "
        "foreign standards",
        summary.foreign,
    )
    summary.adoption_inference = inference.to_dict()
    with catalog.transaction():
        catalog.replace_adoption_suggestions(
            (s.to_row() for s in suggested), model_version=INFERENCE_VERSION, run_id=run_id
        )
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
    "EQUIVALENCE_MODEL_NAME",
    "current_equivalence_model",
    "infer_catalog_adoptions",
    "match_catalog",
    "retrain_equivalence_model",
]
