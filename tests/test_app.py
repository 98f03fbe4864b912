"""The whole bot as `make run` starts it: both adapters in one process, against loopback fakes.

SIGTERM and SIGINT must stop polling and the gateway, flush the question log and exit 0 within
5 seconds.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.fakes.discord_api import FakeDiscord
from tests.fakes.running_bot import bot_env, running_bot
from tests.fakes.telegram_api import FakeTelegram, User

SHUTDOWN_LIMIT = 5.0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_run_serves_both_platforms_and_stops_cleanly_on_a_signal(
    tmp_path: Path, facts_dir: Path, sig: signal.Signals
) -> None:
    store = tmp_path / "run.sqlite3"
    async with FakeTelegram() as telegram, FakeDiscord() as discord:
        env = bot_env(telegram, discord, facts_dir, store)
        async with running_bot(telegram, discord, env) as bot:
            person = User(id=501, first_name="Ann")
            telegram.send_text(telegram.private_chat(person), person, "who directed the film?")
            answers = await telegram.wait_calls("sendMessage", within=10)
            assert "Shipenko" in answers[0].params["text"]

            started = time.monotonic()
            bot.send_signal(sig)
            _, stderr = await asyncio.wait_for(bot.communicate(), SHUTDOWN_LIMIT + 5)
            took = time.monotonic() - started
    assert bot.returncode == 0, stderr.decode()[-2000:]
    assert took < SHUTDOWN_LIMIT, f"shutdown took {took:.1f}s"
    assert telegram.token not in stderr.decode()
    with sqlite3.connect(store) as db:
        logged = db.execute("SELECT platform, text FROM questions").fetchall()
    assert ("telegram", "who directed the film?") in logged
