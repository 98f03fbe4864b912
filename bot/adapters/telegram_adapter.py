"""The Telegram front end: python-telegram-bot's Application around the core's AnswerService.

Each handler translates an update into an `Inbound`, awaits `service.handle`, and renders the
`Reply` (see telegram_render). The core decides everything else: silence in groups, cooldowns,
admin checks, the language.

Operation:
- Polling by default. When `[telegram] webhook_url` is set, PTB's webhook server listens on
  `listen:port` at the URL's path instead, and Telegram must send the secret token generated
  at each start (setWebhook registers it), so that nobody else can post updates.
- `api_base_url` points PTB at any Bot API-compatible server.
- Outgoing calls go through AIORateLimiter, which also waits out a 429's retry_after. PTB's
  polling loop retries getUpdates after a 5xx, a timeout or a dropped connection, with backoff;
  a send is retried here the same way, a few times. What still fails is logged with its
  reason, and no handler error escapes: the error handler logs it.
- Updates run concurrently across chats but in order within a chat, so that follow-ups see
  the context of the question before them.
- `serve` returns when `stop` is set, after the updates already fetched have been answered;
  the last getUpdates confirms them, so none is fetched again after a restart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from functools import partial
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import urlsplit

from pydantic import SecretStr
from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.adapters.base import Health, utc_now
from bot.adapters.telegram_render import NO_PREVIEW, inline_articles, render
from bot.core.domain import ChatKind, Command, CommandSpec, Inbound, Lang, Outcome, Reply
from bot.core.service import AnswerService
from bot.settings import TelegramSettings

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ALLOWED_UPDATES = ("message", "callback_query", "inline_query")
MAX_CALLBACK_NOTICE = 200  # answerCallbackQuery's text limit
INLINE_RESULTS = 5
# Outcomes answered with a short notice under the tapped button, leaving the message as is.
_NOTICE_ONLY = frozenset({Outcome.COOLDOWN, Outcome.REFUSED})

T = TypeVar("T")
TelegramApp = Application[Any, Any, Any, Any, Any, Any]


class TelegramAdapter:
    """Serves the core to Telegram users (see the module docstring for the operation)."""

    name = "telegram"

    def __init__(
        self,
        settings: TelegramSettings,
        token: SecretStr,
        service: AnswerService,
        *,
        poll_timeout: float = 30.0,
        send_attempts: int = 3,
        send_backoff: float = 1.0,
        max_concurrent_updates: int = 64,
        typing_after: float = 1.0,
    ) -> None:
        # Opt in to PTB's timedelta time periods (a 429's retry_after ...) instead of the
        # deprecated ints, whose every use would emit a PTBDeprecationWarning.
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        self._settings = settings
        self._service = service
        self._poll_timeout = poll_timeout
        self._send_attempts = max(1, send_attempts)
        self._send_backoff = send_backoff
        self._typing_after = typing_after  # "typing…" shows when the core takes longer than this
        self._webhook_secret = secrets.token_urlsafe(32)
        self.ready = asyncio.Event()  # set while updates are being fetched
        self._last_update: dt.datetime | None = None
        self._poll_failed_at: float | None = None  # time.monotonic() of the last failed poll
        self._app: TelegramApp = (
            ApplicationBuilder()
            .token(token.get_secret_value())
            .base_url(settings.api_base_url)
            .rate_limiter(AIORateLimiter(max_retries=3))
            .concurrent_updates(_PerChatOrder(max_concurrent_updates))
            .build()
        )
        self._add_handlers()

    # -- the Adapter protocol ----------------------------------------------------------------

    async def __aenter__(self) -> Self:
        """Checks the token (getMe) and advertises the commands."""
        await self._app.initialize()
        await self._register_commands()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Closes PTB's connections."""
        await self._app.shutdown()

    async def serve(self, stop: asyncio.Event) -> None:
        """Fetches updates (polling, or a webhook) until `stop`; then answers what was fetched."""
        app, updater = self._app, self._app.updater
        assert updater is not None  # ApplicationBuilder always makes one unless told not to
        await app.start()
        try:
            if self._settings.webhook_url:
                await updater.start_webhook(
                    listen=self._settings.listen,
                    port=self._settings.port,
                    url_path=urlsplit(self._settings.webhook_url).path.lstrip("/"),
                    webhook_url=self._settings.webhook_url,
                    secret_token=self._webhook_secret,
                    allowed_updates=ALLOWED_UPDATES,
                    bootstrap_retries=3,
                )
                log.info("telegram: webhook at %s", self._settings.webhook_url)
            else:
                await updater.start_polling(
                    timeout=dt.timedelta(seconds=int(self._poll_timeout)),
                    allowed_updates=ALLOWED_UPDATES,
                    bootstrap_retries=3,
                    error_callback=self._poll_failed,
                )
                log.info("telegram: polling for updates")
            self.ready.set()
            await stop.wait()
        finally:
            self.ready.clear()
            if updater.running:
                await updater.stop()
            await app.stop()
            log.info("telegram: stopped")

    def health(self) -> Health:
        """Connected while updates are fetched and getUpdates is not failing.

        PTB reports only failed polls, so a failure counts until an update arrives or until
        a window longer than PTB's retry backoff (30 s) plus a long poll has passed quietly.
        """
        failing = self._poll_failed_at is not None and (
            time.monotonic() - self._poll_failed_at < 2 * self._poll_timeout + 30
        )
        return Health(self.ready.is_set() and not failing, self._last_update)

    @property
    def application(self) -> TelegramApp:
        return self._app

    @property
    def webhook_secret(self) -> str:
        """What Telegram sends as X-Telegram-Bot-Api-Secret-Token with each webhook update."""
        return self._webhook_secret

    # -- handlers ------------------------------------------------------------------------------

    def _add_handlers(self) -> None:
        app = self._app
        messages = filters.UpdateType.MESSAGE
        app.add_handler(TypeHandler(Update, self._on_any_update), group=-1)
        app.add_handler(CommandHandler([c.value for c in Command], self._on_command, messages))
        app.add_handler(MessageHandler(messages & filters.COMMAND, self._on_unknown_command))
        app.add_handler(MessageHandler(messages & filters.TEXT, self._on_text))
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_handler(InlineQueryHandler(self._on_inline))
        app.add_error_handler(self._on_error)

    async def _on_any_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every update, before its handler: the last update time, and proof that polls work."""
        self._last_update = utc_now()
        self._poll_failed_at = None

    def _poll_failed(self, exc: TelegramError) -> None:
        self._poll_failed_at = time.monotonic()
        _log_poll_error(exc)

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message: a question in a private chat, or maybe one in a group."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        text, mentioned = self._strip_mention(message)
        reply = await self._ask(message, self._inbound(message, text, mentioned=mentioned))
        await self._send(message, reply)

    async def _on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, /ask <question>, /reload ...: the core runs the command."""
        message = update.effective_message
        if message is None or not message.text or not message.entities:
            return
        name = message.text[1 : message.entities[0].length].split("@")[0].lower()
        args = _after(message.text, message.entities[0])
        inbound = self._inbound(message, args, mentioned=True, command=Command(name))
        await self._send(message, await self._ask(message, inbound))

    async def _on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command the bot does not have: help, if it was addressed to this bot."""
        message = update.effective_message
        if message is None or not message.text or not message.entities:
            return
        command = message.text[1 : message.entities[0].length]
        if message.chat.type != ChatType.PRIVATE and not command.lower().endswith(
            f"@{self._app.bot.username.lower()}"
        ):
            return  # in a group, a bare /foo may well be for another bot
        inbound = self._inbound(message, "", mentioned=True, command=Command.HELP)
        await self._send(message, await self._service.handle(inbound))

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A tapped option: answers the query, then edits the message into the chosen answer."""
        query = update.callback_query
        if query is None:
            return
        inbound = _chosen(query)
        reply = await self._service.handle(inbound)
        notice = reply.text[:MAX_CALLBACK_NOTICE] if reply.outcome in _NOTICE_ONLY else None
        await self._call("answerCallbackQuery", lambda: query.answer(text=notice))
        if reply.outcome in _NOTICE_ONLY or reply.outcome is Outcome.SILENT:
            return
        if isinstance(query.message, Message) and query.message.is_accessible:
            await self._edit(query.message, reply)
        else:  # too old to edit (or posted inline): answer in a new message
            await self._send_to(int(inbound.chat), reply)

    async def _on_inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline query ("@bot who directed"): the best answers, as articles to post."""
        query = update.inline_query
        if query is None:
            return
        text, locale = query.query.strip(), query.from_user.language_code
        replies = await self._service.top_answers(text, locale, INLINE_RESULTS) if text else ()
        results = inline_articles(text, replies)
        await self._call(
            "answerInlineQuery", lambda: query.answer(results, cache_time=60, is_personal=True)
        )

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Logs what a handler raised; the update is done with, and serving goes on."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram: update %s failed", update_id, exc_info=context.error)

    # -- translation -------------------------------------------------------------------------

    def _inbound(
        self,
        message: Message,
        text: str,
        *,
        mentioned: bool,
        command: Command | None = None,
    ) -> Inbound:
        user = message.from_user
        return Inbound(
            text=text,
            platform=PLATFORM,
            chat=str(message.chat_id),
            user=str(user.id if user else message.chat_id),
            locale=user.language_code if user else None,
            mentioned=mentioned,
            chat_kind=_chat_kind(message.chat.type),
            command=command,
        )

    def _strip_mention(self, message: Message) -> tuple[str, bool]:
        """The text without this bot's @mentions, and whether it addresses the bot."""
        bot = self._app.bot
        text = message.text or ""
        replied = message.reply_to_message
        addressed = bool(replied and replied.from_user and replied.from_user.id == bot.id)
        mine = [
            entity
            for entity, value in message.parse_entities(
                [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
            ).items()
            if value.lower() == f"@{bot.username.lower()}"
            or (entity.user is not None and entity.user.id == bot.id)
        ]
        for entity in sorted(mine, key=lambda e: e.offset, reverse=True):
            text = _cut(text, entity)
        return " ".join(text.split()), addressed or bool(mine)

    # -- sending -------------------------------------------------------------------------------

    async def _ask(self, message: Message, inbound: Inbound) -> Reply:
        """The core's reply; if it is slow in coming (a /reload dry run), the chat shows typing."""
        work = asyncio.ensure_future(self._service.handle(inbound))
        try:
            return await asyncio.wait_for(asyncio.shield(work), self._typing_after)
        except TimeoutError:
            bot = self._app.bot
            await self._call(
                "sendChatAction",
                lambda: bot.send_chat_action(
                    message.chat_id, ChatAction.TYPING, message_thread_id=_thread(message)
                ),
            )
            return await work
        finally:
            work.cancel()  # a no-op once it is done; no orphan if this handler is cancelled

    async def _send(self, message: Message, reply: Reply) -> None:
        """Renders `reply` into the chat of `message`; in a group, as a reply to it."""
        if reply.outcome is Outcome.SILENT:
            return
        group = message.chat.type != ChatType.PRIVATE
        for number, (text, markup) in enumerate(render(reply)):
            await self._send_page(
                message.chat_id,
                text,
                markup,
                reply_to=message.message_id if group and number == 0 else None,
                thread=_thread(message),
            )

    async def _edit(self, message: Message, reply: Reply) -> None:
        """Turns `message` into `reply`; what does not fit follows as new messages."""
        pages = render(reply)
        if not pages:
            return
        first, markup = pages[0]
        await self._call(
            "editMessageText",
            lambda: message.edit_text(
                first,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            ),
        )
        for text, more in pages[1:]:
            await self._send_page(message.chat_id, text, more, thread=_thread(message))

    async def _send_to(self, chat_id: int, reply: Reply) -> None:
        for text, markup in render(reply):
            await self._send_page(chat_id, text, markup)

    async def _send_page(
        self,
        chat_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None,
        *,
        reply_to: int | None = None,
        thread: int | None = None,
    ) -> None:
        bot = self._app.bot
        await self._call(
            "sendMessage",
            lambda: bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
                message_thread_id=thread,
                reply_parameters=(
                    ReplyParameters(reply_to, allow_sending_without_reply=True)
                    if reply_to is not None
                    else None
                ),
            ),
        )

    async def _call(self, what: str, action: Callable[[], Awaitable[T]]) -> T | None:
        """Runs one Bot API call; retries a 5xx, timeout or dropped connection with backoff.

        A 429 never gets here unless the rate limiter's own retries ran out. Anything that
        still fails is logged with its reason and given up: the update is done with.
        """
        delay = self._send_backoff
        for attempt in range(1, self._send_attempts + 1):
            try:
                return await action()
            except BadRequest as exc:  # a NetworkError subclass, but retrying cannot help
                if "not modified" in exc.message:
                    return None  # the same button tapped twice: the message already says it
                log.warning("telegram: %s rejected: %s", what, exc.message)
                return None
            except NetworkError as exc:
                if attempt == self._send_attempts:
                    log.warning(
                        "telegram: %s failed after %d attempts: %s", what, attempt, exc.message
                    )
                    return None
                log.info("telegram: %s failed (%s); retrying in %.1fs", what, exc.message, delay)
                await asyncio.sleep(delay)
                delay *= 2
            except TelegramError as exc:  # Forbidden (blocked by the user), RetryAfter ...
                log.warning("telegram: %s failed: %s", what, exc.message)
                return None
        return None

    async def _register_commands(self) -> None:
        """setMyCommands in English and Russian; the admin commands only in the admins' chats."""
        specs = [s for s in self._service.commands() if s.command is not Command.FACT]
        scopes: list[tuple[str, BotCommandScope, list[CommandSpec]]] = [
            ("everyone", BotCommandScopeDefault(), [s for s in specs if not s.admin])
        ]
        for admin in self._service.admin_ids(PLATFORM):
            if admin.lstrip("-").isdigit():
                scopes.append((f"admin chat {admin}", BotCommandScopeChat(int(admin)), specs))
            else:
                log.warning("telegram: admin id %r is not a number; skipped", admin)
        bot = self._app.bot
        for who, scope, chosen in scopes:
            for lang, code in ((Lang.EN, None), (Lang.RU, Lang.RU.value)):
                commands = [
                    BotCommand(s.command.value, (s.description.get(lang) or s.command.value)[:256])
                    for s in chosen
                ]
                await self._call(
                    f"setMyCommands ({who}, {code or 'en'})",
                    partial(bot.set_my_commands, commands, scope=scope, language_code=code),
                )


class _PerChatOrder(BaseUpdateProcessor):
    """Runs updates concurrently across chats, but one at a time and in order within a chat."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _order_key(update)
        if key is None:
            await coroutine
            return
        lock, users = self._chats.get(key, (asyncio.Lock(), 0))
        self._chats[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._chats[key]
            if users == 1:
                del self._chats[key]
            else:
                self._chats[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _order_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None


def _chosen(query: CallbackQuery) -> Inbound:
    """A button press, as the core's `fact` command with the button's fact id."""
    chat = query.message.chat if query.message is not None else None
    return Inbound(
        text=query.data or "",
        platform=PLATFORM,
        chat=str(chat.id if chat else query.from_user.id),
        user=str(query.from_user.id),
        locale=query.from_user.language_code,
        mentioned=True,
        chat_kind=_chat_kind(chat.type if chat else ChatType.PRIVATE),
        command=Command.FACT,
    )


def _chat_kind(chat_type: str) -> ChatKind:
    return ChatKind.PRIVATE if chat_type == ChatType.PRIVATE else ChatKind.GROUP


def _thread(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _cut(text: str, entity: MessageEntity) -> str:
    """`text` without the span of `entity` (whose offsets count UTF-16 code units)."""
    raw = _utf16(text)
    start, end = 2 * entity.offset, 2 * (entity.offset + entity.length)
    return (raw[:start] + b" " + b"\x00" + raw[end:]).decode("utf-16-le")


def _after(text: str, entity: MessageEntity) -> str:
    """What follows `entity` in `text`: a command's argument."""
    return _utf16(text)[2 * (entity.offset + entity.length) :].decode("utf-16-le").strip()


def _log_poll_error(exc: TelegramError) -> None:
    """PTB retries getUpdates itself, with backoff; this only says why it is retrying."""
    log.warning("telegram: getUpdates failed (%s); retrying", exc.message)
