"""The synthetic generator: the row counts asked for, and a report history the rest of the bot can trust."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from pantau.plangen import GeneratorError, generate_team
from storage.db import session_scope
from storage.models import (
    Activity,
    Exemption,
    Membership,
    Organization,
    Person,
    Program,
    Report,
    ReportRevision,
    Target,
    TeamOrganization,
)
from storage.plan import read_plan

NOW = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)


def count(session: object, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()  # type: ignore[attr-defined,no-any-return]


def test_small_team_with_history(engine: Engine) -> None:
    with session_scope(engine) as session:
        stats = generate_team(
            session, team_code="GEN", orgs=5, activities=50, periods=4, year=2025, now=NOW, with_reports=True, seed=3
        )
    with session_scope(engine) as session:
        assert (count(session, Organization), count(session, TeamOrganization)) == (5, 5)
        assert count(session, Activity) == stats.activities == 50
        assert count(session, Program) == stats.programs
        assert count(session, Target) == stats.targets == 200
        assert set(session.exec(select(Target.period_key)).all()) == {f"2025-Q{i}" for i in range(1, 5)}
        # persons: secretariat, chair, one focal point per organization and two for every fifth
        assert count(session, Person) == count(session, Membership) == stats.persons == 2 + 5 + 1
        focal = session.exec(select(Membership).where(Membership.role == "focal_point")).all()
        assert all(m.organization_id is not None for m in focal)

        reports = session.exec(select(Report)).all()
        revisions = session.exec(select(ReportRevision)).all()
        assert len(reports) == stats.reports and len(revisions) == stats.revisions
        exempt = count(session, Exemption)
        expected = 50 * 4 - exempt * 10  # each exemption excuses one organization (10 activities) for one period
        assert 0.8 * expected <= len(reports) <= 0.97 * expected
        by_report: dict[int, list[ReportRevision]] = {}
        for revision in revisions:
            by_report.setdefault(revision.report_id, []).append(revision)
        for report in reports:
            mine = sorted(by_report[report.id], key=lambda r: r.number)
            assert [r.number for r in mine] == list(range(1, report.revision_count + 1))
            assert report.current_revision_id == mine[-1].id
            assert report.first_submitted_at == mine[0].submitted_at
            assert report.on_time == mine[0].on_time
            assert all(a.submitted_at <= b.submitted_at for a, b in itertools.pairwise(mine))
        assert len({r.draft_id for r in revisions}) == len(revisions)
        assert any(r.revision_count > 1 for r in reports)
        assert any(not r.on_time for r in reports)
        statuses = Counter(r.status for r in reports)
        assert statuses["verified"] and statuses["returned"] and statuses["submitted"]
    with session_scope(engine) as session:
        plan = read_plan(session, "GEN")
        assert plan.activity_count == 50 and plan.team.period == "quarter"


def test_monthly_without_reports_and_refusals(engine: Engine) -> None:
    with session_scope(engine) as session:
        stats = generate_team(session, team_code="GENM", orgs=3, activities=12, periods=12, year=2026, now=NOW)
        assert (stats.targets, stats.reports) == (144, 0)
        with pytest.raises(GeneratorError, match="already exists"):
            generate_team(session, team_code="GENM", orgs=3, activities=12, periods=12, year=2026, now=NOW)
        with pytest.raises(GeneratorError, match="sizes"):
            generate_team(session, team_code="X", orgs=0, activities=12, periods=12, year=2026, now=NOW)


def test_only_ended_periods_get_history(engine: Engine) -> None:
    with session_scope(engine) as session:
        generate_team(
            session, team_code="NOW", orgs=2, activities=20, periods=12, year=2026, now=NOW, with_reports=True
        )
        periods = set(session.exec(select(Report.period_key)).all())
    assert periods <= {f"2026-{m:02d}" for m in range(1, 11)}  # November has not ended on 21 November
    assert "2026-10" in periods
