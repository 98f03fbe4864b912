"""The adversarial and fault suite: bounded, deterministic, loopback only."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the Telegram adapter opts in to; set here so that the environment is restored."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
