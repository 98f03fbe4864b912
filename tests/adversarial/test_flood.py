"""A flood: one user sends 1,000 messages while 20 others ask normally.

The others all get their answers; the flooder gets his first 8 answered (the cooldown's limit),
then exactly one cooldown notice, then silence. Once through the core directly, once through the
real Telegram adapter against the fake (with Telegram's real send quota, as in production).
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict

from bot.app import open_service
from bot.core import phrases
from bot.core.domain import Inbound, Lang, Outcome
from tests.adversarial.harness import both_platforms, percentile, wait_until
from tests.conftest import MakeSettings

FLOOD = 1_000
OTHERS = 20
EACH = 5  # questions per other user: within the cooldown
LIMIT = 8  # the default cooldown: 8 questions per window
WINDOW = 3600.0  # seconds: long enough that no window passes during the test on a slow machine
FLOODER = 7_000_001
QUESTIONS = ("who directed the film?", "when did Soyuz MS-19 launch?", "кто режиссёр фильма?")


def schedule() -> list[tuple[int, str]]:
    """(user, text) in sending order: the flood, with the others' questions spread through it."""
    others = [(OTHERS_BASE + u, QUESTIONS[(u + n) % 3]) for n in range(EACH) for u in range(OTHERS)]
    step = FLOOD // len(others)
    order: list[tuple[int, str]] = []
    for i in range(FLOOD):
        order.append((FLOODER, "who directed the film?"))
        if i % step == 0 and others:
            order.append(others.pop(0))
    return order + others


OTHERS_BASE = 7_100_000


async def test_a_flood_through_the_core_costs_only_the_flooder(make_settings: MakeSettings) -> None:
    settings = make_settings(cooldown={"max_questions": LIMIT, "window_seconds": WINDOW})
    async with open_service(settings) as service:
        order = schedule()
        replies = await asyncio.gather(
            *(
                service.handle(Inbound(text, "telegram", chat=str(user), user=str(user)))
                for user, text in order
            )
        )
    by_user: dict[int, list[Outcome]] = defaultdict(list)
    for (user, _), reply in zip(order, replies, strict=True):
        by_user[user].append(reply.outcome)
    flooder = by_user.pop(FLOODER)
    assert flooder[:LIMIT] == [Outcome.ANSWER] * LIMIT
    assert flooder.count(Outcome.COOLDOWN) == 1
    assert flooder[LIMIT] is Outcome.COOLDOWN
    assert flooder.count(Outcome.SILENT) == FLOOD - LIMIT - 1
    assert len(by_user) == OTHERS
    for outcomes in by_user.values():
        assert outcomes == [Outcome.ANSWER] * EACH


async def test_a_flood_through_telegram_costs_only_the_flooder(make_settings: MakeSettings) -> None:
    settings = make_settings(cooldown={"max_questions": LIMIT, "window_seconds": WINDOW})
    received: dict[int, list[tuple[float, str]]] = defaultdict(list)

    def on_reply(platform: str, chat: int, replied: int | None, text: str) -> None:
        received[chat].append((time.perf_counter(), text))

    async with both_platforms(settings, on_reply) as both:
        sent: dict[int, list[float]] = defaultdict(list)
        started = time.perf_counter()
        for user, text in schedule():
            sent[user].append(time.perf_counter())
            both.telegram.ask(user, user, text)
        others = [u for u in sent if u != FLOODER]

        def done() -> bool:
            return both.handled("telegram") >= FLOOD + OTHERS * EACH and all(
                len(received[u]) >= EACH for u in others
            )

        await wait_until(done, 60, "every message handled and every other user answered")
        took = time.perf_counter() - started
        flooder = [text for _, text in received[FLOODER]]
        cooldown = phrases.say("cooldown", Lang.EN)
        latencies = [
            at - sent[u][i] for u in others for i, (at, _) in enumerate(received[u][:EACH])
        ]
    print(
        f"\nflood: {FLOOD} messages from one user and {OTHERS * EACH} from {OTHERS} others "
        f"handled in {took:.1f} s; others' latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms; the flooder got {len(flooder)} "
        f"messages, {flooder.count(cooldown)} of them the cooldown notice"
    )
    assert flooder.count(cooldown) == 1
    assert len(flooder) == LIMIT + 1
    assert flooder[LIMIT] == cooldown
    assert all(len(received[u]) == EACH for u in others)
    assert all(cooldown not in text for u in others for _, text in received[u])
    assert both.refused == []
