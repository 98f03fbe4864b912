"""Typed settings: config/settings.toml, overridden by the environment and .env.

Nothing is read at import time; `load_settings` is called once by the composition root.
Environment overrides use the SPACEBOT_ prefix with `__` between levels, e.g.
SPACEBOT_MATCHER__ANSWER_THRESHOLD=80. Tokens come only from the environment or .env.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from pydantic import (
    AliasChoices,
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG = Path("config/settings.toml")


class _Section(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}


class FactsSettings(_Section):
    dir: Path = Path("facts")


class StoreSettings(_Section):
    path: Path = Path("var/spacebot.sqlite3")


# The confidence model's weights, one per feature (bot/core/confidence.py FEATURES).
Weights = tuple[float, float, float, float]


class MatcherSettings(_Section):
    # The bot answers when the confidence model (bot/core/confidence.py: weights for the best
    # score weighed by the question's length, its lead, the support and its lead, then a bias;
    # `make calibrate` fits them on tests/eval) gives the best fact at least
    # `answer_confidence`. Short of that, it asks which was meant when another fact scores
    # within `margin` (scores are 0..100), the best at `clarify_threshold` or more and the
    # confidence at `clarify_confidence`; else it falls back.
    confidence_weights: Weights = (7.284, 13.2668, 1.2056, 0.2265)
    confidence_bias: float = -4.5354
    answer_confidence: float = Field(0.7, ge=0, le=1)
    clarify_confidence: float = Field(0.5, ge=0, le=1)
    clarify_threshold: float = Field(55.0, ge=0, le=100)
    # However sure the model, a best fact scoring under this is not answered: two of a long
    # question's words shared with one example ("как поднять ранг в рокет лиге" with the
    # rocket that "подняла" them) leave the candidates a clear lead and no match worth one.
    answer_threshold: float = Field(45.0, ge=0, le=100)
    # A question of `long_question_words` different words or more needs only this: each word
    # the example lacks counts against it, so a long question scores less for the same match.
    long_answer_threshold: float = Field(40.0, ge=0, le=100)
    long_question_words: int = Field(8, ge=1)
    margin: float = Field(6.0, ge=0, le=100)
    # A fallback still offers the best fact ("Is this what you wanted to know?", Rasa's
    # two-stage fallback) when the confidence is at least `suggest_confidence` and its score at
    # least `suggest_threshold`: a paraphrase the matcher half-recognised is one tap from its
    # answer, and nothing is asserted. Set it to answer_confidence to never offer one.
    suggest_confidence: float = Field(0.4, ge=0, le=1)
    suggest_threshold: float = Field(40.0, ge=0, le=100)
    # A close call (facts within `margin`, none out of scope) is answered when the words'
    # evidence for one fact leads the next by this much (natural log-odds; 2 is odds of about
    # 7 to 1). Set it very high to always ask instead.
    evidence_margin: float = Field(2.0, ge=0)
    # Before the words' evidence, a close call goes to the fact whose two best examples,
    # summed (0..2), lead the next fact's by this much. Set it above 2 to never settle so.
    support_margin: float = Field(0.1, ge=0)
    # Small talk whose example matches this closely ("hey there bot", "hows it going
    # spacebot") is answered whatever the confidence, unless an out-of-scope example is within
    # `margin`: the model doubts a match no second example backs, as a greeting matched whole
    # has none, and a greeting back costs nothing. Above 100, small talk is decided as the rest.
    smalltalk_threshold: float = Field(95.0, ge=0, le=101)
    max_input_chars: int = Field(1000, ge=10)

    @model_validator(mode="after")
    def _ordered(self) -> MatcherSettings:
        if self.clarify_confidence > self.answer_confidence:
            raise ValueError("clarify_confidence must not exceed answer_confidence")
        if self.suggest_confidence > self.answer_confidence:
            raise ValueError("suggest_confidence must not exceed answer_confidence")
        return self


class ContextSettings(_Section):
    ttl_seconds: float = Field(300.0, gt=0)  # how long a chat's last topic feeds follow-ups


class CooldownSettings(_Section):
    max_questions: int = Field(8, ge=1)
    window_seconds: float = Field(30.0, gt=0)


class AdminSettings(_Section):
    discord: tuple[int, ...] = ()
    telegram: tuple[int, ...] = ()
    console: bool = True  # the person at the console runs the bot, so is its admin


class TelegramSettings(_Section):
    api_base_url: str = "https://api.telegram.org/bot"
    webhook_url: str = ""  # set to switch from polling to webhook mode
    listen: str = "0.0.0.0"
    port: int = Field(8443, ge=1, le=65535)


class DiscordSettings(_Section):
    api_base_url: str = "https://discord.com/api/v10"
    gateway_url: str = ""  # empty: ask the API for it, as discord.py does
    sync_guild: int = 0  # a guild id syncs commands there instantly, for development
    shard_count: int = Field(0, ge=0)  # 0: one unsharded client
    shard_ids: tuple[int, ...] = ()


class OpsSettings(_Section):
    # "HOST:PORT" serves /healthz and /metrics over HTTP there; empty (the default): no endpoint.
    listen: str = ""

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        if value:
            host, _, port = value.rpartition(":")
            if not host or not port.isdigit() or int(port) > 65535:
                raise ValueError("want HOST:PORT, e.g. 127.0.0.1:9108, or empty for no endpoint")
        return value

    @property
    def address(self) -> tuple[str, int] | None:
        """(host, port) to listen on, or None when the endpoint is off."""
        if not self.listen:
            return None
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]"), int(port)


class LogSettings(_Section):
    retention_days: int = Field(30, ge=1)
    level: str = "INFO"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SPACEBOT_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="forbid",
        frozen=True,
    )
    config_file: ClassVar[Path | None] = None

    facts: FactsSettings = FactsSettings()
    store: StoreSettings = StoreSettings()
    matcher: MatcherSettings = MatcherSettings()
    context: ContextSettings = ContextSettings()
    cooldown: CooldownSettings = CooldownSettings()
    admins: AdminSettings = AdminSettings()
    telegram: TelegramSettings = TelegramSettings()
    discord: DiscordSettings = DiscordSettings()
    ops: OpsSettings = OpsSettings()
    log: LogSettings = LogSettings()

    discord_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("DISCORD_TOKEN", "SPACEBOT_DISCORD_TOKEN")
    )
    telegram_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("TELEGRAM_TOKEN", "SPACEBOT_TELEGRAM_TOKEN")
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings, dotenv_settings]
        if cls.config_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=cls.config_file))
        return tuple(sources)

    def secrets(self) -> tuple[str, ...]:
        """Every token in force, so that logging can redact them."""
        return tuple(
            t.get_secret_value()
            for t in (self.discord_token, self.telegram_token)
            if t is not None and t.get_secret_value()
        )


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the operator."""


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Read the config file (--config, else SPACEBOT_CONFIG, else config/settings.toml)."""
    path = config or Path(os.environ.get("SPACEBOT_CONFIG", "") or DEFAULT_CONFIG)
    explicit = config is not None or bool(os.environ.get("SPACEBOT_CONFIG"))
    if not path.is_file():
        if explicit:
            raise ConfigError(f"{path}: config file not found")
        path_or_none: Path | None = None
    else:
        path_or_none = path

    # A subclass per call keeps the file choice out of global state.
    bound = type("BoundSettings", (Settings,), {"config_file": path_or_none})
    try:
        settings: Settings = bound(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{path}: {loc}: {first['msg']}{more}") from None
    except ValueError as exc:  # a TOML syntax error in the config file
        raise ConfigError(f"{path}: {exc}") from None
    return settings
