"""Settings for a throwaway run: a private copy of facts/ and a store, both in one directory."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bot.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]


def scratch_settings(directory: Path, **overrides: Any) -> Settings:
    """config/settings.toml, with facts/ copied into `directory` and the store beside it."""
    facts = directory / "facts"
    shutil.copytree(REPO / "facts", facts, ignore=shutil.ignore_patterns("*.md"))
    return load_settings(
        REPO / "config" / "settings.toml",
        _env_file=None,
        **{"facts": {"dir": facts}, "store": {"path": directory / "spacebot.sqlite3"}, **overrides},
    )
