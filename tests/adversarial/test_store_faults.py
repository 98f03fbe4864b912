"""Store faults: a read-only database, a locked one, a full disk.

In each case answers keep flowing from memory, the question log degrades with one warning
(however many flushes fail), and when the fault clears the next automatic flush writes every
buffered row and says so once.

- read-only: `PRAGMA query_only` on the store's connection, which fails every write with
  SQLITE_READONLY the way a read-only file does (a file's mode does not stop root, which CI is,
  nor a connection that is already open);
- locked: another connection holds the write lock (BEGIN IMMEDIATE); the store's busy timeout is
  shortened so that each attempt fails in milliseconds instead of 5 s;
- disk full: the question-log INSERT fails with SQLITE_FULL's message, as it would on a full disk.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

import bot.core.questionlog as questionlog_module
from bot.core.domain import Command, Inbound, Outcome
from bot.core.service import AnswerService
from bot.core.store import SqliteStore
from tests.adversarial.harness import wait_until
from tests.conftest import MakeSettings


class Fault:
    def __init__(self, store: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.store = store
        self.monkeypatch = monkeypatch

    async def inject(self) -> None:
        raise NotImplementedError

    async def clear(self) -> None:
        raise NotImplementedError


class ReadOnly(Fault):
    async def inject(self) -> None:
        await self.store.db.execute("PRAGMA query_only = ON")

    async def clear(self) -> None:
        await self.store.db.execute("PRAGMA query_only = OFF")


class Locked(Fault):
    other: sqlite3.Connection | None = None

    async def inject(self) -> None:
        await self.store.db.execute("PRAGMA busy_timeout = 20")
        self.other = sqlite3.connect(self.store.path, isolation_level=None)
        self.other.execute("BEGIN IMMEDIATE")  # the write lock, held until clear()

    async def clear(self) -> None:
        assert self.other is not None
        self.other.execute("ROLLBACK")
        self.other.close()


class DiskFull(Fault):
    full = False

    async def inject(self) -> None:
        db = self.store.db
        for name in ("execute", "executemany"):
            original = getattr(db, name)
            self.monkeypatch.setattr(db, name, self._failing(original))
        self.full = True

    def _failing(self, original: Callable[..., Any]) -> Callable[..., Any]:
        """`original` (which returns aiosqlite's awaitable context manager), failing the log."""

        async def full() -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def call(sql: str, *args: Any, **kwargs: Any) -> Any:
            if self.full and sql.lstrip().upper().startswith("INSERT INTO QUESTIONS"):
                return full()
            return original(sql, *args, **kwargs)

        return call

    async def clear(self) -> None:
        self.full = False


FAULTS: dict[str, type[Fault]] = {"read-only": ReadOnly, "locked": Locked, "disk-full": DiskFull}
CANNOT_WRITE = "question log: cannot write to the store"
WRITABLE_AGAIN = "question log: the store is writable again"


def logged_rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM questions").fetchone()
    return int(count)


@asynccontextmanager
async def started(
    make_settings: MakeSettings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[SqliteStore, AnswerService, list[int]]]:
    """A store and a service flushing every 20 ms; the list counts the failed flushes."""
    monkeypatch.setattr(questionlog_module, "FLUSH_SECONDS", 0.02)
    settings = make_settings()
    failed = [0]
    async with SqliteStore(settings.store.path) as store:
        original = store.log_questions

        async def counting(rows: Any) -> None:
            try:
                await original(rows)
            except Exception:
                failed[0] += 1
                raise

        monkeypatch.setattr(store, "log_questions", counting)
        async with AnswerService(store, settings) as service:
            yield store, service, failed


def question(n: int) -> Inbound:
    return Inbound("who directed the film?", "telegram", chat=f"c{n}", user=f"u{n}")


@pytest.mark.parametrize("name", list(FAULTS))
async def test_a_store_fault_costs_the_log_one_warning_never_an_answer_and_heals_itself(
    make_settings: MakeSettings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    name: str,
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.core.service")
    async with started(make_settings, monkeypatch) as (store, service, failed):
        assert (await service.handle(question(0))).outcome is Outcome.ANSWER
        await wait_until(lambda: logged_rows(store.path) == 1, 5, "the first row written")

        fault = FAULTS[name](store, monkeypatch)
        await fault.inject()
        asked = 1
        for _ in range(3):  # questions between several failing flushes: all answered
            before = failed[0]
            for _ in range(10):
                reply = await service.handle(question(asked))
                assert reply.outcome is Outcome.ANSWER
                assert "Shipenko" in reply.text
                asked += 1
            await wait_until(lambda: failed[0] > before, 5, "a failed flush")  # noqa: B023
        assert logged_rows(store.path) == 1
        warnings = [r.getMessage() for r in caplog.records]
        assert sum(CANNOT_WRITE in w for w in warnings) == 1, warnings

        await fault.clear()
        await wait_until(lambda: logged_rows(store.path) == asked, 5, "the buffered rows written")
        warnings = [r.getMessage() for r in caplog.records]
        assert sum(WRITABLE_AGAIN in w for w in warnings) == 1, warnings
        # And the store serves the admin again: /stats counts every question.
        admin = Inbound("", "console", "console", "console", command=Command.STATS)
        stats = await service.handle(admin)
        assert f"telegram {asked}" in stats.text
    assert sum(CANNOT_WRITE in r.getMessage() for r in caplog.records) == 1


@pytest.mark.parametrize("first_write", ["hangs", "lingers after its commit"])
async def test_stopping_in_the_middle_of_a_flush_loses_no_row_and_writes_none_twice(
    make_settings: MakeSettings, monkeypatch: pytest.MonkeyPatch, first_write: str
) -> None:
    """Shutdown waits for the write in progress: cancelling it after SQLite committed put the
    rows back in the buffer for the final flush to write again. Only a write that hangs is
    cancelled, and its rows go out with the final flush."""
    monkeypatch.setattr(questionlog_module, "FLUSH_SECONDS", 0.01)
    monkeypatch.setattr(questionlog_module, "STOP_WAIT_SECONDS", 0.2)
    settings = make_settings()
    writing = asyncio.Event()
    async with SqliteStore(settings.store.path) as store:
        original = store.log_questions
        calls = 0

        async def slow_first_write(rows: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == 1 and first_write == "hangs":
                writing.set()
                await asyncio.Event().wait()  # cancelled here, as by shutdown mid-write
            await original(rows)
            if calls == 1:
                writing.set()
                await asyncio.sleep(0.1)  # committed, but still "in" the write at shutdown

        monkeypatch.setattr(store, "log_questions", slow_first_write)
        async with AnswerService(store, settings) as service:
            for n in range(5):
                await service.handle(question(n))
            await asyncio.wait_for(writing.wait(), 5)
            await service.handle(question(5))  # buffered while the first write goes on
    assert logged_rows(settings.store.path) == 6
