"""Running the real Discord adapter against the loopback fake, for the test_discord_* files."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from pydantic import SecretStr

from bot.adapters.discord_adapter import DiscordAdapter
from bot.core.service import AnswerService
from bot.settings import DiscordSettings
from tests.fakes.discord_api import JSON, FakeDiscord, Interaction

ADMIN_ID = 7_001  # listed in `[admins] discord`
USER_ID = 42
TEAM_MEMBER_ID = 7_003  # a member of the application's team
# Never sure enough to answer, never too unsure to ask, no close call settled: a question near
# several facts ("tell me about the crew") asks which, whatever the matcher's tuning makes of it.
ASKS_BACK = {"answer_confidence": 1.0, "clarify_confidence": 0.0, "clarify_threshold": 40,
             "margin": 20, "support_margin": 3.0, "evidence_margin": 100.0}  # fmt: skip


@contextlib.asynccontextmanager
async def running(
    fake: FakeDiscord,
    service: AnswerService,
    *,
    shards: int = 1,
    view_timeout: float = 60.0,
    defer_after: float = 2.0,
    allow_refusals: bool = False,
    **settings: Any,
) -> AsyncIterator[DiscordAdapter]:
    """The adapter serving on the fake until the block ends; then stopped, and checked closed."""
    config = DiscordSettings(api_base_url=fake.base_url, gateway_url=fake.gateway_url, **settings)
    adapter = DiscordAdapter(
        config,
        SecretStr(fake.token),
        service,
        view_timeout=view_timeout,
        defer_after=defer_after,
        guild_ready_timeout=0.05,
        identify_interval=0.0,
    )
    stop = asyncio.Event()
    async with adapter:
        serving = asyncio.create_task(adapter.serve(stop))
        try:
            ready = asyncio.create_task(fake.wait_ready(shards))
            done, _ = await asyncio.wait({serving, ready}, return_when=asyncio.FIRST_COMPLETED)
            if serving in done:  # it failed before the gateway was up: show why
                ready.cancel()
                await serving
            await ready
            yield adapter
        finally:
            stop.set()
            await asyncio.wait_for(serving, 5.0)
    assert adapter.client.is_closed()
    if not allow_refusals:  # the bot never sent what Discord would refuse
        refused = [r for r in fake.requests if r.status >= 400 and r.status != 429]
        assert not refused, [(r.method, r.path, r.status, r.error) for r in refused]


async def response(fake: FakeDiscord, interaction: Interaction) -> JSON:
    """The first callback body the bot sent for an interaction."""
    await fake.wait_for(lambda: interaction.callbacks, what=f"a response to {interaction.type}")
    return interaction.callbacks[0]


def embed(body: JSON) -> JSON:
    """The single embed of a message payload (or a callback's data)."""
    data = body.get("data", body) if "type" in body and "data" in body else body
    embeds = data.get("embeds") or []
    assert len(embeds) == 1, data
    result: JSON = embeds[0]
    return result


def buttons(body: JSON) -> list[JSON]:
    data = body.get("data", body) if "type" in body and "data" in body else body
    return [c for row in data.get("components") or [] for c in row.get("components") or []]


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)
