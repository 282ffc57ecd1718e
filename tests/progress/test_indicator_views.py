"""How an indicator is read, on the screens: the team's rating scale in /rekap, the /progres caption
and chart, the digest and the Excel recap; falling indicators marked "↓ lebih rendah lebih baik"; ranges as
``14–16%`` and levels as levels in /rekap and /belum; the recap sheet's direction, kind and range columns. On the
Solok example (``conftest.SOLOK_REPORTS``) and the sample plan, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from progress import charts, digest, xlsx
from progress import views as pv
from progress.reading import amount, target_text
from storage.db import session_scope
from tests.progress.conftest import Solok, set_team
from texts import t

NOW = datetime(2022, 1, 10, 3, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"


def _column(ws: Any, header: str, row: int = 1) -> int:
    for cell in ws[row]:
        if cell.value == header:
            return int(cell.column)
    raise AssertionError(f"no column {header!r}")


def _rekap(engine: Engine, solok: Solok, period: str, lang: str = "id") -> str:
    with session_scope(engine) as session:
        view = pv.load_rekap(session, solok.team_id, period, NOW)
    return "\n".join(pv.rekap_messages(view, lang))


def test_target_texts() -> None:
    assert target_text(16.0, 14.0, 16.0, "persen", "id") == "14–16%"
    assert target_text(90.0, 80.5, 90.0, "%", "en") == "80.5–90%"
    assert target_text(3.3, None, None, "persen", "id") == "3,3%"
    assert target_text(120.0, None, None, "UMKM", "id") == "120 UMKM"
    assert target_text(2.0, 1.0, 2.0, "kasus", "id") == "1–2 kasus"
    assert amount(None, "persen", "id") == "–"


def test_rekap_marks_falling_indicators_and_lists_levels_and_ranges(engine: Engine, solok: Solok) -> None:
    text = _rekap(engine, solok, "februari")
    # SASARAN holds falling indicators: its code is marked in the table, and the legend says what the mark means
    assert any(line.startswith("SASARAN↓") for line in text.splitlines())
    assert t("progress.rekap_turun_legend", "id") in text
    # the indicators read otherwise, with the range as a range and the level as a level
    assert t("progress.rekap_outcomes", "id") in text
    sas3 = next(line for line in text.splitlines() if "<b>SAS-03</b>" in line)
    assert "17% terhadap target 14–16%" in sas3
    assert "93,75% (Sangat Tinggi)" in sas3
    assert sas3.endswith("tingkat · ↓ lebih rendah lebih baik")
    # March: SAS-01 (3,0 against 3,3) is the only outcome indicator expected
    march = _rekap(engine, solok, "maret", "en")
    sas1 = next(line for line in march.splitlines() if "<b>SAS-01</b>" in line)
    assert "3% against a target of 3.3%, 109.09% (Very high)" in sas1
    assert sas1.endswith("level · ↓ lower is better")
    assert "SAS-03" not in march  # no target in March


def test_rekap_without_falling_indicators_says_nothing_of_them(engine: Engine, solok: Solok) -> None:
    text = _rekap(engine, solok, "april")  # no SASARAN target in April
    assert "↓" not in text
    assert t("progress.rekap_outcomes", "id") not in text


def test_rekap_and_progres_on_the_traffic_light_scale(engine: Engine, solok: Solok) -> None:
    set_team(engine, solok.team_id, rating_scale="lampu", yellow_limit=10.0)
    text = _rekap(engine, solok, "februari")
    assert t("progress.rekap_legend_lampu", "id", limit="10") in text
    assert t("progress.rekap_legend", "id") not in text
    sasaran = next(line for line in text.splitlines() if line.startswith("SASARAN↓"))
    assert sasaran.split()[-2:] == ["93,75%", "K"]  # gap 6,25 < 10: kuning
    assert "93,75% (Kuning)" in text  # the outcome line too
    with session_scope(engine) as session:
        view = pv.load_progres(session, solok.team_id, "SASARAN februari", NOW)
    caption = pv.progres_caption(view, "en")
    assert "Average achievement 93.75% (Yellow)" in caption
    data = charts.progress_chart_data(view.summary, view.by)
    assert data.lights and [(i.light, i.turun) for i in data.items] == [("kuning", True)]
    assert charts.render_progress(data, "id").startswith(PNG)


def test_progres_chart_marks_groups_with_a_falling_indicator(engine: Engine, solok: Solok) -> None:
    with session_scope(engine) as session:
        view = pv.load_progres(session, solok.team_id, "februari", NOW)
    data = charts.progress_chart_data(view.summary, view.by)
    marked = {i.code for i in data.items if i.turun}
    assert marked == {"DINKES-SOLOK"}  # SAS-03 is DINKES's
    assert not data.lights
    assert charts.render_progress(data, "en").startswith(PNG)


def test_belum_shows_ranges_and_levels(engine: Engine, solok_bare: Solok) -> None:
    with session_scope(engine) as session:
        feb = pv.belum_messages(pv.load_belum(session, solok_bare.team_id, "februari", NOW), "id")
        sep = pv.belum_messages(pv.load_belum(session, solok_bare.team_id, "september", NOW), "en")
    stunting = next(line for line in "\n".join(feb).splitlines() if "Percepatan penurunan stunting" in line)
    assert stunting == "• Percepatan penurunan stunting · target 14–16% · tingkat · ↓ lebih rendah lebih baik"
    poverty = next(line for line in "\n".join(sep).splitlines() if "persentase penduduk miskin" in line)
    assert poverty == "• Penurunan persentase penduduk miskin · target 3.1% · level · ↓ lower is better"
    # a plain count keeps its line as it was
    assert "• Rapat koordinasi TKPKD dan evaluasi bulanan\n" in "\n".join(feb) + "\n"


def test_digest_on_the_traffic_light_scale(engine: Engine, solok: Solok) -> None:
    set_team(engine, solok.team_id, rating_scale="lampu")
    with session_scope(engine) as session:
        data = digest.collect_digest(session, solok.team_id, datetime(2021, 3, 8, 1, tzinfo=UTC))
    assert data.period.key == "2021-02"
    caption = digest.digest_caption(data, "id")
    light = t(f"progress.light.{data.summary.total.light}", "id")
    assert f"({light})" in caption and data.summary.total.light == "merah"


def test_recap_sheet_columns(engine: Engine, solok: Solok) -> None:
    with session_scope(engine) as session:
        data = xlsx.build_recap(session, solok.team_id, "2021-02", now=NOW)
    wb = load_workbook(io.BytesIO(xlsx.render_recap_xlsx(data, "id", chart=False)))
    ws = wb["Februari 2021"]
    rows = {ws.cell(r, 4).value: r for r in range(2, ws.max_row + 1)}
    stunting = rows["Percepatan penurunan stunting"]
    cells = {
        name: ws.cell(stunting, _column(ws, name)).value
        for name in ("Arah", "Jenis", "Target", "Target min", "Target maks", "Realisasi", "Capaian", "Predikat")
    }
    assert cells == {
        "Arah": "turun ↓",
        "Jenis": "tingkat",
        "Target": 16,
        "Target min": 14,
        "Target maks": 16,
        "Realisasi": 17,
        "Capaian": pytest.approx(0.9375),
        "Predikat": "Sangat Tinggi",
    }
    dtks = rows["Verifikasi dan validasi DTKS"]
    assert [ws.cell(dtks, _column(ws, n)).value for n in ("Arah", "Jenis", "Target min", "Target maks")] == [
        "naik",
        "kumulatif",
        None,
        None,
    ]
    notes = next(c.value for c in wb["Ringkasan"]["A"] if c.value and str(c.value).startswith("Capaian ="))
    assert "tiap kegiatan dibatasi 150%" in notes


def test_recap_sheet_on_the_traffic_light_scale_without_a_cap(engine: Engine, solok: Solok) -> None:
    set_team(engine, solok.team_id, rating_scale="lampu", achievement_cap=None)
    with session_scope(engine) as session:
        data = xlsx.build_recap(session, solok.team_id, "2021-02", now=NOW)
    wb = load_workbook(io.BytesIO(xlsx.render_recap_xlsx(data, "en", chart=False)))
    ws = wb["February 2021"]
    rows = {ws.cell(r, 4).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["Percepatan penurunan stunting"], _column(ws, "Light")).value == "Yellow"
    assert ws.cell(rows["Percepatan penurunan stunting"], _column(ws, "Direction")).value == "down ↓"
    assert ws.cell(rows["Percepatan penurunan stunting"], _column(ws, "Kind")).value == "level"
    summary = wb["Summary"]
    assert _column(summary, "Light", 4) == 9
    notes = next(c.value for c in summary["A"] if c.value and str(c.value).startswith("Achievement ="))
    assert "not capped" in notes


def test_zero_target_is_met_in_words(engine: Engine, sample: Any) -> None:
    # the sample's A5 has target 0 in Q1 and reported 3: met, without a percentage
    with session_scope(engine) as session:
        data = xlsx.build_recap(session, sample.team_id, "2026-Q1", now=NOW)
    wb = load_workbook(io.BytesIO(xlsx.render_recap_xlsx(data, "id", chart=False)))
    ws = wb["Triwulan I 2026"]
    rows = {ws.cell(r, 4).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["Kegiatan A5"], _column(ws, "Capaian")).value == "tercapai"
    assert ws.cell(rows["Kegiatan A5"], _column(ws, "Predikat")).value is None
