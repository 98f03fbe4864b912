"""The matcher's accuracy on the evaluation set, before and after a /reload dry run."""

from __future__ import annotations

import asyncio
import dataclasses
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.core.answering import ChatState, decide, next_state, reply_lang, taken_offer
from bot.core.domain import Accuracy, FactSet
from bot.core.evaluation import FALLBACK, EvalItem, load_eval, predicted
from bot.core.live import Live, LiveFacts
from bot.core.text import clean
from bot.settings import MatcherSettings

# The matcher's evaluation set, relative to the working directory: it ships in a checkout, not in
# an installed package, so /reload measures accuracy only where it finds it.
EVAL_FILE = Path("tests/eval/questions.jsonl")


class AccuracyMeter:
    def __init__(
        self,
        live: LiveFacts,
        eval_file: Path | None,
        cfg: MatcherSettings,
        clock: Callable[[], float],
    ) -> None:
        self._live = live
        self._eval_file = eval_file
        self._cfg = cfg
        self._clock = clock
        # The live revision's accuracy, measured once per revision (weakly: it may go away).
        self._cache: tuple[weakref.ref[Live], float] | None = None

    async def compare(self, old: Live | None, new_base: FactSet) -> Accuracy | None:
        if self._eval_file is None:
            return None
        items = await asyncio.to_thread(load_eval, self._eval_file)
        if not items:
            return None
        factset, matcher = await self._live.index(new_base)
        new = Live(0, factset, matcher, new_base)
        after = await asyncio.to_thread(self._score, new, items)
        before: float | None = None
        if old is not None:
            cached = self._cache
            if cached is not None and cached[0]() is old:
                before = cached[1]
            else:
                # A matcher of its own: the live one keeps serving, untouched, meanwhile.
                copy = dataclasses.replace(old, matcher=await asyncio.to_thread(
                    self._live.build_matcher, old.factset))  # fmt: skip
                before = await asyncio.to_thread(self._score, copy, items)
                self._cache = (weakref.ref(old), before)
        return Accuracy(before, after, len(items), self._eval_file)

    def _score(self, live: Live, items: Sequence[EvalItem]) -> float:
        """The share of items answered as expected, as tests/eval/harness.py scores them."""
        limit = self._cfg.max_input_chars
        chats: dict[str, ChatState] = {}
        right = 0
        for number, item in enumerate(items):
            key = f"session:{item.session}" if item.session else f"item:{number}"
            text = item.question[: limit * 2]
            guess = FALLBACK
            if clean(text, limit):
                state = chats.get(key)
                at = self._clock()
                if (taken := taken_offer(live.factset, state, text, at)) is not None:
                    reply, chats[key] = taken
                else:
                    result = live.matcher.match(text, state.context if state else None)
                    lang = reply_lang(text, None, result)
                    reply = decide(live, result, lang, self._cfg)
                    chats[key] = next_state(live.factset, text, lang, result, reply, state, at)
                guess = predicted(reply.outcome, reply.fact_id)
            right += guess == item.expected
        return right / len(items)
