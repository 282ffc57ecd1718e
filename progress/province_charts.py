"""A parent team's (a province's) /progres and /kurva: one bar per child team (regency), and the province's S-curve.

    view = await db.run(load_progres, team_id, text, now)    # a parent: ProvinceProgresView; else views.ProgresView
    msg = await asyncio.to_thread(render_progres, view, lang)

:func:`load_progres`, :func:`load_kurva` and their ``render_*`` take any team: a team with child teams gets the
roll-up over them (when the argument is blank or a period); any other team, or an argument naming the parent's own
program or organization, gets ``progress.views``' team screens unchanged.

The bars: each child's average achievement of the period (``storage.aggregates.period_summary`` of the child, its
own cap and means), **rated on the parent's scale and thresholds** (one legend for the province, whatever each
regency set for itself), ranked best first with the rank in the label, the 100% target line and the province
average (the plain mean of the rated regencies' averages: each regency counts once) as a second line. 1080 × 1350
px like every chart; 14 regencies with long names stay at 11 pt ("Tim Percepatan … Kabupaten Kotawaringin Timur"
→ "Kab. Kotawaringin Timur": the words every sibling's name starts with are dropped, then ``charts.short_name``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from matplotlib.collections import PolyCollection
from sqlmodel import Session, col, select

from domain.indicators import traffic_light
from domain.numbers import format_number, format_percent
from domain.periods import Period
from domain.rating import Thresholds, pct_decimal, rate_pct
from progress import charts, views
from progress.charts import INK, MUTED, NO_RATING, _drawn, _grid, _Key, _legend, _spines, _titles, _x_labels
from progress.reading import rating_colour, rating_keys, rating_label
from storage import aggregates as agg
from storage.aggregates.province_curve import ProvinceSCurve, province_scurve
from storage.aggregates.summary import ReportingRates
from storage.models import Team
from texts import t
from texts.markup import CAPTION_LIMIT
from texts.outgoing import OutgoingMessage

MAX_BARS = 20  # regencies per picture (a province has at most 38 kabupaten/kota; the rest are noted)
AVERAGE_COLOUR = "#4A6FA5"

# --- data ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegencyFigures(ReportingRates):
    """One child team's figures in a period (a row of the roll-up), its rating on the parent's scale."""

    team_id: int
    code: str
    name: str
    rank: int = 0  # 1 = best (``storage.aggregates.province``: achievement, then completeness, then code)
    expected: int = 0
    received: int = 0
    on_time: int = 0
    achievement: float | None = None  # %
    rating: str | None = None  # on the parent's scale
    budget_ceiling: int = 0
    budget_spent: int = 0
    physical_planned: float | None = None
    physical_actual: float | None = None
    closed_at: datetime | None = None  # UTC; None: not closed
    closed_on_time: bool | None = None  # by the parent's deadline


@dataclass(frozen=True)
class Rollup:
    """A parent's period: one row per child, ranked (best first), rated on the parent's scale."""

    parent: agg.TeamInfo
    period: Period
    rows: list[RegencyFigures]
    deadline: date | None = None  # the parent's deadline for its children to close the period

    @property
    def average(self) -> float | None:
        """The plain mean of the rated children's averages (each regency counts once), 2 decimals."""
        rated = [r.achievement for r in self.rows if r.achievement is not None]
        return round(sum(rated) / len(rated), 2) if rated else None

    @property
    def average_rating(self) -> str | None:
        return rate(self.average, self.parent)

    @property
    def expected(self) -> int:
        return sum(r.expected for r in self.rows)

    @property
    def received(self) -> int:
        return sum(r.received for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(r.on_time for r in self.rows)


def rate(value: float | None, parent: agg.TeamInfo) -> str | None:
    """A percentage on the parent's scale: its light, or its predikat by its thresholds."""
    if value is None:
        return None
    if parent.lights:
        return traffic_light(pct_decimal(value), Decimal(str(parent.yellow_limit)))
    return rate_pct(value, parent.thresholds)


def figures(rollup: agg.Rollup) -> Rollup:
    """The aggregate's roll-up (``storage.aggregates.rollup``) as the screens draw it: each child's own figures,
    rated again on the parent's scale and thresholds."""
    rows = [
        RegencyFigures(
            c.team.id,
            c.code,
            c.name,
            c.rank,
            c.progress.expected,
            c.progress.received,
            c.progress.on_time,
            c.progress.achievement,
            rate(c.progress.achievement, rollup.parent),
            c.progress.budget_ceiling,
            c.progress.budget_spent,
            c.progress.physical_planned,
            c.progress.physical_actual,
            c.closed_at,
            c.closed_on_time,
        )
        for c in rollup.children
    ]
    return Rollup(rollup.parent, rollup.period, rows, rollup.deadline)


def collect_rollup(session: Session, parent_id: int, period_key: str) -> Rollup:
    """The parent's roll-up of ``period_key`` (``storage.aggregates.rollup``: two statements over every child)."""
    return figures(agg.rollup(session, parent_id, period_key))


def has_children(session: Session, team_id: int) -> bool:
    """The team is a parent: some team names it as its parent (one small statement)."""
    query = select(col(Team.id)).where(col(Team.parent_id) == team_id).limit(1)
    return session.exec(query).first() is not None


# --- labels ----------------------------------------------------------------------------------------------------

_REGION = re.compile(r"\b(?:Kabupaten|Kab\.|Kota)\s+\S.*$")


def regency_labels(names: list[str], width: int = charts.LABEL_CHARS) -> list[str]:
    """Chart labels for sibling teams: from "Kabupaten"/"Kota" on when the name has it ("Tim Percepatan Akses
    Keuangan Daerah Kabupaten Gunung Mas" → "Kab. Gunung Mas"), else without the words every sibling's name starts
    with; then shortened by ``charts.short_name``."""
    words = [n.split() for n in names]
    common = 0
    if len(words) > 1:
        while all(len(w) > common + 1 for w in words) and len({w[common] for w in words}) == 1:
            common += 1
    out = []
    for name, split in zip(names, words, strict=True):
        found = _REGION.search(name)
        text = found.group(0) if found else " ".join(split[common:]) or name
        text = re.sub(r"^Kabupaten\b", "Kab.", text)
        out.append(charts.short_name(text, width))
    return out


# --- the bars ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceChartData:
    parent_name: str
    period: Period
    labels: list[str]  # ranked, as drawn
    achievements: list[float | None]
    ratings: list[str | None]
    average: float | None
    lights: bool
    thresholds: Thresholds | None  # None on a traffic-light scale


def province_chart_data(rollup: Rollup) -> ProvinceChartData:
    rows = rollup.rows
    return ProvinceChartData(
        rollup.parent.name,
        rollup.period,
        regency_labels([r.name for r in rows], charts.LABEL_CHARS - 4),
        [r.achievement for r in rows],
        [r.rating for r in rows],
        rollup.average,
        rollup.parent.lights,
        None if rollup.parent.lights else rollup.parent.thresholds,
    )


def _legend_label(key: str, data: ProvinceChartData, lang: str) -> str:
    label = rating_label(key, lang)
    if data.thresholds is None:
        return label
    bounds = dict(zip(("sangat_tinggi", "tinggi", "sedang", "rendah"), data.thresholds.bounds, strict=True))
    if key in bounds:
        return f"{label} ≥{format_number(float(bounds[key]), lang, max_decimals=1)}"
    return f"{label} <{format_number(float(data.thresholds.rendah), lang, max_decimals=1)}"


@_drawn
def render_province_progress(data: ProvinceChartData, lang: str = "id") -> bytes:
    """One bar per child team, ranked best first ("1. Kab. …"), coloured by its rating on the parent's scale; the
    100% target line, the province average as a blue line, the parent's thresholds in the legend; more than
    ``MAX_BARS`` children: the first ``MAX_BARS`` and a note of how many more."""
    fig = charts.new_figure()
    _titles(
        fig,
        t("provchart.progress_title", lang),
        t(
            "progress.chart.subtitle",
            lang,
            team=data.parent_name,
            period=data.period.label(lang) if data.period else "",
        ),
    )
    n = min(len(data.labels), MAX_BARS)
    more = len(data.labels) - n
    if n == 0 or all(a is None for a in data.achievements):
        charts._no_data(fig, lang, "provchart.no_data_hint")
        return charts.png_bytes(fig)
    ax = fig.add_axes((0.40, 0.17, 0.55, 0.69))
    ax.set_axis_off()
    slots = max(n, 8)
    ys = list(range(n))
    achievements = data.achievements[:n]
    values = [min(a, charts.BAR_CAP) if a is not None else 0.0 for a in achievements]
    colours = [rating_colour(k) if k else NO_RATING for k in data.ratings[:n]]
    half = 0.34
    bars = [((0.0, y - half), (v, y - half), (v, y + half), (0.0, y + half)) for y, v in zip(ys, values, strict=True)]
    ax.add_collection(PolyCollection(bars, facecolors=colours, edgecolors="none", zorder=2), autolim=False)
    xmax = max(120.0, max([*values, 100.0]) * 1.28)
    ax.set_xlim(0, xmax)
    ax.set_ylim(slots - 0.5, -0.6)
    ax.axvline(100, color=INK, linestyle=(0, (4, 3)), linewidth=1.3, zorder=3)
    ax.text(100, -0.62, t("progress.chart.target", lang), ha="center", va="bottom", fontsize=10, color=INK)
    if data.average is not None:  # its value in the legend: a label on the axes would meet the bars' or ticks'
        ax.axvline(min(data.average, charts.BAR_CAP), color=AVERAGE_COLOUR, linewidth=1.6, zorder=3.5)
    for y, achievement, value in zip(ys, achievements, values, strict=True):
        label = format_percent(achievement, lang, 2) if achievement is not None else "–"
        if achievement is not None and achievement > charts.BAR_CAP:
            label += " »"
        ax.text(
            value + xmax * 0.012,
            y,
            label,
            va="center",
            ha="left",
            fontsize=11,
            color=INK,
            zorder=6,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85},
        )
    width = len(str(n))
    for y, label in zip(ys, data.labels[:n], strict=True):
        ax.text(-xmax * 0.015, y, f"{y + 1:>{width}}. {label}", ha="right", va="center", fontsize=11, color=INK)
    ticks = [x for x in (0, 50, 100, 150) if x <= xmax]
    _grid(ax, ticks, vertical=True)
    _spines(ax, [(0.0, 0.0), (1.0, 0.0)], charts.GRID)
    _x_labels(ax, ticks, [f"{x}%" for x in ticks], fontsize=10, colour=MUTED, marks=MUTED)
    if more:
        fig.text(0.05, 0.125, t("provchart.more", lang, n=more), fontsize=10.5, color=MUTED)
    keys = [_Key(_legend_label(k, data, lang), patch={"facecolor": rating_colour(k)}) for k in rating_keys(data.lights)]
    keys.append(_Key(t("progress.chart.target", lang), line={"color": INK, "linestyle": (0, (4, 3))}))
    if data.average is not None:
        average = t("provchart.average", lang, pct=format_percent(data.average, lang, 2))
        keys.append(_Key(average, line={"color": AVERAGE_COLOUR, "linewidth": 1.6}))
    _legend(fig, keys, y=0.01, handlelength=1.4, columnspacing=1.2)
    return charts.png_bytes(fig)


# --- /progres of a parent ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceProgresView:
    rollup: Rollup


def is_period_text(session: Session, team_id: int, text: str | None) -> bool:
    """The argument is blank or a period of the team: the parent's roll-up answers it."""
    if not text or not text.strip():
        return True
    try:
        views.resolve_period(agg.team_info(session, team_id), text)
    except views.ProgressArgumentError:
        return False
    return True


def load_progres(
    session: Session, team_id: int, text: str | None, now: datetime
) -> views.ProgresView | ProvinceProgresView:
    """``/progres [period]`` of a parent team: each child's achievement in the period; any other team (or an
    argument that is not a period): ``views.load_progres``."""
    if has_children(session, team_id) and is_period_text(session, team_id, text):
        parent = agg.team_info(session, team_id)
        period = views.resolve_period(parent, text, now)
        return ProvinceProgresView(collect_rollup(session, team_id, period.key))
    return views.load_progres(session, team_id, text, now)


def _pct(value: float | None, lang: str, decimals: int = 1) -> str:
    return format_percent(value, lang, decimals) if value is not None else "–"


def rollup_head_lines(rollup: Rollup, lang: str) -> list[str]:
    """Completeness and timeliness over every child's expected reports, and the province average with its rating
    (HTML-safe)."""
    expected = rollup.expected
    lines = []
    if expected:
        lines.append(
            t(
                "progress.completeness",
                lang,
                received=rollup.received,
                expected=expected,
                pct=_pct(100.0 * rollup.received / expected, lang),
            )
            + " · "
            + t(
                "progress.timeliness",
                lang,
                on_time=rollup.on_time,
                expected=expected,
                pct=_pct(100.0 * rollup.on_time / expected, lang),
            )
        )
    else:
        lines.append(t("progress.no_expected", lang))
    key = rollup.average_rating
    rated = sum(1 for r in rollup.rows if r.achievement is not None)
    if rollup.average is not None and key:
        lines.append(
            t(
                "provchart.average_line",
                lang,
                pct=_pct(rollup.average, lang, 2),
                rating=rating_label(key, lang),
                n=rated,
                total=len(rollup.rows),
            )
        )
    else:
        lines.append(t("progress.achievement_none", lang))
    return lines


def progres_caption(view: ProvinceProgresView, lang: str = "id") -> str:
    rollup = view.rollup
    lines = [
        t(
            "provchart.progres_title",
            lang,
            team=html.escape(rollup.parent.name),
            period=html.escape(rollup.period.label(lang)),
            n=len(rollup.rows),
        ),
        *rollup_head_lines(rollup, lang),
    ]
    rated = [r for r in rollup.rows if r.achievement is not None]
    if len(rated) > 1:
        lines.append(
            t("provchart.best", lang, code=html.escape(rated[0].code), pct=_pct(rated[0].achievement, lang, 2))
        )
        lines.append(
            t("provchart.lowest", lang, code=html.escape(rated[-1].code), pct=_pct(rated[-1].achievement, lang, 2))
        )
    silent = [r.code for r in rollup.rows if r.expected and not r.received]
    if silent:
        lines.append(t("provchart.silent", lang, items=html.escape(", ".join(silent))))
    lines.append(t("provchart.progres_foot", lang))
    return views._fit("\n".join(lines), CAPTION_LIMIT)


def render_progres(view: views.ProgresView | ProvinceProgresView, lang: str = "id") -> OutgoingMessage:
    """The /progres reply of any team (CPU: call in a thread)."""
    if isinstance(view, ProvinceProgresView):
        png = render_province_progress(province_chart_data(view.rollup), lang)
        return OutgoingMessage(text=progres_caption(view, lang), photo=png)
    return views.render_progres(view, lang)


# --- /kurva of a parent -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceKurvaView:
    curve: ProvinceSCurve
    upto: Period


def load_kurva(session: Session, team_id: int, text: str | None, now: datetime) -> views.KurvaView | ProvinceKurvaView:
    """``/kurva [period]`` of a parent team: the province's S-curve, each child weighted by its budget
    (``storage.aggregates.province_curve``), actual up to the period; any other team: ``views.load_kurva``."""
    if has_children(session, team_id) and is_period_text(session, team_id, text):
        parent = agg.team_info(session, team_id)
        upto = views.resolve_period(parent, text, now)
        return ProvinceKurvaView(province_scurve(session, team_id, upto.key), upto)
    return views.load_kurva(session, team_id, text, now)


def province_scurve_data(curve: ProvinceSCurve, lang: str = "id") -> charts.SCurveChartData:
    points = [charts.SCurveChartPoint(p.period, p.planned, p.actual, p.critical) for p in curve.points]
    scope = t("provchart.scurve_scope", lang, n=len(curve.children))
    return charts.SCurveChartData(curve.parent.name, curve.parent.year, points, scope)


def kurva_caption(view: ProvinceKurvaView, lang: str = "id") -> str:
    curve = view.curve
    lines = [t("provchart.kurva_title", lang, team=html.escape(curve.parent.name), year=curve.parent.year)]
    point = curve.last_actual
    if not curve.children or point is None or point.planned is None or point.actual is None:
        lines.append(t("provchart.kurva_empty", lang))
    else:
        lines.append(
            t(
                "progress.kurva_point",
                lang,
                period=html.escape(point.period.label(lang)),
                planned=_pct(point.planned, lang),
                actual=_pct(point.actual, lang),
                dev=format_number(point.deviation or 0.0, lang, max_decimals=1),
            )
        )
        lines.append(t("progress.kurva_critical" if point.critical else "progress.kurva_ok", lang))
    if curve.children:
        key = "provchart.kurva_weighted" if curve.weighted else "provchart.kurva_plain"
        weighed = len(curve.children) - (len(curve.unweighted) if curve.weighted else 0)
        lines.append(t(key, lang, n=weighed, activities=curve.activities))
    if curve.weighted and curve.unweighted:
        lines.append(t("provchart.kurva_no_budget", lang, items=html.escape(", ".join(curve.unweighted))))
    if curve.without_plan:
        lines.append(t("provchart.kurva_no_plan", lang, items=html.escape(", ".join(curve.without_plan))))
    return views._fit("\n".join(lines), CAPTION_LIMIT)


def render_kurva(view: views.KurvaView | ProvinceKurvaView, lang: str = "id") -> OutgoingMessage:
    """The /kurva reply of any team (CPU: call in a thread)."""
    if isinstance(view, ProvinceKurvaView):
        png = charts.render_scurve(province_scurve_data(view.curve, lang), lang)
        return OutgoingMessage(text=kurva_caption(view, lang), photo=png)
    return views.render_kurva(view, lang)
