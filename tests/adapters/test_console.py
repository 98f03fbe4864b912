"""The console adapter: the same service, read from and written to text streams."""

from __future__ import annotations

import asyncio
import io
import threading

from bot.adapters.console import ConsoleAdapter, parse, render
from bot.core.domain import Command, Lang, Option, Outcome, Reply
from bot.core.service import AnswerService


async def chat(service: AnswerService, typed: str) -> str:
    out = io.StringIO()
    stop = asyncio.Event()
    async with ConsoleAdapter(service, io.StringIO(typed), out) as console:
        await asyncio.wait_for(console.serve(stop), timeout=10)
    assert stop.is_set()  # ending the console ends the bot
    return out.getvalue()


async def test_questions_and_commands_are_answered_until_quit(service: AnswerService) -> None:
    out = await chat(service, "who directed the film?\n/topics\n/quit\nnever read\n")
    assert "Klim Shipenko" in out
    assert "/film" in out
    assert out.count("spacebot>") == 3


async def test_end_of_input_ends_the_chat(service: AnswerService) -> None:
    out = await chat(service, "привет\n")
    assert "spacebot>" in out


async def test_stop_ends_a_waiting_console(service: AnswerService) -> None:
    """A person who never types: setting stop still ends the chat at once."""
    released = threading.Event()

    class Silent(io.StringIO):
        def __iter__(self) -> Silent:
            return self

        def __next__(self) -> str:
            released.wait(10)
            raise StopIteration

    stop = asyncio.Event()
    try:
        async with ConsoleAdapter(service, Silent(), io.StringIO()) as console:
            task = asyncio.create_task(console.serve(stop))
            await asyncio.sleep(0.05)
            assert not task.done()
            stop.set()
            await asyncio.wait_for(task, timeout=2)
    finally:
        released.set()


def test_a_digit_picks_an_offered_option() -> None:
    last = Reply(Outcome.CLARIFY, "?", Lang.EN, options=(Option("a", "A"), Option("b", "B")))
    assert parse("2", last) == (Command.FACT, "b")
    assert parse("3", last) == (None, "3")
    assert parse("/why", None) == (Command.WHY, "")
    assert parse("/nonsense", None) == (Command.HELP, "")


def test_render_numbers_options_and_lists_sources() -> None:
    reply = Reply(Outcome.ANSWER, "Text", Lang.RU, options=(Option("a", "A"),),
                  sources=("https://x.org",))  # fmt: skip
    assert render(reply) == "Text\n  1. A\nИсточники: https://x.org"
    assert render(Reply(Outcome.SILENT, "")) == ""
