"""Budget to date through the per-activity look-back, and the planner options the aggregates set on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from storage import aggregates as agg
from storage.db import session_scope
from storage.models import Report, ReportRevision


def _clear_q2_budget(engine: Engine, activity_id: int) -> None:
    with session_scope(engine) as session:
        revision_id = (
            session.connection()
            .execute(
                Report.__table__.select()  # type: ignore[attr-defined]
                .with_only_columns(Report.__table__.c.current_revision_id)  # type: ignore[attr-defined]
                .where(Report.__table__.c.activity_id == activity_id, Report.__table__.c.period_key == "2026-Q2")  # type: ignore[attr-defined]
            )
            .scalar_one()
        )
        session.connection().execute(
            update(ReportRevision.__table__)  # type: ignore[attr-defined]
            .where(ReportRevision.__table__.c.id == revision_id)  # type: ignore[attr-defined]
            .values(budget_spent=None)
        )


def test_report_without_budget_looks_back_to_the_latest_with_one(engine: Engine, sample: Any) -> None:
    # A1's Q2 report is received but states no budget: its spending to date is the 20 jt of Q1 (revision 2), so
    # the team's spent is 20 (A1) + 50 (A2, Q1) + 60 (A4, Q2) = 130 jt.
    _clear_q2_budget(engine, sample.activity["A1"])
    with session_scope(engine) as session:
        summary = agg.period_summary(session, sample.team_id, "2026-Q2")
        rows = {r.activity_code: r for r in agg.activity_rows(session, sample.team_id, "2026-Q2")}
        without = agg.period_summary(session, sample.team_id, "2026-Q2", with_budget=False)
    assert summary.total.budget_spent == 130_000_000
    assert {p.code: p.budget_spent for p in summary.by_organization} == {
        "BANK": 110_000_000,
        "DISDIK": 0,
        "DISKOP": 20_000_000,
    }
    assert rows["A1"].budget_spent == 20_000_000
    assert rows["A3"].budget_spent is None  # exempt, and no budget ever
    assert without.total.budget_spent == 0
    assert without.total.achievement == summary.total.achievement


def test_scoped_and_unscoped_statements_do_not_mix(engine: Engine, sample: Any) -> None:
    # Statements are kept per shape: a program scope, then the team, then an organization, each with its own ids.
    p2 = agg.Scope("program", sample.program["P2"], "P2", "Satu Rekening Satu Pelajar")
    bank = agg.Scope("organization", sample.org["BANK"], "BANK", "Bank")
    with session_scope(engine) as session:
        in_p2 = agg.period_summary(session, sample.team_id, "2026-Q1", p2)
        team = agg.period_summary(session, sample.team_id, "2026-Q1")
        in_bank = agg.period_summary(session, sample.team_id, "2026-Q1", bank)
    assert (in_p2.total.expected, team.total.expected, in_bank.total.expected) == (3, 5, 2)
    assert {p.code for p in in_p2.by_program} == {"P2"}
    assert {p.code for p in in_bank.by_organization} == {"BANK"}


def test_postgresql_planner_options_for_the_transaction(engine: Engine, sample: Any) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    with session_scope(engine) as session:
        agg.laggards(session, sample.team_id, "2026-Q1")
        conn = session.connection()
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
        assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
    with session_scope(engine) as session:  # SET LOCAL: gone with the transaction
        assert session.connection().exec_driver_sql("SHOW plan_cache_mode").scalar() == "auto"
