"""A failing handler: the user gets a short apology, admins an alert, the log the update, nobody a secret."""

from __future__ import annotations

import logging

import pytest
from telegram.ext import CommandHandler

from bot.redaction import secrets_of
from pantau.logs import install_redaction
from tests.e2e.harness import TOKEN, plain, running_bot
from texts import t

ADMIN = 5_100_001


async def test_an_error_is_logged_alerted_and_never_shown(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN]) as h:
        admin = h.user("Admin", user_id=ADMIN)
        await h.say(admin, "/start")
        budi = h.user("Budi")

        async def broken(update: object, context: object) -> None:
            raise RuntimeError(f"database exploded while holding {TOKEN}")

        assert h.app is not None
        h.app.handlers[0].insert(0, CommandHandler("rusak", broken))
        redactor = install_redaction(secrets_of(TOKEN, db_url))
        caplog.handler.addFilter(redactor)
        with caplog.at_level(logging.ERROR):
            out = await h.say(budi, "/rusak")
        assert [m.text for m in out] == [plain(t("core.error.generic"))]
        [alert] = h.sent(ADMIN)[-1:]
        assert "RuntimeError" in (alert.text or "")
        assert TOKEN not in (alert.text or "") and TOKEN.split(":")[1] not in (alert.text or "")
        logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
        assert "update failed" in logged and '"text": "/rusak"' in logged
        assert TOKEN not in logged and TOKEN.split(":")[1] not in logged
        for handler in logging.getLogger().handlers:
            handler.removeFilter(redactor)
