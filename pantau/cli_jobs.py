"""``pantau jobs``: see what the scheduler would send at a given moment, without sending anything."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session

from domain.zones import team_zone, zone_label
from jobs.planner import PlannedDelivery, due_deliveries
from pantau.settings import Settings
from storage import people
from storage.db import DatabaseUrlError, make_sync_engine
from storage.models import Team
from storage.schedule import list_teams

AT_FORMATS = "YYYY-MM-DD HH:MM"


def register(sub: Any) -> None:
    jobs = sub.add_parser("jobs", help="reminders, escalations and digests: preview what is due")
    jsub = jobs.add_subparsers(dest="jobs_command", metavar="ACTION")
    preview = jsub.add_parser(
        "preview",
        help="dry run: print every delivery due at a moment, to whom and why; sends nothing",
        description=(
            "Print, for one moment, every reminder, escalation, chair note and digest that the scheduler would "
            "send, to whom, and why (rule and activities). Nothing is sent and nothing is written. Deliveries "
            "already sent are left out (use --all to show them)."
        ),
    )
    preview.add_argument(
        "--at",
        metavar='"YYYY-MM-DD HH:MM"',
        help="the moment, in EACH TEAM'S OWN LOCAL TIME ZONE (WIB, WITA or WIT); default: now",
    )
    preview.add_argument("--team", metavar="CODE", help="only this team (default: every team)")
    preview.add_argument("--text", action="store_true", help="also print each message text")
    preview.add_argument("--all", action="store_true", help="include deliveries already sent")
    preview.set_defaults(func=_preview)
    jobs.set_defaults(func=lambda args, settings: (jobs.print_help(), 2)[1])


def _cli_error(message: str) -> Exception:
    from pantau.cli import CliError

    return CliError(message)


def _missing_tables(exc: Exception) -> bool:
    """SQLite says "no such table", PostgreSQL raises UndefinedTable (a ProgrammingError)."""
    return isinstance(exc, ProgrammingError) or "no such table" in str(getattr(exc, "orig", exc))


def parse_local(text: str) -> datetime:
    """A naive wall-clock time "2026-04-07 08:00" (seconds and a "T" are accepted too)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("T", " "))
    except ValueError:
        raise _cli_error(
            f'--at {text!r} is not a date and time; write "{AT_FORMATS}", e.g. "2026-04-07 08:00"'
        ) from None
    if value.tzinfo is not None:
        raise _cli_error(f"--at is read in each team's own time zone: leave the offset out ({AT_FORMATS})")
    return value


def _why_nothing(session: Session, team: Team) -> str:
    """A hint when nothing is due because nobody could receive it (the commonest surprise after a plan import)."""
    assert team.id is not None
    missing = []
    if not people.focal_point_count(session, team.id):
        missing.append("no focal points yet (invite them: pantau invite --role focal_point)")
    if not people.active_groups(session, team.id):
        missing.append("no group linked (an admin sends /hubungkan in the team's group)")
    return f": {'; '.join(missing)}" if missing else ""


def _preview(args: argparse.Namespace, settings: Settings) -> int:
    wall = parse_local(args.at) if args.at else None
    try:
        engine = make_sync_engine(settings.database_url.get_secret_value())
    except DatabaseUrlError as exc:
        raise _cli_error(str(exc)) from None
    try:
        with Session(engine) as session:
            try:
                teams = list_teams(session)
            except (OperationalError, ProgrammingError) as exc:
                if not _missing_tables(exc):
                    raise  # cannot open or reach the database: main says so in one line
                raise _cli_error("the database has no tables yet: run `pantau db upgrade` first") from None
            if args.team:
                chosen = [t for t in teams if t.code.lower() == args.team.strip().lower()]
                if not chosen:
                    known = ", ".join(t.code for t in teams) or "none (import a plan first)"
                    raise _cli_error(f"unknown team {args.team!r}; teams: {known}")
                teams = chosen
            if not teams:
                print("No teams yet: import a plan with `pantau plan import FILE`.")
                return 0
            total = 0
            for team in teams:
                zone = team_zone(team.timezone)
                local = wall.replace(tzinfo=zone) if wall else datetime.now(UTC).astimezone(zone)
                planned = due_deliveries(session, local.astimezone(UTC), team.code, include_done=args.all)
                total += len(planned)
                print(f"{team.code} · {local:%a %Y-%m-%d %H:%M} {zone_label(zone)} ({zone.key})")
                if not planned:
                    print(f"  nothing due{_why_nothing(session, team)}")
                for p in planned:
                    print(_describe(p, args.text))
            session.rollback()  # a preview writes nothing
    finally:
        engine.dispose()
    print(f"{total} deliveries would be sent; nothing was sent.")
    return 0


def _describe(p: PlannedDelivery, with_text: bool) -> str:
    status = f" [{p.status}]" if p.status else ""
    lines = [
        f"  {p.kind} {p.rule} → {p.recipient_name} ({p.recipient}, {p.language}) · {p.period_key} · "
        f"due {p.due_date.isoformat()}{status}"
    ]
    if p.kind in ("reminder", "escalation"):
        for a in p.activities:
            lines.append(f"      {a.organization_code} {a.code} {a.name}")
    elif p.organizations:
        lines.append(f"      organizations: {', '.join(p.organizations)}")
    if p.people and p.kind == "reminder_group":
        lines.append(f"      named: {', '.join(p.people)}")
    if with_text and p.message is not None:
        lines.extend("      | " + line for line in p.message.text.splitlines())
    return "\n".join(lines)
