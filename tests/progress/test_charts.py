"""Charts are valid PNGs of the intended size for no data, one organization and 80 organizations; the pictures
keep their colours, stripes and legend layout."""

from __future__ import annotations

import io
import struct

import matplotlib
import pytest
from PIL import Image, ImageColor

from domain.periods import Period
from domain.rating import PREDIKAT_COLOURS, PREDIKAT_KEYS, predikat
from progress import charts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk (the first chunk of every PNG)."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _items(n: int) -> list[charts.ProgressItem]:
    out = []
    for i in range(n):
        value = 20.0 + (i * 37) % 140
        out.append(charts.ProgressItem(f"Dinas Nomor {i} Kabupaten Deli Serdang", f"O{i}", value, predikat(value)))
    return out


@pytest.mark.parametrize("n", [0, 1, 80])
def test_progress_sizes(n: int) -> None:
    data = charts.ProgressChartData("Tim Percepatan Akses Keuangan Daerah", Period.quarter(2026, 2), _items(n))
    assert png_size(charts.render_progress(data, "id")) == charts.SIZE_PX == (1080, 1350)


def test_progress_pages_for_80_organizations() -> None:
    data = charts.ProgressChartData("Tim", Period.month(2026, 3), _items(80))
    pages = charts.render_progress_pages(data, "en", per_page=40)
    assert len(pages) == 2
    assert all(png_size(p) == charts.SIZE_PX for p in pages)


def _compliance(n: int) -> charts.ComplianceChartData:
    states = ["on_time", "late", "missing", "returned", "exempt", "not_due"]
    rows = [
        charts.ComplianceChartRow(f"Organisasi {i}", [states[(i + q) % 6] for q in range(4)], ["1/2"] * 4)
        for i in range(n)
    ]
    return charts.ComplianceChartData("Tim", [Period.quarter(2026, q) for q in range(1, 5)], rows)


@pytest.mark.parametrize("n", [0, 1, 80])
def test_compliance_sizes(n: int) -> None:
    assert png_size(charts.render_compliance(_compliance(n), "id")) == charts.SIZE_PX


def test_scurve_sizes_with_and_without_plan() -> None:
    points = [
        charts.SCurveChartPoint(Period.month(2026, m), min(100.0, m * 9.0), m * 7.0 if m <= 6 else None, m >= 5)
        for m in range(1, 13)
    ]
    assert png_size(charts.render_scurve(charts.SCurveChartData("Tim", 2026, points), "id")) == charts.SIZE_PX
    empty = [charts.SCurveChartPoint(Period.quarter(2026, q), None, None) for q in range(1, 5)]
    assert png_size(charts.render_scurve(charts.SCurveChartData("Tim", 2026, empty), "en")) == charts.SIZE_PX


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Deli Serdang", "Dinas Koperasi dan UKM"),
        ("OJK Kantor Regional 5 Sumatera Bagian Utara", "OJK Kantor Regional 5 Sumbagut"),
        ("Dinas Pendidikan", "Dinas Pendidikan"),
    ],
)
def test_short_names(name: str, short: str) -> None:
    assert charts.short_name(name) == short
    assert len(charts.short_name("Badan " * 20)) <= charts.LABEL_CHARS


def _pixels(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_progress_picture_is_an_opaque_png_with_the_rating_colours() -> None:
    items = [
        charts.ProgressItem(f"Dinas {k}", f"O{n}", value, k)
        for n, (k, value) in enumerate(zip(PREDIKAT_KEYS, (130, 90, 70, 50, 10), strict=True))
    ]
    image = _pixels(charts.render_progress(charts.ProgressChartData("Tim", Period.quarter(2026, 2), items), "id"))
    assert (image.format, image.mode, image.size) == ("PNG", "RGB", charts.SIZE_PX)
    colours = {colour for _count, colour in image.getcolors(maxcolors=1_000_000) or []}
    for key in PREDIKAT_KEYS:  # bars and legend boxes in the rating colours, exactly
        assert ImageColor.getrgb(PREDIKAT_COLOURS[key]) in colours


def test_excused_cells_are_striped_in_white() -> None:
    data = charts.ComplianceChartData(
        "Tim", [Period.quarter(2026, 1)], [charts.ComplianceChartRow("Organisasi", ["exempt"])]
    )
    image = _pixels(charts.render_compliance(data, "id"))
    # the single cell: axes at (0.40, 0.17, 0.56, 0.68) of the figure, 8 slots high, the first slot at the top
    width, height = charts.SIZE_PX
    box = (
        int(0.42 * width),
        int((1 - 0.85) * height) + 10,
        int(0.94 * width),
        int((1 - 0.85 + 0.68 / 8) * height) - 10,
    )
    colours = {colour for _count, colour in image.crop(box).getcolors(maxcolors=1_000_000) or []}
    assert ImageColor.getrgb(charts.STATE_COLOURS["exempt"]) in colours
    assert (255, 255, 255) in colours


def test_legend_labels_sit_in_columns_inside_the_picture() -> None:
    with charts.drawing():
        fig = charts.new_figure()
        keys = [charts._Key(f"Label nomor {n}", patch={"facecolor": "red"}) for n in range(5)]
        charts._legend(fig, keys, y=0.01)
        renderer = charts._renderer(fig)
        boxes = [text.get_window_extent(renderer) for text in fig.texts]
    assert len(boxes) == 5
    assert all(b.x0 > 0 and b.x1 < fig.bbox.width and b.y0 > 0 for b in boxes)
    # like Legend(ncol=3): columns of 2, 2 and 1, filled top to bottom, none overlapping
    assert boxes[0].y0 > boxes[1].y1 and abs(boxes[0].x0 - boxes[1].x0) < 1e-6
    assert boxes[0].x1 < boxes[2].x0 and boxes[2].x1 < boxes[4].x0
    assert abs(boxes[4].y0 - boxes[0].y0) < 1e-6


def test_rendering_leaves_the_global_settings_alone() -> None:
    before = matplotlib.rcParams["text.hinting"]
    charts.render_scurve(charts.SCurveChartData("Tim", 2026, []), "id")
    assert matplotlib.rcParams["text.hinting"] == before
