"""How the plan says each indicator is read: direction, kind, range targets, the team's cap and rating
scale. Indonesian names and English aliases, defaults that keep every existing plan as it was, one clear error per
mistake with its place, and stable round trips through YAML, XLSX and the database."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import select

from domain.indicators import TargetRange
from domain.plan import Plan, PlanActivity
from pantau.plangen import generate_team
from planfile.read import GUIDE_SHEET, PlanFileError, issue_text, load_plan, parse_xlsx, parse_yaml
from planfile.write import dump_yaml, xlsx_bytes
from storage.db import session_scope
from storage.models import Activity, Target, Team
from storage.plan import apply_plan, read_plan

from .conftest import DELI_SERDANG, EXAMPLES, MINIMAL, NOW, SOLOK, errors_of

# Every new field, in its Indonesian form.
READ = """\
team:
  code: T1
  name: Tim contoh
  year: 2022
  batas_capaian: 120
  skala: lampu
  lampu: {kuning: 30}
organizations:
  - {code: DINKES, name: Dinas Kesehatan}
programs:
  - code: P1
    name: Program satu
    activities:
      - code: STUNTING
        name: Percepatan penurunan stunting
        organization: DINKES
        unit: persen
        jenis: tingkat
        arah: turun
        targets:
          Q1: {min: 14, max: 16}
          Q2: {value: {min: 13, max: 15}, budget: 1000000}
          Q3: 12.5
          Q4: 14
      - code: CAKUPAN
        name: Cakupan imunisasi dasar
        organization: DINKES
        jenis: tingkat
        targets:
          Q2: {min: 80, max: 90}
      - code: RENTENIR
        name: Kasus rentenir
        organization: DINKES
        jenis: per_periode
        arah: turun
        targets: {Q1: 12, Q2: 10}
      - code: KUM
        name: Running total
        organization: DINKES
        jenis: kumulatif
        targets: {Q1: 5, Q2: 9}
"""


def activity(plan: Plan, code: str) -> PlanActivity:
    return next(a for _, a in plan.activities() if a.code == code)


def with_activity_keys(keys: str, targets: str = "Q1: 5") -> str:
    """MINIMAL with ``keys`` (one per line) added to its activity and its targets replaced."""
    lines = "".join(f"        {line}\n" for line in keys.splitlines())
    return MINIMAL.replace("        targets:\n          Q1: 5", f"{lines}        targets:\n          {targets}")


def with_team_keys(keys: str) -> str:
    lines = "".join(f"  {line}\n" for line in keys.splitlines())
    return MINIMAL.replace("  year: 2022\n", f"  year: 2022\n{lines}")


# --- reading --------------------------------------------------------------------------------------------------------


def test_defaults_keep_a_plan_meaning_what_it_meant() -> None:
    plan = parse_yaml(MINIMAL)
    a1 = plan.programs[0].activities[0]
    assert (a1.kind, a1.direction, a1.targets[0].value_range) == ("per_periode", "naik", None)
    assert (plan.team.achievement_cap, plan.team.rating_scale, plan.team.yellow_limit) == (150, "predikat", 25.0)


def test_every_new_field_is_read() -> None:
    plan = parse_yaml(READ)
    assert (plan.team.achievement_cap, plan.team.rating_scale, plan.team.yellow_limit) == (120, "lampu", 30.0)
    stunting = activity(plan, "STUNTING")
    assert (stunting.kind, stunting.direction) == ("tingkat", "turun")
    # a range's value is the bound that counts as reaching it: the upper for turun, the lower for naik
    assert [(t.period, t.value, t.value_range, t.budget) for t in stunting.targets] == [
        ("2022-Q1", 16.0, (14.0, 16.0), None),
        ("2022-Q2", 15.0, (13.0, 15.0), 1_000_000),
        ("2022-Q3", 12.5, None, None),
        ("2022-Q4", 14.0, None, None),  # a level may rise again: no "goes down" check
    ]
    assert stunting.targets[0].indicator_target() == TargetRange(Decimal("14.0"), Decimal("16.0"))
    assert stunting.targets[2].indicator_target() == Decimal("12.5")
    cakupan = activity(plan, "CAKUPAN")
    assert (cakupan.direction, cakupan.targets[0].value, cakupan.targets[0].value_range) == ("naik", 80.0, (80, 90))
    assert (activity(plan, "RENTENIR").kind, activity(plan, "RENTENIR").direction) == ("per_periode", "turun")
    assert activity(plan, "KUM").kind == "kumulatif"


@pytest.mark.parametrize(
    ("keys", "kind", "direction"),
    [
        ("jenis: tingkat\narah: turun", "tingkat", "turun"),
        ("measure: level\ndirection: down", "tingkat", "turun"),
        ("measure: tingkat\ndirection: turun", "tingkat", "turun"),
        ("jenis: Per Periode\narah: Naik", "per_periode", "naik"),
        ("measure: per-period\ndirection: up", "per_periode", "naik"),
        ("measure: cumulative", "kumulatif", "naik"),
        ("jenis: kumulatif\narah: naik", "kumulatif", "naik"),
    ],
)
def test_activity_names_and_aliases(keys: str, kind: str, direction: str) -> None:
    a1 = parse_yaml(with_activity_keys(keys)).programs[0].activities[0]
    assert (a1.kind, a1.direction) == (kind, direction)


@pytest.mark.parametrize(
    ("keys", "cap", "scale", "yellow"),
    [
        ("batas_capaian: 100", 100, "predikat", 25.0),
        ("cap: 110", 110, "predikat", 25.0),
        ("batas_capaian: '120%'", 120, "predikat", 25.0),
        ("batas_capaian: 150", 150, "predikat", 25.0),
        ("batas_capaian: tanpa", None, "predikat", 25.0),
        ("cap: none", None, "predikat", 25.0),
        ("skala: lampu", 150, "lampu", 25.0),
        ("rating_scale: traffic_light\ntraffic_light: {yellow: 20}", 150, "lampu", 20.0),
        ("skala: Lampu\nlampu: {kuning: 12.5}", 150, "lampu", 12.5),
        ("skala: predikat", 150, "predikat", 25.0),
    ],
)
def test_team_names_and_aliases(keys: str, cap: int | None, scale: str, yellow: float) -> None:
    team = parse_yaml(with_team_keys(keys)).team
    assert (team.achievement_cap, team.rating_scale, team.yellow_limit) == (cap, scale, yellow)


def test_range_forms_read_alike() -> None:
    forms = [
        "Q1: {min: 80, max: 90}",
        "Q1: {value: {min: 80, max: 90}}",
        "Q1: {min: 80, maks: 90}",
        "Q1: {value_min: 80, value_max: 90}",
        "Q1: {nilai_min: 80, nilai_maks: 90}",
        "Q1: {nilai: {min: 80, max: 90}}",
    ]
    plans = [parse_yaml(with_activity_keys("jenis: tingkat", f)) for f in forms]
    assert all(p == plans[0] for p in plans)
    rows = parse_yaml(with_activity_keys("jenis: tingkat", "- {period: Q1, value_min: 80, value_max: 90}"))
    assert rows == plans[0]
    assert plans[0].programs[0].activities[0].targets[0].value_range == (80.0, 90.0)


# --- mistakes ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "targets", "expected"),
    [
        (
            "arah: kebawah",
            "Q1: 5",
            'p.yaml:14: activity A1: arah "kebawah" must be naik or turun (up, down)',
        ),
        (
            "direction: sideways",
            "Q1: 5",
            'p.yaml:14: activity A1: direction "sideways" must be naik or turun (up, down)',
        ),
        (
            "jenis: rata-rata",
            "Q1: 5",
            'p.yaml:14: activity A1: jenis "rata-rata" must be per_periode, kumulatif or tingkat '
            "(per_period, cumulative, level)",
        ),
        (
            "jenis: kumulatif\narah: turun",
            "Q1: 5",
            "p.yaml:15: activity A1: a kumulatif indicator is a running total, which only goes up; a turun indicator "
            "is per_periode (a count per period) or tingkat (a level, e.g. a rate)",
        ),
        (
            "jenis: tingkat",
            "Q1: {min: 90, max: 80}",
            "p.yaml:16: activity A1, target Q1: min 90 is above max 80",
        ),
        (
            "jenis: kumulatif",
            "Q1: {min: 80, max: 90}",
            "p.yaml:16: activity A1, target Q1: a kumulatif indicator's target is one running total, not a range: "
            "write value",
        ),
        (
            "",
            "Q1: {min: 80}",
            "p.yaml:15: activity A1, target Q1: a range needs both min and max, e.g. {min: 80, max: 90}",
        ),
        (
            "",
            "Q1: {value: 85, min: 80, max: 90}",
            'p.yaml:15: activity A1, target Q1: a target is one value or a range: write "value" or "min", not both',
        ),
        (
            "",
            "Q1: {value: {min: 80, max: 90}, max: 95}",
            "p.yaml:15: activity A1, target Q1: the range is written twice (in value and beside it); keep one",
        ),
        (
            "",
            "Q1: {min: -5, max: 90}",
            "p.yaml:15: activity A1, target Q1: min must not be negative (got -5)",
        ),
        (
            "",
            "Q1: {budget: 5}",
            'p.yaml:15: activity A1, target Q1: missing "value"',
        ),
        (
            "jenis: tingkat\nmeasure: level",
            "Q1: 5",
            'p.yaml:15: activity A1: "jenis" and "measure" are the same key; keep one',
        ),
        (
            "arah: turun",
            "Q1: {nilai: 5, catatan: x}",
            'p.yaml:16: activity A1, target Q1: unknown key "catatan" (expected: value, min, max, budget, physical)',
        ),
    ],
)
def test_each_activity_mistake(keys: str, targets: str, expected: str) -> None:
    assert errors_of(with_activity_keys(keys, targets)) == [expected]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("batas_capaian: 130", 'p.yaml:5: team: batas_capaian "130" must be 100, 110, 120, 150 or tanpa (no cap)'),
        ("cap: unlimited", 'p.yaml:5: team: cap "unlimited" must be 100, 110, 120, 150 or tanpa (no cap)'),
        ("batas_capaian: 1.5", 'p.yaml:5: team: batas_capaian "1.5" must be 100, 110, 120, 150 or tanpa (no cap)'),
        ("skala: bintang", 'p.yaml:5: team: skala "bintang" must be predikat or lampu (predicate, traffic_light)'),
        ("lampu: {kuning: 30}", "p.yaml:5: team: lampu is read only with skala: lampu (this team rates by predikat)"),
        ("skala: lampu\nlampu: {kuning: 120}", "p.yaml:6: team: lampu: kuning must be at most 100 (got 120)"),
        (
            "skala: lampu\nlampu: {kuning: 0}",
            "p.yaml:6: team: lampu: kuning must be more than 0: the gap to target in % below which a light is "
            "kuning, e.g. 25",
        ),
        ("skala: lampu\nlampu: {merah: 50}", 'p.yaml:6: team: lampu: unknown key "merah" (expected: kuning)'),
        ("cap: 120\nbatas_capaian: 120", 'p.yaml:6: team: "cap" and "batas_capaian" are the same key; keep one'),
    ],
)
def test_each_team_mistake(keys: str, expected: str) -> None:
    found = errors_of(with_team_keys(keys))
    if "merah" in expected:  # lampu without kuning is also missing its one key
        assert found == [expected, 'p.yaml:6: team: lampu: missing "kuning"']
    else:
        assert found == [expected]


@pytest.mark.parametrize(
    ("text", "indonesian", "english"),
    [
        (
            with_activity_keys("arah: kebawah"),
            'p.yaml, baris 14: kegiatan A1: arah "kebawah" harus naik atau turun (up, down)',
            'p.yaml, line 14: activity A1: arah "kebawah" must be naik or turun (up, down)',
        ),
        (
            with_activity_keys("jenis: tingkat", "Q1: {min: 90, max: 80}"),
            "p.yaml, baris 16: kegiatan A1, target Q1: min 90 lebih besar dari max 80",
            "p.yaml, line 16: activity A1, target Q1: min 90 is above max 80",
        ),
        (
            with_activity_keys("jenis: kumulatif", "Q1: {min: 80, max: 90}"),
            "p.yaml, baris 16: kegiatan A1, target Q1: target indikator kumulatif adalah satu jumlah berjalan, "
            "bukan rentang: tulis value",
            "p.yaml, line 16: activity A1, target Q1: a kumulatif indicator's target is one running total, not a "
            "range: write value",
        ),
        (
            with_team_keys("batas_capaian: 130"),
            'p.yaml, baris 5: tim: batas_capaian "130" harus 100, 110, 120, 150 atau tanpa (tidak dibatasi)',
            'p.yaml, line 5: team: batas_capaian "130" must be 100, 110, 120, 150 or tanpa (no cap)',
        ),
        (
            with_team_keys("lampu: {kuning: 30}"),
            "p.yaml, baris 5: tim: lampu hanya dibaca bila skala: lampu (tim ini dinilai dengan predikat)",
            "p.yaml, line 5: team: lampu is read only with skala: lampu (this team rates by predikat)",
        ),
    ],
)
def test_indicator_mistakes_in_indonesian_and_english(text: str, indonesian: str, english: str) -> None:
    with pytest.raises(PlanFileError) as info:
        parse_yaml(text, "p.yaml")
    [issue] = info.value.issues
    assert issue_text(issue, "id") == indonesian
    assert issue_text(issue, "en") == english


def test_all_mistakes_at_once_and_nothing_returned() -> None:
    text = (
        READ.replace("batas_capaian: 120", "batas_capaian: 130")
        .replace(
            "        arah: turun\n        targets:\n          Q1: {min: 14",
            "        arah: kebawah\n        targets:\n          Q1: {min: 14",
        )
        .replace("Q2: {min: 80, max: 90}", "Q2: {min: 90, max: 80}")
        .replace("targets: {Q1: 5, Q2: 9}", "targets: {Q1: {min: 4, max: 6}, Q2: 9}")
    )
    assert errors_of(text) == [
        'p.yaml:5: team: batas_capaian "130" must be 100, 110, 120, 150 or tanpa (no cap)',
        'p.yaml:19: activity STUNTING: arah "kebawah" must be naik or turun (up, down)',
        "p.yaml:30: activity CAKUPAN, target Q2: min 90 is above max 80",
        "p.yaml:41: activity KUM, target Q1: a kumulatif indicator's target is one running total, not a range: "
        "write value",
    ]


def _edited_workbook(plan: Plan, edit: object) -> bytes:
    book = load_workbook(io.BytesIO(xlsx_bytes(plan)))
    edit(book)  # type: ignore[operator]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_mistakes_name_sheet_and_row() -> None:
    plan = parse_yaml(READ)

    def edit(book: object) -> None:
        team = book["team"]  # type: ignore[index]
        for row in team.iter_rows(min_row=2):
            if row[0].value == "batas_capaian":
                row[1].value = "200"
        activities = book["activities"]  # type: ignore[index]
        activities["J2"] = "miring"  # STUNTING's arah
        activities["H5"] = "kumulatif"  # KUM stays kumulatif; RENTENIR (row 4) keeps per_period
        activities["J5"] = "turun"
        targets = book["targets"]  # type: ignore[index]
        targets["F2"], targets["G2"] = 17, 16  # STUNTING Q1: value_min above value_max

    with pytest.raises(PlanFileError) as info:
        parse_xlsx(_edited_workbook(plan, edit), "plan.xlsx")
    assert [str(i) for i in info.value.issues] == [
        'plan.xlsx[activities]:2: activity STUNTING: arah "miring" must be naik or turun (up, down)',
        "plan.xlsx[activities]:5: activity KUM: a kumulatif indicator is a running total, which only goes up; a turun "
        "indicator is per_periode (a count per period) or tingkat (a level, e.g. a rate)",
        "plan.xlsx[targets]:2: activity STUNTING, target Q1: value_min 17 is above value_max 16",
        'plan.xlsx[team]:11: team: batas_capaian "200" must be 100, 110, 120, 150 or tanpa (no cap)',
    ]


def test_xlsx_reads_the_other_column_names() -> None:
    book = Workbook()
    book.active.title = "team"  # type: ignore[union-attr]
    rows = {
        "team": [
            ["key", "value"],
            ["code", "T1"],
            ["name", "Tim"],
            ["year", 2022],
            ["cap", "tanpa"],
            ["rating_scale", "traffic_light"],
            ["traffic_light.yellow", 20],
        ],
        "organizations": [["code", "name"], ["DINKES", "Dinas Kesehatan"]],
        "activities": [
            ["program_code", "program_name", "code", "name", "organization", "jenis", "direction"],
            ["P1", "Program", "A1", "Stunting", "DINKES", "tingkat", "down"],
        ],
        "targets": [["activity", "period", "value", "nilai_min", "nilai_maks"], ["A1", "Q1", None, 14, 16]],
    }
    for name, content in rows.items():
        ws = book["team"] if name == "team" else book.create_sheet(name)
        for row in content:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    plan = parse_xlsx(out.getvalue())
    assert (plan.team.achievement_cap, plan.team.rating_scale, plan.team.yellow_limit) == (None, "lampu", 20.0)
    a1 = plan.programs[0].activities[0]
    assert (a1.kind, a1.direction, a1.targets[0].value, a1.targets[0].value_range) == ("tingkat", "turun", 16, (14, 16))


# --- writing ---------------------------------------------------------------------------------------------------------


def test_round_trips_keep_every_new_field() -> None:
    plan = parse_yaml(READ)
    text = dump_yaml(plan)
    assert parse_yaml(text) == plan
    assert parse_xlsx(xlsx_bytes(plan)) == plan
    assert dump_yaml(parse_yaml(text)) == text  # stable: a second export is the first
    for line in (
        "  batas_capaian: 120",
        "  skala: lampu",
        "  lampu: {kuning: 30}",
        "        arah: turun",
        "        measure: level",
        "          Q1: {min: 14, max: 16}",
        "          Q2: {min: 13, max: 15, budget: 1000000}",
    ):
        assert line + "\n" in text
    no_cap = parse_yaml(READ.replace("batas_capaian: 120", "batas_capaian: tanpa"))
    assert "  batas_capaian: tanpa\n" in dump_yaml(no_cap)
    assert parse_yaml(dump_yaml(no_cap)) == no_cap == parse_xlsx(xlsx_bytes(no_cap))


OLD_COLUMNS = {
    "team": ("key", "value"),
    "organizations": ("code", "name", "kind"),
    "activities": (
        "program_code",
        "program_name",
        "code",
        "name",
        "organization",
        "indicator",
        "unit",
        "measure",
        "budget_ceiling",
        "dihentikan_mulai",  # new, always there to fill (the Petunjuk sheet says how); reads empty as "running"
    ),
    "targets": ("activity", "period", "value", "budget", "physical"),
    "exemptions": ("organization", "period", "reason"),
}


@pytest.mark.parametrize(
    "path", [EXAMPLES / "tpakd-kota-jayapura-2026.yaml", EXAMPLES / "tpakd-kota-makassar-2026.yaml"]
)
def test_a_plan_without_the_new_fields_exports_as_before(path: Path) -> None:
    plan = load_plan(path)
    text = dump_yaml(plan)
    for word in ("arah", "jenis", "batas_capaian", "skala", "lampu", "min:", "max:"):
        assert word not in text
    book = load_workbook(io.BytesIO(xlsx_bytes(plan)))
    data_sheets = [ws for ws in book.worksheets if ws.title != GUIDE_SHEET]  # the guide for people comes first
    assert {ws.title: tuple(c.value for c in ws[1]) for ws in data_sheets} == OLD_COLUMNS
    keys = [row[0].value for row in book["team"].iter_rows(min_row=2)]
    assert not {"batas_capaian", "skala", "lampu.kuning"} & set(keys)


def test_xlsx_writes_the_optional_columns_only_when_used() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes(parse_yaml(READ))))
    assert tuple(c.value for c in book["activities"][1])[-2:] == ("arah", "dihentikan_mulai")
    assert tuple(c.value for c in book["targets"][1])[-2:] == ("value_min", "value_max")
    # a range target leaves value empty: the range is the target
    assert [c.value for c in book["targets"][2]] == ["STUNTING", "Q1", None, None, None, 14, 16]


def test_examples_carry_the_outcome_indicators() -> None:
    solok = load_plan(SOLOK)
    outcomes = {a.code: a for _, a in solok.activities() if a.code.startswith("SAS-")}
    assert {(a.kind, a.direction) for a in outcomes.values()} == {("tingkat", "turun")}
    assert [t.value_range for t in outcomes["SAS-03"].targets] == [(14.0, 16.0), (12.0, 14.0)]
    assert [t.value for t in outcomes["SAS-03"].targets] == [16.0, 14.0]  # turun: the upper bound counts
    rentenir = activity(load_plan(DELI_SERDANG), "SALI-04")
    assert (rentenir.kind, rentenir.direction, rentenir.unit) == ("per_periode", "turun", "kasus")


# --- the database ----------------------------------------------------------------------------------------------------


def test_stored_and_read_back(engine: Engine) -> None:
    plan = parse_yaml(READ)
    with session_scope(engine) as session:
        apply_plan(session, plan, NOW)
    with session_scope(engine) as session:
        team = session.exec(select(Team)).one()
        assert (team.achievement_cap, team.rating_scale, team.yellow_limit) == (120, "lampu", 30.0)
        stored = {a.code: (a.measure, a.direction) for a in session.exec(select(Activity)).all()}
        assert stored == {
            "STUNTING": ("level", "turun"),
            "CAKUPAN": ("level", "naik"),
            "RENTENIR": ("per_period", "turun"),
            "KUM": ("cumulative", "naik"),
        }
        ranges = sorted((t.period_key, t.value, t.value_min, t.value_max) for t in session.exec(select(Target)).all())
        assert ("2022-Q1", 16.0, 14.0, 16.0) in ranges and ("2022-Q3", 12.5, None, None) in ranges
        assert read_plan(session, "T1") == plan
    with session_scope(engine) as session:
        assert not apply_plan(session, plan, NOW).changed  # importing it again changes nothing
    # changing how it is read updates in place, and back to the defaults
    plain = parse_yaml(MINIMAL)
    with session_scope(engine) as session:
        apply_plan(session, plain, NOW)
    with session_scope(engine) as session:
        team = session.exec(select(Team)).one()
        assert (team.achievement_cap, team.rating_scale, team.yellow_limit) == (150, "predikat", 25.0)
        assert read_plan(session, "T1") == plain
    no_cap = parse_yaml(with_team_keys("batas_capaian: tanpa"))
    with session_scope(engine) as session:
        apply_plan(session, no_cap, NOW)
    with session_scope(engine) as session:
        assert session.exec(select(Team)).one().achievement_cap is None
        assert read_plan(session, "T1") == no_cap


def test_generated_plan_has_turun_and_tingkat_indicators_and_is_a_valid_plan(engine: Engine) -> None:
    with session_scope(engine) as session:
        generate_team(
            session,
            team_code="GEN",
            orgs=4,
            activities=80,
            periods=4,
            year=2025,
            now=datetime(2026, 1, 10, tzinfo=UTC),
            with_reports=True,
        )
    with session_scope(engine) as session:
        plan = read_plan(session, "GEN")
    pairs = {(a.kind, a.direction) for _, a in plan.activities()}
    assert {("per_periode", "turun"), ("tingkat", "turun"), ("tingkat", "naik"), ("kumulatif", "naik")} <= pairs
    assert ("kumulatif", "turun") not in pairs
    assert parse_yaml(dump_yaml(plan)) == plan  # every rule of the plan file holds
