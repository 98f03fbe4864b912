"""The seam between the composition root and each platform adapter."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Protocol, Self


class Adapter(Protocol):
    """A platform front end. The composition root enters it, serves until `stop`, exits it.

    `serve` returns when `stop` is set (SIGINT/SIGTERM) after finishing the replies in flight;
    `__aexit__` closes connections. Neither raises for a platform fault it can retry.
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
