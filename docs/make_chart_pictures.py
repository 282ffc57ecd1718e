"""Draw the pictures of docs/README-charts.md from the example plan with plausible sample reports.

    /work/venv/bin/python docs/make_chart_pictures.py [--out docs]

Imports ``examples/tpakd-deli-serdang-2022.yaml`` into a temporary SQLite database, adds reports for Triwulan I
and II 2022 (a few late, one returned, some missing; BPR-DS is exempt for Triwulan I in the plan), and renders the
three charts as of 1 August 2022 with the same functions the bot uses.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import col, select

from domain.calendar import deadline
from domain.periods import Period
from planfile.read import load_plan
from progress import charts
from progress import views as pv
from storage.db import make_sync_engine, session_scope
from storage.migrate import upgrade
from storage.models import Activity, Exemption, Person, Program, Report, ReportRevision, Target, Team
from storage.plan import apply_plan

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2022, 8, 1, 2, tzinfo=UTC)  # Monday 1 August 2022, 09:00 WIB


def _add_reports(session: object, team: Team) -> None:
    from sqlmodel import Session

    assert isinstance(session, Session)
    rng = random.Random(2022)
    person = Person(telegram_id=900001, name="Operator contoh", created_at=NOW)
    session.add(person)
    session.flush()
    exempt = {(e.organization_id, e.period_key) for e in session.exec(select(Exemption))}
    activities = session.exec(
        select(Activity).join(Program).where(Program.team_id == team.id).order_by(col(Activity.id))
    ).all()
    skill = {a.organization_id: rng.uniform(0.45, 1.15) for a in activities}
    n = 0
    for q in (1, 2):
        period = Period.quarter(2022, q)
        due = deadline(period, team.deadline_working_days)
        for act in activities:
            if (act.organization_id, period.key) in exempt or rng.random() < (0.08 if q == 1 else 0.2):
                continue
            target = session.exec(
                select(Target).where(Target.activity_id == act.id, Target.period_key == period.key)
            ).first()
            if target is None:
                continue
            factor = max(0.1, rng.gauss(skill[act.organization_id], 0.15))
            late = rng.random() < 0.15
            day = due + timedelta(days=rng.randint(2, 12)) if late else due - timedelta(days=rng.randint(0, 8))
            at = datetime(day.year, day.month, day.day, 3, 30, tzinfo=UTC)
            n += 1
            report = Report(
                activity_id=act.id,  # type: ignore[arg-type]
                period_key=period.key,
                first_submitted_at=at,
                on_time=not late,
                status="returned" if n == 7 else ("verified" if rng.random() < 0.4 else "submitted"),
                status_reason="Bukti dukung belum lengkap" if n == 7 else None,
                revision_count=1,
            )
            session.add(report)
            session.flush()
            revision = ReportRevision(
                report_id=report.id,  # type: ignore[arg-type]
                number=1,
                draft_id=f"docs-{n}",
                value=round(target.value * factor, 0),
                budget_spent=int((target.planned_budget or 0) * min(factor, 1.0)) or None,
                physical_pct=round(min(100.0, (target.planned_physical or 0) * min(factor, 1.1)), 1),
                obstacles="Sinyal internet lemah di desa" if factor < 0.7 else None,
                follow_up="Koordinasi dengan Diskominfo" if factor < 0.7 else None,
                reporter_id=person.id,  # type: ignore[arg-type]
                submitted_at=at,
                on_time=not late,
            )
            session.add(revision)
            session.flush()
            report.current_revision_id = revision.id
            session.add(report)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'docs.db'}"
        upgrade(url)
        engine = make_sync_engine(url)
        with session_scope(engine) as session:
            apply_plan(session, load_plan(ROOT / "examples" / "tpakd-deli-serdang-2022.yaml"), NOW)
            team = session.exec(select(Team).where(Team.code == "TPAKD-DS")).one()
            _add_reports(session, team)
        with session_scope(engine) as session:
            team_id = int(team.id)  # type: ignore[arg-type]
            progres = pv.load_progres(session, team_id, None, NOW)
            kurva = pv.load_kurva(session, team_id, None, NOW)
            matrix = pv.load_compliance(session, team_id, NOW, "TW4")
            matrix = type(matrix)(matrix.team, matrix.periods, matrix.rows, date(2022, 8, 1))
        engine.dispose()
    pictures = {
        "chart-progres.png": pv.render_progres(progres, "id").photo,
        "chart-kurva.png": pv.render_kurva(kurva, "id").photo,
        "chart-kepatuhan.png": charts.render_compliance(charts.compliance_chart_data(matrix), "id"),
    }
    for name, png in pictures.items():
        assert png is not None
        (args.out / name).write_bytes(png)
        print(f"{args.out / name}: {len(png):,} bytes")
    print(pv.progres_caption(progres, "id"))
    print(pv.kurva_caption(kurva, "id"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
