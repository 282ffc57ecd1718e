"""storage.verification's evidence checks on both engines: a photo or document also in another report (another
activity or period, any revision of it) is flagged; the same file in revisions of one report is not; another
team's report with the same file counts but is named only when the viewer may see that team; one query for a whole
screen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.db import make_sync_engine, session_scope
from storage.models import Evidence, ReportRevision
from storage.verification import (
    ReportRef,
    ReusedEvidence,
    reused_evidence,
    reused_evidence_of_period,
    verification_queue,
)
from tests.worlds import Rev, WorldBuilder, each_period

NOW = datetime(2026, 7, 6, 2, tzinfo=UTC)


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 3, tzinfo=UTC)


@dataclass
class World:
    team: int
    other_team: int
    revisions: dict[str, list[int]]  # report name → its revision ids, oldest first


def _evidence(session: Session, revision_id: int, unique_id: str, kind: str = "photo") -> None:
    session.add(
        Evidence(
            revision_id=revision_id, kind=kind, file_id=f"file-{unique_id}-{revision_id}", file_unique_id=unique_id
        )
    )
    session.flush()


def _revisions(session: Session, report_id: int) -> list[int]:
    rows = session.exec(select(ReportRevision).where(ReportRevision.report_id == report_id)).all()
    return [r.id or 0 for r in sorted(rows, key=lambda r: r.number)]


def build(session: Session) -> World:
    """Team TIM-A (K1, K2 in P1; K3 in P2) and TIM-B (B1). Files:

    - ``X``: K1 Q1 revisions 1 and 2 (one report: not a reuse by itself) and K2 Q1 revision 1;
    - ``Y``: K1 Q2 and TIM-B's B1 Q2 (another team's report);
    - ``Z``: K3 Q1 revisions 1 and 2 only (a correction, never flagged);
    - ``D`` (a document): K3 Q2 and K1 Q1's first revision (an older revision of another report still counts).
    """
    w = WorldBuilder(session, NOW)
    team = w.team("TIM-A", "Tim A")
    other_team = w.team("TIM-B", "Tim B")
    org = w.org(team, "OPD-1", "Dinas 1")
    org_b = w.org(other_team, "OPD-B", "Dinas B")
    p1 = w.program(team, "P1", "Program 1")
    p2 = w.program(team, "P2", "Program 2")
    pb = w.program(other_team, "PB", "Program B")
    k1 = w.activity(p1, org, "K1", "Kegiatan 1", targets=each_period(10))
    k2 = w.activity(p1, org, "K2", "Kegiatan 2", targets=each_period(10))
    k3 = w.activity(p2, org, "K3", "Kegiatan 3", targets=each_period(10))
    b1 = w.activity(pb, org_b, "B1", "Kegiatan B", targets=each_period(10))
    budi = w.person(1, "Budi", team, "focal_point", org)
    bambang = w.person(2, "Bambang", other_team, "focal_point", org_b)
    reports = {
        "K1-Q1": w.report(k1, "2026-Q1", Rev(5, _at(4, 1), budi), Rev(6, _at(4, 2), budi)),
        "K2-Q1": w.report(k2, "2026-Q1", Rev(7, _at(4, 3), budi)),
        "K3-Q1": w.report(k3, "2026-Q1", Rev(1, _at(4, 4), budi), Rev(2, _at(4, 5), budi)),
        "K1-Q2": w.report(k1, "2026-Q2", Rev(8, _at(7, 1), budi)),
        "K3-Q2": w.report(k3, "2026-Q2", Rev(3, _at(7, 2), budi)),
        "B1-Q2": w.report(b1, "2026-Q2", Rev(9, _at(7, 3), bambang)),
    }
    revisions = {name: _revisions(session, report_id) for name, report_id in reports.items()}
    for rev in revisions["K1-Q1"]:
        _evidence(session, rev, "X")
    _evidence(session, revisions["K2-Q1"][0], "X")
    _evidence(session, revisions["K1-Q2"][0], "Y")
    _evidence(session, revisions["B1-Q2"][0], "Y")
    for rev in revisions["K3-Q1"]:
        _evidence(session, rev, "Z")
    _evidence(session, revisions["K3-Q2"][0], "D", kind="document")
    _evidence(session, revisions["K1-Q1"][0], "D", kind="document")
    return World(team, other_team, revisions)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_sync_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def world(engine: Engine) -> World:
    with session_scope(engine) as session:
        return build(session)


def _current(world: World, name: str) -> int:
    return world.revisions[name][-1]


def test_reuse_across_reports_is_flagged_and_within_one_report_is_not(engine: Engine, world: World) -> None:
    ids = [rev for revs in world.revisions.values() for rev in revs]
    with session_scope(engine) as session:
        found = reused_evidence(session, ids, [world.team])
    k1_q1_first, k1_q1_current = world.revisions["K1-Q1"]
    # X is in K2 Q1 too; the revision before also has D, which K3 Q2 has
    assert found[k1_q1_current] == (ReusedEvidence("photo", ReportRef("K2", "2026-Q1")),)
    assert found[k1_q1_first] == (
        ReusedEvidence("document", ReportRef("K3", "2026-Q2")),
        ReusedEvidence("photo", ReportRef("K2", "2026-Q1")),
    )
    # K2 Q1 names K1 Q1 once, though both of K1 Q1's revisions hold X
    assert found[_current(world, "K2-Q1")] == (ReusedEvidence("photo", ReportRef("K1", "2026-Q1")),)
    # an older revision of another report counts
    assert found[_current(world, "K3-Q2")] == (ReusedEvidence("document", ReportRef("K1", "2026-Q1")),)
    # Z is only in K3 Q1's own revisions: a correction, never a reuse
    assert not any(rev in found for rev in world.revisions["K3-Q1"])


def test_another_teams_report_counts_but_is_named_only_to_whom_may_see_it(engine: Engine, world: World) -> None:
    """Telegram's file_unique_id is the file's, whatever the bot or chat: the same photo in another team's report is
    as suspicious; TIM-A's secretariat learns only that it is in another team's report, not which."""
    k1_q2, b1_q2 = _current(world, "K1-Q2"), _current(world, "B1-Q2")
    with session_scope(engine) as session:
        own = reused_evidence(session, [k1_q2, b1_q2], [world.team])
        both = reused_evidence(session, [k1_q2, b1_q2], [world.team, world.other_team])
        theirs = reused_evidence(session, [b1_q2], [world.other_team])
    assert own[k1_q2] == (ReusedEvidence("photo", None),)
    assert own[b1_q2] == (ReusedEvidence("photo", ReportRef("K1", "2026-Q2", "TIM-A")),)
    assert both[k1_q2] == (ReusedEvidence("photo", ReportRef("B1", "2026-Q2", "TIM-B")),)
    assert theirs[b1_q2] == (ReusedEvidence("photo", None),)


def test_one_query_for_a_whole_screen(engine: Engine, world: World) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    ids = [rev for revs in world.revisions.values() for rev in revs]
    with session_scope(engine) as session:
        session.connection()  # begin first: the count is of the query alone
        event.listen(engine, "before_cursor_execute", count)
        try:
            reused_evidence(session, ids, [world.team])
            reused_evidence_of_period(session, world.team, "2026-Q1")
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert reused_evidence(session, [], [world.team]) == {}
    assert len(statements) == 2


def test_the_queue_carries_the_flags(engine: Engine, world: World) -> None:
    with session_scope(engine) as session:
        items, total = verification_queue(session, [world.team])
    assert total == 5
    flags = {(item.activity_code, item.period_key): item.reused for item in items}
    assert flags[("K1", "2026-Q1")] == (ReusedEvidence("photo", ReportRef("K2", "2026-Q1")),)
    assert flags[("K2", "2026-Q1")] == (ReusedEvidence("photo", ReportRef("K1", "2026-Q1")),)
    assert flags[("K1", "2026-Q2")] == (ReusedEvidence("photo", None),)
    assert flags[("K3", "2026-Q1")] == ()


def test_the_recap_sheets_flags_by_program_and_activity(engine: Engine, world: World) -> None:
    with session_scope(engine) as session:
        q1 = reused_evidence_of_period(session, world.team, "2026-Q1")
        q2 = reused_evidence_of_period(session, world.team, "2026-Q2")
        other_q2 = reused_evidence_of_period(session, world.other_team, "2026-Q2")
    # the current revisions only: K1 Q1's D was in its first revision
    assert q1 == {
        ("P1", "K1"): (ReusedEvidence("photo", ReportRef("K2", "2026-Q1")),),
        ("P1", "K2"): (ReusedEvidence("photo", ReportRef("K1", "2026-Q1")),),
    }
    assert q2 == {
        ("P1", "K1"): (ReusedEvidence("photo", None),),
        ("P2", "K3"): (ReusedEvidence("document", ReportRef("K1", "2026-Q1")),),
    }
    assert other_q2 == {("PB", "B1"): (ReusedEvidence("photo", None),)}
