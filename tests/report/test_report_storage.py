"""Report storage on SQLite and PostgreSQL: drafts, Kirim exactly once, revisions, periods, verification."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from sqlmodel import Session, col, select

from domain.report_rules import budget_warning, value_warning
from storage.db import Database, make_sync_engine, session_scope
from storage.drafts import (
    Answers,
    Draft,
    EvidenceFile,
    Pending,
    cancel_draft,
    expire_idle_drafts,
    get_draft,
    person_draft,
    save_draft,
    start_draft,
)
from storage.entry import activity_context, check_entry_open, entry_periods, reportable_activities
from storage.history import report_history, revisions_of, start_revision
from storage.models import Activity, Evidence, Report, ReportDraft, ReportRevision
from storage.reopening import reopen_period
from storage.report_errors import DraftClosedError, ReportError
from storage.submission import Submission, submit_draft
from storage.verification import return_report, verification_queue, verify_report
from tests.report.seed import AFTER_DEADLINE, LOCKED, T0, Plan, seed_many, seed_plan

T = TypeVar("T")


class Db:
    """One sync engine; ``db(fn, *args)`` runs a repository function in its own committed transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_sync_engine(url)

    def __call__(self, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
        with session_scope(self.engine) as session:
            return fn(session, *args, **kw)


@pytest.fixture
def db(db_url: str) -> Iterator[Db]:
    handle = Db(db_url)
    yield handle
    handle.engine.dispose()


@pytest.fixture
def plan(db: Db) -> Plan:
    return db(seed_plan)


def _filled(draft: Draft, db: Db, plan: Plan, *, activity: int | None = None, value: float = 80.0) -> Draft:
    answers = Answers(
        value=value,
        budget_spent=2_500_000,
        physical_pct=40.0,
        obstacles="Sinyal <lemah>",
        follow_up="Pendampingan",
        evidence=(
            EvidenceFile("photo", "AgAD-photo", "uniq-1", file_size=120_000),
            EvidenceFile("document", "BQAD-doc", "uniq-2", "laporan.pdf", "application/pdf", 55_000),
        ),
        latitude=3.58,
        longitude=98.67,
    )
    return db(
        save_draft,
        draft.id,
        T0,
        step="summary",
        team_id=plan.team_id,
        activity_id=activity or plan.act_pp,
        period_key="2026-Q1",
        answers=answers,
    )


def test_a_new_draft_cancels_the_open_one_and_answers_round_trip(db: Db, plan: Plan) -> None:
    first = db(start_draft, plan.focal, T0, step="activity")
    second = db(start_draft, plan.focal, T0, step="activity")
    assert db(get_draft, first.id).status == "cancelled"  # type: ignore[union-attr]
    saved = _filled(second, db, plan)
    pending = Pending("value", 500.0, "above_target")
    db(save_draft, second.id, T0, pending=pending, editing=True, page=2)
    person_id, again = db(person_draft, 1001)  # plan.focal's Telegram id
    assert person_id == plan.focal and again is not None and again.id == second.id
    assert again.answers == saved.answers and again.pending == pending and again.editing and again.page == 2
    assert again.short == second.id[:8]
    assert db(cancel_draft, second.id, T0) is True
    assert db(cancel_draft, second.id, T0) is False
    with pytest.raises(DraftClosedError) as err:
        db(save_draft, second.id, T0, step="value")
    assert err.value.key == "report.closed.cancelled"


def test_kirim_twice_writes_one_revision_with_its_evidence(db: Db, plan: Plan) -> None:
    draft = _filled(db(start_draft, plan.focal, T0, step="activity"), db, plan)
    sent = db(submit_draft, draft.id, T0)
    again = db(submit_draft, draft.id, T0 + timedelta(seconds=2))
    assert sent.created and not again.created
    assert (again.report_id, again.revision_id, again.revision_number) == (sent.report_id, sent.revision_id, 1)
    assert sent.achievement == Decimal("80.00") and sent.predikat == "tinggi" and sent.on_time
    with Session(db.engine) as s:
        assert len(s.exec(select(ReportRevision)).all()) == 1
        kinds = sorted(e.kind for e in s.exec(select(Evidence)).all())
        assert kinds == ["document", "photo"]
        assert s.get(ReportDraft, draft.id).status == "submitted"  # type: ignore[union-attr]


def test_a_second_report_is_a_revision_and_keeps_the_first_on_time(db: Db, plan: Plan) -> None:
    first = db(submit_draft, _filled(db(start_draft, plan.focal, T0, step="a"), db, plan).id, T0)
    db(verify_report, first.report_id, first.revision_id, plan.secretariat, T0)
    late = _filled(db(start_draft, plan.focal2, AFTER_DEADLINE, step="a"), db, plan, value=95)
    second = db(submit_draft, late.id, AFTER_DEADLINE)
    assert second.report_id == first.report_id and second.revision_number == 2 and second.on_time
    with Session(db.engine) as s:
        report = s.get(Report, first.report_id)
        assert report is not None
        assert (report.current_revision_id, report.revision_count, report.status) == (
            second.revision_id,
            2,
            "submitted",
        )
        trail = revisions_of(s, first.report_id)
        assert [(v.number, v.value, v.on_time) for v in trail] == [(1, 80.0, True), (2, 95.0, False)]


def test_a_first_report_after_the_deadline_is_late(db: Db, plan: Plan) -> None:
    draft = _filled(db(start_draft, plan.focal, AFTER_DEADLINE, step="a"), db, plan)
    assert not db(submit_draft, draft.id, AFTER_DEADLINE).on_time


def test_cumulative_achievement_uses_the_running_target(db: Db, plan: Plan) -> None:
    draft = _filled(db(start_draft, plan.focal, T0, step="a"), db, plan, activity=plan.act_cum, value=9)
    assert db(submit_draft, draft.id, T0).achievement == Decimal("90.00")
    ctx = db(activity_context, plan.act_cum, "2026-Q2")
    # the plan's cumulative targets are running totals (10 by Q1, 20 by Q2): Q2's target is 20, not 10 + 20
    assert (ctx.target, ctx.previous_value, ctx.previous_period_key) == (20.0, 9.0, "2026-Q1")
    assert value_warning(ctx, Decimal(8)) == "below_previous"
    assert value_warning(ctx, Decimal(31)) == "above_target"
    assert value_warning(ctx, Decimal(30)) is None


def test_activity_context_and_budget_ceiling(db: Db, plan: Plan) -> None:
    ctx = db(activity_context, plan.act_pp, "2026-Q1")
    assert (ctx.target, ctx.budget_ceiling, ctx.organization_code, ctx.current_value) == (
        100,
        10_000_000,
        "DISKOP",
        None,
    )
    assert budget_warning(ctx, 10_000_001) == "above_ceiling"
    assert budget_warning(ctx, 10_000_000) is None
    assert value_warning(ctx, Decimal(151)) == "above_target"
    assert value_warning(ctx, Decimal(150)) is None
    db(submit_draft, _filled(db(start_draft, plan.focal, T0, step="a"), db, plan).id, T0)
    ctx = db(activity_context, plan.act_pp, "2026-Q1")
    assert (ctx.current_value, ctx.current_revision_number) == (80.0, 1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (T0, [("2026-Q2", "open", False), ("2026-Q1", "open", True)]),
        (LOCKED, [("2026-Q2", "open", True), ("2026-Q1", "locked", False)]),
    ],
)
def test_entry_periods_offer_the_open_ones_with_the_reference_preselected(
    db: Db, plan: Plan, now: Any, expected: list[tuple[str, str, bool]]
) -> None:
    choices = db(entry_periods, plan.act_pp, now)
    assert [(c.key, c.state, c.default) for c in choices] == expected


def test_a_locked_period_refuses_until_reopened_for_that_organization(db: Db, plan: Plan) -> None:
    draft = _filled(db(start_draft, plan.focal, LOCKED, step="a"), db, plan)
    with pytest.raises(ReportError) as err:
        db(submit_draft, draft.id, LOCKED)
    assert err.value.key == "report.period.locked"
    other = db(reopen_period, plan.team_id, "DISDIK", "2026-Q1", plan.secretariat, LOCKED)
    assert other.created and other.was_locked
    with pytest.raises(ReportError):
        db(check_entry_open, plan.act_pp, "2026-Q1", LOCKED)
    opened = db(reopen_period, plan.team_id, "diskop", "2026-Q1", plan.secretariat, LOCKED)
    assert opened.created and opened.organization_code == "DISKOP"
    assert not db(reopen_period, plan.team_id, "DISKOP", "2026-Q1", plan.secretariat, LOCKED).created
    assert [(c.key, c.state) for c in db(entry_periods, plan.act_pp, LOCKED)] == [
        ("2026-Q2", "open"),
        ("2026-Q1", "reopened"),
    ]
    assert db(submit_draft, draft.id, LOCKED).created
    with pytest.raises(ReportError) as err:
        db(reopen_period, plan.team_id, "NOPE", "2026-Q1", None, LOCKED)
    assert err.value.key == "report.reopen.unknown_org"


def test_the_activity_list_is_own_organization_grouped_and_marked(db: Db, plan: Plan) -> None:
    db(submit_draft, _filled(db(start_draft, plan.focal, T0, step="a"), db, plan).id, T0)
    listed = db(reportable_activities, plan.focal, T0)
    assert [(a.code, a.program_name, a.mark) for a in listed] == [
        ("K1", "UMKM Go Digital", "reported"),
        ("K2", "UMKM Go Digital", "pending"),
        ("K3", "UMKM Naik Kelas", "pending"),
    ]
    assert {a.mark for a in db(reportable_activities, plan.focal, AFTER_DEADLINE)} == {"reported", "overdue"}
    # once Q1 is locked the list lands on Q2, open (never a list of 🔒 while a period is open)
    locked = db(reportable_activities, plan.focal, LOCKED)
    assert [(a.mark, a.period_key) for a in locked] == [("pending", "2026-Q2")] * 3
    assert db(reportable_activities, plan.secretariat, T0) == []
    assert [a.code for a in db(reportable_activities, plan.focal_disdik, T0)] == ["K4"]


def test_idle_drafts_expire_once(db: Db, plan: Plan) -> None:
    old = db(start_draft, plan.focal, T0, step="value")
    fresh = db(start_draft, plan.focal_disdik, T0 + timedelta(hours=20), step="value")
    expired = db(expire_idle_drafts, T0 + timedelta(hours=25), timedelta(hours=24))
    assert [(e.draft_id, e.telegram_id, e.reachable) for e in expired] == [(old.id, 1001, True)]
    assert db(expire_idle_drafts, T0 + timedelta(hours=25), timedelta(hours=24)) == []
    assert db(get_draft, fresh.id).status == "open"  # type: ignore[union-attr]
    with pytest.raises(DraftClosedError) as err:
        db(submit_draft, old.id, T0 + timedelta(hours=26))
    assert err.value.key == "report.closed.expired"


def test_verify_and_return_act_only_on_the_current_submitted_revision(db: Db, plan: Plan) -> None:
    first = db(submit_draft, _filled(db(start_draft, plan.focal, T0, step="a"), db, plan).id, T0)
    queue, total = db(verification_queue, [plan.team_id])
    assert total == 1 and queue[0].report_id == first.report_id and queue[0].evidence_count == 2
    with pytest.raises(ReportError) as err:
        db(return_report, first.report_id, first.revision_id, plan.secretariat, "  ", T0)
    assert err.value.key == "report.verify.reason_empty"
    change = db(return_report, first.report_id, first.revision_id, plan.secretariat, "Foto kurang jelas", T0)
    assert (change.status, change.reason, change.reporter_telegram_id) == ("returned", "Foto kurang jelas", 1001)
    with pytest.raises(ReportError) as err:
        db(verify_report, first.report_id, first.revision_id, plan.secretariat, T0)
    assert err.value.key == "report.verify.already_returned"
    assert db(verification_queue, [plan.team_id]) == ([], 0)
    revision = db(start_revision, plan.focal, first.report_id, T0, step="summary")
    assert revision.base_revision_id == first.revision_id and revision.answers.value == 80.0
    assert len(revision.answers.evidence) == 2 and revision.answers.obstacles == "Sinyal <lemah>"
    second = db(submit_draft, revision.id, T0)
    with pytest.raises(ReportError) as err:
        db(verify_report, first.report_id, first.revision_id, plan.secretariat, T0)
    assert err.value.key == "report.verify.superseded"
    assert db(verify_report, first.report_id, second.revision_id, plan.secretariat, T0).status == "verified"


def test_history_lists_the_organizations_reports_newest_first(db: Db, plan: Plan) -> None:
    a = db(submit_draft, _filled(db(start_draft, plan.focal, T0, step="a"), db, plan).id, T0)
    later = T0 + timedelta(hours=1)
    b = db(
        submit_draft,
        _filled(db(start_draft, plan.focal2, later, step="a"), db, plan, activity=plan.act_cum).id,
        later,
    )
    items, total = db(report_history, plan.focal)
    assert total == 2 and [i.report_id for i in items] == [b.report_id, a.report_id]
    assert items[1].evidence_count == 2
    assert db(report_history, plan.focal_disdik) == ([], 0)
    page, total = db(report_history, plan.focal, limit=1, offset=1)
    assert total == 2 and [i.report_id for i in page] == [a.report_id]


async def test_fifty_officials_at_once_store_fifty_reports(db: Db, plan: Plan) -> None:
    pairs = db(seed_many, plan, 50)
    database = Database(db.url)
    try:

        async def one(person_id: int, activity_id: int) -> Submission:
            draft = await database.run(start_draft, person_id, T0, step="activity")
            await database.run(
                save_draft,
                draft.id,
                T0,
                step="summary",
                team_id=plan.team_id,
                activity_id=activity_id,
                period_key="2026-Q1",
                answers=Answers(value=float(activity_id)),
            )
            sent = await asyncio.gather(*(database.run(submit_draft, draft.id, T0) for _ in range(3)))
            assert sum(s.created for s in sent) == 1
            return sent[0]

        results = await asyncio.gather(*(one(p, a) for p, a in pairs))
    finally:
        await database.dispose()
    assert len({s.report_id for s in results}) == 50
    with Session(db.engine) as s:
        revisions = s.exec(select(ReportRevision)).all()
        assert len(revisions) == 50
        assert {(v.report_id, v.value) for v in revisions} == {(x.report_id, x.value) for x in results}


async def test_two_officials_reporting_one_activity_at_once_make_two_revisions(db: Db, plan: Plan) -> None:
    drafts = [_filled(db(start_draft, p, T0, step="a"), db, plan) for p in (plan.focal, plan.focal2)]
    database = Database(db.url)
    try:
        sent = await asyncio.gather(*(database.run(submit_draft, d.id, T0) for d in drafts))
    finally:
        await database.dispose()
    assert sent[0].report_id == sent[1].report_id
    assert sorted(s.revision_number for s in sent) == [1, 2]
    with Session(db.engine) as s:
        assert len(s.exec(select(Report)).all()) == 1
        report = s.exec(select(Report)).one()
        assert report.revision_count == 2
        assert report.current_revision_id == max(
            s.exec(select(ReportRevision.id).where(col(ReportRevision.report_id) == report.id)).all()
        )


def _stop(session: Session, activity_id: int, period_key: str) -> None:
    activity = session.get(Activity, activity_id)
    assert activity is not None
    activity.stopped_from = period_key
    session.add(activity)


def test_a_stopped_activity_leaves_the_menu_and_its_periods_from_then_on(db: Db, plan: Plan) -> None:
    db(_stop, plan.act_cum, "2026-Q2")  # K2, dihentikan mulai TW II
    # in Q1's reporting time K2 is still offered, for Q1 only
    assert [a.code for a in db(reportable_activities, plan.focal, T0)] == ["K1", "K2", "K3"]
    assert [c.key for c in db(entry_periods, plan.act_cum, T0)] == ["2026-Q1"]
    # once Q2 is the period reported, K2 is gone from the menu and Q2 is refused
    assert [a.code for a in db(reportable_activities, plan.focal, LOCKED)] == ["K1", "K3"]
    assert all(c.key < "2026-Q2" for c in db(entry_periods, plan.act_cum, LOCKED))
    with pytest.raises(ReportError) as err:
        db(check_entry_open, plan.act_cum, "2026-Q2", LOCKED)
    assert err.value.key == "plan.activity.stopped"
    assert db(check_entry_open, plan.act_pp, "2026-Q2", LOCKED) == "open"
