"""``pantau run``: one active instance, polling by default or a webhook with a health endpoint; clean SIGTERM."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import signal
from typing import Any
from urllib.parse import urlparse

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.app import build_application
from bot.services import PantauApp
from bot.settings import BotSettings
from storage.db import is_sqlite
from storage.instance import InstanceGuard, InstanceLockError

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class InstanceRefused(RuntimeError):
    """The bot cannot start: another instance holds the database, or Telegram refused the token or webhook."""


async def _acquire_instance(settings: BotSettings, stop: asyncio.Event) -> InstanceGuard | None:
    """Active/standby: wait for the PostgreSQL advisory lock; refuse a second process on one SQLite file."""
    url = settings.database_url.get_secret_value()
    guard = InstanceGuard(url)
    if is_sqlite(url):
        try:
            await guard.acquire(blocking=False)
        except InstanceLockError as exc:
            raise InstanceRefused(str(exc)) from None
        return guard
    announced = False
    while not stop.is_set():
        try:
            await guard.acquire(blocking=False)
            log.info("this instance is now active")
            return guard
        except InstanceLockError as exc:
            if not announced:
                log.info("standing by: %s", exc)
                announced = True
        try:
            await asyncio.wait_for(stop.wait(), timeout=guard.poll_seconds)
        except TimeoutError:
            pass
    return None


async def _watch_guard(guard: InstanceGuard, stop: asyncio.Event) -> None:
    """If the lock's connection dies, another instance may take over: stop at once rather than run twice."""
    while not stop.is_set():
        await asyncio.sleep(2.0)
        if not await guard.alive():
            log.error("lost the instance lock; stopping so that only one instance runs")
            stop.set()


def _webhook_app(app: PantauApp, path: str, secret: str) -> Any:
    import tornado.web

    class WebhookHandler(tornado.web.RequestHandler):
        async def post(self) -> None:
            given = self.request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                self.set_status(403)
                return
            try:
                data = json.loads(self.request.body)
                update = Update.de_json(data, app.bot)
            except (ValueError, TypeError, KeyError):
                self.set_status(400)
                return
            await app.update_queue.put(update)
            self.set_status(200)

    class HealthHandler(tornado.web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "application/json")
            self.write({"ok": app.running})

    return tornado.web.Application([(path, WebhookHandler), (r"/health", HealthHandler)])


async def serve(settings: BotSettings, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - non-main thread / Windows
            pass
    guard = await _acquire_instance(settings, stop)
    if stop.is_set():
        return
    app = build_application(settings)
    watcher = asyncio.create_task(_watch_guard(guard, stop)) if guard is not None else None
    try:
        try:
            await app.initialize()
        except InvalidToken:
            raise InstanceRefused("Telegram refused the token: check PANTAU_TOKEN (from @BotFather)") from None
        except NetworkError as exc:
            raise InstanceRefused(f"cannot reach the Bot API at {settings.bot_api_url}: {exc}") from None
        server = None
        try:
            await app.start()
            if settings.webhook_url:
                path = urlparse(settings.webhook_url).path or "/"
                secret = (
                    settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
                )
                try:
                    server = _webhook_app(app, path, secret).listen(
                        settings.webhook_port, address=settings.webhook_listen
                    )
                except OSError as exc:  # port taken, no permission for a port below 1024, unknown listen address
                    raise InstanceRefused(
                        f"cannot listen on {settings.webhook_listen}:{settings.webhook_port} "
                        f"({exc.strerror or exc}): check PANTAU_WEBHOOK_LISTEN and PANTAU_WEBHOOK_PORT"
                    ) from None
                try:
                    await app.bot.set_webhook(
                        settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
                    )
                except TelegramError as exc:
                    raise InstanceRefused(f"Telegram refused the webhook {settings.webhook_url}: {exc}") from None
                log.info("webhook on %s:%s%s", settings.webhook_listen, settings.webhook_port, path)
            else:
                assert app.updater is not None
                await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
                log.info("polling %s", settings.bot_api_url)
            await stop.wait()
            log.info("stopping…")
        finally:
            if server is not None:
                server.stop()
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
    finally:
        if watcher is not None:
            watcher.cancel()
        if guard is not None:
            await guard.release()
