"""The decision on a match's scores: answer, ask which was meant, or fall back."""

from __future__ import annotations

import pytest

from bot.core.answering import verdict
from bot.core.domain import Candidate
from bot.core.matcher import MatchResult
from bot.settings import load_settings
from tests.conftest import CONFIG

CFG = load_settings(CONFIG, _env_file=None).matcher


def result(best: float, runner_up: float | None, unknown_share: float = 0.0) -> MatchResult:
    cands = [Candidate("film-runtime", best, "how long is the film?")]
    if runner_up is not None:
        cands.append(Candidate("film-budget", runner_up, "how much did the film cost?"))
    return MatchResult(
        candidates=tuple(cands), query="", reading="typed", russian_reading=False,
        entities=(), tokens=(), unknown_share=unknown_share,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("best", "runner_up", "expected"),
    [
        (CFG.answer_threshold, CFG.answer_threshold - CFG.margin, "answer"),
        (CFG.answer_threshold, CFG.answer_threshold - CFG.margin + 1, "clarify"),
        (CFG.low_threshold, CFG.low_threshold - CFG.low_margin, "answer"),
        (CFG.low_threshold, None, "answer"),
        (CFG.low_threshold, CFG.low_threshold - CFG.low_margin + 1, "fallback"),
        (CFG.low_threshold - 1, None, "fallback"),
        (CFG.clarify_threshold, CFG.clarify_threshold - 1, "clarify"),
    ],
)
def test_the_score_and_the_lead_decide(best: float, runner_up: float | None, expected: str) -> None:
    """Each tier answers at its threshold with its margin, and not a point short of either."""
    assert verdict(result(best, runner_up), CFG) == expected


def test_a_clear_lead_answers_whatever_the_words() -> None:
    """Down to clear_threshold, a lead of clear_margin answers even a question mostly in
    words no fact uses; a point less of either asks or falls back."""
    clear = (CFG.clear_threshold, CFG.clear_threshold - CFG.clear_margin)
    assert verdict(result(*clear, unknown_share=1.0), CFG) == "answer"
    assert verdict(result(clear[0], clear[1] + 1, unknown_share=1.0), CFG) == "fallback"


def test_a_low_score_answers_only_when_the_words_are_known() -> None:
    """'what is Shkaplerov's dog called' names a person well but asks what no fact says: a
    low score with a clear lead falls back when words no fact uses weigh too much."""
    low = (CFG.low_threshold + 1, CFG.low_threshold + 1 - CFG.low_margin)
    assert verdict(result(*low, unknown_share=CFG.low_unknown_share), CFG) == "answer"
    assert verdict(result(*low, unknown_share=CFG.low_unknown_share + 0.01), CFG) == "fallback"


def test_no_candidate_is_the_fallback() -> None:
    nothing = MatchResult((), "", "typed", russian_reading=False, entities=(), tokens=())
    assert verdict(nothing, CFG) == "fallback"
