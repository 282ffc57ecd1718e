"""The team of a team command : a code anywhere, a group's own team only, ask when it matters."""

from __future__ import annotations

import pytest

from domain.teams import TeamChoice, choose_team, take_team_code

CODES = {"TPAKD-DS": 1, "TKPKD-SOLOK": 2}


@pytest.mark.parametrize(
    ("args", "named", "rest"),
    [
        (["TW2"], None, ("TW2",)),
        (["TKPKD-SOLOK", "TW2"], "TKPKD-SOLOK", ("TW2",)),
        (["TW2", "tkpkd-solok"], "TKPKD-SOLOK", ("TW2",)),
        (["UGD", "TPAKD-DS", "TW", "2"], "TPAKD-DS", ("UGD", "TW", "2")),
        (["TPAKD-DS", "TKPKD-SOLOK"], "TPAKD-DS", ("TKPKD-SOLOK",)),  # the first code only
        ([], None, ()),
    ],
)
def test_take_team_code_anywhere(args: list[str], named: str | None, rest: tuple[str, ...]) -> None:
    assert take_team_code(args, CODES) == (named, rest)


def test_take_team_code_within_the_first_words_only() -> None:
    args = ["DISDIK", "TW2", "rapat", "TPAKD-DS"]
    assert take_team_code(args, CODES, within=3) == (None, tuple(args))
    assert take_team_code(args, CODES, within=4) == ("TPAKD-DS", ("DISDIK", "TW2", "rapat"))


@pytest.mark.parametrize(
    ("args", "allowed", "expected"),
    [
        ([], [1], TeamChoice(1, ())),
        (["TW2"], [1, 2], TeamChoice(None, ("TW2",), "which", choices=("TKPKD-SOLOK", "TPAKD-DS"))),
        (["TW2", "TKPKD-SOLOK"], [1, 2], TeamChoice(2, ("TW2",), named="TKPKD-SOLOK")),
        (["TKPKD-SOLOK"], [1], TeamChoice(None, (), "not_allowed", named="TKPKD-SOLOK")),
        ([], [], TeamChoice(None, (), "not_allowed")),
        ([], [1, 1], TeamChoice(1, ())),  # two roles in one team
    ],
)
def test_private(args: list[str], allowed: list[int], expected: TeamChoice) -> None:
    assert choose_team(args, CODES, allowed, private=True) == expected


@pytest.mark.parametrize(
    ("args", "allowed", "group_team", "expected"),
    [
        ([], [1], 1, TeamChoice(1, ())),
        (["TPAKD-DS", "TW2"], [1], 1, TeamChoice(1, ("TW2",), named="TPAKD-DS")),
        (["TKPKD-SOLOK"], [1], 1, TeamChoice(None, (), "other_group", named="TKPKD-SOLOK")),
        ([], [], 2, TeamChoice(None, (), "not_allowed")),
        (["TPAKD-DS"], [], None, TeamChoice(None, (), "not_linked", named="TPAKD-DS")),
    ],
)
def test_group(args: list[str], allowed: list[int], group_team: int | None, expected: TeamChoice) -> None:
    assert choose_team(args, CODES, allowed, private=False, group_team=group_team) == expected
