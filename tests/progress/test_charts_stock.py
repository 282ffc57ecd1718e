"""The charts draw with stock matplotlib through its public API only (nothing pins a matplotlib version), and the
same data gives the same picture whatever was drawn before it and in whichever thread it is rendered (the bot
renders off the event loop)."""

from __future__ import annotations

import ast
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from domain.periods import Period
from domain.rating import predikat
from progress import charts


def test_charts_use_only_public_matplotlib() -> None:
    tree = ast.parse(Path(charts.__file__).read_text(encoding="utf-8"))
    mpl_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("matplotlib"):
            assert not any(part.startswith("_") for part in (node.module or "").split(".")), node.module
            for alias in node.names:
                assert not alias.name.startswith("_"), (node.module, alias.name)
                mpl_names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            assert not any(a.name.startswith("matplotlib.") and "._" in a.name for a in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):  # no private attribute of anything (ours are module-level names)
            assert not (node.attr.startswith("_") and not node.attr.startswith("__")), (node.lineno, node.attr)
        if isinstance(node, ast.ClassDef):  # matplotlib's classes are used, never subclassed
            bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
            assert not bases & mpl_names, (node.name, bases)


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


def test_the_same_data_gives_the_same_picture_after_another_one() -> None:
    first = _progress()
    _compliance()  # another picture in between
    assert np.array_equal(_rgb(_progress()), _rgb(first))


def test_a_render_in_another_thread_gives_the_same_picture() -> None:
    here = _compliance()
    with ThreadPoolExecutor(1) as pool:
        there = pool.submit(_compliance).result()
    assert np.array_equal(_rgb(there), _rgb(here))
