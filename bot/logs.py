"""Logging set-up that never lets a token reach a log line, a traceback included."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType


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
        record.msg, record.args = redact(message, self._secrets), None
        return True


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[REDACTED]")
    return text


def _redacting_excepthooks(secrets: tuple[str, ...]) -> None:
    """What Python prints for an uncaught exception goes through the redaction too.

    A library may put the token in an exception's message (python-telegram-bot's InvalidToken
    does), and an exception that ends the program is printed by sys.excepthook, not by logging.
    """

    def print_redacted(
        exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(redact(text, secrets))
        sys.stderr.flush()

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit:
            print_redacted(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = print_redacted
    threading.excepthook = thread_hook


def setup_logging(level: str, secrets: Iterable[str]) -> None:
    secrets = tuple(s for s in secrets if s)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    if secrets:
        _redacting_excepthooks(secrets)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Libraries log request URLs, and Telegram's carry the token: keep them at WARNING.
    for noisy in ("httpx", "httpcore", "telegram.ext", "discord.http", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
