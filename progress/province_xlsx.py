"""The Excel recap of a parent team (a province over its regencies) for one period: a roll-up sheet and one sheet
per child team.

``build_province_recap`` reads the database (the roll-up, then each child's period sheet as its own /ekspor builds
it); ``render_province_xlsx`` is pure CPU (call it in a thread). The roll-up sheet has one row per child, ranked as
``storage.aggregates.rollup`` ranks them (the columns of the parent's /rekap: completeness, timeliness, average
achievement with its rating on the parent's scale, budget absorbed, physical vs plan, when the child closed the
period and whether by the parent's deadline), a total row for the province and the /progres chart beside it. Each
child's sheet is written by ``progress.xlsx``'s period sheet writer, the same sheet the child's own recap has.

One period, not the year: a year of 14 regencies would be 56 activity sheets. /ekspor on a parent without a period
is the default period (``progress.views.default_period``), with one typed: that one.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from domain.periods import Period
from progress import province_charts, views
from progress.province_charts import Rollup, collect_rollup
from progress.xlsx import (
    FMT_INT,
    FMT_PCT,
    FMT_RP,
    TOTAL_FONT,
    RecapData,
    RecapSheet,
    _fit_columns,
    _header,
    _local,
    _period_sheet,
    _put,
    _rating_cell,
    _sheet_title,
    zone_name,
)
from storage import aggregates as agg
from texts import t
from texts.markup import CAPTION_LIMIT
from texts.outgoing import OutgoingMessage


@dataclass(frozen=True)
class ChildSheet:
    team: agg.TeamInfo
    sheet: RecapSheet


@dataclass(frozen=True)
class ProvinceRecapData:
    rollup: Rollup
    children: list[ChildSheet]  # in the roll-up's order (ranked)
    made_at: datetime | None = None  # UTC


def build_province_recap(
    session: Session, parent_id: int, period_key: str, *, now: datetime | None = None
) -> ProvinceRecapData:
    """The roll-up of ``period_key`` and each child's period sheet (its activity rows, summary and plan murni)."""
    rollup = collect_rollup(session, parent_id, period_key)
    sheets = []
    for row in rollup.rows:
        team = agg.team_info(session, row.team_id)
        sheets.append(
            ChildSheet(
                team,
                RecapSheet(
                    rollup.period,
                    agg.activity_rows(session, row.team_id, period_key),
                    agg.period_summary(session, row.team_id, period_key),
                    agg.period_murni(session, row.team_id, period_key),
                ),
            )
        )
    return ProvinceRecapData(rollup, sheets, now)


def province_recap_filename(data: ProvinceRecapData) -> str:
    """``rekap-TPAKD-KALTENG-2026-Q1.xlsx``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in data.rollup.parent.code)
    return f"rekap-{safe}-{data.rollup.period.key}.xlsx"


ROLLUP_COLUMNS = (
    "rank",
    "code",
    "team",
    "expected",
    "received",
    "on_time",
    "completeness",
    "timeliness",
    "achievement",
    "rating",
    "ceiling",
    "spent",
    "budget_pct",
    "physical_plan",
    "physical",
    "deviation",
    "closed_at",
    "closed_on_time",
)


def _fraction(value: float | None) -> float | None:
    return value / 100 if value is not None else None


def _rollup_sheet(ws: Worksheet, data: ProvinceRecapData, lang: str, chart_png: bytes | None) -> None:
    rollup = data.rollup
    parent = rollup.parent
    made = _local(data.made_at, parent.timezone)
    made_text = f"{made:%d/%m/%Y %H:%M} {zone_name(parent.timezone)}" if made else ""
    ws.cell(row=1, column=1, value=t("provxlsx.title", lang, team=parent.name)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=t("progress.xlsx.subtitle", lang, periods=rollup.period.label(lang), made=made_text))
    header_row = 4
    names = [t(f"provxlsx.col.{name}", lang, zone=zone_name(parent.timezone)) for name in ROLLUP_COLUMNS]
    names[ROLLUP_COLUMNS.index("rating")] = t(
        "progress.xlsx.col.light" if parent.lights else "progress.xlsx.col.predikat", lang
    )
    _header(ws, header_row, names)
    r = header_row
    rating_col = ROLLUP_COLUMNS.index("rating") + 1
    for r, row in enumerate(rollup.rows, start=header_row + 1):
        deviation = (
            row.physical_actual - row.physical_planned
            if row.physical_actual is not None and row.physical_planned is not None
            else None
        )
        if row.closed_at is None:
            on_time = None
        else:
            on_time = t("progress.xlsx.yes" if row.closed_on_time else "progress.xlsx.no", lang)
        values: dict[str, tuple[Any, str | None]] = {
            "rank": (row.rank or r - header_row, FMT_INT),
            "code": (row.code, None),
            "team": (row.name, None),
            "expected": (row.expected, FMT_INT),
            "received": (row.received, FMT_INT),
            "on_time": (row.on_time, FMT_INT),
            "completeness": (_fraction(row.completeness), FMT_PCT),
            "timeliness": (_fraction(row.timeliness), FMT_PCT),
            "achievement": (_fraction(row.achievement), FMT_PCT),
            "ceiling": (row.budget_ceiling or None, FMT_RP),
            "spent": (row.budget_spent if row.budget_ceiling else None, FMT_RP),
            "budget_pct": (_fraction(row.budget_pct), FMT_PCT),
            "physical_plan": (_fraction(row.physical_planned), FMT_PCT),
            "physical": (_fraction(row.physical_actual), FMT_PCT),
            "deviation": (round(deviation, 2) if deviation is not None else None, "0.0#"),
            "closed_at": (_local(row.closed_at, parent.timezone), "dd/mm/yyyy hh:mm"),
            "closed_on_time": (on_time, None),
        }
        for col, name in enumerate(ROLLUP_COLUMNS, start=1):
            if name == "rating":
                _rating_cell(ws, r, col, row.rating, lang)
            else:
                value, fmt = values[name]
                _put(ws, r, col, value, fmt, wrap=name == "team")
    total_row = r + 1
    expected, received, on_time_n = rollup.expected, rollup.received, rollup.on_time
    ceiling = sum(row.budget_ceiling for row in rollup.rows)
    spent = sum(row.budget_spent for row in rollup.rows if row.budget_ceiling)
    ws.cell(row=total_row, column=2, value=t("provxlsx.total", lang, n=len(rollup.rows)))
    totals: dict[str, tuple[Any, str | None]] = {
        "expected": (expected, FMT_INT),
        "received": (received, FMT_INT),
        "on_time": (on_time_n, FMT_INT),
        "completeness": (received / expected if expected else None, FMT_PCT),
        "timeliness": (on_time_n / expected if expected else None, FMT_PCT),
        "achievement": (_fraction(rollup.average), FMT_PCT),
        "ceiling": (ceiling or None, FMT_RP),
        "spent": (spent if ceiling else None, FMT_RP),
        "budget_pct": (spent / ceiling if ceiling else None, FMT_PCT),
        "closed_at": (sum(1 for row in rollup.rows if row.closed_at is not None), FMT_INT),
        "closed_on_time": (sum(1 for row in rollup.rows if row.closed_on_time), FMT_INT),
    }
    for col, name in enumerate(ROLLUP_COLUMNS, start=1):
        if name in totals:
            value, fmt = totals[name]
            _put(ws, total_row, col, value, fmt)
        ws.cell(row=total_row, column=col).font = TOTAL_FONT
    _rating_cell(ws, total_row, rating_col, rollup.average_rating, lang)
    notes = ws.cell(row=total_row + 2, column=1, value=t("provxlsx.notes", lang))
    notes.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=total_row + 2, start_column=1, end_row=total_row + 2, end_column=10)
    ws.row_dimensions[total_row + 2].height = 90
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)
    _fit_columns(ws, {3}, first_row=header_row)
    ws.row_dimensions[header_row].height = 32
    if chart_png:
        image = Image(io.BytesIO(chart_png))
        image.width, image.height = 540, 675
        ws.add_image(image, f"T{header_row}")


def render_province_xlsx(data: ProvinceRecapData, lang: str = "id", *, chart: bool = True) -> bytes:
    """The workbook as bytes: the roll-up sheet ("Rekap kab-kota", with the /progres chart of the parent), then one
    sheet per child named by its code, as its own recap's period sheet."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    used: set[str] = set()
    first.title = _sheet_title(t("provxlsx.sheet", lang), used)
    png = None
    if chart and data.rollup.rows:
        png = province_charts.render_province_progress(province_charts.province_chart_data(data.rollup), lang)
    _rollup_sheet(first, data, lang, png)
    for child in data.children:
        ws = wb.create_sheet(_sheet_title(child.team.code, used))
        _period_sheet(ws, child.sheet, child.team, lang)
    wb.properties.title = t("provxlsx.title", lang, team=data.rollup.parent.name)
    wb.properties.creator = "Pantau"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- /ekspor of a parent ----------------------------------------------------------------------------------------


def load_ekspor(session: Session, team_id: int, text: str | None, now: datetime) -> RecapData | ProvinceRecapData:
    """``/ekspor [period]`` of a parent team: the roll-up and one sheet per child for the period typed, or the
    default period; any other team (or an argument that is not a period): ``views.load_ekspor``."""
    if province_charts.has_children(session, team_id) and province_charts.is_period_text(session, team_id, text):
        parent = agg.team_info(session, team_id)
        period = views.resolve_period(parent, text, now)
        return build_province_recap(session, team_id, period.key, now=now)
    return views.load_ekspor(session, team_id, text, now)


def render_ekspor(data: RecapData | ProvinceRecapData, lang: str = "id") -> OutgoingMessage:
    """The /ekspor reply of any team: the XLSX as a document with a short caption (CPU: call in a thread)."""
    if not isinstance(data, ProvinceRecapData):
        return views.render_ekspor(data, lang)
    period: Period = data.rollup.period
    caption = t(
        "provxlsx.caption",
        lang,
        team=html.escape(data.rollup.parent.name),
        period=html.escape(period.label(lang)),
        n=len(data.children),
    )
    return OutgoingMessage(
        text=views._fit(caption, CAPTION_LIMIT),
        document=render_province_xlsx(data, lang),
        filename=province_recap_filename(data),
    )
