"""``pantau plan``: import, export and validate a team's plan file; generate a large synthetic team."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from pantau.settings import Settings
from planfile.read import PlanFileError, PlanSourceError, format_of, load_plan
from planfile.write import dump_yaml, xlsx_bytes
from storage import migrate
from storage.db import DatabaseUrlError, make_sync_engine, session_scope


def register(sub: Any) -> None:
    plan = sub.add_parser(
        "plan",
        help="the team's plan (organizations, programs, activities, targets): import, export, validate, generate",
        description="The plan file format is described in examples/README.md.",
    )
    psub = plan.add_subparsers(dest="plan_command", metavar="ACTION")

    imp = psub.add_parser("import", help="validate a .yaml/.yml/.xlsx plan and load it (safe to repeat)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    imp.set_defaults(func=_import)

    val = psub.add_parser("validate", help="check a plan file and list every mistake (no database needed)")
    val.add_argument("file", type=Path, metavar="FILE")
    val.set_defaults(func=_validate)

    diff = psub.add_parser(
        "diff", help="what importing a plan file would change in the stored plan, in words (writes nothing)"
    )
    diff.add_argument("file", type=Path, metavar="FILE")
    diff.add_argument("--team", metavar="CODE", help="the stored team to compare with (default: the file's team)")
    diff.add_argument("--lang", choices=("id", "en"), default="id", help="the words' language (default: id)")
    diff.set_defaults(func=_diff)

    exp = psub.add_parser("export", help="write a team's plan as YAML (stdout or --out) or XLSX (--out)")
    exp.add_argument("--team", required=True, metavar="CODE")
    exp.add_argument("--format", choices=("yaml", "xlsx"), help="default: from --out's extension, else yaml")
    exp.add_argument("--out", type=Path, metavar="FILE")
    exp.set_defaults(func=_export)

    gen = psub.add_parser(
        "generate",
        help="write a large synthetic team straight into the database (benchmarks)",
        description="Periods 1-4 are quarters of the year, 5-12 months (12 = a year of months).",
    )
    gen.add_argument("--team", required=True, metavar="CODE")
    gen.add_argument("--orgs", type=int, default=60)
    gen.add_argument("--activities", type=int, default=3000)
    gen.add_argument("--periods", type=int, default=12)
    gen.add_argument("--with-reports", action="store_true", help="add report history for the periods already ended")
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--year", type=int, default=None, help="default: this year (history up to the last ended period)")
    gen.add_argument("--timezone", default="Asia/Jakarta")
    gen.set_defaults(func=_generate)

    teams = psub.add_parser("teams", help="list the teams in the database")
    teams.set_defaults(func=_teams)
    plan.set_defaults(func=lambda args, settings: (plan.print_help(), 2)[1])


def _cli_error(message: str) -> Exception:
    from pantau.cli import CliError

    return CliError(message)


def _read(path: Path) -> Any:
    """Load and validate; every mistake goes to stderr, then one summary line and exit 2."""
    try:
        return load_plan(path)
    except PlanSourceError as exc:
        raise _cli_error(str(exc)) from None
    except PlanFileError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        count = len(exc.issues)
        raise _cli_error(f"{path}: {count} error{'s' if count != 1 else ''}; nothing was imported") from None


def _database_url(settings: Settings) -> str:
    url = settings.database_url.get_secret_value()
    try:
        migrate.upgrade(url)  # so that import and generate work on a fresh database
    except DatabaseUrlError as exc:
        raise _cli_error(str(exc)) from None
    except OperationalError as exc:  # no server, wrong database name: one line, never the URL (it may hold a password)
        first = str(exc.orig or exc).strip().splitlines()[0]
        raise _cli_error(f"cannot open the database: {first}") from None
    return url


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    plan = _read(args.file)
    print(
        f"{args.file}: OK: team {plan.team.code} ({plan.team.year}, per {plan.team.period}), "
        f"{len(plan.organizations)} organizations, {len(plan.programs)} programs, {plan.activity_count} activities, "
        f"{plan.target_count} targets, {len(plan.exemptions)} exemptions"
    )
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from storage.plan import PlanConflictError, apply_plan

    plan = _read(args.file)
    engine = make_sync_engine(_database_url(settings))

    class _DryRun(Exception):
        pass

    try:
        with session_scope(engine) as session:
            changes = apply_plan(session, plan, datetime.now(UTC))
            if args.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except PlanConflictError as exc:
        for conflict in exc.conflicts:
            print(f"{args.file}: {conflict}", file=sys.stderr)
        raise _cli_error(
            f"{args.file}: the plan drops activities or targets that have reports; nothing was imported "
            "(keep them in the plan, or move them to another program)"
        ) from None
    finally:
        engine.dispose()
    verb = "would change" if args.dry_run else "imported"
    if not changes.changed:
        print(f"Plan {plan.team.code}: no changes, the database already matches {args.file}.")
    else:
        print(f"Plan {plan.team.code} {verb} from {args.file}:")
        print(changes.summary())
    return 0


def _diff(args: argparse.Namespace, settings: Settings) -> int:
    from domain.plan_changes import compare
    from planfile.changes_text import detail_lines, summary_line
    from storage.plan import TeamNotFoundError, read_plan

    plan = _read(args.file)
    code = args.team or plan.team.code
    url = settings.database_url.get_secret_value()
    try:  # no migration here: a diff writes nothing, not even the schema
        revision = migrate.current_revision(url)
    except DatabaseUrlError as exc:
        raise _cli_error(str(exc)) from None
    except OperationalError as exc:
        first = str(exc.orig or exc).strip().splitlines()[0]
        raise _cli_error(f"cannot open the database: {first}") from None
    stored = None
    if revision is not None:
        engine = make_sync_engine(url)
        try:
            with session_scope(engine) as session:
                stored = read_plan(session, code)
        except TeamNotFoundError:
            pass
        finally:
            engine.dispose()
    if stored is None:
        raise _cli_error(
            f"no team {code} in the database yet: importing {args.file} would create it with "
            f"{len(plan.organizations)} organizations, {len(plan.programs)} programs, "
            f"{plan.activity_count} activities, {plan.target_count} targets, {len(plan.exemptions)} exemptions"
        )
    changes = compare(stored, plan)
    print(f"Plan {code} against {args.file}: {summary_line(changes, args.lang)}")
    for line in detail_lines(changes, args.lang):
        print(f"  {line}")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from storage.plan import TeamNotFoundError, list_teams, read_plan, team_codes

    fmt = args.format
    if fmt is None:
        try:
            fmt = format_of(args.out) if args.out else "yaml"
        except PlanSourceError as exc:
            raise _cli_error(str(exc)) from None
    if fmt == "xlsx" and args.out is None:
        raise _cli_error("XLSX export needs --out FILE.xlsx (a workbook is not written to the terminal)")
    if args.out is not None and args.format is not None:
        try:
            named = format_of(args.out)
        except PlanSourceError:
            named = None
        if named != fmt:  # a YAML text in plan.xlsx would not import again
            raise _cli_error(f"--out {args.out} does not match --format {fmt}: name the file *.{fmt}")
    engine = make_sync_engine(_database_url(settings))
    try:
        with session_scope(engine) as session:
            # the team code as typed, else the one team whose code differs only in case (as export and chart do)
            teams = list_teams(session)
            code = next((t.code for t in teams if t.code.casefold() == args.team.casefold()), args.team)
            if any(t.code == args.team for t in teams):
                code = args.team
            try:
                plan = read_plan(session, code)
            except TeamNotFoundError:
                known = team_codes(list_teams(session))
                raise _cli_error(f'no team "{args.team}" in the database (teams: {known})') from None
    finally:
        engine.dispose()
    if fmt == "xlsx":
        data = xlsx_bytes(plan)
        _write(args.out, data)
        print(f"Plan {plan.team.code} written to {args.out}.", file=sys.stderr)
        return 0
    text = dump_yaml(plan)
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write(args.out, text.encode("utf-8"))
        print(f"Plan {plan.team.code} written to {args.out}.", file=sys.stderr)
    return 0


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise _cli_error(f"{path}: cannot write ({exc.strerror})") from None


def _teams(args: argparse.Namespace, settings: Settings) -> int:
    from storage.plan import list_teams

    engine = make_sync_engine(_database_url(settings))
    try:
        with session_scope(engine) as session:
            teams = list_teams(session)
            for team in teams:
                print(f"{team.code}\t{team.year}\t{team.period_kind}\t{team.timezone}\t{team.name}")
    finally:
        engine.dispose()
    if not teams:
        print("No teams yet: pantau plan import FILE", file=sys.stderr)
    return 0


def _generate(args: argparse.Namespace, settings: Settings) -> int:
    from pantau.plangen import GeneratorError, check_arguments, generate_team

    now = datetime.now(UTC)
    year = args.year if args.year is not None else now.year
    try:  # before the schema is created or upgraded: a wrong argument leaves the file as it was
        check_arguments(
            team_code=args.team,
            orgs=args.orgs,
            activities=args.activities,
            periods=args.periods,
            year=year,
            timezone=args.timezone,
        )
    except GeneratorError as exc:
        raise _cli_error(str(exc)) from None
    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", flush=True)

    url = _database_url(settings)
    progress("schema up to date")
    engine = make_sync_engine(url)
    try:
        with session_scope(engine) as session:
            stats = generate_team(
                session,
                team_code=args.team,
                orgs=args.orgs,
                activities=args.activities,
                periods=args.periods,
                year=year,
                now=now,
                with_reports=args.with_reports,
                seed=args.seed,
                timezone=args.timezone,
                progress=progress,
            )
            progress("committing")
    except GeneratorError as exc:
        raise _cli_error(str(exc)) from None
    except KeyboardInterrupt:
        from pantau.cli import Interrupted

        raise Interrupted(f"interrupted; nothing was written (team {args.team} was not created)") from None
    finally:
        engine.dispose()
    progress(f"done: team {args.team} ({year}): {stats.summary()}")
    return 0
