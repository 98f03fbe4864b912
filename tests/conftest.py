"""Shared fixtures: real objects on tmp_path (a facts dir, a SQLite store, a started service)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import open_service
from bot.core.service import AnswerService
from bot.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "config" / "settings.toml"

MakeSettings = Callable[..., Settings]
# [matcher] settings under which the bot never answers or asks which, and every fallback offers
# its best fact whatever its score: the fallback's offer, whatever the matcher's tuning.
OFFERS = {"answer_confidence": 1.0, "clarify_confidence": 1.0, "suggest_confidence": 0.0,
          "suggest_threshold": 0}  # fmt: skip


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's tokens, config choice or proxies."""
    for name in ("DISCORD_TOKEN", "TELEGRAM_TOKEN", "SPACEBOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    for name in list(__import__("os").environ):
        if name.startswith("SPACEBOT_"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def facts_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped facts/, safe to break."""
    target = tmp_path / "facts"
    shutil.copytree(REPO / "facts", target, ignore=shutil.ignore_patterns("*.md"))
    return target


@pytest.fixture
def make_settings(tmp_path: Path, facts_dir: Path) -> MakeSettings:
    """Settings from config/settings.toml, pointed at tmp_path; keyword args override sections.

    make_settings(admins={"telegram": [42]}, cooldown={"max_questions": 3})
    """

    def make(**overrides: Any) -> Settings:
        merged: dict[str, Any] = {
            "facts": {"dir": facts_dir},
            "store": {"path": tmp_path / "spacebot.sqlite3"},
        }
        for key, value in overrides.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        return load_settings(CONFIG, _env_file=None, **merged)

    return make


@pytest.fixture
async def service(make_settings: MakeSettings) -> AsyncIterator[AnswerService]:
    """A started AnswerService over the shipped facts and a fresh SQLite file."""
    async with open_service(make_settings()) as started:
        yield started
