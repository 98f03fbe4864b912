"""The whole bot as `make run` starts it: both adapters in one process, against loopback fakes.

SIGTERM and SIGINT must stop polling and the gateway, flush the question log and exit 0 within
5 seconds.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram, User

SHUTDOWN_LIMIT = 5.0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_run_serves_both_platforms_and_stops_cleanly_on_a_signal(
    tmp_path: Path, facts_dir: Path, sig: signal.Signals
) -> None:
    store = tmp_path / "run.sqlite3"
    async with FakeTelegram() as telegram, FakeDiscord() as discord:
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "TELEGRAM_TOKEN": telegram.token,
            "DISCORD_TOKEN": discord.token,
            "SPACEBOT_TELEGRAM__API_BASE_URL": telegram.base_url,
            "SPACEBOT_DISCORD__API_BASE_URL": discord.base_url,
            "SPACEBOT_DISCORD__GATEWAY_URL": discord.gateway_url,
            "SPACEBOT_FACTS__DIR": str(facts_dir),
            "SPACEBOT_STORE__PATH": str(store),
        }
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=REPO, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await discord.wait_ready(within=20)
            await telegram.wait_calls("getUpdates", ok=None, done=False, within=20)
            person = User(id=501, first_name="Ann")
            telegram.send_text(telegram.private_chat(person), person, "who directed the film?")
            answers = await telegram.wait_calls("sendMessage", within=10)
            assert "Shipenko" in answers[0].params["text"]

            started = time.monotonic()
            bot.send_signal(sig)
            _, stderr = await asyncio.wait_for(bot.communicate(), SHUTDOWN_LIMIT + 5)
            took = time.monotonic() - started
        finally:
            if bot.returncode is None:
                bot.kill()
                await bot.wait()
    assert bot.returncode == 0, stderr.decode()[-2000:]
    assert took < SHUTDOWN_LIMIT, f"shutdown took {took:.1f}s"
    assert telegram.token not in stderr.decode()
    with sqlite3.connect(store) as db:
        logged = db.execute("SELECT platform, text FROM questions").fetchall()
    assert ("telegram", "who directed the film?") in logged
