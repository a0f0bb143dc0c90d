"""The equivalence model file: the fitted logistic model and the rules applied after it, versioned together.

An :class:`EquivalenceModel` is a :class:`~..logistic.LogisticModel` (features, coefficients, intercept, how it
was fitted) that also carries its :class:`ScoringRules`: the caps, the multipliers, the decision threshold and
the Chinese-title rule's floor that turn its probability into a score and a relation. They are data of the
model, chosen with it by ``scripts/fit_equivalence_model.py`` and written into the same file
(``standards_lib/data/equivalence_model.json``, format :data:`MODEL_FORMAT`), so a model and the rules tuned for
it never drift apart; a catalogue's retrained model keeps the rules of the model it was retrained from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from ...errors import MatchError
from ..logistic import LogisticModel, json_object

#: The format of an equivalence model file (a logistic model with ``format`` and ``rules``).
MODEL_FORMAT = "brics-equivalence-model-2"
BUNDLED_PATH = "standards_lib/data/equivalence_model.json"


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """The rules applied after the fitted model; every value comes from the model file.

    - ``part_conflict_cap``: the highest score of a pair whose parts are both known and disagree (relation
      ``related``);
    - ``not_equivalent_cap``: the highest score of a pair whose shared adoption is NEQ on one side;
    - ``equivalent_min_score``: a pair with no shared adoption is ``equivalent`` from this score, else ``related``;
    - ``chinese_title_floor``: the lowest score of a pair whose Chinese titles agree
      (``floor + (1 - floor) * score``, :func:`.chinese_titles.chinese_title_rule`);
    - ``superseded_factor``: the multiplier of another edition of an already ranked Chinese work, and of a
      withdrawn standard whose replacement is also a candidate;
    - ``replacement_margin``: how far below the withdrawn standard's score its replacement may be and still
      push it down;
    - ``inferred_chain_cap``: the highest score of a pair joined only through a chain of two inferences (the
      foreign and the Chinese link to the work both inferred from titles, neither declared nor confirmed):
      a lead for the committee (``related``), never an equivalence by itself.
    """

    part_conflict_cap: float
    not_equivalent_cap: float
    equivalent_min_score: float
    chinese_title_floor: float
    superseded_factor: float
    replacement_margin: float
    inferred_chain_cap: float

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "model") -> ScoringRules:
        """Rules read from a model file; :class:`MatchError` naming ``origin`` and the missing or unknown rules."""
        missing = sorted(set(cls.names()) - set(data))
        unknown = sorted(set(data) - set(cls.names()))
        if missing or unknown:
            raise MatchError(
                f"{origin}: the rules of an equivalence model must be exactly {', '.join(cls.names())}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(unknown)}" if unknown else "")
            )
        try:
            return cls(**{k: float(data[k]) for k in cls.names()})
        except (TypeError, ValueError) as exc:
            raise MatchError(f"{origin}: the rules of an equivalence model must be numbers ({exc})") from None

    def overridden(self, **options: Any) -> ScoringRules:
        """These rules with some replaced (keyword arguments of ``suggest_equivalents``); :class:`MatchError`
        naming an unknown option."""
        unknown = sorted(set(options) - set(self.names()))
        if unknown:
            raise MatchError(
                f"unknown matching option(s) {', '.join(unknown)}; known: {', '.join(sorted(self.names()))}"
            )
        try:
            return replace(self, **{k: float(v) for k, v in options.items()})
        except (TypeError, ValueError) as exc:
            raise MatchError(f"matching options must be numbers: {exc}") from None


@dataclass(slots=True)
class EquivalenceModel(LogisticModel):
    """The fitted equivalence model with the rules applied after it (one file, one version)."""

    rules: ScoringRules = field(kw_only=True)

    @classmethod
    def with_rules(cls, model: LogisticModel, rules: ScoringRules) -> EquivalenceModel:
        """A fitted logistic model (a fit, a retraining) with the rules it is used with."""
        return cls(
            name=model.name,
            features=model.features,
            coefficients=dict(model.coefficients),
            intercept=model.intercept,
            version=model.version,
            fitted=dict(model.fitted),
            rules=rules,
        )

    def to_dict(self) -> dict[str, Any]:
        data = LogisticModel.to_dict(self)
        data["rules"] = asdict(self.rules)
        data["format"] = MODEL_FORMAT
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, origin: str = "model") -> EquivalenceModel:
        """Read a model file; :class:`MatchError` naming ``origin`` when it is not one or has no rules."""
        if data.get("format") != MODEL_FORMAT:
            raise MatchError(
                f"{origin}: not an equivalence model file (format {data.get('format')!r}, expected {MODEL_FORMAT!r}); "
                "refit it with scripts/fit_equivalence_model.py"
            )
        rules = data.get("rules")
        if not isinstance(rules, Mapping):
            raise MatchError(f"{origin}: the equivalence model carries no rules")
        return cls.with_rules(
            LogisticModel.from_dict(data, origin=origin), ScoringRules.from_dict(rules, origin=origin)
        )

    @classmethod
    def from_json(cls, text: str, *, origin: str = "model") -> EquivalenceModel:
        return cls.from_dict(json_object(text, origin, "an equivalence model file"), origin=origin)


@lru_cache(maxsize=1)
def bundled_equivalence_model() -> EquivalenceModel:
    """The equivalence model shipped with the package (fitted on the tune half of the real pairs)."""
    text = resources.files("standards_lib").joinpath("data", "equivalence_model.json").read_text("utf-8")
    return EquivalenceModel.from_json(text, origin=BUNDLED_PATH)


__all__ = ["BUNDLED_PATH", "MODEL_FORMAT", "EquivalenceModel", "ScoringRules", "bundled_equivalence_model"]
