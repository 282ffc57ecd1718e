"""``domain.plan_changes.compare`` on hand-made plans, and its words (``planfile.changes_text``)."""

from __future__ import annotations

from dataclasses import replace

from domain.plan import Plan, PlanActivity, PlanOrganization, PlanProgram, PlanTarget, PlanTeam
from domain.plan_changes import (
    ActivityChange,
    Added,
    CeilingChange,
    PlanChanges,
    Renamed,
    TargetChange,
    TargetMove,
    TeamChange,
    compare,
)
from planfile.changes_text import detail_lines, summary_line


def _targets(*values: float) -> tuple[PlanTarget, ...]:
    return tuple(PlanTarget(f"2022-Q{i}", v) for i, v in enumerate(values, start=1))


def _plan(*activities: PlanActivity, program_name: str = "UMKM Go Digital") -> Plan:
    return Plan(
        team=PlanTeam(code="T", name="Tim", year=2022),
        organizations=(PlanOrganization("DISKOP", "Dinas Koperasi"),),
        programs=(PlanProgram("UGD", program_name, activities),),
    )


A1 = PlanActivity(
    "UGD-01", "Onboarding", "DISKOP", unit="UMKM", budget_ceiling=250_000_000, targets=_targets(40, 60, 60, 40)
)
A2 = PlanActivity("UGD-02", "Pelatihan", "DISKOP", targets=_targets(10, 10, 10, 10))
OLD = _plan(A1, A2)


def test_identical_plans_have_no_change() -> None:
    changes = compare(OLD, _plan(A1, A2))
    assert changes == PlanChanges() and not changes.changed
    assert summary_line(changes) == "Tidak ada perubahan." and detail_lines(changes) == []


def test_a_changed_target() -> None:
    new = _plan(replace(A1, targets=_targets(40, 60, 60, 55)), A2)
    changes = compare(OLD, new)
    assert changes.targets == (TargetChange("UGD-01", "2022-Q4", "value", 40, 55),)
    assert changes.moves == () and changes.changed_target_count == 1
    assert summary_line(changes) == "1 target berubah"
    assert detail_lines(changes) == ["Target UGD-01 TW IV: 40 → 55"]
    assert detail_lines(changes, "en") == ["Target UGD-01 Q4: 40 → 55"]


def test_a_value_moved_from_q3_to_q2_is_one_move() -> None:
    new = _plan(replace(A1, targets=_targets(40, 80, 40, 40)), A2)
    changes = compare(OLD, new)
    assert changes.moves == (TargetMove("UGD-01", "value", "2022-Q3", "2022-Q2", 20.0),)
    assert changes.targets == ()
    assert summary_line(changes) == "1 target dipindah TW III → TW II"
    assert detail_lines(changes) == ["Target UGD-01: 20 dipindah TW III → TW II"]
    assert summary_line(changes, "en") == "1 target(s) moved Q3 → Q2"


def test_a_running_total_is_not_moved() -> None:
    old = _plan(replace(A1, kind="kumulatif", targets=_targets(40, 100, 160, 200)))
    new = _plan(replace(A1, kind="kumulatif", targets=_targets(40, 120, 140, 200)))
    changes = compare(old, new)
    assert changes.moves == () and changes.changed_target_count == 2


def test_a_ceiling_change() -> None:
    changes = compare(OLD, _plan(replace(A1, budget_ceiling=300_000_000), A2))
    assert changes.ceilings == (CeilingChange("UGD-01", 250_000_000, 300_000_000),)
    assert summary_line(changes) == "pagu UGD-01 Rp 250 jt → Rp 300 jt"
    assert detail_lines(changes, "en") == ["Ceiling UGD-01: Rp 250M → Rp 300M"]


def test_an_added_activity() -> None:
    a3 = PlanActivity("UGD-03", "QRIS pasar", "DISKOP", targets=_targets(1, 2, 3, 4))
    changes = compare(OLD, _plan(A1, A2, a3))
    assert changes.added == (Added("activity", "UGD-03", "QRIS pasar"),)
    assert changes.targets == ()
    assert summary_line(changes) == "1 kegiatan baru"
    assert detail_lines(changes) == ["Kegiatan baru UGD-03: QRIS pasar"]


def test_a_missing_activity_is_reported_as_stopped() -> None:
    changes = compare(OLD, _plan(A1))
    assert changes.stopped == ("UGD-02",)
    assert summary_line(changes) == "1 kegiatan dihentikan"
    assert "akan dihentikan" in detail_lines(changes)[0]
    assert "would be stopped" in detail_lines(changes, "en")[0]


def test_a_renamed_program() -> None:
    changes = compare(OLD, _plan(A1, A2, program_name="UMKM Naik Kelas"))
    assert changes.renamed == (Renamed("program", "UGD", "UMKM Go Digital", "UMKM Naik Kelas"),)
    assert detail_lines(changes) == ["Nama program UGD: UMKM Go Digital → UMKM Naik Kelas"]


def test_a_changed_range() -> None:
    ranged = (PlanTarget("2022-Q1", 80, value_range=(80, 90)),)
    old = _plan(replace(A2, targets=ranged))
    new = _plan(replace(A2, targets=(PlanTarget("2022-Q1", 85, value_range=(85, 95)),)))
    changes = compare(old, new)
    assert changes.targets == (TargetChange("UGD-02", "2022-Q1", "value", (80, 90), (85, 95)),)
    assert changes.moves == ()
    assert detail_lines(changes) == ["Target UGD-02 TW I: 80–90 → 85–95"]


def test_budget_and_physical_changes_and_a_budget_move() -> None:
    old = _plan(
        replace(A2, targets=(PlanTarget("2022-Q1", 10, 40_000_000, 20), PlanTarget("2022-Q2", 10, 60_000_000, 50)))
    )
    new = _plan(
        replace(A2, targets=(PlanTarget("2022-Q1", 10, 50_000_000, 25), PlanTarget("2022-Q2", 10, 50_000_000, 50)))
    )
    changes = compare(old, new)
    assert changes.moves == (TargetMove("UGD-02", "budget", "2022-Q2", "2022-Q1", 10_000_000),)
    assert changes.targets == (TargetChange("UGD-02", "2022-Q1", "physical", 20, 25),)
    assert detail_lines(changes) == [
        "Fisik UGD-02 TW I: 20% → 25%",
        "Anggaran UGD-02: Rp 10 jt dipindah TW II → TW I",
    ]


def test_indicator_and_team_settings() -> None:
    new = replace(_plan(replace(A1, direction="turun", unit="unit usaha"), A2), team=replace(OLD.team, lock_days=14))
    changes = compare(OLD, new)
    assert changes.activity_settings == (
        ActivityChange("UGD-01", "unit", "UMKM", "unit usaha"),
        ActivityChange("UGD-01", "direction", "naik", "turun"),
    )
    assert changes.team == (TeamChange("lock_days", 30, 14),)
    assert summary_line(changes) == "2 pengaturan kegiatan berubah, 1 pengaturan tim berubah"
    assert detail_lines(changes)[0] == "Pengaturan tim lock_days: 30 → 14"
    assert detail_lines(changes)[2] == "Arah UGD-01: naik → turun"
