"""The equivalence engine: suggest the Chinese equivalent of every foreign (BR/RU/IN/ZA) standard.

Signals (each recorded in the suggestion's evidence): shared international adoptions (edition- and
degree-aware), title similarity over normalised titles in a shared language, agreeing or conflicting
part numbers, ICS overlap, designation-number hints, status, and adoptions inferred from titles.
See :mod:`.scoring` for the calibrated score and :mod:`.blocking` for candidate generation.

Adoption inference (:func:`infer_adoptions`): the ISO/IEC work a national standard without declared adoption
most likely adopts, through cross-language titles (:mod:`.translate`, :mod:`.glossary`), the ISO/IEC hub
(:mod:`.hub`), signals (:mod:`.signals`) and a logistic model fitted on labels (:mod:`.learn`, :mod:`.training`).
"""

from __future__ import annotations

from .adoption.inference import InferenceOptions, InferredAdoption, infer_adoptions
from .adoption.model import AdoptionModel, default_model
from .adoption.training import (
    AdoptionEvaluation,
    AdoptionLabel,
    evaluate_inferences,
    fit_adoption_model,
    labels_from_gold,
)
from .adoption.works import Hub
from .equivalence.blocking import BlockingOptions
from .equivalence.engine import (
    MATCHER_VERSION,
    MatchSummary,
    Suggestion,
    match_catalog,
    match_records,
    suggest_equivalents,
)
from .equivalence.evaluate import EvaluationReport, GoldSet, calibration_table, evaluate_suggestions, read_gold_pairs
from .equivalence.scoring import RELATIONS, ScoringRules
from .translate import TranslatedTitle, translate_title

__all__ = [
    "MATCHER_VERSION",
    "RELATIONS",
    "AdoptionEvaluation",
    "AdoptionLabel",
    "AdoptionModel",
    "BlockingOptions",
    "EvaluationReport",
    "GoldSet",
    "Hub",
    "InferenceOptions",
    "InferredAdoption",
    "MatchSummary",
    "ScoringRules",
    "Suggestion",
    "TranslatedTitle",
    "calibration_table",
    "default_model",
    "evaluate_inferences",
    "evaluate_suggestions",
    "fit_adoption_model",
    "infer_adoptions",
    "labels_from_gold",
    "match_catalog",
    "match_records",
    "read_gold_pairs",
    "suggest_equivalents",
    "translate_title",
]
