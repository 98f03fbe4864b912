"""Admin commands and who may run them: /reload (dry run, confirm, rollback), /teach,
/unanswered, /audit, /stats; SIGHUP's reload; the audit log of all of it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz, process

from bot.core import phrases
from bot.core.domain import (
    AuditEntry,
    Command,
    Inbound,
    Lang,
    MissedQuestion,
    Outcome,
    ReloadReport,
    Reply,
    TaughtExample,
)
from bot.core.live import Live, LiveFacts
from bot.core.questionlog import QuestionLog
from bot.core.reload_report import format_report, summarize
from bot.core.store import Store
from bot.core.taught import MAX_TAUGHT_CHARS, example_owner, tidy_question
from bot.core.text import clean, detect_lang
from bot.settings import AdminSettings, MatcherSettings

# The service's logger name: what operators' log filters and the warnings metric already know.
log = logging.getLogger("bot.core.service")

UNLIMITED_PLATFORMS = frozenset({"console", "cli"})  # one trusted person at a keyboard
UNANSWERED_SCAN = 2000  # the most recent missed questions that /unanswered groups
UNANSWERED_SHOWN_CHARS = 200
GROUP_SIMILARITY = 85.0  # token_sort_ratio at or above which two missed questions are one group
MAX_LISTED = 50  # the most groups /unanswered and entries /audit show


class Reloads(Protocol):
    """The service's reload entry points. Admin commands go through these, not the Reloader,
    so that what a subclass adds to them (ops.MeteredService counts reloads) sees every one."""

    async def preview_reload(self) -> ReloadReport: ...

    async def confirm_reload(self, by: str) -> ReloadReport: ...

    async def reload(self, by: str = ..., *, expected: str | None = ...) -> ReloadReport: ...

    async def rollback(self, by: str) -> ReloadReport | None: ...


class AdminCommands:
    def __init__(
        self,
        store: Store,
        admins: AdminSettings,
        cfg: MatcherSettings,
        live: LiveFacts,
        questions: QuestionLog,
        reloads: Reloads,
    ) -> None:
        self._store = store
        self._admins = admins
        self._cfg = cfg
        self._live = live
        self._questions = questions
        self._reloads = reloads
        self._granted: set[tuple[str, str]] = set()
        self._signalled: asyncio.Task[None] | None = None

    # -- who is an admin ----------------------------------------------------------------------

    def admin_ids(self, platform: str) -> tuple[str, ...]:
        configured: tuple[int, ...] = getattr(self._admins, platform, ())
        granted = tuple(u for p, u in sorted(self._granted) if p == platform)
        return tuple(dict.fromkeys((*(str(u) for u in configured), *granted)))

    def grant_admin(self, platform: str, user: str) -> None:
        """Make a user an admin for this run (Discord's application owner and team)."""
        self._granted.add((platform, user))

    def is_admin(self, platform: str, user: str) -> bool:
        if platform in UNLIMITED_PLATFORMS:
            return self._admins.console
        return user in self.admin_ids(platform)

    # -- running and auditing ------------------------------------------------------------------

    async def run(self, msg: Inbound, cmd: Command, arg: str, lang: Lang) -> Reply:
        """Run an admin command for an admin; refuse anyone else. Either way, audit it."""
        who = self._questions.user_hash(msg)
        action = cmd.value
        detail = arg[:200]
        if cmd is Command.RELOAD and arg.lower() in {"confirm", "rollback"}:
            action, detail = f"{action} {arg.lower()}", ""
        if not self.is_admin(msg.platform, msg.user):
            log.warning("refused /%s from %s user %s", cmd.value, msg.platform, who)
            await self.audit(msg.platform, who, action, "", "refused: not an admin")
            return Reply(Outcome.REFUSED, phrases.say("refused", lang), lang)
        try:
            reply, result = await self._run(msg, cmd, arg, lang)
        except Exception as exc:  # a store or file fault: tell the admin, keep serving
            log.exception("/%s failed", cmd.value)
            text = (
                f"/{cmd.value} failed: {exc}. Nothing was changed; the details are in the log."
                if lang is Lang.EN
                else f"/{cmd.value} не удалась: {exc}. Ничего не изменено; подробности в логе."
            )
            reply, result = Reply(Outcome.INFO, text, lang), f"error: {exc}"
        await self.audit(msg.platform, who, action, detail, result)
        return reply

    async def _run(self, msg: Inbound, cmd: Command, arg: str, lang: Lang) -> tuple[Reply, str]:
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

    async def audit(self, platform: str, who: str, action: str, detail: str, result: str) -> None:
        entry = AuditEntry(dt.datetime.now(dt.UTC), platform, who, action, detail, result)
        try:
            await self._store.add_audit(entry)
        except Exception as exc:  # a storage fault costs the audit row, never the reply
            log.warning("audit log: cannot write (%s): %s %s -> %s", exc, platform, action, result)

    # -- /reload and SIGHUP --------------------------------------------------------------------

    async def _reload_command(self, msg: Inbound, arg: str, lang: Lang) -> tuple[Reply, str]:
        action = arg.lower()
        by = f"{msg.platform}:{self._questions.user_hash(msg)}"
        if action == "":
            report = await self._reloads.preview_reload()
        elif action == "confirm":
            report = await self._reloads.confirm_reload(by)
        elif action == "rollback":
            rolled = await self._reloads.rollback(by)
            if rolled is None:
                return Reply(Outcome.INFO, phrases.say("rollback_none", lang), lang), "none"
            report = rolled
        else:
            return Reply(Outcome.INFO, phrases.say("reload_usage", lang), lang), "usage"
        return Reply(Outcome.INFO, format_report(report, lang), lang), summarize(report)

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
            report = await self._reloads.reload("signal:SIGHUP")
        except Exception as exc:
            log.exception("SIGHUP: reload failed")
            await self.audit("signal", "", "reload", "SIGHUP", f"error: {exc}")
            return
        if report.ok:
            log.info("SIGHUP: %s", summarize(report))
        else:
            log.error("SIGHUP: %s", summarize(report))
        await self.audit("signal", "", "reload", "SIGHUP", summarize(report))

    async def cancel_signalled_reload(self) -> None:
        if self._signalled is not None:
            self._signalled.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._signalled
        self._signalled = None

    # -- /teach --------------------------------------------------------------------------------

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

        async with self._live.lock:
            live = self._live.current
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
            threshold = self._cfg.clarify_threshold
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
            who = self._questions.user_hash(msg)
            example = TaughtExample(
                fact_id, lang, question, msg.platform, who, dt.datetime.now(dt.UTC)
            )
            await self._store.add_taught(example)
            factset, matcher = await self._live.index(live.base)
            self._live.serving = Live(live.revision, factset, matcher, live.base)  # the atomic swap
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

    # -- /unanswered, /audit, /stats ----------------------------------------------------------

    async def _unanswered(self, arg: str, lang: Lang) -> tuple[Reply, str]:
        limit = _count(arg, default=10)
        if limit is None:
            return Reply(Outcome.INFO, phrases.say("unanswered_usage", lang), lang), "usage"
        await self._questions.flush()
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
        await self._questions.flush()
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


# -- /unanswered's groups ---------------------------------------------------------------------


@dataclass
class _Group:
    """Missed questions that read alike, for /unanswered."""

    text: str  # the newest one, as typed
    last: dt.datetime
    count: int
    outcomes: Counter[str]


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
