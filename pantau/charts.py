"""Charts for a phone screen: pure functions from data to PNG bytes (matplotlib ``Figure`` + Agg, never pyplot).

Every picture is 1080 × 1350 px (4:5 portrait, how Telegram shows a photo full width on a phone), in DejaVu Sans
(no emoji), titled with the scope, the team and the period, with its legend in the reader's language. No data gives
a picture that says so ("Belum ada laporan"), never an empty axis. Long organization names are shortened legibly;
more than ``MAX_ROWS`` organizations are shown largest gaps first (the single picture) or split over pages
(``render_*_pages``). Render off the event loop (``asyncio.to_thread``): matplotlib serialises drawing anyway.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from domain.numbers import format_number, format_percent
from domain.periods import Period, month_name
from domain.rating import PREDIKAT_COLOURS, PREDIKAT_KEYS, predikat_label
from pantau.texts import t
from storage import aggregates as agg

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
    """One bar: an organization or a program with its achievement (%) and rating."""

    name: str
    code: str = ""
    achievement: float | None = None
    predikat: str | None = None
    received: int = 0
    expected: int = 0


@dataclass(frozen=True)
class ProgressChartData:
    team_name: str
    period: Period | None
    items: list[ProgressItem]
    scope_name: str | None = None  # None: the whole team


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
        ProgressItem(g.name, g.code, g.achievement, g.predikat, g.received, g.expected)
        for g in groups
        if g.expected or g.achievement is not None
    ]
    scope = summary.scope.name if summary.scope.kind != "team" else None
    return ProgressChartData(summary.team.name, summary.period, items, scope)


def scurve_chart_data(curve: agg.SCurve) -> SCurveChartData:
    points = [SCurveChartPoint(p.period, p.planned, p.actual, p.critical) for p in curve.points]
    scope = curve.scope.name if curve.scope.kind != "team" else None
    return SCurveChartData(curve.team.name, curve.team.year, points, scope)


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


def _figure() -> Figure:
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    # Low zlib effort: 3× faster to encode for a slightly larger file (Telegram re-encodes photos anyway).
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 2})
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


# --- achievement bars ------------------------------------------------------------------------------------------


def _order(items: Sequence[ProgressItem]) -> list[ProgressItem]:
    """Largest gaps first: lowest achievement at the top; unrated ones last."""
    return sorted(items, key=lambda i: (i.achievement is None, i.achievement or 0.0, i.name))


def render_progress(data: ProgressChartData, lang: str = "id") -> bytes:
    """Achievement per organization or program as horizontal bars in the predikat colours with the 100% target
    line; more than ``MAX_ROWS`` items: the lowest ``MAX_ROWS`` and a note of how many are left out."""
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


def _render_progress_page(
    data: ProgressChartData,
    items: list[ProgressItem],
    lang: str,
    *,
    more: int = 0,
    page: tuple[int, int] | None = None,
) -> bytes:
    fig = _figure()
    page_text = t("progress.chart.page", lang, n=page[0], total=page[1]) if page else None
    _titles(
        fig,
        t("progress.chart.progress_title", lang, scope=_scope(data.scope_name, lang)),
        t("progress.chart.subtitle", lang, team=data.team_name, period=_period_label(data.period, lang)),
        page_text,
    )
    if not items or all(i.achievement is None for i in items):
        _no_data(fig, lang)
        return _png(fig)
    ax = fig.add_axes((0.40, 0.16, 0.55, 0.70))
    slots = max(len(items), 8)
    ys = list(range(len(items)))
    values = [min(i.achievement, BAR_CAP) if i.achievement is not None else 0.0 for i in items]
    colours = [PREDIKAT_COLOURS.get(i.predikat or "", NO_RATING) for i in items]
    ax.barh(ys, values, height=0.68, color=colours, edgecolor="none", zorder=2)
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
        near_target = value < 100 <= value + xmax * 0.14  # the label would sit on the target line: mask it
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
    ax.set_yticks([])  # names as plain texts: a Tick per row costs more than the whole bar chart
    for y, item in zip(ys, items, strict=True):
        ax.text(-xmax * 0.015, y, short_name(item.name), ha="right", va="center", fontsize=11, color=INK)
    ax.set_xticks([x for x in (0, 50, 100, 150) if x <= xmax])
    ax.tick_params(axis="x", labelsize=10, colors=MUTED)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0f}%")
    ax.grid(axis="x", color=GRID, linewidth=0.8, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    if more:
        fig.text(0.05, 0.115, t("progress.chart.more", lang, n=more), fontsize=10.5, color=MUTED)
    handles: list[Artist] = [Patch(color=PREDIKAT_COLOURS[k], label=predikat_label(k, lang)) for k in PREDIKAT_KEYS]
    handles.append(Line2D([], [], color=INK, linestyle=(0, (4, 3)), label=t("progress.chart.target", lang)))
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.01),
        ncol=3,
        fontsize=10.5,
        frameon=False,
        handlelength=1.4,
        columnspacing=1.2,
    )
    return _png(fig)


# --- S-curve ---------------------------------------------------------------------------------------------------


def render_scurve(data: SCurveChartData, lang: str = "id") -> bytes:
    """Cumulative planned vs actual physical progress over the year; critical deviations marked in red with the
    gap in points."""
    fig = _figure()
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
        return _png(fig)
    ax = fig.add_axes((0.13, 0.20, 0.82, 0.64))
    xs = list(range(len(data.points)))
    planned = [p.planned if p.planned is not None else float("nan") for p in data.points]
    ax.plot(xs, planned, color="#4A6FA5", linestyle=(0, (5, 3)), linewidth=2.4, marker="o", markersize=6, zorder=3)
    shown = [(x, p) for x, p in zip(xs, data.points, strict=True) if p.actual is not None]
    if shown:
        ax.plot(
            [x for x, _ in shown],
            [p.actual or 0.0 for _, p in shown],
            color="#1B7837",
            linewidth=3,
            marker="o",
            markersize=7,
            zorder=4,
        )
        ax.fill_between(
            [x for x, _ in shown],
            [p.actual or 0.0 for _, p in shown],
            [planned[x] for x, _ in shown],
            color="#C0392B",
            alpha=0.08,
            zorder=1,
        )
        for x, p in shown:
            if p.critical and p.planned is not None and p.actual is not None:
                ax.plot([x], [p.actual], "o", color="#C0392B", markersize=13, zorder=5, markerfacecolor="none", mew=2.5)
                dev = format_number(p.actual - p.planned, lang, max_decimals=1)
                ax.annotate(
                    t("progress.chart.deviation_label", lang, dev=dev),
                    (x, p.actual),
                    xytext=(10, -22),
                    textcoords="offset points",
                    ha="left",
                    fontsize=10,
                    color="#C0392B",
                    fontweight="bold",
                    zorder=6,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85},
                )
        x_last, p_last = shown[-1]
        if p_last.planned is not None and x_last != len(xs) - 1:
            ax.annotate(
                format_percent(p_last.planned, lang),
                (x_last, p_last.planned),
                xytext=(-8, 6),
                textcoords="offset points",
                ha="right",
                fontsize=11,
                color="#4A6FA5",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85},
            )
        ax.annotate(
            format_percent(p_last.actual, lang),
            (x_last, p_last.actual or 0.0),
            xytext=(8, 8),
            textcoords="offset points",
            fontsize=11.5,
            color="#1B7837",
            fontweight="bold",
            zorder=6,
        )
    last_plan = next((x for x in reversed(xs) if planned[x] == planned[x]), None)
    if last_plan is not None:
        ax.annotate(
            format_percent(planned[last_plan], lang),
            (last_plan, planned[last_plan]),
            xytext=(-6, 8),
            textcoords="offset points",
            ha="right",
            fontsize=11,
            color="#4A6FA5",
        )
    ax.set_ylim(0, 108)
    ax.set_xlim(-0.4, len(xs) - 0.6)
    ax.set_xticks(xs)
    ax.set_xticklabels([_tick(p.period, lang) for p in data.points], fontsize=10.5 if len(xs) > 6 else 12)
    ax.yaxis.set_major_formatter(lambda y, _pos: f"{y:.0f}%")
    ax.tick_params(axis="y", labelsize=10.5, colors=MUTED)
    ax.set_ylabel(t("progress.chart.physical_axis", lang), fontsize=11, color=MUTED)
    ax.grid(axis="y", color=GRID, linewidth=0.8, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Line2D(
            [],
            [],
            color="#4A6FA5",
            linestyle=(0, (5, 3)),
            linewidth=2.4,
            marker="o",
            label=t("progress.chart.planned", lang),
        ),
        Line2D([], [], color="#1B7837", linewidth=3, marker="o", label=t("progress.chart.actual", lang)),
        Line2D(
            [],
            [],
            color="#C0392B",
            marker="o",
            linestyle="none",
            markerfacecolor="none",
            mew=2.5,
            markersize=11,
            label=t("progress.chart.critical", lang),
        ),
    ]
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.03), ncol=3, fontsize=11, frameon=False)
    return _png(fig)


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


def _render_compliance_page(
    data: ComplianceChartData,
    rows: list[ComplianceChartRow],
    lang: str,
    *,
    more: int = 0,
    page: tuple[int, int] | None = None,
) -> bytes:
    fig = _figure()
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
        return _png(fig)
    ax = fig.add_axes((0.40, 0.17, 0.56, 0.68))
    slots = max(len(rows), 8)
    ncols = len(data.periods)
    # One collection per kind of cell instead of hundreds of add_patch calls (each recomputes the data limits);
    # hatching is a property of a whole collection, so excused cells get their own.
    plain_cells: list[Rectangle] = []
    hatched_cells: list[Rectangle] = []
    for y, row in enumerate(rows):
        for x, state in enumerate(row.states):
            colour = STATE_COLOURS.get(state, STATE_COLOURS["none"])
            (hatched_cells if state == "exempt" else plain_cells).append(_cell(x, y, colour, state))
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
    ax.add_collection(PatchCollection(plain_cells, match_original=True))
    if hatched_cells:
        ax.add_collection(PatchCollection(hatched_cells, match_original=True, hatch="///"))
    ax.set_xlim(0, ncols)
    ax.set_ylim(slots, 0)
    ax.set_xticks([x + 0.5 for x in range(ncols)])
    ax.set_xticklabels([_tick(p, lang) for p in data.periods], fontsize=10.5 if ncols > 6 else 12)
    ax.xaxis.tick_top()
    ax.set_yticks([])
    for y, row in enumerate(rows):
        ax.text(-0.06, y + 0.5, short_name(row.name), ha="right", va="center", fontsize=11, color=INK)
    ax.tick_params(length=0, pad=5)
    for side in ax.spines.values():
        side.set_visible(False)
    if more:
        fig.text(0.05, 0.125, t("progress.chart.more_rows", lang, n=more), fontsize=10.5, color=MUTED)
    used = [s for s in STATE_ORDER if any(s in r.states for r in rows) and s != "none"]
    handles = [
        Patch(
            facecolor=STATE_COLOURS[s],
            hatch="///" if s == "exempt" else None,
            edgecolor="white",
            label=t(f"progress.chart.state.{s}", lang),
        )
        for s in used
    ]
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.01), ncol=3, fontsize=10.5, frameon=False)
    return _png(fig)


def _cell(x: int, y: int, colour: str, state: str) -> Rectangle:
    return Rectangle(
        (x + 0.04, y + 0.06),
        0.92,
        0.88,
        facecolor=colour,
        edgecolor="white" if state == "exempt" else colour,
        hatch="///" if state == "exempt" else None,
        linewidth=0,
    )
