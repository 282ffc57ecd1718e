"""A parent team's /progres chart, S-curve, digest and Excel recap (progress.province_charts, province_xlsx,
storage.aggregates.province_curve): pure drawing and writing from data, and the figures by hand over a small
province on both engines.

The province (``build_province``), quarterly 2026, default thresholds (91/76/66/51):

| team  | activity | ceiling | Q1 target / planned phys | Q2 target / planned phys | Q1 report (value, phys) |
| KAB-A | A1       | 200 jt  | 10 / 20                  | 20 / 50                  | 10, 30  (100%)          |
| KAB-A | A2       | 100 jt  | 10 / 40                  | 20 / 100                 | 5, 40   (50%)           |
| KAB-B | B1       | 100 jt  | 10 / 50                  | 20 / 100                 | 10, 25  (100%)          |
| KAB-C | C1       | –       | 10 / 10                  | 20 / 100                 | none    (0%)            |

Q1 achievement: KAB-B 100 (sangat tinggi), KAB-A 75 (sedang), KAB-C 0 (sangat rendah); province mean 58,33 (rendah).
S-curve, KAB-A weighing 300 jt, KAB-B 100 jt, KAB-C (no budget) 0: planned Q1 (4000 + 4000 + 5000) / 400 = 32,5,
Q2 (10000 + 10000 + 10000) / 400 = 75, Q3 and Q4 75; actual Q1 (6000 + 4000 + 2500) / 400 = 31,25.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlmodel import Session

from domain.periods import Period
from domain.rating import DEFAULT_THRESHOLDS
from progress import charts, digest, province_charts, province_xlsx, views
from progress.province_charts import RegencyFigures, Rollup
from storage import aggregates as agg
from storage.aggregates.province_curve import province_scurve
from storage.db import make_sync_engine, session_scope
from tests.worlds import Rev, WorldBuilder
from texts import t

T0 = datetime(2026, 1, 5, tzinfo=UTC)
APRIL_6 = datetime(2026, 4, 6, 2, 0, tzinfo=UTC)  # Monday, 09:00 WIB: Q1 is the default period
PNG = b"\x89PNG\r\n\x1a\n"
PREFIX = "Tim Percepatan Akses Keuangan Daerah"
JT = 1_000_000


def build_province(session: Session, now: datetime = T0) -> dict[str, int]:
    """The province of the module's docstring; returns team ids by code (and the secretariat person's id)."""
    w = WorldBuilder(session, now)
    parent = w.team("TPAKD-PROV", f"{PREFIX} Provinsi Uji", region="Provinsi Uji")
    ids = {"TPAKD-PROV": parent}
    reporter = w.person(9100, "Sri", parent, "secretariat")
    ids["person"] = reporter
    q1 = datetime(2026, 4, 2, 3, 0, tzinfo=UTC)
    specs = {
        "KAB-A": ("Kabupaten Alpha", [("A1", 200 * JT, 20, 50, (10, 30)), ("A2", 100 * JT, 40, 100, (5, 40))]),
        "KAB-B": ("Kabupaten Beta", [("B1", 100 * JT, 50, 100, (10, 25))]),
        "KAB-C": ("Kota Gamma", [("C1", None, 10, 100, None)]),
    }
    for code, (region, acts) in specs.items():
        team = w.team(code, f"{PREFIX} {region}", region=region, parent_id=parent)
        ids[code] = team
        org = w.org(team, f"DISKOP-{code}", f"Dinas Koperasi dan UKM {region}")
        program = w.program(team, "P1", "Akses keuangan UMKM")
        for act_code, ceiling, phys1, phys2, report in acts:
            act = w.activity(
                program,
                org,
                act_code,
                f"Kegiatan {act_code}",
                targets={"2026-Q1": (10, phys1), "2026-Q2": (20, phys2)},
                budget_ceiling=ceiling,
                indicator="UMKM dibina",
                unit="UMKM",
            )
            if report is not None:
                value, physical = report
                w.report(act, "2026-Q1", Rev(value, at=q1, by=reporter, budget=ceiling // 10, physical=physical))
    return ids


@pytest.fixture
def province(db_url: str) -> Iterator[tuple[Session, dict[str, int]]]:
    engine = make_sync_engine(db_url)
    try:
        with session_scope(engine) as session:
            ids = build_province(session)
            yield session, ids
    finally:
        engine.dispose()


def _size(png: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(png)).size


def _parent(lights: bool = False) -> agg.TeamInfo:
    return agg.TeamInfo(
        1,
        "TPAKD-KALTENG",
        f"{PREFIX} Provinsi Kalimantan Tengah",
        "",
        "Asia/Jakarta",
        "quarter",
        2026,
        10,
        DEFAULT_THRESHOLDS,
        rating_scale="lampu" if lights else "predikat",
    )


KALTENG = [
    "Barito Selatan",
    "Barito Timur",
    "Barito Utara",
    "Gunung Mas",
    "Kapuas",
    "Katingan",
    "Kotawaringin Barat",
    "Kotawaringin Timur",
    "Lamandau",
    "Murung Raya",
    "Pulang Pisau",
    "Sukamara",
    "Seruyan",
]


def _fourteen(lights: bool = False) -> Rollup:
    parent = _parent(lights)
    names = [f"{PREFIX} Kabupaten {n}" for n in KALTENG] + [f"{PREFIX} Kota Palangka Raya"]
    values = [96.5, 88.25, 45.1, 102.3, 71.0, 66.4, 91.0, 55.5, None, 180.2, 79.9, 30.0, 62.2, 84.4]
    rows = [
        RegencyFigures(i, f"KAB-{i:02d}", n, expected=10, received=8, on_time=6, achievement=a)
        for i, (n, a) in enumerate(zip(names, values, strict=True))
    ]
    rows.sort(key=lambda r: (r.achievement is None, -(r.achievement or 0.0)))
    rated = [
        RegencyFigures(**{**r.__dict__, "rank": n, "rating": province_charts.rate(r.achievement, parent)})
        for n, r in enumerate(rows, start=1)
    ]
    return Rollup(parent, Period.from_key("2026-Q1"), rated)


# --- pure -------------------------------------------------------------------------------------------------------


def test_regency_labels_drop_the_shared_words_and_keep_the_region() -> None:
    names = [f"{PREFIX} Kabupaten Kotawaringin Timur", f"{PREFIX} Kota Palangka Raya", "TPAKD Seruyan"]
    assert province_charts.regency_labels(names) == ["Kab. Kotawaringin Timur", "Kota Palangka Raya", "TPAKD Seruyan"]
    assert province_charts.regency_labels(["TPAKD Barito", "TPAKD Kapuas"]) == ["Barito", "Kapuas"]
    assert all(len(label) <= 26 for label in province_charts.regency_labels([f"{PREFIX} Kabupaten {'X' * 40}"], 26))


def test_the_parents_scale_rates_every_child() -> None:
    parent = _parent()
    assert [province_charts.rate(v, parent) for v in (91, 90.99, 76, 66, 51, 50.99, None)] == [
        "sangat_tinggi",
        "tinggi",
        "tinggi",
        "sedang",
        "rendah",
        "sangat_rendah",
        None,
    ]
    lights = _parent(lights=True)
    assert [province_charts.rate(v, lights) for v in (100, 80, 70)] == ["hijau", "kuning", "merah"]


def test_fourteen_regencies_draw_one_ranked_bar_each_on_a_phone_picture() -> None:
    rollup = _fourteen()
    data = province_charts.province_chart_data(rollup)
    assert data.labels[0] == "Kab. Murung Raya" and data.labels[-1] == "Kab. Lamandau"  # unrated last
    assert data.ratings[:2] == ["sangat_tinggi", "sangat_tinggi"] and data.ratings[-1] is None
    assert rollup.average == 80.98 and rollup.average_rating == "tinggi"  # 13 rated regencies, each counts once
    for lang in ("id", "en"):
        png = province_charts.render_province_progress(data, lang)
        assert png.startswith(PNG) and _size(png) == charts.SIZE_PX
    lights = province_charts.render_province_progress(province_charts.province_chart_data(_fourteen(True)))
    assert _size(lights) == charts.SIZE_PX


def test_more_regencies_than_fit_are_noted_and_no_data_says_so() -> None:
    rollup = _fourteen()
    many = Rollup(rollup.parent, rollup.period, rollup.rows * 3)  # 42: beyond MAX_BARS
    assert _size(province_charts.render_province_progress(province_charts.province_chart_data(many))) == charts.SIZE_PX
    empty = Rollup(rollup.parent, rollup.period, [])
    png = province_charts.render_province_progress(province_charts.province_chart_data(empty))
    assert _size(png) == charts.SIZE_PX
    caption = province_charts.progres_caption(province_charts.ProvinceProgresView(empty))
    assert t("progress.no_expected") in caption and t("progress.achievement_none") in caption


def test_the_caption_gives_the_province_average_best_and_lowest() -> None:
    caption = province_charts.progres_caption(province_charts.ProvinceProgresView(_fourteen()))
    assert "Rata-rata provinsi 80,98% (Tinggi), atas 13 dari 14 kabupaten/kota" in caption
    assert "Tertinggi: KAB-09 180,2%" in caption and "Terendah: KAB-11 30%" in caption
    assert "Laporan masuk 112/140 (80%)" in caption and len(caption) <= 1024


def test_the_roll_up_workbook_has_a_row_per_regency_and_a_sheet_each() -> None:
    rollup = _fourteen()
    data = province_xlsx.ProvinceRecapData(rollup, [], T0)
    wb = load_workbook(io.BytesIO(province_xlsx.render_province_xlsx(data, chart=False)))
    ws = wb[t("provxlsx.sheet")]
    header = [c.value for c in ws[4]]
    assert header[:3] == [t("provxlsx.col.rank"), t("provxlsx.col.code"), t("provxlsx.col.team")]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=18)]
    assert [r[0] for r in rows] == list(range(1, 15))
    assert rows[0][1] == "KAB-09" and rows[0][8] == pytest.approx(1.802) and rows[0][9] == "Sangat Tinggi"
    total = [c.value for c in ws[19]]
    assert total[1] == t("provxlsx.total", n=14) and total[3] == 140 and total[8] == pytest.approx(0.8098)


# --- over a database, by hand -------------------------------------------------------------------------------------


def test_the_province_s_curve_weighs_each_regency_by_its_budget(province: tuple[Session, dict[str, int]]) -> None:
    session, ids = province
    curve = province_scurve(session, ids["TPAKD-PROV"], upto="2026-Q1")
    assert [c.code for c in curve.children] == ["KAB-A", "KAB-B", "KAB-C"]
    assert [c.ceiling for c in curve.children] == [300 * JT, 100 * JT, 0]
    assert curve.weighted and curve.unweighted == ["KAB-C"] and curve.without_plan == []
    assert [p.planned for p in curve.points] == [32.5, 75.0, 75.0, 75.0]
    assert [p.actual for p in curve.points] == [31.25, None, None, None]
    view = province_charts.ProvinceKurvaView(curve, Period.from_key("2026-Q1"))
    caption = province_charts.kurva_caption(view)
    assert "Triwulan I 2026: rencana 32,5%, realisasi 31,3%" in caption
    assert "2 kabupaten/kota, masing-masing ditimbang dengan pagunya" in caption
    assert "Tanpa pagu, tidak ikut ditimbang: KAB-C" in caption
    message = province_charts.render_kurva(view)
    assert message.photo is not None and _size(message.photo) == charts.SIZE_PX


def test_views_of_a_parent_and_of_a_child(province: tuple[Session, dict[str, int]]) -> None:
    session, ids = province
    view = province_charts.load_progres(session, ids["TPAKD-PROV"], "", APRIL_6)
    assert isinstance(view, province_charts.ProvinceProgresView)
    rows = view.rollup.rows
    assert [(r.code, r.achievement, r.rating) for r in rows] == [
        ("KAB-B", 100.0, "sangat_tinggi"),
        ("KAB-A", 75.0, "sedang"),
        ("KAB-C", 0.0, "sangat_rendah"),
    ]
    assert view.rollup.average == 58.33 and view.rollup.average_rating == "rendah"
    message = province_charts.render_progres(view)
    assert message.photo is not None and "58,33% (Rendah)" in (message.text or "")
    child = province_charts.load_progres(session, ids["KAB-A"], "", APRIL_6)
    assert isinstance(child, views.ProgresView)  # a regency keeps its own chart
    assert isinstance(province_charts.load_kurva(session, ids["KAB-A"], "", APRIL_6), views.KurvaView)


def test_the_parent_digest_is_the_roll_up(province: tuple[Session, dict[str, int]]) -> None:
    session, ids = province
    data = digest.collect_digest(session, ids["TPAKD-PROV"], APRIL_6)
    assert data.province is not None and data.period.key == "2026-Q1"
    assert [(lg.code, lg.missing) for lg in data.laggards] == [("KAB-C", 1)]
    assert data.new_reports == 3  # the week before 6 April: the three Q1 reports of 2 April
    message = digest.render_digest(data)
    caption = message.text or ""
    assert "3 kabupaten/kota" in caption and "KAB-C (1/1)" in caption and len(caption) <= 1024
    assert message.photo is not None and _size(message.photo) == charts.SIZE_PX


def test_the_parent_workbook_holds_each_regencys_own_sheet(province: tuple[Session, dict[str, int]]) -> None:
    session, ids = province
    data = province_xlsx.load_ekspor(session, ids["TPAKD-PROV"], "TW1", APRIL_6)
    assert isinstance(data, province_xlsx.ProvinceRecapData)
    message = province_xlsx.render_ekspor(data)
    assert message.filename == "rekap-TPAKD-PROV-2026-Q1.xlsx" and message.document is not None
    wb = load_workbook(io.BytesIO(message.document))
    assert wb.sheetnames == [t("provxlsx.sheet"), "KAB-B", "KAB-A", "KAB-C"]
    ws = wb[t("provxlsx.sheet")]
    assert [ws.cell(row=r, column=2).value for r in (5, 6, 7)] == ["KAB-B", "KAB-A", "KAB-C"]
    assert [ws.cell(row=r, column=9).value for r in (5, 6, 7)] == [1.0, 0.75, 0.0]
    assert ws.cell(row=8, column=9).value == pytest.approx(0.5833)
    assert ws.cell(row=6, column=11).value == 300 * JT and ws.cell(row=6, column=12).value == 30 * JT
    a = wb["KAB-A"]
    assert a.cell(row=1, column=4).value == t("progress.xlsx.col.activity")
    assert {a.cell(row=r, column=4).value for r in (2, 3)} == {"Kegiatan A1", "Kegiatan A2"}
    child = province_xlsx.load_ekspor(session, ids["KAB-A"], "", APRIL_6)
    assert not isinstance(child, province_xlsx.ProvinceRecapData)
