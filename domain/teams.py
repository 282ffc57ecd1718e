"""Which team a command is about: the pure part of the one resolver every team command uses.

/progres, /rekap, /belum, /kurva, /ekspor, /kecualikan and /batalkecuali take a team code among their arguments, in
any place ("/rekap TKPKD-SOLOK TW3", "/rekap TW3 TKPKD-SOLOK"), as well as their period, program or organization:

- in a group, the group's own team only (a group sees its own team): a code naming another team is refused, and an
  unlinked group has no team;
- in private, the team named, if the person may do the command there; without a code, the only team where they
  may, or, when there are several, the question which one (with the codes).

A bootstrap admin (``PANTAU_ADMIN_IDS``) may do everything, so in private every team is theirs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Refusal = Literal["not_linked", "other_group", "not_allowed", "which"]


@dataclass(frozen=True)
class TeamChoice:
    """The team chosen and the arguments left once its code is taken out; or why there is none."""

    team_id: int | None
    args: tuple[str, ...]
    refusal: Refusal | None = None
    named: str | None = None  # the team code as the plan spells it, when one was typed
    choices: tuple[str, ...] = ()  # the codes to choose from ("which")


def take_team_code(
    args: Sequence[str], codes: Mapping[str, int], *, within: int | None = None
) -> tuple[str | None, tuple[str, ...]]:
    """The first argument that is a team code (any case) among the first ``within`` ones (all when None), as the
    plan spells it, and the arguments without it."""
    folded = {code.casefold(): code for code in codes}
    for i, arg in enumerate(args if within is None else args[:within]):
        code = folded.get(arg.casefold())
        if code is not None:
            return code, (*args[:i], *args[i + 1 :])
    return None, tuple(args)


def choose_team(
    args: Sequence[str],
    codes: Mapping[str, int],
    allowed: Sequence[int],
    *,
    private: bool,
    group_team: int | None = None,
    within: int | None = None,
) -> TeamChoice:
    """Resolve the team of a command.

    ``codes`` maps every team code to its id; ``allowed`` are the teams where the caller may do the command (in a
    group, at most the group's team); ``group_team`` is the group's linked team (None: unlinked, or private);
    ``within`` limits where the code is looked for (/kecualikan: among ORG PERIOD, not in the free-text reason).
    """
    named, rest = take_team_code(args, codes, within=within)
    named_id = codes[named] if named is not None else None
    if not private:
        if group_team is None:
            return TeamChoice(None, rest, "not_linked", named)
        if named_id is not None and named_id != group_team:
            return TeamChoice(None, rest, "other_group", named)
        if group_team not in allowed:
            return TeamChoice(None, rest, "not_allowed", named)
        return TeamChoice(group_team, rest, named=named)
    if named_id is not None:
        if named_id in allowed:
            return TeamChoice(named_id, rest, named=named)
        return TeamChoice(None, rest, "not_allowed", named)
    unique = list(dict.fromkeys(allowed))
    if not unique:
        return TeamChoice(None, rest, "not_allowed")
    if len(unique) == 1:
        return TeamChoice(unique[0], rest)
    by_id = {team_id: code for code, team_id in codes.items()}
    return TeamChoice(None, rest, "which", choices=tuple(sorted(by_id[i] for i in unique if i in by_id)))
