"""Logging set-up that never lets a token reach a log line, a traceback included."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable


class RedactingFilter(logging.Filter):
    """Replaces every secret in a record's final text (message, args and traceback)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if record.exc_info:
            # Render the traceback now, so that the redacted copy is what handlers print.
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        if record.stack_info:
            message += "\n" + record.stack_info
            record.stack_info = None
        for secret in self._secrets:
            message = message.replace(secret, "[REDACTED]")
        record.msg, record.args = message, None
        return True


def setup_logging(level: str, secrets: Iterable[str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Libraries log request URLs, and Telegram's carry the token: keep them at WARNING.
    for noisy in ("httpx", "httpcore", "telegram.ext", "discord.http", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
