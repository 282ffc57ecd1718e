"""Writing a plan file (YAML or XLSX) that :mod:`planfile.read` reads back to an equal plan."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml

from domain.periods import Period, month_name
from domain.plan import DEFAULT_ACHIEVEMENT_CAP, MEASURE_OF_KIND, Plan, PlanTarget, PlanTeam
from planfile.read import OPTIONAL_COLUMNS, SHEETS, format_of, plain_value

_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def short_period(key: str) -> str:
    """How the file writes a period of the team's own year: ``Q1`` or the Indonesian month name."""
    period = Period.from_key(key)
    return f"Q{period.index}" if period.kind == "quarter" else month_name(period.index)


def _flow(value: Any) -> str:
    """One YAML value on one line, quoted where YAML needs it."""
    text = yaml.dump(value, Dumper=_DUMPER, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1 << 30)
    return text.removesuffix("\n").removesuffix("\n...").removesuffix("\n")


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def dump_yaml(plan: Plan) -> str:
    """The plan as a YAML file a person can edit; :func:`parse_yaml` reads it back to an equal plan."""
    t = plan.team
    lines = [
        f"# Pantau plan of {t.code}, {t.year}. Format: examples/README.md. Import: pantau plan import FILE",
        "team:",
        f"  code: {_flow(t.code)}",
        f"  name: {_flow(t.name)}",
    ]
    if t.region:
        lines.append(f"  region: {_flow(t.region)}")
    lines += [
        f"  timezone: {_flow(t.timezone)}",
        f"  period: {t.period}",
        f"  year: {t.year}",
        f"  deadline_working_days: {t.deadline_working_days}",
        f"  lock_days: {t.lock_days}",
        f"  thresholds: {_flow([_num(x) for x in t.thresholds])}",
    ]
    lines += [f"  {key}: {_flow(value)}" for key, value in _reading_rows(t)]
    if t.reminders:
        lines.append("  reminders:")
        lines += [f"    {k}: {_flow(v)}" for k, v in t.reminders.items()]
    lines.append("organizations:" if plan.organizations else "organizations: []")
    lines += [f"  - {_flow({'code': o.code, 'name': o.name, 'kind': o.kind})}" for o in plan.organizations]
    lines.append("programs:" if plan.programs else "programs: []")
    for program in plan.programs:
        lines += [f"  - code: {_flow(program.code)}", f"    name: {_flow(program.name)}"]
        if not program.activities:
            lines.append("    activities: []")
            continue
        lines.append("    activities:")
        for a in program.activities:
            lines += [
                f"      - code: {_flow(a.code)}",
                f"        name: {_flow(a.name)}",
                f"        organization: {_flow(a.organization)}",
            ]
            if a.indicator:
                lines.append(f"        indicator: {_flow(a.indicator)}")
            if a.unit:
                lines.append(f"        unit: {_flow(a.unit)}")
            lines.append(f"        measure: {MEASURE_OF_KIND[a.kind]}")
            if a.direction != "naik":
                lines.append(f"        arah: {a.direction}")
            if a.budget_ceiling is not None:
                lines.append(f"        budget_ceiling: {a.budget_ceiling}")
            if a.targets:
                lines.append("        targets:")
                for target in a.targets:
                    lines.append(f"          {short_period(target.period)}: {_flow(_target_spec(target))}")
    if plan.exemptions:
        lines.append("exemptions:")
        lines += [
            "  - " + _flow({"organization": e.organization, "period": short_period(e.period), "reason": e.reason})
            for e in plan.exemptions
        ]
    return "\n".join(lines) + "\n"


def _reading_rows(t: PlanTeam) -> list[tuple[str, Any]]:
    """How the team reads achievement, only where it is not the default (a plan without them writes as before)."""
    rows: list[tuple[str, Any]] = []
    if t.achievement_cap != DEFAULT_ACHIEVEMENT_CAP:
        rows.append(("batas_capaian", "tanpa" if t.achievement_cap is None else t.achievement_cap))
    if t.rating_scale != "predikat":
        rows.append(("skala", t.rating_scale))
        if t.yellow_limit != 25:
            rows.append(("lampu", {"kuning": _num(t.yellow_limit)}))
    return rows


def _target_spec(target: PlanTarget) -> Any:
    if target.value_range is not None:
        low, high = target.value_range
        spec: dict[str, Any] = {"min": _num(low), "max": _num(high)}
    elif target.budget is None and target.physical is None:
        return _num(target.value)
    else:
        spec = {"value": _num(target.value)}
    if target.budget is not None:
        spec["budget"] = target.budget
    if target.physical is not None:
        spec["physical"] = _num(target.physical)
    return spec


def xlsx_bytes(plan: Plan) -> bytes:
    """The plan as a workbook with the sheets team, organizations, activities, targets, exemptions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    book.remove(book.worksheets[0])
    columns = _columns(plan)
    for name, ws in sheets.items():
        ws.append(list(columns[name]))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    t = plan.team
    team_rows: list[tuple[str, Any]] = [
        ("code", t.code),
        ("name", t.name),
        ("region", t.region or None),
        ("timezone", t.timezone),
        ("period", t.period),
        ("year", t.year),
        ("deadline_working_days", t.deadline_working_days),
        ("lock_days", t.lock_days),
        ("thresholds", ", ".join(plain_value(x) for x in t.thresholds)),
    ]
    for key, value in _reading_rows(t):
        if isinstance(value, dict):
            team_rows += [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            team_rows.append((key, value))
    for key, value in t.reminders.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        team_rows.append((f"reminders.{key}", value))
    for row in team_rows:
        sheets["team"].append(list(row))
    for o in plan.organizations:
        sheets["organizations"].append([o.code, o.name, o.kind])
    for program in plan.programs:
        if not program.activities:
            sheets["activities"].append([program.code, program.name])
        for a in program.activities:
            cells: list[Any] = [
                program.code,
                program.name,
                a.code,
                a.name,
                a.organization,
                a.indicator or None,
                a.unit or None,
                MEASURE_OF_KIND[a.kind],
                a.budget_ceiling,
            ]
            if "arah" in columns["activities"]:
                cells.append(a.direction)
            sheets["activities"].append(cells)
            for target in a.targets:
                value = None if target.value_range is not None else _num(target.value)
                cells = [a.code, short_period(target.period), value, target.budget, _physical(target)]
                if "value_min" in columns["targets"]:
                    cells += [_num(x) for x in target.value_range] if target.value_range else [None, None]
                sheets["targets"].append(cells)
    for e in plan.exemptions:
        sheets["exemptions"].append([e.organization, short_period(e.period), e.reason])
    widths = {"name": 48, "program_name": 32, "indicator": 40, "reason": 40, "value": 48}
    for name, ws in sheets.items():
        for i, column in enumerate(columns[name]):
            letter = chr(ord("A") + i)
            ws.column_dimensions[letter].width = widths.get(column, 16 if name != "team" else 24)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, int) and cell.value >= 10_000:
                    cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _columns(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Each sheet's columns: the optional ones (``arah``, ``value_min``, ``value_max``) only when the plan uses them,
    so a workbook of a plan without them has the columns it always had."""
    activities = [a for _, a in plan.activities()]
    used = {
        "arah": any(a.direction != "naik" for a in activities),
        "value_min": any(t.value_range is not None for a in activities for t in a.targets),
    }
    used["value_max"] = used["value_min"]
    return {
        name: tuple(c for c in columns if c not in OPTIONAL_COLUMNS.get(name, ()) or used[c])
        for name, columns in SHEETS.items()
    }


def _physical(target: PlanTarget) -> int | float | None:
    return None if target.physical is None else _num(target.physical)


def write_plan(plan: Plan, path: Path | str) -> None:
    """Write the plan in the format of ``path``'s extension."""
    path = Path(path)
    if format_of(path) == "xlsx":
        path.write_bytes(xlsx_bytes(plan))
    else:
        path.write_text(dump_yaml(plan), encoding="utf-8")
