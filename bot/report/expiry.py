"""Draft expiry, ours because PTB does not persist conversation timeouts (they live in memory only).

The tick marks drafts idle longer than ``settings.draft_expiry_hours`` as expired, in one transaction, and then
tells each person once. It never touches the conversation rows: the person's state stays where it was until they
write again, and the state handlers' guard then ends it with a short notice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.report.notices import send_private
from bot.services import SERVICES_KEY, Services
from domain.numbers import format_number
from storage.drafts import expire_idle_drafts
from texts import t

log = logging.getLogger(__name__)


async def expire_drafts(app: Any, now: datetime) -> None:
    """Tick hook: expire idle drafts and message each person once."""
    services: Services = app.bot_data[SERVICES_KEY]
    hours = services.settings.draft_expiry_hours
    expired = await services.db.run(expire_idle_drafts, now, timedelta(hours=hours))
    for draft in expired:
        if not draft.reachable:
            continue
        text = t("report.expired_notice", draft.language, hours=format_number(hours, draft.language))
        await send_private(app.bot, services.db, draft.telegram_id, text)
    if expired:
        log.info("expired %d idle report drafts", len(expired))
