"""Scoring the evaluation set through the real AnswerService: shared by the test and `make bench`.

A question counts as right when the bot answers it with the expected fact (small talk included),
or falls back when "fallback" is expected. A clarify is never right: the set has no ambiguous
questions by design. Lines sharing a "session" are asked in order in one chat.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.domain import Inbound
from bot.core.evaluation import FALLBACK, EvalItem, predicted, read_eval
from bot.core.service import AnswerService

EVAL_FILE = Path(__file__).with_name("questions.jsonl")
# Written blind (from the facts' answers only, never their example questions) and never tuned on:
# how the matcher does on questions nobody has looked at while changing it.
HELDOUT_FILE = Path(__file__).with_name("heldout.jsonl")
Item = EvalItem


@dataclass(frozen=True)
class Outcomed:
    item: Item
    predicted: str  # a fact id, "fallback" or "clarify"
    score: float


@dataclass
class Report:
    results: list[Outcomed] = field(default_factory=list)

    def _share(self, rows: Iterable[Outcomed]) -> float:
        rows = list(rows)
        return sum(r.predicted == r.item.expected for r in rows) / len(rows) if rows else 0.0

    def accuracy(self, *, kind: str | None = None, lang: str | None = None,
                 in_scope: bool | None = None, scope: str | None = None) -> float:  # fmt: skip
        return self._share(
            r for r in self.results
            if (kind is None or r.item.kind == kind)
            and (lang is None or r.item.lang == lang)
            and (in_scope is None or (r.item.expected != FALLBACK) == in_scope)
            and (scope is None or r.item.scope == scope)
        )  # fmt: skip

    def count(self, *, kind: str | None = None, lang: str | None = None,
              in_scope: bool | None = None) -> int:  # fmt: skip
        return sum(
            1 for r in self.results
            if (kind is None or r.item.kind == kind)
            and (lang is None or r.item.lang == lang)
            and (in_scope is None or (r.item.expected != FALLBACK) == in_scope)
        )  # fmt: skip

    @property
    def scopes(self) -> list[str]:
        """How near the topic the out-of-scope questions are, where the set tags them."""
        return sorted({r.item.scope for r in self.results if r.item.scope})

    @property
    def kinds(self) -> list[str]:
        return sorted({r.item.kind for r in self.results})

    @property
    def rejection_rate(self) -> float:
        """Out-of-scope questions that got the honest fallback."""
        return self.accuracy(in_scope=False)

    @property
    def clarify_rate(self) -> float:
        rows = [r for r in self.results if r.item.expected != FALLBACK]
        return sum(r.predicted == "clarify" for r in rows) / len(rows) if rows else 0.0

    @property
    def confident_wrong_rate(self) -> float:
        """Answers naming a fact, but the wrong one (out-of-scope answered included)."""
        wrong = [
            r for r in self.results
            if r.predicted not in {FALLBACK, "clarify"} and r.predicted != r.item.expected
        ]  # fmt: skip
        return len(wrong) / len(self.results) if self.results else 0.0

    def misses(self) -> list[Outcomed]:
        return [r for r in self.results if r.predicted != r.item.expected]


def load_items(path: Path = EVAL_FILE) -> list[Item]:
    return read_eval(path)


async def evaluate(service: AnswerService, items: list[Item]) -> Report:
    report = Report()
    chats: dict[str, int] = defaultdict(int)
    for number, item in enumerate(items):
        chat = f"eval-session-{item.session}" if item.session else f"eval-{number}"
        chats[chat] += 1
        reply = await service.handle(
            Inbound(text=item.question, platform="cli", chat=chat, user="eval")
        )
        report.results.append(Outcomed(item, predicted(reply.outcome, reply.fact_id), reply.score))
    return report
