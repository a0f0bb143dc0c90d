"""Matching: the ISO/IEC work a national standard adopts, and the Chinese equivalents of foreign standards.

Two engines, each in its package, on what both use:

- :mod:`.adoption` infers the ISO/IEC work a national standard without declared adoption most likely adopts,
  across languages: the index of international works (:mod:`.adoption.works`), title rendering and features
  (:mod:`.adoption.features`), candidates in two passes (:mod:`.adoption.candidates`), the fitted model file
  (:mod:`.adoption.model`), inference (:mod:`.adoption.inference`), its fitting and evaluation
  (:mod:`.adoption.training`) and the links it gives the equivalence engine (:mod:`.adoption.links`);
- :mod:`.equivalence` suggests the Chinese equivalents of every foreign standard: profiles
  (:mod:`.equivalence.profile`), blocking, scoring, the engine, its fitting and its evaluation;
- shared: one logistic model, fit and reliability table (:mod:`.logistic`), one worker-pool helper
  (:mod:`.workers`), the cross-language title translation (:mod:`.translate`, :mod:`.glossary`) and the gold
  files (:mod:`.gold_files`).

Matching reads no catalogue: :mod:`standards_lib.catalog_matching` reads records and decisions from one,
runs both engines and stores the results.
"""

from __future__ import annotations

from .adoption.candidates import InferenceOptions
from .adoption.inference import InferredAdoption, infer_adoptions
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
    match_records,
    suggest_equivalents,
)
from .equivalence.evaluate import EvaluationReport, GoldSet, calibration_table, evaluate_suggestions, read_gold_pairs
from .equivalence.model import EquivalenceModel, ScoringRules
from .equivalence.scoring import RELATIONS
from .translate import TranslatedTitle, translate_title

__all__ = [
    "MATCHER_VERSION",
    "RELATIONS",
    "AdoptionEvaluation",
    "AdoptionLabel",
    "AdoptionModel",
    "BlockingOptions",
    "EquivalenceModel",
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
    "match_records",
    "read_gold_pairs",
    "suggest_equivalents",
    "translate_title",
]
