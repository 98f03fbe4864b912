"""Settings: the file, the environment over it, and one clear line when something is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings
from tests.conftest import CONFIG


def test_the_shipped_config_loads_with_defaults() -> None:
    settings = load_settings(CONFIG, _env_file=None)
    assert settings.store.path == Path("var/spacebot.sqlite3")
    assert settings.telegram.api_base_url == "https://api.telegram.org/bot"
    assert settings.discord_token is None


def test_the_environment_overrides_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPACEBOT_MATCHER__ANSWER_CONFIDENCE", "0.81")
    monkeypatch.setenv("SPACEBOT_ADMINS__TELEGRAM", "[1, 2]")
    monkeypatch.setenv("TELEGRAM_TOKEN", "abc:def")
    settings = load_settings(CONFIG, _env_file=None)
    assert settings.matcher.answer_confidence == 0.81
    assert settings.admins.telegram == (1, 2)
    assert settings.telegram_token is not None
    assert "abc:def" not in repr(settings)
    assert settings.secrets() == ("abc:def",)


def test_spacebot_config_chooses_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "other.toml"
    config.write_text('[store]\npath = "elsewhere.db"\n')
    monkeypatch.setenv("SPACEBOT_CONFIG", str(config))
    assert load_settings(None, _env_file=None).store.path == Path("elsewhere.db")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[matcher]\nclarify_confidence = 0.9\nanswer_confidence = 0.5\n", "must not exceed"),
        ("[matcher]\nsuggest_confidence = 0.8\nanswer_confidence = 0.7\n", "suggest_confidence"),
        ("[matcher]\nanswer_confidense = 0.5\n", "matcher.answer_confidense"),
        ("[telegram]\nport = 0\n", "telegram.port"),
        ("[matcher\n", "bad.toml"),
    ],
)
def test_a_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(config, _env_file=None)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", _env_file=None)
