"""The decision on a match's scores: answer, ask which was meant, or fall back."""

from __future__ import annotations

import pytest

from bot.core.answering import verdict
from bot.core.domain import Candidate
from bot.settings import load_settings
from tests.conftest import CONFIG

CFG = load_settings(CONFIG, _env_file=None).matcher


def cands(best: float, runner_up: float | None) -> tuple[Candidate, ...]:
    first = Candidate("film-runtime", best, "how long is the film?")
    if runner_up is None:
        return (first,)
    return first, Candidate("film-budget", runner_up, "how much did the film cost?")


@pytest.mark.parametrize(
    ("best", "runner_up", "expected"),
    [
        (CFG.answer_threshold, CFG.answer_threshold - CFG.margin, "answer"),
        (CFG.answer_threshold, None, "answer"),
        (CFG.answer_threshold, CFG.answer_threshold - CFG.margin + 1, "clarify"),
        (CFG.clarify_threshold, CFG.clarify_threshold - 1, "clarify"),
        (CFG.clear_threshold, CFG.clear_threshold - CFG.clear_margin, "answer"),
        (CFG.clear_threshold, CFG.clear_threshold - CFG.clear_margin + 1, "fallback"),
        (CFG.clear_threshold - 1, None, "fallback"),
    ],
)
def test_the_score_and_the_lead_decide(best: float, runner_up: float | None, expected: str) -> None:
    """Each tier answers at its threshold with its margin, and not a point short of either;
    between the thresholds, or without the lead, the bot asks; below both it falls back."""
    assert CFG.clear_threshold < CFG.clarify_threshold <= CFG.answer_threshold
    assert verdict(cands(best, runner_up), CFG) == expected


def test_no_candidate_is_the_fallback() -> None:
    assert verdict((), CFG) == "fallback"
