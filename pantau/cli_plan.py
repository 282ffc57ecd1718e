"""``pantau plan``: import, export and validate a team's plan file; generate a large synthetic team."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
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

    imp = psub.add_parser(
        "import",
        help="validate a .yaml/.yml/.xlsx plan and load it as the team's next version (safe to repeat)",
        description="The first import of a team is version 1 (the plan murni); every later import that changes "
        "something is a new version and needs --basis. Nothing is ever deleted: an activity the file leaves out is "
        "stopped from --from on.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--basis", default="", metavar="TEXT", help='the legal basis, e.g. "Perbup No. 12 Tahun 2026 tentang ..."'
    )
    imp.add_argument("--reason", default="", metavar="TEXT", help="why the plan changes (alasan perubahan)")
    imp.add_argument(
        "--from",
        dest="from_period",
        metavar="PERIOD",
        help="the first period the change applies to: 2026-Q3, Q3, 2026-07; earlier periods keep their targets "
        "(needed to change a stored plan, unless --correction: then default the year's first period)",
    )
    imp.add_argument(
        "--correction",
        action="store_true",
        help="a data correction: may change periods before --from (recorded as a correction)",
    )
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

    versions = psub.add_parser("versions", help="a team's plan versions: number, date, first period, basis, changes")
    versions.add_argument("--team", required=True, metavar="CODE")
    versions.add_argument("--lang", choices=("id", "en"), default="id", help="the words' language (default: id)")
    versions.set_defaults(func=_versions)

    exp = psub.add_parser("export", help="write a team's plan as YAML (stdout or --out) or XLSX (--out)")
    exp.add_argument("--team", required=True, metavar="CODE")
    exp.add_argument("--format", choices=("yaml", "xlsx"), help="default: from --out's extension, else yaml")
    exp.add_argument("--out", type=Path, metavar="FILE")
    exp.add_argument("--version", type=int, metavar="N", help="the plan as version N made it (default: in force)")
    exp.set_defaults(func=_export)

    gen = psub.add_parser(
        "generate",
        help="write a large synthetic team (or a province of teams) straight into the database (benchmarks)",
        description="Periods 1-4 are quarters of the year, 5-12 months (12 = a year of months). With --province N, "
        "--team is the parent team (monitoring only) and N child teams CODE-K01... are generated under it, each "
        "with --orgs, --activities and --periods.",
    )
    gen.add_argument("--team", required=True, metavar="CODE", help="the team's code (the parent's with --province)")
    gen.add_argument(
        "--province", type=int, metavar="N", help="a parent team CODE over N child teams CODE-K01... (1-100)"
    )
    gen.add_argument(
        "--shared-share",
        type=float,
        metavar="FRACTION",
        help="the share of activities with a shared indicator code (kode_bersama), 0-1 (default: 0.2 with "
        "--province, else 0)",
    )
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


def _period_arg(text: str | None, year: int, kind: str) -> str | None:
    """``--from`` as a period key of the team's year: 2026-Q3, Q3, TW3, 2026-07 or 7."""
    from domain.periods import Period

    if text is None:
        return None
    raw = text.strip().upper().replace("TW", "Q").replace(" ", "")
    for candidate in (raw, f"{year}-{raw}", f"{year}-{raw.zfill(2)}" if raw.isdigit() else raw):
        try:
            period = Period.from_key(candidate)
        except ValueError:
            continue
        if period.year == year and period.kind == kind:
            return period.key
    example = f"{year}-Q3 or Q3" if kind == "quarter" else f"{year}-07 or 7"
    raise _cli_error(f"--from {text}: not a period of the team's year ({example})")


def _rule_error(path: Path, exc: Exception) -> Exception:
    from storage.plan_versions import VersionRuleError

    assert isinstance(exc, VersionRuleError)
    if exc.bad_period is not None:
        return _cli_error(f"--from {exc.bad_period}: not a period of the team's year")
    if exc.calendar:
        return _cli_error(f"{path}: a plan version cannot change the team's {' and '.join(exc.calendar)}")
    for change in exc.earlier:
        print(f"{path}: {change.activity}: changes {change.period}, before the version's first period", file=sys.stderr)
    return _cli_error(
        f"{path}: {len(exc.earlier)} change(s) before the first period the version applies to; nothing was imported "
        "(choose an earlier --from, or add --correction for a data correction)"
    )


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from planfile.changes_text import summary_line
    from storage.plan import ParentTeamError, PlanConflictError, get_team
    from storage.plan_versions import (
        NothingToChangeError,
        PlanChangedError,
        VersionRuleError,
        apply_change,
        prepare_change,
    )

    plan = _read(args.file)
    _period_arg(args.from_period, plan.team.year, plan.team.period)  # a wrong --from writes nothing, not even a schema
    engine = make_sync_engine(_database_url(settings))
    try:
        with session_scope(engine) as session:
            team = get_team(session, plan.team.code)
            start = _period_arg(
                args.from_period, team.year if team else plan.team.year, team.period_kind if team else plan.team.period
            )
            try:
                prepared = prepare_change(session, plan, effective_from=start, correction=args.correction)
            except NothingToChangeError:
                print(f"Plan {plan.team.code}: no changes, the plan in force already matches {args.file}.")
                return 0
            except VersionRuleError as exc:
                raise _rule_error(args.file, exc) from None
            words = summary_line(prepared.changes, "en") if prepared.changes is not None else "the plan murni"
            if args.dry_run:
                print(f"Plan {plan.team.code} would change from {args.file}: {words}")
                return 0
            missing = []
            if prepared.old is not None and not args.basis.strip():
                missing.append(
                    '--basis (the legal basis of the change, e.g. "Perbup No. 12 Tahun 2026 tentang Perubahan DPA")'
                )
            if prepared.old is not None and start is None and not args.correction:  # never the closed periods unsaid
                missing.append(
                    "--from (the first period the change applies to, e.g. Q3: earlier periods keep their targets; "
                    "or --correction for a data correction)"
                )
            if missing:
                raise _cli_error(
                    f"{args.file}: changing the plan of {plan.team.code} needs {' and '.join(missing)}; "
                    "nothing was imported"
                )
            info = apply_change(
                session,
                prepared,
                now=datetime.now(UTC),
                basis=args.basis.strip(),
                reason=args.reason.strip(),
                author="CLI",
            )
    except PlanConflictError as exc:
        for conflict in exc.conflicts:
            print(f"{args.file}: {conflict}", file=sys.stderr)
        raise _cli_error(
            f"{args.file}: the plan takes away targets that have reports; nothing was imported "
            "(keep those targets, or stop the activity from a later period)"
        ) from None
    except PlanChangedError as exc:
        raise _cli_error(f"{args.file}: {exc}; nothing was imported, try again") from None
    except ParentTeamError as exc:
        raise _cli_error(f"{args.file}: {exc}; nothing was imported") from None
    finally:
        engine.dispose()
    label = " (correction)" if info.correction else ""
    print(
        f"Plan {plan.team.code} version {info.number}{label} from {args.file}, applying from "
        f"{info.effective_from}: {words}"
    )
    return 0


def _diff(args: argparse.Namespace, settings: Settings) -> int:
    from domain.plan_changes import compare
    from planfile.changes_text import detail_lines, summary_line
    from storage.plan import ParentTeamError, get_team
    from storage.plan_versions import NothingToChangeError, VersionRuleError, prepare_change

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
    changes = None
    if revision is not None:
        engine = make_sync_engine(url)
        try:
            with session_scope(engine) as session:
                if get_team(session, code) is not None:
                    try:
                        prepared = prepare_change(
                            session, replace(plan, team=replace(plan.team, code=code)), correction=True
                        )
                        changes = prepared.changes
                    except NothingToChangeError:
                        changes = compare(plan, plan)
                    except VersionRuleError as exc:
                        raise _rule_error(args.file, exc) from None
                    except ParentTeamError as exc:
                        raise _cli_error(f"{args.file}: {exc}") from None
        finally:
            engine.dispose()
    if changes is None:
        raise _cli_error(
            f"no team {code} in the database yet: importing {args.file} would create it with "
            f"{len(plan.organizations)} organizations, {len(plan.programs)} programs, "
            f"{plan.activity_count} activities, {plan.target_count} targets, {len(plan.exemptions)} exemptions"
        )
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
            if args.version is not None:
                plan = _version_of(session, code, args.version)
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


def _version_of(session: Any, code: str, number: int) -> Any:
    from storage.plan import get_team
    from storage.plan_versions import ensure_first_version, latest_version, version_plan

    team = get_team(session, code)
    assert team is not None
    ensure_first_version(session, team, datetime.now(UTC))
    plan = version_plan(session, team, number)
    if plan is None:
        last = latest_version(session, team.id or 0)
        raise _cli_error(f"team {code} has no version {number} (versions 1 to {last})")
    return plan


def _versions(args: argparse.Namespace, settings: Settings) -> int:
    from planfile.changes_text import period_label, summary_line
    from storage.plan import get_team, list_teams, team_codes
    from storage.plan_versions import ensure_first_version, version_changes
    from texts import t

    engine = make_sync_engine(_database_url(settings))
    try:
        with session_scope(engine) as session:
            team = get_team(session, args.team)
            if team is None:
                known = team_codes(list_teams(session))
                raise _cli_error(f'no team "{args.team}" in the database (teams: {known})')
            ensure_first_version(session, team, datetime.now(UTC))
            rows = version_changes(session, team)
    finally:
        engine.dispose()
    for info, changes in rows:
        words = summary_line(changes, args.lang) if changes is not None else t("plan.version.murni", args.lang)
        kind = f" {t('plan.version.correction', args.lang)}" if info.correction else ""
        basis = info.basis or "-"
        print(
            f"{info.number}\t{info.created_at:%Y-%m-%d}\t{period_label(info.effective_from, args.lang)}{kind}\t"
            f"{basis}\t{info.author or '-'}\t{words}"
        )
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
    from pantau.plangen import GeneratorError, check_arguments, generate_province, generate_team

    now = datetime.now(UTC)
    year = args.year if args.year is not None else now.year
    shared_share = args.shared_share if args.shared_share is not None else (0.2 if args.province else 0.0)
    try:  # before the schema is created or upgraded: a wrong argument leaves the file as it was
        check_arguments(
            team_code=args.team,
            orgs=args.orgs,
            activities=args.activities,
            periods=args.periods,
            year=year,
            timezone=args.timezone,
            province=args.province,
            shared_share=shared_share,
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
            common: dict[str, Any] = {
                "orgs": args.orgs,
                "activities": args.activities,
                "periods": args.periods,
                "year": year,
                "now": now,
                "with_reports": args.with_reports,
                "seed": args.seed,
                "timezone": args.timezone,
                "shared_share": shared_share,
                "progress": progress,
            }
            stats: Any
            if args.province is not None:
                stats = generate_province(session, parent_code=args.team, children=args.province, **common)
            else:
                stats = generate_team(session, team_code=args.team, **common)
            progress("committing")
    except GeneratorError as exc:
        raise _cli_error(str(exc)) from None
    except KeyboardInterrupt:
        from pantau.cli import Interrupted

        raise Interrupted(f"interrupted; nothing was written (team {args.team} was not created)") from None
    finally:
        engine.dispose()
    what = f"province {args.team}" if args.province is not None else f"team {args.team}"
    progress(f"done: {what} ({year}): {stats.summary()}")
    return 0
