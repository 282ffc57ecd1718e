"""The Excel recap for the plenary meeting (openpyxl): a summary sheet with the chart, one sheet per period.

``build_recap`` reads the database (a few grouped queries per period); ``render_recap_xlsx`` is pure CPU (call it
in a thread). Number formats are Excel's locale-independent codes (``#,##0``, ``0.0%``): Excel shows them with
the reader's separators, so an Indonesian Excel shows ``1.250.000`` and ``75,5%``; the cells hold numbers, not
text, so the secretariat can sum and sort. Excel has no time zones: "reported at" is the team's local time,
naive, with the zone (WIB/WITA/WIT) in the column header.

Evidence used in another report (``storage.verification.reused_evidence_of_period``) is marked in the period
sheet's Status cell, "(bukti dipakai ulang)" after the status, with an Excel note on that cell saying where
("⚠️ foto ini juga dipakai di laporan K2 TW I"), keyed by the sheet's period and the row's program and activity.
In the Status cell rather than a column of its own: the period sheet's columns are a layout others rely on (the
secretariat's formulas and lookups by column letter, ``=I2<>L2``; the province workbook's child sheets, which
share ``PERIOD_COLUMNS``), so a new column would shift or break them; and the marked status still filters (Excel's
filter lists it as its own value). Nothing is refused: the mark only asks for a second look.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from domain.numbers import format_number
from domain.periods import Period
from domain.plan_changes import PlanChanges
from domain.zones import team_zone
from planfile.changes_text import summary_line
from progress import charts
from progress.reading import rating_colour, rating_label, rating_of, stopped_text
from storage import aggregates as agg
from storage.actions import ActionView, team_actions
from storage.models import Team
from storage.obstacles import ObstacleLine, open_obstacles
from storage.plan_versions import VersionInfo, version_changes
from storage.verification import ReportRef, ReusedEvidence, reused_evidence_of_period
from texts import has, t

ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
FMT_INT = "#,##0"
FMT_DEC = "#,##0.0#"
FMT_PCT = "0.0%"
FMT_RP = '"Rp" #,##0'
FMT_TIME = "dd/mm/yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TOTAL_FONT = Font(bold=True)
THIN = Side(style="thin", color="BFBFBF")
WRAP_WIDTH = 40  # long free-text columns wrap at this width
MAX_WIDTH = 60


@dataclass(frozen=True)
class RecapSheet:
    period: Period
    rows: list[agg.ActivityRow]
    summary: agg.PeriodSummary
    murni: agg.PeriodMurni | None = None  # the period's plan murni targets, stopped activities, differences
    # evidence of the current report also in another report, by (program code, activity code)
    reused: dict[tuple[str, str], tuple[ReusedEvidence, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RecapData:
    team: agg.TeamInfo
    periods: list[Period]
    sheets: list[RecapSheet]
    made_at: datetime | None = None  # UTC
    versions: list[tuple[VersionInfo, PlanChanges | None]] = field(default_factory=list)  # oldest first
    actions: list[ActionView] = field(default_factory=list)  # the plenary's action items, by due date (issue 16)
    obstacles: list[ObstacleLine] = field(default_factory=list)  # open, decision needed first (issue 16)


def build_recap(
    session: Session,
    team_id: int,
    period_key: str | None = None,
    *,
    upto: str | None = None,
    now: datetime | None = None,
) -> RecapData:
    """The recap of ``period_key``; without one, of every period of the year with targets up to ``upto`` (or,
    without ``upto``, up to the latest period with a report). Raises ``storage.aggregates.AggregateError`` for an
    unknown team and ValueError for a malformed period key."""
    team = agg.team_info(session, team_id)
    if period_key is not None:
        periods = [Period.from_key(period_key)]
    else:
        last = upto or agg.latest_reported_period(session, team_id) or team.periods[0].key
        planned = set(agg.periods_with_targets(session, team_id))
        periods = [p for p in team.periods if p.key <= last and p.key in planned] or [Period.from_key(last)]
    sheets = [
        RecapSheet(
            p,
            agg.activity_rows(session, team_id, p.key),
            agg.period_summary(session, team_id, p.key),
            agg.period_murni(session, team_id, p.key),
            reused_evidence_of_period(session, team_id, p.key),
        )
        for p in periods
    ]
    team_row = session.get(Team, team_id)
    versions = version_changes(session, team_row) if team_row is not None else []
    return RecapData(
        team, periods, sheets, now, versions, team_actions(session, team_id), obstacles=open_obstacles(session, team_id)
    )


def recap_filename(data: RecapData) -> str:
    """``rekap-TPAKD-DS-2022-Q2.xlsx`` or ``rekap-TPAKD-DS-2022.xlsx`` for several periods."""
    span = data.periods[0].key if len(data.periods) == 1 else str(data.team.year)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in data.team.code)
    return f"rekap-{safe}-{span}.xlsx"


def zone_name(tz: str) -> str:
    """WIB / WITA / WIT for the Indonesian zones; the IANA name otherwise."""
    return ZONE_NAMES.get(tz, tz)


def _local(at: datetime | None, tz: str) -> datetime | None:
    if at is None:
        return None
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(team_zone(tz)).replace(tzinfo=None)


def _sheet_title(text: str, used: set[str]) -> str:
    clean = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "Sheet"
    title, n = clean, 2
    while title in used:
        title = f"{clean[:28]} {n}"
        n += 1
    used.add(title)
    return title


def _named_style(ws: Worksheet, name: str, make: Callable[[], NamedStyle]) -> str:
    """The workbook's named style ``name``, added the first time. A cell takes a named style in one assignment,
    where setting its font, fill, alignment, border and format one by one made openpyxl hash and compare each
    style object per cell: a province workbook of 8,400 rows spent most of its minutes there."""
    book = ws.parent
    if name not in book.named_styles:
        book.add_named_style(make())
    return name


def _header(ws: Worksheet, row: int, names: list[str]) -> None:
    style = _named_style(
        ws,
        "Pantau judul kolom",
        lambda: NamedStyle(
            name="Pantau judul kolom",
            fill=HEADER_FILL,
            font=HEADER_FONT,
            alignment=Alignment(wrap_text=True, vertical="center"),
        ),
    )
    for col, name in enumerate(names, start=1):
        ws.cell(row=row, column=col, value=name).style = style


def _put(ws: Worksheet, row: int, col: int, value: Any, fmt: str | None = None, *, wrap: bool = False) -> None:
    number_format = fmt if fmt is not None and value is not None else None
    name = f"Pantau {number_format or 'isi'}{' (lipat)' if wrap else ''}"

    def make() -> NamedStyle:
        style = NamedStyle(
            name=name,
            alignment=Alignment(wrap_text=True, vertical="top") if wrap else Alignment(vertical="top"),
            border=Border(bottom=THIN),
        )
        if number_format is not None:
            style.number_format = number_format
        return style

    ws.cell(row=row, column=col, value=value).style = _named_style(ws, name, make)


def _number_format(value: float | None) -> str:
    return FMT_INT if value is None or float(value).is_integer() else FMT_DEC


def _fit_columns(ws: Worksheet, wrap_columns: set[int], first_row: int = 1) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, datetime):
                length = 16
            elif isinstance(cell.value, float | int) and cell.number_format == FMT_PCT:
                length = 7
            elif isinstance(cell.value, float | int):
                length = len(f"{cell.value:,.2f}") + (3 if cell.number_format == FMT_RP else 0)
            else:
                length = max(len(part) for part in str(cell.value).split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for col, width in widths.items():
        cap = WRAP_WIDTH if col in wrap_columns else MAX_WIDTH
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), cap)


DARK_RATINGS = frozenset({"sangat_tinggi", "sangat_rendah", "hijau", "merah"})  # white text on these


def _rating_cell(ws: Worksheet, row: int, col: int, key: str | None, lang: str) -> None:
    """A predikat or a light, in its colour."""
    _put(ws, row, col, rating_label(key, lang) if key else None)
    if key:
        ws.cell(row=row, column=col).fill = PatternFill("solid", fgColor=rating_colour(key).lstrip("#"))
        if key in DARK_RATINGS:
            ws.cell(row=row, column=col).font = Font(color="FFFFFF", bold=True)


def _rating_header(team: agg.TeamInfo, lang: str) -> str:
    return t("progress.xlsx.col.light" if team.lights else "progress.xlsx.col.predikat", lang)


def _achievement_value(row: agg.ActivityRow, lang: str) -> tuple[Any, str | None]:
    """The achievement as a fraction; a zero target (no percentage) says met / not met in words."""
    if row.achievement is not None:
        return row.achievement / 100, FMT_PCT
    if row.met is not None and row.status != "exempt":
        return t("progress.met" if row.met else "progress.not_met", lang), None
    return None, FMT_PCT


REUSE_SHOWN = 3  # other reports named per kind of file; the rest counted


def _plain(text: str) -> str:
    return text


def reuse_lines(
    items: Sequence[ReusedEvidence], period_key: str, lang: str, escape: Callable[[str], str] = _plain
) -> list[str]:
    """What to say of a report's evidence also in other reports: per kind of file, one line naming the reports
    the reader may see ("⚠️ foto ini juga dipakai di laporan K2 TW I"; a period of another year with its year,
    another team's report with its team) and one line for those of teams they may not ("… di laporan tim lain").
    ``escape``: for HTML (the bot's screens); plain for Excel."""
    year = Period.from_key(period_key).year
    lines: list[str] = []
    for kind in sorted({item.kind for item in items}):
        key = f"evidence.kind.{kind}"
        what = t(key if has(key) else "evidence.kind.document", lang)
        named = [item.where for item in items if item.kind == kind and item.where is not None]
        if named:
            where = ", ".join(_place(ref, year, lang, escape) for ref in named[:REUSE_SHOWN])
            if len(named) > REUSE_SHOWN:
                where += " " + t("evidence.more", lang, n=len(named) - REUSE_SHOWN)
            lines.append(t("evidence.reused", lang, kind=what, where=where))
        if any(item.kind == kind and item.where is None for item in items):
            lines.append(t("evidence.reused_other_team", lang, kind=what))
    return lines


def _place(ref: ReportRef, year: int, lang: str, escape: Callable[[str], str]) -> str:
    try:
        period = Period.from_key(ref.period_key)
        label = period.short_label(lang) if period.year == year else period.label(lang)
    except ValueError:
        label = ref.period_key
    if ref.team_code is None:
        return f"{escape(ref.activity_code)} {escape(label)}"
    return t(
        "evidence.where.team", lang, code=escape(ref.activity_code), period=escape(label), team=escape(ref.team_code)
    )


# The period sheet's columns, in order (their numbers below follow from it).
PERIOD_COLUMNS = (
    "org_code",
    "organization",
    "program",
    "activity",
    "indicator",
    "unit",
    "direction",
    "kind",
    "target",
    "target_min",
    "target_max",
    "target_murni",
    "realised",
    "achievement",
    "rating",
    "ceiling",
    "spent",
    "physical_plan",
    "physical",
    "obstacles",
    "follow_up",
    "reporter",
    "reported_at",
    "status",
)
COL = {name: n for n, name in enumerate(PERIOD_COLUMNS, start=1)}
WRAPPED = {COL[name] for name in ("organization", "program", "activity", "indicator", "obstacles", "follow_up")}


def _murni_value(murni: agg.TargetValue | None) -> tuple[Any, str | None]:
    """The "Target murni" cell: the plan murni's target of the period, filled on every row that has one, equal to
    the target in force or not. Always rather than only where they differ: the SAKIP evaluation reads the
    performance agreement murni and perubahan side by side, a full column can be summed and compared with
    ``=I2<>L2`` in Excel, and an empty cell then says one thing only (the plan murni had no target for the period:
    an activity added later, or a target moved there). A range shows its bound that counts, like "Target"."""
    if murni is None:
        return None, None
    return murni.value, _number_format(murni.value)


def _period_sheet(ws: Worksheet, sheet: RecapSheet, team: agg.TeamInfo, lang: str) -> None:
    zone = zone_name(team.timezone)
    names = [
        t("progress.xlsx.col.org_code", lang),
        t("progress.xlsx.col.organization", lang),
        t("progress.xlsx.col.program", lang),
        t("progress.xlsx.col.activity", lang),
        t("progress.xlsx.col.indicator", lang),
        t("progress.xlsx.col.unit", lang),
        t("progress.xlsx.col.direction", lang),
        t("progress.xlsx.col.kind", lang),
        t("progress.xlsx.col.target", lang),
        t("progress.xlsx.col.target_min", lang),
        t("progress.xlsx.col.target_max", lang),
        t("progress.xlsx.col.target_murni", lang),
        t("progress.xlsx.col.realised", lang),
        t("progress.xlsx.col.achievement", lang),
        _rating_header(team, lang),
        t("progress.xlsx.col.ceiling", lang),
        t("progress.xlsx.col.spent", lang),
        t("progress.xlsx.col.physical_plan", lang),
        t("progress.xlsx.col.physical", lang),
        t("progress.xlsx.col.obstacles", lang),
        t("progress.xlsx.col.follow_up", lang),
        t("progress.xlsx.col.reporter", lang),
        t("progress.xlsx.col.reported_at", lang, zone=zone),
        t("progress.xlsx.col.status", lang),
    ]
    assert len(names) == len(PERIOD_COLUMNS)
    _header(ws, 1, names)
    r = 1
    lights = team.lights
    murni = sheet.murni
    for r, row in enumerate(sheet.rows, start=2):
        status = t(f"progress.xlsx.status.{row.status}", lang)
        if row.on_time is False:
            status += f" ({t('progress.xlsx.late', lang)})"
        key = (row.program_code, row.activity_code)
        planned = murni.murni.get(key) if murni is not None else None
        stop = murni.stopped.get(key) if murni is not None else None
        if stop is not None:
            status += f" ({stopped_text(stop, lang)})"
        reused = sheet.reused.get(key)
        if reused:
            status += f" ({t('evidence.reused_status', lang)})"
        values: list[tuple[Any, str | None]] = [
            (row.organization_code, None),
            (row.organization_name, None),
            (row.program_name, None),
            (row.activity_name, None),
            (row.indicator, None),
            (row.unit, None),
            (t(f"progress.direction.{row.direction}", lang), None),
            (t(f"progress.kind.{row.measure}", lang), None),
            (row.target, _number_format(row.target)),
            (row.target_min, _number_format(row.target_min)),
            (row.target_max, _number_format(row.target_max)),
            _murni_value(planned),
            (row.realised, _number_format(row.realised)),
            _achievement_value(row, lang),
        ]
        for col, (value, fmt) in enumerate(values, start=1):
            _put(ws, r, col, value, fmt, wrap=col in WRAPPED)
        _rating_cell(ws, r, COL["rating"], rating_of(row.predikat, row.light, lights), lang)
        rest: list[tuple[Any, str | None]] = [
            (row.budget_ceiling, FMT_RP),
            (row.budget_spent, FMT_RP),
            (row.physical_planned / 100 if row.physical_planned is not None else None, FMT_PCT),
            (row.physical_actual / 100 if row.physical_actual is not None else None, FMT_PCT),
            (row.obstacles, None),
            (row.follow_up, None),
            (row.reporter, None),
            (_local(row.submitted_at, team.timezone), FMT_TIME),
            (status, None),
        ]
        for col, (value, fmt) in enumerate(rest, start=COL["ceiling"]):
            _put(ws, r, col, value, fmt, wrap=col in WRAPPED)
        if reused:
            note = Comment("\n".join(reuse_lines(reused, sheet.period.key, lang)), "Pantau")
            note.width, note.height = 320, 120  # points: the lines wrap inside
            ws.cell(row=r, column=COL["status"]).comment = note
    for diff in murni.differences if murni is not None else []:
        if diff.in_force is not None:
            continue  # listed above, with its target murni beside the one in force
        r += 1  # no target in force: stopped, or its target moved to another period; the murni target stays shown
        if diff.stopped_from is not None and diff.stopped_from <= sheet.period.key:
            status = stopped_text(diff.stopped_from, lang)
        else:
            status = t("progress.xlsx.status.no_target", lang)
        for col, value in (
            (COL["org_code"], diff.organization_code),
            (COL["program"], diff.program_code),
            (COL["activity"], diff.activity_name),
            (COL["indicator"], diff.indicator),
            (COL["unit"], diff.unit),
            (COL["status"], status),
        ):
            _put(ws, r, col, value, wrap=col in WRAPPED)
        value, fmt = _murni_value(diff.murni)
        _put(ws, r, COL["target_murni"], value, fmt)
    total_row = r + 1
    ws.cell(row=total_row, column=1, value=t("progress.xlsx.total", lang)).font = TOTAL_FONT
    total = sheet.summary.total
    for col, value, fmt in (
        (COL["achievement"], total.achievement / 100 if total.achievement is not None else None, FMT_PCT),
        (COL["ceiling"], total.budget_ceiling, FMT_RP),
        (COL["spent"], total.budget_spent, FMT_RP),
        (COL["physical_plan"], total.physical_planned / 100 if total.physical_planned is not None else None, FMT_PCT),
        (COL["physical"], total.physical_actual / 100 if total.physical_actual is not None else None, FMT_PCT),
    ):
        _put(ws, total_row, col, value, fmt)
        ws.cell(row=total_row, column=col).font = TOTAL_FONT
    _rating_cell(ws, total_row, COL["rating"], rating_of(total.predikat, total.light, lights), lang)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(r, 1)}"
    _fit_columns(ws, WRAPPED)
    ws.row_dimensions[1].height = 32


def _summary_sheet(ws: Worksheet, data: RecapData, lang: str, chart_png: bytes | None) -> None:
    team = data.team
    periods = [p.label(lang) for p in data.periods]
    span = periods[0] if len(periods) == 1 else t("progress.ekspor_all", lang, first=periods[0], last=periods[-1])
    made = _local(data.made_at, team.timezone)
    made_text = f"{made:%d/%m/%Y %H:%M} {zone_name(team.timezone)}" if made else ""
    ws.cell(row=1, column=1, value=t("progress.xlsx.title", lang, team=team.name)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=t("progress.xlsx.subtitle", lang, periods=span, made=made_text))
    header_row = 4
    names = [
        t("progress.xlsx.col.org_code", lang),
        t("progress.xlsx.col.organization", lang),
        t("progress.xlsx.col.expected", lang),
        t("progress.xlsx.col.received", lang),
        t("progress.xlsx.col.on_time", lang),
        t("progress.xlsx.col.completeness", lang),
        t("progress.xlsx.col.timeliness", lang),
        t("progress.xlsx.col.achievement", lang) + f" ({data.periods[-1].short_label(lang)})",
        _rating_header(team, lang),
    ]
    _header(ws, header_row, names)
    totals: dict[str, list[int]] = {}
    org_names: dict[str, str] = {}
    for sheet in data.sheets:
        for g in sheet.summary.by_organization:
            acc = totals.setdefault(g.code, [0, 0, 0])
            acc[0] += g.expected
            acc[1] += g.received
            acc[2] += g.on_time
            org_names[g.code] = g.name
    last = {g.code: g for g in data.sheets[-1].summary.by_organization} if data.sheets else {}
    r = header_row
    for r, code in enumerate(sorted(totals), start=header_row + 1):
        expected, received, on_time = totals[code]
        _put(ws, r, 1, code)
        _put(ws, r, 2, org_names[code], wrap=True)
        _put(ws, r, 3, expected, FMT_INT)
        _put(ws, r, 4, received, FMT_INT)
        _put(ws, r, 5, on_time, FMT_INT)
        _put(ws, r, 6, received / expected if expected else None, FMT_PCT)
        _put(ws, r, 7, on_time / expected if expected else None, FMT_PCT)
        latest = last.get(code)
        _put(ws, r, 8, latest.achievement / 100 if latest and latest.achievement is not None else None, FMT_PCT)
        _rating_cell(ws, r, 9, rating_of(latest.predikat, latest.light, team.lights) if latest else None, lang)
    total_row = r + 1
    expected = sum(v[0] for v in totals.values())
    received = sum(v[1] for v in totals.values())
    on_time = sum(v[2] for v in totals.values())
    team_total = data.sheets[-1].summary.total if data.sheets else None
    ws.cell(row=total_row, column=1, value=t("progress.xlsx.total", lang))
    for col, value, fmt in (
        (3, expected, FMT_INT),
        (4, received, FMT_INT),
        (5, on_time, FMT_INT),
        (6, received / expected if expected else None, FMT_PCT),
        (7, on_time / expected if expected else None, FMT_PCT),
        (8, team_total.achievement / 100 if team_total and team_total.achievement is not None else None, FMT_PCT),
    ):
        _put(ws, total_row, col, value, fmt)
    for col in range(1, 10):
        ws.cell(row=total_row, column=col).font = TOTAL_FONT
    total_rating = rating_of(team_total.predikat, team_total.light, team.lights) if team_total else None
    _rating_cell(ws, total_row, 9, total_rating, lang)
    cap = (
        t("progress.xlsx.notes_cap", lang, cap=format_number(team.achievement_cap, lang))
        if team.achievement_cap is not None
        else t("progress.xlsx.notes_no_cap", lang)
    )
    notes = ws.cell(row=total_row + 2, column=1, value=t("progress.xlsx.notes", lang, cap=cap))
    notes.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=total_row + 2, start_column=1, end_row=total_row + 2, end_column=9)
    ws.row_dimensions[total_row + 2].height = 150
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    _fit_columns(ws, {2}, first_row=header_row)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 12)
    if chart_png:
        image = Image(io.BytesIO(chart_png))
        image.width, image.height = 540, 675  # half size: sharp when zoomed, fits beside the table
        ws.add_image(image, f"K{header_row}")


VERSION_COLUMNS = ("number", "date", "from", "correction", "basis", "reason", "author", "changes")


def _versions_sheet(ws: Worksheet, data: RecapData, lang: str) -> None:
    """ "Versi rencana": every version of the plan, oldest first: its number, date (team time), first period, whether
    it is a data correction, its legal basis and reason, who made it, and what it changed in one line (version 1:
    the plan murni)."""
    _header(ws, 1, [t(f"progress.xlsx.versions.col.{name}", lang) for name in VERSION_COLUMNS])
    r = 1
    for r, (info, changes) in enumerate(data.versions, start=2):
        made = _local(info.created_at, data.team.timezone)
        what = t("progress.xlsx.versions.murni", lang) if info.number == 1 else (
            summary_line(changes, lang) if changes is not None else ""
        )  # fmt: skip
        for col, (value, fmt) in enumerate(
            (
                (info.number, FMT_INT),
                (made, FMT_TIME),
                (Period.from_key(info.effective_from).label(lang), None),
                (t("progress.xlsx.yes" if info.correction else "progress.xlsx.no", lang), None),
                (info.basis or None, None),
                (info.reason or None, None),
                (info.author or None, None),
                (what, None),
            ),
            start=1,
        ):
            _put(ws, r, col, value, fmt, wrap=col in (5, 6, 8))
    if not data.versions:
        ws.cell(row=2, column=1, value=t("progress.xlsx.versions.none", lang))
    ws.freeze_panes = "A2"
    _fit_columns(ws, {5, 6, 8})
    ws.row_dimensions[1].height = 32


def render_recap_xlsx(data: RecapData, lang: str = "id", *, chart: bool = True) -> bytes:
    """The workbook as bytes: "Ringkasan" (completeness and timeliness per organization over the periods,
    achievement of the last one, and its chart), then one sheet per period with every activity (its target in
    force and its plan murni target; a stopped activity marked), then "Tindak lanjut", the plenary's action items
    (``actions_sheet``), and "Versi rencana", the plan's versions."""
    wb = Workbook()
    summary_ws = wb.active
    assert summary_ws is not None
    used: set[str] = set()
    summary_ws.title = _sheet_title(t("progress.xlsx.summary", lang), used)
    png = None
    if chart and data.sheets:
        png = charts.render_progress(charts.progress_chart_data(data.sheets[-1].summary), lang)
    _summary_sheet(summary_ws, data, lang, png)
    for sheet in data.sheets:
        ws = wb.create_sheet(_sheet_title(sheet.period.label(lang), used))
        _period_sheet(ws, sheet, data.team, lang)
    obstacles_sheet(wb.create_sheet(_sheet_title(t("obstacles.sheet.title", lang), used)), data, lang)
    actions_sheet(wb.create_sheet(_sheet_title(t("actions.xlsx.sheet", lang), used)), data, lang)
    _versions_sheet(wb.create_sheet(_sheet_title(t("progress.xlsx.versions", lang), used)), data, lang)
    wb.properties.title = t("progress.xlsx.title", lang, team=data.team.name)
    wb.properties.creator = "Pantau"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def actions_sheet(ws: Worksheet, data: RecapData, lang: str) -> None:
    """ "Tindak lanjut": every action item of the team (issue 16) with its status, due date, days overdue (on the
    day the workbook is made, in the team's time zone) and what was done."""
    made = data.made_at or datetime.now(UTC)
    today = made.astimezone(team_zone(data.team.timezone)).date()
    names = [
        t("actions.xlsx.col.id", lang),
        t("actions.xlsx.col.topic", lang),
        t("actions.xlsx.col.decision", lang),
        t("actions.xlsx.col.org_code", lang),
        t("actions.xlsx.col.org", lang),
        t("actions.xlsx.col.due", lang),
        t("actions.xlsx.col.status", lang),
        t("actions.xlsx.col.overdue", lang),
        t("actions.xlsx.col.done_at", lang),
        t("actions.xlsx.col.done_note", lang),
    ]
    _header(ws, 1, names)
    if not data.actions:
        ws.cell(row=2, column=1, value=t("actions.xlsx.none", lang))
    for row, action in enumerate(data.actions, start=2):
        late = action.overdue_days(today)
        status = "open" if action.open and not late else ("overdue" if action.open else "done")
        done_at = _local(action.done_at, data.team.timezone)
        _put(ws, row, 1, f"A{action.id}")
        _put(ws, row, 2, action.topic, wrap=True)
        _put(ws, row, 3, action.decision, wrap=True)
        _put(ws, row, 4, action.organization_code)
        _put(ws, row, 5, action.organization_name)
        _put(ws, row, 6, action.due_date, "dd/mm/yyyy")
        _put(ws, row, 7, t(f"actions.xlsx.status.{status}", lang))
        _put(ws, row, 8, late, FMT_INT)
        _put(ws, row, 9, done_at, FMT_TIME if done_at is not None else None)
        _put(ws, row, 10, action.done_note or "", wrap=True)
    _fit_columns(ws, {2, 3, 10})


def obstacles_sheet(ws: Worksheet, data: RecapData, lang: str) -> None:
    """ "Kendala": the team's open obstacles (issue 16), those needing the chair's decision first, then the oldest:
    activity, organization, category, text, decision needed, since which period, and age in days on the day the
    workbook is made (team time)."""
    made = data.made_at or datetime.now(UTC)
    today = made.astimezone(team_zone(data.team.timezone)).date()
    names = ["activity", "activity_name", "organization", "category", "description", "decision", "since", "age"]
    _header(ws, 1, [t(f"obstacles.sheet.{name}", lang) for name in names])
    for row, line in enumerate(data.obstacles, start=2):
        values: tuple[tuple[Any, str | None], ...] = (
            (line.activity_code, None),
            (line.activity_name, None),
            (line.organization_code, None),
            (t(f"obstacles.category.{line.category}", lang), None),
            (line.description, None),
            (t("obstacles.sheet.yes" if line.needs_decision else "obstacles.sheet.no", lang), None),
            (Period.from_key(line.opened_period_key).label(lang), None),
            (line.age_days(today), FMT_INT),
        )
        for col, (value, fmt) in enumerate(values, start=1):
            _put(ws, row, col, value, fmt, wrap=col in (2, 5))
    if not data.obstacles:
        ws.cell(row=2, column=1, value=t("obstacles.list.empty", lang, scope=""))
    ws.freeze_panes = "A2"
    _fit_columns(ws, {2, 5})
    ws.row_dimensions[1].height = 32
