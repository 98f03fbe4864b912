"""How the Discord adapter behaves on the wire: sync, rate limits, reconnects, shards, shutdown."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable

import pytest
from pydantic import SecretStr

from bot.adapters.discord_adapter import SYNC_KEY, DiscordAdapter
from bot.app import open_service
from bot.core.service import AnswerService
from bot.settings import DiscordSettings, Settings
from tests.adapters.discord_support import (
    ADMIN_ID,
    ASKS_BACK,
    buttons,
    embed,
    response,
    running,
)
from tests.fakes.discord_api import (
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    PRIVILEGED_INTENTS,
    FakeDiscord,
)

MakeSettings = Callable[..., Settings]
DM_CHANNEL = 6_000
CHANNEL_POST = r"/channels/\d+/messages"
CALLBACK = r"/interactions/\d+/[^/]+/callback"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        yield fake


@pytest.fixture
async def service(make_settings: MakeSettings) -> AsyncIterator[AnswerService]:
    """The started core, with ADMIN_ID in `[admins] discord`."""
    async with open_service(make_settings(admins={"discord": [ADMIN_ID]})) as started:
        yield started


async def _ask_in_dm(fake: FakeDiscord, question: str = "who directed the film?") -> dict:
    before = len(fake.channel_messages(DM_CHANNEL))
    await fake.message(question, channel_id=DM_CHANNEL)
    replies = await fake.wait_for(
        lambda: fake.channel_messages(DM_CHANNEL)[before:], what="an answer in the DM"
    )
    return replies[0]


# -- startup ----------------------------------------------------------------------------------


async def test_the_gateway_is_identified_without_privileged_intents(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        pass
    [identify] = [f for f in fake.frames if f.op == 2]
    intents = identify.data["intents"]
    assert not [name for bit, name in PRIVILEGED_INTENTS.items() if intents & bit]
    assert identify.data["token"] == fake.token


async def test_commands_are_synced_once_and_not_again_while_unchanged(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        pass
    async with running(fake, service):
        pass
    puts = [r for r in fake.requests if r.method == "PUT"]
    assert [r.path for r in puts] == [f"/applications/{fake.application_id}/commands"]


async def test_commands_are_synced_again_when_the_stored_hash_differs(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        pass
    key = SYNC_KEY.format(application=fake.application_id, scope="global")
    assert await service.get_meta(key)
    await service.set_meta(key, "definitions from an older release")
    async with running(fake, service):
        pass
    assert len([r for r in fake.requests if r.method == "PUT"]) == 2


async def test_sync_guild_syncs_the_commands_to_that_guild_only(
    fake: FakeDiscord, service: AnswerService
) -> None:
    guild = fake.guild()
    async with running(fake, service, sync_guild=guild.id):
        body = await response(fake, await fake.command("film", guild_id=guild.id))
    puts = [r.path for r in fake.requests if r.method == "PUT"]
    assert puts == [f"/applications/{fake.application_id}/guilds/{guild.id}/commands"]
    assert None not in fake.commands
    assert embed(body)["title"] == "The film"


async def test_a_failed_sync_is_logged_and_the_bot_still_serves(
    fake: FakeDiscord, service: AnswerService, caplog: pytest.LogCaptureFixture
) -> None:
    fake.refuse("PUT", r"/applications/\d+/commands", status=400)
    async with running(fake, service, allow_refusals=True):
        reply = await _ask_in_dm(fake)
    assert "command sync failed: 400" in caplog.text
    assert "Klim Shipenko" in embed(reply)["description"]


# -- rate limits and refusals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "how"),
    [(CHANNEL_POST, "dm"), (CALLBACK, "slash")],
    ids=["channel-message", "interaction-callback"],
)
async def test_a_429_is_waited_out_and_the_reply_still_arrives(
    fake: FakeDiscord, service: AnswerService, route: str, how: str
) -> None:
    fake.rate_limit("POST", route, retry_after=0.05)
    async with running(fake, service):
        if how == "dm":
            reply = await _ask_in_dm(fake)
        else:
            it = await fake.command("ask", {"question": "who directed the film?"})
            reply = (await response(fake, it))["data"]
    assert "Klim Shipenko" in embed(reply)["description"]
    statuses = [
        r.status for r in fake.requests if r.method == "POST" and re.fullmatch(route, r.path)
    ]
    assert statuses == [429, 200]


async def test_a_refused_send_is_logged_with_its_reason_and_the_bot_keeps_answering(
    fake: FakeDiscord, service: AnswerService, caplog: pytest.LogCaptureFixture
) -> None:
    fake.refuse("POST", CHANNEL_POST, status=403)
    caplog.set_level(logging.WARNING, logger="bot.adapters.discord_adapter")
    async with running(fake, service, allow_refusals=True):
        await fake.message("who directed the film?", channel_id=DM_CHANNEL)
        await fake.wait_for(lambda: any(r.status == 403 for r in fake.requests))
        reply = await _ask_in_dm(fake, "when did the film premiere?")
    assert "Discord refused a request: 403 Missing Permissions (code 50013)" in caplog.text
    assert embed(reply)["title"]
    assert "Traceback" not in caplog.text


# -- slow answers -------------------------------------------------------------------------------


async def test_a_slow_command_is_deferred_then_answered_through_the_followup_webhook(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service, defer_after=0.0):
        it = await fake.command("film")
        await fake.wait_for(lambda: it.followups, what="a followup")
        admin = await fake.command("stats", user_id=ADMIN_ID)
        await fake.wait_for(lambda: admin.followups, what="the admin followup")
    assert it.callbacks[0]["type"] == DEFERRED_CHANNEL_MESSAGE
    assert not it.callbacks[0].get("data", {}).get("flags", 0) & EPHEMERAL
    assert it.followups == [it.message_id]  # the answer replaced the "thinking…" message
    assert embed(fake.messages[it.message_id])["title"] == "The film"
    assert admin.callbacks[0]["data"]["flags"] & EPHEMERAL
    followups = [r for r in fake.requests if r.method == "POST" and "/webhooks/" in r.path]
    assert len(followups) == 2
    assert all(r.body["allowed_mentions"] == {"parse": []} for r in followups)


async def test_a_slow_button_click_is_deferred_then_the_message_edited_in_place(
    fake: FakeDiscord, make_settings: MakeSettings
) -> None:
    async with (
        open_service(make_settings(matcher=ASKS_BACK)) as service,
        running(fake, service, defer_after=0.0),
    ):
        it = await fake.command("ask", {"question": "tell me about the crew"})  # it asks which
        await fake.wait_for(lambda: it.followups)
        assert it.message_id is not None
        first = buttons(fake.messages[it.message_id])[0]
        click = await fake.click(it.message_id, first["custom_id"])
        await fake.wait_for(
            lambda: embed(fake.messages[it.message_id]).get("title") == first["label"],
            what="the clarify message edited into the answer",
        )
    assert click.callbacks[0]["type"] == DEFERRED_UPDATE
    edits = [r for r in fake.requests if r.method == "PATCH" and r.path.endswith("/@original")]
    assert edits
    assert edits[-1].body["allowed_mentions"] == {"parse": []}


# -- the gateway --------------------------------------------------------------------------------


async def test_a_gateway_reconnect_is_followed_by_resume_and_no_event_is_lost(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        [session] = fake.sessions
        await fake.reconnect(0)
        # Sent while the client reconnects: the RESUME must get it replayed, as Discord does.
        await fake.message("who directed the film?", channel_id=DM_CHANNEL)
        [reply] = await fake.wait_for(lambda: fake.channel_messages(DM_CHANNEL))
        await fake.wait_for(lambda: session.resumes == 1, what="a RESUME")
        after = await _ask_in_dm(fake, "when did the film premiere?")
    [resume] = [f for f in fake.frames if f.op == 6]
    assert resume.data["session_id"] == session.id
    assert resume.data["token"] == fake.token
    assert len([f for f in fake.frames if f.op == 2]) == 1  # resumed, not identified again
    assert "Klim Shipenko" in embed(reply)["description"]
    assert embed(after)["title"]


@pytest.mark.parametrize(
    ("shard_ids", "identified"),
    [((), [[0, 2], [1, 2]]), ((1,), [[1, 2]])],
    ids=["all-shards", "shard-1-only"],
)
async def test_two_shards_each_serve_their_guilds(
    fake: FakeDiscord,
    service: AnswerService,
    shard_ids: tuple[int, ...],
    identified: list[list[int]],
) -> None:
    served = [g for g in fake.guilds if [(g.id >> 22) % 2, 2] in identified]
    async with running(fake, service, shards=len(identified), shard_count=2, shard_ids=shard_ids):
        for guild in served:
            await fake.message("who directed the film?", guild_id=guild.id, mention_bot=True)
        for guild in served:
            [reply] = await fake.wait_for(lambda g=guild: fake.channel_messages(g.channel_id))
            assert "Klim Shipenko" in embed(reply)["description"]
    assert sorted(f.data["shard"] for f in fake.frames if f.op == 2) == identified


async def test_shard_ids_outside_shard_count_are_a_configuration_error(
    service: AnswerService,
) -> None:
    settings = DiscordSettings(shard_count=2, shard_ids=(0, 2))
    with pytest.raises(ValueError, match="below shard_count"):
        DiscordAdapter(settings, SecretStr("token"), service)


async def test_setting_stop_closes_the_gateway_cleanly_and_serve_returns(
    fake: FakeDiscord, service: AnswerService
) -> None:
    config = DiscordSettings(api_base_url=fake.base_url, gateway_url=fake.gateway_url)
    adapter = DiscordAdapter(config, SecretStr(fake.token), service, guild_ready_timeout=0.05)
    stop = asyncio.Event()
    async with adapter:
        serving = asyncio.create_task(adapter.serve(stop))
        await fake.wait_ready()
        await _ask_in_dm(fake)
        started = time.monotonic()
        stop.set()
        await asyncio.wait_for(serving, 5.0)
        took = time.monotonic() - started
        await fake.wait_for(lambda: fake.closes, what="the gateway socket to close")
    assert took < 1.0
    assert serving.result() is None
    assert adapter.client.is_closed()
    assert fake.closes == [((0, 1), 1000)]


async def test_serve_raises_when_discord_refuses_the_token(
    fake: FakeDiscord, service: AnswerService
) -> None:
    config = DiscordSettings(api_base_url=fake.base_url, gateway_url=fake.gateway_url)
    adapter = DiscordAdapter(config, SecretStr("not-the-token"), service)
    async with adapter:
        with pytest.raises(Exception, match="Improper token"):
            await asyncio.wait_for(adapter.serve(asyncio.Event()), 5.0)
    assert adapter.client.is_closed()
    assert not fake.sessions
