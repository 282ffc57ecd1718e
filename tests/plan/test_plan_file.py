"""The plan file: examples parse, both formats round-trip, and every kind of mistake is reported with its place."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from domain.plan import Plan
from planfile.read import PlanFileError, PlanSourceError, load_plan, parse_xlsx, parse_yaml
from planfile.write import dump_yaml, write_plan, xlsx_bytes

from .conftest import BROKEN, DELI_SERDANG, EXAMPLES, MINIMAL, SOLOK, errors_of

GOOD_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml") if p != BROKEN)


def test_deli_serdang_example_has_the_five_programs_of_the_article() -> None:
    plan = load_plan(DELI_SERDANG)
    assert plan.team.code == "TPAKD-DS"
    assert plan.team.year == 2022
    assert plan.team.period == "quarter"
    assert [p.name for p in plan.programs] == [
        "UMKM Go Digital",
        "UMKM Naik Kelas",
        "One Village One Agent",
        "Satu Rekening Satu Pelajar",
        "Sinergi Aksi Literasi dan Inklusi",
    ]
    assert 15 <= plan.activity_count <= 20
    assert {a.kind for _, a in plan.activities()} == {"kumulatif", "per_periode"}
    assert [a.code for _, a in plan.activities() if a.direction == "turun"] == ["SALI-04"]  # rentenir cases
    first = plan.programs[0].activities[0]
    assert first.targets[0].period == "2022-Q1"
    assert (first.targets[0].value, first.targets[0].budget, first.targets[0].physical) == (50.0, 40_000_000, 15.0)


def test_solok_example_is_monthly_in_wib() -> None:
    plan = load_plan(SOLOK)
    assert (plan.team.code, plan.team.year, plan.team.period, plan.team.timezone) == (
        "TKPKD-SOLOK",
        2021,
        "month",
        "Asia/Jakarta",
    )
    assert plan.activity_count == 12  # 9 activities and the 3 outcome indicators of SASARAN
    keys = [t.period for t in plan.programs[0].activities[0].targets]
    assert keys == [f"2021-{m:02d}" for m in range(1, 13)]


def test_examples_cover_the_three_time_zones() -> None:
    zones = {load_plan(p).team.timezone for p in GOOD_EXAMPLES}
    assert {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} <= zones


@pytest.mark.parametrize("path", GOOD_EXAMPLES, ids=lambda p: p.name)
def test_yaml_round_trip(path: Path) -> None:
    plan = load_plan(path)
    assert parse_yaml(dump_yaml(plan)) == plan


@pytest.mark.parametrize("path", GOOD_EXAMPLES, ids=lambda p: p.name)
def test_xlsx_round_trip(path: Path) -> None:
    plan = load_plan(path)
    assert parse_xlsx(xlsx_bytes(plan)) == plan


def test_write_plan_by_extension(tmp_path: Path) -> None:
    plan = load_plan(DELI_SERDANG)
    for name in ("out.yaml", "out.yml", "out.xlsx"):
        write_plan(plan, tmp_path / name)
        assert load_plan(tmp_path / name) == plan


def test_broken_example_reports_exactly_its_three_mistakes_with_lines() -> None:
    with pytest.raises(PlanFileError) as info:
        load_plan(BROKEN, "broken-plan.yaml")
    assert [str(i) for i in info.value.issues] == [
        'broken-plan.yaml:26: activity UGD-01: bad period "Q5": write Q1…Q4 (or TW1, 2022-Q1)',
        'broken-plan.yaml:29: activity UGD-03: organization "DISKOP" is not in organizations',
        "broken-plan.yaml:33: activity UGD-03, target Q2: value must not be negative (got -10)",
    ]


@pytest.mark.parametrize(
    ("written", "key"),
    [("Q1", "2022-Q1"), ("TW2", "2022-Q2"), ("TW III", "2022-Q3"), ("Triwulan IV", "2022-Q4"), ("2022-Q1", "2022-Q1")],
)
def test_quarter_keys_are_normalised(written: str, key: str) -> None:
    plan = parse_yaml(MINIMAL.replace("Q1: 5", f"{written}: 5"))
    assert plan.programs[0].activities[0].targets[0].period == key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("01", "2022-01"),
        ("08", "2022-08"),
        ("12", "2022-12"),
        ("Maret", "2022-03"),
        ("Agu", "2022-08"),
        ("2022-03", "2022-03"),
        ("Desember", "2022-12"),
    ],
)
def test_month_keys_are_normalised(written: str, key: str) -> None:
    text = MINIMAL.replace("  year: 2022", "  year: 2022\n  period: month").replace("Q1: 5", f"{written}: 5")
    assert parse_yaml(text).programs[0].activities[0].targets[0].period == key


def test_shorthand_indonesian_numbers_and_target_rows() -> None:
    text = MINIMAL.replace(
        "        targets:\n          Q1: 5",
        "        budget_ceiling: Rp 250.000.000\n"
        "        targets:\n"
        "          - {period: Q2, value: '7,5', budget: 1.000.000}\n"
        "          - {period: Q1, value: 5}",
    )
    activity = parse_yaml(text).programs[0].activities[0]
    assert activity.budget_ceiling == 250_000_000
    assert [(t.period, t.value, t.budget) for t in activity.targets] == [
        ("2022-Q1", 5.0, None),
        ("2022-Q2", 7.5, 1_000_000),
    ]


def test_defaults() -> None:
    team = parse_yaml(MINIMAL).team
    assert (team.timezone, team.period, team.deadline_working_days, team.lock_days) == (
        "Asia/Jakarta",
        "quarter",
        10,
        30,
    )
    assert team.thresholds == (91.0, 76.0, 66.0, 51.0)
    assert team.reminders == {}


def test_reminders_are_checked_and_normalised() -> None:
    text = MINIMAL.replace(
        "  year: 2022",
        "  year: 2022\n  reminders:\n    hour: 7\n    before_deadline: [0, 3, 1]\n"
        "    send_window: ['07:00', '18:00']\n    digest_weekday: Senin\n    digest_hour: 8\n    escalation_every: 2",
    )
    assert parse_yaml(text).team.reminders == {
        "hour": 7,
        "before_deadline": [3, 1, 0],
        "escalation_every": 2,
        "send_window": ["07:00", "18:00"],
        "digest_weekday": "monday",
        "digest_hour": 8,
    }


def test_all_errors_are_collected_at_once_with_their_lines() -> None:
    text = """\
    team:
      code: T1
      name: Tim contoh
      year: 2022
      timezone: Asia/Jakrta
      thresholds: [91, 76, 80, 51]
      colour: blue
    organizations:
      - {code: DISKOP, name: Dinas Koperasi}
      - {code: DISKOP, name: Dinas Koperasi lagi}
    programs:
      - code: P1
        name: Program satu
        activities:
          - code: A1
            name: Kegiatan satu
            organization: DISKOP
            budget_ceiling: 2.5
            indikator: typo
            targets:
              Maret: 5
          - code: A1
            organization: DISKOP
    """
    assert errors_of(text) == [
        'p.yaml:5: team: unknown time zone "Asia/Jakrta": use Asia/Jakarta (WIB), Asia/Makassar (WITA) or '
        "Asia/Jayapura (WIT)",
        "p.yaml:6: team: thresholds must be strictly decreasing, e.g. 91, 76, 66, 51 (got 91, 76, 80, 51)",
        'p.yaml:7: team: unknown key "colour" (expected: code, name, region, timezone, period, year, '
        "deadline_working_days, lock_days, thresholds, reminders, batas_capaian, skala, lampu)",
        'p.yaml:10: duplicate organization code "DISKOP" (first at p.yaml:9)',
        'p.yaml:18: activity A1: budget_ceiling "2.5" is not a whole number of Rupiah',
        'p.yaml:19: activity A1: unknown key "indikator" (did you mean "indicator"?)',
        'p.yaml:21: activity A1: "Maret" is a month but the team reports per quarter',
        'p.yaml:22: activity A1: missing "name"',
        'p.yaml:22: duplicate activity code "A1" (first at p.yaml:15)',
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("  code: T1\n", ""), 'p.yaml:1: team: missing "code"'),
        (
            ("  year: 2022", "  year: 2022\n  period: weekly"),
            'p.yaml:5: team: period "weekly" must be quarter or month',
        ),
        (("  year: 2022", "  year: 20x2"), 'p.yaml:4: team: year "20x2" is not a whole number'),
        (
            ("  year: 2022", "  year: 2022\n  thresholds: [91, 76, 66]"),
            "p.yaml:5: team: thresholds must be four lower bounds (sangat tinggi, tinggi, sedang, rendah)",
        ),
        (
            ("  year: 2022", "  year: 2022\n  thresholds: [120, 76, 66, 51]"),
            "p.yaml:5: team: thresholds must be at most 100 (got 120)",
        ),
        (
            ("Q1: 5", "Q1: {value: 5, budget: 1.5}"),
            'p.yaml:15: activity A1, target Q1: budget "1.5" is not a whole number of Rupiah',
        ),
        (
            ("Q1: 5", "Q1: {value: 5, physical: 120}"),
            "p.yaml:15: activity A1, target Q1: physical must be at most 100 (got 120)",
        ),
        (("Q1: 5", "Q1: lima"), 'p.yaml:15: activity A1, target Q1: value "lima" is not a number'),
        (("Q1: 5", "2023-Q1: 5"), 'p.yaml:15: activity A1: period "2023-Q1" is not in the team\'s year 2022'),
        (("Q1: 5", "Q1: 5\n          TW1: 6"), "p.yaml:16: activity A1: two targets for 2022-Q1 (first at p.yaml:15)"),
        (("Q1: 5", "Q1: 5\n          Q1: 6"), 'p.yaml:16: duplicate key "Q1"'),
        (
            ("organization: DISKOP", "organization: DISKOP\n        measure: kumulatip"),
            'p.yaml:14: activity A1: measure "kumulatip" must be per_periode, kumulatif or tingkat '
            "(per_period, cumulative, level)",
        ),
        (
            ("code: A1", "code: A 1"),
            'p.yaml:11: activity: "A 1" is not a code (letters, digits and - _ . / only, no spaces)',
        ),
        (
            ("Q1: 5", "Q1: 5\n          Q2: 3\n        measure: cumulative"),
            "p.yaml:16: activity A1: value goes down from 5 in 2022-Q1 to 3 in 2022-Q2",
        ),
        (
            ("Q1: 5", "Q1: {value: 5, budget: 60}\n        budget_ceiling: 50"),
            "p.yaml:14: activity A1: planned budgets add up to 60 Rupiah, above the budget_ceiling 50",
        ),
        (
            ("programs:", "exemptions:\n  - {organization: BANK, period: Q1, reason: x}\nprograms:"),
            'p.yaml:8: exemption BANK: organization "BANK" is not in organizations',
        ),
        (
            ("  year: 2022", "  year: 2022\n  reminders: {hour: 25}"),
            "p.yaml:5: team: reminders: hour 25 is out of range (from 0 to 23)",
        ),
        (("name: Tim contoh", "name: [Tim]"), "p.yaml:3: team: name: expected text"),
    ],
)
def test_each_kind_of_mistake(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in MINIMAL
    assert errors_of(MINIMAL.replace(old, new, 1)) == [expected]


def test_yaml_syntax_error_has_a_line() -> None:
    assert errors_of("team:\n  code: [T1\n  name: x\n")[0].startswith("p.yaml:3: YAML syntax:")


def test_empty_file() -> None:
    assert errors_of("") == ["p.yaml:1: the file is empty"]


def test_unreadable_sources(tmp_path: Path) -> None:
    with pytest.raises(PlanSourceError, match="no such file"):
        load_plan(tmp_path / "missing.yaml")
    (tmp_path / "plan.txt").write_text("x")
    with pytest.raises(PlanSourceError, match=r"unknown plan format '\.txt'"):
        load_plan(tmp_path / "plan.txt")
    (tmp_path / "fake.xlsx").write_text("not a zip")
    with pytest.raises(PlanSourceError, match="not a readable XLSX workbook"):
        load_plan(tmp_path / "fake.xlsx")


def _edited_workbook(plan: Plan, edit: object) -> bytes:
    book = load_workbook(io.BytesIO(xlsx_bytes(plan)))
    edit(book)  # type: ignore[operator]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_errors_name_sheet_and_row() -> None:
    plan = load_plan(DELI_SERDANG)

    def edit(book: object) -> None:
        targets = book["targets"]  # type: ignore[index]
        targets["C3"] = -10  # row 3: second target of UGD-01
        targets["B4"] = "Q7"
        book["activities"]["E2"] = "DISKOP"  # type: ignore[index]
        book["team"].append(["colour", "blue"])  # type: ignore[index]

    with pytest.raises(PlanFileError) as info:
        parse_xlsx(_edited_workbook(plan, edit), "plan.xlsx")
    assert [str(i) for i in info.value.issues] == [
        'plan.xlsx[activities]:2: activity UGD-01: organization "DISKOP" is not in organizations',
        "plan.xlsx[targets]:3: activity UGD-01, target Q2: value must not be negative (got -10)",
        'plan.xlsx[targets]:4: activity UGD-01: bad period "Q7": write Q1…Q4 (or TW1, 2022-Q1)',
        'plan.xlsx[team]:15: team: unknown key "colour" (expected: code, name, region, timezone, period, year, '
        "deadline_working_days, lock_days, thresholds, reminders, batas_capaian, skala, lampu)",
    ]


def test_xlsx_unknown_activity_and_missing_sheet() -> None:
    plan = load_plan(DELI_SERDANG)

    def edit(book: object) -> None:
        book["targets"].append(["NOPE-01", "Q1", 5])  # type: ignore[index]
        del book["organizations"]  # type: ignore[attr-defined]

    with pytest.raises(PlanFileError) as info:
        parse_xlsx(_edited_workbook(plan, edit), "plan.xlsx")
    assert [str(i) for i in info.value.issues] == [
        'plan.xlsx: missing sheet "organizations" (sheets: team, organizations, activities, targets, exemptions)'
    ]

    def edit2(book: object) -> None:
        book["targets"].append(["NOPE-01", "Q1", 5])  # type: ignore[index]

    with pytest.raises(PlanFileError) as info:
        parse_xlsx(_edited_workbook(plan, edit2), "plan.xlsx")
    assert [str(i) for i in info.value.issues] == [
        'plan.xlsx[targets]:71: activity "NOPE-01" is not in the activities sheet'
    ]
