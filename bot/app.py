"""The composition root: settings → store → matcher/service → adapters, with `async with`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, TextIO

from bot.adapters.base import Adapter
from bot.adapters.console import ConsoleAdapter
from bot.core.service import AnswerService
from bot.core.store import SqliteStore
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.ops import Metrics

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def open_service(
    settings: Settings, metrics: Metrics | None = None
) -> AsyncIterator[AnswerService]:
    """A started service over the configured store; the question log is flushed on exit.

    With `metrics`, the service counts and times what it handles into them (see bot/ops.py).
    """
    async with SqliteStore(settings.store.path) as store:
        if metrics is None:
            service = AnswerService(store, settings)
        else:
            from bot.ops import MeteredService

            service = MeteredService(store, settings, metrics=metrics)
        async with service:
            yield service


def build_adapters(
    settings: Settings, service: AnswerService, stdin: TextIO, stdout: TextIO
) -> list[Adapter]:
    """Every adapter whose token is set; the console when there is none."""
    adapters: list[Adapter] = []
    if settings.telegram_token is not None and settings.telegram_token.get_secret_value():
        from bot.adapters.telegram_adapter import TelegramAdapter

        adapters.append(TelegramAdapter(settings.telegram, settings.telegram_token, service))
    if settings.discord_token is not None and settings.discord_token.get_secret_value():
        from bot.adapters.discord_adapter import DiscordAdapter

        adapters.append(DiscordAdapter(settings.discord, settings.discord_token, service))
    if not adapters:
        adapters.append(ConsoleAdapter(service, stdin, stdout))
    return adapters


async def serve(settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    """Run until SIGINT/SIGTERM (or the console's /quit), then shut down in order."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not main thread
            loop.add_signal_handler(sig, stop.set)
    metrics: Metrics | None = None
    if settings.ops.address is not None:
        from bot.ops import Metrics

        metrics = Metrics()
    try:
        async with open_service(settings, metrics) as service, contextlib.AsyncExitStack() as stack:
            with contextlib.suppress(NotImplementedError, RuntimeError):  # SIGHUP: reload facts/
                loop.add_signal_handler(signal.SIGHUP, service.reload_soon)
            adapters = build_adapters(settings, service, stdin, stdout)
            if metrics is not None:
                from bot.ops import OpsServer

                ops = OpsServer(settings.ops, service, adapters, metrics)
                await stack.enter_async_context(ops)
            for adapter in adapters:
                await stack.enter_async_context(adapter)
            log.info("serving: %s (facts revision %d)",
                     ", ".join(a.name for a in adapters), service.revision)  # fmt: skip
            await asyncio.gather(*(adapter.serve(stop) for adapter in adapters))
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
