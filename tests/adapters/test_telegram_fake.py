"""The fake Bot API refuses what real Telegram refuses; otherwise the adapter's tests prove little.

These talk to the fake over HTTP exactly as python-telegram-bot does (form fields, JSON-encoded
non-string values), without the adapter.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakes.telegram_api import FakeTelegram, HtmlError, User, detect_entities, parse_html


@pytest.mark.parametrize(
    "html",
    [
        "<foo>x</foo>",
        "<script>alert(1)</script>",
        "a < b",
        "a > b",
        "Tom & Jerry",
        "&nbsp;",
        "<b>unclosed",
        "closed</b>",
        "<b><i>crossed</b></i>",
        "<a>no href</a>",
        '<a href="javascript:alert(1)">x</a>',
        "<span>not a spoiler</span>",
        "<code><b>nested</b></code>",
        '<a href="https://a.example"><a href="https://b.example">x</a></a>',
        "<blockquote><blockquote>x</blockquote></blockquote>",
    ],
)
def test_html_that_telegram_refuses_is_refused(html: str) -> None:
    with pytest.raises(HtmlError):
        parse_html(html)


@pytest.mark.parametrize(
    ("html", "text", "types"),
    [
        ("&lt;b&gt; &amp; &quot;", '<b> & "', []),
        ("&#x27;&#39;", "''", []),
        ("<b>bold</b> <STRONG>too</STRONG>", "bold too", ["bold", "bold"]),
        ('<a href="https://x.example/?a=1&amp;b=2">link</a>', "link", ["text_link"]),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st", ["spoiler"] * 2),
        ("<pre><code>x</code></pre>", "x", ["code", "pre"]),
        ("🚀<i>x</i>", "🚀x", ["italic"]),
    ],
)
def test_html_that_telegram_accepts_is_parsed_to_text_and_entities(
    html: str, text: str, types: list[str]
) -> None:
    parsed, entities = parse_html(html)
    assert parsed == text
    assert [e["type"] for e in entities] == types


def test_entity_offsets_count_utf16_units() -> None:
    """As Telegram's do: an emoji before the entity shifts it by two."""
    _, [entity] = parse_html("🚀<b>x</b>")
    assert (entity["offset"], entity["length"]) == (2, 1)
    [command, mention] = detect_entities("/ask@SpaceTestBot hi 🚀 @SpaceTestBot")
    assert (command["type"], command["offset"], command["length"]) == ("bot_command", 0, 17)
    assert (mention["type"], mention["offset"]) == ("mention", 24)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


async def call(fake: FakeTelegram, method: str, token: str | None = None, **params: Any) -> Any:
    """One Bot API call, encoded as python-telegram-bot encodes it."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    url = f"http://127.0.0.1:{fake.port}/bot{token or fake.token}/{method}"
    async with aiohttp.ClientSession() as http, http.post(url, data=form) as response:
        body = await response.json()
        return response.status, body


async def test_a_valid_message_is_accepted_and_stored_as_telegram_shows_it(
    fake: FakeTelegram,
) -> None:
    chat = fake.private_chat(User(1))
    status, body = await call(fake, "sendMessage", chat_id=chat.id, text="<b>hi</b> &amp; bye",
                              parse_mode="HTML")  # fmt: skip
    assert status == 200
    assert body["result"]["text"] == "hi & bye"
    assert body["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 2}]


@pytest.mark.parametrize(
    ("params", "status", "error"),
    [
        ({"text": "x" * 4097}, 400, "message is too long"),
        ({"text": "🚀" * 2049}, 400, "message is too long"),
        ({"text": "<b>x", "parse_mode": "HTML"}, 400, "can't parse entities"),
        ({"text": "a & b", "parse_mode": "HTML"}, 400, "can't parse entities"),
        ({"text": "<b> </b>", "parse_mode": "HTML"}, 400, "message text is empty"),
        (
            {
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]},
            },
            400,
            "BUTTON_DATA_INVALID",
        ),
        ({"text": "x", "chat_id": 999}, 400, "chat not found"),
    ],
    ids=[
        "4097-chars",
        "astral",
        "unclosed-tag",
        "bare-ampersand",
        "empty",
        "callback-data",
        "unknown-chat",
    ],
)
async def test_a_message_telegram_would_refuse_is_refused(
    fake: FakeTelegram, params: dict[str, Any], status: int, error: str
) -> None:
    chat = fake.private_chat(User(1))
    got, body = await call(fake, "sendMessage", **{"chat_id": chat.id, **params})
    assert got == status
    assert body["ok"] is False
    assert error in body["description"]
    assert fake.rejections


async def test_text_of_4096_chars_is_accepted(fake: FakeTelegram) -> None:
    chat = fake.private_chat(User(1))
    status, _ = await call(fake, "sendMessage", chat_id=chat.id, text="&amp;" * 4096,
                           parse_mode="HTML")  # fmt: skip
    assert status == 200


async def test_an_unknown_method_is_a_404_and_a_wrong_token_a_401(fake: FakeTelegram) -> None:
    assert await call(fake, "sendTelepathy") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    status, body = await call(fake, "getMe", token="1:wrong")
    assert (status, body["ok"]) == (401, False)


async def test_get_updates_long_polls_honours_the_offset_and_forgets_confirmed_updates(
    fake: FakeTelegram,
) -> None:
    alice = User(1)
    chat = fake.private_chat(alice)
    first = fake.send_text(chat, alice, "one")
    _, body = await call(fake, "getUpdates", timeout=0)
    [update] = body["result"]
    assert update["message"]["message_id"] == first["message_id"]
    fake.send_text(chat, alice, "two")
    _, body = await call(fake, "getUpdates", offset=update["update_id"] + 1, timeout=5)
    assert [u["message"]["text"] for u in body["result"]] == ["two"]
    _, body = await call(fake, "getUpdates", timeout=0)
    assert [u["message"]["text"] for u in body["result"]] == ["two"], "one was confirmed"
    assert fake.pending_updates == 1


async def test_a_callback_query_can_be_answered_only_once(fake: FakeTelegram) -> None:
    alice = User(1)
    chat = fake.private_chat(alice)
    _, sent = await call(fake, "sendMessage", chat_id=chat.id, text="pick")
    query = fake.press(sent["result"], alice, "film-director")
    assert (await call(fake, "answerCallbackQuery", callback_query_id=query))[0] == 200
    status, body = await call(fake, "answerCallbackQuery", callback_query_id=query)
    assert status == 400
    assert "query is too old" in body["description"]


async def test_editing_a_message_into_the_same_content_is_refused(fake: FakeTelegram) -> None:
    chat = fake.private_chat(User(1))
    _, sent = await call(fake, "sendMessage", chat_id=chat.id, text="same")
    message_id = sent["result"]["message_id"]
    status, body = await call(fake, "editMessageText", chat_id=chat.id, message_id=message_id,
                              text="same")  # fmt: skip
    assert status == 400
    assert "message is not modified" in body["description"]
    edited = await call(fake, "editMessageText", chat_id=chat.id, message_id=message_id, text="new")
    assert edited[0] == 200


@pytest.mark.parametrize(
    ("result", "error"),
    [
        ({"type": "article", "id": "x" * 65, "title": "t"}, "RESULT_ID_INVALID"),
        ({"type": "article", "id": "a", "title": ""}, "RESULT_TITLE_EMPTY"),
        (
            {
                "type": "article",
                "id": "a",
                "title": "t",
                "input_message_content": {"message_text": "<i>x", "parse_mode": "HTML"},
            },
            "can't parse entities",
        ),
    ],
)
async def test_an_inline_answer_telegram_would_refuse_is_refused(
    fake: FakeTelegram, result: dict[str, Any], error: str
) -> None:
    query = fake.inline_query(User(1), "who")
    status, body = await call(fake, "answerInlineQuery", inline_query_id=query, results=[result])
    assert status == 400
    assert error in body["description"]


@pytest.mark.parametrize(
    ("command", "description"),
    [("Start", "ok"), ("a" * 33, "ok"), ("start", ""), ("start", "x" * 257)],
)
async def test_a_bad_command_list_is_refused(
    fake: FakeTelegram, command: str, description: str
) -> None:
    commands = [{"command": command, "description": description}]
    status, _ = await call(fake, "setMyCommands", commands=commands)
    assert status == 400


async def test_faults_fail_the_next_calls_then_clear(fake: FakeTelegram) -> None:
    fake.fail("getMe", "429", retry_after=3)
    fake.fail("getMe", "500")
    status, body = await call(fake, "getMe")
    assert (status, body["parameters"]) == (429, {"retry_after": 3})
    assert (await call(fake, "getMe"))[0] == 500
    fake.fail("getMe", "drop")
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await call(fake, "getMe")
    assert (await call(fake, "getMe"))[0] == 200
