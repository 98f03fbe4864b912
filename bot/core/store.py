"""The SQLite store: every facts revision, the question log, taught examples, the audit log.

One `SqliteStore` owns one aiosqlite connection; everything else talks to it through the
`Store` protocol. facts/ is the source of truth: a revision here is a copy of what was valid,
kept so that the bot can serve it when facts/ is broken at startup.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, Protocol, Self, TypeVar

import aiosqlite

from bot.core.domain import (
    AuditEntry,
    Confidence,
    Entity,
    Fact,
    FactKind,
    FactSet,
    Lang,
    LoggedQuestion,
    MissedQuestion,
    Outcome,
    PurgeCounts,
    Stats,
    TaughtExample,
    Topic,
)

MAX_LOGGED_TEXT = 500
MISSED = (Outcome.FALLBACK.value, Outcome.CLARIFY.value)


class Store(Protocol):
    async def live_revision(self) -> tuple[int, FactSet] | None: ...
    async def save_revision(
        self, factset: FactSet, loaded_by: str, *, live: bool = True
    ) -> int: ...
    async def discard_revision(self, rev: int) -> None: ...
    async def read_revision(self, rev: int) -> FactSet: ...
    async def previous_revision(self, rev: int) -> int | None: ...
    async def set_live_revision(self, rev: int) -> None: ...
    async def log_questions(self, rows: Sequence[LoggedQuestion]) -> None: ...
    async def stats(self) -> Stats: ...
    async def unanswered(self, limit: int) -> list[MissedQuestion]: ...
    async def add_taught(self, example: TaughtExample) -> None: ...
    async def taught(self) -> list[TaughtExample]: ...
    async def add_audit(self, entry: AuditEntry) -> None: ...
    async def audit(self, limit: int) -> list[AuditEntry]: ...
    async def purge_questions_before(self, cutoff: dt.datetime) -> int: ...
    async def purge_user(self, platform: str, user_hash: str) -> PurgeCounts: ...
    async def salt(self) -> str: ...
    async def get_meta(self, key: str) -> str | None: ...
    async def set_meta(self, key: str, value: str) -> None: ...
    async def delete_meta(self, key: str) -> None: ...


# Forward-only migrations: MIGRATIONS[i] takes the schema from version i to i + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        content_hash TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        loaded_by TEXT NOT NULL,
        n_facts INTEGER NOT NULL,
        n_entities INTEGER NOT NULL,
        n_examples INTEGER NOT NULL
    );
    CREATE TABLE topics (
        revision INTEGER NOT NULL REFERENCES revisions(id),
        id TEXT NOT NULL,
        title_en TEXT NOT NULL,
        title_ru TEXT NOT NULL,
        summary TEXT,
        featured TEXT NOT NULL,
        PRIMARY KEY (revision, id)
    );
    CREATE TABLE facts (
        revision INTEGER NOT NULL REFERENCES revisions(id),
        id TEXT NOT NULL,
        topic TEXT NOT NULL,
        kind TEXT NOT NULL,
        confidence TEXT NOT NULL,
        verified TEXT NOT NULL,
        answer_en TEXT NOT NULL,
        answer_ru TEXT NOT NULL,
        keywords TEXT NOT NULL,
        entities TEXT NOT NULL,
        sources TEXT NOT NULL,
        file TEXT NOT NULL,
        line INTEGER NOT NULL,
        PRIMARY KEY (revision, id)
    );
    CREATE TABLE examples (
        revision INTEGER NOT NULL REFERENCES revisions(id),
        fact_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        position INTEGER NOT NULL,
        question TEXT NOT NULL
    );
    CREATE INDEX examples_by_revision ON examples (revision, fact_id);
    CREATE TABLE entities (
        revision INTEGER NOT NULL REFERENCES revisions(id),
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        name_en TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        aliases TEXT NOT NULL,
        fact TEXT,
        gender TEXT,
        role TEXT,
        PRIMARY KEY (revision, id)
    );
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        platform TEXT NOT NULL,
        chat_kind TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        outcome TEXT NOT NULL,
        fact_id TEXT,
        score REAL NOT NULL
    );
    CREATE INDEX questions_by_outcome ON questions (outcome, at);
    """,
    # 1 -> 2: /teach and the audit log; indexes for retention and `spacebot purge --user`;
    # each revision remembers the one live before it, which is where a rollback returns.
    """
    ALTER TABLE revisions ADD COLUMN previous INTEGER REFERENCES revisions(id);
    UPDATE revisions SET previous = (SELECT MAX(r.id) FROM revisions r WHERE r.id < revisions.id);
    CREATE TABLE taught (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        platform TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        question TEXT NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        platform TEXT NOT NULL,
        user_hash TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        result TEXT NOT NULL
    );
    CREATE INDEX audit_by_user ON audit (user_hash);
    CREATE INDEX taught_by_user ON taught (user_hash);
    CREATE INDEX questions_by_user ON questions (user_hash);
    CREATE INDEX questions_by_time ON questions (at);
    """,
    # 2 -> 3: a fact's example questions are kept in its row, as JSON arrays like its other
    # lists. A row per question took two thirds of the time of writing a 10k-fact revision.
    # The window keeps each list in `position` order, which an ordered subquery would not promise.
    """
    ALTER TABLE facts ADD COLUMN questions_en TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE facts ADD COLUMN questions_ru TEXT NOT NULL DEFAULT '[]';
    CREATE TEMP TABLE listed AS SELECT DISTINCT revision, fact_id, lang,
        json_group_array(question) OVER (PARTITION BY revision, fact_id, lang ORDER BY position
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS questions
        FROM examples;
    CREATE INDEX temp.listed_by_fact ON listed (revision, fact_id, lang);
    UPDATE facts SET
        questions_en = coalesce((SELECT questions FROM listed l WHERE l.revision = facts.revision
            AND l.fact_id = facts.id AND l.lang = 'en'), '[]'),
        questions_ru = coalesce((SELECT questions FROM listed l WHERE l.revision = facts.revision
            AND l.fact_id = facts.id AND l.lang = 'ru'), '[]');
    DROP TABLE listed;
    DROP TABLE examples;
    """,
)


def _stamp(at: dt.datetime) -> str:
    """Times are stored as UTC ISO text, so that comparing the text compares the times."""
    return at.astimezone(dt.UTC).isoformat(timespec="seconds")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_write(
    method: Callable[Concatenate[SqliteStore, _P], Awaitable[_R]],
) -> Callable[Concatenate[SqliteStore, _P], Coroutine[Any, Any, _R]]:
    """The method writes: it waits for the write in progress, if any (see _writing)."""

    async def one_at_a_time(self: SqliteStore, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        async with self._writing:
            return await method(self, *args, **kwargs)

    one_at_a_time.__name__, one_at_a_time.__doc__ = method.__name__, method.__doc__
    return one_at_a_time


class SqliteStore:
    """The only owner of the database connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: aiosqlite.Connection | None = None
        # One write at a time: the connection has one transaction, and a revision is written
        # over many awaits. A flush or a meta write arriving meanwhile joined it (and committed
        # half a revision) or, with its own BEGIN refused, rolled it back.
        self._writing = asyncio.Lock()

    async def __aenter__(self) -> Self:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly where several writes belong together.
        self._db = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            await self._db.execute("PRAGMA journal_mode=WAL")
            await self._db.execute("PRAGMA synchronous=NORMAL")
            await self._db.execute("PRAGMA foreign_keys=ON")
            # Deleted rows (retention, `purge --user`) are overwritten, not left in free pages.
            await self._db.execute("PRAGMA secure_delete=ON")
            await self._migrate()
        except BaseException:
            # __aexit__ will not run when __aenter__ fails: close here, or its thread lingers.
            await self._db.close()
            self._db = None
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("the store is not open: use `async with SqliteStore(...)`")
        return self._db

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise RuntimeError(
                f"{self.path}: schema version {version} is newer than this spacebot knows "
                f"({len(MIGRATIONS)}); upgrade spacebot or point [store] path elsewhere"
            )
        for target in range(version, len(MIGRATIONS)):
            await self.db.executescript(
                f"BEGIN; {MIGRATIONS[target]} PRAGMA user_version = {target + 1}; COMMIT;"
            )

    # -- metadata -----------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        async with self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row else None

    @_one_write
    async def set_meta(self, key: str, value: str) -> None:
        await self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        await self.db.commit()

    @_one_write
    async def delete_meta(self, key: str) -> None:
        await self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
        await self.db.commit()

    async def salt(self) -> str:
        """The salt for hashing user ids: made once, on first use, and kept."""
        salt = await self.get_meta("user_salt")
        if salt is None:
            salt = secrets.token_hex(16)
            await self.set_meta("user_salt", salt)
        return salt

    # -- revisions ----------------------------------------------------------------------

    @_one_write
    async def save_revision(self, factset: FactSet, loaded_by: str, *, live: bool = True) -> int:
        """Write a complete revision in one transaction and make it the live one.

        With live=False it is written but not put live: a reload builds its index meanwhile,
        then calls set_live_revision, or discard_revision if the build failed.
        """
        db = self.db
        n_examples = sum(len(qs) for f in factset.facts for qs in f.questions.values())
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        previous = await self.get_meta("live_revision")
        await db.execute("BEGIN")
        try:
            cur = await db.execute(
                "INSERT INTO revisions (content_hash, loaded_at, loaded_by, n_facts,"
                " n_entities, n_examples, previous) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (factset.content_hash, now, loaded_by, len(factset.facts),
                 len(factset.entities), n_examples, int(previous) if previous else None),
            )  # fmt: skip
            rev = cur.lastrowid
            assert rev is not None  # an INSERT into an AUTOINCREMENT table sets it
            for insert, rows in _revision_rows(rev, factset):
                await db.executemany(insert, rows)
            if live:
                await db.execute(
                    "INSERT INTO meta (key, value) VALUES ('live_revision', ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (str(rev),),
                )
            await db.commit()
        except BaseException:
            await db.rollback()
            raise
        return rev

    @_one_write
    async def discard_revision(self, rev: int) -> None:
        """Delete a revision saved with live=False that never went live (its build failed)."""
        if await self.get_meta("live_revision") == str(rev):
            raise ValueError(f"revision {rev} is live")
        db = self.db
        await db.execute("BEGIN")
        try:
            async with db.execute("SELECT 1 FROM revisions WHERE previous = ?", (rev,)) as cur:
                if await cur.fetchone() is not None:
                    raise ValueError(f"revision {rev} was live: a later one returns to it")
            for table in ("topics", "facts", "entities"):
                await db.execute(f"DELETE FROM {table} WHERE revision = ?", (rev,))
            await db.execute("DELETE FROM revisions WHERE id = ?", (rev,))
            await db.commit()
        except BaseException:
            await db.rollback()
            raise

    async def live_revision(self) -> tuple[int, FactSet] | None:
        live = await self.get_meta("live_revision")
        if live is None:
            return None
        rev = int(live)
        return rev, await self.read_revision(rev)

    async def previous_revision(self, rev: int) -> int | None:
        """The revision that was live when `rev` was put live, if any: where a rollback goes."""
        async with self.db.execute("SELECT previous FROM revisions WHERE id = ?", (rev,)) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row and row[0] is not None else None

    async def set_live_revision(self, rev: int) -> None:
        """Make a stored revision the live one (a rollback): nothing is deleted."""
        async with self.db.execute("SELECT 1 FROM revisions WHERE id = ?", (rev,)) as cur:
            if await cur.fetchone() is None:
                raise LookupError(f"no facts revision {rev} in {self.path}")
        await self.set_meta("live_revision", str(rev))

    async def read_revision(self, rev: int) -> FactSet:
        db = self.db
        async with db.execute(
            "SELECT content_hash FROM revisions WHERE id = ?", (rev,)
        ) as cur:  # fmt: skip
            row = await cur.fetchone()
        if row is None:
            raise LookupError(f"no facts revision {rev} in {self.path}")
        content_hash = str(row[0])
        facts: list[Fact] = []
        async with db.execute(
            "SELECT id, topic, kind, confidence, verified, answer_en, answer_ru, keywords,"
            " entities, sources, file, line, questions_en, questions_ru FROM facts"
            " WHERE revision = ? ORDER BY rowid",
            (rev,),
        ) as cur:
            async for r in cur:
                facts.append(
                    Fact(
                        id=r[0], topic=r[1], kind=FactKind(r[2]), confidence=Confidence(r[3]),
                        verified=dt.date.fromisoformat(r[4]),
                        answer={Lang.EN: r[5], Lang.RU: r[6]},
                        keywords=tuple(_json_list(r[7])), entities=tuple(_json_list(r[8])),
                        sources=tuple(_json_list(r[9])), file=r[10], line=r[11],
                        questions={Lang.EN: tuple(_json_list(r[12])),
                                   Lang.RU: tuple(_json_list(r[13]))},
                    )
                )  # fmt: skip
        entities: list[Entity] = []
        async with db.execute(
            "SELECT id, kind, name_en, name_ru, aliases, fact, gender, role FROM entities"
            " WHERE revision = ? ORDER BY rowid",
            (rev,),
        ) as cur:
            async for r in cur:
                entities.append(
                    Entity(id=r[0], kind=r[1], name={Lang.EN: r[2], Lang.RU: r[3]},
                           aliases=tuple(_json_list(r[4])), fact=r[5], gender=r[6], role=r[7])
                )  # fmt: skip
        topics: list[Topic] = []
        async with db.execute(
            "SELECT id, title_en, title_ru, summary, featured FROM topics WHERE revision = ?"
            " ORDER BY rowid",
            (rev,),
        ) as cur:
            async for r in cur:
                topics.append(
                    Topic(r[0], {Lang.EN: r[1], Lang.RU: r[2]}, r[3], tuple(_json_list(r[4])))
                )
        return FactSet(tuple(facts), tuple(entities), tuple(topics), content_hash)

    # -- the question log ---------------------------------------------------------------

    @_one_write
    async def log_questions(self, rows: Sequence[LoggedQuestion]) -> None:
        if not rows:
            return
        await self.db.execute("BEGIN")
        try:  # a failed write must not leave the transaction open: every later BEGIN would fail
            await self.db.executemany(
                "INSERT INTO questions (at, platform, chat_kind, user_hash, lang, text, outcome,"
                " fact_id, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                # A lone surrogate (undecodable console input) cannot be stored: replace it.
                [(_stamp(r.at), r.platform, r.chat_kind.value, r.user_hash, r.lang.value,
                  r.text[:MAX_LOGGED_TEXT].encode(errors="replace").decode(), r.outcome.value,
                  r.fact_id, r.score)
                 for r in rows],
            )  # fmt: skip
            await self.db.commit()
        except BaseException:
            await self.db.rollback()
            raise

    async def stats(self) -> Stats:
        async def counts(sql: str) -> list[tuple[Any, ...]]:
            async with self.db.execute(sql) as cur:
                return [tuple(r) for r in await cur.fetchall()]

        by_outcome = await counts("SELECT outcome, COUNT(*) FROM questions GROUP BY outcome")
        by_platform = await counts("SELECT platform, COUNT(*) FROM questions GROUP BY platform")
        top = await counts(
            "SELECT fact_id, COUNT(*) AS n FROM questions WHERE fact_id IS NOT NULL"
            " GROUP BY fact_id ORDER BY n DESC, fact_id LIMIT 10"
        )
        live = await self.get_meta("live_revision")
        return Stats(
            by_outcome={str(k): int(v) for k, v in by_outcome},
            by_platform={str(k): int(v) for k, v in by_platform},
            top_facts=tuple((str(k), int(v)) for k, v in top),
            revision=int(live) if live else None,
        )

    async def unanswered(self, limit: int) -> list[MissedQuestion]:
        """The latest questions that got a fallback or a clarify, newest first."""
        async with self.db.execute(
            "SELECT at, platform, text, outcome FROM questions WHERE outcome IN (?, ?)"
            " ORDER BY id DESC LIMIT ?",
            (*MISSED, limit),
        ) as cur:
            rows = await cur.fetchall()
        return [
            MissedQuestion(dt.datetime.fromisoformat(r[0]), str(r[1]), str(r[2]), Outcome(r[3]))
            for r in rows
        ]

    # -- taught examples and the audit log ----------------------------------------------

    @_one_write
    async def add_taught(self, example: TaughtExample) -> None:
        await self.db.execute(
            "INSERT INTO taught (at, platform, user_hash, fact_id, lang, question)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (_stamp(example.at), example.platform, example.user_hash, example.fact_id,
             example.lang.value, example.question),
        )  # fmt: skip
        await self.db.commit()

    async def taught(self) -> list[TaughtExample]:
        """Every taught example, oldest first."""
        async with self.db.execute(
            "SELECT fact_id, lang, question, platform, user_hash, at FROM taught ORDER BY id"
        ) as cur:
            rows = await cur.fetchall()
        return [
            TaughtExample(str(r[0]), Lang(r[1]), str(r[2]), str(r[3]), str(r[4]),
                          dt.datetime.fromisoformat(r[5]))
            for r in rows
        ]  # fmt: skip

    @_one_write
    async def add_audit(self, entry: AuditEntry) -> None:
        await self.db.execute(
            "INSERT INTO audit (at, platform, user_hash, action, detail, result)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (_stamp(entry.at), entry.platform, entry.user_hash, entry.action, entry.detail,
             entry.result),
        )  # fmt: skip
        await self.db.commit()

    async def audit(self, limit: int) -> list[AuditEntry]:
        """The latest admin actions, newest first."""
        async with self.db.execute(
            "SELECT at, platform, user_hash, action, detail, result FROM audit"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        ) as cur:
            rows = await cur.fetchall()
        return [
            AuditEntry(dt.datetime.fromisoformat(r[0]), str(r[1]), str(r[2]), str(r[3]),
                       str(r[4]), str(r[5]))
            for r in rows
        ]  # fmt: skip

    # -- privacy ------------------------------------------------------------------------

    @_one_write
    async def purge_questions_before(self, cutoff: dt.datetime) -> int:
        """Delete the question log older than `cutoff` (the retention period)."""
        cur = await self.db.execute("DELETE FROM questions WHERE at < ?", (_stamp(cutoff),))
        await self.db.commit()
        return max(cur.rowcount, 0)

    @_one_write
    async def purge_user(self, platform: str, user_hash: str) -> PurgeCounts:
        """Delete one person's rows everywhere; revisions they loaded keep no trace of them."""
        db = self.db
        await db.execute("BEGIN")
        try:
            counts = []
            for table in ("questions", "taught", "audit"):
                cur = await db.execute(f"DELETE FROM {table} WHERE user_hash = ?", (user_hash,))
                counts.append(max(cur.rowcount, 0))
            await db.execute(
                "UPDATE revisions SET loaded_by = 'purged' WHERE loaded_by = ?",
                (f"{platform}:{user_hash}",),
            )
            await db.commit()
        except BaseException:
            await db.rollback()
            raise
        # Old copies of the pages may sit in the write-ahead log until a checkpoint.
        await db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return PurgeCounts(*counts)


def _revision_rows(rev: int, factset: FactSet) -> Iterator[tuple[str, Iterator[tuple[Any, ...]]]]:
    """Each table's INSERT with its rows, made one at a time as SQLite takes them, so a large
    revision is never held twice. List columns hold JSON text (json.dumps of each list)."""
    dumped: dict[tuple[str, ...], str] = {}  # facts share their sources, most have no keywords

    def listed(values: tuple[str, ...]) -> str:
        text = dumped.get(values)
        if text is None:
            text = dumped[values] = json.dumps(list(values))
        return text

    def questions(f: Fact, lang: Lang) -> str:
        # json.dumps(list(...), ensure_ascii=False) to the byte: the same C string encoder,
        # items joined as it joins them. json.dumps built an encoder per call, which was
        # two thirds of the time of making 10k facts' rows.
        texts = f.questions.get(lang, ())
        quoted = '", "'.join(texts)
        # Most questions hold nothing the encoder escapes (a quote, a backslash, a control
        # character, which isprintable() refuses with others): quoted as they are, in a third
        # of the time (a reload makes the rows while its index is built, taking turns with it).
        if (
            texts
            and quoted.count('"') == 2 * len(texts) - 2
            and "\\" not in quoted
            and quoted.isprintable()
        ):
            return f'["{quoted}"]'
        return "[" + ", ".join(map(encode_basestring, texts)) + "]"

    days: dict[dt.date, str] = {}  # facts share a few days: isoformat() each was 6% of the rows

    def day(d: dt.date) -> str:
        text = days.get(d)
        if text is None:
            text = days[d] = d.isoformat()
        return text

    yield (
        "INSERT INTO topics (revision, id, title_en, title_ru, summary, featured)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ((rev, t.id, t.title[Lang.EN], t.title[Lang.RU], t.summary, listed(t.featured))
         for t in factset.topics),
    )  # fmt: skip
    yield (
        "INSERT INTO facts (revision, id, topic, kind, confidence, verified, answer_en,"
        " answer_ru, keywords, entities, sources, file, line, questions_en, questions_ru)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((rev, f.id, f.topic, f.kind.value, f.confidence.value, day(f.verified),
          f.answer[Lang.EN], f.answer[Lang.RU], listed(f.keywords), listed(f.entities),
          listed(f.sources), f.file, f.line, questions(f, Lang.EN), questions(f, Lang.RU))
         for f in factset.facts),
    )  # fmt: skip
    yield (
        "INSERT INTO entities (revision, id, kind, name_en, name_ru, aliases, fact, gender,"
        " role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((rev, e.id, e.kind, e.name[Lang.EN], e.name[Lang.RU], listed(e.aliases), e.fact,
          e.gender, e.role)
         for e in factset.entities),
    )  # fmt: skip


def _json_list(value: str) -> list[str]:
    data = json.loads(value)
    return [str(x) for x in data] if isinstance(data, list) else []
