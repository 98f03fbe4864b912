"""The hostile corpus through both adapters' fakes, every way a user can send text.

Telegram: a private message, a mention in a group, /ask, /why (which quotes the question back),
an inline query and a button press carrying hostile callback data. Discord: a DM, a mention in a
guild, /ask, /crew, /why and /ask's autocomplete. Every outgoing message must be one the
platform accepts (the fakes refuse invalid Telegram HTML, text over 4096 UTF-16 units, Discord
content or embeds over their limits), every Discord message must ping nobody
(allowed_mentions parse []), every message must be answered, and no handler may raise.
"""

from __future__ import annotations

import logging
from collections import Counter

import pytest

from tests.adversarial.corpus import CORPUS
from tests.adversarial.harness import both_platforms, guild, wait_until
from tests.conftest import MakeSettings
from tests.fakes.discord_api import FakeDiscord, Interaction
from tests.fakes.telegram_api import User

BOT = "@SpaceTestBot"


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR or "failed" in r.getMessage()
    ]


async def test_hostile_text_through_telegram_gets_valid_replies_and_raises_nothing(
    make_settings: MakeSettings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    replies: Counter[int] = Counter()

    def on_reply(platform: str, chat: int, replied: int | None, text: str) -> None:
        replies[chat] += 1

    async with both_platforms(make_settings(), on_reply, flood_limits=False) as both:
        tg = both.telegram
        expected: Counter[int] = Counter()
        for i, text in enumerate(CORPUS):
            user = User(id=80_000 + i, first_name="Mallory", language_code="en")
            private, group = tg.private_chat(user), tg.group_chat(-80_000 - i)
            for chat, prefix in ((private, ""), (group, f"{BOT} ")):
                tg.send_text(chat, user, prefix + text)
                tg.send_text(chat, user, f"/ask@{BOT[1:]} {text}")
                tg.send_text(chat, user, f"/why@{BOT[1:]}")
                expected[chat.id] += 3
            tg.inline_query(user, text[:256])
        await wait_until(lambda: all(replies[c] >= n for c, n in expected.items()), 30, "replies")

        # Buttons: hostile callback data (at most 64 bytes) pressed under a real bot message.
        tg.send_text(tg.private_chat(User(id=79_999)), User(id=79_999), "/topics")
        await wait_until(lambda: replies[79_999] >= 1, 10, "the /topics reply")
        [topics] = [
            m for m in tg.messages.values()
            if m.from_bot and m.reply_markup and m.chat.id == 79_999
        ]  # fmt: skip
        for text in CORPUS[:30]:
            data = text.encode()[:64].decode(errors="ignore") or "x"
            tg.press(topics.data, User(id=79_999), data)
        await wait_until(
            lambda: (
                len(tg.calls_to("answerCallbackQuery", ok=None)) >= 30
                and len(tg.calls_to("answerInlineQuery", ok=None)) >= len(CORPUS)
            ),
            30,
            "every button press and inline query answered",
        )
        # Pressing a second button on the same message shows the same text: Telegram answers
        # "not modified", which the adapter takes as done. Anything else is a refusal.
        rejected = [
            (c.method, c.error) for c in tg.rejections if "not modified" not in str(c.error)
        ]
        edits = tg.calls_to("editMessageText", ok=True)
    assert rejected == [], rejected[:5]
    assert {c: replies[c] for c in expected} == dict(expected), "one reply per message"
    assert edits, "a pressed button turns its message into the reply"
    assert errors(caplog) == []


async def test_hostile_text_through_discord_gets_valid_replies_that_ping_nobody(
    make_settings: MakeSettings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    replies: Counter[int] = Counter()

    def on_reply(platform: str, chat: int, replied: int | None, text: str) -> None:
        replies[chat] += 1

    async with both_platforms(make_settings(), on_reply, guilds=1) as both:
        dc = both.discord
        room = guild(0)
        interactions: list[Interaction] = []
        for i, text in enumerate(CORPUS):
            person = 90_000 + i
            typed = text[:2000]
            await dc.message(typed, author_id=person, channel_id=600_000 + i)
            await dc.message(typed, author_id=person, guild_id=room.id, mention_bot=True)
            interactions += [
                await dc.command("ask", {"question": typed}, user_id=person, guild_id=room.id),
                await dc.command("crew", {"member": text[:100]}, user_id=person),
                await dc.command("why", user_id=person, guild_id=room.id),
                await dc.autocomplete("ask", "question", text[:100], user_id=person),
            ]
        dms = {600_000 + i for i in range(len(CORPUS))}
        await wait_until(
            lambda: (
                all(replies[c] >= 1 for c in dms)
                and replies[room.channel_id] >= len(CORPUS)
                and all(it.responded for it in interactions)
            ),
            30,
            "every message and interaction answered",
        )
        requests = dc.message_requests()
        refused = [r for r in dc.requests if r.status >= 400 and r.status != 429]
    assert [(r.method, r.path, r.error) for r in refused] == []
    assert len(requests) >= 2 * len(CORPUS)
    for request in requests:
        body = FakeDiscord.message_body(request)
        assert body["allowed_mentions"]["parse"] == [], body
        assert not body["allowed_mentions"].get("replied_user")
    assert errors(caplog) == []
    assert both.refused == []
