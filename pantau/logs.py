"""Logging that never prints a secret: the bot token and the database password are masked in every record."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.redaction import RedactSecrets


def install_redaction(secrets: Iterable[str]) -> RedactSecrets:
    """Attach the filter to every handler of the root logger (handlers see records of all loggers)."""
    redactor = RedactSecrets(secrets)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    for handler in root.handlers:
        handler.addFilter(redactor)
    return redactor
