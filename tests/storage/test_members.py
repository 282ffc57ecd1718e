"""storage.members on both engines: a team's organizations with their focal points, reachability and last report;
the organizations to invite; another team's organization is never one of this team's."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.db import make_sync_engine, session_scope
from storage.members import (
    organization_of_team,
    organizations_to_invite,
    team_members,
    unconnected_organizations,
)
from storage.people import mark_unreachable
from tests.worlds import Rev, WorldBuilder, each_period

NOW = datetime(2026, 4, 6, 2, tzinfo=UTC)


def _world(db_url: str) -> dict[str, int]:
    engine = make_sync_engine(db_url)
    with session_scope(engine) as session:
        w = WorldBuilder(session, NOW)
        team = w.team("TIM-A", "Tim A")
        other = w.team("TIM-B", "Tim B")
        ids = {"team": team, "other": other}
        for code in ("OPD-1", "OPD-2", "OPD-3", "OPD-4"):
            ids[code] = w.org(team, code, f"Dinas {code}")
        ids["OPD-B"] = w.org(other, "OPD-B", "Dinas B")
        program = w.program(team, "P1", "Program")
        act1 = w.activity(program, ids["OPD-1"], "K1", "Kegiatan 1", targets=each_period(10))
        act2 = w.activity(program, ids["OPD-1"], "K2", "Kegiatan 2", targets=each_period(10))
        budi = w.person(1, "Budi", team, "focal_point", ids["OPD-1"])
        w.person(2, "Siti", team, "focal_point", ids["OPD-2"], private_chat=False)  # never opened the bot
        andi = w.person(3, "Andi", team, "focal_point", ids["OPD-3"])
        w.person(4, "FP B", other, "focal_point", ids["OPD-B"])
        w.person(5, "Rina", team, "secretariat")
        w.report(act1, "2026-Q1", Rev(5, datetime(2026, 3, 2, tzinfo=UTC), budi))
        w.report(
            act2,
            "2026-Q1",
            Rev(5, datetime(2026, 3, 9, tzinfo=UTC), budi),
            Rev(6, datetime(2026, 3, 20, tzinfo=UTC), budi),
        )
        w.report(act1, "2026-Q2", Rev(5, datetime(2026, 3, 25, tzinfo=UTC), andi))  # Andi reported for OPD-1 once
        session.flush()
        mark_unreachable(session, 3)  # Andi blocked the bot
    engine.dispose()
    return ids


def test_team_members_reachability_and_last_reports(db_url: str) -> None:
    ids = _world(db_url)
    engine = make_sync_engine(db_url)
    with session_scope(engine) as session:
        members = team_members(session, ids["team"])
        assert [o.code for o in members.organizations] == ["OPD-1", "OPD-2", "OPD-3", "OPD-4"]
        by_code = {o.code: o for o in members.organizations}
        [budi] = by_code["OPD-1"].focal_points
        assert (budi.name, budi.can_message) == ("Budi", True)
        assert budi.last_report == datetime(2026, 3, 20, tzinfo=UTC)  # his latest revision, not Andi's
        [siti] = by_code["OPD-2"].focal_points
        assert (siti.private_chat, siti.can_message, siti.last_report) == (False, False, None)
        [andi] = by_code["OPD-3"].focal_points
        assert (andi.private_chat, andi.reachable, andi.can_message) == (True, False, False)
        assert andi.last_report == datetime(2026, 3, 25, tzinfo=UTC)
        assert [o.code for o in members.without_focal_points] == ["OPD-4"]
        assert [o.code for o in members.unconnected] == ["OPD-2", "OPD-3", "OPD-4"]
        assert unconnected_organizations(session, ids["team"]) == [
            ("OPD-2", "Dinas OPD-2"),
            ("OPD-3", "Dinas OPD-3"),
            ("OPD-4", "Dinas OPD-4"),
        ]
        # another team's organization is none of this team's, and the other way round
        assert organization_of_team(session, ids["team"], ids["OPD-B"]) is None
        assert organization_of_team(session, ids["other"], ids["OPD-1"]) is None
        assert organization_of_team(session, ids["team"], 999_999) is None
        org = organization_of_team(session, ids["team"], ids["OPD-4"])
        assert org is not None and org.code == "OPD-4"
        # the sheet's organizations: those without a focal point, or those named (any case, once each)
        assert [o.code for o in organizations_to_invite(session, ids["team"])[1]] == ["OPD-4"]
        _, chosen, unknown = organizations_to_invite(session, ids["team"], ["opd-2", "OPD-2", "OPD-B", " "])
        assert ([o.code for o in chosen], unknown) == (["OPD-2"], ["OPD-B"])
    engine.dispose()
