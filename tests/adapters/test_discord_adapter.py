"""What Discord users get, end to end: the real discord.py client, the real core, a fake Discord.

Every test runs the adapter against the loopback fake (tests/fakes/discord_api.py), which rejects
what Discord rejects; `running` also fails a test whose bot sent anything the fake refused.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator

import pytest

from bot.app import open_service
from bot.core import phrases
from bot.core.domain import Lang
from bot.core.service import AnswerService
from tests.adapters.discord_support import (
    ADMIN_ID,
    ASKS_BACK,
    TEAM_MEMBER_ID,
    USER_ID,
    buttons,
    embed,
    has_cyrillic,
    response,
    running,
)
from tests.conftest import OFFERS, MakeSettings
from tests.fakes.discord_api import (
    ADMINISTRATOR,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    CHOICE_NAME_MAX,
    CHOICES_MAX,
    EPHEMERAL,
    UPDATE_MESSAGE,
    FakeDiscord,
)

FACT_BUTTON = "spacebot:fact:"
VAGUE = "tell me about the crew"  # close to several facts: with ASKS_BACK, the core asks which
DM_CHANNEL = 6_000


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(team_member_ids=(TEAM_MEMBER_ID,)) as fake:
        yield fake


@pytest.fixture
async def service(make_settings: MakeSettings) -> AsyncIterator[AnswerService]:
    """The started core, with ADMIN_ID in `[admins] discord`."""
    async with open_service(make_settings(admins={"discord": [ADMIN_ID]})) as started:
        yield started


@pytest.fixture
async def asking(make_settings: MakeSettings) -> AsyncIterator[AnswerService]:
    """The started core, set to ask which fact was meant rather than answer (ASKS_BACK)."""
    async with open_service(make_settings(matcher=ASKS_BACK)) as started:
        yield started


# -- commands ---------------------------------------------------------------------------------


async def test_startup_registers_every_command_with_russian_names_and_descriptions(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        pass
    commands = {c["name"]: c for c in fake.commands[None]}
    assert set(commands) == {
        "help", "ask", "topics", "why", "film", "crew", "mission", "race",
        "reload", "unanswered", "stats", "teach", "audit",
    }  # fmt: skip
    for command in commands.values():
        assert has_cyrillic(command["name_localizations"]["ru"]), command
        assert has_cyrillic(command["description_localizations"]["ru"]), command
    [question] = commands["ask"]["options"]
    assert question["name"] == "question"
    assert question["required"] is True
    assert question["autocomplete"] is True
    assert question["name_localizations"]["ru"] == "вопрос"
    [member] = commands["crew"]["options"]
    assert (member["name"], member["required"], member["autocomplete"]) == ("member", False, True)


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        ("help", {}, "/topics"),
        ("topics", {}, "/film"),
        ("film", {}, "«The Challenge»"),
        ("crew", {}, "Shkaplerov"),
        ("mission", {}, "Baikonur"),
        ("race", {}, "Tom Cruise"),
        ("ask", {"question": "Who directed the film?"}, "Klim Shipenko"),
        ("crew", {"member": "peresild-bio"}, "Peresild"),
        ("crew", {"member": "Yulia Peresild"}, "Peresild"),
        ("why", {}, "haven't answered"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
async def test_each_command_answers_with_an_embed_visible_to_the_channel(
    fake: FakeDiscord, service: AnswerService, name: str, options: dict[str, str], expected: str
) -> None:
    async with running(fake, service):
        body = await response(fake, await fake.command(name, options, guild_id=fake.guild().id))
    assert body["type"] == CHANNEL_MESSAGE
    assert not body["data"].get("flags", 0) & EPHEMERAL
    assert body["data"]["allowed_mentions"] == {"parse": []}
    shown = embed(body)
    assert expected in (shown.get("title") or "") + (shown.get("description") or "")


async def test_an_answer_embed_has_a_title_sources_as_links_and_the_topic_in_the_footer(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        it = await fake.command("ask", {"question": "Who directed the film?"})
        shown = embed(await response(fake, it))
    assert shown["title"] == "Who directed The Challenge?"
    [sources] = shown["fields"]
    assert sources["name"] == "Sources"
    assert "](https://en.wikipedia.org/wiki/The_Challenge_%282023_film%29)" in sources["value"]
    assert shown["footer"]["text"] == "Topic: film"


async def test_why_explains_the_last_answer_in_this_channel(
    fake: FakeDiscord, service: AnswerService
) -> None:
    guild = fake.guild()
    async with running(fake, service):
        await response(
            fake,
            await fake.command("ask", {"question": "Who directed the film?"}, guild_id=guild.id),
        )
        why = embed(await response(fake, await fake.command("why", guild_id=guild.id)))
    assert "film-director" in why["description"]
    assert "Who directed the film?" in why["description"]


async def test_ask_autocomplete_offers_the_closest_known_questions_within_discord_limits(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        body = await response(fake, await fake.autocomplete("ask", "question", "who direct"))
        empty = await response(fake, await fake.autocomplete("ask", "question", ""))
    assert body["type"] == AUTOCOMPLETE_RESULT
    choices = body["data"]["choices"]
    assert "Who directed The Challenge?" in [c["name"] for c in choices[:3]]
    for c in [*choices, *empty["data"]["choices"]]:
        assert c["name"] == c["value"]  # choosing one asks that very question
        assert 1 <= len(c["name"]) <= CHOICE_NAME_MAX
    assert len(empty["data"]["choices"]) == CHOICES_MAX  # the core has more: capped at 25


async def test_ask_autocomplete_speaks_the_users_locale(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        body = await response(fake, await fake.autocomplete("ask", "question", "", locale="ru"))
    names = [c["name"] for c in body["data"]["choices"]]
    assert names
    assert all(has_cyrillic(n) for n in names)


async def test_crew_member_is_chosen_from_the_crew_and_cast_then_answered(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        offered = await response(fake, await fake.autocomplete("crew", "member", "peres"))
        [choice] = offered["data"]["choices"]
        everyone = await response(fake, await fake.autocomplete("crew", "member", ""))
        answer = await response(fake, await fake.command("crew", {"member": choice["value"]}))
    assert choice == {"name": "Yulia Peresild", "value": "peresild-bio"}
    assert {"Anton Shkaplerov", "Klim Shipenko"} <= {c["name"] for c in everyone["data"]["choices"]}
    assert "Peresild" in embed(answer)["title"]


# -- free text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mention", ["user", "managed-role"])
async def test_a_mention_in_a_guild_is_answered_as_a_reply_that_pings_nobody(
    fake: FakeDiscord, service: AnswerService, mention: str
) -> None:
    guild = fake.guild()
    async with running(fake, service):
        asked = await fake.message(
            "who directed the film?",
            guild_id=guild.id,
            mention_bot=mention == "user",
            mention_bot_role=mention == "managed-role",
        )
        [reply] = await fake.wait_for(lambda: fake.channel_messages(guild.channel_id))
    assert reply["message_reference"]["message_id"] == asked["id"]
    assert "Klim Shipenko" in embed(reply)["description"]
    [post] = [r for r in fake.message_requests() if r.method == "POST"]
    assert post.body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_a_reply_to_the_bot_is_answered_without_a_mention(
    fake: FakeDiscord, service: AnswerService
) -> None:
    guild = fake.guild()
    async with running(fake, service):
        await fake.message("who directed the film?", guild_id=guild.id, mention_bot=True)
        [first] = await fake.wait_for(lambda: fake.channel_messages(guild.channel_id))
        follow_up = await fake.message(
            "when did it premiere?", guild_id=guild.id, reply_to=int(first["id"])
        )
        replies = await fake.wait_for(
            lambda: fake.channel_messages(guild.channel_id)[1:], what="the second answer"
        )
    assert replies[0]["message_reference"]["message_id"] == follow_up["id"]
    assert "2023" in embed(replies[0])["description"]


async def test_a_direct_message_is_answered_in_the_dm(
    fake: FakeDiscord, service: AnswerService
) -> None:
    async with running(fake, service):
        await fake.message("кто режиссёр фильма «Вызов»?", channel_id=DM_CHANNEL)
        [reply] = await fake.wait_for(lambda: fake.channel_messages(DM_CHANNEL))
    assert has_cyrillic(embed(reply)["description"])
    assert "message_reference" not in reply


async def test_an_unaddressed_guild_message_gets_no_reply(
    fake: FakeDiscord, service: AnswerService
) -> None:
    guild = fake.guild()
    async with running(fake, service):
        await fake.message("who directed the film?", guild_id=guild.id)
        addressed = await fake.message(
            "what is the film about?", guild_id=guild.id, mention_bot=True
        )
        # Events are handled in order: once the later, addressed message is answered, the earlier
        # one has had its chance.
        replies = await fake.wait_for(lambda: fake.channel_messages(guild.channel_id))
    assert [r["message_reference"]["message_id"] for r in replies] == [addressed["id"]]
    assert len(fake.message_requests()) == 1


# -- buttons ------------------------------------------------------------------------------------


async def _clarify_by(how: str, fake: FakeDiscord, vague: str = VAGUE) -> int:
    """Ask a vague question by slash command or by mention; return the id of the bot's message."""
    guild = fake.guild()
    if how == "slash":
        it = await fake.command("ask", {"question": vague}, guild_id=guild.id)
        await response(fake, it)
        assert it.message_id is not None
        return it.message_id
    await fake.message(vague, guild_id=guild.id, mention_bot=True)
    [reply] = await fake.wait_for(lambda: fake.channel_messages(guild.channel_id))
    return int(reply["id"])


@pytest.mark.parametrize("how", ["slash", "mention"])
async def test_clarify_buttons_answer_in_place_when_clicked(
    fake: FakeDiscord, asking: AnswerService, how: str
) -> None:
    async with running(fake, asking):
        message_id = await _clarify_by(how, fake)
        offered = buttons(fake.messages[message_id])
        click = await fake.click(message_id, offered[0]["custom_id"])
        body = await response(fake, click)
    assert 2 <= len(offered) <= 3
    assert all(b["custom_id"].startswith(FACT_BUTTON) for b in offered)
    assert body["type"] == UPDATE_MESSAGE  # the clarify message itself becomes the answer
    assert embed(body)["title"] == offered[0]["label"]
    assert fake.messages[message_id]["components"] == []
    assert embed(fake.messages[message_id])["title"] == offered[0]["label"]


@pytest.mark.parametrize(
    ("how", "edit_path"),
    [
        ("slash", r"/webhooks/\d+/[^/]+/messages/@original"),
        ("mention", r"/channels/\d+/messages/\d+"),
    ],
)
async def test_buttons_are_disabled_when_they_time_out(
    fake: FakeDiscord, asking: AnswerService, how: str, edit_path: str
) -> None:
    async with running(fake, asking, view_timeout=0.2):
        message_id = await _clarify_by(how, fake)
        await fake.wait_for(
            lambda: all(b["disabled"] for b in buttons(fake.messages[message_id])),
            what="disabled buttons",
        )
    [edit] = [r for r in fake.requests if r.method == "PATCH"]
    assert re.fullmatch(edit_path, edit.path)
    assert edit.body["allowed_mentions"] == {"parse": []}
    assert embed(fake.messages[message_id])["description"]  # the text stays


async def test_an_answered_clarify_is_not_overwritten_when_its_buttons_time_out(
    fake: FakeDiscord, make_settings: MakeSettings
) -> None:
    async with (
        open_service(make_settings(matcher=ASKS_BACK)) as service,
        running(fake, service, view_timeout=0.3),
    ):
        answered = await _clarify_by("slash", fake)
        click = await fake.click(answered, buttons(fake.messages[answered])[0]["custom_id"])
        await response(fake, click)
        later = await _clarify_by("slash", fake, "who directed the film?")
        assert buttons(fake.messages[later]), "the second question must ask which, too"
        # Same timeout, started later: once this one expires, the first one would have.
        await fake.wait_for(lambda: all(b["disabled"] for b in buttons(fake.messages[later])))
    assert fake.messages[answered]["components"] == []
    assert [r.path.split("/")[-1] for r in fake.requests if r.method == "PATCH"] == ["@original"]


async def test_a_fallback_s_offered_fact_is_one_click_from_its_answer(
    fake: FakeDiscord, make_settings: MakeSettings
) -> None:
    """Too unsure to answer or ask which, but half believing one fact: the fallback offers it
    as a button, and the click turns the message into its answer."""
    async with (
        open_service(make_settings(matcher=OFFERS)) as service,
        running(fake, service),
    ):
        message_id = await _clarify_by("slash", fake, "who directed the film?")
        offered = buttons(fake.messages[message_id])
        asked = embed(fake.messages[message_id])["description"]
        body = await response(fake, await fake.click(message_id, offered[0]["custom_id"]))
    assert asked == phrases.say("suggest", Lang.EN)
    assert len(offered) == 1
    assert body["type"] == UPDATE_MESSAGE
    assert "Shipenko" in embed(body)["description"]


async def test_a_button_from_before_a_restart_still_answers(
    fake: FakeDiscord, asking: AnswerService
) -> None:
    async with running(fake, asking):
        message_id = await _clarify_by("slash", fake)
    async with running(fake, asking):
        first = buttons(fake.messages[message_id])[0]
        body = await response(fake, await fake.click(message_id, first["custom_id"]))
    assert embed(body)["title"] == first["label"]


# -- language ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "locale", "russian"),
    [
        ("film", {}, "ru", True),
        ("film", {}, "en-US", False),
        ("ask", {"question": "кто режиссёр фильма?"}, "en-US", True),
        ("ask", {"question": "who directed the film?"}, "en-GB", False),
    ],
    ids=["ru-locale", "en-locale", "russian-question", "english-question"],
)
async def test_a_russian_question_or_locale_gets_a_russian_answer(
    fake: FakeDiscord,
    service: AnswerService,
    name: str,
    options: dict[str, str],
    locale: str,
    russian: bool,
) -> None:
    async with running(fake, service):
        shown = embed(await response(fake, await fake.command(name, options, locale=locale)))
    assert has_cyrillic(shown["title"]) is russian
    assert has_cyrillic(shown["description"].replace("Вызов", "")) is russian
    assert shown["fields"][0]["name"] == ("Источники" if russian else "Sources")
    assert shown["footer"]["text"].startswith("Тема" if russian else "Topic")


# -- admin commands ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("configured admin", True),
        ("application owner", True),
        ("team member", True),
        ("guild administrator", False),
        ("member", False),
    ],
)
async def test_reload_is_for_bot_admins_only_and_always_ephemeral(
    fake: FakeDiscord,
    service: AnswerService,
    caplog: pytest.LogCaptureFixture,
    who: str,
    allowed: bool,
) -> None:
    user_id, permissions = {
        "configured admin": (ADMIN_ID, 0),
        "application owner": (fake.owner_id, 0),
        "team member": (TEAM_MEMBER_ID, 0),
        "guild administrator": (USER_ID, ADMINISTRATOR),
        "member": (USER_ID, 0),
    }[who]
    caplog.set_level(logging.WARNING)
    async with running(fake, service):
        it = await fake.command(
            "reload", user_id=user_id, guild_id=fake.guild().id, permissions=permissions
        )
        body = await response(fake, it)
    assert body["data"]["flags"] & EPHEMERAL
    assert body["data"]["allowed_mentions"] == {"parse": []}
    if allowed:
        assert "revision 1" in embed(body)["description"]
        assert "refused" not in caplog.text
    else:
        assert body["data"]["content"] == "Sorry, only the bot's admins can do that."
        assert "refused /reload from discord" in caplog.text


@pytest.mark.parametrize("name", ["unanswered", "stats"])
@pytest.mark.parametrize("admin", [True, False], ids=["admin", "member"])
async def test_unanswered_and_stats_answer_admins_privately_and_refuse_others(
    fake: FakeDiscord, service: AnswerService, name: str, admin: bool
) -> None:
    async with running(fake, service):
        it = await fake.command(name, user_id=ADMIN_ID if admin else USER_ID)
        body = await response(fake, it)
    assert body["data"]["flags"] & EPHEMERAL
    if admin:
        assert embed(body)["description"]
    else:
        assert body["data"]["content"] == "Sorry, only the bot's admins can do that."


# -- cooldown ----------------------------------------------------------------------------------


async def test_a_user_over_the_cooldown_gets_one_private_notice_then_a_silent_acknowledgement(
    fake: FakeDiscord, make_settings: MakeSettings
) -> None:
    settings = make_settings(cooldown={"max_questions": 1, "window_seconds": 600})
    async with open_service(settings) as service, running(fake, service):
        answered, noticed, silenced = [await fake.command("film") for _ in range(3)]
        first = await response(fake, answered)
        notice = await response(fake, noticed)
        ack = await response(fake, silenced)
        await fake.wait_for(lambda: silenced.message_id not in fake.messages, what="deletion")
    assert embed(first)["title"] == "The film"
    assert notice["data"]["flags"] & EPHEMERAL
    assert "wait" in notice["data"]["content"]
    assert ack["type"] == 5  # deferred, ephemeral, then deleted: nothing is shown
    assert ack["data"]["flags"] & EPHEMERAL
    assert any(r.method == "DELETE" and r.path.endswith("/@original") for r in fake.requests)


# -- hostile text ------------------------------------------------------------------------------

HOSTILE = (
    "@everyone @here <@&123456789012345678> <@!123456789012345678> **bold** __under__ `code` "
    "||spoiler|| [click](https://evil.example) > quote \\ # head "
)


async def test_hostile_text_is_shown_escaped_pings_nobody_and_stays_within_limits(
    fake: FakeDiscord, service: AnswerService
) -> None:
    guild = fake.guild()
    async with running(fake, service):
        # Ten people ask hostile out-of-scope questions: /unanswered would show 10 x 500 chars.
        for n in range(10):
            await fake.message(HOSTILE * 15, author_id=100 + n, guild_id=guild.id, mention_bot=True)
        await fake.wait_for(lambda: len(fake.channel_messages(guild.channel_id)) == 10)
        why = embed(await response(fake, await fake.command("why", guild_id=guild.id)))
        unanswered = await response(fake, await fake.command("unanswered", user_id=ADMIN_ID))
    for text in (why["description"], embed(unanswered)["description"]):
        assert "@everyone" not in text
        assert "@\u200beveryone" in text
        assert "<@&123456789012345678>" not in text
        assert "\\*\\*bold\\*\\*" in text
        assert "\\|\\|spoiler\\|\\|" in text
        assert "\\[click\\](https://evil.example)" in text  # no disguised link
    assert len(embed(unanswered)["description"]) <= 4096
    requests = fake.message_requests()
    assert len(requests) == 12
    for request in requests:
        mentions = FakeDiscord.message_body(request)["allowed_mentions"]
        assert mentions["parse"] == []
        assert not mentions.get("replied_user")
