"""A loopback fake of the Telegram Bot API, strict where real Telegram is strict.

It serves `/bot<token>/<method>` on 127.0.0.1 (a free port) for the methods spacebot's adapter
and python-telegram-bot call, records every call, lets a test push updates and inject faults,
and rejects what Telegram rejects: text over 4096 characters (UTF-16 code units, after entity
parsing), HTML that Telegram's parser refuses, empty text, oversized callback data, unknown
chats, unknown methods (404) and a wrong token (401).

Use it as an async context manager:

    async with FakeTelegram() as tg:
        app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).build()
        tg.send_text(tg.private_chat(alice), alice, "who directed the film?")
        [call] = await tg.wait_calls("sendMessage")

python-telegram-bot form-encodes every parameter: strings as they are, everything else as JSON.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Self
from urllib.parse import urlsplit

from aiohttp import web

MAX_TEXT = 4096  # message text, after entity parsing, in UTF-16 code units
MAX_CALLBACK_DATA = 64  # bytes
MAX_CALLBACK_ANSWER = 200  # characters
# What sendChatAction accepts (https://core.telegram.org/bots/api#sendchataction).
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})  # fmt: skip
MAX_INLINE_RESULTS = 50

# Parameters that python-telegram-bot sends as raw strings; every other one is JSON.
_STRING_PARAMS = frozenset(
    {
        "text",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "language_code",
        "url",
        "secret_token",
        "next_offset",
        "ip_address",
        "message_effect_id",
        "business_connection_id",
    }
)

Fault = Literal["500", "502", "429", "drop", "delay"]
DROPPED = 0  # Call.status of a call whose connection the fake closed without answering


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# Telegram's HTML parse mode
# --------------------------------------------------------------------------------------------


class HtmlError(ValueError):
    """Text that Telegram answers with 400 "can't parse entities"."""


# The tags the Bot API documents for parse_mode HTML, and the entity each one makes.
_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_RE = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?P<attrs>(?:\s+[A-Za-z][A-Za-z0-9-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)"
    r"\s*>"
)
_ATTR_RE = re.compile(r"([A-Za-z][A-Za-z0-9-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]+));")


def _decode_entities(raw: str, where: int) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "&":
            m = _ENTITY_RE.match(raw, i)
            if m is None or (m.group(3) is not None and m.group(3) not in _NAMED_ENTITIES):
                raise HtmlError(f"Unescaped '&' at byte offset {where + i}")
            if m.group(1) is not None:
                out.append(chr(int(m.group(1))))
            elif m.group(2) is not None:
                out.append(chr(int(m.group(2), 16)))
            else:
                out.append(_NAMED_ENTITIES[m.group(3)])
            i = m.end()
            continue
        if ch in "<>":
            raise HtmlError(f"Unescaped '{ch}' at byte offset {where + i}")
        out.append(ch)
        i += 1
    return "".join(out)


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parses Telegram HTML into plain text and entities (UTF-16 offsets), or raises HtmlError.

    Strict as the Bot API documents it: only the listed tags; every `<`, `>` and `&` that is
    not part of a tag or of an entity (&lt; &gt; &amp; &quot; or numeric) is an error; tags
    must be balanced and properly nested; `a` needs an http(s) or tg href; `span` must be a
    spoiler; code and pre hold no other entities except code inside pre; no a inside a and no
    nested blockquotes.
    """
    text: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    offset16 = 0
    i = 0
    while i < len(source):
        lt = source.find("<", i)
        chunk_end = len(source) if lt < 0 else lt
        if chunk_end > i:
            plain = _decode_entities(source[i:chunk_end], i)
            text.append(plain)
            offset16 += utf16_len(plain)
            i = chunk_end
            continue
        m = _TAG_RE.match(source, i)
        at = len(source[:i].encode())
        if m is None:
            raise HtmlError(f"Unsupported start tag at byte offset {at}")
        name = m.group("name").lower()
        if name not in _TAGS:
            raise HtmlError(f'Unsupported start tag "{name}" at byte offset {at}')
        if m.group("close"):
            if m.group("attrs").strip():
                raise HtmlError(f"Unexpected attributes in end tag at byte offset {at}")
            if not stack:
                raise HtmlError(f'Unexpected end tag "{name}" at byte offset {at}')
            open_name, start, attrs = stack.pop()
            if open_name != name:
                raise HtmlError(
                    f'Unmatched end tag at byte offset {at}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            if offset16 > start:
                entity: dict[str, Any] = {
                    "type": _TAGS[name],
                    "offset": start,
                    "length": offset16 - start,
                }
                if name == "a":
                    entity["url"] = attrs["href"]
                entities.append(entity)
        else:
            attrs = {}
            for am in _ATTR_RE.finditer(m.group("attrs")):
                value = next((g for g in am.groups()[1:] if g is not None), "")
                attrs[am.group(1).lower()] = _decode_entities(value, at)
            open_names = [s[0] for s in stack]
            if any(n in ("code", "pre") for n in open_names) and not (
                name == "code" and open_names and open_names[-1] == "pre"
            ):
                raise HtmlError(f'Entity "{name}" can\'t be nested in code at byte offset {at}')
            if name == "a":
                href = attrs.get("href", "")
                if urlsplit(href).scheme not in ("http", "https", "tg") or "a" in open_names:
                    raise HtmlError(f"Invalid link at byte offset {at}")
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
            if name == "blockquote" and "blockquote" in open_names:
                raise HtmlError(f"Nested blockquotes at byte offset {at}")
            stack.append((name, offset16, attrs))
        i = m.end()
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(text), entities


# --------------------------------------------------------------------------------------------
# Updates a test can push: people, chats, messages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    id: int
    first_name: str = "Test"
    language_code: str | None = "en"
    username: str | None = None
    is_bot: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Chat:
    id: int
    type: Literal["private", "group", "supergroup"]
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        return data


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}(?!\w)")


def _utf16_offset(text: str, index: int) -> int:
    return utf16_len(text[:index])


def detect_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's server attaches to an incoming text: bot commands and mentions."""
    found: list[dict[str, Any]] = []
    for kind, pattern in (("bot_command", _COMMAND_RE), ("mention", _MENTION_RE)):
        for m in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": _utf16_offset(text, m.start()),
                    "length": utf16_len(m.group()),
                }
            )
    return sorted(found, key=lambda e: int(e["offset"]))


@dataclass
class Call:
    """One request the fake received, and how it answered."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when it arrived
    status: int | None = None  # the HTTP status sent; DROPPED; None while in progress
    result: Any = None  # the "result" of a successful call
    error: str | None = None  # the "description" of a failed call

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def done(self) -> bool:
        return self.status is not None


@dataclass
class _FaultPlan:
    kind: Fault
    retry_after: int = 1
    delay: float = 0.0


@dataclass
class _Message:
    chat: Chat
    message_id: int
    text: str
    html: str
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    from_bot: bool
    data: dict[str, Any] = field(default_factory=dict)


class _Reject(Exception):
    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


class FakeTelegram:
    """The fake Bot API server. Everything runs on the test's event loop."""

    def __init__(
        self,
        *,
        token: str = "123456789:AAFakeTokenForTestsOnly_0123456789",
        bot_id: int = 123456789,
        username: str = "SpaceTestBot",
    ) -> None:
        self.token = token
        self.bot = User(id=bot_id, first_name="Spacebot", username=username, is_bot=True)
        self.calls: list[Call] = []
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], _Message] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.member_status: dict[tuple[int, int], str] = {}
        self.webhook: dict[str, Any] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1000
        self._confirmed_below = 0
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._faults: dict[str, list[_FaultPlan]] = {}
        self._changed = asyncio.Condition()
        self._closing = False
        self._kicked = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -----------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server  # aiohttp exposes the bound port only through the server
        assert server is not None
        sockets = getattr(server, "sockets", None)
        assert sockets
        self.port = sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """What goes into ApplicationBuilder().base_url(...) / [telegram] api_base_url."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- what tests do -------------------------------------------------------------------

    def private_chat(self, user: User) -> Chat:
        chat = Chat(id=user.id, type="private")
        self.chats[chat.id] = chat
        return chat

    def group_chat(self, chat_id: int, title: str = "Space fans") -> Chat:
        chat = Chat(id=chat_id, type="supergroup", title=title)
        self.chats[chat.id] = chat
        return chat

    def push(self, update: dict[str, Any]) -> int:
        """Queues a raw update (without update_id) for getUpdates; returns its update_id."""
        self._next_update_id += 1
        update = {"update_id": self._next_update_id, **update}
        self._updates.append(update)
        self._notify()
        return self._next_update_id

    def send_text(
        self,
        chat: Chat,
        user: User,
        text: str,
        *,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A person sends `text` in `chat`; returns the message as the bot will receive it."""
        self.chats.setdefault(chat.id, chat)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat.to_json(),
            "from": user.to_json(),
            "text": text,
        }
        entities = detect_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.messages[(chat.id, message["message_id"])] = _Message(
            chat=chat,
            message_id=message["message_id"],
            text=text,
            html=text,
            entities=entities,
            reply_markup=None,
            from_bot=False,
            data=message,
        )
        self.push({"message": message})
        return message

    def press(self, message: dict[str, Any], user: User, data: str) -> str:
        """`user` taps the inline button carrying `data` under the bot's `message`."""
        query_id = f"cq{next(self._query_ids)}"
        self._open_queries.add(query_id)
        self.push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_json(),
                    "message": message,
                    "chat_instance": f"ci{message['chat']['id']}",
                    "data": data,
                }
            }
        )
        return query_id

    def inline_query(self, user: User, query: str) -> str:
        """`user` types "@bot <query>" in any chat."""
        query_id = f"iq{next(self._query_ids)}"
        self._open_queries.add(query_id)
        self.push(
            {
                "inline_query": {
                    "id": query_id,
                    "from": user.to_json(),
                    "query": query,
                    "offset": "",
                    "chat_type": "private",
                }
            }
        )
        return query_id

    def fail(
        self,
        method: str,
        kind: Fault,
        *,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
    ) -> None:
        """The next `times` calls of `method` fail.

        "500"/"502": an Internal Server Error / Bad Gateway; "429": Too Many Requests with
        `retry_after`; "drop": the connection is closed without an answer (a getUpdates first
        waits until an update is pending, so it is dropped mid-poll with data to deliver);
        "delay": the call is held `delay` seconds, then served normally. A failed call is
        never applied: nothing is sent or confirmed.
        """
        self._faults.setdefault(method, []).extend(
            _FaultPlan(kind, retry_after, delay) for _ in range(times)
        )

    def kick(self) -> None:
        """Ends the long poll in progress with no updates, as a poll timeout would."""
        self._notify(kick=True)

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        """Calls of `method`: all of them (ok=None), the successful, or the failed ones."""
        return [
            c for c in self.calls if c.method == method and (ok is None or (c.done and c.ok == ok))
        ]

    def sent(self, chat: Chat | int | None = None) -> list[Call]:
        """Successful sendMessage calls, optionally to one chat."""
        chat_id = chat.id if isinstance(chat, Chat) else chat
        return [
            c
            for c in self.calls_to("sendMessage", ok=True)
            if chat_id is None or c.params.get("chat_id") == chat_id
        ]

    @property
    def rejections(self) -> list[Call]:
        """Every call the fake answered with a 4xx: what real Telegram would have refused."""
        return [c for c in self.calls if c.status is not None and 400 <= c.status < 500]

    async def wait_calls(
        self,
        method: str,
        count: int = 1,
        *,
        where: Callable[[Call], bool] | None = None,
        ok: bool | None = True,
        done: bool = True,
        within: float = 5.0,
    ) -> list[Call]:
        """Waits until `count` calls of `method` match; returns all that match.

        By default only successful calls count; `ok=False` counts the failed ones, `ok=None`
        both, and `done=False` also those still in progress (a long poll, a held call).
        """

        def matching() -> list[Call]:
            return [
                c
                for c in self.calls_to(method, ok=ok)
                if (c.done or not done) and (where is None or where(c))
            ]

        async def until() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(matching()) >= count)
            return matching()

        try:
            return await asyncio.wait_for(until(), within)
        except TimeoutError:
            seen = [(c.method, c.status, c.error) for c in self.calls[-10:]]
            raise AssertionError(
                f"waited {within}s for {count} x {method}; got {len(matching())}. "
                f"Last calls: {seen}"
            ) from None

    async def wait_until(self, condition: Callable[[], bool], within: float = 5.0) -> None:
        """Waits until `condition()` holds; it is re-checked after every call."""

        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(condition)

        try:
            await asyncio.wait_for(until(), within)
        except TimeoutError:
            raise AssertionError(f"condition not met within {within}s") from None

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by a getUpdates offset."""
        return sum(1 for u in self._updates if u["update_id"] >= self._confirmed_below)

    # -- the server ------------------------------------------------------------------------

    def _notify(self, *, kick: bool = False) -> None:
        if kick:
            self._kicked = True

        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        # Callable from sync test code: the waiters run on this same loop.
        asyncio.get_running_loop().create_task(notify())

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method=method, params=params, at=time.monotonic())
        self.calls.append(call)
        await self._touch()
        try:
            if request.match_info["token"] != self.token:
                raise _Reject(401, "Unauthorized")
            plan = self._take_fault(method)
            if plan is not None:
                dropped = await self._apply_fault(plan, request, call)
                if dropped is not None:
                    call.status = DROPPED
                    return dropped
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise _Reject(404, "Not Found")
            call.result = await handler(params)
            call.status = 200
            body: dict[str, Any] = {"ok": True, "result": call.result}
        except _Reject as reject:
            call.status = reject.code
            call.error = reject.description
            body = {"ok": False, "error_code": reject.code, "description": reject.description}
            if reject.parameters:
                body["parameters"] = reject.parameters
        finally:
            await self._touch()
        return web.json_response(body, status=call.status or 500)

    async def _touch(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, str] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                return dict(await request.json())
            form = await request.post()
            raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if key in _STRING_PARAMS:
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value  # e.g. chat_id="@channelname"
        return params

    def _take_fault(self, method: str) -> _FaultPlan | None:
        plans = self._faults.get(method)
        return plans.pop(0) if plans else None

    async def _apply_fault(
        self, plan: _FaultPlan, request: web.Request, call: Call
    ) -> web.StreamResponse | None:
        if plan.kind == "delay":
            await asyncio.sleep(plan.delay)
            return None
        if plan.kind == "500":
            raise _Reject(500, "Internal Server Error")
        if plan.kind == "502":
            raise _Reject(502, "Bad Gateway")
        if plan.kind == "429":
            raise _Reject(
                429,
                f"Too Many Requests: retry after {plan.retry_after}",
                retry_after=plan.retry_after,
            )
        # "drop": close the connection with no answer at all.
        if call.method == "getUpdates":
            async with self._changed:
                await self._changed.wait_for(
                    lambda: self._closing or bool(self._available(call.params))
                )
        await asyncio.sleep(plan.delay)
        call.error = "connection dropped"
        if request.transport is not None:
            request.transport.close()
        return web.Response()  # never reaches the client: the transport is closed

    def _available(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        allowed = params.get("allowed_updates") or None
        return [
            u
            for u in self._updates
            if u["update_id"] >= max(offset, self._confirmed_below)
            and (allowed is None or any(k in u for k in allowed))
        ]

    # -- methods -------------------------------------------------------------------------

    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot.to_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self._confirmed_below = self._next_update_id + 1
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url", "")
        if urlsplit(url).scheme != "https":
            raise _Reject(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        secret = params.get("secret_token", "")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise _Reject(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = dict(params)
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": self.pending_updates,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            # An offset confirms every update below it: Telegram forgets them for good.
            self._confirmed_below = max(self._confirmed_below, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if self.webhook:
            raise _Reject(409, "Conflict: can't use getUpdates method while webhook is active")
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        self._kicked = False
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(
                        lambda: self._closing or self._kicked or bool(self._available(params))
                    ),
                    timeout,
                )
        return self._available(params)[:limit]

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        text, entities = self._text(params)
        markup = self._markup(params)
        reply = params.get("reply_parameters")
        if (
            reply is not None
            and (chat.id, reply["message_id"]) not in self.messages
            and not reply.get("allow_sending_without_reply")
        ):
            raise _Reject(400, "Bad Request: message to be replied not found")
        message_id = next(self._message_ids)
        data: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat.to_json(),
            "from": self.bot.to_json(),
            "text": text,
        }
        if entities:
            data["entities"] = entities
        if markup:
            data["reply_markup"] = markup
        self.messages[(chat.id, message_id)] = _Message(
            chat, message_id, text, params["text"], entities, markup, True, data
        )
        return data

    async def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise _Reject(400, "Bad Request: wrong parameter action in request")
        return True

    async def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        stored = self.messages.get((chat.id, int(params.get("message_id") or 0)))
        if stored is None:
            raise _Reject(400, "Bad Request: message to edit not found")
        if not stored.from_bot:
            raise _Reject(400, "Bad Request: message can't be edited")
        text, entities = self._text(params)
        markup = self._markup(params)
        if text == stored.text and entities == stored.entities and markup == stored.reply_markup:
            raise _Reject(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        stored.text, stored.html, stored.entities, stored.reply_markup = (
            text,
            params["text"],
            entities,
            markup,
        )
        stored.data = {**stored.data, "text": text, "edit_date": int(time.time())}
        stored.data.pop("reply_markup", None)
        stored.data.pop("entities", None)
        if entities:
            stored.data["entities"] = entities
        if markup:
            stored.data["reply_markup"] = markup
        return stored.data

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self._close_query(params.get("callback_query_id", ""))
        if len(params.get("text") or "") > MAX_CALLBACK_ANSWER:
            raise _Reject(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        self._close_query(params.get("inline_query_id", ""))
        results = params.get("results")
        if not isinstance(results, list) or len(results) > MAX_INLINE_RESULTS:
            raise _Reject(400, "Bad Request: RESULTS_TOO_MUCH")
        ids: set[str] = set()
        for result in results:
            rid = str(result.get("id", ""))
            if not 1 <= len(rid.encode()) <= 64 or rid in ids:
                raise _Reject(400, "Bad Request: RESULT_ID_INVALID")
            ids.add(rid)
            if result.get("type") != "article" or not str(result.get("title", "")).strip():
                raise _Reject(400, "Bad Request: RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            self._text(content)
            if "reply_markup" in result:
                self._markup(result)
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _Reject(400, "Bad Request: commands must be a list of at most 100")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise _Reject(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _Reject(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[(self._scope_key(params), params.get("language_code") or "")] = commands
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        key = (self._scope_key(params), params.get("language_code") or "")
        return self.commands.get(key, [])

    async def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop((self._scope_key(params), params.get("language_code") or ""), None)
        return True

    async def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        user_id = int(params.get("user_id") or 0)
        status = self.member_status.get((chat.id, user_id), "member")
        user = {"id": user_id, "is_bot": False, "first_name": "Member"}
        if status == "administrator":
            rights = dict.fromkeys(
                [
                    "can_be_edited",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                ],
                True,
            )
            return {"status": status, "user": user, "is_anonymous": False, **rights}
        if status == "creator":
            return {"status": status, "user": user, "is_anonymous": False}
        return {"status": status, "user": user}

    # -- validation --------------------------------------------------------------------------

    def _chat(self, params: dict[str, Any]) -> Chat:
        chat_id = params.get("chat_id")
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise _Reject(400, "Bad Request: chat not found")
        return chat

    def _text(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        key = "text" if "text" in params else "message_text"
        source = params.get(key)
        if not isinstance(source, str):
            raise _Reject(400, "Bad Request: message text is empty")
        if params.get("parse_mode") == "HTML":
            try:
                text, entities = parse_html(source)
            except HtmlError as exc:
                raise _Reject(400, f"Bad Request: can't parse entities: {exc}") from None
        elif params.get("parse_mode") is None:
            text, entities = source, []
        else:
            raise _Reject(400, f"Bad Request: unsupported parse_mode {params['parse_mode']}")
        if not text.strip():
            raise _Reject(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise _Reject(400, "Bad Request: message is too long")
        return text, entities

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if not isinstance(rows, list):
            raise _Reject(400, "Bad Request: unsupported reply_markup")
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise _Reject(400, "Bad Request: BUTTON_TEXT_INVALID")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                    raise _Reject(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _scope_key(self, params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        if scope.get("type") == "chat":
            self._chat(scope)
            return f"chat:{scope['chat_id']}"
        return str(scope.get("type"))

    def _close_query(self, query_id: str) -> None:
        if query_id not in self._open_queries:
            raise _Reject(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_queries.discard(query_id)
