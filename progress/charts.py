"""Charts for a phone screen: pure functions from data to PNG bytes (matplotlib ``Figure`` + Agg, never pyplot).

Every picture is 1080 × 1350 px (4:5 portrait, how Telegram shows a photo full width on a phone), in DejaVu Sans
(no emoji), titled with the scope, the team and the period, with its legend in the reader's language. No data gives
a picture that says so ("Belum ada laporan"), never an empty axis. Long organization names are shortened legibly;
more than ``MAX_ROWS`` organizations are shown largest gaps first (the single picture) or split over pages
(``render_*_pages``). Render off the event loop (``asyncio.to_thread``): matplotlib serialises drawing anyway.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import isnan
from typing import Any, ParamSpec, TypeVar

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN, TICKLEFT, MarkerStyle
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation, Transform
from PIL import Image

from domain.numbers import format_number, format_percent
from domain.periods import Period, month_name
from progress.reading import rating_colour, rating_keys, rating_label, rating_of
from storage import aggregates as agg
from texts import t

WIDTH_IN, HEIGHT_IN, DPI = 7.2, 9.0, 150  # 1080 × 1350 px
SIZE_PX = (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))
MAX_ROWS = 20  # bars or compliance rows per picture: about 50 px each, labels at 11 pt stay readable
BAR_CAP = 150.0  # bars longer than this are drawn at the cap, with the true value printed
LABEL_CHARS = 30
FONT = "DejaVu Sans"
INK, MUTED, GRID = "#222222", "#666666", "#DDDDDD"
NO_RATING = "#BDBDBD"
STATE_COLOURS = {
    "on_time": "#1B7837",
    "late": "#F2C14E",
    "returned": "#F08A24",
    "missing": "#C0392B",
    "exempt": "#9E9E9E",
    "not_due": "#D6E4F0",
    "none": "#F4F4F4",
}
STATE_ORDER = ("on_time", "late", "returned", "missing", "not_due", "exempt", "none")


# --- data ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressItem:
    """One bar: an organization or a program with its achievement (%) and rating (``light``: on the traffic-light
    scale); ``turun``: it has an indicator where lower is better (its label is marked "↓")."""

    name: str
    code: str = ""
    achievement: float | None = None
    predikat: str | None = None
    received: int = 0
    expected: int = 0
    light: str | None = None
    turun: bool = False


@dataclass(frozen=True)
class ProgressChartData:
    team_name: str
    period: Period | None
    items: list[ProgressItem]
    scope_name: str | None = None  # None: the whole team
    lights: bool = False  # the team rates by traffic light: bars and legend in its colours


@dataclass(frozen=True)
class SCurveChartPoint:
    period: Period
    planned: float | None
    actual: float | None
    critical: bool = False


@dataclass(frozen=True)
class SCurveChartData:
    team_name: str
    year: int
    points: list[SCurveChartPoint]
    scope_name: str | None = None
    murni: list[float | None] | None = None  # the plan murni's planned curve, per point; None: the plan never changed


@dataclass(frozen=True)
class ComplianceChartRow:
    name: str
    states: list[str]  # one of STATE_COLOURS per period
    labels: list[str] = field(default_factory=list)  # e.g. "2/3" per cell, "" for none


@dataclass(frozen=True)
class ComplianceChartData:
    team_name: str
    periods: list[Period]
    rows: list[ComplianceChartRow]  # largest gaps first
    scope_name: str | None = None


# --- from the aggregates ----------------------------------------------------------------------------------------


def progress_chart_data(summary: agg.PeriodSummary, by: str = "organization") -> ProgressChartData:
    """The bars of a period summary: per organization (default) or per program."""
    groups = summary.by_program if by == "program" else summary.by_organization
    items = [
        ProgressItem(g.name, g.code, g.achievement, g.predikat, g.received, g.expected, g.light, g.turun > 0)
        for g in groups
        if g.expected or g.achievement is not None
    ]
    scope = summary.scope.name if summary.scope.kind != "team" else None
    return ProgressChartData(summary.team.name, summary.period, items, scope, summary.team.lights)


def scurve_chart_data(curve: agg.SCurve, murni: list[float | None] | None = None) -> SCurveChartData:
    """The curve's points; ``murni``: the plan murni's planned curve (``agg.murni_scurve``) when a version changed
    the plan, drawn faint beside the plan in force."""
    points = [SCurveChartPoint(p.period, p.planned, p.actual, p.critical) for p in curve.points]
    scope = curve.scope.name if curve.scope.kind != "team" else None
    return SCurveChartData(curve.team.name, curve.team.year, points, scope, murni)


def compliance_chart_data(matrix: agg.Compliance) -> ComplianceChartData:
    rows = []
    for row in matrix.rows:
        states = [c.state for c in row.cells]
        shown = ("on_time", "late", "missing", "returned")
        labels = [f"{c.received}/{c.expected}" if c.state in shown else "" for c in row.cells]
        rows.append(ComplianceChartRow(row.name, states, labels))
    return ComplianceChartData(matrix.team.name, matrix.periods, rows)


# --- shared ------------------------------------------------------------------------------------------------------

_ABBREVIATIONS = (  # most specific first; each applied only while the name is still too long
    (r"\bKoperasi,? Usaha Kecil,? dan Menengah\b", "Koperasi dan UKM"),
    (r"\bUsaha Kecil,? dan Menengah\b", "UKM"),
    (r"\bKomunikasi dan Informatika\b", "Kominfo"),
    (r"\bPemberdayaan Masyarakat dan Desa\b", "PMD"),
    (r"\bPerindustrian dan Perdagangan\b", "Perindag"),
    (r"\bPerencanaan Pembangunan Daerah\b", "Perencanaan Pemb."),
    (r"\bSumatera Bagian Utara\b", "Sumbagut"),
    (r"\bSekretariat Daerah\b", "Setda"),
    (r"\bKantor Cabang\b", "KC"),
    (r"\bKantor Regional\b", "KR"),
    (r"\bKabupaten\b", "Kab."),
    (r"\bCabang\b", "Cab."),
    (r"\bPembangunan\b", "Pemb."),
    (r"\bPerekonomian\b", "Perekon."),
    (r"\bPendidikan\b", "Pend."),
    (r"\bKesehatan\b", "Kes."),
    (r" dan ", " & "),
    (r"\bBagian\b", "Bag."),
    (r"\bBadan\b", "Bd."),
    (r"\bDinas\b", "Dis."),
)
_REGION_SUFFIX = re.compile(r"\s+(?:Setdakab|Setdako|Kabupaten|Kab\.|Kota|Provinsi)\s+[A-Z][\w .'-]*$")


def short_name(name: str, width: int = LABEL_CHARS) -> str:
    """Shorten an organization or program name for a chart label: drop the region suffix ("… Kabupaten Deli
    Serdang"), then abbreviate the usual words (Dinas → Dis., dan → &) one at a time until it fits, and cut at
    a word boundary with "…" as a last resort."""
    text = " ".join(name.split())
    if len(text) <= width:
        return text
    stripped = _REGION_SUFFIX.sub("", text)
    if stripped:
        text = stripped
    for pattern, short in _ABBREVIATIONS:
        if len(text) <= width:
            return text
        text = re.sub(pattern, short, text)
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(" ,.&-") + "…"


# Unhinted glyphs: with hinting, FreeType runs its hinter on every glyph of every label each time matplotlib
# measures or draws it (about 40 % of a chart's text time); at 150 dpi the letters look the same.
_DRAWING = threading.RLock()
_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def drawing() -> Iterator[None]:
    """The settings every chart is built and drawn with (the bench's floor uses them too). rcParams are global,
    so one picture at a time in this process; matplotlib serialises drawing anyway."""
    with _DRAWING, rc_context({"text.hinting": "no_hinting"}):
        yield


def _drawn(render: Callable[_P, _R]) -> Callable[_P, _R]:
    @functools.wraps(render)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with drawing():
            return render(*args, **kwargs)

    return wrapper


def new_figure() -> Figure:
    """An empty 1080 × 1350 px white figure on an Agg canvas."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure) -> bytes:
    """Draw the figure and encode it as an RGB PNG. The picture is opaque, so the alpha channel that ``savefig``
    would write is left out (a quarter less to filter and compress); low zlib effort, as Telegram re-encodes
    photos anyway."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    rgba.convert("RGB").save(buf, format="png", compress_level=2)
    return buf.getvalue()


def _titles(fig: Figure, title: str, subtitle: str, page: str | None = None) -> None:
    wrapped = textwrap.fill(title, 40)
    fig.text(0.05, 0.975, wrapped, ha="left", va="top", fontsize=17, fontweight="bold", color=INK, family=FONT)
    lines = wrapped.count("\n") + 1
    sub = textwrap.fill(subtitle, 58) + (f"  ({page})" if page else "")
    fig.text(0.05, 0.975 - 0.033 * lines, sub, ha="left", va="top", fontsize=11.5, color=MUTED, family=FONT)


def _scope(scope_name: str | None, lang: str) -> str:
    return scope_name or t("progress.whole_team", lang)


def _no_data(fig: Figure, lang: str, hint_key: str = "progress.chart.no_data_hint") -> None:
    fig.text(0.5, 0.52, t("progress.chart.no_data", lang), ha="center", va="center", fontsize=26, color=MUTED)
    fig.text(0.5, 0.45, textwrap.fill(t(hint_key, lang), 40), ha="center", va="center", fontsize=13, color=MUTED)


def _pages(n: int, per_page: int) -> list[range]:
    return [range(i, min(i + per_page, n)) for i in range(0, n, per_page)] or [range(0)]


def _period_label(period: Period | None, lang: str) -> str:
    return period.label(lang) if period is not None else ""


def _tick(period: Period, lang: str) -> str:
    if period.kind == "month":
        return month_name(period.index, lang, short=True)
    return period.short_label(lang)


# Axes furniture drawn as a few plain artists. matplotlib's Axis makes a Tick (two lines, two texts, a grid line)
# per tick and measures every label on each draw, and Legend packs offset boxes that measure each label several
# times: together about half of a chart's drawing time. The pictures look the same.

TICK_PT, PAD_PT = 3.5, 3.5  # matplotlib's default tick length and label pad


def _renderer(fig: Figure) -> RendererBase:
    """The figure's Agg renderer; ``canvas.draw`` draws with this same one, so text sizes measured on it are cached
    for the draw."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    return canvas.get_renderer()


def _shift(fig: Figure, dx_pt: float, dy_pt: float) -> Transform:
    return ScaledTranslation(dx_pt / 72, dy_pt / 72, fig.dpi_scale_trans)


def _x_labels(
    ax: Axes,
    xs: Sequence[float],
    labels: Sequence[str],
    *,
    fontsize: float,
    colour: str = INK,
    marks: str | None = None,
    top: bool = False,
    pad: float = PAD_PT,
) -> None:
    """Labels under (or over) the axes at data ``xs``; tick marks in colour ``marks`` if given."""
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    away = pad + (TICK_PT if marks else 0.0)
    trans = ax.get_xaxis_transform() + _shift(fig, 0, away if top else -away)
    for x, label in zip(xs, labels, strict=True):
        ax.text(
            x,
            1.0 if top else 0.0,
            label,
            transform=trans,
            ha="center",
            va="bottom" if top else "top",
            fontsize=fontsize,
            color=colour,
        )
    if marks:
        ax.add_artist(
            Line2D(
                xs,
                [0.0] * len(xs),
                transform=ax.get_xaxis_transform(),
                linestyle="none",
                marker=MarkerStyle(TICKDOWN),
                markersize=TICK_PT,
                markeredgewidth=0.8,
                color=marks,
                clip_on=False,
            )
        )


def _y_labels(
    ax: Axes, ys: Sequence[float], labels: Sequence[str], *, fontsize: float, colour: str, marks: str
) -> list[Text]:
    """Labels left of the axes at data ``ys``, with tick marks."""
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    trans = ax.get_yaxis_transform() + _shift(fig, -(PAD_PT + TICK_PT), 0)
    texts = [
        ax.text(0.0, y, label, transform=trans, ha="right", va="center", fontsize=fontsize, color=colour)
        for y, label in zip(ys, labels, strict=True)
    ]
    ax.add_artist(
        Line2D(
            [0.0] * len(ys),
            ys,
            transform=ax.get_yaxis_transform(),
            linestyle="none",
            marker=MarkerStyle(TICKLEFT),
            markersize=TICK_PT,
            markeredgewidth=0.8,
            color=marks,
            clip_on=False,
        )
    )
    return texts


def _grid(ax: Axes, at: Sequence[float], *, vertical: bool) -> None:
    """Grid lines across the axes at data positions ``at`` (one collection)."""
    if vertical:
        segments = [((v, 0.0), (v, 1.0)) for v in at]
        trans = ax.get_xaxis_transform()
    else:
        segments = [((0.0, v), (1.0, v)) for v in at]
        trans = ax.get_yaxis_transform()
    ax.add_collection(LineCollection(segments, colors=GRID, linewidths=0.8, zorder=0, transform=trans), autolim=False)


def _spines(ax: Axes, points: Sequence[tuple[float, float]], colour: str) -> None:
    """The axes edges as one line through ``points`` in axes coordinates."""
    xs, ys = zip(*points, strict=True)
    ax.add_artist(
        Line2D(
            xs,
            ys,
            transform=ax.transAxes,
            color=colour,
            linewidth=0.8,
            clip_on=False,
            zorder=2.5,
            solid_capstyle="projecting",
        )
    )


@dataclass(frozen=True)
class _Key:
    """One legend entry: a filled box (``patch``: Rectangle keywords) or a line sample (``line``: Line2D keywords,
    drawn with one marker in the middle)."""

    label: str
    patch: dict[str, Any] | None = None
    line: dict[str, Any] | None = None


def _legend(
    fig: Figure,
    keys: Sequence[_Key],
    *,
    y: float,
    ncol: int = 3,
    fontsize: float = 10.5,
    handlelength: float = 2.0,
    columnspacing: float = 2.0,
) -> None:
    """A frameless legend centred at the bottom, its lower edge at figure fraction ``y``, laid out like
    ``fig.legend(loc="lower center", ncol=ncol)``: columns filled top to bottom, the first ones one longer."""
    if not keys:
        return
    renderer = _renderer(fig)
    width, height = fig.bbox.width, fig.bbox.height
    em = fontsize * fig.dpi / 72
    n, cols = len(keys), min(ncol, len(keys))
    per, extra = divmod(n, cols)
    columns: list[list[tuple[_Key, Text]]] = []
    start = 0
    for c in range(cols):
        size = per + (1 if c < extra else 0)
        columns.append(
            [
                (k, fig.text(0, 0, k.label, fontsize=fontsize, color="black", va="center"))
                for k in keys[start : start + size]
            ]
        )
        start += size
    text_h = max(t.get_window_extent(renderer).height for col in columns for _, t in col)
    widths = [max(t.get_window_extent(renderer).width for _, t in col) for col in columns]
    handle_w, text_pad, row_gap = handlelength * em, 0.8 * em, 0.5 * em
    col_w = [handle_w + text_pad + w for w in widths]
    total = sum(col_w) + columnspacing * em * (cols - 1)
    rows = len(columns[0])
    top = y * height + 0.9 * em + rows * text_h + (rows - 1) * row_gap  # Legend's border and axes pads: 0.4 + 0.5 em
    x = (width - total) / 2
    for col, w in zip(columns, col_w, strict=True):
        for r, (key, text) in enumerate(col):
            cy = top - r * (text_h + row_gap) - text_h / 2
            text.set_position(((x + handle_w + text_pad) / width, cy / height))
            if key.patch is not None:
                box = Rectangle(
                    (x / width, (cy - 0.35 * em) / height),
                    handle_w / width,
                    0.7 * em / height,
                    transform=fig.transFigure,
                    **key.patch,
                )
                fig.add_artist(box)
            if key.line is not None:
                xs = [x / width, (x + handle_w / 2) / width, (x + handle_w) / width]
                sample = Line2D(xs, [cy / height] * 3, transform=fig.transFigure, markevery=[1], **key.line)
                fig.add_artist(sample)
        x += w + columnspacing * em


# --- achievement bars ------------------------------------------------------------------------------------------


def _order(items: Sequence[ProgressItem]) -> list[ProgressItem]:
    """Largest gaps first: lowest achievement at the top; unrated ones last."""
    return sorted(items, key=lambda i: (i.achievement is None, i.achievement or 0.0, i.name))


def render_progress(data: ProgressChartData, lang: str = "id") -> bytes:
    """Achievement per organization or program as horizontal bars in the colours of the team's rating scale
    (predikat or traffic light) with the 100% target line, a group with a falling indicator marked "↓"; more than
    ``MAX_ROWS`` items: the lowest ``MAX_ROWS`` and a note of how many are left out."""
    items = _order(data.items)
    more = max(0, len(items) - MAX_ROWS)
    return _render_progress_page(data, items[:MAX_ROWS], lang, more=more)


def render_progress_pages(data: ProgressChartData, lang: str = "id", per_page: int = MAX_ROWS) -> list[bytes]:
    """All items over as many pictures as needed, ``per_page`` bars each, lowest achievement first."""
    items = _order(data.items)
    pages = _pages(len(items), per_page)
    return [
        _render_progress_page(data, [items[i] for i in rng], lang, page=(n, len(pages)) if len(pages) > 1 else None)
        for n, rng in enumerate(pages, start=1)
    ]


@_drawn
def _render_progress_page(
    data: ProgressChartData,
    items: list[ProgressItem],
    lang: str,
    *,
    more: int = 0,
    page: tuple[int, int] | None = None,
) -> bytes:
    fig = new_figure()
    page_text = t("progress.chart.page", lang, n=page[0], total=page[1]) if page else None
    _titles(
        fig,
        t("progress.chart.progress_title", lang, scope=_scope(data.scope_name, lang)),
        t("progress.chart.subtitle", lang, team=data.team_name, period=_period_label(data.period, lang)),
        page_text,
    )
    if not items or all(i.achievement is None for i in items):
        _no_data(fig, lang)
        return png_bytes(fig)
    ax = fig.add_axes((0.40, 0.16, 0.55, 0.70))
    ax.set_axis_off()  # furniture drawn by hand below
    slots = max(len(items), 8)
    ys = list(range(len(items)))
    values = [min(i.achievement, BAR_CAP) if i.achievement is not None else 0.0 for i in items]
    ratings = [rating_of(i.predikat, i.light, data.lights) for i in items]
    colours = [rating_colour(key) if key else NO_RATING for key in ratings]
    half = 0.34  # bar height 0.68
    bars = [((0.0, y - half), (v, y - half), (v, y + half), (0.0, y + half)) for y, v in zip(ys, values, strict=True)]
    ax.add_collection(PolyCollection(bars, facecolors=colours, edgecolors="none", zorder=2), autolim=False)
    top = max([*values, 100.0])
    xmax = max(120.0, top * 1.28)
    ax.set_xlim(0, xmax)
    ax.set_ylim(slots - 0.5, -0.6)
    ax.axvline(100, color=INK, linestyle=(0, (4, 3)), linewidth=1.3, zorder=3)
    ax.text(100, -0.62, t("progress.chart.target", lang), ha="center", va="bottom", fontsize=10, color=INK)
    for y, item, value in zip(ys, items, values, strict=True):
        label = format_percent(item.achievement, lang, 2) if item.achievement is not None else "–"
        if item.achievement is not None and item.achievement > BAR_CAP:
            label += " »"
        # the label would sit on the target line: mask it (a digit or sign of 11 pt is about 3 % of the axis wide)
        near_target = value < 100 <= value + xmax * (0.012 + 0.03 * len(label))
        ax.text(
            value + xmax * 0.012,
            y,
            label,
            va="center",
            ha="left",
            fontsize=11,
            color=INK,
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5} if near_target else None,
        )
    for y, item in zip(ys, items, strict=True):
        name = short_name(item.name, LABEL_CHARS - 2) + " ↓" if item.turun else short_name(item.name)
        ax.text(-xmax * 0.015, y, name, ha="right", va="center", fontsize=11, color=INK)
    ticks = [x for x in (0, 50, 100, 150) if x <= xmax]
    _grid(ax, ticks, vertical=True)
    _spines(ax, [(0.0, 0.0), (1.0, 0.0)], GRID)
    _x_labels(ax, ticks, [f"{x}%" for x in ticks], fontsize=10, colour=MUTED, marks=MUTED)
    if more:
        fig.text(0.05, 0.115, t("progress.chart.more", lang, n=more), fontsize=10.5, color=MUTED)
    keys = [_Key(rating_label(k, lang), patch={"facecolor": rating_colour(k)}) for k in rating_keys(data.lights)]
    keys.append(_Key(t("progress.chart.target", lang), line={"color": INK, "linestyle": (0, (4, 3))}))
    if any(i.turun for i in items):
        keys.append(_Key(t("progress.turun_mark", lang)))
    _legend(fig, keys, y=0.01, handlelength=1.4, columnspacing=1.2)
    return png_bytes(fig)


# --- S-curve ---------------------------------------------------------------------------------------------------

# The plan murni's line: the plan's colour, thin, short dashes, faint (it is history, the plan in force counts).
MURNI_LINE: dict[str, Any] = {
    "color": "#4A6FA5",
    "alpha": 0.45,
    "linestyle": (0, (2, 2)),
    "linewidth": 1.6,
    "marker": "o",
    "markersize": 4,
}


@_drawn
def render_scurve(data: SCurveChartData, lang: str = "id") -> bytes:
    """Cumulative planned vs actual physical progress over the year; critical deviations marked in red with the
    gap in points."""
    fig = new_figure()
    last_actual = next((p for p in reversed(data.points) if p.actual is not None), None)
    _titles(
        fig,
        t("progress.chart.scurve_title", lang, scope=_scope(data.scope_name, lang)),
        t(
            "progress.chart.subtitle",
            lang,
            team=data.team_name,
            period=last_actual.period.label(lang) if last_actual else str(data.year),
        ),
    )
    if not data.points or all(p.planned is None for p in data.points):
        _no_data(fig, lang, "progress.chart.no_plan_hint")
        return png_bytes(fig)
    ax = fig.add_axes((0.13, 0.20, 0.82, 0.64))
    ax.set_axis_off()  # furniture drawn by hand below
    xs = list(range(len(data.points)))
    planned = [p.planned if p.planned is not None else float("nan") for p in data.points]
    murni = data.murni if data.murni is not None and len(data.murni) == len(xs) else None
    if murni is not None:  # the plan murni, faint under the plan in force: where they part, the plan was changed
        ax.add_line(Line2D(xs, [v if v is not None else float("nan") for v in murni], zorder=2, **MURNI_LINE))
    ax.add_line(
        Line2D(xs, planned, color="#4A6FA5", linestyle=(0, (5, 3)), linewidth=2.4, marker="o", markersize=6, zorder=3)
    )
    shown = [(x, p) for x, p in zip(xs, data.points, strict=True) if p.actual is not None]
    if shown:
        shown_x = [x for x, _ in shown]
        shown_actual = [p.actual or 0.0 for _, p in shown]
        ax.add_line(Line2D(shown_x, shown_actual, color="#1B7837", linewidth=3, marker="o", markersize=7, zorder=4))
        ax.fill_between(shown_x, shown_actual, [planned[x] for x in shown_x], color="#C0392B", alpha=0.08, zorder=1)
        critical = [
            (x, p.actual, p.planned) for x, p in shown if p.critical and p.planned is not None and p.actual is not None
        ]
        if critical:
            ax.add_line(
                Line2D(
                    [x for x, _, _ in critical],
                    [a for _, a, _ in critical],
                    linestyle="none",
                    marker="o",
                    color="#C0392B",
                    markersize=13,
                    markerfacecolor="none",
                    mew=2.5,
                    zorder=5,
                )
            )
        for x, actual, plan in critical:
            ax.text(
                x,
                actual,
                t("progress.chart.deviation_label", lang, dev=format_number(actual - plan, lang, max_decimals=1)),
                transform=ax.transData + _shift(fig, 10, -22),
                ha="left",
                fontsize=10,
                color="#C0392B",
                fontweight="bold",
                zorder=6,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85},
            )
        x_last, p_last = shown[-1]
        if p_last.planned is not None and x_last != len(xs) - 1:
            ax.text(
                x_last,
                p_last.planned,
                format_percent(p_last.planned, lang),
                transform=ax.transData + _shift(fig, -8, 6),
                ha="right",
                fontsize=11,
                color="#4A6FA5",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85},
            )
        ax.text(
            x_last,
            p_last.actual or 0.0,
            format_percent(p_last.actual, lang),
            transform=ax.transData + _shift(fig, 8, 8),
            fontsize=11.5,
            color="#1B7837",
            fontweight="bold",
            zorder=6,
        )
    last_plan = next((x for x in reversed(xs) if not isnan(planned[x])), None)
    if last_plan is not None:
        ax.text(
            last_plan,
            planned[last_plan],
            format_percent(planned[last_plan], lang),
            transform=ax.transData + _shift(fig, -6, 8),
            ha="right",
            fontsize=11,
            color="#4A6FA5",
            zorder=6,
            # over the faint murni line, which may pass under it
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85} if murni is not None else None,
        )
    ax.set_ylim(0, 108)
    ax.set_xlim(-0.4, len(xs) - 0.6)
    levels = list(range(0, 101, 20))
    _grid(ax, levels, vertical=False)
    _spines(ax, [(0.0, 1.0), (0.0, 0.0), (1.0, 0.0)], "black")
    _x_labels(ax, xs, [_tick(p.period, lang) for p in data.points], fontsize=10.5 if len(xs) > 6 else 12, marks="black")
    y_texts = _y_labels(ax, levels, [f"{v}%" for v in levels], fontsize=10.5, colour=MUTED, marks=MUTED)
    # The axis title left of the widest tick label, 4 pt apart, as Axis places it.
    label_w = max(tx.get_window_extent(_renderer(fig)).width for tx in y_texts) * 72 / fig.dpi
    ax.text(
        0.0,
        0.5,
        t("progress.chart.physical_axis", lang),
        transform=ax.transAxes + _shift(fig, -(TICK_PT + PAD_PT + label_w + 4.0), 0),
        rotation=90,
        rotation_mode="anchor",
        ha="center",
        va="bottom",
        fontsize=11,
        color=MUTED,
    )
    line_keys = [
        _Key(
            t("progress.chart.planned_in_force" if murni is not None else "progress.chart.planned", lang),
            line={"color": "#4A6FA5", "linestyle": (0, (5, 3)), "linewidth": 2.4, "marker": "o"},
        ),
        *([_Key(t("progress.chart.planned_murni", lang), line=MURNI_LINE)] if murni is not None else []),
        _Key(t("progress.chart.actual", lang), line={"color": "#1B7837", "linewidth": 3, "marker": "o"}),
        _Key(
            t("progress.chart.critical", lang),
            line={
                "color": "#C0392B",
                "marker": "o",
                "linestyle": "none",
                "markerfacecolor": "none",
                "mew": 2.5,
                "markersize": 11,
            },
        ),
    ]
    _legend(fig, line_keys, y=0.03, fontsize=11)
    return png_bytes(fig)


# --- compliance ------------------------------------------------------------------------------------------------


def render_compliance(data: ComplianceChartData, lang: str = "id") -> bytes:
    """Organizations × periods coloured by reporting state (on time, late, returned, missing, not yet due,
    exempt); more than ``MAX_ROWS`` organizations: the largest gaps first and a note of how many are left out."""
    more = max(0, len(data.rows) - MAX_ROWS)
    return _render_compliance_page(data, data.rows[:MAX_ROWS], lang, more=more)


def render_compliance_pages(data: ComplianceChartData, lang: str = "id", per_page: int = MAX_ROWS) -> list[bytes]:
    """Every organization, ``per_page`` rows per picture."""
    pages = _pages(len(data.rows), per_page)
    return [
        _render_compliance_page(
            data, [data.rows[i] for i in rng], lang, page=(n, len(pages)) if len(pages) > 1 else None
        )
        for n, rng in enumerate(pages, start=1)
    ]


@_drawn
def _render_compliance_page(
    data: ComplianceChartData,
    rows: list[ComplianceChartRow],
    lang: str,
    *,
    more: int = 0,
    page: tuple[int, int] | None = None,
) -> bytes:
    fig = new_figure()
    span = ""
    if data.periods:
        first, last = data.periods[0], data.periods[-1]
        span = first.label(lang) if first == last else f"{first.label(lang)} – {last.label(lang)}"
    _titles(
        fig,
        t("progress.chart.compliance_title", lang, scope=_scope(data.scope_name, lang)),
        t("progress.chart.subtitle", lang, team=data.team_name, period=span),
        t("progress.chart.page", lang, n=page[0], total=page[1]) if page else None,
    )
    if not rows or not data.periods or all(s == "none" for r in rows for s in r.states):
        _no_data(fig, lang)
        return png_bytes(fig)
    ax = fig.add_axes((0.40, 0.17, 0.56, 0.68))
    ax.set_axis_off()  # furniture drawn by hand below
    slots = max(len(rows), 8)
    ncols = len(data.periods)
    # All cells as one polygon collection instead of a Rectangle each; excused cells get white "///" stripes as
    # one line collection (Agg's hatching of the same cells costs about 0.35 ms per cell).
    cells: list[tuple[tuple[float, float], ...]] = []
    colours: list[str] = []
    excused: list[tuple[int, int]] = []
    for y, row in enumerate(rows):
        for x, state in enumerate(row.states):
            cells.append(((x + 0.04, y + 0.06), (x + 0.96, y + 0.06), (x + 0.96, y + 0.94), (x + 0.04, y + 0.94)))
            colours.append(STATE_COLOURS.get(state, STATE_COLOURS["none"]))
            if state == "exempt":
                excused.append((x, y))
            label = row.labels[x] if x < len(row.labels) else ""
            if label and ncols <= 12:
                dark = state in ("on_time", "missing", "exempt")
                ax.text(
                    x + 0.5,
                    y + 0.5,
                    label,
                    ha="center",
                    va="center",
                    fontsize=10 if ncols <= 6 else 7.5,
                    color="white" if dark else INK,
                )
    ax.add_collection(PolyCollection(cells, facecolors=colours, linewidths=0), autolim=False)
    ax.set_xlim(0, ncols)
    ax.set_ylim(slots, 0)
    if excused:
        _stripes(ax, [((x + 0.04, y + 0.94), (x + 0.96, y + 0.06)) for x, y in excused])
    _x_labels(
        ax,
        [x + 0.5 for x in range(ncols)],
        [_tick(p, lang) for p in data.periods],
        fontsize=10.5 if ncols > 6 else 12,
        top=True,
        pad=5,
    )
    for y, row in enumerate(rows):
        ax.text(-0.06, y + 0.5, short_name(row.name), ha="right", va="center", fontsize=11, color=INK)
    if more:
        fig.text(0.05, 0.125, t("progress.chart.more_rows", lang, n=more), fontsize=10.5, color=MUTED)
    used = [s for s in STATE_ORDER if any(s in r.states for r in rows) and s != "none"]
    keys = [
        _Key(
            t(f"progress.chart.state.{s}", lang),
            patch={"facecolor": STATE_COLOURS[s], "edgecolor": "white", "hatch": "///" if s == "exempt" else None},
        )
        for s in used
    ]
    _legend(fig, keys, y=0.01)
    return png_bytes(fig)


def _stripes(ax: Axes, boxes: Sequence[tuple[tuple[float, float], tuple[float, float]]]) -> None:
    """White rising diagonals across each box (data corners), spaced and weighted like matplotlib's "///" hatch
    (9 lines per inch, 1 pt), aligned on one grid over the figure as a hatch pattern is."""
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    step = fig.dpi / 9
    to_px = ax.transData
    segments: list[list[tuple[float, float]]] = []
    for corner_a, corner_b in boxes:
        (xa, ya), (xb, yb) = to_px.transform([corner_a, corner_b])
        x0, x1, y0, y1 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
        k = int((y0 - x1) // step)
        while k * step < y1 - x0:
            c = k * step  # the line y = x + c, in pixels
            start, end = max(x0, y0 - c), min(x1, y1 - c)
            if start < end:
                segments.append([(start, start + c), (end, end + c)])
            k += 1
    if segments:
        back = to_px.inverted()
        ax.add_collection(
            LineCollection([back.transform(seg) for seg in segments], colors="white", linewidths=1.0, zorder=1.5),
            autolim=False,
        )
