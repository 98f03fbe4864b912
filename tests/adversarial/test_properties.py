"""Property-based tests on the core: for any unicode string up to 100 KB the service returns a
Reply, does not raise, and does work bounded by the input cap, not by the input.

The text mixes control characters, NUL, zero-width joiners, right-to-left overrides, combining
marks, emoji, lone surrogates and Markdown/HTML/mention syntax (tests/adversarial/corpus.py).
Hypothesis runs derandomized, without an example database: every run tries the same examples.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings

from bot.app import open_service
from bot.core.domain import ChatKind, Command, Inbound, Outcome, Reply
from bot.core.service import AnswerService
from tests.adversarial.corpus import MAX_TEXT, hostile_texts
from tests.conftest import MakeSettings

SECONDS_PER_MESSAGE = 1.0  # typically a few ms; generous for a loaded CI machine
MAX_REPLY = 20_000  # characters: the longest reply (an /unanswered page) is far below this

DETERMINISTIC = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # One started core serves every example (each with a user and chat of its own).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Core:
    loop: asyncio.AbstractEventLoop
    service: AnswerService
    cap: int
    users: Iterator[int]

    def handle(self, msg: Inbound) -> Reply:
        started = time.perf_counter()
        reply = self.loop.run_until_complete(self.service.handle(msg))
        took = time.perf_counter() - started
        assert isinstance(reply, Reply)
        assert reply.outcome in set(Outcome)
        assert took < SECONDS_PER_MESSAGE, f"{took:.2f} s for {len(msg.text)} characters"
        assert len(reply.text) <= MAX_REPLY
        if reply.explanation is not None:
            assert len(reply.explanation.query) <= self.cap, "matched more than the input cap"
        return reply


@pytest.fixture
def core(make_settings: MakeSettings) -> Iterator[Core]:
    """A started service on an event loop of its own, driven from synchronous Hypothesis tests."""
    settings = make_settings()
    loop = asyncio.new_event_loop()
    stack = contextlib.AsyncExitStack()
    try:
        service = loop.run_until_complete(stack.enter_async_context(open_service(settings)))
        yield Core(loop, service, settings.matcher.max_input_chars, itertools.count(1000))
    finally:
        loop.run_until_complete(stack.aclose())
        loop.close()


WORST = (
    "a" * MAX_TEXT,
    "who directed the film? " * (MAX_TEXT // 23),
    "e" + "\u0301" * (MAX_TEXT - 1),
    "👨\u200d👩\u200d👧\u200d👦" * (MAX_TEXT // 7),
    "<b>&amp;@everyone\x00\u202e" * (MAX_TEXT // 20),
    "/" * MAX_TEXT,
    "\ud800" * MAX_TEXT,
)


@DETERMINISTIC
@given(text=hostile_texts())
@example(text="")
@example(text=WORST[0])
@example(text=WORST[1])
@example(text=WORST[2])
@example(text=WORST[3])
@example(text=WORST[4])
@example(text=WORST[5])
@example(text=WORST[6])
def test_any_text_as_a_question_gets_a_reply(core: Core, text: str) -> None:
    user = str(next(core.users))
    private = core.handle(Inbound(text, "telegram", chat=user, user=user, locale="ru"))
    assert private.outcome is not Outcome.SILENT  # a private chat always gets an answer
    group = Inbound(text, "discord", chat="g", user=user, chat_kind=ChatKind.GROUP)
    assert core.handle(group).outcome is Outcome.SILENT  # not addressed to the bot
    core.handle(Inbound(text, "discord", chat="g", user=user, chat_kind=ChatKind.GROUP,
                        mentioned=True))  # fmt: skip
    why = core.handle(Inbound("", "telegram", chat=user, user=user, command=Command.WHY))
    assert len(why.text) <= MAX_REPLY


COMMANDS = (Command.ASK, Command.CREW, Command.FACT, Command.HELP, Command.TOPICS, Command.STATS)


@DETERMINISTIC
@given(text=hostile_texts())
@example(text=WORST[4])
@example(text=WORST[6])
def test_any_text_as_a_command_argument_gets_a_reply(core: Core, text: str) -> None:
    user = str(next(core.users))
    for command in COMMANDS:  # STATS is refused: the user is no admin
        core.handle(Inbound(text, "telegram", chat=user, user=user, command=command))


@DETERMINISTIC
@given(text=hostile_texts())
@example(text=WORST[6])
def test_any_text_from_an_admin_leaves_the_question_log_writable(
    core: Core, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    """What a user typed is logged, then shown by /unanswered; neither step may break."""
    caplog.set_level(logging.WARNING, logger="bot.core.service")
    core.handle(Inbound(text, "console", chat="console", user="console"))
    shown = core.handle(Inbound("", "console", "console", "console", command=Command.UNANSWERED))
    assert shown.outcome is Outcome.INFO
    core.loop.run_until_complete(core.service.flush())
    assert "cannot write" not in caplog.text
