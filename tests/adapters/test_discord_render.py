"""Rendering replies for Discord, and the fake's Discord rules that the end-to-end tests rely on."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.adapters.discord_adapter import (
    CONTENT_MAX,
    escape,
    fit,
    render_embed,
    render_notice,
    source_link,
)
from bot.core.domain import Lang, Option, Outcome, Reply
from tests.fakes.discord_api import (
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    FakeDiscord,
    Interaction,
    command_errors,
    message_errors,
)

LONG = "Soyuz **MS-19** [x](https://e.example) @everyone " * 400  # ~20,000 characters


@pytest.mark.parametrize(
    "reply",
    [
        Reply(Outcome.ANSWER, LONG, title=LONG, topic=LONG, sources=("https://e.example/a",) * 200),
        Reply(Outcome.INFO, LONG, lang=Lang.RU, topic="film"),
        Reply(Outcome.ANSWER, "x", title="t" * 300, sources=("https://e.example/" + "p" * 3000,)),
        Reply(Outcome.CLARIFY, "", options=(Option("a", "A"),)),
        Reply(Outcome.ANSWER, "\\" * 5000),
    ],
    ids=["everything-huge", "long-russian-info", "long-title-and-url", "empty-text", "backslashes"],
)
def test_an_embed_stays_within_discords_limits_whatever_the_reply(reply: Reply) -> None:
    assert message_errors({"embeds": [render_embed(reply).to_dict()]}) == []


def test_a_notice_stays_within_the_content_limit() -> None:
    notice = render_notice(Reply(Outcome.REFUSED, LONG))
    assert len(notice) == CONTENT_MAX
    assert message_errors({"content": notice}) == []


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("abcdefghij", 5, "abcd…"),
        ("abc\\*def", 5, "abc…"),  # never a dangling escape before the ellipsis
        ("ab\\\\cdef", 5, "ab\\\\…"),  # an escaped backslash is kept whole
    ],
)
def test_fit_cuts_with_an_ellipsis_and_never_leaves_a_dangling_escape(
    text: str, limit: int, expected: str
) -> None:
    assert fit(text, limit) == expected
    assert len(fit(text, limit)) <= limit


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("**bold** __under__ ~~gone~~ ||spoiler|| `code`", "\\*\\*bold\\*\\* \\_\\_under\\_\\_"),
        ("[click](https://evil.example) and (more)", "\\[click\\](https://evil.example)"),
        ("@everyone and @here", "@\u200beveryone and @\u200bhere"),
        ("<@123456789012345678> <@&123456789012345678>", "\\<@\u200b123456789012345678>"),
        ("<t:1700000000:R>", "\\<t:1700000000:R>"),
        ("> quote\n# heading\n- item\n1. first", "\\> quote\n\\# heading\n\\- item\n1\\. first"),
    ],
    ids=["inline", "masked-link", "everyone", "user-and-role", "timestamp", "block-marks"],
)
def test_escape_shows_hostile_text_literally(text: str, shown: str) -> None:
    assert shown in escape(text)


def test_escape_leaves_ordinary_prose_alone() -> None:
    prose = "Soyuz MS-19 launched on 5 October 2021 (08:55 UTC); «Вызов» premiered in 2023."
    assert escape(prose) == prose


@pytest.mark.parametrize(
    ("url", "link"),
    [
        (
            "https://en.wikipedia.org/wiki/The_Challenge_(2023_film)",
            "[en.wikipedia.org/wiki/The\\_Challenge\\_(2023\\_film)]"
            "(https://en.wikipedia.org/wiki/The_Challenge_%282023_film%29)",
        ),
        ("https://www.tass.com/science/1", "[tass.com/science/1](https://www.tass.com/science/1)"),
        ("ftp://example.com/file", None),
        ("not a url", None),
    ],
)
def test_a_source_becomes_a_link_labelled_by_host_and_path(url: str, link: str | None) -> None:
    assert source_link(url) == link


# -- the fake rejects what Discord rejects -------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as fake:
        yield fake


@pytest.fixture
async def http(fake: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        yield session


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        ({"content": "x" * 2000}, True),
        ({"content": "x" * 2001}, False),
        ({"embeds": [{"title": "t" * 256, "description": "d" * 4096}]}, True),
        ({"embeds": [{"title": "t" * 257}]}, False),
        ({"embeds": [{"description": "d" * 4097}]}, False),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, False),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, False),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, False),
        ({"embeds": [{"description": "d" * 4096, "footer": {"text": "f" * 2000}}]}, False),
        ({"content": ""}, False),
    ],
    ids=[
        "content-2000", "content-2001", "embed-at-limits", "title-257", "description-4097",
        "footer-2049", "field-1025", "fields-26", "embed-total-6096", "empty",
    ],
)  # fmt: skip
async def test_the_fake_refuses_messages_over_discords_limits(
    fake: FakeDiscord, http: aiohttp.ClientSession, body: dict[str, object], accepted: bool
) -> None:
    async with http.post(f"{fake.base_url}/channels/1/messages", json=body) as answer:
        assert (answer.status == 200) is accepted
        assert answer.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("choices", "accepted"),
    [
        ([{"name": f"q{i}", "value": f"q{i}"} for i in range(25)], True),
        ([{"name": f"q{i}", "value": f"q{i}"} for i in range(26)], False),
        ([{"name": "n" * 100, "value": "v"}], True),
        ([{"name": "n" * 101, "value": "v"}], False),
        ([{"name": "n", "value": "v" * 101}], False),
    ],
    ids=["25-choices", "26-choices", "name-100", "name-101", "value-101"],
)
async def test_the_fake_refuses_autocomplete_choices_over_discords_limits(
    fake: FakeDiscord, http: aiohttp.ClientSession, choices: list[object], accepted: bool
) -> None:
    payload = {"channel_id": "1"}
    pending = Interaction(id=fake.new_id(), token="tok", type=AUTOCOMPLETE, payload=payload)
    fake.interactions[pending.id] = pending
    url = f"{fake.base_url}/interactions/{pending.id}/tok/callback?with_response=1"
    body = {"type": AUTOCOMPLETE_RESULT, "data": {"choices": choices}}
    async with http.post(url, json=body) as answer:
        assert (answer.status == 200) is accepted
        if accepted:
            assert (await answer.json())["interaction"]["id"] == str(pending.id)


async def test_the_fake_answers_a_429_the_way_discord_py_expects(
    fake: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    fake.rate_limit("GET", "/users/@me", retry_after=0.25)
    async with http.get(f"{fake.base_url}/users/@me") as limited:
        assert limited.status == 429
        assert limited.headers["Via"]
        assert (await limited.json())["retry_after"] == 0.25
    async with http.get(f"{fake.base_url}/users/@me") as ok:
        assert ok.status == 200


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ({"name": "Ask", "description": "d"}, "not a valid command"),
        ({"name": "ask", "description": "d" * 101}, "description"),
        ({"name": "ask", "description": "d", "name_localizations": {"xx": "a"}}, "unknown locale"),
        ({"name": "ask", "description": "d", "name_localizations": {"ru": "Вопрос"}}, "not a"),
        (
            {"name": "ask", "description": "d",
             "options": [{"type": 3, "name": "a", "description": "d"},
                         {"type": 3, "name": "b", "description": "d", "required": True}]},
            "required options must come first",
        ),
    ],
    ids=["uppercase-name", "long-description", "unknown-locale", "uppercase-localized", "order"],
)  # fmt: skip
def test_the_fake_refuses_command_definitions_discord_would_refuse(
    command: dict[str, object], problem: str
) -> None:
    errors = command_errors([command])
    assert errors
    assert problem in "; ".join(errors)


def test_the_fake_accepts_localized_command_definitions() -> None:
    command = {
        "name": "ask",
        "description": "Ask a question",
        "name_localizations": {"ru": "спросить"},
        "description_localizations": {"ru": "Задать вопрос"},
        "options": [
            {"type": 3, "name": "question", "description": "d", "required": True,
             "autocomplete": True, "name_localizations": {"ru": "вопрос"}},
        ],
    }  # fmt: skip
    assert command_errors([command]) == []
