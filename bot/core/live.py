"""The facts being served: one revision and the matcher over it, swapped whole."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.core.domain import FactSet
from bot.core.matcher import Matcher
from bot.core.store import Store
from bot.core.taught import with_taught


@dataclass(frozen=True)
class Live:
    revision: int
    factset: FactSet  # the revision with the taught examples merged in: what the matcher indexes
    matcher: Matcher
    base: FactSet  # the revision as stored (the content of facts/): what diffs compare


class LiveFacts:
    """The one place every part of the service reads the live revision from.

    A reload, rollback or /teach builds a new `Live` and assigns `serving` once, so a question
    in flight finishes on the revision it started with.
    """

    def __init__(self, store: Store, max_input_chars: int) -> None:
        self._store = store
        self._max_input_chars = max_input_chars
        self.serving: Live | None = None  # None until the service has started
        self.lock = asyncio.Lock()  # reloads, rollbacks and /teach: one change at a time

    @property
    def current(self) -> Live:
        if self.serving is None:
            raise RuntimeError("the service has not started: use `async with AnswerService(...)`")
        return self.serving

    def build_matcher(self, factset: FactSet) -> Matcher:
        return Matcher(factset, max_input_chars=self._max_input_chars)

    async def index(self, base: FactSet) -> tuple[FactSet, Matcher]:
        """A revision with every taught example merged in, and a matcher over it."""
        taught = await self._store.taught()
        factset = with_taught(base, taught)
        return factset, await asyncio.to_thread(self.build_matcher, factset)
