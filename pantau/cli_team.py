"""``pantau team``: link a team under its parent (a regency under its province), unlink it, and show the tree.

The link is the same ``team.parent_id`` a plan file's ``parent:`` sets (examples/README.md): a plan imported later
that names another parent, or none, sets it as the file says.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from pantau.settings import Settings
    from storage.models import Team


def register(sub: Any) -> None:
    team = sub.add_parser(
        "team",
        help="teams of teams: link a team under its parent (a regency under its province), unlink it, show the tree",
        description="A parent team sees its child teams' progress; a child reports to one parent at most.",
    )
    tsub = team.add_subparsers(dest="team_command", metavar="ACTION")

    link = tsub.add_parser("link", help="put team CHILD under team PARENT (both already in the database)")
    link.add_argument("child", metavar="CHILD")
    link.add_argument("--parent", required=True, metavar="PARENT")
    link.set_defaults(func=_link)

    unlink = tsub.add_parser("unlink", help="take team CHILD from under its parent")
    unlink.add_argument("child", metavar="CHILD")
    unlink.set_defaults(func=_unlink)

    tree = tsub.add_parser("tree", help="every team with the teams under it, indented")
    tree.add_argument("--team", metavar="CODE", help="only this team and the teams under it")
    tree.set_defaults(func=_tree)
    team.set_defaults(func=lambda args, settings: (team.print_help(), 2)[1])


def _cli_error(message: str) -> Exception:
    from pantau.cli import CliError

    return CliError(message)


def _find(session: Session, code: str) -> Team:
    """The team with this code, else the one team whose code differs only in case; a one-line error otherwise."""
    from storage.plan import get_team, list_teams, team_codes

    team = get_team(session, code)
    if team is not None:
        return team
    teams = list_teams(session)
    alike = [t for t in teams if t.code.casefold() == code.casefold()]
    if len(alike) == 1:
        return alike[0]
    raise _cli_error(f'no team "{code}" in the database (teams: {team_codes(teams)})')


def _engine(settings: Settings) -> Any:
    from pantau.cli_plan import _database_url
    from storage.db import make_sync_engine

    return make_sync_engine(_database_url(settings))


def _link(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import session_scope
    from storage.models import Team
    from storage.plan import ParentTeamError, parent_id_for

    engine = _engine(settings)
    try:
        with session_scope(engine) as session:
            child = _find(session, args.child)
            parent = _find(session, args.parent)
            if child.id == parent.id:
                raise _cli_error(f"team {child.code} cannot be its own parent")
            if child.parent_id == parent.id:
                print(f"Team {child.code} is already under {parent.code}.")
                return 0
            if child.parent_id is not None:
                current = session.get(Team, child.parent_id)
                under = current.code if current is not None else child.parent_id
                raise _cli_error(
                    f"team {child.code} is already under {under}: unlink it first (pantau team unlink {child.code})"
                )
            try:
                child.parent_id = parent_id_for(session, child.code, parent.code)
            except ParentTeamError as exc:
                raise _cli_error(str(exc)) from None
            session.add(child)
            message = f"Team {child.code} is now under {parent.code}."
    finally:
        engine.dispose()
    print(message)
    return 0


def _unlink(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import session_scope
    from storage.models import Team

    engine = _engine(settings)
    try:
        with session_scope(engine) as session:
            child = _find(session, args.child)
            if child.parent_id is None:
                print(f"Team {child.code} is under no team; nothing to do.")
                return 0
            parent = session.get(Team, child.parent_id)
            child.parent_id = None
            session.add(child)
            message = f"Team {child.code} is no longer under {parent.code if parent is not None else '?'}."
    finally:
        engine.dispose()
    print(message)
    return 0


def _tree(args: argparse.Namespace, settings: Settings) -> int:
    import sys

    from storage.db import session_scope
    from storage.plan import list_teams

    engine = _engine(settings)
    try:
        with session_scope(engine) as session:
            teams = list_teams(session)
            start = _find(session, args.team) if args.team else None
            rows = [(t.id, t.parent_id, t.code, t.year, t.period_kind, t.name) for t in teams]
    finally:
        engine.dispose()
    if not rows:
        print("No teams yet: pantau plan import FILE", file=sys.stderr)
        return 0
    known = {row[0] for row in rows}
    under: dict[int | None, list[tuple[Any, ...]]] = {}
    for row in sorted(rows, key=lambda r: r[2]):
        parent = row[1] if row[1] in known else None
        under.setdefault(parent, []).append(row)

    def show(row: tuple[Any, ...], depth: int) -> None:
        children = under.get(row[0], [])
        count = f" ({len(children)} team{'s' if len(children) != 1 else ''} under it)" if children else ""
        print(f"{'  ' * depth}{row[2]}\t{row[3]}\t{row[4]}\t{row[5]}{count}")
        for child in children:
            show(child, depth + 1)

    roots = [r for r in rows if r[0] == start.id] if start is not None else under.get(None, [])
    for root in roots:
        show(root, 0)
    return 0
