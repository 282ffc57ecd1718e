"""Settings from the environment or `.env`, all named ``PANTAU_*`` (see `.env.example`)."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TELEGRAM_BOT_API_URL = "https://api.telegram.org"
WEBHOOK_PORTS = (80, 88, 443, 8443)  # the only ports Telegram delivers webhooks to (Bot API, setWebhook)
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    """Everything an operator may set. Secrets are ``SecretStr`` so that no repr or log prints them."""

    model_config = SettingsConfigDict(env_prefix="PANTAU_", env_file=".env", env_file_encoding="utf-8", extra="ignore")

    token: SecretStr | None = None
    database_url: SecretStr = SecretStr("sqlite:///pantau.db")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Asia/Jakarta"
    language: str = "id"
    bot_api_url: str = TELEGRAM_BOT_API_URL
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    draft_expiry_hours: float = 24.0
    tick_seconds: float = 60.0
    persistence_interval: float = 5.0
    log_level: str = "INFO"
    flood_max_updates: int = 30
    flood_window_seconds: float = 10.0

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        """Accept ``111,222`` (what people write) as well as a list."""
        if isinstance(value, int):
            return [value]
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",")]
            try:
                return [int(p) for p in parts if p]
            except ValueError as exc:
                raise ValueError(
                    "PANTAU_ADMIN_IDS must be Telegram user ids separated by commas, e.g. 111,222"
                ) from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Asia/Jakarta") from exc
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("id", "en"):
            raise ValueError("PANTAU_LANGUAGE must be id or en")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _telegram_webhook_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Telegram delivers webhooks only over HTTPS and only to ports 80, 88, 443 or 8443; a local Bot API server
        (another ``bot_api_url``, validated before this field) takes any http(s) URL and port."""
        if not value:
            return None
        parts = urlsplit(value)
        official = info.data.get("bot_api_url", TELEGRAM_BOT_API_URL) == TELEGRAM_BOT_API_URL
        if not official:
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("PANTAU_WEBHOOK_URL must be an http:// or https:// URL")
            return value
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError("PANTAU_WEBHOOK_URL must be a public https:// URL")
        try:
            port = parts.port or 443
        except ValueError:
            raise ValueError("PANTAU_WEBHOOK_URL has an invalid port") from None
        if port not in WEBHOOK_PORTS:
            raise ValueError("Telegram sends webhooks only to ports 80, 88, 443 or 8443 (PANTAU_WEBHOOK_URL)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret_token(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram's secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and - (never echoed: it is a secret)."""
        if value is None or value.get_secret_value() == "":
            return None
        if not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("PANTAU_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_port")
    @classmethod
    def _tcp_port(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError("PANTAU_WEBHOOK_PORT must be a TCP port, 1-65535")
        return value

    @field_validator("bot_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("PANTAU_BOT_API_URL must be an http:// or https:// URL, e.g. https://api.telegram.org")
        return value.strip().rstrip("/")

    @property
    def api_base_url(self) -> str:
        """What python-telegram-bot appends the token to (``…/bot<token>/method``)."""
        return f"{self.bot_api_url}/bot"

    @property
    def api_base_file_url(self) -> str:
        return f"{self.bot_api_url}/file/bot"
