"""The confidence model: its features, its probability and its fit."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core.confidence import WORDS_MAX, features, fit, probability
from bot.core.domain import Candidate


def test_the_features_are_the_score_by_length_its_lead_the_support_and_its_lead() -> None:
    best = Candidate("film-runtime", 80.0, "how long is the film?", 1.5)
    runner = Candidate("film-budget", 60.0, "how much did the film cost?", 1.0)
    assert features((best, runner), 7) == pytest.approx((0.64, 0.2, 1.5, 0.5))
    assert features((best,), 3) == pytest.approx((0.32, 0.8, 1.5, 1.5)), "no runner-up: zero"


def test_length_counts_up_to_the_longest_questions_the_model_was_fit_on() -> None:
    """A 100 KB message is no surer for its length than a 15-word question."""
    best = Candidate("film-runtime", 50.0, "how long is the film?", 1.0)
    assert features((best,), 15_000) == features((best,), WORDS_MAX)
    assert features((best,), WORDS_MAX)[0] > features((best,), WORDS_MAX - 1)[0]


def test_no_candidate_is_no_confidence() -> None:
    assert probability((), 5, (1.0, 1.0, 1.0, 1.0), 0.0) == 0.0


def test_a_huge_sum_is_a_certainty_not_an_overflow() -> None:
    best = Candidate("film-runtime", 100.0, "how long is the film?", 2.0)
    assert probability((best,), 5, (1e6,) * 4, 0.0) == 1.0
    assert probability((best,), 5, (-1e6,) * 4, 0.0) == pytest.approx(0.0, abs=1e-20)


def test_the_fit_recovers_the_weights_that_made_the_data() -> None:
    """Labels drawn from a known logistic model: with many rows and little shrinkage left,
    the fit lands near the truth, and the same rows always give the same numbers."""
    rng = np.random.default_rng(7)
    x = np.column_stack([rng.uniform(0.3, 1, 20_000), rng.uniform(0, 0.5, 20_000),
                         rng.uniform(0, 2, 20_000), rng.uniform(-1, 1, 20_000)])  # fmt: skip
    truth, bias = np.array([4.0, 8.0, 2.0, -3.0]), -5.0
    right = rng.uniform(size=len(x)) < 1 / (1 + np.exp(-(x @ truth + bias)))
    weights, fitted_bias = fit(x.tolist(), right.tolist())
    assert weights == pytest.approx(truth.tolist(), abs=0.5)
    assert fitted_bias == pytest.approx(bias, abs=0.5)
    assert fit(x.tolist(), right.tolist()) == (weights, fitted_bias)


def test_a_feature_that_never_varies_gets_no_weight_and_no_division_by_zero() -> None:
    rows = [(0.5, 0.1, 1.0, float(i % 2)) for i in range(40)]
    weights, _ = fit(rows, [i % 3 == 0 for i in range(40)])
    assert np.isfinite(weights).all()
    assert weights[:3] == [0.0, 0.0, 0.0]
