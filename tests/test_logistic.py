"""Logistic regression fitted from labels (hand-made toy data): it recovers a separable rule, its
probabilities are calibrated on data drawn from a known logistic model, and a saved model reads back."""

from __future__ import annotations

import math
import random

import pytest

from standards_lib.errors import MatchError
from standards_lib.matching.logistic import LogisticModel, fit_logistic, reliability_table, sigmoid


def test_a_clear_rule_is_learnt_with_the_right_signs() -> None:
    rows = [{"shared": 1.0, "title": 0.9}] * 20 + [{"shared": 0.0, "title": 0.2}] * 20 + [{"title": 0.95}] * 5
    labels = [1] * 20 + [0] * 20 + [0] * 5
    model = fit_logistic(rows, labels, ["shared", "title"], name="toy", version="t1", l2=0.1)
    assert model.coefficients["shared"] > 2.0
    assert model.probability({"shared": 1.0, "title": 0.9}) > 0.9
    assert model.probability({"title": 0.2}) < 0.1


def test_probabilities_are_calibrated_on_data_from_a_known_model() -> None:
    rng = random.Random(7)
    rows, labels = [], []
    for _ in range(4000):
        x = rng.uniform(-3, 3)
        rows.append({"x": x})
        labels.append(1 if rng.random() < sigmoid(1.5 * x - 0.5) else 0)
    model = fit_logistic(rows, labels, ["x"], name="toy", version="t1", l2=0.01)
    assert model.coefficients["x"] == pytest.approx(1.5, abs=0.2)
    assert model.intercept == pytest.approx(-0.5, abs=0.2)
    table = reliability_table([model.probability(r) for r in rows], labels)
    for band in table:
        assert abs(band["mean_predicted"] - band["observed"]) < 0.08, band


def test_regularisation_keeps_a_perfectly_separating_feature_finite() -> None:
    model = fit_logistic([{"a": 1.0}, {"a": 0.0}] * 10, [1, 0] * 10, ["a"], name="toy", version="t1", l2=1.0)
    assert 1.0 < model.coefficients["a"] < 20.0 and math.isfinite(model.intercept)


def test_a_saved_model_reads_back_and_a_broken_one_is_named() -> None:
    model = fit_logistic([{"a": 1.0}, {"a": 0.0}] * 5, [1, 0] * 5, ["a"], name="toy", version="t1")
    again = LogisticModel.from_json(model.to_json())
    assert again == model
    assert again.contributions({"a": 1.0, "unknown": 3.0}) == {"a": model.coefficients["a"]}
    with pytest.raises(MatchError, match="model.json: not a saved logistic model"):
        LogisticModel.from_json('{"name": "x"}', origin="model.json")


def test_one_class_only_cannot_be_fitted() -> None:
    with pytest.raises(MatchError, match="both classes"):
        fit_logistic([{"a": 1.0}] * 3, [1, 1, 1], ["a"], name="toy", version="t1")


def test_a_prior_model_holds_coefficients_that_new_labels_do_not_speak_about() -> None:
    rows = [{"a": 1.0}, {"a": 0.0}] * 20 + [{"b": 1.0}] * 10 + [{"b": 0.0}] * 10
    prior = fit_logistic(rows, [1, 0] * 20 + [1] * 10 + [0] * 10, ["a", "b"], name="toy", version="p", l2=0.1)
    # three new labels say nothing about b, and contradict a
    model = fit_logistic([{"a": 1.0}] * 3, [0, 0, 1], ["a", "b"], name="toy", version="n", l2=1.0, prior=prior)
    assert model.coefficients["b"] == pytest.approx(prior.coefficients["b"], abs=0.05)
    assert model.coefficients["a"] < prior.coefficients["a"] - 0.3
    assert model.fitted["prior"] == "p"
