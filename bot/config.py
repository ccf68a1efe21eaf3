"""Typed settings read from environment variables and an optional `.env` file."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.i18n import SUPPORTED_LANGUAGES

TOKEN_PATTERN = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")
OFFLINE_TOKEN = "1000001:offline-console-token-not-for-telegram-0000"


class ConfigError(Exception):
    """A configuration problem explained in one line for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    database_url: str = Field(default="sqlite:///councilbot.db", alias="DATABASE_URL")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org", alias="TELEGRAM_API_BASE_URL"
    )
    timezone: str = Field(default="Europe/Copenhagen", alias="COUNCILBOT_TIMEZONE")
    default_language: str = Field(default="da", alias="COUNCILBOT_DEFAULT_LANGUAGE")
    bot_username: str | None = Field(default=None, alias="COUNCILBOT_BOT_USERNAME")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("default_language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    def require_token(self) -> str:
        """Return the bot token or raise ConfigError with a one-line explanation."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put it in the "
                "environment or in .env (or try `councilbot demo`, which needs no token)."
            )
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon "
                "and about 35 letters, e.g. 123456789:AAH...)."
            )
        return token

    @property
    def has_token(self) -> bool:
        return self.telegram_bot_token is not None and bool(
            self.telegram_bot_token.get_secret_value()
        )


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one-line ConfigErrors."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid configuration: {problems}") from exc
