"""A loopback fake of Discord: the REST routes discord.py uses and a gateway websocket.

It listens on 127.0.0.1 (a free port), records every request and gateway frame, and rejects what
Discord rejects (over-long content, embeds over their limits, too many or too long autocomplete
choices, malformed command definitions), so that a test fails the way production would.

Tests drive it from the user's side: `message()` dispatches a MESSAGE_CREATE, `command()`,
`autocomplete()` and `click()` dispatch an INTERACTION_CREATE, `reconnect()` sends op 7. They then
wait on the bot's replies with `wait_for(predicate)`, which wakes on every request the fake sees.

Things real Discord does that discord.py depends on (learned the hard way):
- JSON replies carry exactly `Content-Type: application/json` (no charset), else discord.py
  reads them as text;
- a 429 carries a `Via` header and a JSON body with `retry_after`, or discord.py treats it as a ban;
- the interaction callback (`?with_response=1`) answers with a body carrying `interaction.id`;
- the gateway may answer the zlib-stream request with plain text frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

JSON = dict[str, Any]
T = TypeVar("T")

API_PREFIX = "/api/v10"

# Discord's limits (https://discord.com/developers/docs/resources/message,
# .../interactions/receiving-and-responding, .../interactions/application-commands).
CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
ROWS_MAX = 5
ROW_ITEMS_MAX = 5
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100
COMMANDS_MAX = 100
COMMAND_DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
EPHEMERAL = 1 << 6
LOADING = 1 << 7  # a deferred response's "thinking…" message

# Privileged gateway intents: the adapter must not ask for them (Discord closes with 4014).
PRIVILEGED_INTENTS = {
    1 << 1: "GUILD_MEMBERS",
    1 << 8: "GUILD_PRESENCES",
    1 << 15: "MESSAGE_CONTENT",
}

LOCALES = frozenset(
    "id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg "
    "ru uk hi th zh-CN ja zh-TW ko".split()
)
# Discord's rule is ^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$ and lowercase where a case exists.
NAME_RE = re.compile(r"^[-_\w]{1,32}$")

# Interaction and callback types.
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 1, 2, 3, 4
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT = 8

ADMINISTRATOR = 1 << 3
GUILD_TEXT, DM = 0, 1


class Rejected(Exception):
    """A request Discord would refuse: answered 400 with Discord's error shape."""

    def __init__(self, message: str, code: int = 50035, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


@dataclass
class Request:
    """One HTTP request the fake answered."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any  # the parsed JSON body, or None
    status: int = 0
    error: str | None = None  # why the fake rejected it


@dataclass
class Frame:
    """One gateway payload a client sent."""

    op: int
    data: Any
    shard: tuple[int, int] | None


@dataclass
class Session:
    """A gateway session: survives a reconnect when the client RESUMEs it."""

    id: str
    shard: tuple[int, int]
    seq: int = 0
    ws: web.WebSocketResponse | None = None
    ready: bool = False  # READY and every GUILD_CREATE have been sent
    identifies: int = 0
    resumes: int = 0
    sent: list[JSON] = field(default_factory=list)  # every dispatch, replayed on RESUME


@dataclass
class Interaction:
    """An interaction the fake dispatched, and what the bot did with it."""

    id: int
    token: str
    type: int
    payload: JSON
    callbacks: list[JSON] = field(default_factory=list)  # the callback bodies, in order
    message_id: int | None = None  # the response message (@original)
    followups: list[int] = field(default_factory=list)  # followup message ids

    @property
    def responded(self) -> bool:
        return bool(self.callbacks)


@dataclass(frozen=True)
class Guild:
    id: int
    channel_id: int
    name: str = "guild"


@dataclass
class _Refusal:
    method: str
    path: re.Pattern[str]
    times: int
    status: int


@dataclass
class _RateLimit:
    method: str
    path: re.Pattern[str]
    times: int
    retry_after: float
    is_global: bool


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def user_payload(user_id: int, name: str | None = None, *, bot: bool = False) -> JSON:
    name = name or f"user{user_id}"
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def _json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    # Exactly `application/json`: discord.py compares the header verbatim.
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=hdrs)


# -- validation: what Discord refuses -------------------------------------------------------------


def _embed_errors(embed: JSON) -> list[str]:
    errors = []
    total = 0

    def text(key: str, value: Any, limit: int) -> None:
        nonlocal total
        if value is None:
            return
        if not isinstance(value, str):
            errors.append(f"{key}: not a string")
            return
        total += len(value)
        if len(value) > limit:
            errors.append(f"{key}: {len(value)} characters, over {limit}")

    text("title", embed.get("title"), EMBED_TITLE_MAX)
    text("description", embed.get("description"), EMBED_DESCRIPTION_MAX)
    text("footer.text", (embed.get("footer") or {}).get("text"), EMBED_FOOTER_MAX)
    text("author.name", (embed.get("author") or {}).get("name"), EMBED_AUTHOR_MAX)
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        errors.append(f"fields: {len(fields)}, over {EMBED_FIELDS_MAX}")
    for i, f in enumerate(fields):
        if not f.get("name") or not f.get("value"):
            errors.append(f"fields[{i}]: name and value are required")
        text(f"fields[{i}].name", f.get("name"), EMBED_FIELD_NAME_MAX)
        text(f"fields[{i}].value", f.get("value"), EMBED_FIELD_VALUE_MAX)
    if total > EMBED_TOTAL_MAX:
        errors.append(f"total: {total} characters, over {EMBED_TOTAL_MAX}")
    return errors


def _components_errors(rows: list[JSON]) -> list[str]:
    errors = []
    if len(rows) > ROWS_MAX:
        errors.append(f"components: {len(rows)} rows, over {ROWS_MAX}")
    ids: set[str] = set()
    for r, row in enumerate(rows):
        if row.get("type") != 1:
            errors.append(f"components[{r}]: not an action row")
            continue
        items = row.get("components") or []
        if not 1 <= len(items) <= ROW_ITEMS_MAX:
            errors.append(f"components[{r}]: {len(items)} items, want 1..{ROW_ITEMS_MAX}")
        for i, item in enumerate(items):
            where = f"components[{r}][{i}]"
            label = item.get("label") or ""
            if len(label) > BUTTON_LABEL_MAX:
                errors.append(f"{where}.label: {len(label)} characters, over {BUTTON_LABEL_MAX}")
            custom_id = item.get("custom_id")
            if item.get("style") != 5:  # every button but a link button needs a custom_id
                if not custom_id or len(custom_id) > CUSTOM_ID_MAX:
                    errors.append(f"{where}.custom_id: want 1..{CUSTOM_ID_MAX} characters")
                elif custom_id in ids:
                    errors.append(f"{where}.custom_id: duplicate {custom_id!r}")
                else:
                    ids.add(custom_id)
    return errors


def message_errors(body: JSON, *, edit: bool = False) -> list[str]:
    """What Discord would say about a message create or edit payload."""
    errors = []
    content = body.get("content")
    if content is not None and len(content) > CONTENT_MAX:
        errors.append(f"content: {len(content)} characters, over {CONTENT_MAX}")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        errors.append(f"embeds: {len(embeds)}, over {EMBEDS_MAX}")
    for i, embed in enumerate(embeds):
        errors.extend(f"embeds[{i}].{e}" for e in _embed_errors(embed))
    errors.extend(_components_errors(body.get("components") or []))
    if not edit and not content and not embeds and not body.get("components"):
        errors.append("Cannot send an empty message")
    return errors


def _choices_errors(choices: Any) -> list[str]:
    if not isinstance(choices, list):
        return ["choices: not a list"]
    errors = []
    if len(choices) > CHOICES_MAX:
        errors.append(f"choices: {len(choices)}, over {CHOICES_MAX}")
    for i, c in enumerate(choices):
        name = c.get("name") or ""
        if not 1 <= len(name) <= CHOICE_NAME_MAX:
            errors.append(f"choices[{i}].name: {len(name)} characters, want 1..{CHOICE_NAME_MAX}")
        value = c.get("value")
        if isinstance(value, str) and not 1 <= len(value) <= CHOICE_VALUE_MAX:
            errors.append(
                f"choices[{i}].value: {len(value)} characters, want 1..{CHOICE_VALUE_MAX}"
            )
        for locale, localized in (c.get("name_localizations") or {}).items():
            if locale not in LOCALES or not 1 <= len(localized) <= CHOICE_NAME_MAX:
                errors.append(f"choices[{i}].name_localizations.{locale}: invalid")
    return errors


def _name_errors(where: str, name: Any) -> list[str]:
    if not isinstance(name, str) or not NAME_RE.match(name) or name != name.lower():
        return [f"{where}: {name!r} is not a valid command or option name"]
    return []


def _description_errors(where: str, text: Any) -> list[str]:
    if not isinstance(text, str) or not 1 <= len(text) <= COMMAND_DESCRIPTION_MAX:
        return [f"{where}: want 1..{COMMAND_DESCRIPTION_MAX} characters"]
    return []


def _localized_errors(
    where: str, mapping: Any, check: Callable[[str, Any], list[str]]
) -> list[str]:
    errors = []
    for locale, value in (mapping or {}).items():
        if locale not in LOCALES:
            errors.append(f"{where}.{locale}: unknown locale")
        errors.extend(check(f"{where}.{locale}", value))
    return errors


def command_errors(commands: Any) -> list[str]:
    """What Discord would say about a bulk overwrite of application commands."""
    if not isinstance(commands, list):
        return ["body: not a list"]
    errors = []
    if len(commands) > COMMANDS_MAX:
        errors.append(f"{len(commands)} commands, over {COMMANDS_MAX}")
    names = [c.get("name") for c in commands]
    errors.extend(f"{n}: duplicate command name" for n in {n for n in names if names.count(n) > 1})
    for c in commands:
        at = f"command {c.get('name')!r}"
        errors.extend(_name_errors(f"{at}.name", c.get("name")))
        errors.extend(
            _localized_errors(f"{at}.name_localizations", c.get("name_localizations"), _name_errors)
        )
        if c.get("type", 1) == 1:
            errors.extend(_description_errors(f"{at}.description", c.get("description")))
            errors.extend(
                _localized_errors(
                    f"{at}.description_localizations",
                    c.get("description_localizations"),
                    _description_errors,
                )
            )
        options = c.get("options") or []
        if len(options) > OPTIONS_MAX:
            errors.append(f"{at}.options: {len(options)}, over {OPTIONS_MAX}")
        seen_optional = False
        for o in options:
            ot = f"{at}.option {o.get('name')!r}"
            errors.extend(_name_errors(f"{ot}.name", o.get("name")))
            errors.extend(_description_errors(f"{ot}.description", o.get("description")))
            errors.extend(
                _localized_errors(
                    f"{ot}.name_localizations", o.get("name_localizations"), _name_errors
                )
            )
            errors.extend(
                _localized_errors(
                    f"{ot}.description_localizations",
                    o.get("description_localizations"),
                    _description_errors,
                )
            )
            if o.get("required"):
                if seen_optional:
                    errors.append(f"{ot}: required options must come first")
            else:
                seen_optional = True
            if o.get("autocomplete") and o.get("choices"):
                errors.append(f"{ot}: autocomplete and choices are exclusive")
            if o.get("choices"):
                errors.extend(f"{ot}.{e}" for e in _choices_errors(o["choices"]))
    return errors


# -- the fake ------------------------------------------------------------------------------------


class FakeDiscord:
    """Discord on 127.0.0.1: `async with FakeDiscord() as fake:` then point the bot at its URLs."""

    def __init__(
        self,
        *,
        token: str = "fake-token",
        bot_id: int = 900_001,
        application_id: int = 900_002,
        owner_id: int = 900_003,
        team_member_ids: Iterable[int] = (),
        guilds: Iterable[Guild] | None = None,
        heartbeat_interval_ms: int = 41_250,
        heartbeat_ack_delay: float = 0.05,
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.application_id = application_id
        self.owner_id = owner_id
        self.team_member_ids = tuple(team_member_ids)
        # Shard of a guild = (guild_id >> 22) % shard_count: these two land on shards 0 and 1 of 2.
        self.guilds = (
            tuple(guilds)
            if guilds is not None
            else (
                Guild(id=1000 << 22, channel_id=(1000 << 22) + 1, name="alpha"),
                Guild(id=1001 << 22, channel_id=(1001 << 22) + 1, name="beta"),
            )
        )
        self.heartbeat_interval_ms = heartbeat_interval_ms
        # A real gateway's round trip. discord.py 2.7 records a heartbeat's send time on its
        # keep-alive thread only after the send: an ACK read before that, as an instant one can
        # be on a busy loop, is logged as "websocket is 41.3s behind" (the whole interval; fixed
        # upstream by Rapptz/discord.py#10448, unreleased).
        self.heartbeat_ack_delay = heartbeat_ack_delay
        self._acks: set[asyncio.Task[None]] = set()  # heartbeat ACKs on their way

        self.requests: list[Request] = []
        self.frames: list[Frame] = []
        self.sessions: list[Session] = []
        self.closes: list[tuple[tuple[int, int] | None, int | None]] = []  # (shard, close code)
        self.commands: dict[int | None, list[JSON]] = {}  # guild id (None: global) → definitions
        self.messages: dict[int, JSON] = {}  # every message the bot made, by id, as last edited
        self.interactions: dict[int, Interaction] = {}

        self._ids = itertools.count(((1 << 40) << 22) + 1)  # snowflakes far from the guilds'
        self._rate_limits: list[_RateLimit] = []
        self._refusals: list[_Refusal] = []
        self._changed = asyncio.Condition()
        self._sockets: set[web.WebSocketResponse] = set()
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway-ws", self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        assert server.sockets
        self._port = server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        for acking in list(self._acks):
            acking.cancel()
        await asyncio.gather(*self._acks, return_exceptions=True)
        for ws in list(self._sockets):
            await ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway-ws"

    # -- waiting

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], T], within: float = 5.0, what: str = "") -> T:
        """Wait until `predicate()` is truthy (re-checked on every request and frame); return it."""

        async def check() -> T:
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result

        try:
            return await asyncio.wait_for(check(), within)
        except TimeoutError:
            raise AssertionError(
                f"timed out after {within}s waiting for {what or predicate}"
            ) from None

    async def wait_ready(self, shards: int = 1, within: float = 5.0) -> list[Session]:
        """Wait until `shards` sessions are live and have been sent READY and their guilds."""

        def live() -> list[Session]:
            ready = [s for s in self.sessions if s.ready and s.ws is not None and not s.ws.closed]
            return ready if len(ready) >= shards else []

        return await self.wait_for(live, within, f"{shards} ready gateway session(s)")

    # -- scripting the server

    def rate_limit(
        self,
        method: str,
        path: str,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> None:
        """Answer the next `times` requests matching METHOD and the path regex with a 429."""
        self._rate_limits.append(
            _RateLimit(method, re.compile(path), times, retry_after, is_global)
        )

    def refuse(self, method: str, path: str, *, status: int = 403, times: int = 1) -> None:
        """Refuse the next `times` requests matching METHOD and the path regex (e.g. a 403)."""
        self._refusals.append(_Refusal(method, re.compile(path), times, status))

    def bot_role_id(self, guild_id: int) -> int:
        """The id of the bot's managed role in a guild."""
        return guild_id + 2

    def guild(self, guild_id: int | None = None) -> Guild:
        return next(g for g in self.guilds if guild_id in (None, g.id))

    def new_id(self) -> int:
        return next(self._ids)

    def _session_for(self, guild_id: int | None) -> Session:
        live = [s for s in self.sessions if s.ready]
        if not live:
            raise AssertionError("no gateway session is ready")
        count = live[-1].shard[1]
        shard = 0 if guild_id is None else (guild_id >> 22) % count
        matching = [s for s in live if s.shard[0] == shard]
        if not matching:
            raise AssertionError(f"no session for shard {shard}")
        return matching[-1]

    async def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None) -> None:
        """Send a DISPATCH to the shard that owns `guild_id` (DMs go to shard 0)."""
        session = self._session_for(guild_id)
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.sent.append(payload)
        if session.ws is not None and not session.ws.closed:
            # While the client reconnects this may be lost; its RESUME replays it, as Discord does.
            await session.ws.send_str(json.dumps(payload))

    async def reconnect(self, shard_id: int = 0) -> Session:
        """Send op 7 RECONNECT on a shard's socket, as Discord does before moving a session."""
        session = next(
            s for s in reversed(self.sessions) if s.shard[0] == shard_id and s.ws is not None
        )
        assert session.ws is not None
        await session.ws.send_str(json.dumps({"op": 7, "d": None, "s": None, "t": None}))
        return session

    # -- the user's side

    def _channel_payload(self, channel_id: int, guild_id: int | None, user: JSON) -> JSON:
        if guild_id is None:
            return {
                "id": str(channel_id),
                "type": DM,
                "recipients": [user],
                "last_message_id": None,
            }
        return {
            "id": str(channel_id),
            "type": GUILD_TEXT,
            "guild_id": str(guild_id),
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        }

    def _member_payload(self, user: JSON, permissions: int) -> JSON:
        return {
            "user": user,
            "roles": [],
            "joined_at": _now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "permissions": str(permissions),
        }

    async def message(
        self,
        content: str,
        *,
        author_id: int = 42,
        guild_id: int | None = None,
        channel_id: int | None = None,
        mention_bot: bool = False,
        mention_bot_role: bool = False,
        reply_to: int | None = None,
    ) -> JSON:
        """A user posts a message (in a guild channel, or a DM when `guild_id` is None).

        `mention_bot` mentions the bot's user; `mention_bot_role` its managed role in the guild,
        which is what Discord inserts when a person picks the bot by name in some clients.
        """
        author = user_payload(author_id)
        if channel_id is None:
            channel_id = self.guild(guild_id).channel_id if guild_id is not None else self.new_id()
        mentions = []
        if mention_bot:
            content = f"<@{self.bot_id}> {content}"
            mentions.append(user_payload(self.bot_id, "spacebot", bot=True))
        data = self._message_payload(
            channel_id=channel_id, author=author, content=content, guild_id=guild_id
        )
        data["mentions"] = mentions
        if mention_bot_role:
            assert guild_id is not None, "a role lives in a guild"
            data["content"] = f"<@&{self.bot_role_id(guild_id)}> {data['content']}"
            data["mention_roles"] = [str(self.bot_role_id(guild_id))]
        if guild_id is not None:
            data["member"] = {
                k: v for k, v in self._member_payload(author, 0).items() if k != "user"
            }
        if reply_to is not None:
            referenced = self.messages[reply_to]
            data["type"] = 19  # REPLY
            data["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(channel_id),
                **({"guild_id": str(guild_id)} if guild_id is not None else {}),
            }
            data["referenced_message"] = referenced
        await self.dispatch("MESSAGE_CREATE", data, guild_id=guild_id)
        return data

    async def _interaction(
        self,
        type_: int,
        data: JSON,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int | None,
        locale: str,
        permissions: int,
        message: JSON | None = None,
    ) -> Interaction:
        user = user_payload(user_id)
        if channel_id is None:
            channel_id = (
                self.guild(guild_id).channel_id if guild_id is not None else 5_000 + user_id
            )
        interaction_id = self.new_id()
        token = secrets.token_urlsafe(24)
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": type_,
            "data": data,
            "token": token,
            "version": 1,
            "locale": locale,
            "channel_id": str(channel_id),
            "channel": self._channel_payload(channel_id, guild_id, user),
            "app_permissions": "0",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)}
            if guild_id
            else {"1": str(user_id)},
            "context": 0 if guild_id is not None else 1,
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        if guild_id is not None:
            payload["guild_id"] = str(guild_id)
            payload["guild_locale"] = "en-US"
            payload["member"] = self._member_payload(user, permissions)
        else:
            payload["user"] = user
        if message is not None:
            payload["message"] = message
        record = Interaction(id=interaction_id, token=token, type=type_, payload=payload)
        if message is not None:
            record.message_id = int(message["id"])
        self.interactions[interaction_id] = record
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=guild_id)
        return record

    def registered(self, name: str, guild_id: int | None = None) -> JSON:
        """The definition the bot registered for /name (in that guild, else globally)."""
        for scope in (guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command
        raise AssertionError(f"/{name} is not registered (scopes: {list(self.commands)})")

    def _options(
        self, command: JSON, options: Mapping[str, str], focused: str | None
    ) -> list[JSON]:
        known = {o["name"]: o for o in command.get("options") or []}
        result = []
        for name, value in options.items():
            if name not in known:
                raise AssertionError(f"/{command['name']} has no option {name!r}")
            option: JSON = {"name": name, "type": known[name]["type"], "value": value}
            if name == focused:
                option["focused"] = True
            result.append(option)
        missing = [n for n, o in known.items() if o.get("required") and n not in options]
        if missing and focused is None:
            raise AssertionError(f"/{command['name']} needs {missing}")
        return result

    async def command(
        self,
        name: str,
        options: Mapping[str, str] | None = None,
        *,
        user_id: int = 42,
        guild_id: int | None = None,
        channel_id: int | None = None,
        locale: str = "en-US",
        permissions: int = 0,
    ) -> Interaction:
        """A user runs /name with string options (only what the bot registered, as in Discord)."""
        command = self.registered(name, guild_id)
        data: JSON = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": self._options(command, options or {}, None),
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return await self._interaction(
            APPLICATION_COMMAND,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            locale=locale,
            permissions=permissions,
        )

    async def autocomplete(
        self,
        name: str,
        option: str,
        typed: str,
        *,
        user_id: int = 42,
        guild_id: int | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """A user types `typed` into /name's `option`: Discord asks the bot for choices."""
        command = self.registered(name, guild_id)
        data: JSON = {
            "id": command["id"],
            "name": name,
            "type": 1,
            "options": self._options(command, {option: typed}, option),
        }
        return await self._interaction(
            AUTOCOMPLETE,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=None,
            locale=locale,
            permissions=0,
        )

    async def click(
        self,
        message_id: int,
        custom_id: str,
        *,
        user_id: int = 42,
        locale: str = "en-US",
    ) -> Interaction:
        """A user presses a button on one of the bot's messages (it must exist and be enabled)."""
        message = self.messages[message_id]
        buttons = [
            c for row in message.get("components") or [] for c in row.get("components") or []
        ]
        button = next((b for b in buttons if b.get("custom_id") == custom_id), None)
        if button is None:
            raise AssertionError(f"message {message_id} has no button {custom_id!r}")
        if button.get("disabled"):
            raise AssertionError(f"button {custom_id!r} is disabled")
        guild_id = int(message["guild_id"]) if message.get("guild_id") else None
        return await self._interaction(
            MESSAGE_COMPONENT,
            {"custom_id": custom_id, "component_type": 2},
            user_id=user_id,
            guild_id=guild_id,
            channel_id=int(message["channel_id"]),
            locale=locale,
            permissions=0,
            message=message,
        )

    # -- what the bot did

    def channel_messages(self, channel_id: int) -> list[JSON]:
        """The bot's messages in a channel, oldest first, as last edited."""
        return [m for m in self.messages.values() if int(m["channel_id"]) == channel_id]

    def message_requests(self) -> list[Request]:
        """Every request that creates or edits a message (the ones that can mention anybody)."""
        result = []
        for r in self.requests:
            is_callback = r.path.endswith("/callback")
            body = r.body if isinstance(r.body, dict) else {}
            if (is_callback and body.get("type") in (CHANNEL_MESSAGE, UPDATE_MESSAGE)) or (
                not is_callback
                and r.method in ("POST", "PATCH")
                and (
                    re.fullmatch(r"/channels/\d+/messages(/\d+)?", r.path)
                    or r.path.startswith("/webhooks/")
                )
            ):
                result.append(r)
        return result

    @staticmethod
    def message_body(request: Request) -> JSON:
        body = request.body if isinstance(request.body, dict) else {}
        return body.get("data") or {} if request.path.endswith("/callback") else body

    # -- the gateway

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        session: Session | None = None
        try:
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake"]}
            await ws.send_str(json.dumps({"op": 10, "d": hello, "s": None, "t": None}))
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, data = frame.get("op"), frame.get("d")
                self.frames.append(Frame(op, data, session.shard if session else None))
                if op == 1:
                    acking = asyncio.create_task(self._ack_heartbeat(ws))
                    self._acks.add(acking)
                    acking.add_done_callback(self._acks.discard)
                elif op == 2:
                    session = await self._identify(ws, data)
                elif op == 6:
                    session = await self._resume(ws, data)
                await self._notify()
        finally:
            self._sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
            self.closes.append((session.shard if session else None, ws.close_code))
            await self._notify()
        return ws

    async def _ack_heartbeat(self, ws: web.WebSocketResponse) -> None:
        """HEARTBEAT_ACK after the round trip; none once the socket has closed."""
        await asyncio.sleep(self.heartbeat_ack_delay)
        if not ws.closed:
            with contextlib.suppress(ConnectionError):
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))

    async def _identify(self, ws: web.WebSocketResponse, data: JSON) -> Session | None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        intents = int(data.get("intents", 0))
        privileged = [name for bit, name in PRIVILEGED_INTENTS.items() if intents & bit]
        if privileged:
            await ws.close(code=4014, message=f"Disallowed intent(s): {privileged}".encode())
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not 0 <= shard_id < shard_count:
            await ws.close(code=4010, message=b"Invalid shard.")
            return None
        session = Session(
            id=secrets.token_hex(16), shard=(shard_id, shard_count), ws=ws, identifies=1
        )
        self.sessions.append(session)
        mine = [g for g in self.guilds if (g.id >> 22) % shard_count == shard_id]
        session.seq += 1
        ready = {
            "v": 10,
            "user": user_payload(self.bot_id, "spacebot", bot=True),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in mine],
            "session_id": session.id,
            "resume_gateway_url": self.gateway_url,
            "shard": [shard_id, shard_count],
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
        }
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": session.seq, "d": ready}))
        for g in mine:
            session.seq += 1
            payload = {"op": 0, "t": "GUILD_CREATE", "s": session.seq, "d": self._guild_payload(g)}
            await ws.send_str(json.dumps(payload))
        session.ready = True
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: JSON) -> Session | None:
        session = next((s for s in self.sessions if s.id == data.get("session_id")), None)
        if session is None or data.get("token") != self.token:
            await ws.send_str(json.dumps({"op": 9, "d": False, "s": None, "t": None}))
            return None
        session.ws = ws
        session.resumes += 1
        seen = int(data.get("seq") or 0)
        for payload in session.sent:  # replay what the client missed, then RESUMED
            if payload["s"] > seen:
                await ws.send_str(json.dumps(payload))
        session.seq += 1
        await ws.send_str(
            json.dumps({"op": 0, "t": "RESUMED", "s": session.seq, "d": {"_trace": ["fake"]}})
        )
        return session

    def _guild_payload(self, g: Guild) -> JSON:
        return {
            "id": str(g.id),
            "name": g.name,
            "icon": None,
            "owner_id": str(self.owner_id),
            "unavailable": False,
            "member_count": 2,
            "large": False,
            "joined_at": _now(),
            "features": [],
            "roles": [
                {
                    "id": str(g.id),
                    "name": "@everyone",
                    "permissions": str(1 << 11 | 1 << 10),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                },
                {
                    "id": str(self.bot_role_id(g.id)),
                    "name": "spacebot",
                    "permissions": str(1 << 11 | 1 << 10),
                    "position": 1,
                    "color": 0,
                    "hoist": False,
                    "managed": True,
                    "mentionable": False,
                    "flags": 0,
                    "tags": {"bot_id": str(self.bot_id)},
                },
            ],
            "emojis": [],
            "stickers": [],
            "channels": [
                {**self._channel_payload(g.channel_id, g.id, {}), "last_message_id": None}
            ],
            "threads": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "mfa_level": 0,
            "verification_level": 0,
            "explicit_content_filter": 0,
            "default_message_notifications": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
            "preferred_locale": "en-US",
            "afk_timeout": 300,
        }

    # -- REST

    def _message_payload(
        self,
        *,
        channel_id: int,
        author: JSON,
        content: str,
        guild_id: int | None,
        embeds: list[JSON] | None = None,
        components: list[JSON] | None = None,
        flags: int = 0,
        webhook_id: int | None = None,
    ) -> JSON:
        data: JSON = {
            "id": str(self.new_id()),
            "channel_id": str(channel_id),
            "author": author,
            "content": content,
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": embeds or [],
            "components": components or [],
            "pinned": False,
            "type": 0,
            "flags": flags,
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        if webhook_id is not None:
            data["webhook_id"] = str(webhook_id)
            data["application_id"] = str(webhook_id)
        return data

    def _bot_message(
        self, body: JSON, *, channel_id: int, guild_id: int | None, interaction: bool
    ) -> JSON:
        bot = user_payload(self.bot_id, "spacebot", bot=True)
        msg = self._message_payload(
            channel_id=channel_id,
            author=bot,
            content=body.get("content") or "",
            guild_id=guild_id,
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            flags=int(body.get("flags") or 0),
            webhook_id=self.application_id if interaction else None,
        )
        if body.get("message_reference"):
            ref = body["message_reference"]
            msg["message_reference"] = {  # Discord answers snowflakes as strings
                k: str(v) if k.endswith("_id") and v is not None else v for k, v in ref.items()
            }
            msg["type"] = 19
        self.messages[int(msg["id"])] = msg
        return msg

    def _edit(self, message_id: int, body: JSON) -> JSON:
        msg = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in body and body[key] is not None:
                msg[key] = body[key]
        if "flags" in body and body["flags"] is not None:
            msg["flags"] = int(body["flags"])
        msg["edited_timestamp"] = _now()
        return msg

    def _guild_of_channel(self, channel_id: int) -> int | None:
        return next((g.id for g in self.guilds if g.channel_id == channel_id), None)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix(API_PREFIX)
        raw = await request.read()
        try:
            body = json.loads(raw) if raw and request.content_type == "application/json" else None
        except ValueError:
            body = None
        record = Request(request.method, path, dict(request.query), body)
        self.requests.append(record)
        try:
            response = await self._route(request, path, body, record)
        except Rejected as exc:
            record.error = exc.message
            response = _json_response(
                {"message": exc.message, "code": exc.code, "errors": {}}, status=exc.status
            )
        except Exception as exc:  # a bug in the fake: recorded, so that the test fails loudly
            record.error = f"the fake crashed: {exc!r}"
            response = _json_response({"message": record.error, "code": 0}, status=500)
        record.status = response.status
        await self._notify()
        return response

    async def _route(
        self, request: web.Request, path: str, body: Any, record: Request
    ) -> web.Response:
        method = request.method
        for limit in self._rate_limits:
            if limit.times > 0 and limit.method == method and limit.path.fullmatch(path):
                limit.times -= 1
                record.error = "rate limited"
                scope = "global" if limit.is_global else "user"
                return _json_response(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": limit.retry_after,
                        "global": limit.is_global,
                    },
                    status=429,
                    headers={
                        "Via": "1.1 google",
                        "Retry-After": str(max(1, round(limit.retry_after))),
                        "X-RateLimit-Scope": scope,
                    },
                )

        for refusal in self._refusals:
            if refusal.times > 0 and refusal.method == method and refusal.path.fullmatch(path):
                refusal.times -= 1
                raise Rejected("Missing Permissions", code=50013, status=refusal.status)

        webhook = path.startswith(("/webhooks/", "/interactions/"))
        if not webhook and request.headers.get("Authorization") != f"Bot {self.token}":
            raise Rejected("401: Unauthorized", code=0, status=401)

        app = str(self.application_id)
        if method == "GET" and path == "/users/@me":
            return _json_response(user_payload(self.bot_id, "spacebot", bot=True))
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json_response(self._app_info())
        if method == "GET" and path == "/gateway":
            return _json_response({"url": self.gateway_url})
        if method == "GET" and path == "/gateway/bot":
            limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            return _json_response(
                {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}
            )
        if m := re.fullmatch(rf"/applications/{app}(?:/guilds/(\d+))?/commands", path):
            guild_id = int(m[1]) if m[1] else None
            if method == "GET":
                return _json_response(self.commands.get(guild_id, []))
            if method == "PUT":
                return _json_response(self._put_commands(guild_id, body))
        if m := re.fullmatch(r"/channels/(\d+)/messages(?:/(\d+))?", path):
            channel_id = int(m[1])
            if method == "POST" and m[2] is None:
                return _json_response(self._post_message(channel_id, body))
            if method == "PATCH" and m[2] is not None:
                return _json_response(self._patch_message(channel_id, int(m[2]), body))
        if m := re.fullmatch(r"/channels/(\d+)/typing", path):
            return web.Response(status=204)
        m = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)
        if m and method == "POST":
            return self._callback(int(m[1]), m[2], body)
        if m := re.fullmatch(rf"/webhooks/{app}/([^/]+)(?:/messages/(@original|\d+))?", path):
            return self._webhook(method, m[1], m[2], body)
        raise Rejected(f"404: Not Found ({method} {path})", code=0, status=404)

    def _app_info(self) -> JSON:
        owner = user_payload(self.owner_id, "owner")
        info: JSON = {
            "id": str(self.application_id),
            "name": "spacebot",
            "icon": None,
            "description": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": owner,
            "verify_key": "00" * 32,
            "flags": 0,
            "team": None,
        }
        if self.team_member_ids:
            info["team"] = {
                "id": str(self.new_id()),
                "name": "team",
                "icon": None,
                "owner_user_id": str(self.owner_id),
                "members": [
                    {
                        "membership_state": 2,
                        "team_id": "1",
                        "role": "developer",
                        "permissions": ["*"],
                        "user": user_payload(uid),
                    }
                    for uid in self.team_member_ids
                ],
            }
        return info

    def _put_commands(self, guild_id: int | None, body: Any) -> list[JSON]:
        if errors := command_errors(body):
            raise Rejected("Invalid Form Body: " + "; ".join(errors))
        stored = []
        for c in body:
            item = {
                **c,
                "id": str(self.new_id()),
                "application_id": str(self.application_id),
                "version": str(self.new_id()),
            }
            if guild_id is not None:
                item["guild_id"] = str(guild_id)
            stored.append(item)
        self.commands[guild_id] = stored
        return stored

    def _post_message(self, channel_id: int, body: Any) -> JSON:
        if not isinstance(body, dict):
            raise Rejected("Invalid Form Body: not JSON")
        if errors := message_errors(body):
            raise Rejected("Invalid Form Body: " + "; ".join(errors))
        return self._bot_message(
            body,
            channel_id=channel_id,
            guild_id=self._guild_of_channel(channel_id),
            interaction=False,
        )

    def _patch_message(self, channel_id: int, message_id: int, body: Any) -> JSON:
        msg = self.messages.get(message_id)
        if msg is None or int(msg["channel_id"]) != channel_id:
            raise Rejected("Unknown Message", code=10008, status=404)
        if errors := message_errors(body or {}, edit=True):
            raise Rejected("Invalid Form Body: " + "; ".join(errors))
        return self._edit(message_id, body or {})

    def _callback(self, interaction_id: int, token: str, body: Any) -> web.Response:
        it = self.interactions.get(interaction_id)
        if it is None or it.token != token:
            raise Rejected("Unknown interaction", code=10062, status=404)
        if not isinstance(body, dict):
            raise Rejected("Invalid Form Body: not JSON")
        if it.responded:
            raise Rejected("Interaction has already been acknowledged.", code=40060)
        kind = body.get("type")
        data = body.get("data") or {}
        payload = it.payload
        guild_id = int(payload["guild_id"]) if payload.get("guild_id") else None
        channel_id = int(payload["channel_id"])
        resource: JSON | None = None
        if kind == AUTOCOMPLETE_RESULT:
            if it.type != AUTOCOMPLETE:
                raise Rejected("Interaction is not an autocomplete", code=50035)
            if errors := _choices_errors(data.get("choices")):
                raise Rejected("Invalid Form Body: " + "; ".join(errors))
        elif kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            if it.type not in (APPLICATION_COMMAND, MESSAGE_COMPONENT):
                raise Rejected("This interaction cannot be answered with a message")
            if kind == CHANNEL_MESSAGE and (errors := message_errors(data)):
                raise Rejected("Invalid Form Body: " + "; ".join(errors))
            msg = self._bot_message(
                data, channel_id=channel_id, guild_id=guild_id, interaction=True
            )
            if kind == DEFERRED_CHANNEL_MESSAGE:
                msg["flags"] = int(data.get("flags") or 0) | LOADING
            it.message_id = int(msg["id"])
            resource = {"type": kind, "message": msg}
        elif kind in (UPDATE_MESSAGE, DEFERRED_UPDATE):
            if it.type != MESSAGE_COMPONENT or it.message_id is None:
                raise Rejected("Only component interactions can update their message")
            if kind == UPDATE_MESSAGE:
                if errors := message_errors(data, edit=True):
                    raise Rejected("Invalid Form Body: " + "; ".join(errors))
                resource = {"type": kind, "message": self._edit(it.message_id, data)}
        else:
            raise Rejected(f"Unsupported callback type {kind!r}")
        it.callbacks.append(body)
        interaction: JSON = {"id": str(it.id), "type": it.type}
        if resource is not None:
            msg = resource["message"]
            interaction.update(
                response_message_id=msg["id"],
                response_message_loading=kind == DEFERRED_CHANNEL_MESSAGE,
                response_message_ephemeral=bool(int(msg.get("flags") or 0) & EPHEMERAL),
            )
        out: JSON = {"interaction": interaction}
        if resource is not None:
            out["resource"] = resource
        return _json_response(out)

    def _webhook(self, method: str, token: str, target: str | None, body: Any) -> web.Response:
        it = next((i for i in self.interactions.values() if i.token == token), None)
        if it is None:
            raise Rejected("Unknown Webhook", code=10015, status=404)
        if not it.responded:
            raise Rejected(
                "Unknown Webhook: the interaction has not been acknowledged", code=10015, status=404
            )
        if target is None and method == "POST":
            if errors := message_errors(body or {}):
                raise Rejected("Invalid Form Body: " + "; ".join(errors))
            original = self.messages.get(it.message_id) if it.message_id is not None else None
            if original is not None and int(original.get("flags") or 0) & LOADING:
                # The first followup after a deferral replaces the "thinking…" message.
                msg = self._edit(int(original["id"]), body)
                msg["flags"] = int(msg["flags"]) & ~LOADING
                it.followups.append(int(msg["id"]))
                return _json_response(msg)
            payload = it.payload
            msg = self._bot_message(
                body,
                channel_id=int(payload["channel_id"]),
                guild_id=int(payload["guild_id"]) if payload.get("guild_id") else None,
                interaction=True,
            )
            it.followups.append(int(msg["id"]))
            return _json_response(msg)
        if target is None:
            raise Rejected("Method not allowed", code=0, status=405)
        message_id = it.message_id if target == "@original" else int(target)
        if message_id is None or message_id not in self.messages:
            raise Rejected("Unknown Message", code=10008, status=404)
        if method == "GET":
            return _json_response(self.messages[message_id])
        if method == "PATCH":
            if errors := message_errors(body or {}, edit=True):
                raise Rejected("Invalid Form Body: " + "; ".join(errors))
            msg = self._edit(message_id, body or {})
            msg["flags"] = int(msg.get("flags") or 0) & ~LOADING
            return _json_response(msg)
        if method == "DELETE":
            del self.messages[message_id]
            return web.Response(status=204)
        raise Rejected("Method not allowed", code=0, status=405)
