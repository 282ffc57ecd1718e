"""Plan versions with real reports: the achievement of a closed period never moves when a later version is made,
a data correction does move it (and says so), stopped activities leave the expected reports but keep their reports,
stale previews are refused, and version 1 stays the plan murni. Numbers by hand; SQLite and PostgreSQL.

The plan (team T1, quarterly 2022), reports and what the versions do:

| act | org    | Q1 | Q2 | Q3 | Q4 | reports        |
| A1  | DISKOP | 10 | 20 | 40 | 40 | Q1 9, Q3 30    |
| A2  | BANK   | 50 | 50 | 50 | 50 | Q1 25, Q3 50   |
| A3  | DISKOP | 20 | 20 | 20 | 20 | Q1 20          |

Q1: A1 9/10 = 90, A2 25/50 = 50, A3 20/20 = 100 → team 80. Q3: A1 30/40 = 75, A2 100, A3 missing 0 → 58.33.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from domain.plan import Plan
from pantau.cli import main
from planfile.read import load_plan, parse_yaml
from storage import aggregates as agg
from storage.db import session_scope
from storage.models import Activity, PlanTarget, PlanVersion, Report, ReportRevision, Target, Team
from storage.plan import get_team
from storage.plan_versions import (
    EarlierPeriodChange,
    PlanChangedError,
    VersionInfo,
    VersionRuleError,
    apply_change,
    list_versions,
    prepare_change,
    version_changes,
    version_plan,
)
from storage.schedule import expected_activities
from tests.worlds import Rev, WorldBuilder

from .conftest import DELI_SERDANG, snapshot

NOW = datetime(2022, 10, 20, 3, 0, tzinfo=UTC)
ORGS = {"A1": "DISKOP", "A2": "BANK", "A3": "DISKOP"}
MURNI = {
    "A1": {"Q1": 10, "Q2": 20, "Q3": 40, "Q4": 40},
    "A2": {"Q1": 50, "Q2": 50, "Q3": 50, "Q4": 50},
    "A3": {"Q1": 20, "Q2": 20, "Q3": 20, "Q4": 20},
}
REPORTS = {("A1", "2022-Q1"): 9, ("A2", "2022-Q1"): 25, ("A3", "2022-Q1"): 20, ("A1", "2022-Q3"): 30}
REPORTS |= {("A2", "2022-Q3"): 50}


def plan_of(targets: Mapping[str, Mapping[str, float]]) -> Plan:
    """The T1 plan with these activities and targets (activities left out are not in the file)."""
    lines = [
        "team: {code: T1, name: Tim contoh, year: 2022}",
        "organizations:",
        "  - {code: DISKOP, name: Dinas Koperasi}",
        "  - {code: BANK, name: Bank Nagari, kind: bank}",
        "programs:",
        "  - code: P1",
        "    name: Program satu",
        "    activities:",
    ]
    for code, periods in targets.items():
        lines += [f"      - code: {code}", f"        name: Kegiatan {code}", f"        organization: {ORGS[code]}"]
        lines += ["        targets:", *(f"          {p}: {v}" for p, v in periods.items())]
    return parse_yaml("\n".join(lines) + "\n")


def edited(**changes: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """The murni targets with some periods of some activities replaced."""
    out: dict[str, dict[str, float]] = {code: dict(periods) for code, periods in MURNI.items()}
    for code, periods in changes.items():
        out[code].update(periods)
    return out


def make_version(
    engine: Engine, plan: Plan, *, start: str | None = None, correction: bool = False, basis: str = "Perbup 12/2022"
) -> VersionInfo:
    with session_scope(engine) as session:
        prepared = prepare_change(session, plan, effective_from=start, correction=correction)
        return apply_change(session, prepared, now=NOW, basis=basis, author="test")


def team_of(session: Session) -> Team:
    team = get_team(session, "T1")
    assert team is not None and team.id is not None
    return team


def activity_ids(session: Session) -> dict[str, int]:
    rows = session.exec(select(Activity.code, Activity.id)).all()
    return {code: int(i or 0) for code, i in rows}


@pytest.fixture
def world(engine: Engine) -> int:
    """The murni plan as version 1 and the reports of the table above; the team's id."""
    make_version(engine, plan_of(MURNI), basis="")
    with session_scope(engine) as session:
        w = WorldBuilder(session, NOW)
        team = team_of(session)
        assert team.id is not None
        sri = w.person(4242, "Sri", team.id, "secretariat")
        ids = activity_ids(session)
        for (code, key), value in REPORTS.items():
            w.report(ids[code], key, Rev(value, at=NOW, by=sri))
        return team.id


def summary(engine: Engine, team_id: int, key: str) -> agg.PeriodSummary:
    with session_scope(engine) as session:
        return agg.period_summary(session, team_id, key)


def achievements(engine: Engine, team_id: int, key: str) -> dict[str, float | None]:
    with session_scope(engine) as session:
        return {r.activity_code: r.achievement for r in agg.activity_rows(session, team_id, key)}


def reports_of(engine: Engine) -> list[tuple[str, str, float]]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(Activity.code, Report.period_key, ReportRevision.value)
            .join(Report, col(Report.activity_id) == col(Activity.id))
            .join(ReportRevision, col(ReportRevision.id) == col(Report.current_revision_id))
            .order_by(col(Activity.code), col(Report.period_key))
        ).all()
        return [(a, p, float(v or 0)) for a, p, v in rows]


def test_a_version_from_q3_leaves_q1_as_it_was_and_q3_uses_its_new_target(engine: Engine, world: int) -> None:
    q1 = summary(engine, world, "2022-Q1").total
    assert q1.achievement == 80.0  # (90 + 50 + 100) / 3
    assert achievements(engine, world, "2022-Q1") == {"A1": 90.0, "A2": 50.0, "A3": 100.0}
    q3 = summary(engine, world, "2022-Q3").total
    assert q3.achievement == 58.33  # (75 + 100 + 0) / 3, rounded
    assert (q3.expected, q3.received) == (3, 2)

    info = make_version(engine, plan_of(edited(A1={"Q3": 60})), start="2022-Q3")
    assert (info.number, info.effective_from, info.correction) == (2, "2022-Q3", False)

    after_q1 = summary(engine, world, "2022-Q1").total
    assert after_q1.achievement == 80.0
    assert (after_q1.expected, after_q1.received, after_q1.rated) == (q1.expected, q1.received, q1.rated)
    assert achievements(engine, world, "2022-Q1") == {"A1": 90.0, "A2": 50.0, "A3": 100.0}
    # Q3: A1 30 against the new 60 = 50; A2 100; A3 0 → 50
    assert achievements(engine, world, "2022-Q3") == {"A1": 50.0, "A2": 100.0, "A3": 0.0}
    assert summary(engine, world, "2022-Q3").total.achievement == 50.0
    with session_scope(engine) as session:
        team = team_of(session)
        ((v1, none), (v2, changes)) = version_changes(session, team)
        assert none is None and v1.number == 1
        assert changes is not None and not v2.correction
        assert [(c.activity, c.period, c.old, c.new) for c in changes.targets] == [("A1", "2022-Q3", 40, 60)]
    assert reports_of(engine) == sorted((a, p, float(v)) for (a, p), v in REPORTS.items())


def test_a_data_correction_of_q1_changes_q1_and_says_it_is_a_correction(engine: Engine, world: int) -> None:
    info = make_version(engine, plan_of(edited(A1={"Q1": 12})), start="2022-Q3", correction=True)
    assert (info.number, info.correction) == (2, True)
    # A1 9/12 = 75; A2 50; A3 100 → 75
    assert achievements(engine, world, "2022-Q1") == {"A1": 75.0, "A2": 50.0, "A3": 100.0}
    assert summary(engine, world, "2022-Q1").total.achievement == 75.0
    with session_scope(engine) as session:
        team = team_of(session)
        assert team.id is not None
        assert [(v.number, v.correction) for v in list_versions(session, team.id)] == [(1, False), (2, True)]
        (_, (v2, changes)) = version_changes(session, team)
        assert v2.correction
        assert changes is not None
        assert [(c.activity, c.period, c.old, c.new) for c in changes.targets] == [("A1", "2022-Q1", 10, 12)]


def test_a_change_before_the_first_period_without_correction_is_refused(engine: Engine, world: int) -> None:
    before = snapshot(engine)
    with session_scope(engine) as session, pytest.raises(VersionRuleError) as info:
        prepare_change(session, plan_of(edited(A1={"Q1": 12}, A2={"Q4": 70})), effective_from="2022-Q3")
    assert info.value.earlier == (EarlierPeriodChange("A1", "2022-Q1"),)
    assert "A1 2022-Q1" in str(info.value)
    assert snapshot(engine) == before
    assert summary(engine, world, "2022-Q1").total.achievement == 80.0


def test_a_stopped_activity_is_not_expected_from_its_period_and_keeps_its_reports(engine: Engine, world: int) -> None:
    left_out = {code: periods for code, periods in MURNI.items() if code != "A3"}
    info = make_version(engine, plan_of(left_out), start="2022-Q3")
    with session_scope(engine) as session:
        team = team_of(session)
        assert team.id is not None
        ids = activity_ids(session)
        assert session.get(Activity, ids["A3"]).stopped_from == "2022-Q3"  # type: ignore[union-attr]
        a3_targets = session.exec(select(Target.period_key).where(Target.activity_id == ids["A3"])).all()
        assert sorted(a3_targets) == ["2022-Q1", "2022-Q2"]
        (_, (_, changes)) = version_changes(session, team)
        assert changes is not None and list(changes.stopped) == ["A3"]
        q3_expected = [a.code for a in expected_activities(session, team.id, "2022-Q3")]
        q1_expected = {a.code: a.reported for a in expected_activities(session, team.id, "2022-Q1")}
        q2_pending = {a.code for lg in agg.laggards(session, team.id, "2022-Q2") for a in lg.activities}
        q3_pending = {a.code for lg in agg.laggards(session, team.id, "2022-Q3") for a in lg.activities}
    assert info.summary["stopped"] == 1
    assert sorted(q3_expected) == ["A1", "A2"]  # the reminders ask only A1 and A2 for Q3
    assert q1_expected == {"A1": True, "A2": True, "A3": True}
    assert q2_pending == {"A1", "A2", "A3"}  # Q2 is before the stop: A3 is still owed
    assert q3_pending == set()  # A1 and A2 reported Q3; A3 is not expected
    q3 = summary(engine, world, "2022-Q3").total
    assert (q3.expected, q3.received) == (2, 2)
    assert q3.achievement == 87.5  # A1 75, A2 100
    assert summary(engine, world, "2022-Q1").total.achievement == 80.0  # A3's Q1 report still counts
    assert reports_of(engine) == sorted((a, p, float(v)) for (a, p), v in REPORTS.items())


def test_a_move_between_periods_is_listed_as_a_move(engine: Engine, world: int) -> None:
    make_version(engine, plan_of(edited(A2={"Q3": 30, "Q4": 70})), start="2022-Q3")
    with session_scope(engine) as session:
        (_, (v2, changes)) = version_changes(session, team_of(session))
    assert changes is not None
    assert [(m.activity, m.source, m.destination, m.amount) for m in changes.moves] == [
        ("A2", "2022-Q3", "2022-Q4", 20)
    ]
    assert changes.targets == ()
    assert v2.summary["moves"] == 1 and v2.summary["targets"] == 0


def test_two_changes_prepared_on_the_same_version_only_the_first_is_applied(engine: Engine, world: int) -> None:
    with session_scope(engine) as session:  # two people open the preview, one after the other
        first = prepare_change(session, plan_of(edited(A1={"Q4": 45})), effective_from="2022-Q4")
    with session_scope(engine) as session:
        second = prepare_change(session, plan_of(edited(A2={"Q4": 55})), effective_from="2022-Q4")
    assert first.base_version == second.base_version == 1
    with session_scope(engine) as session:
        apply_change(session, first, now=NOW, basis="Perbup 1")
    before = snapshot(engine)
    with session_scope(engine) as session, pytest.raises(PlanChangedError) as info:
        apply_change(session, second, now=NOW, basis="Perbup 2")
    assert (info.value.expected, info.value.actual) == (1, 2)
    assert snapshot(engine) == before
    with session_scope(engine) as session:
        team = team_of(session)
        assert team.id is not None
        assert [(v.number, v.basis) for v in list_versions(session, team.id)] == [(1, ""), (2, "Perbup 1")]
        targets = {
            (a, p): v
            for a, p, v in session.exec(
                select(Activity.code, Target.period_key, Target.value).join(
                    Target, col(Target.activity_id) == col(Activity.id)
                )
            ).all()
        }
    assert (targets[("A1", "2022-Q4")], targets[("A2", "2022-Q4")]) == (45, 50)


def test_version_1_stays_the_plan_murni(engine: Engine, world: int) -> None:
    make_version(engine, plan_of(edited(A1={"Q3": 60})), start="2022-Q3")
    third = {c: p for c, p in edited(A1={"Q3": 60}, A2={"Q4": 80}).items() if c != "A3"}
    make_version(engine, plan_of(third), start="2022-Q4")
    with session_scope(engine) as session:
        team = team_of(session)
        assert team.id is not None
        assert version_plan(session, team, 1) == plan_of(MURNI)
        second = version_plan(session, team, 2)
        assert second == plan_of(edited(A1={"Q3": 60}))
        assert version_plan(session, team, 4) is None
        # version 1's targets are all in plan_target
        v1 = session.exec(select(PlanVersion).where(PlanVersion.team_id == team.id, PlanVersion.number == 1)).one()
        copied = session.exec(select(PlanTarget).where(PlanTarget.version_id == v1.id)).all()
        assert len(copied) == 12 and all(t.present for t in copied)
        # a closed period, Q3, keeps version 2's target: version 3 starts at Q4
        ids = activity_ids(session)
        q3 = session.exec(select(Target).where(Target.activity_id == ids["A1"], Target.period_key == "2022-Q3")).one()
        assert q3.value == 60


# --- the command line ----------------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PANTAU_DATABASE_URL", db_url)
    return db_url


def _edited_deli_serdang(path: Path) -> Path:
    text = DELI_SERDANG.read_text(encoding="utf-8")
    old = "Q4: {value: 300, budget: 60000000, physical: 100}"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "Q4: {value: 320, budget: 60000000, physical: 100}"), encoding="utf-8")
    return path


def test_cli_diff_versions_and_export_of_a_version(
    cli_env: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited_file = _edited_deli_serdang(tmp_path / "edited.yaml")
    assert main(["plan", "import", str(DELI_SERDANG)]) == 0
    capsys.readouterr()
    assert main(["plan", "diff", str(edited_file), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Plan TPAKD-DS against {edited_file}: 1 target(s) changed"
    assert out[1:] == ["  Target UGD-01 Q4: 300 → 320"]

    before = snapshot(engine)
    assert main(["plan", "import", str(edited_file), "--from", "Q3"]) == 2  # no --basis
    err = capsys.readouterr().err
    assert (
        err.startswith(f"pantau: {edited_file}: changing the plan of TPAKD-DS needs --basis") and err.count("\n") == 1
    )
    assert main(["plan", "import", str(edited_file), "--from", "2023-Q3", "--basis", "Perbup 9"]) == 2
    err = capsys.readouterr().err
    assert err == "pantau: --from 2023-Q3: not a period of the team's year (2022-Q3 or Q3)\n"
    assert snapshot(engine) == before

    assert main(["plan", "import", str(edited_file), "--from", "Q3", "--basis", "Perbup No. 9 Tahun 2022"]) == 0
    assert "version 2" in capsys.readouterr().out
    assert main(["plan", "versions", "--team", "TPAKD-DS", "--lang", "en"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(row[0], row[3], row[5]) for row in lines] == [
        ("1", "-", "the original plan (murni)"),
        ("2", "Perbup No. 9 Tahun 2022", "1 target(s) changed"),
    ]
    assert [row[2] for row in lines] == ["Q1", "Q3"]

    # the latest version exported and imported again: nothing to change
    latest = tmp_path / "v2.yaml"
    assert main(["plan", "export", "--team", "TPAKD-DS", "--version", "2", "--out", str(latest)]) == 0
    assert main(["plan", "import", str(latest), "--basis", "x"]) == 0
    assert "no changes" in capsys.readouterr().out
    assert load_plan(latest) == load_plan(edited_file)
    # version 1 after a version 2: the plan murni, equal to the original file's plan
    murni = tmp_path / "v1.xlsx"
    assert main(["plan", "export", "--team", "TPAKD-DS", "--version", "1", "--out", str(murni)]) == 0
    assert load_plan(murni) == load_plan(DELI_SERDANG)
    capsys.readouterr()
    assert main(["plan", "export", "--team", "TPAKD-DS", "--version", "3"]) == 2
    assert capsys.readouterr().err == "pantau: team TPAKD-DS has no version 3 (versions 1 to 2)\n"
    assert snapshot(engine) != before  # only the import of version 2 wrote


def test_cli_versions_of_a_team_stored_before_versions(
    cli_env: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """A team whose version 1 came from the migration (no snapshot): versions lists it, export gives it back."""
    assert main(["plan", "import", str(DELI_SERDANG)]) == 0
    with session_scope(engine) as session:
        for version in session.exec(select(PlanVersion)).all():
            version.snapshot = None
            session.add(version)
    capsys.readouterr()
    assert main(["plan", "export", "--team", "TPAKD-DS", "--version", "1"]) == 0
    assert parse_yaml(capsys.readouterr().out) == load_plan(DELI_SERDANG)
    assert main(["plan", "versions", "--team", "TPAKD-DS"]) == 0
    assert capsys.readouterr().out.count("\n") == 1


def test_the_plan_with_a_stopped_activity_imports_again_unchanged(engine: Engine, world: int) -> None:
    """The stored plan after a stop exports the activity as stopped; importing that export changes nothing."""
    from storage.plan import read_plan
    from storage.plan_versions import NothingToChangeError

    make_version(engine, plan_of({c: p for c, p in MURNI.items() if c != "A3"}), start="2022-Q3")
    with session_scope(engine) as session:
        stored = read_plan(session, "T1")
        a3 = next(a for _, a in stored.activities() if a.code == "A3")
        assert a3.stopped_from == "2022-Q3"
        assert [t.period for t in a3.targets] == ["2022-Q1", "2022-Q2"]
        with pytest.raises(NothingToChangeError):
            prepare_change(session, stored, effective_from="2022-Q4")
        # the file without the stop (the activity still left out) changes nothing either
        with pytest.raises(NothingToChangeError):
            prepare_change(session, plan_of({c: p for c, p in MURNI.items() if c != "A3"}), effective_from="2022-Q4")


def test_a_team_stored_without_versions_gets_version_1_and_its_change_as_version_2(engine: Engine) -> None:
    """A team written straight into the tables (``pantau plan generate``, the benchmarks' worlds) has no version:
    its first change makes version 1 of the plan as stored and applies as version 2 (it was refused as stale, the
    preview's version 0 against the version 1 made on the way, on every try)."""
    from storage.plan import apply_plan

    with session_scope(engine) as session:
        apply_plan(session, plan_of(MURNI), NOW)
    info = make_version(engine, plan_of(edited(A1={"Q3": 60})), start="2022-Q3")
    assert (info.number, info.effective_from) == (2, "2022-Q3")
    with session_scope(engine) as session:
        team = team_of(session)
        assert team.id is not None
        assert [v.number for v in list_versions(session, team.id)] == [1, 2]
        assert version_plan(session, team, 1) == plan_of(MURNI)
        stale = prepare_change(session, plan_of(edited(A1={"Q3": 60, "Q4": 1})), effective_from="2022-Q4")
    assert stale.base_version == 2
    make_version(engine, plan_of(edited(A1={"Q3": 60}, A2={"Q4": 1})), start="2022-Q4")
    with session_scope(engine) as session, pytest.raises(PlanChangedError):
        apply_change(session, stale, now=NOW, basis="c")
