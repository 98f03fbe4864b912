"""The soak: many questions through both fakes at once, with no error, no lost reply, flat memory.

Workers play users: each asks a question, waits for the answer, asks the next; half of them on
Telegram, half on Discord, in private chats and in groups, all at the same time, against one core.
A user who has asked 8 questions (the cooldown) is replaced by a new one. Memory is measured as
this process's RSS after a warm-up and at the end; the fakes forget what they have answered, so
that the growth measured is the bot's.

`make test` runs a short soak (tests/adversarial/test_soak.py). The full one:

    .venv/bin/python -m tests.adversarial.soak                 # 20,000 questions
    .venv/bin/python -m tests.adversarial.soak --questions 50000 --workers 64
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import Settings
from tests.adversarial.harness import (
    both_platforms,
    guild,
    percentile,
    rss_mb,
)
from tests.scratch import scratch_settings

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = (
    "who directed the film?",
    "кто режиссёр фильма?",
    "when did Soyuz MS-19 launch?",
    "who was the commander of Soyuz MS-19?",
    "and how old was he?",
    "did Tom Cruise ever film in space?",
    "how long is the film?",
    "what's the weather in Paris?",
    "hi",
    "спасибо",
    "kto rezhisser filma vyzov",
    "сколько дней они провели на МКС?",
    "tell me about shipenko klim peresild",  # close to several facts: a "did you mean"
    "когда премьера?",
)
PER_USER = 8  # questions per user: the default cooldown lets 8 through
REPLY_WITHIN = 60.0  # seconds a worker waits for one answer before calling it lost


@dataclass
class SoakResult:
    questions: int = 0
    replies: int = 0
    lost: int = 0
    unexpected: int = 0  # replies nobody was waiting for
    problems: list[str] = field(default_factory=list)  # warnings, errors, refused requests
    latency: dict[str, list[float]] = field(default_factory=lambda: {"telegram": [], "discord": []})
    rss_start: float = 0.0
    rss_warm: float = 0.0
    rss_end: float = 0.0
    rss_samples: list[float] = field(default_factory=list)  # every tenth of the run
    seconds: float = 0.0
    handled: float = 0.0
    informational: float = 0.0  # help texts for messages with no words: not logged
    logged: int = 0

    def summary(self) -> str:
        lines = [
            f"soak: {self.questions} questions, {self.replies} replies, {self.lost} lost, "
            f"{self.unexpected} unexpected, {len(self.problems)} problems, "
            f"{self.seconds:.1f} s ({self.questions / max(self.seconds, 1e-9):.0f} questions/s)",
        ]
        for platform, values in self.latency.items():
            p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
            lines.append(
                f"  {platform}: {len(values)} answered, latency p50 {p50:.1f} ms, p99 {p99:.1f} ms"
            )
        lines.append(
            f"  RSS: {self.rss_start:.1f} MB at start, {self.rss_warm:.1f} MB after warm-up, "
            f"{self.rss_end:.1f} MB at the end ({self.rss_end - self.rss_warm:+.1f} MB)"
        )
        lines.append("  RSS every tenth: " + " ".join(f"{mb:.0f}" for mb in self.rss_samples))
        lines.append(
            f"  question log: {self.logged} rows ({self.informational:.0f} wordless messages got "
            "the help text, which is not logged)"
        )
        lines.extend(f"  problem: {p}" for p in self.problems[:20])
        return "\n".join(lines)


class _Problems(logging.Handler):
    """Every warning or error logged during the soak."""

    def __init__(self, out: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        self.out.append(f"{record.levelname} {record.name}: {record.getMessage()}")


async def soak(settings: Settings, questions: int, workers: int = 32) -> SoakResult:
    """Asks `questions` questions, half through each fake, from 2 x `workers` users at a time.

    Telegram's flood limits are lifted (see harness.without_telegram_flood_limits).
    """
    result = SoakResult()
    waiting: dict[tuple[str, int], asyncio.Future[str]] = {}

    def on_reply(platform: str, chat: int, replied: int | None, text: str) -> None:
        future = waiting.pop((platform, chat), None)
        if future is None or future.done():
            result.unexpected += 1
            result.problems.append(f"unexpected {platform} reply in {chat}: {text[:80]!r}")
        else:
            future.set_result(text)

    group_workers = max(1, workers // 8)  # per platform, in group chats; the rest in private
    problems = _Problems(result.problems)
    root = logging.getLogger()
    root.addHandler(problems)
    try:
        async with both_platforms(
            settings, on_reply, guilds=group_workers, flood_limits=False
        ) as both:
            loop = asyncio.get_running_loop()
            done = 0
            warm_at = max(1, questions // 10)
            result.rss_start = rss_mb()

            async def user(platform: str, number: int, share: int) -> None:
                nonlocal done
                for n in range(share):
                    person = 10_000_000 + number * 100_000 + n // PER_USER
                    text = QUESTIONS[(number + n) % len(QUESTIONS)]
                    in_group = number < group_workers
                    future: asyncio.Future[str] = loop.create_future()
                    started = time.perf_counter()
                    if platform == "telegram":
                        chat = -(1_000_000 + number) if in_group else person
                        waiting[(platform, chat)] = future
                        mention = "@SpaceTestBot " if in_group else ""
                        both.telegram.ask(chat, person, mention + text, group=in_group)
                    else:
                        g = guild(number) if in_group else None
                        chat = g.channel_id if g else 500_000_000 + person
                        waiting[(platform, chat)] = future
                        await both.discord.message(
                            text,
                            author_id=person,
                            guild_id=g.id if g else None,
                            channel_id=chat,
                            mention_bot=in_group,
                        )
                    try:
                        await asyncio.wait_for(future, REPLY_WITHIN)
                    except TimeoutError:
                        result.lost += 1
                        waiting.pop((platform, chat), None)
                        continue
                    result.latency[platform].append(time.perf_counter() - started)
                    done += 1
                    if done % warm_at == 0:
                        result.rss_samples.append(rss_mb())
                        if done == warm_at:
                            result.rss_warm = result.rss_samples[-1]
                    if done % 1000 == 0:
                        both.trim()

            started = time.perf_counter()
            per_worker = [questions // (2 * workers)] * (2 * workers)
            for i in range(questions - sum(per_worker)):
                per_worker[i] += 1
            tasks = [
                user("telegram" if i % 2 == 0 else "discord", i // 2, share)
                for i, share in enumerate(per_worker)
            ]
            await asyncio.gather(*tasks)
            result.seconds = time.perf_counter() - started
            result.questions = questions
            result.replies = both.telegram.replies + both.discord.replies
            result.handled = both.handled()
            result.informational = both.handled(outcome="info")
            result.rss_end = rss_mb()
            if not result.rss_warm:
                result.rss_warm = result.rss_start
        result.problems += both.refused
    finally:
        root.removeHandler(problems)
    result.logged = _logged_questions(settings)
    return result


def _logged_questions(settings: Settings) -> int:
    import sqlite3

    with sqlite3.connect(settings.store.path) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM questions").fetchone()
    return int(count)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.adversarial.soak")
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=32, help="users at a time, per platform")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        settings = scratch_settings(Path(tmp), log={"level": "WARNING"})
        logging.basicConfig(level=logging.WARNING)
        result = asyncio.run(soak(settings, args.questions, args.workers))
    print(result.summary())
    ok = (
        not result.lost
        and not result.problems
        and result.replies == result.questions
        and result.logged == result.questions - result.informational
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
