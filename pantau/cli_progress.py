"""``pantau export`` and ``pantau chart``: the /ekspor recap and the charts, from the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from pantau.settings import Settings
from storage import migrate
from storage.db import DatabaseUrlError, make_sync_engine, session_scope
from storage.models import Team

CHART_KINDS = ("progres", "kurva", "kepatuhan")


def register(sub: Any) -> None:
    exp = sub.add_parser(
        "export",
        help="write the XLSX recap of a team (one period, or the whole year)",
        description="The same workbook as /ekspor: a summary sheet with the chart and one sheet per period "
        "(without --period, every period of the year with targets).",
    )
    exp.add_argument("--team", required=True, metavar="CODE")
    exp.add_argument(
        "--period", metavar="P", help='e.g. "TW1", "triwulan 2", "IV", "maret", 2026-Q1 (default: the whole year)'
    )
    exp.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    exp.add_argument("--lang", default=None, help="id (default) or en")
    exp.set_defaults(func=_export)

    chart = sub.add_parser("chart", help="draw a chart of a team as PNG (what /progres, /kurva and the digest send)")
    chart.add_argument("--team", required=True, metavar="CODE")
    chart.add_argument("--kind", required=True, metavar="KIND", help="progres, kurva or kepatuhan")
    chart.add_argument(
        "--period",
        metavar="P",
        help="default: the period being reported now (the latest ended one still open for entry, else the current one)",
    )
    chart.add_argument("--scope", metavar="PROGRAM|ORG", help="a program or organization (progres, kurva)")
    chart.add_argument("--out", required=True, type=Path, metavar="FILE.png")
    chart.add_argument("--lang", default=None, help="id (default) or en")
    chart.set_defaults(func=_chart)


def _error(message: str) -> Exception:
    from pantau.cli import CliError

    return CliError(message)


def _engine_url(settings: Settings) -> str:
    url = settings.database_url.get_secret_value()
    try:
        migrate.upgrade(url)
    except DatabaseUrlError as exc:
        raise _error(str(exc)) from None
    except OperationalError as exc:  # one line, never the URL (it may hold a password)
        first = str(exc.orig or exc).strip().splitlines()[0]
        raise _error(f"cannot open the database: {first}") from None
    return url


def _team_id(session: Session, code: str) -> int:
    teams = list(session.exec(select(Team)).all())
    team = next((t for t in teams if t.code == code), None) or next(
        (t for t in teams if t.code.casefold() == code.casefold()), None
    )
    if team is None or team.id is None:
        codes = ", ".join(sorted(t.code for t in teams)) or "none yet: pantau plan import FILE"
        raise _error(f'no team "{code}" (teams: {codes})')
    return int(team.id)


def _period_error(session: Session, team_id: int, text: str) -> Exception:
    from storage.aggregates import team_info

    keys = ", ".join(p.key for p in team_info(session, team_id).periods)
    return _error(f'period "{text}" is not a period of this team (choose one of: {keys}; "TW1" and "maret" work too)')


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise _error(f"{path}: cannot write ({exc.strerror})") from None


def _check_out(path: Path, suffix: str, what: str) -> None:
    """A recap named .png (or a chart named .xlsx) would not open: say so before any work is done."""
    if path.suffix.lower() != suffix:
        raise _error(f"--out {path}: {what} is written as {suffix}; name the file *{suffix}")


def _lang(args: argparse.Namespace, settings: Settings) -> str:
    lang = args.lang or settings.language
    if lang not in ("id", "en"):
        raise _error(f'unknown language "{lang}": choose id or en')
    return str(lang)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from progress.views import PeriodError, load_ekspor
    from progress.xlsx import render_recap_xlsx

    _check_out(args.out, ".xlsx", "the recap")
    lang = _lang(args, settings)
    now = datetime.now(UTC)
    engine = make_sync_engine(_engine_url(settings))
    try:
        with session_scope(engine) as session:
            team_id = _team_id(session, args.team)
            try:
                data = load_ekspor(session, team_id, args.period, now)
            except PeriodError:
                raise _period_error(session, team_id, args.period) from None
    finally:
        engine.dispose()
    _write(args.out, render_recap_xlsx(data, lang))
    periods = ", ".join(p.key for p in data.periods)
    print(f"Recap of {data.team.code} ({periods}) written to {args.out}.", file=sys.stderr)
    return 0


def _chart(args: argparse.Namespace, settings: Settings) -> int:
    from progress import charts
    from progress.views import (
        PeriodError,
        ScopeError,
        load_compliance,
        load_kurva,
        load_progres,
        render_kurva,
        render_progres,
        resolve_period,
    )
    from storage.aggregates import team_info

    kind = (args.kind or "").strip().lower()
    if kind not in CHART_KINDS:
        raise _error(f'unknown chart kind "{args.kind}": choose {", ".join(CHART_KINDS)}')
    if args.scope and kind == "kepatuhan":
        raise _error("--scope is for the progres and kurva charts; kepatuhan shows every organization")
    _check_out(args.out, ".png", "a chart")
    lang = _lang(args, settings)
    now = datetime.now(UTC)
    text = " ".join(x for x in (args.scope, args.period) if x)
    engine = make_sync_engine(_engine_url(settings))
    try:
        with session_scope(engine) as session:
            team_id = _team_id(session, args.team)
            try:
                if args.period:
                    resolve_period(team_info(session, team_id), args.period)
                if kind == "progres":
                    progres = load_progres(session, team_id, text, now)
                elif kind == "kurva":
                    kurva = load_kurva(session, team_id, text, now)
                else:
                    matrix = load_compliance(session, team_id, now, args.period)
            except PeriodError:
                raise _period_error(session, team_id, args.period) from None
            except ScopeError as exc:
                choices = ", ".join(c for c, _ in exc.programs + exc.organizations)
                raise _error(f'no single program or organization matches "{args.scope}" (choose: {choices})') from None
    finally:
        engine.dispose()
    if kind == "progres":
        png = render_progres(progres, lang).photo
    elif kind == "kurva":
        png = render_kurva(kurva, lang).photo
    else:
        png = charts.render_compliance(charts.compliance_chart_data(matrix), lang)
    assert png is not None
    _write(args.out, png)
    print(f"Chart {kind} of {args.team} written to {args.out}.", file=sys.stderr)
    return 0
