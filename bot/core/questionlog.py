"""The question log: who asked (as a salted hash), buffered in memory, flushed to the store in
the background, and purged once past `[log] retention_days`."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Callable

from bot.core.domain import Inbound, Lang, LoggedQuestion, Outcome, Reply
from bot.core.store import Store

# The service's logger name: what operators' log filters and the warnings metric already know.
log = logging.getLogger("bot.core.service")

MAX_LOG_BUFFER = 10_000
FLUSH_SECONDS = 1.0
PURGE_EVERY_SECONDS = 3600.0  # how often the flusher drops questions past [log] retention_days
STOP_WAIT_SECONDS = 5.0  # how long shutdown waits for a write in progress before cancelling it


def hash_user(salt: str, platform: str, user: str) -> str:
    """A user id as it is stored: salted, hashed, cut. `spacebot purge` recomputes it."""
    return hashlib.sha256(f"{salt}:{platform}:{user}".encode()).hexdigest()[:16]


class QuestionLog:
    def __init__(self, store: Store, retention_days: int, clock: Callable[[], float]) -> None:
        self._store = store
        self._retention_days = retention_days
        self._clock = clock
        self._buffer: list[LoggedQuestion] = []
        self._failing = False
        self._salt = ""
        self._flusher: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._last_purge = clock()

    async def open(self) -> None:
        """Read the salt and drop what is past retention: before the first question."""
        self._salt = await self._store.salt()  # random, made on first run, kept in the store
        await self.purge_expired()

    def start_flushing(self) -> None:
        self._stopping.clear()
        self._flusher = asyncio.create_task(self._flush_forever(), name="question-log-flusher")

    async def stop_flushing(self) -> None:
        """Stop the flusher once the write it is in has ended; the caller flushes the rest.

        Cancelling a write can leave SQLite committing it in aiosqlite's thread while the rows
        go back to the buffer, to be written twice. Only a write that hangs past
        STOP_WAIT_SECONDS is cancelled; its rows then go out with the final flush.
        """
        flusher, self._flusher = self._flusher, None
        if flusher is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(flusher), STOP_WAIT_SECONDS)
        except TimeoutError:
            flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flusher

    def user_hash(self, msg: Inbound) -> str:
        return hash_user(self._salt, msg.platform, msg.user)

    def record(self, msg: Inbound, lang: Lang, reply: Reply) -> None:
        self._buffer.append(
            LoggedQuestion(
                at=dt.datetime.now(dt.UTC),
                platform=msg.platform,
                chat_kind=msg.chat_kind,
                user_hash=self.user_hash(msg),
                lang=lang,
                text=msg.text[:500],
                outcome=reply.outcome,
                fact_id=reply.fact_id if reply.outcome is Outcome.ANSWER else None,
                score=reply.score,
            )
        )
        if len(self._buffer) > MAX_LOG_BUFFER:
            del self._buffer[: len(self._buffer) - MAX_LOG_BUFFER]

    async def flush(self) -> None:
        """Write the buffered question log. A failing store costs the log, never an answer."""
        rows, self._buffer = self._buffer, []
        if not rows:
            return
        try:
            await self._store.log_questions(rows)
        except BaseException as exc:  # any storage fault: keep answering from memory
            self._buffer[:0] = rows[-MAX_LOG_BUFFER:]
            if not isinstance(exc, Exception):
                raise  # cancelled mid-write (shutdown): the rows go out with the final flush
            if not self._failing:
                log.warning("question log: cannot write to the store (%s); will retry", exc)
            self._failing = True
        else:
            if self._failing:
                log.warning("question log: the store is writable again")
            self._failing = False

    async def _flush_forever(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), FLUSH_SECONDS)
            if self._stopping.is_set():
                return
            await self.flush()
            if self._clock() - self._last_purge >= PURGE_EVERY_SECONDS:
                await self.purge_expired()

    async def purge_expired(self) -> int:
        """Delete logged questions older than `[log] retention_days`; how many went."""
        self._last_purge = self._clock()  # a failing store is retried next period, not at once
        days = self._retention_days
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        try:
            purged = await self._store.purge_questions_before(cutoff)
        except Exception as exc:  # a storage fault: answering goes on, the purge waits
            log.warning("retention: cannot purge questions older than %d days (%s)", days, exc)
            return 0
        if purged:
            log.info("retention: purged %d question(s) older than %d days", purged, days)
        return purged
