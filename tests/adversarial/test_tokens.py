"""Tokens never appear in a log line or an error message, tracebacks included.

The real `spacebot run` process, with distinctive tokens and DEBUG logging, is driven into
errors against the loopback fakes: failed polls and sends, a refused Discord request, an unknown
admin chat, and tokens that the platforms reject at startup (python-telegram-bot puts the rejected
token in its exception's message, and that exception ends the program). Everything it writes to
stderr and stdout is grepped for the tokens and for their secret parts.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.telegram_api import FakeTelegram, User

TELEGRAM_TOKEN = "5550001234:AAE-spacebot-TELEGRAM-secret-0123456789"
DISCORD_TOKEN = "MTk4NjIyNDgzNDcxOTI1MjQ4.spacebot-DISCORD-secret.0123456789abcdef"
LEAKS = (
    TELEGRAM_TOKEN,
    TELEGRAM_TOKEN.split(":")[1],  # the secret half, in case the id is cut off
    DISCORD_TOKEN,
    DISCORD_TOKEN.split(".")[1],
)


def environment(tmp_path: Path, facts_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SPACEBOT_FACTS__DIR": str(facts_dir),
        "SPACEBOT_STORE__PATH": str(tmp_path / "tokens.sqlite3"),
        "SPACEBOT_LOG__LEVEL": "DEBUG",
        **extra,
    }


async def start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=REPO, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finish(bot: asyncio.subprocess.Process, *, stop: bool) -> tuple[int, str]:
    """Stops the bot (SIGTERM) or waits for it to end; returns its exit code and its output."""
    try:
        if stop:
            bot.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(bot.communicate(), 20)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    assert bot.returncode is not None
    return bot.returncode, out.decode(errors="replace") + err.decode(errors="replace")


def assert_no_token(output: str) -> None:
    leaked = [secret for secret in LEAKS if secret in output]
    assert leaked == [], f"token leaked: {leaked}\n{output[-3000:]}"


async def test_no_token_in_a_debug_log_full_of_errors(tmp_path: Path, facts_dir: Path) -> None:
    async with (
        FakeTelegram(token=TELEGRAM_TOKEN) as telegram,
        FakeDiscord(token=DISCORD_TOKEN) as discord,
    ):
        telegram.fail("getUpdates", "500")
        telegram.fail("sendMessage", "500")
        discord.refuse("POST", r"/channels/\d+/messages", status=401)
        env = environment(
            tmp_path, facts_dir,
            TELEGRAM_TOKEN=TELEGRAM_TOKEN, DISCORD_TOKEN=DISCORD_TOKEN,
            SPACEBOT_TELEGRAM__API_BASE_URL=telegram.base_url,
            SPACEBOT_DISCORD__API_BASE_URL=discord.base_url,
            SPACEBOT_DISCORD__GATEWAY_URL=discord.gateway_url,
            SPACEBOT_ADMINS__TELEGRAM="[424242]",  # never talked to the bot: setMyCommands fails
        )  # fmt: skip
        bot = await start(env)
        try:
            await discord.wait_ready(within=20)
            await telegram.wait_calls("getUpdates", ok=False, within=20)
            person = User(id=501, first_name="Ann")
            telegram.send_text(telegram.private_chat(person), person, "who directed the film?")
            await telegram.wait_calls("sendMessage", within=20)  # after one failed attempt
            await discord.message("who directed the film?", author_id=77, channel_id=6_001)
            await discord.wait_for(
                lambda: any(r.status == 401 for r in discord.requests), 20, "the refused send"
            )
        finally:
            code, output = await finish(bot, stop=True)
        sent = " ".join(str(c.params) for c in telegram.calls)
        sent += " ".join(str(r.body) for r in discord.requests)
    assert code == 0, output[-3000:]
    assert " DEBUG " in output, "the bot logged at DEBUG"
    assert "getUpdates failed" in output
    assert "Discord refused a request: 401" in output
    assert_no_token(output)
    assert_no_token(sent)  # nor in what the bot sent to anyone


@pytest.mark.parametrize("platform", ["telegram", "discord"])
async def test_no_token_in_the_traceback_of_a_rejected_token(
    tmp_path: Path, facts_dir: Path, platform: str
) -> None:
    """The platform answers 401 at startup; the program ends with a (redacted) traceback."""
    async with FakeTelegram() as telegram, FakeDiscord() as discord:  # their own tokens
        if platform == "telegram":
            extra = {
                "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
                "SPACEBOT_TELEGRAM__API_BASE_URL": telegram.base_url,
            }
        else:
            extra = {
                "DISCORD_TOKEN": DISCORD_TOKEN,
                "SPACEBOT_DISCORD__API_BASE_URL": discord.base_url,
                "SPACEBOT_DISCORD__GATEWAY_URL": discord.gateway_url,
            }
        bot = await start(environment(tmp_path, facts_dir, **extra))
        code, output = await finish(bot, stop=False)
    assert code != 0
    assert "Traceback" in output
    assert ("InvalidToken" if platform == "telegram" else "LoginFailure") in output
    assert_no_token(output)
