"""The Discord adapter: discord.py 2 slash commands, mentions and DMs, answered by the core.

Thin by design. Every event becomes an `Inbound` and goes through `AnswerService.handle`, which
decides everything (silence, cooldown, admin rights, language); this module only renders the
`Reply`: an embed (title, the escaped answer, sources as links, the topic in the footer), buttons
for its options, and plain ephemeral text for refusals and cooldown notices.

- Slash commands are built from `service.commands()` and localized to Russian by a Translator.
  They are synced at startup only when their definitions changed (a hash kept in the store), or to
  `[discord] sync_guild` for development.
- Free text needs no privileged intent: mentions, replies to the bot and DMs carry content.
- Buttons carry the fact id in their custom_id. Every click, including one on a message sent before
  a restart, is answered in place by `on_interaction`; a view's buttons are disabled when it times
  out.
- Every send uses AllowedMentions.none(); content and embeds are cut to Discord's limits.
- No handler error escapes: each handler logs what failed and why.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import inspect
import json
import logging
import re
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, cast
from urllib.parse import unquote, urlsplit

import yarl
from pydantic import SecretStr

from bot.adapters.base import Health, utc_now
from bot.core.domain import ChatKind, Command, CommandSpec, Inbound, Lang, Option, Outcome, Reply
from bot.settings import DiscordSettings

with warnings.catch_warnings():
    # discord.py imports the stdlib `audioop` for voice, which this bot does not use; on Python
    # 3.11 and 3.12 that import warns, and the test suite turns every warning into an error.
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord
    from discord import app_commands
    from discord.app_commands import locale_str
    from discord.gateway import DiscordWebSocket

if TYPE_CHECKING:
    from bot.core.service import AnswerService

log = logging.getLogger(__name__)

PLATFORM = "discord"
FACT_BUTTON = "spacebot:fact:"  # custom_id prefix of a button; the fact id follows
SYNC_KEY = "discord.commands.{application}.{scope}"  # store key: hash of the synced commands

# Discord's limits.
CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
CHOICES_MAX = 25
CHOICE_MAX = 100  # a choice's name and a string choice's value
BUTTONS_MAX = 25
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100

NO_MENTIONS = discord.AllowedMentions.none()

# Telegram-only or internal commands that are not offered as slash commands.
NOT_SLASH = frozenset({Command.START, Command.FACT})

# Russian names of the commands and their arguments (the core provides the descriptions).
RU_NAMES: dict[str, str] = {
    Command.HELP: "помощь",
    Command.ASK: "спросить",
    Command.TOPICS: "темы",
    Command.WHY: "почему",
    Command.FILM: "фильм",
    Command.CREW: "экипаж",
    Command.MISSION: "миссия",
    Command.RACE: "гонка",
    Command.RELOAD: "перезагрузка",
    Command.UNANSWERED: "без-ответа",
    Command.STATS: "статистика",
    Command.TEACH: "научить",
    Command.AUDIT: "журнал",
    "question": "вопрос",
    "member": "участник",
    "action": "действие",
    "count": "сколько",
    "example": "пример",
}
ARGUMENT_DESCRIPTIONS: dict[str, dict[Lang, str]] = {
    "question": {
        Lang.EN: "Your question about the film, its crew and the flight",
        Lang.RU: "Ваш вопрос о фильме, экипаже и полёте",
    },
    "member": {Lang.EN: "A member of the crew or cast", Lang.RU: "Член экипажа или актёр"},
}
LABELS: dict[Lang, dict[str, str]] = {
    Lang.EN: {"sources": "Sources", "topic": "Topic"},
    Lang.RU: {"sources": "Источники", "topic": "Тема"},
}
COLOURS: dict[Outcome, int] = {
    Outcome.ANSWER: 0x2B6CB0,
    Outcome.CLARIFY: 0xD69E2E,
    Outcome.SMALLTALK: 0x38A169,
    Outcome.FALLBACK: 0x718096,
    Outcome.INFO: 0x4A5568,
}
NOTICES = frozenset({Outcome.REFUSED, Outcome.COOLDOWN})  # plain text, ephemeral where possible

Interaction = discord.Interaction[discord.Client]
Editor = Callable[[discord.ui.View], Awaitable[object]]


# -- rendering ------------------------------------------------------------------------------------


def fit(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters with an ellipsis, never leaving a dangling escape."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    trailing = len(cut) - len(cut.rstrip("\\"))
    if trailing % 2:
        cut = cut[:-1]
    return cut + "…"


# Discord's markdown: inline marks anywhere, block marks (quote, heading, list) at a line's start.
# A backslash makes any of them literal.
_INLINE_MARKS = re.compile(r"([\\*_~|`\[\]<])")
_BLOCK_MARKS = re.compile(r"^(\s*)([>#-])", re.MULTILINE)
_ORDERED_LIST = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)


def escape(text: str) -> str:
    """Text shown literally: no markdown, masked links, mentions or timestamps.

    Not discord.utils.escape_markdown: its masked-link pattern is greedy, so everything between
    the first "[" and the last ")" of a text stays unescaped (the hostile-text test caught it).
    """
    text = _INLINE_MARKS.sub(r"\\\1", text)
    text = _BLOCK_MARKS.sub(r"\1\\\2", text)
    text = _ORDERED_LIST.sub(r"\1\\.", text)
    return discord.utils.escape_mentions(text)


def source_link(url: str) -> str | None:
    """A source as a markdown link labelled with its host and path, or None if not http(s)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    label = parts.netloc.removeprefix("www.")
    path = unquote(parts.path).strip("/")
    if path:
        label = f"{label}/{path}"
    label = fit(re.sub(r"[\[\]]", "", label), 60)
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{escape(label)}]({target})"


def render_embed(reply: Reply) -> discord.Embed:
    """An answer as an embed within Discord's limits: title, text, sources, topic footer."""
    labels = LABELS.get(reply.lang, LABELS[Lang.EN])
    embed = discord.Embed(
        title=fit(escape(reply.title), TITLE_MAX) if reply.title else None,
        description=fit(escape(reply.text), DESCRIPTION_MAX) if reply.text else None,
        colour=COLOURS.get(reply.outcome),
    )
    links: list[str] = []
    for url in reply.sources:
        link = source_link(url)
        if link is None:
            continue
        if len("\n".join([*links, f"• {link}"])) > FIELD_VALUE_MAX:
            break
        links.append(f"• {link}")
    if links:
        embed.add_field(name=labels["sources"], value="\n".join(links), inline=False)
    if reply.topic:
        embed.set_footer(text=fit(f"{labels['topic']}: {reply.topic}", FOOTER_MAX))
    overflow = len(embed) - EMBED_TOTAL_MAX
    if overflow > 0 and embed.description:
        embed.description = fit(embed.description, len(embed.description) - overflow)
    return embed


def render_notice(reply: Reply) -> str:
    return fit(escape(reply.text), CONTENT_MAX)


class Choices(discord.ui.View):
    """The reply's options as buttons. Clicks are answered by the adapter's `on_interaction`
    (one path for fresh and stale buttons); the view only times out and disables them."""

    def __init__(
        self,
        options: Sequence[Option],
        *,
        timeout: float,
        on_timeout: Callable[[Choices], Awaitable[None]],
    ) -> None:
        super().__init__(timeout=timeout)
        self._expired = on_timeout
        self.edit: Editor | None = None  # how to edit the message that carries it
        for option in options[:BUTTONS_MAX]:
            custom_id = FACT_BUTTON + option.fact_id
            if len(custom_id) > CUSTOM_ID_MAX:
                log.warning("discord: fact id %r is too long for a button; skipped", option.fact_id)
                continue
            label = fit(option.label.strip() or option.fact_id, BUTTON_LABEL_MAX)
            self.add_item(discord.ui.Button(label=label, custom_id=custom_id))

    async def interaction_check(self, interaction: Interaction) -> bool:
        return False  # `DiscordAdapter.on_interaction` answers every click

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        await self._expired(self)


class Translator(app_commands.Translator):
    """Translates command names and descriptions from the `locale_str` extras (`ru=...`)."""

    async def translate(
        self,
        string: locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        value = string.extras.get(locale.value)
        return value if isinstance(value, str) else None


class _PacedIdentify:
    """discord.py pauses 5 s before every IDENTIFY but the first (Discord's identify rate limit
    with max_concurrency 1); the pause is configurable here, for a test against a fake."""

    identify_interval: float = 5.0

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not initial:
            await asyncio.sleep(self.identify_interval)


class Client(_PacedIdentify, discord.Client):
    pass


class ShardedClient(_PacedIdentify, discord.AutoShardedClient):
    pass


class Tree(app_commands.CommandTree[discord.Client]):
    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError) -> None:
        """Log a slash command's failure (the adapter's handlers already catch their own)."""
        name = interaction.command.name if interaction.command else "?"
        log.error("discord: /%s failed: %r", name, error, exc_info=error)


@dataclass(frozen=True)
class _Sent:
    message_id: int | None
    edit: Editor


# -- the adapter ----------------------------------------------------------------------------------


class DiscordAdapter:
    """Serves the core on Discord until `stop` is set. See the module docstring."""

    name = "discord"

    def __init__(
        self,
        settings: DiscordSettings,
        token: SecretStr,
        service: AnswerService,
        *,
        view_timeout: float = 600.0,
        defer_after: float = 2.0,
        guild_ready_timeout: float = 2.0,
        identify_interval: float = 5.0,
        drain_timeout: float = 3.0,
    ) -> None:
        if settings.shard_count and any(
            not 0 <= i < settings.shard_count for i in settings.shard_ids
        ):
            raise ValueError(f"discord.shard_ids {settings.shard_ids} must be below shard_count")
        self._settings = settings
        self._token = token
        self._service = service
        self._view_timeout = view_timeout
        self._defer_after = defer_after  # an interaction is deferred when the core takes longer
        self._drain_timeout = drain_timeout
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        options: dict[str, Any] = {
            "intents": intents,
            "allowed_mentions": NO_MENTIONS,
            "guild_ready_timeout": guild_ready_timeout,
            "chunk_guilds_at_startup": False,
        }
        # The bot has no voice: skip discord.py's log lines about missing voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        self.client: Client | ShardedClient
        if settings.shard_count:
            # With no shard_ids this process runs all `shard_count` shards.
            if settings.shard_ids:
                options["shard_ids"] = list(settings.shard_ids)
            self.client = ShardedClient(shard_count=settings.shard_count, **options)
        else:
            self.client = Client(**options)
        self.client.identify_interval = identify_interval
        self.tree = Tree(self.client)
        self._views: dict[int, Choices] = {}  # message id → its live buttons
        self._inflight: set[asyncio.Task[Any]] = set()
        self._saved_urls: tuple[str, yarl.URL] | None = None
        self._last_update: dt.datetime | None = None
        for handler in (self.on_message, self.on_interaction, self.on_error):
            self.client.event(handler)
        for spec in service.commands():
            if spec.command not in NOT_SLASH:
                self.tree.add_command(self._slash_command(spec))

    # -- lifecycle

    async def __aenter__(self) -> Self:
        self._saved_urls = (discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        base = self._settings.api_base_url.rstrip("/")
        if base != discord.http.Route.BASE:
            discord.http.Route.BASE = base
        if self._settings.gateway_url:
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self._settings.gateway_url)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._shutdown()
        if self._saved_urls is not None:
            discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved_urls
            self._saved_urls = None

    async def serve(self, stop: asyncio.Event) -> None:
        """Log in, sync commands if they changed, and serve until `stop` is set; then close."""
        client = self.client
        await client.login(self._token.get_secret_value())
        await self._grant_owners()
        await self._sync_commands()
        gateway = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        try:
            await asyncio.wait({gateway, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            # Stop reading events first: a socket closed while a read is pending would be closed
            # by discord.py with code 4000 (resumable) instead of 1000.
            gateway.cancel()
            await asyncio.wait({gateway})
            await self._shutdown()
        if not gateway.cancelled() and (failure := gateway.exception()) is not None:
            log.error("discord: the gateway connection failed: %r", failure)
            raise failure
        log.info("discord: closed")

    def health(self) -> Health:
        """Connected while every gateway socket (one per shard) is open with a session."""
        client = self.client
        if client.is_closed():
            return Health(False, self._last_update)
        if isinstance(client, discord.AutoShardedClient):
            shards = list(client.shards.values())  # each shard is ready once READY came
            connected = client.is_ready() and all(not s.is_closed() for s in shards)
        else:
            ws: DiscordWebSocket | None = client.ws  # None until the first connect
            connected = ws is not None and ws.open and ws.session_id is not None  # READY seen
        return Health(connected, self._last_update)

    async def _shutdown(self) -> None:
        """Finish the replies in flight (bounded), stop the buttons' timers, close the client."""
        pending = {t for t in self._inflight if t is not asyncio.current_task()}
        if pending:
            _, late = await asyncio.wait(pending, timeout=self._drain_timeout)
            for task in late:
                task.cancel()
        for view in list(self._views.values()):
            view.stop()
        self._views.clear()
        if not self.client.is_closed():
            await self.client.close()

    @contextlib.asynccontextmanager
    async def _handling(self, what: str) -> AsyncIterator[None]:
        """Track a handler so that shutdown waits for it, and log (never raise) its failure."""
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            yield
        except discord.HTTPException as exc:
            log.warning(
                "discord: %s: Discord refused a request: %s %s (code %s)",
                what,
                exc.status,
                exc.text,
                exc.code,
            )
        except Exception:
            log.exception("discord: %s failed", what)
        finally:
            if task is not None:
                self._inflight.discard(task)

    # -- startup

    async def _grant_owners(self) -> None:
        """The application's owner and team members are bot admins, besides `[admins] discord`."""
        app = self.client.application
        if app is None:
            return
        ids = {app.owner.id}
        if app.team is not None:
            ids.update(member.id for member in app.team.members)
        for user_id in sorted(ids):
            self._service.grant_admin(PLATFORM, str(user_id))

    async def _sync_commands(self) -> None:
        """Sync the commands only when their definitions changed since the last sync."""
        guild_id = self._settings.sync_guild
        guild = discord.Object(id=guild_id) if guild_id else None
        try:
            translator = Translator()
            await self.tree.set_translator(translator)
            if guild is not None:
                self.tree.copy_global_to(guild=guild)
            commands = self.tree.get_commands(guild=guild)
            payload = [await c.get_translated_payload(self.tree, translator) for c in commands]
            digest = hashlib.sha256(
                json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()
            key = SYNC_KEY.format(
                application=self.client.application_id, scope=guild_id or "global"
            )
            if await self._service.get_meta(key) == digest:
                log.info("discord: commands unchanged; not syncing")
                return
            synced = await self.tree.sync(guild=guild)
            await self._service.set_meta(key, digest)
            where = f"guild {guild_id}" if guild_id else "global"
            log.info("discord: synced %d commands (%s)", len(synced), where)
        except discord.HTTPException as exc:
            log.error("discord: command sync failed: %s %s", exc.status, exc.text)
        except Exception:
            log.exception("discord: command sync failed")

    def _slash_command(self, spec: CommandSpec) -> app_commands.Command[Any, ..., None]:
        """An app command for `spec`, whose callback passes the argument (if any) to the core."""

        async def callback(interaction: Interaction, **arguments: str | None) -> None:
            """Answer a slash command."""
            argument = next((v for v in arguments.values() if v), "") or ""
            await self._on_command(interaction, spec, argument)

        parameters = [
            inspect.Parameter(
                "interaction",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=discord.Interaction,
            )
        ]
        name = str(spec.command)
        if spec.argument:
            arg = spec.argument
            required = spec.command is Command.ASK
            parameters.append(
                inspect.Parameter(
                    arg,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                    annotation=str if required else str | None,
                    default=inspect.Parameter.empty if required else None,
                )
            )
            cast(Any, callback).__signature__ = inspect.Signature(parameters)
            described = ARGUMENT_DESCRIPTIONS.get(arg, spec.description)
            app_commands.describe(**{arg: _localized(described)})(callback)
            if arg in RU_NAMES:
                app_commands.rename(**{arg: locale_str(arg, ru=RU_NAMES[arg])})(callback)
            if spec.command is Command.ASK:
                app_commands.autocomplete(**{arg: self._suggest_questions()})(callback)
            elif spec.command is Command.CREW:
                app_commands.autocomplete(**{arg: self._suggest_people()})(callback)
        else:
            cast(Any, callback).__signature__ = inspect.Signature(parameters)
        return app_commands.Command(
            name=locale_str(name, **({"ru": RU_NAMES[name]} if name in RU_NAMES else {})),
            description=_localized(spec.description),
            callback=callback,
        )

    def _suggest_questions(
        self,
    ) -> Callable[[Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
        async def suggest(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
            """Offer the known questions closest to what the user typed."""
            options = self._service.suggest(current, interaction.locale.value, limit=CHOICES_MAX)
            return [
                app_commands.Choice(name=fit(o.label, CHOICE_MAX), value=fit(o.label, CHOICE_MAX))
                for o in options[:CHOICES_MAX]
                if o.label.strip()
            ]

        return suggest

    def _suggest_people(
        self,
    ) -> Callable[[Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]:
        async def suggest(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
            """Offer the crew and cast whose names contain what the user typed."""
            people = self._service.people(interaction.locale.value)
            typed = current.casefold().strip()
            matching = [p for p in people if typed in p.label.casefold()] or list(people)
            return [
                app_commands.Choice(name=fit(p.label, CHOICE_MAX), value=p.fact_id)
                for p in matching[:CHOICES_MAX]
                if len(p.fact_id) <= CHOICE_MAX
            ]

        return suggest

    # -- events

    async def on_message(self, message: discord.Message) -> None:
        """Answer a DM, a mention or a reply to the bot; the core silences the rest."""
        self._last_update = utc_now()
        async with self._handling(f"message {message.id}"):
            me = self.client.user
            if me is None or message.author.bot or message.author.id == me.id:
                return
            if message.type not in (discord.MessageType.default, discord.MessageType.reply):
                return
            private = message.guild is None
            mentioned = _mentions(message, me.id) or _replies_to(message, me.id)
            inbound = Inbound(
                text=_plain_text(message, me.id),
                platform=PLATFORM,
                chat=str(message.channel.id),
                user=str(message.author.id),
                locale=None,
                mentioned=mentioned,
                chat_kind=ChatKind.PRIVATE if private else ChatKind.GROUP,
            )
            reply = await self._service.handle(inbound)
            if reply.outcome is Outcome.SILENT:
                return
            await self._send_to_channel(message, reply)

    async def on_interaction(self, interaction: Interaction) -> None:
        """Answer a button press in place (slash commands are routed by the tree)."""
        self._last_update = utc_now()
        if interaction.type is not discord.InteractionType.component:
            return
        data = cast(Mapping[str, Any], interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith(FACT_BUTTON):
            return
        async with self._handling(f"button {custom_id}"):
            if interaction.message is not None:
                old = self._views.pop(interaction.message.id, None)
                if old is not None:
                    old.stop()
            inbound = self._inbound(interaction, Command.FACT, custom_id.removeprefix(FACT_BUTTON))
            await self._answer(interaction, inbound, ephemeral=False, in_place=True)

    async def on_error(self, event: str, /, *args: object, **kwargs: object) -> None:
        """Log an error that escaped an event handler, instead of printing it."""
        log.exception("discord: unhandled error in %s", event)

    async def _on_command(self, interaction: Interaction, spec: CommandSpec, argument: str) -> None:
        """Answer a slash command through the core (admin commands privately)."""
        async with self._handling(f"/{spec.command}"):
            # /crew member:<choice> passes the chosen person's fact id (or a typed name) as the
            # argument; the core resolves either.
            inbound = self._inbound(interaction, spec.command, argument)
            await self._answer(interaction, inbound, ephemeral=spec.admin, in_place=False)

    def _inbound(self, interaction: Interaction, command: Command, text: str) -> Inbound:
        return Inbound(
            text=text,
            platform=PLATFORM,
            chat=str(interaction.channel_id),
            user=str(interaction.user.id),
            locale=interaction.locale.value,
            mentioned=True,
            chat_kind=ChatKind.PRIVATE if interaction.guild_id is None else ChatKind.GROUP,
            command=command,
        )

    # -- replying

    async def _answer(
        self, interaction: Interaction, inbound: Inbound, *, ephemeral: bool, in_place: bool
    ) -> None:
        """Ask the core; defer the interaction if it takes long; render the reply."""
        work = asyncio.ensure_future(self._service.handle(inbound))
        deferred = False
        try:
            reply = await asyncio.wait_for(asyncio.shield(work), self._defer_after)
        except TimeoutError:
            if in_place:
                await interaction.response.defer()
            else:
                await interaction.response.defer(ephemeral=ephemeral, thinking=True)
            deferred = True
            reply = await work
        finally:
            work.cancel()  # a no-op once it is done; no orphan if this handler is cancelled
        response = interaction.response
        if reply.outcome is Outcome.SILENT:
            # Nothing to say, but an interaction must be acknowledged or the user sees a failure.
            if not deferred:
                if in_place:
                    await response.defer()
                else:
                    await response.defer(ephemeral=True, thinking=True)
            if not in_place:
                await interaction.delete_original_response()
            return

        if reply.outcome in NOTICES:
            content = render_notice(reply)
            if deferred:
                await interaction.followup.send(
                    content, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
            else:
                await response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return

        embed = render_embed(reply)
        view = self._view(reply)
        sent: _Sent
        if in_place:
            message_id = interaction.message.id if interaction.message else None
            if deferred:
                await interaction.edit_original_response(
                    content=None, embed=embed, view=view, allowed_mentions=NO_MENTIONS
                )
            else:
                await response.edit_message(
                    content=None, embed=embed, view=view, allowed_mentions=NO_MENTIONS
                )
            sent = _Sent(message_id, _edit_original(interaction))
        elif deferred:
            kwargs: dict[str, Any] = {"view": view} if view is not None else {}
            message = await interaction.followup.send(
                embed=embed, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, wait=True, **kwargs
            )
            sent = _Sent(message.id, _edit_message(message))
        else:
            kwargs = {"view": view} if view is not None else {}
            result = await response.send_message(
                embed=embed, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **kwargs
            )
            message_id = result.message_id if result is not None else None
            sent = _Sent(message_id, _edit_original(interaction))
        self._track(view, sent)

    async def _send_to_channel(self, message: discord.Message, reply: Reply) -> None:
        """Reply to a message in its channel (as a reply in guilds)."""
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
        if message.guild is not None:
            kwargs["reference"] = message.to_reference(fail_if_not_exists=False)
            kwargs["mention_author"] = False
        if reply.outcome in NOTICES:
            await message.channel.send(render_notice(reply), **kwargs)
            return
        view = self._view(reply)
        if view is not None:
            kwargs["view"] = view
        sent = await message.channel.send(embed=render_embed(reply), **kwargs)
        self._track(view, _Sent(sent.id, _edit_message(sent)))

    def _view(self, reply: Reply) -> Choices | None:
        if not reply.options:
            return None
        view = Choices(reply.options, timeout=self._view_timeout, on_timeout=self._expire)
        return view if view.children else None

    def _track(self, view: Choices | None, sent: _Sent) -> None:
        if view is None:
            return
        view.edit = sent.edit
        if sent.message_id is not None:
            self._views[sent.message_id] = view

    async def _expire(self, view: Choices) -> None:
        """A view timed out: show its buttons disabled."""
        async with self._handling("disabling expired buttons"):
            for message_id, live in list(self._views.items()):
                if live is view:
                    del self._views[message_id]
            if view.edit is not None:
                await view.edit(view)


# -- helpers --------------------------------------------------------------------------------------


def _localized(text: Mapping[Lang, str]) -> locale_str:
    english = fit(text.get(Lang.EN) or next(iter(text.values()), "…"), 100)
    russian = text.get(Lang.RU)
    return locale_str(english, **({"ru": fit(russian, 100)} if russian else {}))


def _edit_original(interaction: Interaction) -> Editor:
    async def edit(view: discord.ui.View) -> object:
        return await interaction.edit_original_response(view=view, allowed_mentions=NO_MENTIONS)

    return edit


def _edit_message(message: discord.Message | discord.WebhookMessage) -> Editor:
    async def edit(view: discord.ui.View) -> object:
        return await message.edit(view=view, allowed_mentions=NO_MENTIONS)

    return edit


def _own_roles(message: discord.Message, bot_id: int) -> list[discord.Role]:
    """The bot's own managed role among the message's role mentions (people pick it by name)."""
    return [r for r in message.role_mentions if r.tags is not None and r.tags.bot_id == bot_id]


def _mentions(message: discord.Message, bot_id: int) -> bool:
    return any(u.id == bot_id for u in message.mentions) or bool(_own_roles(message, bot_id))


def _replies_to(message: discord.Message, user_id: int) -> bool:
    ref = message.reference
    if ref is None:
        return False
    resolved = ref.resolved if ref.resolved is not None else ref.cached_message
    return isinstance(resolved, discord.Message) and resolved.author.id == user_id


def _plain_text(message: discord.Message, bot_id: int) -> str:
    """The message without the bot's mention; other user mentions become @names."""
    text = re.sub(rf"<@!?{bot_id}>", " ", message.content)
    for role in _own_roles(message, bot_id):
        text = text.replace(role.mention, " ")
    names = {u.id: u.display_name for u in message.mentions}

    def name(match: re.Match[str]) -> str:
        user_id = int(match[1])
        return f"@{names[user_id]}" if user_id in names else match[0]

    return re.sub(r"<@!?(\d+)>", name, text).strip()
