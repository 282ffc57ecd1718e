"""Charts are valid PNGs of the intended size for no data, one organization and 80 organizations."""

from __future__ import annotations

import struct

import pytest

from domain.periods import Period
from domain.rating import predikat
from pantau import charts

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
