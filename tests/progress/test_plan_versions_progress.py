"""The plan murni beside the plan in force on the progress screens: /rekap, the Excel recap (its "Target murni"
column, stopped activities, the "Versi rencana" sheet), the S-curve's murni line, and the target a report was
measured against (/riwayat, /verifikasi). Numbers by hand; SQLite and PostgreSQL.

Team T1, quarterly 2022. Version 1 (the plan murni), then version 2 from Q3 ("Perbup 12/2022"):

| act | org    | ceiling | murni Q1..Q4 (physical %)         | version 2 from Q3                   | reports     |
| A1  | DISKOP | 100 jt  | 10 / 20 / 40 / 40 (25/50/75/100)  | Q3 60 (physical 60), Q4 60           | Q1 9, Q3 30 |
| A2  | BANK   | 300 jt  | 50 each (20/40/70/100)             | unchanged                            | Q1 25       |
| A3  | DISKOP | 100 jt  | 20 each (25/50/75/100)             | stopped from Q3 (left out of the file) | Q1 20     |
| A4  | BANK   | –       | turun 5 each                       | Q3 4                                 |             |

Q1 before and after: A1 9/10 = 90, A2 25/50 = 50, A3 100, A4 missing 0 → 60 (mean of four). Q3 after: A1 30/60 = 50.
The murni S-curve (weights 100/300/100 jt, A4 none): Q1 (25+60+25)/5 = 22, Q2 (50+120+50)/5 = 44,
Q3 (75+210+75)/5 = 72, Q4 100. In force: Q3 A1 60, A3 stopped (its plan carried: 50) → (60+210+50)/5 = 64; Q4 A1
100, A3 50 → (100+300+50)/5 = 90.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from domain.periods import Period
from planfile.read import parse_yaml
from progress import views
from progress.xlsx import build_recap, render_recap_xlsx
from storage import aggregates as agg
from storage.db import make_sync_engine, session_scope
from storage.models import Activity
from storage.plan import get_team
from storage.plan_versions import apply_change, prepare_change
from tests.worlds import Rev, WorldBuilder
from texts import t

NOW = datetime(2022, 10, 20, 3, 0, tzinfo=UTC)
Q1, Q3, Q4 = "2022-Q1", "2022-Q3", "2022-Q4"

ORGS = {"A1": "DISKOP", "A2": "BANK", "A3": "DISKOP", "A4": "BANK"}
EXTRA = {
    "A1": ["budget_ceiling: 100000000"],
    "A2": ["budget_ceiling: 300000000"],
    "A3": ["budget_ceiling: 100000000"],
    "A4": ["arah: turun", "unit: persen"],
}
MURNI: dict[str, dict[str, str]] = {
    "A1": {"Q1": "{value: 10, physical: 25}", "Q2": "{value: 20, physical: 50}"}
    | {"Q3": "{value: 40, physical: 75}", "Q4": "{value: 40, physical: 100}"},
    "A2": {"Q1": "{value: 50, physical: 20}", "Q2": "{value: 50, physical: 40}"}
    | {"Q3": "{value: 50, physical: 70}", "Q4": "{value: 50, physical: 100}"},
    "A3": {"Q1": "{value: 20, physical: 25}", "Q2": "{value: 20, physical: 50}"}
    | {"Q3": "{value: 20, physical: 75}", "Q4": "{value: 20, physical: 100}"},
    "A4": {"Q1": "5", "Q2": "5", "Q3": "5", "Q4": "5"},
}
CHANGED = {
    "A1": MURNI["A1"] | {"Q3": "{value: 60, physical: 60}", "Q4": "{value: 60, physical: 100}"},
    "A2": MURNI["A2"],
    "A4": MURNI["A4"] | {"Q3": "4"},
}


def plan_text(targets: Mapping[str, Mapping[str, str]]) -> str:
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
        lines += [f"        {line}" for line in EXTRA[code]]
        lines += ["        targets:", *(f"          {p}: {v}" for p, v in periods.items())]
    return "\n".join(lines) + "\n"


def make_version(engine: Engine, targets: Mapping[str, Mapping[str, str]], start: str | None, basis: str) -> None:
    with session_scope(engine) as session:
        prepared = prepare_change(session, parse_yaml(plan_text(targets)), effective_from=start)
        apply_change(session, prepared, now=NOW, basis=basis, reason="APBD Perubahan", author="Bu Sri")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_sync_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def team_id(engine: Engine) -> int:
    """Version 1 and the reports; the team's id (version 2 is made by the tests that want it)."""
    make_version(engine, MURNI, None, "")
    with session_scope(engine) as session:
        team = get_team(session, "T1")
        assert team is not None and team.id is not None
        w = WorldBuilder(session, NOW)
        sri = w.person(4242, "Sri", team.id, "secretariat")
        ids = activity_ids(session)
        for code, key, value in (("A1", Q1, 9), ("A2", Q1, 25), ("A3", Q1, 20), ("A1", Q3, 30)):
            w.report(ids[code], key, Rev(value, at=NOW, by=sri, physical=30))
        return team.id


def activity_ids(session: Session) -> dict[str, int]:
    return {code: int(i or 0) for code, i in session.exec(select(Activity.code, Activity.id)).all()}


def version_two(engine: Engine) -> None:
    make_version(engine, CHANGED, "2022-Q3", "Perbup No. 12 Tahun 2022")


def test_no_difference_before_a_second_version(engine: Engine, team_id: int) -> None:
    with session_scope(engine) as session:
        murni = agg.period_murni(session, team_id, Q3)
        assert murni.has_murni and murni.differences == [] and murni.stopped == {}
        assert murni.murni[("P1", "A1")] == agg.TargetValue(40.0)
        curve = agg.scurve(session, team_id)
        assert agg.murni_scurve(session, curve) is None


def test_differences_of_a_period_and_q1_unchanged(engine: Engine, team_id: int) -> None:
    with session_scope(engine) as session:
        before = agg.period_summary(session, team_id, Q1).total.achievement
    version_two(engine)
    with session_scope(engine) as session:
        assert agg.period_summary(session, team_id, Q1).total.achievement == before == 60.0
        assert agg.period_murni(session, team_id, Q1, differences_only=True).differences == []
        q3 = agg.period_murni(session, team_id, Q3, differences_only=True)
        got = {(d.activity_code, d.in_force, d.murni, d.stopped_from) for d in q3.differences}
        assert got == {
            ("A1", agg.TargetValue(60.0), agg.TargetValue(40.0), None),
            ("A3", None, agg.TargetValue(20.0), Q3),
            ("A4", agg.TargetValue(4.0), agg.TargetValue(5.0), None),
        }
        full = agg.period_murni(session, team_id, Q3)
        assert full.murni[("P1", "A2")] == agg.TargetValue(50.0) and full.stopped == {("P1", "A3"): Q3}
        rows = {r.activity_code: r for r in agg.activity_rows(session, team_id, Q3)}
        assert rows["A1"].achievement == 50.0 and "A3" not in rows


def test_rekap_shows_the_murni_beside_the_target_in_force(engine: Engine, team_id: int) -> None:
    version_two(engine)
    with session_scope(engine) as session:
        q3 = views.load_rekap(session, team_id, "TW3", NOW)
        q1 = views.load_rekap(session, team_id, "TW1", NOW)
    text = "\n".join(views.rekap_messages(q3, "id"))
    assert t("progress.rekap_changed", "id") in text
    assert "<b>A1</b> Kegiatan A1: target 60 (murni 40)" in text
    assert "<b>A3</b> Kegiatan A3: dihentikan mulai TW III (murni 20)" in text
    # the falling indicator among the outcomes says its murni target too
    assert "terhadap target 4% (murni 5%)" in text
    english = "\n".join(views.rekap_messages(q3, "en"))
    assert "A3</b> Kegiatan A3: stopped from Q3 (murni 20)" in english
    assert t("progress.rekap_changed", "id") not in "\n".join(views.rekap_messages(q1, "id"))


def test_the_excel_recap_has_the_murni_column_stopped_rows_and_the_versions(engine: Engine, team_id: int) -> None:
    version_two(engine)
    with session_scope(engine) as session:
        data = build_recap(session, team_id, None, upto=Q4, now=NOW)
    book = load_workbook(io.BytesIO(render_recap_xlsx(data, "id", chart=False)))
    assert book.sheetnames[-1] == "Versi rencana"
    q3 = book[Period.from_key(Q3).label("id")]
    header = [c.value for c in q3[1]]
    target, murni, status = header.index("Target"), header.index("Target murni"), header.index("Status")
    rows = {r[header.index("Kegiatan")]: r for r in q3.iter_rows(min_row=2, values_only=True) if r[3]}
    assert (rows["Kegiatan A1"][target], rows["Kegiatan A1"][murni]) == (60, 40)
    assert (rows["Kegiatan A2"][target], rows["Kegiatan A2"][murni]) == (50, 50)  # filled where equal too
    assert rows["Kegiatan A3"][target] is None and rows["Kegiatan A3"][murni] == 20
    assert rows["Kegiatan A3"][status] == "dihentikan mulai TW III"
    q1 = book[Period.from_key(Q1).label("id")]
    q1_rows = {r[3]: r for r in q1.iter_rows(min_row=2, values_only=True) if r[3]}
    assert "dihentikan mulai TW III" in q1_rows["Kegiatan A3"][status]  # still measured in Q1, marked
    versions = list(book["Versi rencana"].iter_rows(values_only=True))
    assert versions[0] == tuple(t(f"progress.xlsx.versions.col.{c}", "id") for c in views_columns())
    first, second = versions[1], versions[2]
    assert first[0] == 1 and first[2] == "Triwulan I 2022" and first[7] == "Rencana murni"
    assert second[0] == 2 and second[2] == "Triwulan III 2022" and second[3] == "Tidak"
    assert second[4] == "Perbup No. 12 Tahun 2022" and second[5] == "APBD Perubahan" and second[6] == "Bu Sri"
    assert "target berubah" in second[7] and "dihentikan" in second[7]


def views_columns() -> tuple[str, ...]:
    from progress.xlsx import VERSION_COLUMNS

    return VERSION_COLUMNS


def test_the_murni_s_curve(engine: Engine, team_id: int) -> None:
    version_two(engine)
    with session_scope(engine) as session:
        view = views.load_kurva(session, team_id, "", NOW)
    assert [p.planned for p in view.curve.points] == [22.0, 44.0, 64.0, 90.0]
    assert view.murni == [22.0, 44.0, 72.0, 100.0]
    assert t("progress.kurva_murni", "id") in views.kurva_caption(view, "id")
    png = views.render_kurva(view, "id").photo
    assert png is not None and png.startswith(b"\x89PNG")


def test_the_target_a_report_was_measured_against(engine: Engine, team_id: int) -> None:
    version_two(engine)
    with session_scope(engine) as session:
        ids = activity_ids(session)
        got = agg.measured_targets(session, [(ids["A1"], Q1), (ids["A1"], Q3), (ids["A3"], Q3), (ids["A2"], Q3)])
    assert got[(ids["A1"], Q1)] == agg.MeasuredTarget(agg.TargetValue(10.0), agg.TargetValue(10.0), True)
    assert not got[(ids["A1"], Q1)].changed
    assert got[(ids["A1"], Q3)].changed and got[(ids["A1"], Q3)].murni == agg.TargetValue(40.0)
    assert got[(ids["A3"], Q3)].in_force is None and got[(ids["A3"], Q3)].changed
    assert not got[(ids["A2"], Q3)].changed


def test_riwayat_and_verifikasi_say_the_target_measured_against(engine: Engine, team_id: int) -> None:
    from bot.handlers.verification import queue_item_text
    from bot.report.history import render
    from storage.history import report_history
    from storage.models import Organization
    from storage.verification import verification_queue

    version_two(engine)
    with session_scope(engine) as session:
        diskop = session.exec(select(Organization.id).where(Organization.code == "DISKOP")).one()
        budi = WorldBuilder(session, NOW).person(5151, "Budi", team_id, "focal_point", diskop)
        items, total = report_history(session, budi)
        queue, _ = verification_queue(session, [team_id])
    by_key = {(i.activity_code, i.period_key): i for i in items}
    assert total == 3
    assert by_key[("A1", Q3)].target is not None and by_key[("A1", Q3)].target.changed
    text, _buttons = render(items, total, 0, "id", "Asia/Jakarta")
    assert "Target: 60 (perubahan; murni 40)" in text  # A1 in Q3, measured against version 2's target
    assert "Target: 10" in text and "Target: 10 (" not in text  # A1 in Q1: the murni's, nothing more said
    english, _ = render(items, total, 0, "en", "Asia/Jakarta")
    assert "Target: 60 (changed; murni 40)" in english
    [a1_q3] = [q for q in queue if (q.activity_code, q.period_key) == ("A1", Q3)]
    assert "(target 60; perubahan, murni 40)" in queue_item_text(a1_q3, "id", "Asia/Jakarta")
    [a2_q1] = [q for q in queue if (q.activity_code, q.period_key) == ("A2", Q1)]
    assert "(target 50)" in queue_item_text(a2_q1, "id", "Asia/Jakarta")
