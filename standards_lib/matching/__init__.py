"""The equivalence engine: suggest the Chinese equivalent of every foreign (BR/RU/IN/ZA) standard.

Signals (each recorded in the suggestion's evidence): shared international adoptions (edition- and
degree-aware), title similarity over normalised titles in a shared language, agreeing or conflicting
part numbers, ICS overlap, designation-number hints, status, and adoptions inferred from titles.
See :mod:`.scoring` for the calibrated score and :mod:`.blocking` for candidate generation.
"""

from __future__ import annotations

from .blocking import BlockingOptions
from .engine import MATCHER_VERSION, MatchSummary, Suggestion, match_catalog, match_records, suggest_equivalents
from .evaluate import EvaluationReport, GoldSet, calibration_table, evaluate_suggestions, read_gold_pairs
from .scoring import RELATIONS, ScoringRules

__all__ = [
    "BlockingOptions", "EvaluationReport", "GoldSet", "MATCHER_VERSION", "MatchSummary", "RELATIONS",
    "ScoringRules", "Suggestion", "calibration_table", "evaluate_suggestions", "match_catalog", "match_records",
    "read_gold_pairs", "suggest_equivalents",
]
