"""Helpers for the plan tests: the examples, a table snapshot, and a report written straight into the tables."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col
from sqlmodel import select as sqlmodel_select

import storage.models  # noqa: F401  (registers the tables)
from planfile.read import PlanFileError, parse_yaml
from storage.db import make_sync_engine
from storage.models import Activity, Person, Program, Report, ReportRevision, Team

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DELI_SERDANG = EXAMPLES / "tpakd-deli-serdang-2022.yaml"
SOLOK = EXAMPLES / "tkpkd-kota-solok-2021.yaml"
BROKEN = EXAMPLES / "broken-plan.yaml"
NOW = datetime(2022, 12, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_sync_engine(db_url)
    yield eng
    eng.dispose()


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: equal snapshots mean the database did not change at all."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def add_report(session: Session, team_code: str, activity_code: str, period_key: str) -> Report:
    """A submitted report with one revision, as the bot would leave it."""
    activity = session.exec(
        sqlmodel_select(Activity)
        .join(Program, col(Program.id) == col(Activity.program_id))
        .join(Team, col(Team.id) == col(Program.team_id))
        .where(Team.code == team_code, Activity.code == activity_code)
    ).one()
    person = session.exec(sqlmodel_select(Person).where(Person.telegram_id == 4242)).first()
    person = person or Person(telegram_id=4242, name="Sri", created_at=NOW)
    session.add(person)
    session.flush()
    report = Report(
        activity_id=activity.id, period_key=period_key, first_submitted_at=NOW, revision_count=1, on_time=True
    )
    session.add(report)
    session.flush()
    revision = ReportRevision(
        report_id=report.id,
        number=1,
        draft_id=f"d-{activity_code}-{period_key}",
        value=10.0,
        reporter_id=person.id,
        submitted_at=NOW,
    )
    session.add(revision)
    session.flush()
    report.current_revision_id = revision.id
    return report


# The smallest valid plan; tests edit a copy of it.
MINIMAL = """\
team:
  code: T1
  name: Tim contoh
  year: 2022
organizations:
  - {code: DISKOP, name: Dinas Koperasi}
programs:
  - code: P1
    name: Program satu
    activities:
      - code: A1
        name: Kegiatan satu
        organization: DISKOP
        targets:
          Q1: 5
"""


def errors_of(text: str, source: str = "p.yaml") -> list[str]:
    """Every mistake ``parse_yaml`` finds in ``text``, as printed."""
    with pytest.raises(PlanFileError) as info:
        parse_yaml(textwrap.dedent(text), source)
    return [str(i) for i in info.value.issues]
