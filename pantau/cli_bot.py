"""``pantau run``, ``pantau sandbox`` and ``pantau invite`` (a link, or ``--sheet``: printable invitations)."""

from __future__ import annotations

import argparse
import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from pantau.settings import Settings

TOKEN_HELP = (
    "PANTAU_TOKEN is not set: put PANTAU_TOKEN=<token from @BotFather> in .env or the environment "
    "(or try `pantau sandbox`, which needs no token)"
)
TOKEN_SHAPE_HELP = (
    "PANTAU_TOKEN does not look like a bot token (the bot's number, a colon, then letters, digits, _ and -, "
    "e.g. 123456789:AAH...): copy it again from @BotFather, without quotes or spaces"
)
# What @BotFather hands out: the bot's numeric id, a colon, a secret of URL-safe characters. Anything else would be
# sent to Telegram inside the URL path (a space or a slash breaks the request), so it is refused before.
TOKEN_SHAPE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="run the bot (polling, or a webhook when PANTAU_WEBHOOK_URL is set)")
    run.set_defaults(func=_run)
    sandbox = sub.add_parser("sandbox", help="try the bot offline in the terminal, with no token and no network")
    sandbox.add_argument("--database", metavar="URL", help="use this database instead of a throwaway one")
    sandbox.add_argument("--plan", metavar="FILE", help="plan to seed (default: the TPAKD Deli Serdang example)")
    sandbox.add_argument("--files", metavar="DIR", default="sandbox-files", help="where photos and files are saved")
    sandbox.add_argument(
        "--province",
        action="store_true",
        help="the Kalimantan Tengah example: the province over five regency teams, with sample reports of TW I",
    )
    sandbox.set_defaults(func=_sandbox)
    invite = sub.add_parser(
        "invite",
        help="make a one-time invitation link for a role in a team, or (--sheet) a PDF of printable invitations",
    )
    invite.add_argument("--team", required=True, metavar="CODE")
    invite.add_argument("--role", choices=["admin", "secretariat", "chair", "focal_point", "viewer"])
    invite.add_argument(
        "--org",
        metavar="CODE",
        action="append",
        help="the organization (required for focal_point); with --sheet, repeat it to choose the organizations",
    )
    invite.add_argument(
        "--sheet",
        action="store_true",
        help="a PDF of focal-point invitations (QR codes) for every organization without a focal point, or --org",
    )
    invite.add_argument("--out", metavar="FILE.pdf", help="where --sheet writes the PDF")
    invite.add_argument("--expires", default="7d", metavar="DURATION", help="e.g. 7d, 48h, 30m (default 7d)")
    invite.add_argument("--bot", metavar="USERNAME", help="the bot's username for the link (default: asks Telegram)")
    invite.set_defaults(func=_invite)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from pantau.cli import CliError
    from storage import migrate
    from storage.db import DatabaseUrlError

    if settings.token is None or not settings.token.get_secret_value().strip():
        raise CliError(TOKEN_HELP)
    if not TOKEN_SHAPE.fullmatch(settings.token.get_secret_value()):
        raise CliError(TOKEN_SHAPE_HELP)
    try:
        migrate.upgrade(settings.database_url.get_secret_value())
    except DatabaseUrlError as exc:
        raise CliError(str(exc)) from None
    from bot.runner import InstanceRefused, serve

    try:
        asyncio.run(serve(settings))
    except InstanceRefused as exc:
        raise CliError(str(exc)) from None
    return 0


MAX_INVITE_TTL = timedelta(days=366)
# Telegram usernames: 5-32 of letters, digits and underscores, starting with a letter (bots end in "bot").
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
# The invitation rules that /undang words as a chat command, worded for the command line.
CLI_INVITE_MESSAGES = {
    "core.invite.org_needed": "a focal_point invitation needs --org CODE (the organization the person reports for)",
    "core.invite.org_only_focal": "--org is only for --role focal_point",
}


def parse_duration(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+)\s*([dhm])\s*", text.lower())
    if not match:
        raise ValueError(text)
    n, unit = int(match.group(1)), match.group(2)
    if n > 10**6:  # timedelta itself overflows past 999,999,999 days
        raise ValueError(text)
    return {"d": timedelta(days=n), "h": timedelta(hours=n), "m": timedelta(minutes=n)}[unit]


def bot_username(text: str) -> str:
    """``--bot``: the bot's username as people copy it (``@pantau_bot``, ``t.me/pantau_bot``), without the ``@``."""
    name = text.strip().removeprefix("https://").removeprefix("http://").removeprefix("t.me/").lstrip("@")
    if not USERNAME.fullmatch(name):
        raise ValueError(text)
    return name


def _invite(args: argparse.Namespace, settings: Settings) -> int:
    from pantau.cli import CliError
    from storage import migrate, people
    from storage.db import make_sync_engine, session_scope
    from texts import t

    try:
        ttl = parse_duration(args.expires)
    except ValueError:
        raise CliError(f"--expires {args.expires!r}: write a number and d, h or m, e.g. 7d") from None
    if not timedelta(0) < ttl <= MAX_INVITE_TTL:
        raise CliError(f"--expires {args.expires!r}: an invitation lasts from 1 minute to 366 days")
    if args.sheet:
        return _invite_sheet(args, settings, ttl)
    if args.out is not None:
        raise CliError("--out is only for --sheet")
    if args.role is None:
        raise CliError("give --role ROLE (or --sheet for printable focal-point invitations)")
    if args.org and len(args.org) > 1:
        raise CliError("one --org for a link (several only with --sheet)")
    org = args.org[0] if args.org else None
    if (args.role == "focal_point") != bool(org):
        key = "core.invite.org_needed" if args.role == "focal_point" else "core.invite.org_only_focal"
        raise CliError(CLI_INVITE_MESSAGES[key])
    username = _username_of(args, settings)
    url = settings.database_url.get_secret_value()
    migrate.upgrade(url)
    engine = make_sync_engine(url)
    try:
        with session_scope(engine) as session:
            token, invite = people.create_invite(
                session, args.team, args.role, datetime.now(UTC), org_code=org, ttl=ttl
            )
            expires = invite.expires_at
    except people.PeopleError as exc:
        choices = ""
        with session_scope(engine) as session:
            choices = ", ".join(people.list_team_codes(session))
        values = {"team": args.team, "org": org or "", "role": args.role, "choices": choices or "-"}
        values.update({k: str(v) for k, v in exc.values.items()})
        message = CLI_INVITE_MESSAGES.get(exc.key) or re.sub(r"<[^>]+>", "", t(exc.key, "en", **values))
        raise CliError(message) from None
    finally:
        engine.dispose()
    print(f"https://t.me/{username}?start={token}")
    print(f"single use; expires {expires:%Y-%m-%d %H:%M} UTC")
    return 0


def _username_of(args: argparse.Namespace, settings: Settings) -> str:
    """``--bot``, or the bot's username asked of Telegram."""
    from pantau.cli import CliError

    if args.bot is None:
        return _bot_username(settings)
    try:
        return bot_username(args.bot)
    except ValueError:
        raise CliError(
            f"--bot {args.bot!r} is not a Telegram username (5-32 letters, digits or _, e.g. pantau_bot)"
        ) from None


def _invite_sheet(args: argparse.Namespace, settings: Settings, ttl: timedelta) -> int:
    """``pantau invite --sheet --team CODE [--org CODE]… --out FILE.pdf``: fresh focal-point invitations, printed."""
    import html
    from pathlib import Path

    from pantau.cli import CliError
    from progress.invitations import SheetError, make_sheet, render_sheet
    from storage import migrate, people
    from storage.db import make_sync_engine, session_scope
    from texts import t

    if args.role not in (None, "focal_point"):
        raise CliError("--sheet invites focal points only: leave out --role")
    if not args.out:
        raise CliError("--sheet needs --out FILE.pdf")
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"--out {args.out!r}: the folder {str(out.parent)!r} does not exist")
    username = _username_of(args, settings)
    url = settings.database_url.get_secret_value()
    migrate.upgrade(url)
    engine = make_sync_engine(url)
    try:
        with session_scope(engine) as session:
            team = people.team_by_code(session, args.team)
            if team is None or team.id is None:
                choices = ", ".join(people.list_team_codes(session)) or "-"
                raise CliError(f"unknown team {args.team!r}; teams: {choices}")
            try:
                sheet = make_sheet(session, team.id, args.org or [], datetime.now(UTC), username, ttl=ttl)
            except SheetError as exc:
                raise CliError(html.unescape(re.sub(r"<[^>]+>", "", t(exc.key, "en", **exc.values)))) from None
            out.write_bytes(render_sheet(sheet))  # inside the transaction: no file, no invitations
    finally:
        engine.dispose()
    codes = ", ".join(card.organization_code for card in sheet.invitations)
    print(f"{out}: {len(sheet.invitations)} invitations ({codes})")
    print(f"each single use; expires {sheet.expires} (team time)")
    return 0


def _bot_username(settings: Settings) -> str:
    from pantau.cli import CliError

    if settings.token is None or not settings.token.get_secret_value().strip():  # `PANTAU_TOKEN=` as in .env.example
        raise CliError("give --bot USERNAME, or set PANTAU_TOKEN so the bot's username can be asked of Telegram")
    from bot.identity import fetch_username

    try:
        return asyncio.run(fetch_username(settings))
    except Exception as exc:
        raise CliError(
            f"could not ask Telegram for the bot's username ({type(exc).__name__}); give --bot USERNAME"
        ) from None


def _sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from pantau.sandbox import run_sandbox

    return run_sandbox(args, settings)
