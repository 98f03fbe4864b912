"""Tokens never appear in a log line, a formatted argument, or a traceback."""

from __future__ import annotations

import io
import logging

from bot.logs import RedactingFilter

SECRET = "7777777:AAH-very-secret"


def test_secrets_are_redacted_from_messages_args_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter([SECRET]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    try:
        logger.warning("calling https://api.telegram.org/bot%s/getMe", SECRET)
        try:
            raise RuntimeError(f"bad token {SECRET}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert SECRET not in out
    assert out.count("[REDACTED]") == 2
    assert "RuntimeError" in out
