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
    table = reliability_table([(model.probability(r), y) for r, y in zip(rows, labels)], (0.0, 0.2, 0.4, 0.6, 0.8, 1.0))
    for band in table:
        assert band["count"] and abs(band["mean_score"] - band["share_right"]) < 0.08, band


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


def test_fitting_recovers_a_clearly_separable_toy_set() -> None:
    # label 1 exactly when the first feature is high; the second feature is noise
    rows = [{"a": x / 10, "b": (x * 7 % 10) / 10} for x in range(11)] * 3
    labels = [int(r["a"] > 0.5) for r in rows]
    model = fit_logistic(rows, labels, ["a", "b"], name="toy", version="t1", l2=0.1)
    (a, b), intercept = (model.coefficients["a"], model.coefficients["b"]), model.intercept
    assert a > 5 and abs(b) < 1.5
    predictions = [sigmoid(intercept + a * r["a"] + b * r["b"]) > 0.5 for r in rows]
    assert predictions == [bool(y) for y in labels]


def test_fitting_a_known_logistic_relation_finds_its_coefficients() -> None:
    # expected counts of y=1 among 100 rows at each x for p = sigmoid(-1 + 2x): the maximum likelihood is exact
    rows, labels = [], []
    for x in (0.0, 0.5, 1.0, 1.5, 2.0):
        positives = round(100 * sigmoid(-1 + 2 * x))
        rows += [{"x": x}] * 100
        labels += [1] * positives + [0] * (100 - positives)
    model = fit_logistic(rows, labels, ["x"], name="toy", version="t1", l2=0.0)
    slope, intercept = model.coefficients["x"], model.intercept
    assert slope == pytest.approx(2.0, abs=0.05) and intercept == pytest.approx(-1.0, abs=0.05)


def test_l2_shrinks_the_coefficients() -> None:
    rows = [{"x": x} for x in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)]
    labels = [0, 0, 1, 0, 1, 1]
    loose = fit_logistic(rows, labels, ["x"], name="toy", version="t1", l2=0.0).coefficients["x"]
    tight = fit_logistic(rows, labels, ["x"], name="toy", version="t1", l2=10.0).coefficients["x"]
    assert loose > tight > 0


def test_fitting_refuses_one_class_or_mismatched_input() -> None:
    with pytest.raises(MatchError, match="both classes"):
        fit_logistic([{"x": 0.1}, {"x": 0.2}], [1, 1], ["x"], name="toy", version="t1")
    with pytest.raises(MatchError, match="1 rows but 2 labels"):
        fit_logistic([{"x": 0.1}], [1, 0], ["x"], name="toy", version="t1")
