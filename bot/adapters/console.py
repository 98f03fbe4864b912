"""The console chat (`spacebot chat`, and `spacebot run` with no tokens set)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import threading
from types import TracebackType
from typing import Self, TextIO

from bot.adapters.base import Health, utc_now
from bot.core.domain import Command, Inbound, Outcome, Reply
from bot.core.service import AnswerService

PROMPT = "spacebot> "
QUIT = frozenset({"/quit", "/exit", "/q"})


def render(reply: Reply) -> str:
    """A Reply as plain terminal text; options are numbered so a digit picks one."""
    if reply.outcome is Outcome.SILENT:
        return ""
    lines = [reply.text]
    for number, option in enumerate(reply.options, start=1):
        lines.append(f"  {number}. {option.label}")
    if reply.sources:
        head = "Источники" if reply.lang.value == "ru" else "Sources"
        lines.append(f"{head}: " + "  ".join(reply.sources))
    return "\n".join(lines)


def parse(line: str, last: Reply | None) -> tuple[Command | None, str]:
    """A typed line as (command, argument): "/why" → WHY; "2" after options → that fact."""
    text = line.strip()
    if last is not None and last.options and text.isdigit():
        index = int(text) - 1
        if 0 <= index < len(last.options):
            return Command.FACT, last.options[index].fact_id
    if text.startswith("/"):
        name, _, arg = text[1:].partition(" ")
        try:
            return Command(name.lower()), arg
        except ValueError:
            return Command.HELP, ""
    return None, text


class ConsoleAdapter:
    """Reads questions from a text stream and prints the answers."""

    name = "console"

    def __init__(self, service: AnswerService, stdin: TextIO, stdout: TextIO) -> None:
        self._service = service
        self._in = stdin
        self._out = stdout
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._serving = False
        self._last_line: dt.datetime | None = None

    async def __aenter__(self) -> Self:
        loop = asyncio.get_running_loop()

        def pump() -> None:
            # A daemon thread, not the default executor: a blocked readline must not hold up exit.
            try:
                for line in self._in:
                    loop.call_soon_threadsafe(self._lines.put_nowait, line)
                loop.call_soon_threadsafe(self._lines.put_nowait, None)
            except RuntimeError:
                pass  # the loop has closed: the chat is over, nobody is waiting for input

        threading.Thread(target=pump, name="console-stdin", daemon=True).start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._out.flush()

    def _write(self, text: str) -> None:
        if text:
            self._out.write(text + "\n")
        self._out.flush()

    async def serve(self, stop: asyncio.Event) -> None:
        """Answer line by line until /quit, end of input, or `stop`; then set `stop`."""
        self._write(render(await self._service.handle(self._inbound(Command.START, ""))))
        last: Reply | None = None
        stopping = asyncio.create_task(stop.wait())
        self._serving = True
        try:
            while not stop.is_set():
                self._out.write(PROMPT)
                self._out.flush()
                getting = asyncio.create_task(self._lines.get())
                await asyncio.wait({getting, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not getting.done():
                    getting.cancel()
                    break
                line = getting.result()
                if line is None or line.strip().lower() in QUIT:
                    break
                self._last_line = utc_now()
                if not line.strip():
                    continue
                command, text = parse(line, last)
                reply = await self._service.handle(self._inbound(command, text))
                self._write(render(reply))
                last = reply if reply.options else None
        finally:
            self._serving = False
            stopping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopping
            self._write("")
            stop.set()

    def health(self) -> Health:
        """Connected while the chat is being served; the last update is the last line read."""
        return Health(self._serving, self._last_line)

    @staticmethod
    def _inbound(command: Command | None, text: str) -> Inbound:
        return Inbound(text=text, platform="console", chat="console", user="console",
                       command=command)  # fmt: skip
