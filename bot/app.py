"""The composition root: ``build_application(settings)`` wires database, persistence, handlers and jobs.

Tests, the sandbox and ``pantau run`` all build the application here; nothing in ``bot/`` exists only for tests.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from datetime import datetime

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults, TypeHandler
from telegram.warnings import PTBUserWarning

from bot import commands, errors, menu
from bot.flood import FloodGuard
from bot.handlers import actions, core, verification
from bot.notifier import TelegramNotifier
from bot.persistence import DatabasePersistence
from bot.plan import chat as plan_chat
from bot.report import conversation
from bot.services import SERVICES_KEY, PantauApp, PantauContext, Services, utc_now
from bot.settings import BotSettings
from bot.updates import PerPersonUpdateProcessor
from domain.zones import team_zone
from jobs import tick as jobs_tick
from storage.db import Database

log = logging.getLogger(__name__)

# Our conversations keep per_message=False on purpose (text and photo steps); callback data carries the draft id
# and stale buttons are refused (``bot.report.draft``), so PTB's reminder about it is noise in every start-up log.
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)

# Modules with ``register(app)``, registered in this order, before the catch-alls: the two conversations first
# (their entry points and /batal win over the table's /start and /batal), the plan change in the chat, then the
# command table (``bot.commands``).
FEATURE_MODULES = (
    conversation,  # /lapor: first, so its entry points win over /start
    actions,  # /putuskan's steps, the follow-up note: before verification's /batal outside every conversation
    verification,
    plan_chat,  # plan files, the plan change's buttons and basis: after both conversations (theirs come first)
    commands,
)
FLOOD_GROUP = -10
WRITE_THROUGH_GROUP = 99


async def write_through(update: Update, context: PantauContext) -> None:
    """Persist conversation state and user data now, not on PTB's interval: a killed process loses at most the updates
    in flight (one per person: ``bot.updates``)."""
    if update.effective_user is not None:
        context.application.mark_data_for_update_persistence(user_ids=update.effective_user.id)
    await context.application.update_persistence()


async def tick(context: PantauContext) -> None:
    """The clock: every ``tick_seconds`` ask the jobs what is due (the database is the schedule)."""
    services = context.services
    now = services.now()
    if services.notifier is not None:
        await jobs_tick.tick(services.db, services.notifier, now)
    for hook in services.tick_hooks:
        await hook(context.application, now)


class PantauApplication(Application):  # type: ignore[type-arg]
    """Our start-up and shutdown run in ``initialize``/``shutdown`` themselves.

    PTB calls ``post_init`` only from ``run_polling``/``run_webhook``; the runner, the sandbox and the tests start
    the application with ``initialize()`` + ``start()``, and must all get the same menus, notifier and clock.
    """

    async def initialize(self) -> None:
        await super().initialize()
        await _on_initialized(self)

    async def shutdown(self) -> None:
        await super().shutdown()
        await _on_shutdown(self)


async def _on_initialized(app: Application) -> None:  # type: ignore[type-arg]
    services: Services = app.bot_data[SERVICES_KEY]
    services.bot_username = app.bot.username or services.bot_username
    services.notifier = TelegramNotifier(app.bot)
    await menu.set_menus(app)
    if services.settings.tick_seconds > 0 and app.job_queue is not None:
        app.job_queue.run_repeating(
            tick,
            interval=services.settings.tick_seconds,
            first=1.0,
            name="tick",
            job_kwargs={"id": "tick", "replace_existing": True, "misfire_grace_time": None, "coalesce": True},
        )


async def _on_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    services: Services = app.bot_data[SERVICES_KEY]
    if services.owns_db:
        await services.db.dispose()


def build_application(
    settings: BotSettings,
    *,
    db: Database | None = None,
    clock: Callable[[], datetime] = utc_now,
    connect_timeout: float = 10.0,
    read_timeout: float = 15.0,
) -> PantauApp:
    """Build the whole bot; ``db`` and ``clock`` are injectable so tests and the sandbox share one database."""
    if settings.token is None:
        raise ValueError("PANTAU_TOKEN is not set")
    owns_db = db is None
    database = db or Database(settings.database_url.get_secret_value())
    builder = (
        ApplicationBuilder()
        .token(settings.token.get_secret_value())
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_file_url)
        .context_types(ContextTypes(context=PantauContext))
        .persistence(DatabasePersistence(database, clock, update_interval=settings.persistence_interval))
        # One request per 1/30 s instead of aiolimiter's bucket of 30: its burst lets ~60 through in the first
        # second, which Telegram answers with 429 and a pause for everyone (bench/RESULTS.md, broadcast).
        .rate_limiter(AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 30, max_retries=3))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=team_zone(settings.timezone),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .connect_timeout(connect_timeout)
        .read_timeout(read_timeout)
        .write_timeout(read_timeout)
        .get_updates_read_timeout(read_timeout + 30)
        .application_class(PantauApplication)
        # Different people's updates at once, each person's in order (bot.updates; bench/RESULTS.md, the rush).
        .concurrent_updates(PerPersonUpdateProcessor())
    )
    app: PantauApp = builder.build()  # type: ignore[assignment]
    services = Services(settings=settings, db=database, clock=clock, owns_db=owns_db)
    app.bot_data[SERVICES_KEY] = services

    app.add_handler(
        TypeHandler(Update, FloodGuard(settings.flood_max_updates, settings.flood_window_seconds)), group=FLOOD_GROUP
    )
    for module in FEATURE_MODULES:
        module.register(app)
    core.register(app)
    core.register_fallbacks(app)
    app.add_handler(TypeHandler(Update, write_through), group=WRITE_THROUGH_GROUP)
    app.add_error_handler(errors.on_error)
    return app
