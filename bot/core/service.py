"""The answer service: the one thing every adapter calls.

`handle` takes an `Inbound` and returns a `Reply`, for free text and for commands alike, so that
what users get (silence in groups, cooldowns, admin checks, language, follow-ups) is decided once,
here, and not in three adapters.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import hashlib
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from bot.core import phrases
from bot.core.domain import (
    ADMIN_COMMANDS,
    TOPIC_COMMANDS,
    Candidate,
    ChatKind,
    Command,
    CommandSpec,
    Explanation,
    Fact,
    FactKind,
    FactSet,
    Inbound,
    Lang,
    LoggedQuestion,
    Option,
    Outcome,
    Problem,
    ReloadReport,
    Reply,
)
from bot.core.facts import load_facts
from bot.core.matcher import ChatContext, Matcher, MatchResult
from bot.core.store import Store
from bot.core.text import clean, detect_lang, locale_lang
from bot.settings import Settings

log = logging.getLogger(__name__)

UNLIMITED_PLATFORMS = frozenset({"console", "cli"})  # one trusted person at a keyboard
MAX_CHATS = 10_000  # contexts and cooldowns kept in memory, least recently used dropped
MAX_LOG_BUFFER = 10_000
FLUSH_SECONDS = 1.0


class FactsUnavailable(Exception):
    """facts/ is invalid and the store has no good revision to fall back on."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the facts")
        self.problems = problems


@dataclass(frozen=True)
class _Live:
    revision: int
    factset: FactSet
    matcher: Matcher


@dataclass(frozen=True)
class _ChatState:
    at: float
    context: ChatContext | None
    explanation: Explanation | None
    question: str
    lang: Lang


class _Cooldown:
    """At most N questions per user in a sliding window of M seconds; one notice past that."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self._limit, self._window, self._clock = limit, window, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._noticed: dict[str, float] = {}

    def check(self, key: str) -> Outcome | None:
        """None to go ahead, COOLDOWN for the one notice, SILENT after it."""
        now = self._clock()
        times = self._seen.setdefault(key, deque())
        self._seen.move_to_end(key)
        while times and now - times[0] >= self._window:
            times.popleft()
        if len(self._seen) > MAX_CHATS:
            old, _ = self._seen.popitem(last=False)
            self._noticed.pop(old, None)
        if len(times) < self._limit:
            times.append(now)
            self._noticed.pop(key, None)
            return None
        if key in self._noticed and now - self._noticed[key] < self._window:
            return Outcome.SILENT
        self._noticed[key] = now
        return Outcome.COOLDOWN


class AnswerService:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        self._live: _Live | None = None
        self._chats: OrderedDict[str, _ChatState] = OrderedDict()
        self._cooldown = _Cooldown(
            settings.cooldown.max_questions, settings.cooldown.window_seconds, clock
        )
        self._granted: set[tuple[str, str]] = set()
        self._reload_lock = asyncio.Lock()
        self._log_buffer: list[LoggedQuestion] = []
        self._log_failing = False
        self._salt = ""
        self._flusher: asyncio.Task[None] | None = None

    # -- lifecycle ----------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        self._flusher = asyncio.create_task(self._flush_forever(), name="question-log-flusher")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        await self.flush()

    async def start(self) -> None:
        """Put facts/ live; if it is invalid, serve the store's last good revision."""
        self._salt = await self._salt_from_store()
        result = await asyncio.to_thread(load_facts, self._settings.facts.dir)
        stored = await self._store.live_revision()
        if result.factset is None:
            if stored is None:
                raise FactsUnavailable(result.problems)
            for problem in result.problems:
                log.error("facts: %s", problem)
            log.error(
                "facts/ is invalid (%d problems): serving the last good revision %d from the store",
                len(result.problems),
                stored[0],
            )
            rev, factset = stored
        else:
            factset = result.factset
            if stored is not None and stored[1].content_hash == factset.content_hash:
                rev = stored[0]
            else:
                rev = await self._store.save_revision(factset, "startup")
        matcher = await asyncio.to_thread(self._build_matcher, factset)
        self._live = _Live(rev, factset, matcher)

    async def _salt_from_store(self) -> str:
        salt = await self._store.get_meta("user_salt")
        if salt is None:
            salt = hashlib.sha256(str(time.time_ns()).encode()).hexdigest()[:32]
            await self._store.set_meta("user_salt", salt)
        return salt

    def _build_matcher(self, factset: FactSet) -> Matcher:
        return Matcher(factset, max_input_chars=self._settings.matcher.max_input_chars)

    @property
    def live(self) -> _Live:
        if self._live is None:
            raise RuntimeError("the service has not started: use `async with AnswerService(...)`")
        return self._live

    @property
    def revision(self) -> int:
        return self.live.revision

    # -- what adapters ask for besides handle() -----------------------------------------

    def commands(self) -> tuple[CommandSpec, ...]:
        return phrases.COMMANDS

    def admin_ids(self, platform: str) -> tuple[str, ...]:
        configured: tuple[int, ...] = getattr(self._settings.admins, platform, ())
        granted = tuple(u for p, u in sorted(self._granted) if p == platform)
        return tuple(dict.fromkeys((*(str(u) for u in configured), *granted)))

    def grant_admin(self, platform: str, user: str) -> None:
        """Make a user an admin for this run (Discord's application owner and team)."""
        self._granted.add((platform, user))

    def is_admin(self, platform: str, user: str) -> bool:
        if platform in UNLIMITED_PLATFORMS:
            return self._settings.admins.console
        return user in self.admin_ids(platform)

    def suggest(self, text: str, locale: str | None, limit: int = 25) -> tuple[Option, ...]:
        """Known questions that best match a partly typed one (autocomplete)."""
        lang = detect_lang(text, locale) if text.strip() else locale_lang(locale)
        found = self.live.matcher.suggest(text[:200], lang, limit)
        return tuple(Option(fact_id, question) for fact_id, question in found)

    def people(self, locale: str | None) -> tuple[Option, ...]:
        """The film's crew and cast, for a choice list: each with the fact about them."""
        lang = locale_lang(locale)
        fs = self.live.factset
        return tuple(
            Option(e.fact, e.name[lang])
            for e in fs.entities
            if e.kind == "person" and e.role in {"crew", "cast"} and e.fact and fs.fact(e.fact)
        )

    async def top_answers(self, text: str, locale: str | None, limit: int = 5) -> tuple[Reply, ...]:
        """The best few answers to a question, for inline results; none when out of scope."""
        live = self.live
        result = live.matcher.match(text)
        lang = self._reply_lang(text, locale, result)
        threshold = self._settings.matcher.clarify_threshold
        return tuple(
            self._fact_reply(fact, lang, Outcome.ANSWER, c.score)
            for c in result.candidates[:limit]
            if c.score >= threshold
            and (fact := live.factset.fact(c.fact_id)) is not None
            and fact.kind is FactKind.FACT
        )

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
        return await self._question(msg)

    async def _question(self, msg: Inbound) -> Reply:
        limit = self._settings.matcher.max_input_chars
        text = msg.text[: limit * 2]
        if not clean(text, limit):
            lang = locale_lang(msg.locale) if not text.strip() else detect_lang(text, msg.locale)
            key = "ask_empty" if msg.command is Command.ASK else "help"
            return Reply(Outcome.INFO, phrases.say(key, lang), lang)
        live = self.live
        key = f"{msg.platform}:{msg.chat}"
        state = self._chat(key)
        result = live.matcher.match(text, state.context if state else None)
        lang = self._reply_lang(text, msg.locale, result)
        reply = self._decide(live, result, lang)
        self._remember(key, text, lang, result, reply, state)
        self._log(msg, lang, reply)
        return reply

    def _reply_lang(self, text: str, locale: str | None, result: MatchResult) -> Lang:
        if result.russian_reading and result.candidates:
            return Lang.RU
        return detect_lang(text, locale)

    def _decide(self, live: _Live, result: MatchResult, lang: Lang) -> Reply:
        cfg = self._settings.matcher
        cands = result.candidates
        best = cands[0] if cands else None
        runner = cands[1] if len(cands) > 1 else None
        explanation = Explanation(
            query=result.query,
            best=best,
            runner_up=runner,
            answer_threshold=cfg.answer_threshold,
            clarify_threshold=cfg.clarify_threshold,
            margin=cfg.margin,
            context_entity=result.context_entity,
        )
        if best is None or best.score < cfg.clarify_threshold:
            score = best.score if best else 0.0
            return Reply(
                Outcome.FALLBACK, phrases.say("fallback", lang), lang, score=score,
                explanation=explanation,
            )  # fmt: skip
        lead = best.score - (runner.score if runner else 0.0)
        fact = live.factset.fact(best.fact_id)
        assert fact is not None  # candidates come from this factset
        if fact.kind is FactKind.OUT_OF_SCOPE:
            return Reply(
                Outcome.FALLBACK, phrases.say("fallback", lang), lang, score=best.score,
                explanation=explanation,
            )  # fmt: skip
        if best.score >= cfg.answer_threshold and lead >= cfg.margin:
            outcome = Outcome.SMALLTALK if fact.kind is FactKind.SMALLTALK else Outcome.ANSWER
            reply = self._fact_reply(fact, lang, outcome, best.score)
            return dataclasses.replace(reply, explanation=explanation)
        options = tuple(
            Option(c.fact_id, f.title(lang))
            for c in cands[:3]
            if c.score >= cfg.clarify_threshold
            and (f := live.factset.fact(c.fact_id))
            and f.kind is not FactKind.OUT_OF_SCOPE
        )
        return Reply(
            Outcome.CLARIFY, phrases.say("clarify", lang), lang, options=options,
            score=best.score, explanation=explanation,
        )  # fmt: skip

    def _fact_reply(self, fact: Fact, lang: Lang, outcome: Outcome, score: float) -> Reply:
        return Reply(
            outcome=outcome,
            text=fact.answer[lang],
            lang=lang,
            sources=fact.sources,
            fact_id=fact.id,
            topic=fact.topic,
            title=fact.title(lang),
            score=score,
            confidence=fact.confidence,
        )

    # -- chat memory --------------------------------------------------------------------

    def _chat(self, key: str) -> _ChatState | None:
        state = self._chats.get(key)
        if state is None:
            return None
        if self._clock() - state.at > self._settings.context.ttl_seconds:
            del self._chats[key]
            return None
        return state

    def _remember(
        self,
        key: str,
        question: str,
        lang: Lang,
        result: MatchResult,
        reply: Reply,
        previous: _ChatState | None,
    ) -> None:
        context = previous.context if previous else None
        if reply.fact_id is not None and reply.outcome is Outcome.ANSWER:
            context = self._context_for(reply.fact_id, result)
        self._chats[key] = _ChatState(
            self._clock(), context, reply.explanation, question[:300], lang
        )
        self._chats.move_to_end(key)
        if len(self._chats) > MAX_CHATS:
            self._chats.popitem(last=False)

    def _context_for(self, fact_id: str, result: MatchResult | None) -> ChatContext:
        fact = self.live.factset.fact(fact_id)
        fact_entities = fact.entities if fact else ()
        mentioned = result.entities if result else ()
        borrowed = (result.context_entity,) if result and result.context_entity else ()
        ranked = tuple(dict.fromkeys((*mentioned, *borrowed, *fact_entities)))
        entity = ranked[0] if ranked else None
        return ChatContext(entity, result.tokens if result else (), fact_id, ranked)

    # -- commands -----------------------------------------------------------------------

    async def _command(self, msg: Inbound) -> Reply:
        cmd = msg.command
        assert cmd is not None  # handle() routes only commands here
        arg = msg.text.strip()
        lang = detect_lang(arg, msg.locale) if arg else locale_lang(msg.locale)
        if cmd in ADMIN_COMMANDS and not self.is_admin(msg.platform, msg.user):
            log.warning(
                "refused /%s from %s user %s", cmd.value, msg.platform, self._user_hash(msg)
            )
            return Reply(Outcome.REFUSED, phrases.say("refused", lang), lang)
        if cmd is Command.START:
            examples = "\n".join(f"• {q}" for q in phrases.EXAMPLES[lang])
            return Reply(Outcome.INFO, f"{phrases.say('welcome', lang)}\n\n{examples}", lang)
        if cmd is Command.HELP:
            return Reply(Outcome.INFO, phrases.say("help", lang), lang)
        if cmd is Command.TOPICS:
            return self._topics(lang)
        if cmd is Command.WHY:
            return self._why(msg, lang)
        if cmd is Command.FACT:
            return self._chosen_fact(msg, arg, lang)
        if cmd is Command.CREW and arg:
            return self._crew_member(msg, arg, lang)
        if cmd in TOPIC_COMMANDS:
            return self._overview(TOPIC_COMMANDS[cmd], lang)
        if cmd is Command.RELOAD:
            return self._reload_reply(
                await self.reload(f"{msg.platform}:{self._user_hash(msg)}"), lang
            )
        if cmd is Command.UNANSWERED:
            return await self._unanswered(arg, lang)
        return await self._stats(lang)

    def _topics(self, lang: Lang) -> Reply:
        fs = self.live.factset
        lines = [phrases.say("topics", lang)]
        options: list[Option] = []
        commands = {topic: cmd for cmd, topic in TOPIC_COMMANDS.items()}
        for topic in fs.topics:
            cmd = commands.get(topic.id)
            if cmd is None:
                continue
            lines.append(f"• /{cmd.value}: {topic.title[lang]}")
            summary = fs.fact(topic.summary) if topic.summary else None
            if summary is not None:
                options.append(Option(summary.id, topic.title[lang]))
        return Reply(Outcome.INFO, "\n".join(lines), lang, options=tuple(options))

    def _overview(self, topic_id: str, lang: Lang) -> Reply:
        fs = self.live.factset
        topic = fs.topic(topic_id)
        if topic is None:
            return self._topics(lang)
        summary = fs.fact(topic.summary) if topic.summary else None
        options = tuple(
            Option(f.id, f.title(lang)) for fid in topic.featured if (f := fs.fact(fid))
        )
        if summary is None:
            return Reply(Outcome.INFO, topic.title[lang], lang, options=options, topic=topic.id)
        reply = self._fact_reply(summary, lang, Outcome.INFO, 100.0)
        return dataclasses.replace(reply, title=topic.title[lang], options=options)

    def _chosen_fact(self, msg: Inbound, fact_id: str, lang: Lang) -> Reply:
        fact = self.live.factset.fact(fact_id)
        if fact is None:
            return Reply(Outcome.INFO, phrases.say("unknown_fact", lang), lang)
        key = f"{msg.platform}:{msg.chat}"
        previous = self._chat(key)
        # A button press carries no text to read a language from: answer as the chat last spoke.
        lang = previous.lang if previous else locale_lang(msg.locale)
        reply = self._fact_reply(fact, lang, Outcome.ANSWER, 100.0)
        self._remember_choice(key, fact, reply, previous)
        self._log(dataclasses.replace(msg, text=fact.title(lang)), lang, reply)
        return reply

    def _remember_choice(
        self, key: str, fact: Fact, reply: Reply, previous: _ChatState | None
    ) -> None:
        context = self._context_for(fact.id, None)
        explanation = previous.explanation if previous else None
        question = previous.question if previous else fact.title(reply.lang)
        self._chats[key] = _ChatState(self._clock(), context, explanation, question, reply.lang)
        self._chats.move_to_end(key)

    def _crew_member(self, msg: Inbound, arg: str, lang: Lang) -> Reply:
        fs = self.live.factset
        if fs.fact(arg) is not None:
            return self._chosen_fact(msg, arg, lang)
        result = self.live.matcher.match(arg)
        for entity_id in result.entities:
            entity = fs.entity(entity_id)
            if entity is not None and entity.fact:
                return self._chosen_fact(msg, entity.fact, lang)
        return self._overview("crew", lang)

    def _why(self, msg: Inbound, lang: Lang) -> Reply:
        state = self._chat(f"{msg.platform}:{msg.chat}")
        if state is None or state.explanation is None:
            return Reply(Outcome.INFO, phrases.say("why_none", lang), lang)
        lang = state.lang  # explain in the language the question was answered in
        return Reply(Outcome.INFO, explain(state.question, state.explanation, lang), lang)

    # -- admin --------------------------------------------------------------------------

    async def reload(self, by: str = "admin") -> ReloadReport:
        """Re-read facts/; put it live only if valid. Questions in flight finish on the old one."""
        async with self._reload_lock:
            started = time.perf_counter()
            old = self.live
            result = await asyncio.to_thread(load_facts, self._settings.facts.dir)
            if result.factset is None:
                for problem in result.problems:
                    log.warning("reload: %s", problem)
                return ReloadReport(
                    False, old.revision, problems=result.problems,
                    seconds=time.perf_counter() - started,
                )  # fmt: skip
            new = result.factset
            added, changed, removed = diff_facts(old.factset, new)
            if new.content_hash == old.factset.content_hash:
                return ReloadReport(True, old.revision, seconds=time.perf_counter() - started)
            matcher = await asyncio.to_thread(self._build_matcher, new)
            rev = await self._store.save_revision(new, by)
            self._live = _Live(rev, new, matcher)  # one assignment: the swap is atomic
            log.info("reload by %s: revision %d (+%d ~%d -%d)", by, rev, len(added),
                     len(changed), len(removed))  # fmt: skip
            return ReloadReport(
                True, rev, added, changed, removed, seconds=time.perf_counter() - started
            )

    def _reload_reply(self, report: ReloadReport, lang: Lang) -> Reply:
        return Reply(Outcome.INFO, format_report(report, lang), lang)

    async def _unanswered(self, arg: str, lang: Lang) -> Reply:
        await self.flush()
        limit = int(arg) if arg.isdigit() and 0 < int(arg) <= 100 else 10
        rows = await self._store.unanswered(limit)
        if not rows:
            return Reply(Outcome.INFO, phrases.say("unanswered_none", lang), lang)
        lines = [f"{at:%Y-%m-%d %H:%M} [{platform}] {text}" for at, platform, text in rows]
        return Reply(Outcome.INFO, "\n".join(lines), lang)

    async def _stats(self, lang: Lang) -> Reply:
        await self.flush()
        stats = await self._store.stats()
        head = "Statistics" if lang is Lang.EN else "Статистика"
        lines = [f"{head} (revision {stats.revision})"]
        lines.append(
            "outcome: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.by_outcome.items()))
        )
        lines.append(
            "platform: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.by_platform.items()))
        )
        lines.append("top facts: " + ", ".join(f"{k} {v}" for k, v in stats.top_facts))
        return Reply(Outcome.INFO, "\n".join(lines), lang)

    # -- the question log ---------------------------------------------------------------

    def _user_hash(self, msg: Inbound) -> str:
        raw = f"{self._salt}:{msg.platform}:{msg.user}".encode()
        return hashlib.sha256(raw).hexdigest()[:16]

    def _log(self, msg: Inbound, lang: Lang, reply: Reply) -> None:
        self._log_buffer.append(
            LoggedQuestion(
                at=dt.datetime.now(dt.UTC),
                platform=msg.platform,
                chat_kind=msg.chat_kind,
                user_hash=self._user_hash(msg),
                lang=lang,
                text=msg.text[:500],
                outcome=reply.outcome,
                fact_id=reply.fact_id if reply.outcome is Outcome.ANSWER else None,
                score=reply.score,
            )
        )
        if len(self._log_buffer) > MAX_LOG_BUFFER:
            del self._log_buffer[: len(self._log_buffer) - MAX_LOG_BUFFER]

    async def flush(self) -> None:
        """Write the buffered question log. A failing store costs the log, never an answer."""
        rows, self._log_buffer = self._log_buffer, []
        if not rows:
            return
        try:
            await self._store.log_questions(rows)
        except Exception as exc:  # any storage fault: keep answering from memory
            self._log_buffer[:0] = rows[-MAX_LOG_BUFFER:]
            if not self._log_failing:
                log.warning("question log: cannot write to the store (%s); will retry", exc)
            self._log_failing = True
        else:
            if self._log_failing:
                log.warning("question log: the store is writable again")
            self._log_failing = False

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            await self.flush()


def diff_facts(old: FactSet, new: FactSet) -> tuple[tuple[str, ...], ...]:
    """Ids added, changed and removed between two revisions (a moved line is no change)."""

    def body(f: Fact) -> Fact:
        return dataclasses.replace(f, file="", line=0)

    old_ids = {f.id: f for f in old.facts}
    new_ids = {f.id: f for f in new.facts}
    added = tuple(sorted(set(new_ids) - set(old_ids)))
    removed = tuple(sorted(set(old_ids) - set(new_ids)))
    changed = tuple(
        sorted(i for i in set(old_ids) & set(new_ids) if body(old_ids[i]) != body(new_ids[i]))
    )
    return added, changed, removed


def format_report(report: ReloadReport, lang: Lang) -> str:
    if not report.ok:
        head = (
            f"Reload failed: {len(report.problems)} problem(s); "
            f"revision {report.revision} stays live."
            if lang is Lang.EN
            else f"Перезагрузка не удалась: ошибок {len(report.problems)}; "
            f"остаётся ревизия {report.revision}."
        )
        shown = [str(p) for p in report.problems[:20]]
        more = len(report.problems) - len(shown)
        return "\n".join([head, *shown, *([f"… +{more}"] if more > 0 else [])])
    if not (report.added or report.changed or report.removed):
        return (
            f"Facts unchanged: revision {report.revision}."
            if lang is Lang.EN
            else f"Факты не изменились: ревизия {report.revision}."
        )

    def ids(xs: tuple[str, ...]) -> str:
        return ", ".join(xs) if xs else "—"

    head = (
        f"Reloaded: revision {report.revision} ({report.seconds * 1000:.0f} ms)."
        if lang is Lang.EN
        else f"Перезагружено: ревизия {report.revision} ({report.seconds * 1000:.0f} мс)."
    )
    return f"{head}\n+ {ids(report.added)}\n~ {ids(report.changed)}\n- {ids(report.removed)}"


def explain(question: str, e: Explanation, lang: Lang) -> str:
    """The /why text: what was matched, how well, against what thresholds."""
    ru = lang is Lang.RU

    def cand(label_en: str, label_ru: str, c: Candidate | None) -> str:
        label = label_ru if ru else label_en
        if c is None:
            return f"{label}: —"
        return f"{label}: {c.fact_id} ← “{c.example}” ({c.score:.1f})"

    lines = [
        ("Вопрос" if ru else "Question") + f": “{question}”",
        ("Разбор" if ru else "Read as") + f": {e.query or '—'}",
        cand("Best match", "Лучшее совпадение", e.best),
        cand("Runner-up", "Второе место", e.runner_up),
        ("Пороги" if ru else "Thresholds")
        + f": answer ≥ {e.answer_threshold:g}, clarify ≥ {e.clarify_threshold:g},"
        f" margin {e.margin:g}",
    ]
    if e.context_entity:
        lines.append(("Из контекста" if ru else "From context") + f": {e.context_entity}")
    return "\n".join(lines)
