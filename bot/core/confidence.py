"""How sure the bot may be that the best candidate answers the question: a logistic model over
what the matcher's candidates say, fit on the evaluation set (Rasa's fallback classifier, and
its confidence threshold, in four numbers).

A score alone is a poor guide: 70 with another fact at 68 is a guess, 55 with nothing near and
two of the fact's examples matching is a paraphrase. So the model weighs four things: the best
score, weighed by how many words the question has; its lead over the next fact; how well the
fact's two best examples match together (Candidate.support); and that support's lead. Length
weighs the score because every word of a question counts against the examples it shares few
with: "my friend insists it's basically a documentary of their trip, is that true?" scores lower
than "is it a documentary?" and means as much. `python -m tests.eval.calibrate` fits it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from bot.core.domain import Candidate

FEATURES = ("score_x_words", "lead", "support", "support_lead")
# The score times the question's different words plus one, in tens: a low score stays low
# however long the message ("x" * 100_000 or 30 words of keyboard mash gain nothing), and a
# one-word question's score still counts. Words count up to the longest questions the model
# was fit on (15), so that a long message is no surer than those.
WORDS_MAX = 15
WORDS_SCALE = 10
# L2 strength on standardised features: what keeps four weights from chasing a few questions.
RIDGE = 1.0
NEWTON_STEPS = 50


def features(candidates: Sequence[Candidate], words: int) -> tuple[float, float, float, float]:
    """The model's inputs, for a question of `words` different words (MatchResult.words):
    scores as 0..1, the first weighed by length (0..1.6); support as 0..2; no runner-up counts
    as zero."""
    best = candidates[0]
    runner = candidates[1] if len(candidates) > 1 else None
    score, support = best.score / 100, best.support
    return (
        score * (min(words, WORDS_MAX) + 1) / WORDS_SCALE,
        score - (runner.score / 100 if runner else 0.0),
        support,
        support - (runner.support if runner else 0.0),
    )


def probability(
    candidates: Sequence[Candidate], words: int, weights: Sequence[float], bias: float
) -> float:
    """The modelled chance that answering with the best candidate is right (0 with none)."""
    return chance(features(candidates, words), weights, bias) if candidates else 0.0


def chance(row: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """The logistic of the weighted features: 0..1."""
    z = bias + sum(w * x for w, x in zip(weights, row, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def fit(rows: Sequence[Sequence[float]], right: Sequence[bool]) -> tuple[list[float], float]:
    """Weights and bias of an L2-regularised logistic regression (Newton's method), for raw
    features: standardised inside, so that the penalty weighs every feature alike, then
    folded back. Deterministic: the same rows give the same numbers."""
    x = np.asarray(rows, np.float64)
    y = np.asarray(right, np.float64)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    beta = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) / RIDGE
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        gradient = z.T @ (p - y) + penalty @ beta
        hessian = (z.T * (p * (1 - p))) @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-10:
            break
    weights = beta[1:] / scale
    bias = float(beta[0] - (weights * mean).sum())
    return [float(w) for w in weights], bias
