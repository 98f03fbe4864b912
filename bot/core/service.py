"""The answer service: the one thing every adapter calls.

`handle` takes an `Inbound` and returns a `Reply`, for free text and for commands alike, so that
what users get (silence in groups, cooldowns, admin checks, language, follow-ups) is decided once,
here, and not in three adapters. The work itself is done by the parts it is built from:

- live.py: the revision being served, which all the others read;
- answering.py: a question to a reply, chat memory, the cooldown;
- commands.py: the commands anyone may use; admin.py: the admin commands and the audit log;
- reloading.py: which revision is live (startup, reload, rollback); accuracy.py and
  reload_report.py: what a dry run measures and how a report reads;
- questionlog.py: the question log, its flusher and retention; taught.py: /teach's examples.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from bot.core import phrases
from bot.core.accuracy import EVAL_FILE, AccuracyMeter
from bot.core.admin import UNLIMITED_PLATFORMS, AdminCommands
from bot.core.answering import MAX_CHATS, Answerer, ChatMemory, Cooldown, verdict
from bot.core.commands import UserCommands
from bot.core.domain import (
    ADMIN_COMMANDS,
    ChatKind,
    Command,
    CommandSpec,
    Inbound,
    Option,
    Outcome,
    ReloadReport,
    Reply,
)
from bot.core.live import Live, LiveFacts
from bot.core.questionlog import PURGE_EVERY_SECONDS, QuestionLog, hash_user
from bot.core.reload_report import format_report
from bot.core.reloading import FactsUnavailable, Reloader
from bot.core.store import Store
from bot.core.taught import WaitingWarning, example_owner, with_taught
from bot.core.text import detect_lang, locale_lang
from bot.settings import Settings

# Imported from here by the adapters, the CLI, export.py and the tests.
__all__ = [
    "PURGE_EVERY_SECONDS",
    "AnswerService",
    "FactsUnavailable",
    "example_owner",
    "format_report",
    "hash_user",
    "verdict",
    "with_taught",
]


class AnswerService:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        eval_file: Path | None = EVAL_FILE,
        max_chats: int = MAX_CHATS,  # chats remembered for follow-ups: tests use a few
    ) -> None:
        self._store = store
        self._live = LiveFacts(store, settings.matcher.max_input_chars)
        self._questions = QuestionLog(store, settings.log.retention_days, clock)
        self._cooldown = Cooldown(
            settings.cooldown.max_questions, settings.cooldown.window_seconds, clock
        )
        chats = ChatMemory(settings.context.ttl_seconds, clock, max_chats)
        self._answerer = Answerer(self._live, chats, self._questions, settings.matcher, clock)
        self._commands = UserCommands(self._live, chats, self._questions, clock)
        accuracy = AccuracyMeter(self._live, eval_file, settings.matcher, clock)
        self._reloader = Reloader(store, settings.facts, self._live, accuracy)
        self._waiting = WaitingWarning()
        # `self` for the reloads, so that a subclass's reload (ops.MeteredService) sees them all.
        self._admin = AdminCommands(
            store, settings.admins, settings.matcher, self._live, self._questions, self
        )

    # -- lifecycle ----------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        self._questions.start_flushing()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._questions.stop_flushing()
        await self._admin.cancel_signalled_reload()
        await self.flush()

    async def start(self) -> None:
        """Put facts/ live; if it is invalid, serve the store's last good revision."""
        await self._questions.open()
        await self._reloader.start()
        await self._warn_of_waiting_examples()

    @property
    def live(self) -> Live:
        return self._live.current

    @property
    def revision(self) -> int:
        return self.live.revision

    # -- what adapters ask for besides handle() -----------------------------------------

    def commands(self) -> tuple[CommandSpec, ...]:
        return phrases.COMMANDS

    def admin_ids(self, platform: str) -> tuple[str, ...]:
        return self._admin.admin_ids(platform)

    def grant_admin(self, platform: str, user: str) -> None:
        """Make a user an admin for this run (Discord's application owner and team)."""
        self._admin.grant_admin(platform, user)

    def is_admin(self, platform: str, user: str) -> bool:
        return self._admin.is_admin(platform, user)

    def suggest(self, text: str, locale: str | None, limit: int = 25) -> tuple[Option, ...]:
        """Known questions that best match a partly typed one (autocomplete)."""
        return self._answerer.suggest(text, locale, limit)

    def people(self, locale: str | None) -> tuple[Option, ...]:
        """The film's crew and cast, for a choice list: each with the fact about them."""
        return self._commands.people(locale)

    async def top_answers(self, text: str, locale: str | None, limit: int = 5) -> tuple[Reply, ...]:
        """The best few answers to a question, for inline results; none when out of scope."""
        return await self._answerer.top_answers(text, locale, limit)

    async def get_meta(self, key: str) -> str | None:
        return await self._store.get_meta(key)

    async def set_meta(self, key: str, value: str) -> None:
        await self._store.set_meta(key, value)

    # -- handle -------------------------------------------------------------------------

    async def handle(self, msg: Inbound) -> Reply:
        """Answer one message. Never raises for anything a user can type."""
        if msg.chat_kind is ChatKind.GROUP and not msg.mentioned and msg.command is None:
            return Reply(Outcome.SILENT, "")
        if msg.platform not in UNLIMITED_PLATFORMS:
            limited = self._cooldown.check(f"{msg.platform}:{msg.user}")
            if limited is not None:
                lang = detect_lang(msg.text[:200], msg.locale)
                text = phrases.say("cooldown", lang) if limited is Outcome.COOLDOWN else ""
                return Reply(limited, text, lang)
        if msg.command is not None and msg.command is not Command.ASK:
            return await self._command(msg)
        return await self._answerer.answer(msg)

    async def _command(self, msg: Inbound) -> Reply:
        cmd = msg.command
        assert cmd is not None  # handle() routes only commands here
        arg = msg.text.strip()
        lang = detect_lang(arg, msg.locale) if arg else locale_lang(msg.locale)
        if cmd in ADMIN_COMMANDS:
            return await self._admin.run(msg, cmd, arg, lang)
        return self._commands.run(msg, cmd, arg, lang)

    # -- reloading facts/ ---------------------------------------------------------------

    async def preview_reload(self) -> ReloadReport:
        """A dry run: what `/reload confirm` would change (works before `start` too)."""
        return await self._reloader.preview()

    async def confirm_reload(self, by: str) -> ReloadReport:
        """Apply facts/ if it is what the last dry run showed; otherwise show the new dry run."""
        return await self.reload(by, expected=self._reloader.pending or "")

    async def reload(self, by: str = "admin", *, expected: str | None = None) -> ReloadReport:
        """Re-read facts/ and put it live if valid; with `expected`, only if it is still that."""
        report = await self._reloader.reload(by, expected=expected)
        await self._warn_of_waiting_examples()
        return report

    async def rollback(self, by: str) -> ReloadReport | None:
        """Put back the revision that was live before this one; None when there is none."""
        report = await self._reloader.rollback(by)
        await self._warn_of_waiting_examples()
        return report

    async def _warn_of_waiting_examples(self) -> None:
        # Here, where the live facts/ revision changes, rather than in every rebuild of the
        # index (with_taught): a dry run or a /teach cannot leave an example without its fact.
        live = self._live.serving
        if live is not None:
            self._waiting.check(live.base, await self._store.taught())

    def reload_soon(self) -> None:
        """SIGHUP: reload facts/ now, as daemons do. The result goes to the log and the audit."""
        self._admin.reload_soon()

    # -- the question log ---------------------------------------------------------------

    async def flush(self) -> None:
        """Write the buffered question log. A failing store costs the log, never an answer."""
        await self._questions.flush()

    async def purge_expired(self) -> int:
        """Delete logged questions older than `[log] retention_days`; how many went."""
        return await self._questions.purge_expired()
