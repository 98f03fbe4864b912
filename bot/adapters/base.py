"""The seam between the composition root and each platform adapter."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self


@dataclass(frozen=True)
class Health:
    """What an adapter reports to /healthz: is it connected, and when did the last update come."""

    connected: bool
    last_update: dt.datetime | None = None  # UTC; None until the first update arrives


class Adapter(Protocol):
    """A platform front end. The composition root enters it, serves until `stop`, exits it.

    `serve` returns when `stop` is set (SIGINT/SIGTERM) after finishing the replies in flight;
    `__aexit__` closes connections. Neither raises for a platform fault it can retry.
    `health` is cheap and never raises: the ops endpoint calls it on every request.
    """

    name: str

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def serve(self, stop: asyncio.Event) -> None: ...

    def health(self) -> Health: ...


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
