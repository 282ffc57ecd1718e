"""The error handler: log the update, tell the bootstrap admins privately, never show a traceback to a user."""

from __future__ import annotations

import html
import json
import logging
import time

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.handlers.common import reply
from bot.redaction import RedactSecrets, secrets_of
from bot.services import PantauContext
from texts import t

log = logging.getLogger(__name__)
ALERT_EVERY_SECONDS = 60.0  # the same error alerts the admins at most once a minute (per application)


async def on_error(update: object, context: PantauContext) -> None:
    error = context.error
    services = context.services
    redactor = RedactSecrets(
        secrets_of(
            services.settings.token.get_secret_value() if services.settings.token else None,
            services.settings.database_url.get_secret_value(),
        )
    )
    summary = redactor.redact(f"{type(error).__name__}: {error}")[:500]
    update_text = ""
    if isinstance(update, Update):
        update_text = redactor.redact(json.dumps(update.to_dict(), ensure_ascii=False, default=str))[:1500]
    log.error("update failed: %s; update=%s", summary, update_text, exc_info=error)
    if isinstance(error, NetworkError | RetryAfter) and not isinstance(update, Update):
        return  # polling hiccups: PTB retries them itself
    if isinstance(update, Update) and update.effective_chat is not None and not isinstance(error, Forbidden):
        lang = update.effective_user.language_code if update.effective_user else None
        try:
            await reply(update, t("core.error.generic", lang))
        except TelegramError:
            log.warning("could not tell the user about the error")
    now = time.monotonic()
    last_alert = services.last_alert
    if now - last_alert.get(summary, -ALERT_EVERY_SECONDS) < ALERT_EVERY_SECONDS:
        return
    last_alert[summary] = now
    for admin in services.settings.admin_ids:
        try:
            await context.bot.send_message(
                admin,
                t("core.error.admin_alert", "id", error=html.escape(summary), update=html.escape(update_text[:800])),
            )
        except TelegramError:
            log.warning("could not alert admin %s", admin)
