"""Privacy: user ids only as salted hashes, question text kept for the retention period, and one
person's rows deleted on request."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from bot.app import open_service
from bot.core.domain import ChatKind, Command, Inbound, Lang, LoggedQuestion, Outcome
from bot.core.service import PURGE_EVERY_SECONDS, AnswerService, hash_user
from bot.core.store import SqliteStore
from bot.settings import Settings
from tests.conftest import MakeSettings

ASKER = "987654321"  # a Telegram user
ADMIN = "700100200"  # a Telegram admin
OTHER = "555666777"


def ask(text: str, user: str = ASKER) -> Inbound:
    return Inbound(text=text, platform="telegram", chat=f"chat-{user}", user=user)


def admin(command: Command, text: str = "", user: str = ADMIN) -> Inbound:
    return Inbound(text=text, platform="telegram", chat="admins", user=user, command=command)


@pytest.fixture
def settings(make_settings: MakeSettings) -> Settings:
    return make_settings(admins={"telegram": [int(ADMIN)]})


def raw_bytes(path: Path) -> bytes:
    """Everything SQLite keeps on disk for the store: the file and its write-ahead log."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def question(text: str, at: dt.datetime, user_hash: str = "someone") -> LoggedQuestion:
    return LoggedQuestion(at, "telegram", ChatKind.PRIVATE, user_hash, Lang.EN, text,
                          Outcome.FALLBACK, None, 10.0)  # fmt: skip


async def texts(path: Path) -> set[str]:
    async with SqliteStore(path) as store, store.db.execute("SELECT text FROM questions") as cur:
        return {str(r[0]) for r in await cur.fetchall()}


# -- salted hashes ------------------------------------------------------------------------------


async def test_the_salt_is_random_made_on_first_run_and_kept_in_the_store(
    make_settings: MakeSettings, tmp_path: Path
) -> None:
    first = make_settings()
    assert not first.store.path.exists()
    async with open_service(first):
        pass
    with sqlite3.connect(first.store.path) as db:
        [(salt,)] = db.execute("SELECT value FROM meta WHERE key = 'user_salt'").fetchall()
    assert re.fullmatch(r"[0-9a-f]{32}", salt)
    async with open_service(first):
        pass
    with sqlite3.connect(first.store.path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'user_salt'").fetchall() == [(salt,)]
    other = make_settings(store={"path": tmp_path / "other.sqlite3"})
    async with open_service(other):
        pass
    with sqlite3.connect(other.store.path) as db:
        [(another,)] = db.execute("SELECT value FROM meta WHERE key = 'user_salt'").fetchall()
    assert another != salt


async def test_user_ids_reach_the_store_only_as_salted_hashes(settings: Settings) -> None:
    async with open_service(settings) as service:
        await service.handle(ask("what's the weather in Paris?"))
        await service.handle(admin(Command.TEACH, "film-director zorblat flimflam wibble?"))
        await service.handle(admin(Command.STATS, user=OTHER))  # refused, and audited
        await service.flush()
    async with SqliteStore(settings.store.path) as store:
        salt = await store.salt()
        async with store.db.execute("SELECT user_hash FROM questions") as cur:
            logged = {r[0] for r in await cur.fetchall()}
        [taught] = await store.taught()
        audited = {e.user_hash for e in await store.audit(10)}
    assert logged == {hash_user(salt, "telegram", ASKER)}
    assert taught.user_hash == hash_user(salt, "telegram", ADMIN)
    assert audited == {hash_user(salt, "telegram", ADMIN), hash_user(salt, "telegram", OTHER)}
    stored = raw_bytes(settings.store.path)
    for raw_id in (ASKER, ADMIN, OTHER):
        assert raw_id.encode() not in stored


# -- retention ----------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [30, 7])
async def test_questions_past_the_retention_period_are_purged_at_startup(
    make_settings: MakeSettings, days: int
) -> None:
    settings = make_settings(log={"retention_days": days})
    now = dt.datetime.now(dt.UTC)
    async with SqliteStore(settings.store.path) as store:
        await store.log_questions([
            question("expired long ago", now - dt.timedelta(days=days + 30)),
            question("just expired", now - dt.timedelta(days=days, minutes=5)),
            question("still kept", now - dt.timedelta(days=days - 1)),
            question("asked today", now),
        ])  # fmt: skip
    async with open_service(settings):
        pass
    assert await texts(settings.store.path) == {"still kept", "asked today"}


async def test_the_running_service_purges_expired_questions_once_an_hour(
    settings: Settings,
) -> None:
    clock = [1000.0]
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.log.retention_days + 1)
    async with (
        SqliteStore(settings.store.path) as store,
        AnswerService(store, settings, clock=lambda: clock[0]),
    ):
        await store.log_questions([question("expired while running", old)])
        await asyncio.sleep(1.5)  # the flusher has run, but an hour has not passed
        assert await texts(settings.store.path) == {"expired while running"}
        clock[0] += PURGE_EVERY_SECONDS
        for _ in range(100):
            if not await texts(settings.store.path):
                break
            await asyncio.sleep(0.05)
        assert await texts(settings.store.path) == set()


async def test_a_store_that_cannot_purge_costs_a_warning_not_the_service(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    async with open_service(settings) as service:
        async with SqliteStore(settings.store.path) as store:
            await store.db.execute("DROP TABLE questions")  # what the purge deletes from is gone
        with caplog.at_level("WARNING"):
            assert await service.purge_expired() == 0
        reply = await service.handle(ask("who directed the film?"))
    assert "retention: cannot purge questions older than 30 days" in caplog.text
    assert reply.fact_id == "film-director"


# -- purging one person -------------------------------------------------------------------------


async def test_purge_user_deletes_that_persons_rows_everywhere_and_no_one_elses(
    settings: Settings, facts_dir: Path
) -> None:
    async with open_service(settings) as service:
        await service.handle(ask("my secret question about mars", user=ADMIN))
        await service.handle(ask("another person's question about venus", user=OTHER))
        await service.handle(admin(Command.TEACH, "film-director zorblat flimflam wibble?"))
        film = facts_dir / "film.toml"
        film.write_text(
            film.read_text(encoding="utf-8").replace(
                "Klim Shipenko directed", "Klim Shipenko [x] directed"
            )
        )
        await service.handle(admin(Command.RELOAD))
        await service.handle(admin(Command.RELOAD, "confirm"))  # revision 2, loaded by ADMIN
        await service.handle(admin(Command.AUDIT, user=OTHER))
        await service.flush()
    async with SqliteStore(settings.store.path) as store:
        salt = await store.salt()
        mine, theirs = (hash_user(salt, "telegram", u) for u in (ADMIN, OTHER))
        counts = await store.purge_user("telegram", mine)
        [(loaded_by,)] = await (await store.db.execute(
            "SELECT loaded_by FROM revisions WHERE id = 2")).fetchall()  # fmt: skip
        left = {e.user_hash for e in await store.audit(50)}
        async with store.db.execute("SELECT user_hash, text FROM questions") as cur:
            questions = [tuple(r) for r in await cur.fetchall()]
        taught = await store.taught()
    assert (counts.questions, counts.taught) == (1, 1)
    assert counts.audit == 3  # teach, reload, reload confirm; OTHER's refused /audit stays
    assert questions == [(theirs, "another person's question about venus")]
    assert taught == []
    assert left == {theirs}
    assert loaded_by == "purged"
    assert b"my secret question about mars" not in raw_bytes(settings.store.path)


async def test_purging_someone_never_seen_deletes_nothing(settings: Settings) -> None:
    async with open_service(settings) as service:
        await service.handle(ask("what's the weather in Paris?"))
        await service.flush()
    async with SqliteStore(settings.store.path) as store:
        counts = await store.purge_user("telegram", hash_user(await store.salt(), "telegram", "1"))
    assert (counts.questions, counts.taught, counts.audit) == (0, 0, 0)
    assert await texts(settings.store.path) == {"what's the weather in Paris?"}
