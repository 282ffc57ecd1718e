"""The plenary meeting's PowerPoint deck (/bahanrapat, ``pantau deck``), with python-pptx.

Two steps, as every view of ``progress``:

- :func:`collect_deck` reads the database (call it through ``Database.run``, or in a ``session_scope``): the same
  period summary /rekap shows (``storage.aggregates.period_summary`` with the budget), the activity rows of the
  period, the S-curve /kurva draws and the plenary's agenda (``progress.agenda``);
- :func:`build_deck` is pure CPU (the charts and the file): call it with ``asyncio.to_thread``.

The deck is for a projector at the far end of a meeting room: 16:9, titles at 36 pt, tables at 16 pt or more, at
most :data:`ROWS_PER_TABLE` rows a table (a longer one goes on over the next slides, titled "(lanjutan)"), numbers
in the reader's language (``1.250.000``, ``64,5%`` in Indonesian). The slides, in order: the title (team, period,
date), the summary, the achievement chart of /progres and the S-curve of /kurva (the same PNGs), one table per
program, the agenda's items (``progress.agenda``) and the open actions.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt
from sqlmodel import Session

from domain.numbers import format_compact_rupiah, format_number, format_percent
from domain.periods import Period, month_name
from domain.zones import local_today
from progress import charts
from progress.agenda import ActionLine, Agenda, build_agenda, category_label, risk_sentence
from progress.reading import amount, rating_colour, rating_label, rating_of, target_text
from progress.views import resolve_period
from storage import aggregates as agg
from texts import t
from texts.outgoing import OutgoingMessage

ROWS_PER_TABLE = 8  # body rows of one table slide, besides its header
TITLE_PT = 36  # 32 for a title longer than TITLE_CHARS, which would wrap at 36
TITLE_CHARS = 40
SUBTITLE_PT = 28
BODY_PT = 24  # the summary's figures and the charts' notes
TABLE_PT = 16  # table text, the header too
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.45)
TITLE_TOP, TITLE_H = Inches(0.3), Inches(1.0)
BODY_TOP = Inches(1.5)
NAVY = RGBColor(0x1F, 0x4E, 0x78)  # the Excel recap's header colour
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x66, 0x66, 0x66)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
STRIPE = RGBColor(0xF2, 0xF5, 0xF9)
CHARS_PER_INCH = 8.0  # DejaVu Sans at 16 pt, on average (a little under, so that the estimate errs tall)
LINE_IN, ROW_PAD_IN = 0.27, 0.1  # a line of 16 pt and a cell's margins, inches
TABLE_ROOM_IN = 5.8  # below the title
NAME_CHARS = 70  # an activity's code and name in its table cell (two lines at 16 pt)


# --- data ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeckData:
    """Everything the deck shows, read in one transaction."""

    team: agg.TeamInfo
    period: Period
    today: date  # in the team's time zone: the date on the title slide
    summary: agg.PeriodSummary  # the team's period summary, with the budget to date (as /rekap)
    rows: list[agg.ActivityRow]  # every activity with a target in the period (each program's table: by code)
    programs: list[tuple[str, str]]  # (code, name) of the team's programs, in plan order
    curve: agg.SCurve
    murni: list[float | None] | None = None  # the plan murni's planned curve, where a version changed it
    agenda: Agenda | None = None  # the plenary's agenda (``progress.agenda``); None: no agenda slides
    made_at: datetime | None = None


def collect_deck(session: Session, team_id: int, text: str | None, now: datetime) -> DeckData:
    """The deck's data for the period typed (blank: the period every screen lands on). Raises
    ``progress.views.ProgressArgumentError`` (a ``PeriodError``) for what is not a period of the team."""
    team = agg.team_info(session, team_id)
    period = resolve_period(team, text, now)
    summary = agg.period_summary(session, team_id, period.key, with_budget=True)
    rows = agg.activity_rows(session, team_id, period.key)
    programs = [(g.code, g.name) for g in summary.by_program]
    curve = agg.scurve(session, team_id, agg.TEAM_SCOPE, upto=period.key)
    today = local_today(team.timezone, now)
    return DeckData(
        team,
        period,
        today,
        summary,
        rows,
        programs,
        curve,
        agg.murni_scurve(session, curve),
        build_agenda(session, team_id, period.key, today),
        now,
    )


def deck_filename(data: DeckData) -> str:
    """``bahan-rapat-TPAKD-DS-2022-Q1.pptx``."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in data.team.code)
    return f"bahan-rapat-{safe}-{data.period.key}.pptx"


# --- formatting ------------------------------------------------------------------------------------------------


def long_date(d: date, lang: str) -> str:
    """``2 Desember 2026`` / ``2 December 2026``."""
    return f"{d.day} {month_name(d.month, lang)} {d.year}"


def short_date(d: date, lang: str) -> str:
    """``10 Apr 2022``."""
    return f"{d.day} {month_name(d.month, lang, short=True)} {d.year}"


def _pct(value: float | None, lang: str) -> str:
    return format_percent(value, lang, 1) if value is not None else "–"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _natural(code: str) -> tuple[object, ...]:
    """``UGD-2`` before ``UGD-10``: digits compared as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code))


def row_lines(row: Sequence[Cell], widths: Sequence[float]) -> int:
    """How many lines of 16 pt the row's tallest cell wraps to, estimated (``CHARS_PER_INCH``)."""
    scale = (SLIDE_W - 2 * MARGIN) / Inches(sum(widths))
    return max(
        (
            math.ceil(len(cell.text) / max(1.0, (w * scale - 0.2) * CHARS_PER_INCH))
            for cell, w in zip(row, widths, strict=True)
        ),
        default=1,
    )


def pages_of(rows: Sequence[Sequence[Cell]], widths: Sequence[float]) -> list[list[Sequence[Cell]]]:
    """The rows in pages of at most :data:`ROWS_PER_TABLE` rows whose estimated height fits under the title
    (a page of long, wrapping rows holds fewer)."""
    pages: list[list[Sequence[Cell]]] = [[]]
    used = LINE_IN + ROW_PAD_IN  # the header
    for row in rows:
        height = row_lines(row, widths) * LINE_IN + ROW_PAD_IN
        if pages[-1] and (len(pages[-1]) == ROWS_PER_TABLE or used + height > TABLE_ROOM_IN):
            pages.append([])
            used = LINE_IN + ROW_PAD_IN
        pages[-1].append(row)
        used += height
    return pages


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _readable_on(colour: str) -> RGBColor:
    """White or dark ink, whichever reads on ``colour`` (by its luminance)."""
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 150 else WHITE


# --- slide pieces ----------------------------------------------------------------------------------------------


def _title(slide: Slide, text: str) -> None:
    """The slide's title placeholder (what ``slide.shapes.title`` reads back), placed for 16:9, 36 pt."""
    title = slide.shapes.title
    assert title is not None
    title.left, title.top, title.width, title.height = MARGIN, TITLE_TOP, Emu(SLIDE_W - 2 * MARGIN), TITLE_H
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.text = text
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    for run in para.runs:
        run.font.size = Pt(TITLE_PT if len(text) <= TITLE_CHARS else TITLE_PT - 4)
        run.font.bold = True
        run.font.color.rgb = NAVY


def _text_box(
    slide: Slide,
    lines: Sequence[str],
    left: int,
    top: int,
    width: int,
    height: int,
    size: int = BODY_PT,
    *,
    colour: RGBColor = INK,
    bold_first: bool = False,
) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    for n, line in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.space_after = Pt(size // 2)
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.color.rgb = colour
        run.font.bold = bold_first and n == 0


def _set_cell(cell: object, text: str, size: int = TABLE_PT, *, bold: bool = False, ink: RGBColor = INK) -> None:
    frame = cell.text_frame  # type: ignore[attr-defined]
    frame.word_wrap = True
    frame.text = text
    for para in frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = ink
    cell.margin_top = cell.margin_bottom = Inches(0.04)  # type: ignore[attr-defined]
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE  # type: ignore[attr-defined]


def _fill(cell: object, colour: RGBColor) -> None:
    cell.fill.solid()  # type: ignore[attr-defined]
    cell.fill.fore_color.rgb = colour  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Cell:
    text: str
    colour: str | None = None  # a rating's background (#RRGGBB); None: plain


def _table(slide: Slide, header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float]) -> None:
    """A table under the title: a navy header row, striped body rows, rating cells in their colour."""
    total = sum(widths)
    scale = (SLIDE_W - 2 * MARGIN) / Inches(total)
    frame = slide.shapes.add_table(
        len(rows) + 1, len(header), MARGIN, BODY_TOP, Emu(SLIDE_W - 2 * MARGIN), Emu(Inches(0.5) * (len(rows) + 1))
    )
    table = frame.table
    table.first_row = True
    for col, w in enumerate(widths):
        table.columns[col].width = Emu(int(Inches(w) * scale))
    for col, name in enumerate(header):
        cell = table.cell(0, col)
        _set_cell(cell, name, bold=True, ink=WHITE)
        _fill(cell, NAVY)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            cell = table.cell(r, col)
            if value.colour:
                _set_cell(cell, value.text, bold=True, ink=_readable_on(value.colour))
                _fill(cell, _rgb(value.colour))
            else:
                _set_cell(cell, value.text)
                _fill(cell, STRIPE if r % 2 == 0 else WHITE)


def table_slides(
    prs: Presentation,  # type: ignore[valid-type]
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    lang: str,
    empty: str | None = None,
) -> int:
    """One slide per :data:`ROWS_PER_TABLE` rows, the later ones titled "… (lanjutan)"; ``empty``: the sentence
    of a slide without rows (None: no slide). Returns the slides added."""
    if not rows:
        if empty is None:
            return 0
        slide = _new_slide(prs)
        _title(slide, title)
        _text_box(slide, [empty], MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, Inches(1.5), colour=MUTED)
        return 1
    pages = pages_of(rows, widths)
    for n, page in enumerate(pages):
        slide = _new_slide(prs)
        _title(slide, title if n == 0 else f"{title} {t('deck.continued', lang)}")
        _table(slide, header, page, widths)
    return len(pages)


def _new_slide(prs: Presentation) -> Slide:  # type: ignore[valid-type]
    return prs.slides.add_slide(prs.slide_layouts[5])  # type: ignore[attr-defined]  # "Title Only"


# --- the slides ------------------------------------------------------------------------------------------------


def _title_slide(prs: Presentation, data: DeckData, lang: str) -> None:  # type: ignore[valid-type]
    slide = prs.slides.add_slide(prs.slide_layouts[0])  # type: ignore[attr-defined]  # "Title Slide"
    title = slide.shapes.title
    assert title is not None
    title.left, title.top, title.width, title.height = MARGIN, Inches(1.6), Emu(SLIDE_W - 2 * MARGIN), Inches(1.6)
    title.text_frame.text = t("deck.title", lang)
    for run in title.text_frame.paragraphs[0].runs:
        run.font.size = Pt(48)
        run.font.bold = True
        run.font.color.rgb = NAVY
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        MARGIN,
        Inches(3.4),
        SLIDE_W - 2 * MARGIN,
        Inches(2.8),
    )
    frame = subtitle.text_frame
    lines = [
        (data.team.name, SUBTITLE_PT + 4, True, INK),
        (data.period.label(lang), SUBTITLE_PT, False, INK),
        (t("deck.prepared", lang, date=long_date(data.today, lang)), BODY_PT - 4, False, MUTED),
    ]
    for n, (text, size, bold, colour) in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.CENTER
        run = para.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour


def summary_cells(data: DeckData, lang: str) -> list[tuple[str, str]]:
    """The summary's (label, value) lines: the numbers of /rekap's head."""
    total = data.summary.total
    none = t("deck.summary.none", lang)
    out = []
    if total.expected:
        out.append(
            (
                t("deck.summary.completeness", lang),
                t(
                    "deck.summary.count",
                    lang,
                    n=total.received,
                    total=total.expected,
                    pct=_pct(total.completeness, lang),
                ),
            )
        )
        out.append(
            (
                t("deck.summary.timeliness", lang),
                t("deck.summary.count", lang, n=total.on_time, total=total.expected, pct=_pct(total.timeliness, lang)),
            )
        )
    else:
        out.append((t("deck.summary.completeness", lang), t("progress.no_expected", lang)))
    key = rating_of(total.predikat, total.light, data.team.lights)
    if total.achievement is not None and key:
        achievement = t("deck.summary.rated", lang, pct=_pct(total.achievement, lang), rating=rating_label(key, lang))
    else:
        achievement = none
    out.append((t("deck.summary.achievement", lang), achievement))
    if total.budget_ceiling:
        budget = t(
            "deck.summary.budget_value",
            lang,
            spent=format_compact_rupiah(total.budget_spent, lang),
            ceiling=format_compact_rupiah(total.budget_ceiling, lang),
            pct=_pct(total.budget_pct, lang),
        )
    else:
        budget = none
    out.append((t("deck.summary.budget", lang), budget))
    if total.physical_planned is not None and total.physical_actual is not None:
        physical = t(
            "deck.summary.physical_value",
            lang,
            actual=_pct(total.physical_actual, lang),
            planned=_pct(total.physical_planned, lang),
            dev=format_number(total.physical_actual - total.physical_planned, lang, max_decimals=1),
        )
    else:
        physical = none
    out.append((t("deck.summary.physical", lang), physical))
    return out


def _summary_slide(prs: Presentation, data: DeckData, lang: str) -> None:  # type: ignore[valid-type]
    slide = _new_slide(prs)
    _title(slide, t("deck.summary_title", lang, period=data.period.label(lang)))
    cells = summary_cells(data, lang)
    frame = slide.shapes.add_table(
        len(cells), 2, MARGIN, Emu(BODY_TOP + Inches(0.2)), Emu(SLIDE_W - 2 * MARGIN), Emu(Inches(0.9) * len(cells))
    )
    table = frame.table
    table.first_row = False
    table.columns[0].width = Inches(3.9)
    table.columns[1].width = Emu(SLIDE_W - 2 * MARGIN - Inches(3.9))
    for r, (label, value) in enumerate(cells):
        _set_cell(table.cell(r, 0), label, BODY_PT - 2, bold=True, ink=NAVY)
        _set_cell(table.cell(r, 1), value, BODY_PT + 2, bold=True)
        for col in (0, 1):
            _fill(table.cell(r, col), STRIPE if r % 2 == 0 else WHITE)


def _chart_slide(prs: Presentation, title: str, png: bytes, notes: Sequence[str]) -> None:  # type: ignore[valid-type]
    """The chart as a picture, as tall as the slide allows, with a few lines beside it."""
    slide = _new_slide(prs)
    _title(slide, title)
    height = Emu(SLIDE_H - BODY_TOP - Inches(0.2))
    width = Emu(int(height * charts.SIZE_PX[0] / charts.SIZE_PX[1]))
    slide.shapes.add_picture(io.BytesIO(png), Emu(MARGIN + Inches(0.3)), BODY_TOP, width, height)
    left = MARGIN + Inches(0.6) + width
    if notes:
        _text_box(slide, notes, left, BODY_TOP + Inches(0.4), SLIDE_W - MARGIN - left, height, bold_first=True)


def _progres_notes(data: DeckData, lang: str) -> list[str]:
    rated = sorted(
        (g for g in data.summary.by_organization if g.achievement is not None), key=lambda g: (g.achievement, g.code)
    )
    if len(rated) < 2:
        return []
    lines = [t("deck.chart.lowest", lang)]
    for g in rated[:3]:
        key = rating_of(g.predikat, g.light, data.team.lights)
        label = f" ({rating_label(key, lang)})" if key else ""
        lines.append(f"{g.code}: {_pct(g.achievement, lang)}{label}")
    return lines


def _kurva_notes(data: DeckData, lang: str) -> list[str]:
    point = data.curve.last_actual
    if point is None or point.planned is None or point.actual is None:
        return []
    return [
        t(
            "deck.chart.point",
            lang,
            period=point.period.label(lang),
            actual=_pct(point.actual, lang),
            planned=_pct(point.planned, lang),
            dev=format_number(point.deviation or 0.0, lang, max_decimals=1),
        ),
        t("deck.chart.critical" if point.critical else "deck.chart.ok", lang),
    ]


PROGRAM_WIDTHS = (4.3, 1.8, 1.75, 1.75, 1.3, 1.6)


def program_rows(rows: Sequence[agg.ActivityRow], lights: bool, lang: str) -> list[list[Cell]]:
    """One program's table rows: activity, organization, target, realisation, achievement %, rating."""
    out = []
    for row in rows:
        name = _cut(f"{row.activity_code} · {row.indicator or row.activity_name}", NAME_CHARS)
        target = target_text(row.target, row.target_min, row.target_max, row.unit, lang)
        if row.status == "exempt":
            realised = t("deck.exempt", lang)
        elif row.realised is None or (row.measure == "per_period" and row.status in ("missing", "returned")):
            realised = t("progress.not_reported", lang)
        else:
            realised = amount(row.realised, row.unit, lang)
        if row.achievement is not None:
            achievement = _pct(row.achievement, lang)
        elif row.met is not None:
            achievement = t("progress.met" if row.met else "progress.not_met", lang)
        else:
            achievement = "–"
        key = rating_of(row.predikat, row.light, lights) if row.status != "exempt" else None
        rating = Cell(rating_label(key, lang), rating_colour(key)) if key else Cell("–")
        out.append([Cell(name), Cell(row.organization_code), Cell(target), Cell(realised), Cell(achievement), rating])
    return out


def _program_slides(prs: Presentation, data: DeckData, lang: str) -> None:  # type: ignore[valid-type]
    header = [
        t("deck.col.activity", lang),
        t("deck.col.org", lang),
        t("deck.col.target", lang),
        t("deck.col.realised", lang),
        t("deck.col.achievement", lang),
        t("deck.col.light" if data.team.lights else "deck.col.predikat", lang),
    ]
    by_program: dict[str, list[agg.ActivityRow]] = {}
    for row in sorted(data.rows, key=lambda r: _natural(r.activity_code)):
        by_program.setdefault(row.program_code, []).append(row)
    names = dict(data.programs)
    for row in data.rows:
        names.setdefault(row.program_code, row.program_name)
    if not by_program:
        table_slides(prs, t("deck.summary_title", lang, period=data.period.label(lang)), header, [], (), lang,
                     t("deck.no_programs", lang))  # fmt: skip
        return
    for code in [c for c in names if c in by_program]:
        title = t("deck.program_title", lang, code=code, name=_cut(names[code], 48))
        table_slides(prs, title, header, program_rows(by_program[code], data.team.lights, lang), PROGRAM_WIDTHS, lang)


# --- the agenda and the open actions ---------------------------------------------------------------------------


def _activity(code: str, name: str) -> str:
    return _cut(f"{code} · {name}", NAME_CHARS)


def _rating_cell(key: str | None, lang: str) -> Cell:
    return Cell(rating_label(key, lang), rating_colour(key)) if key else Cell("–")


def _action_state(days_overdue: int, lang: str) -> str:
    if days_overdue > 0:
        return t("deck.action.overdue", lang, n=days_overdue)
    if days_overdue == 0:
        return t("deck.action.today", lang)
    return t("deck.action.left", lang, n=-days_overdue)


def agenda_sections(agenda: Agenda, lang: str) -> list[tuple[str, list[str], list[list[Cell]], tuple[float, ...], str]]:
    """The agenda's slides: (title, header, rows, column widths, the sentence of an empty section), in the order
    the meeting takes them, then the open actions."""
    col = lambda key: t(f"deck.col.{key}", lang)  # noqa: E731
    out = [
        (
            t("deck.agenda.missing", lang),
            [col("org"), col("code"), col("missing")],
            [
                [
                    Cell(_cut(m.name, NAME_CHARS)),
                    Cell(m.code),
                    Cell(t("deck.missing_count", lang, n=m.missing, of=m.expected)),
                ]
                for m in agenda.missing
            ],
            (7.0, 2.6, 3.0),
            t("agenda.missing.none", lang),
        ),
        (
            t("deck.agenda.lowest", lang),
            [col("activity"), col("org"), col("achievement"), col("light" if agenda.lights else "predikat")],
            [
                [
                    Cell(_activity(a.code, a.name)),
                    Cell(a.org_code),
                    Cell(_pct(a.achievement, lang)),
                    _rating_cell(a.rating, lang),
                ]
                for a in agenda.lowest
            ],
            (6.0, 2.4, 1.8, 2.2),
            t("agenda.lowest.none", lang),
        ),
        (
            t("deck.agenda.deviation", lang),
            [col("activity"), col("org"), col("planned"), col("actual"), col("gap")],
            [
                [
                    Cell(_activity(d.code, d.name)),
                    Cell(d.org_code),
                    Cell(_pct(d.planned, lang)),
                    Cell(_pct(d.actual, lang)),
                    Cell(format_number(d.gap, lang, max_decimals=1)),
                ]
                for d in agenda.critical_deviation
            ],
            (5.2, 2.2, 1.8, 1.8, 1.6),
            t("agenda.deviation.none", lang),
        ),
        (
            t("deck.agenda.decisions", lang),
            [col("number"), col("activity"), col("org"), col("category"), col("obstacle"), col("since")],
            [
                [
                    Cell(f"#{o.id}"),
                    Cell(o.activity_code),
                    Cell(o.org_code),
                    Cell(category_label(o.category, lang)),
                    Cell(_cut(o.text, 110)),
                    Cell(
                        t(
                            "deck.since",
                            lang,
                            period=Period.from_key(o.opened_period_key).short_label(lang),
                            n=o.age_days,
                        )
                    ),
                ]
                for o in agenda.decisions_needed
            ],
            (0.8, 1.4, 1.8, 2.0, 4.7, 2.0),
            t("agenda.decisions.none", lang),
        ),
        (
            t("deck.agenda.overdue", lang),
            [col("number"), col("topic"), col("decision"), col("org"), col("due"), col("state")],
            _action_rows(agenda.overdue_actions, lang),
            ACTION_WIDTHS,
            t("agenda.overdue.none", lang),
        ),
        (
            t("deck.agenda.risk", lang),
            [col("org"), col("warning")],
            [[Cell(r.org_code), Cell(risk_sentence(r, lang))] for r in agenda.at_risk],
            (2.2, 10.4),
            t("agenda.risk.none", lang),
        ),
        (
            t("deck.actions_title", lang),
            [col("number"), col("topic"), col("decision"), col("org"), col("due"), col("state")],
            _action_rows(agenda.open_actions, lang),
            ACTION_WIDTHS,
            t("deck.actions_none", lang),
        ),
    ]
    return out


ACTION_WIDTHS = (0.8, 2.4, 4.6, 2.0, 1.6, 1.5)


def _action_rows(actions: Sequence[ActionLine], lang: str) -> list[list[Cell]]:
    return [
        [
            Cell(f"#{a.id}"),
            Cell(_cut(a.topic, 60)),
            Cell(_cut(a.decision, 80)),
            Cell(a.org_code),
            Cell(short_date(a.due_date, lang)),
            Cell(_action_state(a.days_overdue, lang), OVERDUE if a.days_overdue > 0 else None),
        ]
        for a in actions
    ]


OVERDUE = "#C0392B"


def _agenda_slides(prs: Presentation, agenda: Agenda, lang: str) -> None:  # type: ignore[valid-type]
    sections = agenda_sections(agenda, lang)
    slide = _new_slide(prs)
    _title(slide, t("deck.agenda_title", lang))
    lines = [t("deck.agenda_line", lang, title=title, n=len(rows)) for title, _, rows, _, _ in sections]
    _text_box(slide, lines, MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, SLIDE_H - BODY_TOP - Inches(0.3), BODY_PT)
    for title, header, rows, widths, empty in sections:
        table_slides(prs, title, header, rows, widths, lang, empty)


def build_deck(data: DeckData, lang: str = "id") -> bytes:
    """The deck as .pptx bytes (CPU: the charts and the file; call in a thread)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _title_slide(prs, data, lang)
    _summary_slide(prs, data, lang)
    progres_png = charts.render_progress(charts.progress_chart_data(data.summary, "organization"), lang)
    _chart_slide(prs, t("deck.chart.progres", lang), progres_png, _progres_notes(data, lang))
    kurva_png = charts.render_scurve(charts.scurve_chart_data(data.curve, data.murni), lang)
    _chart_slide(prs, t("deck.chart.kurva", lang), kurva_png, _kurva_notes(data, lang))
    _program_slides(prs, data, lang)
    if data.agenda is not None:
        _agenda_slides(prs, data.agenda, lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def render_bahanrapat(data: DeckData, lang: str = "id") -> OutgoingMessage:
    """The /bahanrapat reply: the deck as a document named with the team and the period, with a short caption
    (CPU: call in a thread)."""
    caption = t("deck.caption", lang, team=html.escape(data.team.name), period=html.escape(data.period.label(lang)))
    return OutgoingMessage(text=caption, document=build_deck(data, lang), filename=deck_filename(data))
