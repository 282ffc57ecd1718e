"""The schema comes from Alembic migrations alone, on both engines, and upgrading twice changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from storage.db import make_sync_engine
from storage.migrate import current_revision, head_revision, upgrade

# A team row as every revision so far has it (the tests of an upgrade start from it).
TEAM_T1 = (
    "INSERT INTO team (code, name, region, timezone, period_kind, year, deadline_working_days, lock_days, thresholds,"
    " policy) VALUES ('T1', 'Tim', '', 'Asia/Jakarta', 'quarter', 2022, 10, 30, '[91, 76, 66, 51]', '{}')"
)


@contextmanager
def at_revision(db_url: str, revision: str) -> Iterator[Engine]:
    """The database taken back to ``revision``, for the caller to check and fill in; upgraded to head again
    afterwards, whatever happened."""
    from alembic import command

    from storage.migrate import alembic_config

    engine = make_sync_engine(db_url)
    try:
        cfg = alembic_config(db_url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
        yield engine
    finally:
        engine.dispose()
        upgrade(db_url)


def test_migrated_database_has_every_table_at_head(db_url: str) -> None:
    upgrade(db_url)  # a second upgrade is a no-op
    assert current_revision(db_url) == head_revision(db_url)
    engine = make_sync_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    for name in (
        "team",
        "organization",
        "activity",
        "target",
        "report",
        "report_revision",
        "delivery",
        "exemption",
        "invite_token",
        "conversation_state",
        "user_data",
        "report_draft",
    ):
        assert name in tables


def test_sqlite_pragmas_are_on(sqlite_url: str) -> None:
    engine = make_sync_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_upgrade_to_0002_keeps_group_rows_and_adds_an_empty_thread(db_url: str) -> None:
    """A database of the previous revision (0001) with a linked group: the upgrade adds ``thread_id`` (NULL) and
    keeps the row."""
    from sqlalchemy import text

    with at_revision(db_url, "0001") as engine:
        assert "thread_id" not in {c["name"] for c in inspect(engine).get_columns("group_chat")}
        with engine.begin() as conn:
            conn.execute(text(TEAM_T1))
            conn.execute(
                text(
                    "INSERT INTO group_chat (chat_id, team_id, title, active)"
                    " SELECT -1001234567890, id, 'Grup TPAKD', true FROM team"
                )
            )
    assert current_revision(db_url) == head_revision(db_url)
    engine = make_sync_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT chat_id, title, active, thread_id FROM group_chat")).all()
    engine.dispose()
    assert [(r[0], r[1], bool(r[2]), r[3]) for r in rows] == [(-1001234567890, "Grup TPAKD", True, None)]


def test_upgrade_to_0003_keeps_every_plan_and_report_meaning_what_it_meant(db_url: str) -> None:
    """A database of revision 0002 with a team, two activities (per period and cumulative), their targets and a
    report: the upgrade adds how each indicator is read with the defaults of before (naik, one value per target,
    cap 150, predikat, kuning from a gap of 25%), keeps every row, and each report's achievement stays the same."""
    from decimal import Decimal

    from sqlalchemy import text
    from sqlmodel import Session

    from domain.indicators import achievement_at
    from domain.plan import KIND_OF_MEASURE
    from domain.rating import achievement_for
    from storage.plan import read_plan

    with at_revision(db_url, "0002") as engine:
        assert "direction" not in {c["name"] for c in inspect(engine).get_columns("activity")}
        assert "value_min" not in {c["name"] for c in inspect(engine).get_columns("target")}
        with engine.begin() as conn:
            conn.execute(text(TEAM_T1))
            conn.execute(text("INSERT INTO organization (code, name, kind) VALUES ('DISKOP', 'Dinas Koperasi', 'OPD')"))
            conn.execute(
                text(
                    "INSERT INTO team_organization (team_id, organization_id) SELECT t.id, o.id FROM team t, organization o"
                )
            )
            conn.execute(
                text("INSERT INTO program (team_id, code, name, position) SELECT id, 'P1', 'Program', 0 FROM team")
            )
            for position, (code, measure) in enumerate((("A1", "per_period"), ("A2", "cumulative"))):
                conn.execute(
                    text(
                        "INSERT INTO activity (program_id, organization_id, code, name, indicator, unit,"
                        " budget_ceiling, measure, position) SELECT p.id, o.id, :code, :name, 'UMKM', 'UMKM',"
                        " NULL, :measure, :position FROM program p, organization o"
                    ),
                    {"code": code, "name": f"Kegiatan {code}", "measure": measure, "position": position},
                )
            for code, values in (("A1", (40, 60)), ("A2", (50, 120))):
                for quarter, value in enumerate(values, start=1):
                    conn.execute(
                        text(
                            "INSERT INTO target (activity_id, period_key, value, planned_budget, planned_physical)"
                            " SELECT id, :period, :value, NULL, NULL FROM activity WHERE code = :code"
                        ),
                        {"period": f"2022-Q{quarter}", "value": value, "code": code},
                    )
            conn.execute(
                text(
                    "INSERT INTO person (telegram_id, name, language, private_chat, reachable, created_at)"
                    " VALUES (4242, 'Sri', 'id', true, true, '2022-07-05 03:00:00')"
                )
            )
            for code, value in (("A1", 45), ("A2", 90)):
                conn.execute(
                    text(
                        "INSERT INTO report (activity_id, period_key, revision_count, status, first_submitted_at,"
                        " on_time) SELECT id, '2022-Q2', 1, 'submitted', '2022-07-05 03:00:00', true"
                        " FROM activity WHERE code = :code"
                    ),
                    {"code": code},
                )
                conn.execute(
                    text(
                        "INSERT INTO report_revision (report_id, number, draft_id, value, reporter_id, submitted_at,"
                        " on_time) SELECT r.id, 1, :draft, :value, p.id, '2022-07-05 03:00:00', true"
                        " FROM report r JOIN activity a ON a.id = r.activity_id, person p WHERE a.code = :code"
                    ),
                    {"draft": f"d-{code}", "value": value, "code": code},
                )
    assert current_revision(db_url) == head_revision(db_url)

    engine = make_sync_engine(db_url)
    try:
        with engine.connect() as conn:
            team = conn.execute(text("SELECT code, achievement_cap, rating_scale, yellow_limit FROM team")).one()
            activities = conn.execute(text("SELECT code, measure, direction FROM activity ORDER BY code")).all()
            targets = conn.execute(
                text(
                    "SELECT a.code, t.period_key, t.value, t.value_min, t.value_max FROM target t"
                    " JOIN activity a ON a.id = t.activity_id ORDER BY a.code, t.period_key"
                )
            ).all()
            reports = conn.execute(
                text(
                    "SELECT a.code, r.period_key, v.value FROM report r JOIN activity a ON a.id = r.activity_id"
                    " JOIN report_revision v ON v.report_id = r.id ORDER BY a.code"
                )
            ).all()
        with Session(engine) as session:
            plan = read_plan(session, "T1")
    finally:
        engine.dispose()

    assert tuple(team) == ("T1", 150, "predikat", 25.0)
    assert [tuple(a) for a in activities] == [("A1", "per_period", "naik"), ("A2", "cumulative", "naik")]
    assert [tuple(t) for t in targets] == [
        ("A1", "2022-Q1", 40.0, None, None),
        ("A1", "2022-Q2", 60.0, None, None),
        ("A2", "2022-Q1", 50.0, None, None),
        ("A2", "2022-Q2", 120.0, None, None),
    ]
    assert [tuple(r) for r in reports] == [("A1", "2022-Q2", 45.0), ("A2", "2022-Q2", 90.0)]

    # the plan as stored reads back with the defaults, so an export of it is what it was before
    assert (plan.team.achievement_cap, plan.team.rating_scale, plan.team.yellow_limit) == (150, "predikat", 25.0)
    read = {a.code: a for _, a in plan.activities()}
    assert {code: (a.kind, a.direction) for code, a in read.items()} == {
        "A1": ("per_periode", "naik"),
        "A2": ("kumulatif", "naik"),
    }
    assert all(t.value_range is None for a in read.values() for t in a.targets)

    # each report's achievement, by the rule of before and by the indicator rules on the migrated columns
    by_code = {code: (measure, direction) for code, measure, direction in activities}
    achieved = []
    for code, _period, value in reports:
        measure, direction = by_code[code]
        planned = [Decimal(repr(t[2])) for t in targets if t[0] == code]
        realised = [None, Decimal(repr(value))]
        after = achievement_at(direction, KIND_OF_MEASURE[measure], planned, realised)
        assert after.pct == achievement_for(measure, planned, realised)
        achieved.append(after.pct)
    assert achieved == [Decimal("75.00"), Decimal("75.00")]  # 45 of 60 in Q2; a running total of 90 of 120


# The plan filled in at revision 0003 for the tests of 0004: (activity, period) -> (value, low, high).
TARGETS_0003 = {
    ("A1", "2022-Q1"): (40, None, None),
    ("A1", "2022-Q2"): (60, None, None),
    ("A2", "2022-Q1"): (15, 14, 16),
}
REPORTS_QUERY = (
    "SELECT a.code, r.period_key, r.status, r.revision_count, v.value, v.budget_spent, v.physical_pct"
    " FROM report r JOIN activity a ON a.id = r.activity_id JOIN report_revision v ON v.report_id = r.id"
    " ORDER BY a.code, r.period_key"
)


def _fill_0003(engine: Engine) -> list[tuple[object, ...]]:
    """Team T1 with two activities, TARGETS_0003 (budget 5 jt, physical 25) and three reports; the reports as read."""
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(text(TEAM_T1))
        conn.execute(text("INSERT INTO organization (code, name, kind) VALUES ('DISKOP', 'Dinas Koperasi', 'OPD')"))
        conn.execute(
            text(
                "INSERT INTO team_organization (team_id, organization_id) SELECT t.id, o.id FROM team t, organization o"
            )
        )
        conn.execute(
            text("INSERT INTO program (team_id, code, name, position) SELECT id, 'P1', 'Program', 0 FROM team")
        )
        for position, code in enumerate(("A1", "A2")):
            conn.execute(
                text(
                    "INSERT INTO activity (program_id, organization_id, code, name, indicator, unit,"
                    " budget_ceiling, measure, position) SELECT p.id, o.id, :code, :name, 'UMKM', 'UMKM',"
                    " 100000000, 'per_period', :position FROM program p, organization o"
                ),
                {"code": code, "name": f"Kegiatan {code}", "position": position},
            )
        for (code, period), (value, low, high) in TARGETS_0003.items():
            conn.execute(
                text(
                    "INSERT INTO target (activity_id, period_key, value, planned_budget, planned_physical,"
                    " value_min, value_max) SELECT id, :period, :value, 5000000, 25, :low, :high"
                    " FROM activity WHERE code = :code"
                ),
                {"period": period, "value": value, "low": low, "high": high, "code": code},
            )
        conn.execute(
            text(
                "INSERT INTO person (telegram_id, name, language, private_chat, reachable, created_at)"
                " VALUES (4242, 'Sri', 'id', true, true, '2022-07-05 03:00:00')"
            )
        )
        for code, period, figure in (("A1", "2022-Q1", 45.0), ("A1", "2022-Q2", 30.0), ("A2", "2022-Q1", 15.5)):
            conn.execute(
                text(
                    "INSERT INTO report (activity_id, period_key, revision_count, status, first_submitted_at,"
                    " on_time) SELECT id, :period, 1, 'submitted', '2022-07-05 03:00:00', true"
                    " FROM activity WHERE code = :code"
                ),
                {"code": code, "period": period},
            )
            conn.execute(
                text(
                    "INSERT INTO report_revision (report_id, number, draft_id, value, budget_spent, physical_pct,"
                    " reporter_id, submitted_at, on_time) SELECT r.id, 1, :draft, :value, 1000000, 20, p.id,"
                    " '2022-07-05 03:00:00', true FROM report r JOIN activity a ON a.id = r.activity_id, person p"
                    " WHERE a.code = :code AND r.period_key = :period"
                ),
                {"draft": f"d-{code}-{period}", "value": figure, "code": code, "period": period},
            )
        return [tuple(r) for r in conn.execute(text(REPORTS_QUERY)).all()]


def test_upgrade_to_0004_makes_every_plan_version_1_and_keeps_reports(db_url: str) -> None:
    """A database of revision 0003 with a team, its targets (one a range) and reports: the upgrade gives the team
    version 1 (the plan murni, applying from its first period, not a correction), copies every target into
    plan_target, leaves every activity running (stopped_from NULL) and every report and figure as it was; the plan
    reads back as version 1."""
    from sqlalchemy import text
    from sqlmodel import Session

    from storage.plan import get_team, read_plan
    from storage.plan_versions import list_versions, version_plan

    with at_revision(db_url, "0003") as engine:
        assert "plan_version" not in inspect(engine).get_table_names()
        assert "stopped_from" not in {c["name"] for c in inspect(engine).get_columns("activity")}
        reports_before = _fill_0003(engine)
    assert current_revision(db_url) == head_revision(db_url)

    engine = make_sync_engine(db_url)
    try:
        with engine.connect() as conn:
            versions = conn.execute(
                text(
                    "SELECT t.code, v.number, v.effective_from, v.correction, v.basis, v.created_by FROM plan_version v"
                    " JOIN team t ON t.id = v.team_id"
                )
            ).all()
            columns = "a.code, {t}.period_key, {present}, {t}.value, {t}.planned_budget, {t}.planned_physical, "
            columns += "{t}.value_min, {t}.value_max"
            copied = conn.execute(
                text(
                    f"SELECT {columns.format(t='pt', present='pt.present')} FROM plan_target pt"
                    " JOIN activity a ON a.id = pt.activity_id ORDER BY a.code, pt.period_key"
                )
            ).all()
            in_force = conn.execute(
                text(
                    f"SELECT {columns.format(t='t', present='true')} FROM target t"
                    " JOIN activity a ON a.id = t.activity_id ORDER BY a.code, t.period_key"
                )
            ).all()
            stopped = conn.execute(text("SELECT code, stopped_from FROM activity ORDER BY code")).all()
            reports_after = [tuple(r) for r in conn.execute(text(REPORTS_QUERY)).all()]
        with Session(engine) as session:
            team = get_team(session, "T1")
            assert team is not None and team.id is not None
            plan = read_plan(session, "T1")
            assert [(v.number, v.effective_from, v.correction) for v in list_versions(session, team.id)] == [
                (1, "2022-Q1", False)
            ]
            assert version_plan(session, team, 1) == plan  # no snapshot yet: the plan as stored
    finally:
        engine.dispose()

    assert [(c, n, e, bool(k), b, by) for c, n, e, k, b, by in versions] == [("T1", 1, "2022-Q1", False, "", None)]
    assert [(*r[:2], bool(r[2]), *r[3:]) for r in copied] == [(*r[:2], bool(r[2]), *r[3:]) for r in in_force]
    assert [(r[0], r[1], r[3], r[4], r[5], r[6], r[7]) for r in copied] == [
        (code, period, value, 5000000, 25, low, high) for (code, period), (value, low, high) in TARGETS_0003.items()
    ]
    assert [tuple(s) for s in stopped] == [("A1", None), ("A2", None)]
    assert reports_after == reports_before
    assert all(a.stopped_from is None for _, a in plan.activities())


def test_downgrade_from_0004_to_0003_keeps_the_plan_in_force_and_the_reports(db_url: str) -> None:
    """With a plan and reports in the database, going back to 0003 drops plan_version, plan_target and
    activity.stopped_from and keeps every target in force and every report; upgrading again gives version 1 back."""
    from sqlalchemy import text

    with at_revision(db_url, "0003") as engine:
        reports_before = _fill_0003(engine)
    with at_revision(db_url, "0003") as engine:
        tables = set(inspect(engine).get_table_names())
        assert "plan_version" not in tables and "plan_target" not in tables
        assert "stopped_from" not in {c["name"] for c in inspect(engine).get_columns("activity")}
        with engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(text(REPORTS_QUERY)).all()] == reports_before
            assert conn.execute(text("SELECT count(*) FROM target")).scalar_one() == len(TARGETS_0003)
    assert current_revision(db_url) == head_revision(db_url)
    engine = make_sync_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plan_target")).scalar_one() == len(TARGETS_0003)
    engine.dispose()


def test_upgrade_to_0005_leaves_every_team_on_its_own_and_downgrades_with_a_parent(db_url: str) -> None:
    """0004 → 0005 with a plan and reports: every team has no parent and a 10-day deadline for teams under it,
    no activity has a shared code, no period is closed, and the reports are as they were; back to 0004 with a
    province over a regency and a closed period, the two teams and the reports stay."""
    from sqlalchemy import text

    with at_revision(db_url, "0003") as engine:
        reports_before = _fill_0003(engine)
    with at_revision(db_url, "0004") as engine:
        assert "parent_id" not in {c["name"] for c in inspect(engine).get_columns("team")}
        assert "period_closing" not in inspect(engine).get_table_names()
    engine = make_sync_engine(db_url)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT parent_id, children_deadline_working_days FROM team")).all() == [
                (None, 10)
            ]
            assert conn.execute(text("SELECT count(*) FROM activity WHERE shared_code IS NOT NULL")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM period_closing")).scalar() == 0
            assert [tuple(r) for r in conn.execute(text(REPORTS_QUERY)).all()] == reports_before
            conn.execute(text(TEAM_T1.replace("'T1', 'Tim'", "'PROV', 'Provinsi'")))
            conn.execute(
                text("UPDATE team SET parent_id = (SELECT id FROM team WHERE code = 'PROV') WHERE code = 'T1'")
            )
            conn.execute(
                text(
                    "INSERT INTO period_closing (team_id, period_key, closed_at, automatic) SELECT id, '2022-Q1',"
                    " '2022-04-20 03:00:00', false FROM team WHERE code = 'T1'"
                )
            )
    finally:
        engine.dispose()
    with at_revision(db_url, "0004") as engine, engine.connect() as conn:
        assert sorted(r[0] for r in conn.execute(text("SELECT code FROM team")).all()) == ["PROV", "T1"]
        assert [tuple(r) for r in conn.execute(text(REPORTS_QUERY)).all()] == reports_before


def test_upgrade_to_0006_indexes_evidence_by_file_and_keeps_it(db_url: str) -> None:
    """0005 → 0006 with reports and their evidence: evidence.file_unique_id is indexed and every row stays; back to
    0005, the index goes and the rows stay."""
    from sqlalchemy import text

    evidence_query = "SELECT revision_id, kind, file_id, file_unique_id FROM evidence ORDER BY id"
    with at_revision(db_url, "0003") as engine:
        _fill_0003(engine)
    with at_revision(db_url, "0005") as engine:
        assert "ix_evidence_file_unique_id" not in {i["name"] for i in inspect(engine).get_indexes("evidence")}
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO evidence (revision_id, kind, file_id, file_unique_id)"
                    " SELECT id, 'photo', 'AgAC-' || id, 'AQAD-same' FROM report_revision"
                )
            )
            before = [tuple(r) for r in conn.execute(text(evidence_query)).all()]
    assert len(before) == 3
    engine = make_sync_engine(db_url)
    try:
        indexes = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("evidence")}
        assert indexes["ix_evidence_file_unique_id"] == ["file_unique_id"]
        with engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(text(evidence_query)).all()] == before
    finally:
        engine.dispose()
    with at_revision(db_url, "0005") as engine:
        assert "ix_evidence_file_unique_id" not in {i["name"] for i in inspect(engine).get_indexes("evidence")}
        with engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(text(evidence_query)).all()] == before


def test_upgrade_to_0007_adds_obstacles_actions_and_evidence_later_keeping_reports(db_url: str) -> None:
    """0006 → 0007 with reports in it: every revision is not "bukti menyusul", every team reminds after 3 days, the
    obstacle and action tables start empty, and the revisions (with their free-text obstacles) are unchanged; back
    to 0006, the new columns and tables go and the revisions stay."""
    from sqlalchemy import text

    revisions = "SELECT id, report_id, number, value, obstacles FROM report_revision ORDER BY id"
    with at_revision(db_url, "0003") as engine:
        _fill_0003(engine)
    with at_revision(db_url, "0006") as engine:
        assert "obstacle" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            conn.execute(text("UPDATE report_revision SET obstacles = 'Dana belum cair'"))
            before = [tuple(r) for r in conn.execute(text(revisions)).all()]
    assert before
    engine = make_sync_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"obstacle", "action_item"} <= tables
        with engine.begin() as conn:
            assert [tuple(r) for r in conn.execute(text(revisions)).all()] == before
            flags = conn.execute(text("SELECT DISTINCT evidence_later FROM report_revision")).scalars().all()
            assert [bool(f) for f in flags] == [False]
            assert conn.execute(text("SELECT DISTINCT evidence_reminder_days FROM team")).scalars().all() == [3]
            assert conn.execute(text("SELECT count(*) FROM obstacle")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM action_item")).scalar_one() == 0
    finally:
        engine.dispose()
    with at_revision(db_url, "0006") as engine:
        inspector = inspect(engine)
        assert "obstacle" not in inspector.get_table_names()
        assert "action_item" not in inspector.get_table_names()
        assert "evidence_later" not in {c["name"] for c in inspector.get_columns("report_revision")}
        with engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(text(revisions)).all()] == before
