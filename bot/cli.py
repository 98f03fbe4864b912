"""The `spacebot` command line: run, chat, ask, check-facts, reload --check, export-taught, purge.

Exit codes: 0 done; 1 the facts are invalid and there is no good revision to serve;
2 the configuration is invalid.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bot.adapters.console import ConsoleAdapter, parse, render
from bot.app import open_service, serve
from bot.core.domain import AuditEntry, Inbound, Lang, PurgeCounts, Reply
from bot.core.export import export_taught
from bot.core.facts import load_facts
from bot.core.service import AnswerService, FactsUnavailable, format_report, hash_user
from bot.core.store import SqliteStore
from bot.logs import setup_logging
from bot.settings import ConfigError, Settings, load_settings


def reply_json(question: str, reply: Reply) -> dict[str, Any]:
    """One `ask --json` record."""
    e = reply.explanation

    def cand(c: Any) -> dict[str, Any] | None:
        return (
            None
            if c is None
            else {
                "fact_id": c.fact_id,
                "score": c.score,
                "support": c.support,
                "example": c.example,
            }
        )

    return {
        "question": question,
        "lang": reply.lang.value,
        "outcome": reply.outcome.value,
        "fact_id": reply.fact_id if reply.outcome.value == "answer" else None,
        "score": round(reply.score, 1),
        "answer": reply.text,
        "options": [{"fact_id": o.fact_id, "question": o.label} for o in reply.options],
        "sources": list(reply.sources),
        "explanation": None
        if e is None
        else {
            "query": e.query,
            "best": cand(e.best),
            "runner_up": cand(e.runner_up),
            "confidence": e.confidence,
            "answer_confidence": e.answer_confidence,
            "answer_threshold": e.answer_threshold,
            "clarify_confidence": e.clarify_confidence,
            "clarify_threshold": e.clarify_threshold,
            "margin": e.margin,
            "evidence_margin": e.evidence_margin,
            "evidence": e.evidence,  # set when the words settled a close call
            "support_margin": e.support_margin,
            "support": e.support,  # set when the examples' support settled a close call
            "context_entity": e.context_entity,
            "out_of_scope": e.out_of_scope,  # a catch-all example decided: the fallback
            "small_talk": e.small_talk,  # set when small talk matched this closely decided
            "unknown_names": list(e.unknown_names),  # names no fact knows: the fallback
        },
    }


async def _ask(settings: Settings, args: argparse.Namespace) -> int:
    questions: Iterable[str] = [args.question] if args.question else sys.stdin
    last: Reply | None = None  # in a session, "2" after a "did you mean" picks its option
    async with open_service(settings) as service:
        for number, line in enumerate(questions):
            question = line.rstrip("\n")
            if not question.strip():
                continue
            chat = "session" if args.session else f"line-{number}"
            command, text = parse(question, last if args.session else None)
            reply = last = await service.handle(
                Inbound(text=text, platform="cli", chat=chat, user="cli", locale=args.lang,
                        command=command)
            )  # fmt: skip
            if args.json:
                print(json.dumps(reply_json(question, reply), ensure_ascii=False))
            else:
                print(render(reply) + ("\n" if not args.question else ""))
    return 0


async def _chat(settings: Settings) -> int:
    async with open_service(settings) as service, _console(service) as console:
        await console.serve(asyncio.Event())
    return 0


def _console(service: AnswerService) -> ConsoleAdapter:
    return ConsoleAdapter(service, sys.stdin, sys.stdout)


def _check_facts(args: argparse.Namespace) -> int:
    result = load_facts(Path(args.dir))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.factset is None:
        print(f"{len(result.problems)} problem(s) in {args.dir}", file=sys.stderr)
        return 1
    fs = result.factset
    counts = f"{len(fs.facts)} facts, {len(fs.entities)} entities, {len(fs.topics)} topics"
    print(f"{args.dir}: OK, {counts}")
    return 0


async def _reload_check(settings: Settings) -> int:
    """Validate facts/ and print what a reload would change; apply nothing."""
    async with SqliteStore(settings.store.path) as store:
        report = await AnswerService(store, settings).preview_reload()
    print(format_report(report, Lang.EN), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


async def _export_taught(settings: Settings, directory: Path) -> int:
    async with SqliteStore(settings.store.path) as store:
        taught = await store.taught()
        result = export_taught(directory, taught)
        if not result.problems:
            await store.add_audit(
                AuditEntry(dt.datetime.now(dt.UTC), "cli", "", "export-taught", str(directory),
                           f"ok: {len(result.written)} written, {result.already} already there, "
                           f"{len(result.skipped)} skipped")
            )  # fmt: skip
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        print(f"spacebot: nothing written: {directory} would not pass check-facts", file=sys.stderr)
        return 1
    for done in result.written:
        e = done.example
        print(f"{done.file}: {e.fact_id} questions.{e.lang.value} += {e.question!r}")
    for example, reason in result.skipped:
        print(f"skipped {example.fact_id} {example.question!r}: {reason}", file=sys.stderr)
    print(f"{len(result.written)} written, {result.already} already in {directory}, "
          f"{len(result.skipped)} skipped")  # fmt: skip
    return 0


PLATFORMS = ("telegram", "discord", "console", "cli")


def _user(value: str) -> tuple[str, str]:
    """`--user <platform>:<id>`, checked, so that a typo does not quietly purge nothing."""
    platform, _, user = value.partition(":")
    if platform not in PLATFORMS or not user:
        raise argparse.ArgumentTypeError(
            f"{value!r}: expected <platform>:<id> with platform one of {', '.join(PLATFORMS)}"
        )
    return platform, user


async def _purge(settings: Settings, platform: str, user: str) -> int:
    path = settings.store.path
    if not path.exists():
        print(f"{path}: no store, so nothing is stored about anyone")
        return 0
    async with SqliteStore(path) as store:
        salt = await store.get_meta("user_salt")
        counts = (
            PurgeCounts() if salt is None else await store.purge_user(
                platform, hash_user(salt, platform, user))
        )  # fmt: skip
        summary = (
            f"deleted {counts.questions} question(s), {counts.taught} taught example(s), "
            f"{counts.audit} audit entr{'y' if counts.audit == 1 else 'ies'}"
        )
        # The audit row names the platform only: the id (or its hash) is what was to go.
        await store.add_audit(
            AuditEntry(dt.datetime.now(dt.UTC), "cli", "", "purge", f"one {platform} user",
                       f"ok: {summary}")
        )  # fmt: skip
    print(f"{platform} user {user}: {summary}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spacebot", description="A chatbot about «The Challenge» («Вызов», 2023)."
    )
    parser.add_argument("--config", type=Path, help="settings file (default: config/settings.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start every adapter with a token set; the console if none")
    sub.add_parser("chat", help="chat in the console")
    ask = sub.add_parser("ask", help="answer a question, or one per line of stdin")
    ask.add_argument("question", nargs="?", help="the question; omit to read stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--lang", choices=["en", "ru"], help="language hint when the text has none")
    ask.add_argument("--session", action="store_true", help="keep one chat's context across lines")
    check = sub.add_parser("check-facts", help="validate a facts directory")
    check.add_argument("dir", nargs="?", default="facts")
    reload = sub.add_parser(
        "reload", help="--check: validate facts/ and print what a reload would change"
    )
    reload.add_argument(
        "--check", action="store_true", required=True,
        help="apply nothing (to apply: /reload confirm, or SIGHUP to the running bot)",
    )  # fmt: skip
    export = sub.add_parser("export-taught", help="write the /teach examples into facts/")
    export.add_argument("dir", nargs="?", type=Path, help="default: [facts] dir")
    purge = sub.add_parser("purge", help="delete one person's rows from the store")
    purge.add_argument(
        "--user", type=_user, required=True, metavar="PLATFORM:ID",
        help="e.g. telegram:123456789 (the id as the platform gives it)",
    )  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check-facts":
        return _check_facts(args)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"spacebot: invalid config: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log.level, settings.secrets())
    try:
        if args.command == "ask":
            return asyncio.run(_ask(settings, args))
        if args.command == "chat":
            return asyncio.run(_chat(settings))
        if args.command == "reload":
            return asyncio.run(_reload_check(settings))
        if args.command == "export-taught":
            return asyncio.run(_export_taught(settings, args.dir or settings.facts.dir))
        if args.command == "purge":
            return asyncio.run(_purge(settings, *args.user))
        asyncio.run(serve(settings))
        return 0
    except FactsUnavailable as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"spacebot: {len(exc.problems)} problem(s) in {settings.facts.dir} and no good "
            f"revision in {settings.store.path} to serve instead",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        # The reader went away (`spacebot ask < questions | head`): the rest is not wanted.
        # Python flushes stdout again at exit, and would fail again: it points at /dev/null
        # first, as the signal module's documentation advises.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
