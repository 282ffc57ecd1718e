"""Masking secrets in text: the bot token and the database password become ``***`` in every log record and alert."""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "***"


class RedactSecrets(logging.Filter):
    """Replace each secret by ``***`` in the rendered message (and drop the args so it cannot come back)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


def secrets_of(token: str | None, database_url: str | None) -> list[str]:
    found = [token or ""]
    if token and ":" in token:
        found.append(token.split(":", 1)[1])
    if database_url:
        from sqlalchemy.engine import make_url

        try:
            password = make_url(database_url).password
        except Exception:  # an unparsable URL has no password we could find
            password = None
        if password:
            found.append(str(password))
    return found
