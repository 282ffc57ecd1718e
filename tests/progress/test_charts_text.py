"""The charts' text renderer (one bitmap per string, cached) draws what matplotlib's own Agg renderer draws: the same
layout, the same ink, each string at most a pixel away; cached strings, reused renderers and other threads give
the same pictures."""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from domain.periods import Period
from domain.rating import predikat
from pantau import charts

# (x, y, text, keywords): the kinds of strings the charts draw
TEXTS: list[tuple[float, float, str, dict[str, object]]] = [
    (0.05, 0.95, "Capaian Kinerja per OPD", {"fontsize": 17, "fontweight": "bold", "va": "top"}),
    (0.05, 0.90, "Tim Percepatan Uji – Triwulan II 2026  (1/3)", {"fontsize": 11.5, "color": "#666666", "va": "top"}),
    (0.38, 0.80, "Dis. Kominfo & Statistik Kab. Deli…", {"fontsize": 11, "ha": "right", "va": "center"}),
    (0.42, 0.80, "157,25% »", {"fontsize": 11, "va": "center"}),
    (0.42, 0.74, "98,5%", {"fontsize": 11, "va": "center", "bbox": {"facecolor": "white", "edgecolor": "none"}}),
    (0.60, 0.68, "Jan", {"fontsize": 10.5, "ha": "center", "va": "bottom"}),
    (0.60, 0.62, "2/3", {"fontsize": 7.5, "ha": "center", "va": "center", "color": "white"}),
    (0.50, 0.50, "Belum ada laporan", {"fontsize": 26, "ha": "center", "va": "center"}),
    (0.05, 0.30, "Progres fisik (%)", {"fontsize": 11, "rotation": 90, "rotation_mode": "anchor"}),
]


def _draw(canvas: Callable[[Figure], FigureCanvasAgg]) -> tuple[np.ndarray, list[tuple[float, float, float, float]]]:
    with charts.drawing():
        fig = Figure(figsize=(charts.WIDTH_IN, charts.HEIGHT_IN), dpi=charts.DPI, facecolor="#336699")
        canvas(fig)
        texts = [fig.text(x, y, s, **kw) for x, y, s, kw in TEXTS]  # type: ignore[arg-type]
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        extents = [tuple(t.get_window_extent(renderer).bounds) for t in texts]
        pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)  # type: ignore[attr-defined]
    return pixels, extents  # type: ignore[return-value]


def _ink_box(mask: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.nonzero(mask)
    return int(cols.min()), int(rows.min()), int(cols.max()), int(rows.max())


def test_strings_are_laid_out_and_inked_as_matplotlib_does() -> None:
    charts.clear_text_cache()
    stock, stock_extents = _draw(FigureCanvasAgg)
    ours, our_extents = _draw(charts._Canvas)
    assert our_extents == stock_extents  # the same metrics, so the same layout
    background = np.array([0x33, 0x66, 0x99])
    height = stock.shape[0]
    for (x0, y0, w, h), (_x, _y, s, kw) in zip(stock_extents, TEXTS, strict=True):
        # the text's box in image rows (downwards), a few pixels of margin
        box = (
            slice(max(0, int(height - y0 - h) - 4), int(height - y0) + 4),
            slice(max(0, int(x0) - 4), int(x0 + w) + 4),
        )
        a, b = stock[box], ours[box]
        if kw.get("rotation"):  # drawn the stock way
            assert np.array_equal(a, b), s
            continue
        ink_a = np.abs(a - background).sum(axis=2) > 0
        ink_b = np.abs(b - background).sum(axis=2) > 0
        # each string at most one pixel away from where matplotlib puts it (its origin snaps to whole pixels)
        assert all(abs(p - q) <= 1 for p, q in zip(_ink_box(ink_a), _ink_box(ink_b), strict=True)), s
        # and as much ink: the same glyphs, only the sub-pixel phase differs
        coverage_a, coverage_b = np.abs(a - background).sum(), np.abs(b - background).sum()
        assert abs(coverage_a - coverage_b) <= 0.01 * coverage_a, s


def _progress() -> bytes:
    items = [
        charts.ProgressItem(
            f"Dinas Nomor {i} Kabupaten Deli Serdang", f"O{i}", 20.0 + 7.3 * i, predikat(20.0 + 7.3 * i)
        )
        for i in range(20)
    ]
    return charts.render_progress(charts.ProgressChartData("Tim", Period.quarter(2026, 2), items), "id")


def _compliance() -> bytes:
    rows = [
        charts.ComplianceChartRow(f"Organisasi {i}", ["on_time", "late", "exempt", "missing"], ["1/2"] * 4)
        for i in range(9)
    ]
    return charts.render_compliance(
        charts.ComplianceChartData("Tim", [Period.quarter(2026, q) for q in range(1, 5)], rows), "en"
    )


def _rgb(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_cached_strings_and_a_reused_renderer_give_the_same_picture() -> None:
    charts.clear_text_cache()
    cold = _progress()
    assert charts._inks  # the strings were kept
    _compliance()  # another picture on the same renderer in between
    assert np.array_equal(_rgb(_progress()), _rgb(cold))


def test_a_render_in_another_thread_gives_the_same_picture() -> None:
    here = _compliance()
    with ThreadPoolExecutor(1) as pool:
        there = pool.submit(_compliance).result()
    assert np.array_equal(_rgb(there), _rgb(here))


def test_the_string_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    charts.clear_text_cache()
    monkeypatch.setattr(charts, "_TEXT_CACHE_SIZE", 10)
    _progress()  # about 50 strings
    assert len(charts._inks) == 10
