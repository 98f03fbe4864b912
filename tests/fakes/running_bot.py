"""The real `spacebot run` process, pointed at both loopback fakes, for whole-program tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram

REPO = Path(__file__).resolve().parents[2]


def bot_env(
    telegram: FakeTelegram, discord: FakeDiscord, facts_dir: Path, store: Path, **extra: str
) -> dict[str, str]:
    """The environment that runs both adapters against the fakes, on a copy of the facts."""
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "TELEGRAM_TOKEN": telegram.token,
        "DISCORD_TOKEN": discord.token,
        "SPACEBOT_TELEGRAM__API_BASE_URL": telegram.base_url,
        "SPACEBOT_DISCORD__API_BASE_URL": discord.base_url,
        "SPACEBOT_DISCORD__GATEWAY_URL": discord.gateway_url,
        "SPACEBOT_FACTS__DIR": str(facts_dir),
        "SPACEBOT_STORE__PATH": str(store),
        **extra,
    }


@contextlib.asynccontextmanager
async def running_bot(
    telegram: FakeTelegram, discord: FakeDiscord, env: dict[str, str]
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Starts `python -m bot run`, yields once both platforms are connected, kills on the way out
    if the test has not stopped it."""
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=REPO, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await discord.wait_ready(within=20)
        await telegram.wait_calls("getUpdates", ok=None, done=False, within=20)
        yield bot
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
