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
import unicodedata
import weakref
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from rapidfuzz import fuzz, process

from bot.core import phrases
from bot.core.domain import (
    ADMIN_COMMANDS,
    LANGS,
    TOPIC_COMMANDS,
    Accuracy,
    AuditEntry,
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
    MissedQuestion,
    Option,
    Outcome,
    Problem,
    ReloadReport,
    Reply,
    TaughtExample,
)
from bot.core.evaluation import FALLBACK, EvalItem, load_eval, predicted
from bot.core.facts import _norm_question as facts_question_key  # check-facts' duplicate rule
from bot.core.facts import load_facts
from bot.core.matcher import ChatContext, Matcher, MatchResult
from bot.core.store import Store
from bot.core.text import clean, detect_lang, locale_lang
from bot.settings import MatcherSettings, Settings

log = logging.getLogger(__name__)

UNLIMITED_PLATFORMS = frozenset({"console", "cli"})  # one trusted person at a keyboard
MAX_CHATS = 10_000  # contexts and cooldowns kept in memory, least recently used dropped
MAX_LOG_BUFFER = 10_000
FLUSH_SECONDS = 1.0
PURGE_EVERY_SECONDS = 3600.0  # how often the flusher drops questions past [log] retention_days
# The matcher's evaluation set, relative to the working directory: it ships in a checkout, not in
# an installed package, so /reload measures accuracy only where it finds it.
EVAL_FILE = Path("tests/eval/questions.jsonl")
MAX_TAUGHT_CHARS = 300
UNANSWERED_SCAN = 2000  # the most recent missed questions that /unanswered groups
UNANSWERED_SHOWN_CHARS = 200
GROUP_SIMILARITY = 85.0  # token_sort_ratio at or above which two missed questions are one group
MAX_LISTED = 50  # the most groups /unanswered and entries /audit show
# Set by a rollback: the content hash of facts/ that was rolled back from. While facts/ still
# holds exactly that, a restart keeps serving the rolled-back-to revision instead of re-applying.
ROLLBACK_META = "rolled_back_from"


def hash_user(salt: str, platform: str, user: str) -> str:
    """A user id as it is stored: salted, hashed, cut. `spacebot purge` recomputes it."""
    return hashlib.sha256(f"{salt}:{platform}:{user}".encode()).hexdigest()[:16]


def verdict(
    candidates: Sequence[Candidate], cfg: MatcherSettings
) -> Literal["answer", "clarify", "fallback"]:
    """What the scores alone decide: answer the best fact, ask which was meant, or fall back.

    A high score answers when it leads the next fact by `margin`; a lower one, down to
    `clear_threshold`, only when nothing else comes within `clear_margin`.
    """
    if not candidates:
        return "fallback"
    best = candidates[0].score
    lead = best - (candidates[1].score if len(candidates) > 1 else 0.0)
    if (best >= cfg.answer_threshold and lead >= cfg.margin) or (
        best >= cfg.clear_threshold and lead >= cfg.clear_margin
    ):
        return "answer"
    return "clarify" if best >= cfg.clarify_threshold else "fallback"


class FactsUnavailable(Exception):
    """facts/ is invalid and the store has no good revision to fall back on."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the facts")
        self.problems = problems


@dataclass(frozen=True)
class _Live:
    revision: int
    factset: FactSet  # the revision with the taught examples merged in: what the matcher indexes
    matcher: Matcher
    base: FactSet  # the revision as stored (the content of facts/): what diffs compare


@dataclass
class _Group:
    """Missed questions that read alike, for /unanswered."""

    text: str  # the newest one, as typed
    last: dt.datetime
    count: int
    outcomes: Counter[str]


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
        eval_file: Path | None = EVAL_FILE,
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
        self._eval_file = eval_file
        self._pending: str | None = None  # the content hash a /reload dry run showed
        # The live revision's accuracy, measured once per revision (weakly: it may go away).
        self._accuracy_cache: tuple[weakref.ref[_Live], float] | None = None
        self._signalled: asyncio.Task[None] | None = None
        self._last_purge = clock()

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
        for task in (self._flusher, self._signalled):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._flusher = self._signalled = None
        await self.flush()

    async def start(self) -> None:
        """Put facts/ live; if it is invalid, serve the store's last good revision."""
        self._salt = await self._store.salt()  # random, made on first run, kept in the store
        await self.purge_expired()
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
            rev, base = stored
        else:
            base = result.factset
            rolled_back_from = await self._store.get_meta(ROLLBACK_META)
            if stored is not None and stored[1].content_hash == base.content_hash:
                rev = stored[0]
            elif stored is not None and rolled_back_from == base.content_hash:
                log.warning(
                    "facts/ still holds what /reload rollback undid: serving revision %d; "
                    "/reload confirm (or SIGHUP) puts facts/ live again",
                    stored[0],
                )
                rev, base = stored
            else:
                rev = await self._store.save_revision(base, "startup")
                if rolled_back_from is not None:
                    await self._store.delete_meta(ROLLBACK_META)
        factset, matcher = await self._index(base)
        self._live = _Live(rev, factset, matcher, base)

    def _build_matcher(self, factset: FactSet) -> Matcher:
        return Matcher(factset, max_input_chars=self._settings.matcher.max_input_chars)

    async def _index(self, base: FactSet) -> tuple[FactSet, Matcher]:
        """A revision with every taught example merged in, and a matcher over it."""
        taught = await self._store.taught()
        factset = with_taught(base, taught)
        return factset, await asyncio.to_thread(self._build_matcher, factset)

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
            clear_threshold=cfg.clear_threshold,
            clear_margin=cfg.clear_margin,
        )
        decided = verdict(cands, cfg)
        if best is None or decided == "fallback":
            score = best.score if best else 0.0
            return Reply(
                Outcome.FALLBACK, phrases.say("fallback", lang), lang, score=score,
                explanation=explanation,
            )  # fmt: skip
        fact = live.factset.fact(best.fact_id)
        assert fact is not None  # candidates come from this factset
        if fact.kind is FactKind.OUT_OF_SCOPE:
            return Reply(
                Outcome.FALLBACK, phrases.say("fallback", lang), lang, score=best.score,
                explanation=explanation,
            )  # fmt: skip
        if decided == "answer":
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
        factset = self.live.factset
        self._chats[key] = self._next_state(factset, question, lang, result, reply, previous)
        self._chats.move_to_end(key)
        if len(self._chats) > MAX_CHATS:
            self._chats.popitem(last=False)

    def _next_state(
        self,
        factset: FactSet,
        question: str,
        lang: Lang,
        result: MatchResult,
        reply: Reply,
        previous: _ChatState | None,
    ) -> _ChatState:
        """What a chat remembers after a reply (pure: the /reload dry run replays it too)."""
        context = previous.context if previous else None
        if reply.fact_id is not None and reply.outcome is Outcome.ANSWER:
            context = self._context_for(reply.fact_id, result, factset)
        elif reply.outcome is Outcome.CLARIFY and result.entities:
            # Unsure which fact, but sure whom the user named: follow-ups are about them.
            context = ChatContext(result.entities[0], result.tokens, None, result.entities)
        return _ChatState(self._clock(), context, reply.explanation, question[:300], lang)

    def _context_for(
        self, fact_id: str, result: MatchResult | None, factset: FactSet | None = None
    ) -> ChatContext:
        fact = (factset or self.live.factset).fact(fact_id)
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
        if cmd in ADMIN_COMMANDS:
            return await self._admin(msg, cmd, arg, lang)
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
        return self._topics(lang)

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

    async def _admin(self, msg: Inbound, cmd: Command, arg: str, lang: Lang) -> Reply:
        """Run an admin command for an admin; refuse anyone else. Either way, audit it."""
        who = self._user_hash(msg)
        action = cmd.value
        detail = arg[:200]
        if cmd is Command.RELOAD and arg.lower() in {"confirm", "rollback"}:
            action, detail = f"{action} {arg.lower()}", ""
        if not self.is_admin(msg.platform, msg.user):
            log.warning("refused /%s from %s user %s", cmd.value, msg.platform, who)
            await self._audit(msg.platform, who, action, "", "refused: not an admin")
            return Reply(Outcome.REFUSED, phrases.say("refused", lang), lang)
        try:
            reply, result = await self._run_admin(msg, cmd, arg, lang)
        except Exception as exc:  # a store or file fault: tell the admin, keep serving
            log.exception("/%s failed", cmd.value)
            text = (
                f"/{cmd.value} failed: {exc}. Nothing was changed; the details are in the log."
                if lang is Lang.EN
                else f"/{cmd.value} не удалась: {exc}. Ничего не изменено; подробности в логе."
            )
            reply, result = Reply(Outcome.INFO, text, lang), f"error: {exc}"
        await self._audit(msg.platform, who, action, detail, result)
        return reply

    async def _run_admin(
        self, msg: Inbound, cmd: Command, arg: str, lang: Lang
    ) -> tuple[Reply, str]:
        """(the reply, the result as the audit log records it)."""
        if cmd is Command.RELOAD:
            return await self._reload_command(msg, arg, lang)
        if cmd is Command.TEACH:
            return await self._teach(msg, arg, lang)
        if cmd is Command.UNANSWERED:
            return await self._unanswered(arg, lang)
        if cmd is Command.AUDIT:
            return await self._audit_log(arg, lang)
        return await self._stats(lang), "ok"

    async def _audit(self, platform: str, who: str, action: str, detail: str, result: str) -> None:
        entry = AuditEntry(dt.datetime.now(dt.UTC), platform, who, action, detail, result)
        try:
            await self._store.add_audit(entry)
        except Exception as exc:  # a storage fault costs the audit row, never the reply
            log.warning("audit log: cannot write (%s): %s %s -> %s", exc, platform, action, result)

    # -- /reload ------------------------------------------------------------------------

    async def _reload_command(self, msg: Inbound, arg: str, lang: Lang) -> tuple[Reply, str]:
        action = arg.lower()
        by = f"{msg.platform}:{self._user_hash(msg)}"
        if action == "":
            report = await self.preview_reload()
        elif action == "confirm":
            report = await self.confirm_reload(by)
        elif action == "rollback":
            rolled = await self.rollback(by)
            if rolled is None:
                return Reply(Outcome.INFO, phrases.say("rollback_none", lang), lang), "none"
            report = rolled
        else:
            return Reply(Outcome.INFO, phrases.say("reload_usage", lang), lang), "usage"
        return Reply(Outcome.INFO, format_report(report, lang), lang), summarize(report)

    async def preview_reload(self) -> ReloadReport:
        """A dry run: what `/reload confirm` would change, and the accuracy before and after.

        Works before `start` too (`spacebot reload --check`): then "before" is the store's live
        revision. Nothing is written and the live index is not touched.
        """
        async with self._reload_lock:
            return await self._preview()

    async def _preview(self) -> ReloadReport:
        started = time.perf_counter()
        old = self._live if self._live is not None else await self._stored_live()
        revision = old.revision if old else None
        result = await asyncio.to_thread(load_facts, self._settings.facts.dir)
        if result.factset is None:
            self._pending = None
            return ReloadReport(
                False, revision, problems=result.problems, dry_run=True,
                seconds=time.perf_counter() - started,
            )  # fmt: skip
        new = result.factset
        self._pending = new.content_hash
        if old is not None and new.content_hash == old.base.content_hash:
            return ReloadReport(True, revision, dry_run=True, seconds=time.perf_counter() - started)
        empty = FactSet((), (), (), "")
        added, changed, removed = diff_facts(old.base if old else empty, new)
        accuracy = await self._compare_accuracy(old, new)
        return ReloadReport(
            True, revision, added, changed, removed, dry_run=True, accuracy=accuracy,
            seconds=time.perf_counter() - started,
        )  # fmt: skip

    async def _stored_live(self) -> _Live | None:
        stored = await self._store.live_revision()
        if stored is None:
            return None
        factset, matcher = await self._index(stored[1])
        return _Live(stored[0], factset, matcher, stored[1])

    async def confirm_reload(self, by: str) -> ReloadReport:
        """Apply facts/ if it is what the last dry run showed; otherwise show the new dry run."""
        return await self.reload(by, expected=self._pending or "")

    async def reload(self, by: str = "admin", *, expected: str | None = None) -> ReloadReport:
        """Re-read facts/; put it live only if valid. Questions in flight finish on the old one.

        No dry run: this is what SIGHUP does. With `expected` (a content hash, as `/reload
        confirm` passes the one its dry run showed), facts/ is applied only if it still is that;
        otherwise the report is a fresh dry run marked `stale_preview`, and nothing changes.
        """
        async with self._reload_lock:
            started = time.perf_counter()
            result = await asyncio.to_thread(load_facts, self._settings.facts.dir)
            if result.factset is None:
                return self._failed(result.problems, started)
            content = result.factset.content_hash
            if expected not in {None, content} and content != self.live.base.content_hash:
                return dataclasses.replace(await self._preview(), stale_preview=True)
            return await self._apply(result.factset, by, started)

    def _failed(self, problems: tuple[Problem, ...], started: float) -> ReloadReport:
        for problem in problems:
            log.warning("reload: %s", problem)
        return ReloadReport(
            False, self.live.revision, problems=problems, seconds=time.perf_counter() - started
        )

    async def _apply(self, new: FactSet, by: str, started: float) -> ReloadReport:
        old = self.live
        self._pending = None
        added, changed, removed = diff_facts(old.base, new)
        if new.content_hash == old.base.content_hash:
            return ReloadReport(True, old.revision, seconds=time.perf_counter() - started)
        factset, matcher = await self._index(new)
        rev = await self._store.save_revision(new, by)
        self._live = _Live(rev, factset, matcher, new)  # one assignment: the swap is atomic
        if await self._store.get_meta(ROLLBACK_META) is not None:
            await self._store.delete_meta(ROLLBACK_META)
        log.info("reload by %s: revision %d (+%d ~%d -%d)", by, rev, len(added),
                 len(changed), len(removed))  # fmt: skip
        return ReloadReport(
            True, rev, added, changed, removed, seconds=time.perf_counter() - started
        )

    async def rollback(self, by: str) -> ReloadReport | None:
        """Put back the revision that was live before this one; None when there is none."""
        async with self._reload_lock:
            started = time.perf_counter()
            old = self.live
            previous = await self._store.previous_revision(old.revision)
            if previous is None:
                return None
            base = await self._store.read_revision(previous)
            factset, matcher = await self._index(base)
            await self._store.set_live_revision(previous)
            if await self._store.get_meta(ROLLBACK_META) is None:
                # What facts/ held when the first rollback began: a restart must not re-apply it.
                await self._store.set_meta(ROLLBACK_META, old.base.content_hash)
            self._live = _Live(previous, factset, matcher, base)
            self._pending = None
            added, changed, removed = diff_facts(old.base, base)
            log.warning("rollback by %s: revision %d -> %d", by, old.revision, previous)
            return ReloadReport(
                True, previous, added, changed, removed, seconds=time.perf_counter() - started,
                rolled_back_from=old.revision,
            )  # fmt: skip

    def reload_soon(self) -> None:
        """SIGHUP: reload facts/ now, as daemons do. The result goes to the log and the audit."""
        if self._signalled is not None and not self._signalled.done():
            log.info("SIGHUP: a reload is already running")
            return
        self._signalled = asyncio.get_running_loop().create_task(
            self._reload_on_signal(), name="sighup-reload"
        )

    async def _reload_on_signal(self) -> None:
        try:
            report = await self.reload("signal:SIGHUP")
        except Exception as exc:
            log.exception("SIGHUP: reload failed")
            await self._audit("signal", "", "reload", "SIGHUP", f"error: {exc}")
            return
        if report.ok:
            log.info("SIGHUP: %s", summarize(report))
        else:
            log.error("SIGHUP: %s", summarize(report))
        await self._audit("signal", "", "reload", "SIGHUP", summarize(report))

    # -- accuracy on the evaluation set -------------------------------------------------

    async def _compare_accuracy(self, old: _Live | None, new_base: FactSet) -> Accuracy | None:
        if self._eval_file is None:
            return None
        items = await asyncio.to_thread(load_eval, self._eval_file)
        if not items:
            return None
        factset, matcher = await self._index(new_base)
        new = _Live(0, factset, matcher, new_base)
        after = await asyncio.to_thread(self._accuracy, new, items)
        before: float | None = None
        if old is not None:
            cached = self._accuracy_cache
            if cached is not None and cached[0]() is old:
                before = cached[1]
            else:
                # A matcher of its own: the live one keeps serving, untouched, meanwhile.
                copy = dataclasses.replace(old, matcher=await asyncio.to_thread(
                    self._build_matcher, old.factset))  # fmt: skip
                before = await asyncio.to_thread(self._accuracy, copy, items)
                self._accuracy_cache = (weakref.ref(old), before)
        return Accuracy(before, after, len(items))

    def _accuracy(self, live: _Live, items: Sequence[EvalItem]) -> float:
        """The share of items answered as expected, as tests/eval/harness.py scores them."""
        limit = self._settings.matcher.max_input_chars
        chats: dict[str, _ChatState] = {}
        right = 0
        for number, item in enumerate(items):
            key = f"session:{item.session}" if item.session else f"item:{number}"
            text = item.question[: limit * 2]
            guess = FALLBACK
            if clean(text, limit):
                state = chats.get(key)
                result = live.matcher.match(text, state.context if state else None)
                lang = self._reply_lang(text, None, result)
                reply = self._decide(live, result, lang)
                chats[key] = self._next_state(live.factset, text, lang, result, reply, state)
                guess = predicted(reply.outcome, reply.fact_id)
            right += guess == item.expected
        return right / len(items)

    # -- /teach -------------------------------------------------------------------------

    async def _teach(self, msg: Inbound, arg: str, lang: Lang) -> tuple[Reply, str]:
        parts = arg.split(maxsplit=1)
        question = tidy_question(parts[1]) if len(parts) == 2 else ""
        if not clean(question, MAX_TAUGHT_CHARS):
            return Reply(Outcome.INFO, phrases.say("teach_usage", lang), lang), "usage"
        fact_id = parts[0]
        lang = detect_lang(question, msg.locale)
        ru = lang is Lang.RU

        def refuse(en: str, ru_text: str, why: str) -> tuple[Reply, str]:
            return Reply(Outcome.INFO, ru_text if ru else en, lang), f"refused: {why}"

        async with self._reload_lock:
            live = self.live
            if live.factset.fact(fact_id) is None:
                return refuse(
                    f"Not taught: there is no fact '{fact_id}'. /why after a question shows the "
                    "id of the fact it matched; the ids are in facts/.",
                    f"Не добавлено: факта '{fact_id}' нет. /why после вопроса показывает id "
                    "факта; все id — в facts/.",
                    f"no fact '{fact_id}'",
                )
            owner = example_owner(live.factset, question)
            if owner is not None:
                return refuse(
                    f"Not taught: “{question}” is already an example of {owner}.",
                    f"Не добавлено: «{question}» уже пример факта {owner}.",
                    f"already an example of {owner}",
                )
            threshold = self._settings.matcher.clarify_threshold
            matched = live.matcher.match(question)
            clash = next(
                (c for c in matched.candidates if c.fact_id != fact_id and c.score >= threshold),
                None,
            )
            if clash is not None:
                return refuse(
                    f"Not taught: “{question}” already matches {clash.fact_id} ({clash.score:.1f}, "
                    f"clarify threshold {threshold:g}), so it would make {fact_id} and "
                    f"{clash.fact_id} ambiguous. Teach a more specific question, or edit facts/.",
                    f"Не добавлено: «{question}» уже подходит к {clash.fact_id} "
                    f"({clash.score:.1f}, порог уточнения {threshold:g}) — {fact_id} и "
                    f"{clash.fact_id} стали бы неразличимы. Добавьте более точный вопрос "
                    "или исправьте facts/.",
                    f"ambiguous with {clash.fact_id} ({clash.score:.1f})",
                )
            example = TaughtExample(fact_id, lang, question, msg.platform, self._user_hash(msg),
                                    dt.datetime.now(dt.UTC))  # fmt: skip
            await self._store.add_taught(example)
            factset, matcher = await self._index(live.base)
            self._live = _Live(live.revision, factset, matcher, live.base)  # the atomic swap
        log.info("taught %s (%s) by %s:%s", fact_id, lang.value, msg.platform, example.user_hash)
        text = (
            f"Taught: “{question}” → {fact_id} ({lang.value}). It works now and stays through "
            "restarts and reloads; `spacebot export-taught` writes it into facts/ for review."
            if not ru
            else f"Добавлено: «{question}» → {fact_id} ({lang.value}). Работает сразу и "
            "сохраняется после перезапуска и перезагрузки; `spacebot export-taught` запишет "
            "это в facts/ на ревью."
        )
        return Reply(Outcome.INFO, text, lang), f"ok: {fact_id} ({lang.value})"

    # -- /unanswered, /audit, /stats ----------------------------------------------------

    async def _unanswered(self, arg: str, lang: Lang) -> tuple[Reply, str]:
        limit = _count(arg, default=10)
        if limit is None:
            return Reply(Outcome.INFO, phrases.say("unanswered_usage", lang), lang), "usage"
        await self.flush()
        rows = await self._store.unanswered(UNANSWERED_SCAN)
        groups = group_missed(rows)
        if not groups:
            return Reply(Outcome.INFO, phrases.say("unanswered_none", lang), lang), "ok: 0 groups"
        shown = groups[:limit]
        head = (
            f"Unanswered, most frequent first ({len(shown)} of {len(groups)} groups, "
            f"from the last {len(rows)} missed questions):"
            if lang is Lang.EN
            else f"Без ответа, сначала частые ({len(shown)} из {len(groups)} групп, "
            f"по последним {len(rows)} вопросам):"
        )
        lines = [head]
        for g in shown:
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(g.outcomes.items()))
            text = g.text if len(g.text) <= UNANSWERED_SHOWN_CHARS else (
                g.text[: UNANSWERED_SHOWN_CHARS - 1] + "…")  # fmt: skip
            lines.append(f"{g.count}× · {g.last:%Y-%m-%d %H:%M} · {kinds} · {text}")
        return Reply(Outcome.INFO, "\n".join(lines), lang), f"ok: {len(shown)} groups"

    async def _audit_log(self, arg: str, lang: Lang) -> tuple[Reply, str]:
        limit = _count(arg, default=20)
        if limit is None:
            return Reply(Outcome.INFO, phrases.say("audit_usage", lang), lang), "usage"
        entries = await self._store.audit(limit)
        if not entries:
            return Reply(Outcome.INFO, phrases.say("audit_none", lang), lang), "ok: 0 entries"
        head = (
            "Admin actions, newest first:" if lang is Lang.EN else "Действия админов, новые сверху:"
        )
        lines = [head]
        for e in entries:
            who = f"{e.platform}:{e.user_hash[:8]}" if e.user_hash else e.platform
            detail = f" {e.detail[:80]}" if e.detail else ""
            lines.append(f"{e.at:%Y-%m-%d %H:%M} {who} /{e.action}{detail} → {e.result}")
        return Reply(Outcome.INFO, "\n".join(lines), lang), f"ok: {len(entries)} entries"

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
        return hash_user(self._salt, msg.platform, msg.user)

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
        except BaseException as exc:  # any storage fault: keep answering from memory
            self._log_buffer[:0] = rows[-MAX_LOG_BUFFER:]
            if not isinstance(exc, Exception):
                raise  # cancelled mid-write (shutdown): the rows go out with the final flush
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
            if self._clock() - self._last_purge >= PURGE_EVERY_SECONDS:
                await self.purge_expired()

    async def purge_expired(self) -> int:
        """Delete logged questions older than `[log] retention_days`; how many went."""
        self._last_purge = self._clock()  # a failing store is retried next period, not at once
        days = self._settings.log.retention_days
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        try:
            purged = await self._store.purge_questions_before(cutoff)
        except Exception as exc:  # a storage fault: answering goes on, the purge waits
            log.warning("retention: cannot purge questions older than %d days (%s)", days, exc)
            return 0
        if purged:
            log.info("retention: purged %d question(s) older than %d days", purged, days)
        return purged


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
    """A reload, dry run or rollback as the admin reads it (in chat and from the CLI)."""
    en = lang is Lang.EN
    rev = report.revision
    if not report.ok:
        if report.dry_run:
            head = (
                f"facts/ is invalid: {len(report.problems)} problem(s); revision {rev} stays "
                "live. Fix them, then /reload again."
                if en
                else f"В facts/ ошибки: {len(report.problems)}; остаётся ревизия {rev}. "
                "Исправьте их и повторите /reload."
            )
        else:
            head = (
                f"Reload failed: {len(report.problems)} problem(s); revision {rev} stays live."
                if en
                else f"Перезагрузка не удалась: ошибок {len(report.problems)}; "
                f"остаётся ревизия {rev}."
            )
        shown = [str(p) for p in report.problems[:20]]
        more = len(report.problems) - len(shown)
        return "\n".join([head, *shown, *([f"… +{more}"] if more > 0 else [])])

    def ids(xs: tuple[str, ...]) -> str:
        return ", ".join(xs) if xs else "—"

    diff = f"+ {ids(report.added)}\n~ {ids(report.changed)}\n- {ids(report.removed)}"
    if report.rolled_back_from is not None:
        head = (
            f"Rolled back: revision {report.rolled_back_from} → {rev}. facts/ is unchanged: fix "
            "it before the next /reload confirm or SIGHUP, which would put it back. A restart "
            f"keeps revision {rev} while facts/ stays as it is."
            if en
            else f"Откат: ревизия {report.rolled_back_from} → {rev}. facts/ не изменён: "
            "исправьте его до следующего /reload confirm или SIGHUP, иначе он вернётся. "
            f"Перезапуск оставит ревизию {rev}, пока facts/ тот же."
        )
        return f"{head}\n{diff}"
    stale = ""
    if report.stale_preview:
        stale = (
            "Not applied: facts/ differs from the last dry run (or there was none). "
            "This is what it holds now:\n"
            if en
            else "Не применено: facts/ не совпадает с последним показом (или показа не было). "
            "Вот что в нём сейчас:\n"
        )
    if not (report.added or report.changed or report.removed):
        return stale + (
            f"Facts unchanged: revision {rev}." if en else f"Факты не изменились: ревизия {rev}."
        )
    if report.dry_run:
        if rev is None:
            head = "Dry run: facts/ is valid; nothing is live yet." if en else (
                "Проверка: facts/ без ошибок; живой ревизии ещё нет.")  # fmt: skip
        else:
            head = (
                f"Dry run: facts/ is valid; revision {rev} stays live until you confirm."
                if en
                else f"Проверка: facts/ без ошибок; ревизия {rev} работает до подтверждения."
            )
        tail = (
            "Apply it: /reload confirm (or SIGHUP)." if en
            else "Применить: /reload confirm (или SIGHUP)."
        )  # fmt: skip
        return f"{stale}{head}\n{diff}\n{format_accuracy(report.accuracy, lang)}\n{tail}"
    head = (
        f"Reloaded: revision {rev} ({report.seconds * 1000:.0f} ms)."
        if en
        else f"Перезагружено: ревизия {rev} ({report.seconds * 1000:.0f} мс)."
    )
    return f"{head}\n{diff}"


def format_accuracy(accuracy: Accuracy | None, lang: Lang) -> str:
    en = lang is Lang.EN
    if accuracy is None:
        return (
            f"Accuracy: not measured ({EVAL_FILE} is not here)."
            if en
            else f"Точность: не измерена ({EVAL_FILE} здесь нет)."
        )
    before = "—" if accuracy.before is None else f"{accuracy.before:.1%}"
    label = "Accuracy on" if en else "Точность на"
    unit = "questions" if en else "вопросов"
    return (
        f"{label} {EVAL_FILE.parent} ({accuracy.questions} {unit}): {before} → {accuracy.after:.1%}"
    )


def summarize(report: ReloadReport) -> str:
    """A reload's result in one line, for the audit log and the SIGHUP log line."""
    if not report.ok:
        return f"invalid: {len(report.problems)} problem(s); revision {report.revision} stays live"
    counts = f"+{len(report.added)} ~{len(report.changed)} -{len(report.removed)}"
    if report.rolled_back_from is not None:
        return f"rolled back: revision {report.rolled_back_from} -> {report.revision} ({counts})"
    if report.stale_preview:
        return f"not applied: facts/ changed since the dry run; new dry run {counts}"
    if not (report.added or report.changed or report.removed):
        return f"unchanged: revision {report.revision}"
    if report.dry_run:
        acc = report.accuracy
        measured = ""
        if acc is not None:
            before = "-" if acc.before is None else f"{acc.before:.1%}"
            measured = f"; accuracy {before} -> {acc.after:.1%}"
        return f"dry run: {counts}{measured}"
    return f"applied: revision {report.revision} ({counts})"


# -- taught examples ----------------------------------------------------------------------------


def tidy_question(text: str) -> str:
    """A question as it is taught: no control or invisible characters, single spaces, capped."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf"} or ch == "\n")
    return " ".join(kept.split())[:MAX_TAUGHT_CHARS].strip()


def _question_keys(question: str) -> set[str]:
    """How two questions count as the same: check-facts' rule, and the matcher's reading."""
    keys = {"facts:" + facts_question_key(question), "clean:" + clean(question, MAX_TAUGHT_CHARS)}
    return {k for k in keys if not k.endswith(":")}


def example_owner(factset: FactSet, question: str) -> str | None:
    """The fact that already has `question` (or one that reads the same) as an example."""
    wanted = _question_keys(question)
    for fact in factset.facts:
        for lang in LANGS:
            for q in fact.questions.get(lang, ()):
                if wanted & _question_keys(q):
                    return fact.id
    return None


def with_taught(base: FactSet, taught: Sequence[TaughtExample]) -> FactSet:
    """`base` with each taught example appended to its fact's questions.

    An example whose fact is gone from facts/ waits in the store (it comes back with the fact);
    one facts/ now holds itself (say, after export-taught) is not added twice.
    """
    if not taught:
        return base
    seen = {k for f in base.facts for lang in LANGS for q in f.questions.get(lang, ())
            for k in _question_keys(q)}  # fmt: skip
    extra: dict[str, dict[Lang, list[str]]] = {}
    waiting = 0
    for example in taught:
        if base.fact(example.fact_id) is None:
            waiting += 1
            continue
        keys = _question_keys(example.question)
        if not keys or keys & seen:
            continue
        seen |= keys
        extra.setdefault(example.fact_id, {}).setdefault(example.lang, []).append(example.question)
    if waiting:
        log.warning("%d taught example(s) name facts that facts/ no longer has; kept", waiting)
    if not extra:
        return base
    facts = tuple(
        dataclasses.replace(
            f,
            questions={
                lang: (*f.questions.get(lang, ()), *extra[f.id].get(lang, ())) for lang in LANGS
            },
        )
        if f.id in extra
        else f
        for f in base.facts
    )
    # The content hash stays that of facts/: taught examples are not a new revision.
    return FactSet(facts, base.entities, base.topics, base.content_hash)


# -- the evaluation set, /unanswered ------------------------------------------------------------


def group_missed(rows: Sequence[MissedQuestion]) -> list[_Group]:
    """Missed questions (newest first) in groups of alike ones, the most frequent group first."""
    groups: list[_Group] = []
    keys: list[str] = []
    for row in rows:
        key = clean(row.text, 500) or row.text.strip().casefold()
        found = (
            process.extractOne(key, keys, scorer=fuzz.token_sort_ratio,
                               score_cutoff=GROUP_SIMILARITY)
            if keys else None
        )  # fmt: skip
        if found is None:
            keys.append(key)
            groups.append(_Group(row.text, row.at, 1, Counter({row.outcome.value: 1})))
            continue
        group = groups[found[2]]
        group.count += 1
        group.outcomes[row.outcome.value] += 1
        if row.at > group.last:
            group.text, group.last = row.text, row.at
    return sorted(groups, key=lambda g: (-g.count, -g.last.timestamp()))


def _count(arg: str, default: int) -> int | None:
    """The optional [n] of /unanswered and /audit: None when it is not a number 1..50."""
    if not arg:
        return default
    if arg.isdigit() and 1 <= int(arg) <= MAX_LISTED:
        return int(arg)
    return None


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
        f" margin {e.margin:g}; or ≥ {e.clear_threshold:g} with margin {e.clear_margin:g}",
    ]
    if e.context_entity:
        lines.append(("Из контекста" if ru else "From context") + f": {e.context_entity}")
    return "\n".join(lines)
