"""The soak: 20,000 questions through both fakes at once; no error, no lost reply, flat memory.

It takes about 90 s on 2 cores. For a quick local loop, SOAK_QUESTIONS=2000 make test; the same
run with a printed report is `python -m tests.adversarial.soak`.
"""

from __future__ import annotations

import os

from tests.adversarial.soak import soak
from tests.conftest import MakeSettings

QUESTIONS = int(os.environ.get("SOAK_QUESTIONS", "20000"))
RSS_GROWTH_LIMIT_MB = 50.0


async def test_a_soak_through_both_fakes_loses_nothing_and_keeps_memory_flat(
    make_settings: MakeSettings,
) -> None:
    settings = make_settings(log={"level": "WARNING"})
    result = await soak(settings, QUESTIONS)
    print("\n" + result.summary())
    assert result.problems == []
    assert result.lost == 0
    assert result.unexpected == 0
    assert result.replies == QUESTIONS
    assert result.handled == QUESTIONS, "the core counted every message once"
    # Every question is in the question log; a message with no words got the help text instead.
    assert result.logged == QUESTIONS - result.informational
    assert result.rss_end - result.rss_warm < RSS_GROWTH_LIMIT_MB
