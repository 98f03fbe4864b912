"""Running the whole bot in-process against both loopback fakes, for floods and soaks.

`both_platforms` starts one core (a MeteredService, so that every handled message is counted)
with the real Telegram and Discord adapters on it, each against its fake. The fakes are
subclassed to report every reply to a callback and to forget what they no longer need, so that
their own bookkeeping does not grow with a long run and hide (or fake) the bot's memory use.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import SecretStr
from telegram.ext import AIORateLimiter

import bot.adapters.telegram_adapter as telegram_adapter
from bot.adapters.discord_adapter import DiscordAdapter
from bot.adapters.telegram_adapter import TelegramAdapter
from bot.app import open_service
from bot.core.service import AnswerService
from bot.ops import Metrics
from bot.settings import Settings, TelegramSettings
from tests.adapters.discord_support import running
from tests.fakes.discord_api import JSON, FakeDiscord, Guild
from tests.fakes.telegram_api import FakeTelegram, User

OnReply = Callable[[str, int, int | None, str], None]  # platform, chat, replied-to id, text


def rss_mb() -> float:
    """This process's resident set size now (not the peak), in MB."""
    gc.collect()
    status = Path("/proc/self/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    assert match, "needs Linux /proc"
    return int(match[1]) / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


class LeanTelegram(FakeTelegram):
    """The Telegram fake, reporting each sent message and keeping none of them."""

    def __init__(self, on_reply: OnReply, **kw: Any) -> None:
        super().__init__(**kw)
        self.on_reply = on_reply
        self.replies = 0

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        data = await super()._api_sendMessage(params)
        if not data.get("reply_markup"):  # a message with buttons may be pressed later
            self.messages.pop((data["chat"]["id"], data["message_id"]), None)
        self.replies += 1
        replied = (params.get("reply_parameters") or {}).get("message_id")
        self.on_reply("telegram", int(params["chat_id"]), replied, data["text"])
        return data

    def ask(self, chat_id: int, user_id: int, text: str, *, group: bool = False) -> int:
        """A person sends `text`; returns the message id. The fake does not keep the message."""
        user = User(id=user_id, first_name="Soak", language_code="en")
        chat = self.group_chat(chat_id) if group else self.private_chat(user)
        sent = self.send_text(chat, user, text)
        self.messages.pop((chat.id, sent["message_id"]), None)
        return int(sent["message_id"])

    def trim(self) -> list[str]:
        """Forget the calls answered so far; returns the ones real Telegram would have refused."""
        refused = [f"{c.method}: {c.error}" for c in self.rejections]
        del self.calls[:]
        return refused


class LeanDiscord(FakeDiscord):
    """The Discord fake, reporting each posted message and keeping only those with buttons."""

    def __init__(self, on_reply: OnReply, **kw: Any) -> None:
        super().__init__(**kw)
        self.on_reply = on_reply
        self.replies = 0

    def _post_message(self, channel_id: int, body: Any) -> JSON:
        message = super()._post_message(channel_id, body)
        if not message.get("components"):  # buttons are disabled by an edit when they expire
            self.messages.pop(int(message["id"]), None)
        self.replies += 1
        ref = (body.get("message_reference") or {}).get("message_id")
        text = body.get("content") or "\n".join(
            str(e.get("description") or "") for e in body.get("embeds") or []
        )
        self.on_reply("discord", channel_id, int(ref) if ref else None, text)
        return message

    def trim(self) -> list[str]:
        """Forget requests, frames and replay buffers; returns what Discord would have refused."""
        refused = [
            f"{r.method} {r.path}: {r.status} {r.error}"
            for r in self.requests
            if r.status >= 400 and r.status != 429
        ]
        del self.requests[:]
        del self.frames[:]
        for session in self.sessions:
            del session.sent[:]
        return refused


class _Unlimited(AIORateLimiter):
    """The adapter's rate limiter without Telegram's flood limits (it still waits out a 429)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(overall_max_rate=0, group_max_rate=0, **kw)


@contextlib.contextmanager
def without_telegram_flood_limits() -> Iterator[None]:
    """Adapters made in this block send as fast as the fake answers.

    Real Telegram lets a bot send about 30 messages a second (20 a minute into one group), and
    the adapter's AIORateLimiter keeps to that: through it, a soak measures Telegram's quota,
    not the bot. The fake enforces no quota, so a soak lifts the limiter's.
    """
    saved = getattr(telegram_adapter, "AIORateLimiter")  # noqa: B009
    setattr(telegram_adapter, "AIORateLimiter", _Unlimited)  # noqa: B010
    try:
        yield
    finally:
        setattr(telegram_adapter, "AIORateLimiter", saved)  # noqa: B010


def guild(index: int) -> Guild:
    """The fake's guild number `index`, with its one text channel."""
    return Guild(id=(2000 + index) << 22, channel_id=((2000 + index) << 22) + 1, name=f"g{index}")


@dataclass
class Both:
    """Both platforms served by one core."""

    telegram: LeanTelegram
    discord: LeanDiscord
    service: AnswerService
    metrics: Metrics
    telegram_adapter: TelegramAdapter
    discord_adapter: DiscordAdapter
    refused: list[str] = field(default_factory=list)

    def handled(self, platform: str | None = None, outcome: str | None = None) -> float:
        """How many messages the core has handled (on one platform, with one outcome, or all)."""
        total = 0.0
        for family in self.metrics.registry.collect():
            if family.name != "spacebot_questions":
                continue
            for sample in family.samples:
                labels = sample.labels
                if (
                    sample.name.endswith("_total")
                    and platform in (None, labels["platform"])
                    and outcome in (None, labels["outcome"])
                ):
                    total += sample.value
        return total

    def trim(self) -> None:
        self.refused += self.telegram.trim()
        self.refused += self.discord.trim()


@contextlib.asynccontextmanager
async def both_platforms(
    settings: Settings, on_reply: OnReply, *, guilds: int = 2, flood_limits: bool = True
) -> AsyncIterator[Both]:
    """Both adapters on one core, each against its fake; Discord has `guilds` guilds.

    `flood_limits=False` lifts Telegram's send quota (see `without_telegram_flood_limits`).
    """
    metrics = Metrics()
    async with (
        LeanTelegram(on_reply) as telegram,
        LeanDiscord(on_reply, guilds=[guild(i) for i in range(guilds)]) as discord_fake,
        open_service(settings, metrics) as service,
    ):
        discord = cast(LeanDiscord, discord_fake)  # FakeDiscord.__aenter__ is typed as the base
        with contextlib.nullcontext() if flood_limits else without_telegram_flood_limits():
            adapter = TelegramAdapter(
                TelegramSettings(api_base_url=telegram.base_url),
                SecretStr(telegram.token),
                service,
                poll_timeout=10,
                send_backoff=0.01,
            )
        stop = asyncio.Event()
        async with adapter, running(discord, service) as discord_adapter:
            task = asyncio.create_task(adapter.serve(stop))
            await asyncio.wait_for(adapter.ready.wait(), 5)
            both = Both(telegram, discord, service, metrics, adapter, discord_adapter)
            try:
                yield both
            finally:
                stop.set()
                await asyncio.wait_for(task, 10)
                both.trim()


async def wait_until(condition: Callable[[], bool], within: float, what: str) -> None:
    """Waits for `condition`, re-checked on every turn of the event loop, up to `within` s."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within}s waiting for {what}")
        await asyncio.sleep(0.01)
