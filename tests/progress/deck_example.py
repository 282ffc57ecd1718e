"""The example the deck is tested and pictured with: the Deli Serdang plan (examples/tpakd-deli-serdang-2022.yaml)
with Triwulan I 2022's reports at known shares of their targets, two open obstacles that need a decision and ten
open actions (more than one table slide holds).

The plan has 5 programs (UGD 4 activities, UNK 4, OVOA 3, SRSP 3, SALI 4) and 16 activities with a Triwulan I
target. ``LEVELS`` cycles over them in plan order: the share of the target reported (None: not reported).
``big=True`` adds 7 activities to UGD (11 in all), so that its table goes on over a second slide.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from domain.plan import Plan
from planfile.read import load_plan
from storage import people
from storage.models import ActionItem, Activity, Obstacle, Organization, Program, Report, ReportRevision, Target
from storage.plan import apply_plan
from tests.e2e.harness import DELI_SERDANG

PERIOD = "2022-Q1"
NOW = datetime(2022, 4, 20, 3, 0, tzinfo=UTC)  # 20 April 2022, 10:00 WIB: Triwulan I is the landing period
LEVELS = (1.05, 0.9, 0.72, None, 0.55, 0.95, 0.3, 0.8)
ACTIONS = 10
EXTRA_UGD = 7


def example_plan(*, big: bool = False) -> Plan:
    plan = load_plan(DELI_SERDANG)
    if not big:
        return plan
    ugd = plan.programs[0]
    model = ugd.activities[0]
    extra = tuple(replace(model, code=f"UGD-X{n}", name=f"{model.name} tahap {n}") for n in range(1, EXTRA_UGD + 1))
    return replace(plan, programs=(replace(ugd, activities=ugd.activities + extra), *plan.programs[1:]))


def seed_example(session: Session, *, big: bool = False, now: datetime = NOW) -> int:
    """Apply the plan and write the example's reports, obstacles and actions; the team's id."""
    apply_plan(session, example_plan(big=big), now)
    team = people.team_by_code(session, "TPAKD-DS")
    assert team is not None and team.id is not None
    reporter = people.upsert_person(session, 990_001, "Pelapor contoh", now)
    rows = session.exec(
        select(Activity, Target)
        .join(Program, col(Program.id) == col(Activity.program_id))
        .join(Target, col(Target.activity_id) == col(Activity.id))
        .where(Program.team_id == team.id, Target.period_key == PERIOD)
        .order_by(col(Program.position), col(Activity.id))
    ).all()
    first_activity: Activity | None = None
    for n, (activity, target) in enumerate(rows):
        level = LEVELS[n % len(LEVELS)]
        first_activity = first_activity or activity
        if level is None:
            continue
        factor = 2 - level if activity.direction == "turun" else level
        report = Report(
            activity_id=activity.id or 0,
            period_key=PERIOD,
            revision_count=1,
            status="submitted",
            first_submitted_at=datetime(2022, 4, 5, 3, 0, tzinfo=UTC),
            on_time=n % 5 != 2,
        )
        session.add(report)
        session.flush()
        revision = ReportRevision(
            report_id=report.id or 0,
            number=1,
            draft_id=f"deck-{activity.code}",
            value=round(target.value * factor, 1),
            budget_spent=None if target.planned_budget is None else int(target.planned_budget * level),
            physical_pct=None if target.planned_physical is None else round(target.planned_physical * level, 1),
            reporter_id=reporter.id or 0,
            submitted_at=datetime(2022, 4, 5, 3, 0, tzinfo=UTC),
        )
        session.add(revision)
        session.flush()
        report.current_revision_id = revision.id
    assert first_activity is not None
    orgs = {o.code: o.id for o in session.exec(select(Organization)).all()}
    low = [a for a, _ in rows[4:7]]
    for n, activity in enumerate(low[:2]):
        session.add(
            Obstacle(
                team_id=team.id,
                activity_id=activity.id or 0,
                category=("anggaran", "pengadaan")[n],
                description=("Pencairan dana tertunda menunggu SK", "Lelang perangkat gagal, diulang Mei")[n],
                needs_decision=True,
                opened_period_key=PERIOD,
                opened_at=datetime(2022, 4, 6, 3, 0, tzinfo=UTC),
                updated_at=datetime(2022, 4, 6, 3, 0, tzinfo=UTC),
            )
        )
    for n in range(ACTIONS):
        activity = rows[n % len(rows)][0]
        session.add(
            ActionItem(
                team_id=team.id,
                activity_id=activity.id,
                topic=f"{activity.code} capaian rendah",
                decision=f"Percepat pelaksanaan {activity.code} dan laporkan di rapat berikut",
                organization_id=activity.organization_id or orgs.get("DISKOPUKM") or 0,
                due_date=date(2022, 4, 10 + 2 * n),
                created_at=datetime(2022, 4, 1, 3, 0, tzinfo=UTC),
            )
        )
    session.flush()
    return int(team.id)
