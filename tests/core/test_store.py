"""The SQLite store: migrations, revisions round-trip, and a question log that keeps no raw ids."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from bot.core.domain import (
    AuditEntry,
    ChatKind,
    Confidence,
    Entity,
    Fact,
    FactKind,
    FactSet,
    Lang,
    LoggedQuestion,
    Outcome,
    Topic,
)
from bot.core.facts import load_facts
from bot.core.store import MIGRATIONS, SqliteStore
from tests.bench import synthetic_facts
from tests.conftest import REPO


def row(text: str = "who directed it?", outcome: Outcome = Outcome.ANSWER) -> LoggedQuestion:
    return LoggedQuestion(
        at=dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC),
        platform="telegram",
        chat_kind=ChatKind.GROUP,
        user_hash="abc123",
        lang=Lang.EN,
        text=text,
        outcome=outcome,
        fact_id="film-director" if outcome is Outcome.ANSWER else None,
        score=91.0,
    )


async def test_a_new_database_is_created_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "var" / "bot.sqlite3"
    async with SqliteStore(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"facts", "entities", "revisions", "questions", "meta"} <= tables


async def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    async with SqliteStore(path) as store:
        await store.set_meta("k", "v")
    async with SqliteStore(path) as store:
        assert await store.get_meta("k") == "v"


async def test_a_database_from_a_newer_spacebot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="newer than this spacebot knows"):
        async with SqliteStore(path):
            pass


async def test_a_revision_round_trips_exactly(tmp_path: Path) -> None:
    factset = load_facts(REPO / "facts").factset
    assert factset is not None
    async with SqliteStore(tmp_path / "bot.sqlite3") as store:
        assert await store.live_revision() is None
        rev = await store.save_revision(factset, "test")
        live = await store.live_revision()
    assert live is not None
    assert live[0] == rev
    assert live[1] == factset


async def test_a_revision_of_awkward_text_round_trips_exactly(tmp_path: Path) -> None:
    """Rows go to SQLite as JSON: quotes, backslashes, control characters, astral characters,
    NULLs and empty lists must come back as they went in."""
    odd = 'a "quoted" \\ back\\slash\n\ttab \u0001 ё 😀 \u2028 end'
    fact = Fact(
        id="odd", topic="t", kind=FactKind.SMALLTALK, confidence=Confidence.LOW,
        questions={Lang.EN: (odd, "two"), Lang.RU: ()}, answer={Lang.EN: odd, Lang.RU: "да"},
        keywords=(), entities=("e",), sources=(odd,), verified=dt.date(2021, 10, 5),
        file="facts/odd.toml", line=2**40,
    )  # fmt: skip
    entity = Entity(id="e", kind="person", name={Lang.EN: odd, Lang.RU: "и"}, aliases=(odd,))
    topics = (Topic("t", {Lang.EN: odd, Lang.RU: "т"}), Topic("u", {Lang.EN: "u", Lang.RU: "у"},
              "odd", ("odd", "x")))  # fmt: skip
    factset = FactSet((fact,), (entity,), topics, "hash")
    async with SqliteStore(tmp_path / "bot.sqlite3") as store:
        rev = await store.save_revision(factset, "test")
        assert await store.read_revision(rev) == factset


async def test_questions_are_stored_as_json_dumps_writes_them(tmp_path: Path) -> None:
    """Questions with nothing to escape are quoted as they are, the others encoded: either way
    the stored text is json.dumps's to the byte, whichever way a fact's questions go."""
    plain = ("Who directed it?", "Кто режиссёр «Вызова»?")
    cases = [plain, ('say "hi"', "x"), ("back\\slash",), ("line\nbreak",), ("\u2028", "a"), ()]

    def fact(i: int, questions: tuple[str, ...]) -> Fact:
        return Fact(
            id=f"f{i}", topic="t", kind=FactKind.SMALLTALK,
            questions={Lang.EN: questions, Lang.RU: plain}, answer={Lang.EN: "a", Lang.RU: "б"},
            keywords=(), entities=(), sources=(), verified=dt.date(2021, 10, 5),
        )  # fmt: skip

    facts = tuple(fact(i, qs) for i, qs in enumerate(cases))
    factset = FactSet(facts, (), (Topic("t", {Lang.EN: "t", Lang.RU: "т"}),), "hash")
    async with SqliteStore(tmp_path / "bot.sqlite3") as store:
        rev = await store.save_revision(factset, "test")
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        stored = db.execute(
            "SELECT questions_en, questions_ru FROM facts WHERE revision = ? ORDER BY rowid", (rev,)
        ).fetchall()
    assert stored == [(json.dumps(list(qs), ensure_ascii=False),
                       json.dumps(list(plain), ensure_ascii=False)) for qs in cases]  # fmt: skip


async def test_a_revision_saved_not_live_goes_live_or_is_discarded(tmp_path: Path) -> None:
    factset = load_facts(REPO / "facts").factset
    assert factset is not None
    async with SqliteStore(tmp_path / "bot.sqlite3") as store:
        first = await store.save_revision(factset, "test")
        second = await store.save_revision(factset, "test", live=False)
        assert await store.get_meta("live_revision") == str(first)
        await store.discard_revision(second)
        with pytest.raises(LookupError):
            await store.read_revision(second)
        with pytest.raises(ValueError, match="is live"):
            await store.discard_revision(first)
        third = await store.save_revision(factset, "test", live=False)
        await store.set_live_revision(third)
        assert await store.previous_revision(third) == first
        live = await store.live_revision()
        with pytest.raises(ValueError, match="was live"):
            await store.discard_revision(first)
    assert live == (third, factset)


async def test_the_question_log_caps_text_and_counts_outcomes(tmp_path: Path) -> None:
    async with SqliteStore(tmp_path / "bot.sqlite3") as store:
        await store.log_questions([row("x" * 2000), row("weather?", Outcome.FALLBACK)])
        stats = await store.stats()
        unanswered = await store.unanswered(10)
        async with store.db.execute("SELECT length(text) FROM questions ORDER BY id") as cur:
            lengths = [r[0] for r in await cur.fetchall()]
    assert lengths == [500, 8]
    assert stats.by_outcome == {"answer": 1, "fallback": 1}
    assert stats.by_platform == {"telegram": 2}
    assert stats.top_facts == (("film-director", 1),)
    assert [(m.text, m.outcome) for m in unanswered] == [("weather?", Outcome.FALLBACK)]


async def test_the_salt_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    async with SqliteStore(path) as store:
        first = await store.salt()
    async with SqliteStore(path) as store:
        assert await store.salt() == first
    assert len(first) == 32


async def test_a_version_1_store_migrates_forward_and_keeps_its_rollback_chain(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(f"BEGIN; {MIGRATIONS[0]} PRAGMA user_version = 1; COMMIT;")
        for _ in range(3):
            db.execute(
                "INSERT INTO revisions (content_hash, loaded_at, loaded_by, n_facts, n_entities,"
                " n_examples) VALUES ('h', '2026-01-01T00:00:00+00:00', 'startup', 0, 0, 0)"
            )
        db.execute("INSERT INTO meta VALUES ('live_revision', '3')")
    async with SqliteStore(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
        chain = [await store.previous_revision(rev) for rev in (3, 2, 1)]
        assert await store.taught() == []
        assert await store.audit(10) == []
    assert chain == [2, 1, None]


async def test_a_large_revision_keeps_the_order_of_its_facts_and_questions(
    tmp_path: Path,
) -> None:
    """Rows go in as they are made, not as one batch held whole: a revision of a few thousand
    facts reads back whole, its facts and each fact's questions in their order."""
    shipped = load_facts(REPO / "facts").factset
    assert shipped is not None
    extra = synthetic_facts(10 * 2001)
    factset = FactSet(shipped.facts + tuple(extra), shipped.entities, shipped.topics, "hash")
    async with SqliteStore(tmp_path / "bot.sqlite3") as store:
        rev = await store.save_revision(factset, "test")
        assert await store.read_revision(rev) == factset


async def test_a_version_2_store_keeps_its_revisions_questions_in_order(tmp_path: Path) -> None:
    """Version 3 keeps a fact's questions in its row: the rows of the old examples table move
    there, each list in `position` order whatever order the rows were written in."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(f"BEGIN; {MIGRATIONS[0]} {MIGRATIONS[1]} PRAGMA user_version = 2; COMMIT;")
        db.execute(
            "INSERT INTO revisions (content_hash, loaded_at, loaded_by, n_facts, n_entities,"
            " n_examples) VALUES ('h', '2026-01-01T00:00:00+00:00', 'startup', 2, 0, 5)"
        )
        for fact in ("b-fact", "a-fact"):
            db.execute(
                "INSERT INTO facts VALUES (1, ?, 'film', 'fact', 'high', '2026-01-01', 'A', 'О',"
                " '[]', '[]', '[\"https://example.org/\"]', 'film.toml', 1)",
                (fact,),
            )
        db.executemany(
            "INSERT INTO examples VALUES (1, ?, ?, ?, ?)",
            [("b-fact", "ru", 1, "второй?"), ("b-fact", "en", 2, "third?"),
             ("b-fact", "en", 0, "first?"), ("b-fact", "ru", 0, "первый?"),
             ("b-fact", "en", 1, "second?")],
        )  # fmt: skip
        db.execute("INSERT INTO meta VALUES ('live_revision', '1')")
    async with SqliteStore(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
        factset = await store.read_revision(1)
    assert [f.id for f in factset.facts] == ["b-fact", "a-fact"]
    assert factset.facts[0].questions == {
        Lang.EN: ("first?", "second?", "third?"),
        Lang.RU: ("первый?", "второй?"),
    }
    assert factset.facts[1].questions == {Lang.EN: (), Lang.RU: ()}
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "examples" not in tables


async def test_writes_made_while_a_revision_is_being_saved_wait_for_it(tmp_path: Path) -> None:
    """A reload's revision is written over many awaits: a question-log flush, a meta or an
    audit row arriving meanwhile must neither join its transaction nor roll it back."""
    factset = load_facts(REPO / "facts").factset
    assert factset is not None
    entry = AuditEntry(dt.datetime(2026, 11, 24, tzinfo=dt.UTC), "cli", "u", "reload", "", "ok")
    async with SqliteStore(tmp_path / "bot.sqlite3") as store:
        saving = asyncio.ensure_future(store.save_revision(factset, "test", live=False))
        # Until the revision's transaction is open: bounded in time, not in turns of the loop,
        # which a loaded machine (make test beside other work) ran through before SQLite began.
        deadline = asyncio.get_running_loop().time() + 10.0
        while not store.db.in_transaction and not saving.done():
            assert asyncio.get_running_loop().time() < deadline, "the save never began"
            await asyncio.sleep(0)
        assert store.db.in_transaction, "the save ended before a write could arrive during it"
        await asyncio.gather(
            store.log_questions([row()]), store.set_meta("k", "v"), store.add_audit(entry)
        )
        assert await store.read_revision(await saving) == factset
        assert (await store.stats()).by_outcome == {"answer": 1}
        assert await store.get_meta("k") == "v"
        assert len(await store.audit(10)) == 1
