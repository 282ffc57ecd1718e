"""The plan file: examples parse, both formats round-trip, and every kind of mistake is reported with its place."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from domain.plan import Plan
from planfile.read import (
    GUIDE_SHEET,
    SHEETS,
    PlanFileError,
    PlanSourceError,
    issue_text,
    load_plan,
    parse_xlsx,
    parse_yaml,
)
from planfile.write import dump_yaml, write_plan, xlsx_bytes
from texts import CATALOGUE
from texts.render import render_error

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
        "deadline_working_days, lock_days, thresholds, reminders, batas_capaian, skala, lampu, parent, children_deadline_working_days, "
        "bukti_menyusul_hari)",
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
        "deadline_working_days, lock_days, thresholds, reminders, batas_capaian, skala, lampu, parent, children_deadline_working_days, "
        "bukti_menyusul_hari)",
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


# --- the same mistakes in Indonesian ------------------------------------------------------------------------------


def test_every_mistake_is_a_catalogue_text_in_both_languages() -> None:
    with pytest.raises(PlanFileError) as info:
        load_plan(BROKEN, "broken-plan.yaml")
    for issue in info.value.issues:
        assert issue.key in CATALOGUE
        assert issue_text(issue, "en") != issue_text(issue, "id")
        assert str(issue) == f"{issue.where}: {issue.message}"  # the CLI prints what it always printed
    assert [issue_text(i, "id") for i in info.value.issues] == [
        'broken-plan.yaml, baris 26: kegiatan UGD-01: periode "Q5" tidak dikenal: tulis Q1…Q4 (atau TW1, 2022-Q1)',
        'broken-plan.yaml, baris 29: kegiatan UGD-03: kode OPD "DISKOP" tidak ada di daftar organisasi (organizations)',
        "broken-plan.yaml, baris 33: kegiatan UGD-03, target Q2: value tidak boleh negatif (tertulis -10)",
    ]
    assert issue_text(info.value.issues[0], "en") == (
        'broken-plan.yaml, line 26: activity UGD-01: bad period "Q5": write Q1…Q4 (or TW1, 2022-Q1)'
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("  code: T1\n", ""), 'p.yaml, baris 1: tim: "code" belum diisi'),
        (("  year: 2022", "  year: 20x2"), 'p.yaml, baris 4: tim: year "20x2" bukan bilangan bulat'),
        (
            ("  year: 2022", "  year: 2022\n  timezone: Asia/Jakrta"),
            'p.yaml, baris 5: tim: zona waktu "Asia/Jakrta" tidak dikenal: pakai Asia/Jakarta (WIB), '
            "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
        ),
        (
            ("Q1: 5", "Q1: {value: 5, budget: 1.5}"),
            'p.yaml, baris 15: kegiatan A1, target Q1: budget "1.5" bukan jumlah Rupiah yang bulat',
        ),
        (
            ("Q1: 5", "Maret: 5"),
            'p.yaml, baris 15: kegiatan A1: "Maret" adalah bulan, padahal tim ini melapor per triwulan',
        ),
        (("Q1: 5", "2023-Q1: 5"), 'p.yaml, baris 15: kegiatan A1: periode "2023-Q1" bukan di tahun tim (2022)'),
        (
            ("Q1: 5", "Q1: 5\n          TW1: 6"),
            "p.yaml, baris 16: kegiatan A1: ada dua target untuk 2022-Q1 (yang pertama di p.yaml, baris 15)",
        ),
        (
            ("organization: DISKOP", "organization: DISKOP\n        indikator: x"),
            'p.yaml, baris 14: kegiatan A1: kunci "indikator" tidak dikenal (mungkin maksudnya "indicator"?)',
        ),
        (
            ("Q1: 5", "Q1: {value: 5, budget: 60}\n        budget_ceiling: 50"),
            "p.yaml, baris 14: kegiatan A1: anggaran yang direncanakan berjumlah 60 Rupiah, melebihi pagu "
            "(budget_ceiling) 50",
        ),
        (("name: Tim contoh", "name: [Tim]"), "p.yaml, baris 3: tim: name: seharusnya berupa teks"),
    ],
)
def test_each_kind_of_mistake_in_indonesian(change: tuple[str, str], expected: str) -> None:
    old, new = change
    with pytest.raises(PlanFileError) as info:
        parse_yaml(MINIMAL.replace(old, new, 1), "p.yaml")
    assert [issue_text(i, "id") for i in info.value.issues] == [expected]


def test_a_duplicate_names_the_first_place_in_each_language() -> None:
    text = MINIMAL.replace(
        "  - {code: DISKOP, name: Dinas Koperasi}", "  - {code: DISKOP, name: A}\n  - {code: DISKOP, name: B}"
    )
    with pytest.raises(PlanFileError) as info:
        parse_yaml(text, "p.yaml")
    [issue] = info.value.issues
    assert str(issue) == 'p.yaml:7: duplicate organization code "DISKOP" (first at p.yaml:6)'
    assert issue_text(issue, "en") == 'p.yaml, line 7: duplicate organization code "DISKOP" (first at p.yaml, line 6)'
    assert (
        issue_text(issue, "id") == 'p.yaml, baris 7: kode OPD "DISKOP" tertulis dua kali (pertama di p.yaml, baris 6)'
    )


def test_xlsx_mistakes_in_indonesian_name_sheet_and_row() -> None:
    plan = load_plan(DELI_SERDANG)

    def edit(book: object) -> None:
        book["targets"]["C3"] = -10  # type: ignore[index]
        book["activities"]["E2"] = "DINKES"  # type: ignore[index]
        book["targets"].append(["NOPE-01", "Q1", 5])  # type: ignore[index]

    with pytest.raises(PlanFileError) as info:
        parse_xlsx(_edited_workbook(plan, edit), "rencana.xlsx")
    assert [issue_text(i, "id") for i in info.value.issues] == [
        'rencana.xlsx, lembar activities, baris 2: kegiatan UGD-01: kode OPD "DINKES" tidak ada di daftar organisasi '
        "(organizations)",
        "rencana.xlsx, lembar targets, baris 3: kegiatan UGD-01, target Q2: value tidak boleh negatif (tertulis -10)",
        'rencana.xlsx, lembar targets, baris 71: kegiatan "NOPE-01" tidak ada di lembar activities',
    ]
    assert issue_text(info.value.issues[0], "en") == (
        'rencana.xlsx, sheet activities, row 2: activity UGD-01: organization "DINKES" is not in organizations'
    )

    def drop(book: object) -> None:
        del book["organizations"]  # type: ignore[attr-defined]

    with pytest.raises(PlanFileError) as info:
        parse_xlsx(_edited_workbook(plan, drop), "rencana.xlsx")
    assert [issue_text(i, "id") for i in info.value.issues] == [
        'rencana.xlsx: lembar "organizations" tidak ada (lembar rencana: team, organizations, activities, targets, '
        "exemptions)"
    ]


def test_unreadable_sources_in_indonesian(tmp_path: Path) -> None:
    with pytest.raises(PlanSourceError) as info:
        load_plan(tmp_path / "hilang.yaml")
    assert info.value.key == "planfile.source.missing"
    assert render_error(info.value, "id") == f"{tmp_path / 'hilang.yaml'}: berkas tidak ada"
    (tmp_path / "latin.yaml").write_bytes(b"team:\n  name: Tim \xe9\n")
    with pytest.raises(PlanSourceError) as info:
        load_plan(tmp_path / "latin.yaml")
    assert str(info.value) == f"{tmp_path / 'latin.yaml'}:2: not UTF-8 text; save the file as UTF-8"
    assert info.value.text("id") == f"{tmp_path / 'latin.yaml'}, baris 2: bukan teks UTF-8; simpan berkas sebagai UTF-8"


# --- an activity stopped from a period ------------------------------------------------------------------------------


def test_stopped_from_is_read_in_both_names_and_period_forms() -> None:
    for key in ("dihentikan_mulai", "stopped_from"):
        for written, expected in (("Q3", "2022-Q3"), ("TW III", "2022-Q3"), ("2022-Q3", "2022-Q3")):
            text = MINIMAL.replace("organization: DISKOP", f"organization: DISKOP\n        {key}: {written}")
            assert parse_yaml(text).programs[0].activities[0].stopped_from == expected
    assert parse_yaml(MINIMAL).programs[0].activities[0].stopped_from is None
    monthly = MINIMAL.replace("  year: 2022", "  year: 2022\n  period: month").replace("Q1: 5", "Januari: 5")
    text = monthly.replace("organization: DISKOP", "organization: DISKOP\n        dihentikan_mulai: Juli")
    assert parse_yaml(text).programs[0].activities[0].stopped_from == "2022-07"


@pytest.mark.parametrize(
    ("written", "english", "indonesian"),
    [
        (
            "2023-Q3",
            'p.yaml:14: activity A1: dihentikan_mulai: period "2023-Q3" is not in the team\'s year 2022',
            'p.yaml, baris 14: kegiatan A1: dihentikan_mulai: periode "2023-Q3" bukan di tahun tim (2022)',
        ),
        (
            "Q5",
            'p.yaml:14: activity A1: dihentikan_mulai: bad period "Q5": write Q1…Q4 (or TW1, 2022-Q1)',
            'p.yaml, baris 14: kegiatan A1: dihentikan_mulai: periode "Q5" tidak dikenal: tulis Q1…Q4 (atau TW1, '
            "2022-Q1)",
        ),
        (
            "Juli",
            'p.yaml:14: activity A1: dihentikan_mulai: "Juli" is a month but the team reports per quarter',
            'p.yaml, baris 14: kegiatan A1: dihentikan_mulai: "Juli" adalah bulan, padahal tim ini melapor per '
            "triwulan",
        ),
    ],
)
def test_stopped_from_must_be_a_period_of_the_team(written: str, english: str, indonesian: str) -> None:
    text = MINIMAL.replace("organization: DISKOP", f"organization: DISKOP\n        dihentikan_mulai: {written}")
    with pytest.raises(PlanFileError) as info:
        parse_yaml(text, "p.yaml")
    assert [str(i) for i in info.value.issues] == [english]
    assert [issue_text(i, "id") for i in info.value.issues] == [indonesian]


def _stopped(plan: Plan, code: str, period: str) -> Plan:
    programs = tuple(
        replace(p, activities=tuple(replace(a, stopped_from=period) if a.code == code else a for a in p.activities))
        for p in plan.programs
    )
    return replace(plan, programs=programs)


@pytest.mark.parametrize(("path", "period"), [(DELI_SERDANG, "2022-Q3"), (SOLOK, "2021-07")])
def test_a_stopped_activity_round_trips(path: Path, period: str) -> None:
    plan = load_plan(path)
    code = plan.programs[0].activities[1].code
    stopped = _stopped(plan, code, period)
    text = dump_yaml(stopped)
    written = "Q3" if period.endswith("Q3") else "Juli"
    assert f"        dihentikan_mulai: {written}\n" in text
    assert text.count("dihentikan_mulai") == 1
    assert parse_yaml(text) == stopped
    data = xlsx_bytes(stopped)
    assert parse_xlsx(data) == stopped
    activities = load_workbook(io.BytesIO(data))["activities"]
    header = [c.value for c in activities[1]]
    column = header.index("dihentikan_mulai")
    assert [row[column].value for row in activities.iter_rows(min_row=2) if row[2].value == code] == [written]
    # a plan with no stopped activity writes no key, but the workbook keeps the empty column to fill (Petunjuk says so)
    assert "dihentikan_mulai" not in dump_yaml(plan)
    workbook = load_workbook(io.BytesIO(xlsx_bytes(plan)))["activities"]
    header = [c.value for c in workbook[1]]
    assert "dihentikan_mulai" in header
    assert {row[header.index("dihentikan_mulai")].value for row in workbook.iter_rows(min_row=2)} == {None}


def test_xlsx_reads_the_stopped_from_column_by_either_name() -> None:
    plan = load_plan(DELI_SERDANG)
    for name in ("dihentikan_mulai", "stopped_from"):

        def edit(book: object, name: str = name) -> None:
            ws = book["activities"]  # type: ignore[index]
            column = ws.max_column + 1
            ws.cell(row=1, column=column, value=name)
            ws.cell(row=3, column=column, value="Triwulan III")

        read = parse_xlsx(_edited_workbook(plan, edit))
        assert [a.code for _, a in read.activities() if a.stopped_from == "2022-Q3"] == [
            plan.programs[0].activities[1].code
        ]


# --- the guide sheet for people -------------------------------------------------------------------------------------


def test_the_workbook_opens_on_a_guide_that_the_reader_skips() -> None:
    plan = load_plan(DELI_SERDANG)
    book = load_workbook(io.BytesIO(xlsx_bytes(plan)))
    assert book.sheetnames == [GUIDE_SHEET, "team", "organizations", "activities", "targets", "exemptions"]
    assert GUIDE_SHEET == "Petunjuk"
    assert book.active.title == GUIDE_SHEET  # type: ignore[union-attr]
    guide = book[GUIDE_SHEET]
    cells = [[str(c.value) if c.value is not None else "" for c in row] for row in guide.iter_rows()]
    text = "\n".join(" | ".join(row) for row in cells)
    assert "TPAKD-DS" in text and "2022" in text
    described = {(row[0], row[1]) for row in cells if len(row) >= 2}
    for sheet, columns in SHEETS.items():
        for column in columns:
            assert any(s == sheet and column in c for s, c in described), (sheet, column)
    for words in ("jangan hapus barisnya", "dihentikan_mulai", "Kode (kode OPD, program dan kegiatan) jangan diubah"):
        assert words in text
    assert "opsional" in text and "wajib" in text
    # the guide is read past, even when a person writes in it
    guide["A1"] = "catatan saya"
    guide.append(["code", "bukan kolom"])
    out = io.BytesIO()
    book.save(out)
    assert parse_xlsx(out.getvalue()) == plan


def test_the_guide_names_periods_as_the_team_writes_them() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes(load_plan(SOLOK))))
    text = " ".join(str(c.value) for row in book[GUIDE_SHEET].iter_rows() for c in row if c.value is not None)
    assert "Juli" in text and "Januari…Desember" in text
    assert "Q3" not in text
