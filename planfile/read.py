"""Reading a plan file (YAML or XLSX): parse and validate a team's plan, without touching the database.

A secretariat official edits the plan by hand, so validation collects every mistake at once and names the place of
each (``plan.yaml:42`` or ``plan.xlsx[targets]:7``). Both formats are first turned into the same tree of located
values (:class:`_Node`), and one checker turns that tree into the typed :class:`Plan`; so YAML and XLSX accept and
refuse exactly the same things. The format is documented in ``examples/README.md``.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from yaml.constructor import SafeConstructor

from domain import reminder_policy
from domain.indicators import CAP_CHOICES, DEFAULT_YELLOW_LIMIT, Direction, Kind
from domain.periods import PeriodKind, PeriodParseError, parse_period
from domain.plan import (
    DEFAULT_ACHIEVEMENT_CAP,
    DEFAULT_THRESHOLDS,
    WEEKDAYS,
    Plan,
    PlanActivity,
    PlanExemption,
    PlanIssue,
    PlanOrganization,
    PlanProgram,
    PlanTarget,
    PlanTeam,
    RatingScale,
    met_bound,
)

# Values as written, lower-cased with spaces and hyphens as "_": the Indonesian word first, then the English alias.
_KIND_ALIASES: dict[str, Kind] = {
    "per_periode": "per_periode",
    "per_period": "per_periode",
    "kumulatif": "kumulatif",
    "cumulative": "kumulatif",
    "tingkat": "tingkat",
    "level": "tingkat",
}
_DIRECTION_ALIASES: dict[str, Direction] = {"naik": "naik", "up": "naik", "turun": "turun", "down": "turun"}
_SCALE_ALIASES: dict[str, RatingScale] = {
    "predikat": "predikat",
    "predicate": "predikat",
    "lampu": "lampu",
    "traffic_light": "lampu",
}
_NO_CAP = ("tanpa", "none")
_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
# Column sizes of storage.models: checked here so PostgreSQL never refuses a long name halfway through an import.
_MAX = {"code": 40, "name": 300, "activity_name": 500, "indicator": 500, "unit": 60, "region": 200, "kind": 40}
_MAX_REASON = 1000


class PlanFileError(Exception):
    """A plan file that cannot be used; ``issues`` lists every mistake found, in file order."""

    def __init__(self, issues: list[PlanIssue]) -> None:
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


class PlanSourceError(Exception):
    """The file itself cannot be read (missing, unknown extension, not a spreadsheet): one line for the operator."""


# --- the located tree both formats are read into -----------------------------------------------------------------


@dataclass
class _Node:
    """A value with where it was written; mappings hold ``dict[str, _Node]``, sequences ``list[_Node]``."""

    value: Any
    where: str
    raw: str | None = None  # the text as written, for scalars (YAML "08" stays "08", not a failed octal)
    key_where: str | None = None  # where the key naming this value sits, for "unknown key" messages
    key: str | None = None  # the key as written (an alias such as "measure" for "jenis"), for messages


class _YamlScalars(SafeConstructor):
    """PyYAML's safe scalar resolution (ints, floats, booleans, null), applied node by node."""


# libyaml when present: ten times faster on a 3,000-activity plan, and its nodes carry the same line marks.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _yaml_tree(text: str, source: str, issues: list[PlanIssue]) -> _Node | None:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or "not valid YAML"
        issues.append(PlanIssue(f"{source}:{line}", f"YAML syntax: {problem}"))
        return None
    except yaml.YAMLError as exc:
        issues.append(PlanIssue(f"{source}:1", f"YAML syntax: {exc}"))
        return None
    if root is None:
        issues.append(PlanIssue(f"{source}:1", "the file is empty"))
        return None
    constructor = _YamlScalars()

    def convert(node: yaml.Node) -> _Node:
        where = f"{source}:{node.start_mark.line + 1}"
        if isinstance(node, yaml.MappingNode):
            out: dict[str, _Node] = {}
            for key_node, value_node in node.value:
                key_where = f"{source}:{key_node.start_mark.line + 1}"
                if not isinstance(key_node, yaml.ScalarNode):
                    issues.append(PlanIssue(key_where, "a key must be a plain word"))
                    continue
                key = str(key_node.value).strip()
                if key in out:
                    issues.append(PlanIssue(key_where, f'duplicate key "{key}"'))
                    continue
                child = convert(value_node)
                child.key_where = key_where
                if child.value is None and isinstance(value_node, yaml.ScalarNode):
                    child.where = key_where  # "unit:" with nothing after it: point at the key's line
                out[key] = child
            return _Node(out, where)
        if isinstance(node, yaml.SequenceNode):
            return _Node([convert(n) for n in node.value], where)
        try:
            value = constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            value = node.value
        if isinstance(value, datetime | date):
            value = node.value  # a written date stays text: the period reader decides what it means
        return _Node(value, where, raw=str(node.value))

    return convert(root)


def _key_where(node: _Node) -> str:
    return node.key_where or node.where


# --- XLSX into the same tree --------------------------------------------------------------------------------------

SHEETS: dict[str, tuple[str, ...]] = {
    "team": ("key", "value"),
    "organizations": ("code", "name", "kind"),
    "activities": (
        "program_code",
        "program_name",
        "code",
        "name",
        "organization",
        "indicator",
        "unit",
        "measure",
        "budget_ceiling",
        "arah",
    ),
    "targets": ("activity", "period", "value", "budget", "physical", "value_min", "value_max"),
    "exemptions": ("organization", "period", "reason"),
}
# Columns a workbook writes only when a plan uses them, so a plan without them exports as it always did.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"activities": ("arah",), "targets": ("value_min", "value_max")}
# Other names a column may have (the checker reads them as the keys' aliases).
_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "activities": ("jenis", "direction"),
    "targets": ("nilai_min", "nilai_maks"),
}
_NESTED_TEAM_KEYS = ("reminders", "lampu", "traffic_light")  # written as reminders.hour, lampu.kuning
_REQUIRED_SHEETS = ("team", "organizations", "activities")
_LIST_KEYS = ("thresholds", "reminders.before_deadline", "reminders.send_window")


def _cell(value: Any, where: str) -> _Node:
    """One spreadsheet cell as a scalar node; Excel's own types become what the YAML reader would give."""
    if isinstance(value, str):
        value = value.strip()
        return _Node(value if value else None, where, raw=value)
    if isinstance(value, datetime):
        text = f"{value.year:04d}-{value.month:02d}"  # a month typed as a date ("Mar-2022")
        return _Node(text, where, raw=text)
    if isinstance(value, time):
        text = f"{value.hour:02d}:{value.minute:02d}"
        return _Node(text, where, raw=text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _Node(value, where, raw=None if value is None else str(value))


def _split_list(node: _Node) -> _Node:
    """``91, 76, 66, 51`` in one cell is a list; ``07:00-18:00`` a window of two times."""
    if isinstance(node.value, str):
        parts = [p.strip() for p in re.split(r"[,;]|\s+-\s+|(?<=\d)-(?=\d)", node.value) if p.strip()]
        return _Node([_Node(_numeric_text(p), node.where, raw=p) for p in parts], node.where)
    if node.value is None:
        return node
    return _Node([node], node.where)


def _numeric_text(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return text


def _xlsx_tree(data: bytes, source: str, issues: list[PlanIssue]) -> _Node | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException…: all mean "not XLSX"
        raise PlanSourceError(f"{source}: not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        names = {n.strip().lower(): n for n in book.sheetnames}
        missing = [s for s in _REQUIRED_SHEETS if s not in names]
        for sheet in missing:
            issues.append(PlanIssue(source, f'missing sheet "{sheet}" (sheets: {", ".join(SHEETS)})'))
        if missing:
            return None
        rows: dict[str, list[tuple[str, dict[str, _Node]]]] = {}
        for sheet, columns in SHEETS.items():
            rows[sheet] = _sheet_rows(book[names[sheet]], sheet, columns, source, issues) if sheet in names else []
    finally:
        book.close()
    return _tree_from_rows(rows, source, issues)


def _sheet_rows(
    ws: Any, sheet: str, columns: tuple[str, ...], source: str, issues: list[PlanIssue]
) -> list[tuple[str, dict[str, _Node]]]:
    """The data rows of one sheet as {column: node}; row 1 names the columns, blank rows are skipped."""
    out: list[tuple[str, dict[str, _Node]]] = []
    header: list[str | None] = []
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number == 1:
            for cell in row:
                name = str(cell).strip().lower() if cell is not None and str(cell).strip() else None
                if name is not None and name not in columns and name not in _COLUMN_ALIASES.get(sheet, ()):
                    issues.append(PlanIssue(f"{source}[{sheet}]:1", _unknown(f'column "{cell}"', name, columns)))
                    name = None
                header.append(name)
            for required in columns[:2] if sheet != "targets" else ("activity", "period", "value"):
                if required not in header:
                    issues.append(PlanIssue(f"{source}[{sheet}]:1", f'missing column "{required}"'))
            continue
        where = f"{source}[{sheet}]:{number}"
        values = {name: _cell(cell, where) for name, cell in zip(header, row, strict=False) if name is not None}
        if all(n.value is None for n in values.values()):
            continue
        out.append((where, {k: v for k, v in values.items() if v.value is not None}))
    return out


def _tree_from_rows(rows: dict[str, list[tuple[str, dict[str, _Node]]]], source: str, issues: list[PlanIssue]) -> _Node:
    team: dict[str, _Node] = {}
    nested: dict[str, dict[str, _Node]] = {}
    nested_where: dict[str, str] = {}
    first = f"{source}[team]:1"
    for where, row in rows["team"]:
        key_node = row.get("key")
        if key_node is None or not isinstance(key_node.value, str):
            issues.append(PlanIssue(where, "a team row needs a key in column A"))
            continue
        key = key_node.value.strip().lower()
        value = row.get("value", _Node(None, where))
        if key in _LIST_KEYS:
            value = _split_list(value)
        prefix, dot, name = key.partition(".")
        if dot and prefix in _NESTED_TEAM_KEYS:
            target = nested.setdefault(prefix, {})
            nested_where.setdefault(prefix, where)
        else:
            target, name = team, key
        if name in target:
            issues.append(PlanIssue(where, f'duplicate key "{key}"'))
            continue
        value.key_where = where
        target[name] = value
    for prefix, values in nested.items():
        if prefix in team:
            issues.append(PlanIssue(nested_where[prefix], f'duplicate key "{prefix}"'))
            continue
        team[prefix] = _Node(values, nested_where[prefix], key_where=nested_where[prefix])

    organizations = [_Node(row, where) for where, row in rows["organizations"]]

    programs: dict[str, dict[str, _Node]] = {}
    activities_by_code: dict[str, dict[str, _Node]] = {}
    program_list: list[_Node] = []
    for where, row in rows["activities"]:
        program_code = row.pop("program_code", None)
        program_name = row.pop("program_name", None)
        if program_code is None:
            issues.append(PlanIssue(where, 'missing "program_code"'))
            continue
        key = str(program_code.value)
        program = programs.get(key)
        if program is None:
            program = {"code": program_code, "activities": _Node([], where)}
            if program_name is not None:
                program["name"] = program_name
            programs[key] = program
            program_list.append(_Node(program, where))
        elif program_name is not None and "name" in program and program_name.value != program["name"].value:
            issues.append(
                PlanIssue(
                    where,
                    f'program {key}: name "{program_name.value}" differs from "{program["name"].value}" '
                    f"at {program['name'].where}",
                )
            )
        elif program_name is not None and "name" not in program:
            program["name"] = program_name
        if not row:
            continue  # a row naming only the program: a program without activities yet
        program["activities"].value.append(_Node(row, where))
        if "code" in row:
            activities_by_code.setdefault(str(row["code"].value), row)

    for where, row in rows["targets"]:
        activity_node = row.pop("activity", None)
        if activity_node is None:
            issues.append(PlanIssue(where, 'missing "activity"'))
            continue
        activity_row = activities_by_code.get(str(activity_node.value))
        if activity_row is None:
            issues.append(PlanIssue(where, f'activity "{activity_node.value}" is not in the activities sheet'))
            continue
        targets = activity_row.setdefault("targets", _Node([], where))
        targets.value.append(_Node(row, where))

    exemptions = [_Node(row, where) for where, row in rows["exemptions"]]
    root = {
        "team": _Node(team, first),
        "organizations": _Node(organizations, f"{source}[organizations]:1"),
        "programs": _Node(program_list, f"{source}[activities]:1"),
        "exemptions": _Node(exemptions, f"{source}[exemptions]:1"),
    }
    return _Node(root, source)


# --- the checker: one tree in, a Plan or a list of issues out ----------------------------------------------------


def _unknown(what: str, name: str, allowed: Iterable[str], aliases: Iterable[str] = ()) -> str:
    """``unknown key "x" (did you mean "y"?)``, else the list of what is allowed (aliases are suggested, not listed)."""
    allowed = list(allowed)
    close = difflib.get_close_matches(name, [*allowed, *aliases], n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else f" (expected: {', '.join(allowed)})"
    return f"unknown {what}{hint}"


def plain_value(value: Any) -> str:
    """A number as people write it in the file: 50 rather than 50.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_T = TypeVar("_T", bound=str)


class _Checker:
    """Walks the located tree, converts values and records every issue instead of stopping at the first."""

    def __init__(self) -> None:
        self.issues: list[PlanIssue] = []

    def error(self, node: _Node | str, message: str) -> None:
        where = node if isinstance(node, str) else node.where
        self.issues.append(PlanIssue(where, message))

    # shapes

    def mapping(
        self,
        node: _Node,
        label: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
        aliases: Mapping[str, str] | None = None,
    ) -> dict[str, _Node] | None:
        """The allowed keys of a mapping, an alias read as its key (``measure`` as ``jenis``); each child
        remembers the key it was written with, so messages use the writer's word."""
        if not isinstance(node.value, dict):
            self.error(node, f"{label}: expected keys such as {', '.join(required or allowed)}")
            return None
        aliases = aliases or {}
        fields: dict[str, _Node] = {}
        for key, child in node.value.items():
            name = aliases.get(key, key)
            if name not in allowed:
                self.error(_key_where(child), f"{label}: " + _unknown(f'key "{key}"', key, allowed, aliases))
                continue
            if name in fields:
                self.error(_key_where(child), f'{label}: "{fields[name].key}" and "{key}" are the same key; keep one')
                continue
            child.key = child.key or key  # a row's cells keep the column name they were written under
            fields[name] = child
        for key in required:
            if key not in fields or fields[key].value is None:
                place = fields[key].where if key in fields else _key_where(node)
                self.error(place, f'{label}: missing "{key}"')
        return fields

    def sequence(self, node: _Node | None, label: str) -> list[_Node]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.error(node, f"{label}: expected a list (lines starting with -)")
            return []
        items: list[_Node] = node.value
        return items

    # scalars

    def text(self, node: _Node | None, label: str, limit: int, default: str = "") -> str:
        if node is None or node.value is None:
            return default
        value = node.value
        if isinstance(value, dict | list):
            self.error(node, f"{label}: expected text")
            return default
        text = plain_value(value).strip() if not isinstance(value, bool) else (node.raw or str(value))
        if len(text) > limit:
            self.error(node, f"{label}: too long ({len(text)} characters, at most {limit})")
        return text

    def choice(
        self, node: _Node | None, label: str, key: str, words: Mapping[str, _T], default: _T, expected: str
    ) -> _T | None:
        """One of a few words (``naik``, ``up``…), read case-insensitively with spaces and hyphens as ``_``; an
        unknown word is refused naming ``expected`` (None returned)."""
        if node is None or node.value is None:
            return default
        said = node.key or key
        text = self.text(node, f"{label}: {said}", 40)
        found = words.get(re.sub(r"[\s-]+", "_", text.strip().lower()))
        if found is None:
            self.error(node, f'{label}: {said} "{text}" must be {expected}')
        return found

    def code(self, node: _Node | None, label: str) -> str:
        text = self.text(node, label, _MAX["code"])
        if node is not None and text and not _CODE_RE.match(text):
            self.error(node, f'{label}: "{text}" is not a code (letters, digits and - _ . / only, no spaces)')
        return text

    def integer(
        self, node: _Node | None, label: str, default: int | None, lo: int | None = None, hi: int | None = None
    ) -> int | None:
        if node is None or node.value is None:
            return default
        value = node.value
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            value = int(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(node, f'{label} "{node.raw if node.raw is not None else value}" is not a whole number')
            return default
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"from {lo} to {hi}" if hi is not None else f"at least {lo}"
            self.error(node, f"{label} {value} is out of range ({bounds})")
            return default
        return value

    def number(self, node: _Node | None, label: str, lo: float | None = 0.0, hi: float | None = None) -> float | None:
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, str):
            value = _parse_decimal(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(node, f'{label} "{node.raw if node.raw is not None else node.value}" is not a number')
            return None
        result = float(value)
        if result != result or result in (float("inf"), float("-inf")):
            self.error(node, f"{label} is not a finite number")
            return None
        if lo is not None and result < lo:
            self.error(node, f"{label} must not be negative (got {plain_value(result)})")
            return None
        if hi is not None and result > hi:
            self.error(node, f"{label} must be at most {plain_value(hi)} (got {plain_value(result)})")
            return None
        return result

    def money(self, node: _Node | None, label: str) -> int | None:
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, str):
            value = _parse_rupiah(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            shown = node.raw if node.raw is not None else node.value
            self.error(node, f'{label} "{shown}" is not a whole number of Rupiah')
            return None
        if value < 0:
            self.error(node, f"{label} must not be negative (got {value})")
            return None
        return value

    def period(self, node: _Node | None, label: str, kind: PeriodKind | None, year: int | None) -> str | None:
        if node is None or node.value is None:
            return None
        text = node.raw if node.raw is not None else plain_value(node.value)
        if kind is None or year is None:
            return None  # the team's own period or year is wrong: already reported once
        key, problem = _period_key(text, kind, year)
        if problem == "wrong_kind":
            other = "quarter" if kind == "month" else "month"
            self.error(node, f'{label}: "{text}" is a {other} but the team reports per {kind}')
        elif problem == "other_year":
            self.error(node, f'{label}: period "{text}" is not in the team\'s year {year}')
        elif problem:
            hint = "Q1…Q4 (or TW1, 2022-Q1)" if kind == "quarter" else "01…12 or a month name (Maret, 2022-03)"
            self.error(node, f'{label}: bad period "{text}": write {hint}')
        return key


@lru_cache(maxsize=4096)
def _period_key(text: str, kind: PeriodKind, year: int) -> tuple[str | None, str | None]:
    """(key, None) or (None, what is wrong); cached, as a big plan repeats the same dozen period names."""
    try:
        period = parse_period(text, kind, year)
    except PeriodParseError as exc:
        return None, exc.reason
    if period.year != year:
        return None, "other_year"
    return period.key, None


def _parse_decimal(text: str) -> float | str:
    """``75,5`` and ``1.250`` as Indonesians write them; anything else is returned unchanged (and refused)."""
    s = text.strip().replace(" ", "").removesuffix("%")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", s):
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return text


def _parse_rupiah(text: str) -> int | str:
    """``Rp 250.000.000`` or ``250_000_000`` as a whole number; ``2,5`` is not Rupiah and stays text."""
    s = re.sub(r"^rp\.?\s*", "", text.strip(), flags=re.IGNORECASE)
    s = s.replace(" ", "").replace("_", "")
    if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", s) and len({c for c in s if c in ".,"}) == 1:
        s = s.replace(".", "").replace(",", "")
    if re.fullmatch(r"-?\d+", s):
        return int(s)
    return text


_TEAM_KEYS = (
    "code",
    "name",
    "region",
    "timezone",
    "period",
    "year",
    "deadline_working_days",
    "lock_days",
    "thresholds",
    "reminders",
    "batas_capaian",
    "skala",
    "lampu",
)
_TEAM_ALIASES = {"cap": "batas_capaian", "rating_scale": "skala", "traffic_light": "lampu"}
_LIGHT_KEYS = ("kuning",)
_LIGHT_ALIASES = {"yellow": "kuning"}
_REMINDER_KEYS = reminder_policy.KEYS
_ORG_KEYS = ("code", "name", "kind")
_PROGRAM_KEYS = ("code", "name", "activities")
_ACTIVITY_KEYS = (
    "code",
    "name",
    "organization",
    "indicator",
    "unit",
    "jenis",
    "arah",
    "budget_ceiling",
    "targets",
)
_ACTIVITY_ALIASES = {"measure": "jenis", "direction": "arah"}
_TARGET_KEYS = ("value", "min", "max", "budget", "physical")
_TARGET_ROW_KEYS = ("period", *_TARGET_KEYS)
_TARGET_ALIASES = {
    "nilai": "value",
    "value_min": "min",
    "nilai_min": "min",
    "maks": "max",
    "value_max": "max",
    "nilai_maks": "max",
}
_EXEMPTION_KEYS = ("organization", "period", "reason")


def _named(what: str, node: _Node, key: str = "code") -> str:
    """``activity UGD-03`` when the item names its code, so messages say which one; else just ``activity``."""
    if isinstance(node.value, dict):
        code = node.value.get(key)
        if code is not None and isinstance(code.value, str | int) and not isinstance(code.value, bool):
            return f"{what} {code.value}"
    return what


def _check(root: _Node) -> Plan | None:
    c = _Checker()
    top = c.mapping(root, "plan", ("team", "organizations", "programs", "exemptions"), ("team",))
    if top is None:
        raise PlanFileError(c.issues)
    team, periods_ok = _check_team(c, top["team"]) if "team" in top else (None, False)
    # With a wrong year or period kind no period key can be judged: skip them rather than flood the operator.
    kind: PeriodKind | None = team.period if team and periods_ok else None
    year = team.year if team and periods_ok else None

    orgs: list[PlanOrganization] = []
    seen_orgs: dict[str, _Node] = {}
    for node in c.sequence(top.get("organizations"), "organizations"):
        fields = c.mapping(node, _named("organization", node), _ORG_KEYS, ("code", "name"))
        if fields is None:
            continue
        code = c.code(fields.get("code"), "organization")
        label = f"organization {code}" if code else "organization"
        org = PlanOrganization(
            code=code,
            name=c.text(fields.get("name"), label + ": name", _MAX["name"]),
            kind=c.text(fields.get("kind"), label + ": kind", _MAX["kind"], default="OPD") or "OPD",
        )
        if code and code in seen_orgs:
            c.error(node, f'duplicate organization code "{code}" (first at {seen_orgs[code].where})')
            continue
        if code:
            seen_orgs[code] = node
        orgs.append(org)

    programs: list[PlanProgram] = []
    seen_programs: dict[str, _Node] = {}
    seen_activities: dict[str, _Node] = {}
    for pnode in c.sequence(top.get("programs"), "programs"):
        fields = c.mapping(pnode, _named("program", pnode), _PROGRAM_KEYS, ("code", "name"))
        if fields is None:
            continue
        pcode = c.code(fields.get("code"), "program")
        plabel = f"program {pcode}" if pcode else "program"
        if pcode and pcode in seen_programs:
            c.error(pnode, f'duplicate program code "{pcode}" (first at {seen_programs[pcode].where})')
        elif pcode:
            seen_programs[pcode] = pnode
        activities: list[PlanActivity] = []
        for anode in c.sequence(fields.get("activities"), plabel + ": activities"):
            activity = _check_activity(c, anode, seen_orgs, seen_activities, kind, year)
            if activity is not None:
                activities.append(activity)
        programs.append(
            PlanProgram(
                code=pcode,
                name=c.text(fields.get("name"), plabel + ": name", _MAX["name"]),
                activities=tuple(activities),
            )
        )

    exemptions: list[PlanExemption] = []
    seen_exemptions: dict[tuple[str, str], _Node] = {}
    for node in c.sequence(top.get("exemptions"), "exemptions"):
        fields = c.mapping(
            node, _named("exemption", node, "organization"), _EXEMPTION_KEYS, ("organization", "period", "reason")
        )
        if fields is None:
            continue
        org_code = c.text(fields.get("organization"), "exemption: organization", _MAX["code"])
        label = f"exemption {org_code}" if org_code else "exemption"
        if org_code and org_code not in seen_orgs:
            c.error(fields["organization"], f'{label}: organization "{org_code}" is not in organizations')
        period = c.period(fields.get("period"), label, kind, year)
        reason = c.text(fields.get("reason"), label + ": reason", _MAX_REASON)
        if org_code and period:
            key = (org_code, period)
            if key in seen_exemptions:
                c.error(node, f"{label}: duplicate exemption for {period} (first at {seen_exemptions[key].where})")
                continue
            seen_exemptions[key] = node
            exemptions.append(PlanExemption(organization=org_code, period=period, reason=reason))

    if c.issues or team is None:
        raise PlanFileError(c.issues)
    exemptions.sort(key=lambda e: (e.period, e.organization))
    return Plan(team=team, organizations=tuple(orgs), programs=tuple(programs), exemptions=tuple(exemptions))


def _check_team(c: _Checker, node: _Node) -> tuple[PlanTeam | None, bool]:
    """The team, and whether its year and period kind are good enough to judge period keys."""
    fields = c.mapping(node, "team", _TEAM_KEYS, ("code", "name", "year"), _TEAM_ALIASES)
    if fields is None:
        return None, False
    code = c.code(fields.get("code"), "team: code")
    zone = c.text(fields.get("timezone"), "team: timezone", 64, default="Asia/Jakarta")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        c.error(
            fields["timezone"],
            f'team: unknown time zone "{zone}": use Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)',
        )
    kind_text = c.text(fields.get("period"), "team: period", 20, default="quarter").lower()
    kind_aliases = {"quarter": "quarter", "triwulan": "quarter", "month": "month", "bulan": "month"}
    kind: Any = kind_aliases.get(kind_text)
    if kind is None:
        c.error(fields["period"], f'team: period "{kind_text}" must be quarter or month')
    year = c.integer(fields.get("year"), "team: year", None, 2000, 2100)
    thresholds = _check_thresholds(c, fields.get("thresholds"))
    reminders = _check_reminders(c, fields["reminders"]) if "reminders" in fields else {}
    cap = _check_cap(c, fields.get("batas_capaian"))
    scale = c.choice(
        fields.get("skala"), "team", "skala", _SCALE_ALIASES, "predikat", "predikat or lampu (predicate, traffic_light)"
    )
    yellow = _check_lights(c, fields.get("lampu"), scale)
    team = PlanTeam(
        code=code,
        name=c.text(fields.get("name"), "team: name", _MAX["name"]),
        year=year or 0,
        region=c.text(fields.get("region"), "team: region", _MAX["region"]),
        timezone=zone,
        period=kind or "quarter",
        deadline_working_days=c.integer(fields.get("deadline_working_days"), "team: deadline_working_days", 10, 0, 60)
        or 0,
        lock_days=c.integer(fields.get("lock_days"), "team: lock_days", 30, 0, 366) or 0,
        thresholds=thresholds,
        reminders=reminders,
        achievement_cap=cap,
        rating_scale=scale or "predikat",
        yellow_limit=yellow,
    )
    return team, year is not None and kind is not None


def _check_cap(c: _Checker, node: _Node | None) -> int | None:
    """The cap on an activity's achievement in averages: 100, 110, 120 or 150 (%), or ``tanpa`` (no cap)."""
    if node is None or node.value is None:
        return DEFAULT_ACHIEVEMENT_CAP
    value = node.value
    if isinstance(value, str):
        text = value.strip().lower().removesuffix("%").strip()
        if text in _NO_CAP:
            return None
        value = _numeric_text(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, bool) and isinstance(value, int) and value in CAP_CHOICES:
        return value
    choices = ", ".join(str(x) for x in CAP_CHOICES if x is not None)
    shown = node.raw if node.raw is not None else node.value
    c.error(node, f'team: {node.key or "batas_capaian"} "{shown}" must be {choices} or tanpa (no cap)')
    return DEFAULT_ACHIEVEMENT_CAP


def _check_lights(c: _Checker, node: _Node | None, scale: RatingScale | None) -> float:
    """The traffic light's kuning limit (a gap to target in %, default 25); read only when the team rates by lampu."""
    default = float(DEFAULT_YELLOW_LIMIT)
    if node is None or node.value is None:
        return default
    said = node.key or "lampu"
    fields = c.mapping(node, f"team: {said}", _LIGHT_KEYS, ("kuning",), _LIGHT_ALIASES)
    if fields is None:
        return default
    if scale == "predikat":
        c.error(_key_where(node), f"team: {said} is read only with skala: lampu (this team rates by predikat)")
        return default
    limit_node = fields.get("kuning")
    limit = c.number(limit_node, f"team: {said}: {limit_node.key if limit_node else 'kuning'}", 0, 100)
    if limit is None:
        return default
    if limit == 0:
        c.error(
            limit_node or node,
            f"team: {said}: kuning must be more than 0: the gap to target in % below which a light is kuning, e.g. 25",
        )
        return default
    return limit


def _check_thresholds(c: _Checker, node: _Node | None) -> tuple[float, ...]:
    if node is None or node.value is None:
        return DEFAULT_THRESHOLDS
    items = c.sequence(node, "team: thresholds")
    values = [c.number(item, "team: thresholds", 0, 100) for item in items]
    if any(v is None for v in values):
        return DEFAULT_THRESHOLDS
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) != 4:
        c.error(node, "team: thresholds must be four lower bounds (sangat tinggi, tinggi, sedang, rendah)")
    elif any(a <= b for a, b in itertools.pairwise(numbers)):
        shown = ", ".join(plain_value(n) for n in numbers)
        example = ", ".join(plain_value(n) for n in DEFAULT_THRESHOLDS)
        c.error(node, f"team: thresholds must be strictly decreasing, e.g. {example} (got {shown})")
    return tuple(numbers)


def _check_reminders(c: _Checker, node: _Node) -> dict[str, Any]:
    """The reminder policy, judged by ``domain.reminder_policy``'s rules; stored as the jobs read it."""
    rules = reminder_policy
    fields = c.mapping(node, "team: reminders", _REMINDER_KEYS)
    if fields is None:
        return {}
    out: dict[str, Any] = {}
    for key in rules.HOUR_KEYS:
        if key in fields:
            value = c.integer(fields[key], f"team: reminders: {key}", None, *rules.HOURS)
            if value is not None:
                out[key] = value
    if "escalation_every" in fields:
        value = c.integer(
            fields["escalation_every"], "team: reminders: escalation_every", None, *rules.ESCALATION_EVERY
        )
        if value is not None:
            out["escalation_every"] = value
    if "before_deadline" in fields:
        items = c.sequence(fields["before_deadline"], "team: reminders: before_deadline")
        days = [c.integer(i, "team: reminders: before_deadline", None, *rules.DAYS_BEFORE_DEADLINE) for i in items]
        if all(d is not None for d in days):
            out["before_deadline"] = list(rules.reminder_days(d for d in days if d is not None))
    if "send_window" in fields:
        items = c.sequence(fields["send_window"], "team: reminders: send_window")
        times = [_hhmm(i) for i in items]
        if len(times) != 2 or times[0] is None or times[1] is None:
            c.error(fields["send_window"], 'team: reminders: send_window must be two times, e.g. ["07:00", "18:00"]')
        elif not rules.window_ok(times[0], times[1]):
            c.error(fields["send_window"], "team: reminders: send_window must start before it ends")
        else:
            out["send_window"] = [t.strftime("%H:%M") for t in (times[0], times[1])]
    if "digest_weekday" in fields:
        day = c.text(fields["digest_weekday"], "team: reminders: digest_weekday", 20).lower()
        index = rules.weekday(day)
        if index is None:
            c.error(fields["digest_weekday"], f'team: reminders: digest_weekday "{day}" is not a day (monday…sunday)')
        else:
            out["digest_weekday"] = WEEKDAYS[index]
    return {k: out[k] for k in _REMINDER_KEYS if k in out}  # one canonical order, whatever the file used


def _hhmm(node: _Node) -> time | None:
    value = node.value
    if isinstance(value, int) and 0 <= value < 24 * 60:
        value = f"{value // 60}:{value % 60:02d}"  # YAML 1.1 reads 07:00 as sexagesimal 420
    return reminder_policy.time_of_day(str(node.raw if isinstance(value, str) and node.raw else value))


def _check_activity(
    c: _Checker,
    node: _Node,
    orgs: dict[str, _Node],
    seen: dict[str, _Node],
    kind: PeriodKind | None,
    year: int | None,
) -> PlanActivity | None:
    fields = c.mapping(
        node, _named("activity", node), _ACTIVITY_KEYS, ("code", "name", "organization"), _ACTIVITY_ALIASES
    )
    if fields is None:
        return None
    code = c.code(fields.get("code"), "activity")
    label = f"activity {code}" if code else "activity"
    if code and code in seen:
        c.error(fields["code"], f'duplicate activity code "{code}" (first at {seen[code].where})')
    elif code:
        seen[code] = node
    org = c.text(fields.get("organization"), label + ": organization", _MAX["code"])
    if org and org not in orgs:
        c.error(fields["organization"], f'{label}: organization "{org}" is not in organizations')
    indicator_kind = c.choice(
        fields.get("jenis"),
        label,
        "jenis",
        _KIND_ALIASES,
        "per_periode",
        "per_periode, kumulatif or tingkat (per_period, cumulative, level)",
    )
    direction = c.choice(fields.get("arah"), label, "arah", _DIRECTION_ALIASES, "naik", "naik or turun (up, down)")
    if indicator_kind == "kumulatif" and direction == "turun":
        c.error(
            fields["arah"],
            f"{label}: a kumulatif indicator is a running total, which only goes up; a turun indicator is "
            "per_periode (a count per period) or tingkat (a level, e.g. a rate)",
        )
    ceiling = c.money(fields.get("budget_ceiling"), label + ": budget_ceiling")
    targets, places = _check_targets(
        c, fields.get("targets"), label, kind, year, direction or "naik", ranges=indicator_kind != "kumulatif"
    )
    if ceiling is not None and targets:
        planned = sum(t.budget or 0 for t in targets)
        if planned > ceiling:
            c.error(
                _key_where(fields["targets"]),
                f"{label}: planned budgets add up to {_rupiah(planned)} Rupiah, above the budget_ceiling "
                f"{_rupiah(ceiling)}",
            )
    if indicator_kind == "kumulatif":
        _check_non_decreasing(c, places, label, [(t.period, t.value) for t in targets], "value")
    physical = [(t.period, t.physical) for t in targets if t.physical is not None]
    _check_non_decreasing(c, places, label, physical, "physical (cumulative %)")
    return PlanActivity(
        code=code,
        name=c.text(fields.get("name"), label + ": name", _MAX["activity_name"]),
        organization=org,
        indicator=c.text(fields.get("indicator"), label + ": indicator", _MAX["indicator"]),
        unit=c.text(fields.get("unit"), label + ": unit", _MAX["unit"]),
        kind=indicator_kind or "per_periode",
        direction=direction or "naik",
        budget_ceiling=ceiling,
        targets=targets,
    )


def _check_non_decreasing(
    c: _Checker, places: dict[str, str], label: str, series: list[tuple[str, float]], what: str
) -> None:
    """A running total may stay or grow; the first period where it shrinks is named, at its own line."""
    for (p1, v1), (p2, v2) in itertools.pairwise(series):
        if v2 < v1:
            c.error(
                places[p2], f"{label}: {what} goes down from {plain_value(v1)} in {p1} to {plain_value(v2)} in {p2}"
            )
            return


def _rupiah(amount: int) -> str:
    """``250.000.000``: thousands with dots, as the budget documents write them."""
    return f"{amount:,}".replace(",", ".")


def _check_targets(
    c: _Checker,
    node: _Node | None,
    label: str,
    kind: PeriodKind | None,
    year: int | None,
    direction: Direction = "naik",
    *,
    ranges: bool = True,
) -> tuple[tuple[PlanTarget, ...], dict[str, str]]:
    """Targets as a mapping ``{Q1: {value, budget, physical}}`` / ``{Q1: 50}`` / ``{Q1: {min: 80, max: 90}}``, or
    a list of rows (the XLSX form). ``ranges``: whether a range is allowed (not for a running total)."""
    if node is None or node.value is None:
        return (), {}
    entries: list[tuple[_Node, _Node | None, _Node]] = []  # (period node, spec node, where)
    if isinstance(node.value, dict):
        for key, spec in node.value.items():
            entries.append((_Node(key, _key_where(spec), raw=key), spec, spec))
    elif isinstance(node.value, list):
        for row in node.value:
            fields = c.mapping(row, f"{label}: target", _TARGET_ROW_KEYS, ("period",), _TARGET_ALIASES)
            if fields is None or "period" not in fields:
                continue
            entries.append(
                (fields["period"], _Node({k: v for k, v in fields.items() if k != "period"}, row.where), row)
            )
    else:
        c.error(node, f"{label}: targets must map periods to values, e.g. Q1: {{value: 50}}")
        return (), {}
    out: dict[str, PlanTarget] = {}
    first: dict[str, str] = {}
    for period_node, spec, where in entries:
        period = c.period(period_node, label, kind, year)
        tlabel = f"{label}, target {period_node.raw or period_node.value}"
        if spec is None or spec.value is None:
            c.error(where, f"{tlabel}: missing value")
            continue
        value_range: tuple[float, float] | None = None
        if isinstance(spec.value, dict):
            fields = c.mapping(spec, tlabel, _TARGET_KEYS, (), _TARGET_ALIASES)
            if fields is None:
                continue
            value, value_range = _check_target_value(c, fields, spec, tlabel, direction, ranges)
            budget = c.money(fields.get("budget"), tlabel + ": budget")
            physical = c.number(fields.get("physical"), tlabel + ": physical", 0, 100)
        else:
            value, budget, physical = c.number(spec, tlabel + ": value"), None, None
        if period is None or value is None:
            continue
        if period in out:
            c.error(where, f"{label}: two targets for {period} (first at {first[period]})")
            continue
        first[period] = where.where
        out[period] = PlanTarget(period=period, value=value, budget=budget, physical=physical, value_range=value_range)
    return tuple(out[k] for k in sorted(out)), first


def _check_target_value(
    c: _Checker, fields: dict[str, _Node], spec: _Node, tlabel: str, direction: Direction, ranges: bool
) -> tuple[float | None, tuple[float, float] | None]:
    """A target's ``value``, or its range: ``min`` and ``max`` beside it, or ``value: {min, max}``. A range's value
    is its bound that counts as reaching it (``domain.plan.met_bound``)."""
    value_node, low_node, high_node = fields.get("value"), fields.get("min"), fields.get("max")
    if value_node is not None and isinstance(value_node.value, dict):
        inner = c.mapping(value_node, tlabel + ": value", ("min", "max"), (), _TARGET_ALIASES)
        if low_node is not None or high_node is not None:
            c.error(value_node, f"{tlabel}: the range is written twice (in value and beside it); keep one")
            return None, None
        if not inner:
            c.error(value_node, f"{tlabel}: value: write one number, or a range as {{min: 80, max: 90}}")
            return None, None
        low_node, high_node, value_node = inner.get("min"), inner.get("max"), None
    if low_node is None and high_node is None:
        if value_node is None or value_node.value is None:
            c.error(value_node or _Node(None, _key_where(spec)), f'{tlabel}: missing "value"')
            return None, None
        return c.number(value_node, tlabel + ": value"), None
    if value_node is not None and value_node.value is not None:
        said = (low_node or high_node or value_node).key
        c.error(value_node, f'{tlabel}: a target is one value or a range: write "value" or "{said}", not both')
        return None, None
    if not ranges:
        c.error(
            low_node or high_node or spec,
            f"{tlabel}: a kumulatif indicator's target is one running total, not a range: write value",
        )
        return None, None
    if low_node is None or high_node is None or low_node.value is None or high_node.value is None:
        c.error(low_node or high_node or spec, f"{tlabel}: a range needs both min and max, e.g. {{min: 80, max: 90}}")
        return None, None
    low = c.number(low_node, f"{tlabel}: {low_node.key}")
    high = c.number(high_node, f"{tlabel}: {high_node.key}")
    if low is None or high is None:
        return None, None
    if low > high:
        c.error(
            low_node,
            f"{tlabel}: {low_node.key} {plain_value(low)} is above {high_node.key} {plain_value(high)}",
        )
        return None, None
    return met_bound(direction, low, high), (low, high)


# --- reading --------------------------------------------------------------------------------------------------------

PlanFormat = Literal["yaml", "xlsx"]


def format_of(path: Path) -> PlanFormat:
    """``yaml`` for .yaml/.yml, ``xlsx`` for .xlsx; anything else is refused by name."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".xlsx":
        return "xlsx"
    raise PlanSourceError(f"{path}: unknown plan format {suffix or '(no extension)'!r}; use .yaml, .yml or .xlsx")


def parse_yaml(text: str, source: str = "plan.yaml") -> Plan:
    """Read a YAML plan; raises :class:`PlanFileError` listing every mistake with ``source:line``."""
    issues: list[PlanIssue] = []
    root = _yaml_tree(text, source, issues)
    if root is None:
        raise PlanFileError(issues)
    return _finish(root, issues)


def parse_xlsx(data: bytes, source: str = "plan.xlsx") -> Plan:
    """Read an XLSX plan; raises :class:`PlanFileError` listing every mistake with ``source[sheet]:row``."""
    issues: list[PlanIssue] = []
    root = _xlsx_tree(data, source, issues)
    if root is None:
        raise PlanFileError(issues)
    return _finish(root, issues)


def _finish(root: _Node, early: list[PlanIssue]) -> Plan:
    """Check the tree; structural issues found while reading (duplicate keys) are reported with the rest."""
    try:
        plan = _check(root)
    except PlanFileError as exc:
        raise PlanFileError(_ordered(early + exc.issues)) from None
    if early or plan is None:
        raise PlanFileError(_ordered(early))
    return plan


def _ordered(issues: list[PlanIssue]) -> list[PlanIssue]:
    """File order: by sheet as it appears, then line or row number."""

    def key(issue: PlanIssue) -> tuple[str, int]:
        match = re.search(r"^(.*?):(\d+)$", issue.where)
        return (match.group(1), int(match.group(2))) if match else (issue.where, 0)

    unique = list(dict.fromkeys(issues))
    return sorted(unique, key=key)


def load_plan(path: Path | str, source: str | None = None) -> Plan:
    """Read a plan file by its extension; :class:`PlanSourceError` if it cannot be read at all."""
    path = Path(path)
    fmt = format_of(path)
    shown = source or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanSourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PlanSourceError(f"{path}: is a directory, not a plan file") from None
    except OSError as exc:
        raise PlanSourceError(f"{path}: cannot read ({exc.strerror})") from None
    if fmt == "xlsx":
        return parse_xlsx(data, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # often Latin-1 or Windows-1252 from an old editor: point at the first byte
        line = data[: exc.start].count(b"\n") + 1
        raise PlanSourceError(f"{path}:{line}: not UTF-8 text; save the file as UTF-8") from None
    return parse_yaml(text, shown)


# --- writing --------------------------------------------------------------------------------------------------------


def issues_text(issues: Iterable[PlanIssue]) -> str:
    return "\n".join(str(i) for i in issues)
