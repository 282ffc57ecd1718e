"""Who sees which team of a province (issue 15): ``domain.authz.may_see_team`` and ``may_see_children``.

PROV (id 1) over KAB-A (11) and KAB-B (12); PROV2 (2) over KAB-X (21)."""

from __future__ import annotations

import pytest

from domain.authz import Grant, may_see_children, may_see_team

ANCESTORS = {1: [], 2: [], 11: [1], 12: [1], 21: [2]}


def sees(grants: list[Grant], team: int, *, admin: bool = False) -> bool:
    return may_see_team(grants, team, ANCESTORS[team], bootstrap_admin=admin)


@pytest.mark.parametrize("role", ["admin", "secretariat", "chair", "viewer"])
def test_the_parents_people_see_its_children_and_no_other(role: str) -> None:
    grants = [Grant(1, role)]
    assert [team for team in ANCESTORS if sees(grants, team)] == [1, 11, 12]
    assert may_see_children(grants, 1) and not may_see_children(grants, 2)


def test_a_parents_focal_point_sees_the_parent_only() -> None:
    grants = [Grant(1, "focal_point", 5)]
    assert [team for team in ANCESTORS if sees(grants, team)] == [1]
    assert not may_see_children(grants, 1)


@pytest.mark.parametrize("role", ["secretariat", "chair", "viewer", "focal_point"])
def test_a_regencys_people_see_their_own_regency_only(role: str) -> None:
    grants = [Grant(11, role, 5 if role == "focal_point" else None)]
    assert [team for team in ANCESTORS if sees(grants, team)] == [11]
    assert not may_see_children(grants, 1)


def test_grants_in_two_provinces_add_up_and_a_bootstrap_admin_sees_all() -> None:
    grants = [Grant(12, "viewer"), Grant(2, "chair")]
    assert [team for team in ANCESTORS if sees(grants, team)] == [2, 12, 21]
    assert all(sees([], team, admin=True) for team in ANCESTORS)
    assert not any(sees([], team) for team in ANCESTORS)


def test_a_grandparent_sees_down_the_chain() -> None:
    assert may_see_team([Grant(1, "viewer")], 99, [50, 1])
    assert not may_see_team([Grant(1, "viewer")], 99, [50])  # the ancestors said, never guessed
