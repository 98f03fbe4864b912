"""The `spacebot` command line: run, chat, ask, check-facts.

Exit codes: 0 done; 1 the facts are invalid and there is no good revision to serve;
2 the configuration is invalid.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bot.adapters.console import ConsoleAdapter, render
from bot.app import open_service, serve
from bot.core.domain import Inbound, Reply
from bot.core.facts import load_facts
from bot.core.service import AnswerService, FactsUnavailable
from bot.logs import setup_logging
from bot.settings import ConfigError, Settings, load_settings


def reply_json(question: str, reply: Reply) -> dict[str, Any]:
    """One `ask --json` record."""
    e = reply.explanation

    def cand(c: Any) -> dict[str, Any] | None:
        return None if c is None else {"fact_id": c.fact_id, "score": c.score, "example": c.example}

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
            "answer_threshold": e.answer_threshold,
            "clarify_threshold": e.clarify_threshold,
            "margin": e.margin,
            "context_entity": e.context_entity,
        },
    }


async def _ask(settings: Settings, args: argparse.Namespace) -> int:
    questions: Iterable[str] = [args.question] if args.question else sys.stdin
    async with open_service(settings) as service:
        for number, line in enumerate(questions):
            question = line.rstrip("\n")
            if not question.strip():
                continue
            chat = "session" if args.session else f"line-{number}"
            reply = await service.handle(
                Inbound(text=question, platform="cli", chat=chat, user="cli", locale=args.lang)
            )
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


if __name__ == "__main__":
    sys.exit(main())
