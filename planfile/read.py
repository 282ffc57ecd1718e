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
from texts import LANGUAGES
from texts.render import Localised, Text, render

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
    """The file itself cannot be read (missing, unknown extension, not a spreadsheet, refused upload): one line.

    ``key`` and ``values`` are a catalogue text (``texts/planfile.py``), rendered with ``texts.render.render_error``
    in the person's language; ``str`` is the English line the CLI prints.
    """

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(render(key, values, "en"))
        self.key = key
        self.values: Mapping[str, object] = values

    def text(self, lang: str | None) -> str:
        """The refusal in ``lang`` (``id`` or ``en``)."""
        return render(self.key, self.values, lang)


# --- a mistake's words and place, in either language ---------------------------------------------------------------

_SHEET_WHERE = re.compile(r"^(.*)\[([^\[\]]+)\]:(\d+)$")
_LINE_WHERE = re.compile(r"^(.*):(\d+)$")


def place_text(where: str, lang: str | None) -> str:
    """``p.xlsx[targets]:7`` as ``p.xlsx, lembar targets, baris 7`` (``sheet targets, row 7``), ``p.yaml:7`` as
    ``p.yaml, baris 7`` (``line 7``); a place without a line (the file itself) as it is."""
    match = _SHEET_WHERE.match(where)
    if match:
        return render("planfile.where.sheet_row", {"source": match[1], "sheet": match[2], "row": match[3]}, lang)
    match = _LINE_WHERE.match(where)
    if match:
        return render("planfile.where.line", {"source": match[1], "line": match[2]}, lang)
    return where


@dataclass(frozen=True)
class _Place(Localised):
    """A place named inside a message ("first at …"): ``compact`` in the English message (as the CLI prints it),
    the words of :func:`place_text` when the mistake is told in a language (:func:`issue_text`)."""

    compact: str = ""

    @classmethod
    def at(cls, where: str) -> _Place:
        return cls(tuple(place_text(where, lang) for lang in LANGUAGES), where)


def _english(key: str, params: Mapping[str, object]) -> str:
    """The English message as the CLI has always printed it: places in their compact form."""
    return render(key, {k: v.compact if isinstance(v, _Place) else v for k, v in params.items()}, "en")


def _issue(where: str, key: str, /, **params: object) -> PlanIssue:
    return PlanIssue(where, _english(key, params), key, params)


def issue_text(issue: PlanIssue, lang: str | None) -> str:
    """One mistake as a person reads it in ``lang`` (``id`` or ``en``): ``place: message``, e.g.
    ``plan.xlsx, lembar activities, baris 7: kegiatan UGD-03: kode OPD "DINKES" tidak ada di daftar organisasi
    (organizations)``."""
    message = render(issue.key, issue.params, lang) if issue.key else issue.message
    return f"{place_text(issue.where, lang)}: {message}"


def _label(key: str, **values: object) -> Localised:
    """A label (``kegiatan UGD-03`` / ``activity UGD-03``) in every language."""
    return Localised.of(lambda lang: render(key, values, lang))


def _sub(label: Localised, name: str) -> Localised:
    """``label: name``, a key of the file under a label (``tim: reminders``, ``kegiatan A1: budget_ceiling``)."""
    return Localised(tuple(f"{text}: {name}" for text in label.texts))


_PLAN = _label("planfile.label.plan")
_TEAM = _label("planfile.label.team")


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
        issues.append(_issue(f"{source}:{line}", "planfile.yaml_syntax", problem=problem))
        return None
    except yaml.YAMLError as exc:
        issues.append(_issue(f"{source}:1", "planfile.yaml_syntax", problem=str(exc)))
        return None
    if root is None:
        issues.append(_issue(f"{source}:1", "planfile.empty"))
        return None
    constructor = _YamlScalars()

    def convert(node: yaml.Node) -> _Node:
        where = f"{source}:{node.start_mark.line + 1}"
        if isinstance(node, yaml.MappingNode):
            out: dict[str, _Node] = {}
            for key_node, value_node in node.value:
                key_where = f"{source}:{key_node.start_mark.line + 1}"
                if not isinstance(key_node, yaml.ScalarNode):
                    issues.append(_issue(key_where, "planfile.key_not_word"))
                    continue
                key = str(key_node.value).strip()
                if key in out:
                    issues.append(_issue(key_where, "planfile.duplicate_key", key=key))
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
        "dihentikan_mulai",
        "kode_bersama",
    ),
    "targets": ("activity", "period", "value", "budget", "physical", "value_min", "value_max"),
    "exemptions": ("organization", "period", "reason"),
}
# Columns a workbook writes only when a plan uses them, so a plan without them exports as it always did.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "activities": ("arah", "dihentikan_mulai", "kode_bersama"),
    "targets": ("value_min", "value_max"),
}
# Other names a column may have (the checker reads them as the keys' aliases).
_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "activities": ("jenis", "direction", "stopped_from", "shared_code"),
    "targets": ("nilai_min", "nilai_maks"),
}
# The guide for people that the writer puts first in a workbook (planfile.write); the reader skips it, as it skips
# every sheet that is not one of SHEETS.
GUIDE_SHEET = "Petunjuk"
_NESTED_TEAM_KEYS = ("reminders", "lampu", "traffic_light")  # written as reminders.hour, lampu.kuning
_REQUIRED_SHEETS = ("team", "organizations", "activities")
_LIST_KEYS = ("thresholds", "reminders.before_deadline", "reminders.send_window")
_MAX_COLUMNS = 64  # columns read in each sheet (a sheet has at most a dozen; more are a person's notes, unread)


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
        raise PlanSourceError("planfile.source.not_xlsx", path=source, error=type(exc).__name__) from None
    try:
        names = {n.strip().lower(): n for n in book.sheetnames}
        missing = [s for s in _REQUIRED_SHEETS if s not in names]
        for sheet in missing:
            issues.append(_issue(source, "planfile.missing_sheet", sheet=sheet, sheets=", ".join(SHEETS)))
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
    # At most _MAX_COLUMNS columns: openpyxl pads every row to the widest one, so a single cell in column XFD of a
    # far row would have a 12 KB file make millions of 16,384-wide rows.
    blank: tuple[Any, ...] | None = None  # openpyxl yields one tuple object for every missing row: skip it at once
    for number, row in enumerate(ws.iter_rows(values_only=True, max_col=_MAX_COLUMNS), start=1):
        if row is blank:
            continue
        if number > 1 and all(cell is None for cell in row):
            blank = row
            continue
        if number == 1:
            for cell in row:
                name = str(cell).strip().lower() if cell is not None and str(cell).strip() else None
                if name is not None and name not in columns and name not in _COLUMN_ALIASES.get(sheet, ()):
                    issues.append(
                        _unknown(f"{source}[{sheet}]:1", "planfile.unknown_column", {"column": cell}, name, columns)
                    )
                    name = None
                header.append(name)
            for required in columns[:2] if sheet != "targets" else ("activity", "period", "value"):
                if required not in header:
                    issues.append(_issue(f"{source}[{sheet}]:1", "planfile.missing_column", column=required))
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
            issues.append(_issue(where, "planfile.team_row_no_key"))
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
            issues.append(_issue(where, "planfile.duplicate_key", key=key))
            continue
        value.key_where = where
        target[name] = value
    for prefix, values in nested.items():
        if prefix in team:
            issues.append(_issue(nested_where[prefix], "planfile.duplicate_key", key=prefix))
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
            issues.append(_issue(where, "planfile.missing_cell", column="program_code"))
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
                _issue(
                    where,
                    "planfile.program_name_differs",
                    code=key,
                    name=program_name.value,
                    first=program["name"].value,
                    place=_Place.at(program["name"].where),
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
            issues.append(_issue(where, "planfile.missing_cell", column="activity"))
            continue
        activity_row = activities_by_code.get(str(activity_node.value))
        if activity_row is None:
            issues.append(_issue(where, "planfile.target_unknown_activity", code=activity_node.value))
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


def _unknown(
    where: str, key: str, params: dict[str, object], name: str, allowed: Iterable[str], aliases: Iterable[str] = ()
) -> PlanIssue:
    """``unknown key "x" (did you mean "y"?)``, else the list of what is allowed (aliases are suggested, not listed):
    the text ``key.suggest`` or ``key.list``."""
    allowed = list(allowed)
    close = difflib.get_close_matches(name, [*allowed, *aliases], n=1)
    if close:
        return _issue(where, key + ".suggest", **params, close=close[0])
    return _issue(where, key + ".list", **params, allowed=", ".join(allowed))


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

    def error(self, node: _Node | str, key: str, /, **params: object) -> None:
        """Record the mistake ``key`` (a text of ``texts/planfile.py``) with its values, at ``node``'s place."""
        where = node if isinstance(node, str) else node.where
        self.issues.append(_issue(where, key, **params))

    # shapes

    def mapping(
        self,
        node: _Node,
        label: Localised,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
        aliases: Mapping[str, str] | None = None,
    ) -> dict[str, _Node] | None:
        """The allowed keys of a mapping, an alias read as its key (``measure`` as ``jenis``); each child
        remembers the key it was written with, so messages use the writer's word."""
        if not isinstance(node.value, dict):
            self.error(node, "planfile.expected_keys", label=label, keys=", ".join(required or allowed))
            return None
        aliases = aliases or {}
        fields: dict[str, _Node] = {}
        for key, child in node.value.items():
            name = aliases.get(key, key)
            if name not in allowed:
                self.issues.append(
                    _unknown(
                        _key_where(child), "planfile.unknown_key", {"label": label, "key": key}, key, allowed, aliases
                    )
                )
                continue
            if name in fields:
                self.error(_key_where(child), "planfile.same_key", label=label, first=fields[name].key, second=key)
                continue
            child.key = child.key or key  # a row's cells keep the column name they were written under
            fields[name] = child
        for key in required:
            if key not in fields or fields[key].value is None:
                place = fields[key].where if key in fields else _key_where(node)
                self.error(place, "planfile.missing_key", label=label, key=key)
        return fields

    def sequence(self, node: _Node | None, label: Localised) -> list[_Node]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.error(node, "planfile.expected_list", label=label)
            return []
        items: list[_Node] = node.value
        return items

    # scalars

    def text(self, node: _Node | None, label: Localised, limit: int, default: str = "") -> str:
        if node is None or node.value is None:
            return default
        value = node.value
        if isinstance(value, dict | list):
            self.error(node, "planfile.expected_text", label=label)
            return default
        text = plain_value(value).strip() if not isinstance(value, bool) else (node.raw or str(value))
        if len(text) > limit:
            self.error(node, "planfile.too_long", label=label, length=len(text), limit=limit)
        return text

    def choice(
        self, node: _Node | None, label: Localised, key: str, words: Mapping[str, _T], default: _T, expected: str
    ) -> _T | None:
        """One of a few words (``naik``, ``up``…), read case-insensitively with spaces and hyphens as ``_``; an
        unknown word is refused naming ``expected``, a text of the catalogue (None returned)."""
        if node is None or node.value is None:
            return default
        said = node.key or key
        text = self.text(node, _sub(label, said), 40)
        found = words.get(re.sub(r"[\s-]+", "_", text.strip().lower()))
        if found is None:
            self.error(node, "planfile.bad_choice", label=label, key=said, value=text, expected=Text(expected))
        return found

    def code(self, node: _Node | None, label: Localised) -> str:
        text = self.text(node, label, _MAX["code"])
        if node is not None and text and not _CODE_RE.match(text):
            self.error(node, "planfile.not_a_code", label=label, value=text)
        return text

    def integer(
        self,
        node: _Node | None,
        label: Localised,
        default: int | None,
        lo: int | None = None,
        hi: int | None = None,
    ) -> int | None:
        if node is None or node.value is None:
            return default
        value = node.value
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            value = int(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(node, "planfile.not_whole", label=label, value=node.raw if node.raw is not None else value)
            return default
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            if hi is not None:
                self.error(node, "planfile.out_of_range", label=label, value=value, low=lo, high=hi)
            else:
                self.error(node, "planfile.below_minimum", label=label, value=value, low=lo)
            return default
        return value

    def number(
        self, node: _Node | None, label: Localised, lo: float | None = 0.0, hi: float | None = None
    ) -> float | None:
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, str):
            value = _parse_decimal(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(
                node, "planfile.not_a_number", label=label, value=node.raw if node.raw is not None else node.value
            )
            return None
        result = float(value)
        if result != result or result in (float("inf"), float("-inf")):
            self.error(node, "planfile.not_finite", label=label)
            return None
        if lo is not None and result < lo:
            self.error(node, "planfile.negative", label=label, value=plain_value(result))
            return None
        if hi is not None and result > hi:
            self.error(node, "planfile.above_maximum", label=label, limit=plain_value(hi), value=plain_value(result))
            return None
        return result

    def money(self, node: _Node | None, label: Localised) -> int | None:
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, str):
            value = _parse_rupiah(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            shown = node.raw if node.raw is not None else node.value
            self.error(node, "planfile.not_rupiah", label=label, value=shown)
            return None
        if value < 0:
            self.error(node, "planfile.negative", label=label, value=value)
            return None
        return value

    def period(self, node: _Node | None, label: Localised, kind: PeriodKind | None, year: int | None) -> str | None:
        if node is None or node.value is None:
            return None
        text = node.raw if node.raw is not None else plain_value(node.value)
        if kind is None or year is None:
            return None  # the team's own period or year is wrong: already reported once
        key, problem = _period_key(text, kind, year)
        if problem == "wrong_kind":
            key = "planfile.period_is_quarter" if kind == "month" else "planfile.period_is_month"
            self.error(node, key, label=label, value=text)
        elif problem == "other_year":
            self.error(node, "planfile.period_other_year", label=label, value=text, year=year)
        elif problem:
            self.error(node, f"planfile.bad_period.{kind}", label=label, value=text)
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
    "parent",
    "children_deadline_working_days",
    "bukti_menyusul_hari",
)
_TEAM_ALIASES = {
    "evidence_reminder_days": "bukti_menyusul_hari",
    "cap": "batas_capaian",
    "rating_scale": "skala",
    "traffic_light": "lampu",
    "induk": "parent",
    "tenggat_tutup": "children_deadline_working_days",
}
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
    "dihentikan_mulai",
    "kode_bersama",
    "targets",
)
_ACTIVITY_ALIASES = {
    "measure": "jenis",
    "direction": "arah",
    "stopped_from": "dihentikan_mulai",
    "shared_code": "kode_bersama",
}
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


def _named(what: str, node: _Node, key: str = "code") -> Localised:
    """``activity UGD-03`` when the item names its code, so messages say which one; else just ``activity``
    (``what``: ``activity``, ``organization``, ``program``, ``exemption``)."""
    if isinstance(node.value, dict):
        code = node.value.get(key)
        if code is not None and isinstance(code.value, str | int) and not isinstance(code.value, bool):
            return _label(f"planfile.label.{what}_code", code=code.value)
    return _label(f"planfile.label.{what}")


def _coded(what: str, code: str) -> Localised:
    """``activity A1`` once the code is read, else ``activity``."""
    return _label(f"planfile.label.{what}_code", code=code) if code else _label(f"planfile.label.{what}")


def _check(root: _Node) -> Plan | None:
    c = _Checker()
    top = c.mapping(root, _PLAN, ("team", "organizations", "programs", "exemptions"), ("team",))
    if top is None:
        raise PlanFileError(c.issues)
    team, periods_ok = _check_team(c, top["team"]) if "team" in top else (None, False)
    # With a wrong year or period kind no period key can be judged: skip them rather than flood the operator.
    kind: PeriodKind | None = team.period if team and periods_ok else None
    year = team.year if team and periods_ok else None

    orgs: list[PlanOrganization] = []
    seen_orgs: dict[str, _Node] = {}
    for node in c.sequence(top.get("organizations"), _label("planfile.label.organizations")):
        fields = c.mapping(node, _named("organization", node), _ORG_KEYS, ("code", "name"))
        if fields is None:
            continue
        code = c.code(fields.get("code"), _label("planfile.label.organization"))
        label = _coded("organization", code)
        org = PlanOrganization(
            code=code,
            name=c.text(fields.get("name"), _sub(label, "name"), _MAX["name"]),
            kind=c.text(fields.get("kind"), _sub(label, "kind"), _MAX["kind"], default="OPD") or "OPD",
        )
        if code and code in seen_orgs:
            c.error(node, "planfile.duplicate_organization", code=code, place=_Place.at(seen_orgs[code].where))
            continue
        if code:
            seen_orgs[code] = node
        orgs.append(org)

    programs: list[PlanProgram] = []
    seen_programs: dict[str, _Node] = {}
    seen_activities: dict[str, _Node] = {}
    for pnode in c.sequence(top.get("programs"), _label("planfile.label.programs")):
        fields = c.mapping(pnode, _named("program", pnode), _PROGRAM_KEYS, ("code", "name"))
        if fields is None:
            continue
        pcode = c.code(fields.get("code"), _label("planfile.label.program"))
        plabel = _coded("program", pcode)
        if pcode and pcode in seen_programs:
            c.error(pnode, "planfile.duplicate_program", code=pcode, place=_Place.at(seen_programs[pcode].where))
        elif pcode:
            seen_programs[pcode] = pnode
        activities: list[PlanActivity] = []
        for anode in c.sequence(fields.get("activities"), _sub(plabel, "activities")):
            activity = _check_activity(c, anode, seen_orgs, seen_activities, kind, year)
            if activity is not None:
                activities.append(activity)
        programs.append(
            PlanProgram(
                code=pcode,
                name=c.text(fields.get("name"), _sub(plabel, "name"), _MAX["name"]),
                activities=tuple(activities),
            )
        )

    exemptions: list[PlanExemption] = []
    seen_exemptions: dict[tuple[str, str], _Node] = {}
    for node in c.sequence(top.get("exemptions"), _label("planfile.label.exemptions")):
        fields = c.mapping(
            node, _named("exemption", node, "organization"), _EXEMPTION_KEYS, ("organization", "period", "reason")
        )
        if fields is None:
            continue
        org_code = c.text(
            fields.get("organization"), _sub(_label("planfile.label.exemption"), "organization"), _MAX["code"]
        )
        label = _coded("exemption", org_code)
        if org_code and org_code not in seen_orgs:
            c.error(fields["organization"], "planfile.organization_unknown", label=label, code=org_code)
        period = c.period(fields.get("period"), label, kind, year)
        reason = c.text(fields.get("reason"), _sub(label, "reason"), _MAX_REASON)
        if org_code and period:
            key = (org_code, period)
            if key in seen_exemptions:
                where = seen_exemptions[key].where
                c.error(node, "planfile.duplicate_exemption", label=label, period=period, place=_Place.at(where))
                continue
            seen_exemptions[key] = node
            exemptions.append(PlanExemption(organization=org_code, period=period, reason=reason))

    if c.issues or team is None:
        raise PlanFileError(c.issues)
    exemptions.sort(key=lambda e: (e.period, e.organization))
    return Plan(team=team, organizations=tuple(orgs), programs=tuple(programs), exemptions=tuple(exemptions))


def _check_team(c: _Checker, node: _Node) -> tuple[PlanTeam | None, bool]:
    """The team, and whether its year and period kind are good enough to judge period keys."""
    fields = c.mapping(node, _TEAM, _TEAM_KEYS, ("code", "name", "year"), _TEAM_ALIASES)
    if fields is None:
        return None, False
    code = c.code(fields.get("code"), _sub(_TEAM, "code"))
    zone = c.text(fields.get("timezone"), _sub(_TEAM, "timezone"), 64, default="Asia/Jakarta")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        c.error(fields["timezone"], "planfile.team.timezone", zone=zone)
    kind_text = c.text(fields.get("period"), _sub(_TEAM, "period"), 20, default="quarter").lower()
    kind_aliases = {"quarter": "quarter", "triwulan": "quarter", "month": "month", "bulan": "month"}
    kind: Any = kind_aliases.get(kind_text)
    if kind is None:
        c.error(fields["period"], "planfile.team.period", value=kind_text)
    year = c.integer(fields.get("year"), _sub(_TEAM, "year"), None, 2000, 2100)
    thresholds = _check_thresholds(c, fields.get("thresholds"))
    reminders = _check_reminders(c, fields["reminders"]) if "reminders" in fields else {}
    cap = _check_cap(c, fields.get("batas_capaian"))
    scale = c.choice(fields.get("skala"), _TEAM, "skala", _SCALE_ALIASES, "predikat", "planfile.expect.scale")
    yellow = _check_lights(c, fields.get("lampu"), scale)
    parent = c.code(fields.get("parent"), _sub(_TEAM, "parent")) if fields.get("parent") is not None else ""
    if parent and parent == code:
        c.error(fields["parent"], "planfile.team.parent_self", code=code)
    children_deadline = c.integer(
        fields.get("children_deadline_working_days"), _sub(_TEAM, "children_deadline_working_days"), 10, 0, 60
    )
    evidence_days = c.integer(fields.get("bukti_menyusul_hari"), _sub(_TEAM, "bukti_menyusul_hari"), 3, 0, 30)
    team = PlanTeam(
        code=code,
        name=c.text(fields.get("name"), _sub(_TEAM, "name"), _MAX["name"]),
        year=year or 0,
        region=c.text(fields.get("region"), _sub(_TEAM, "region"), _MAX["region"]),
        timezone=zone,
        period=kind or "quarter",
        deadline_working_days=c.integer(
            fields.get("deadline_working_days"), _sub(_TEAM, "deadline_working_days"), 10, 0, 60
        )
        or 0,
        lock_days=c.integer(fields.get("lock_days"), _sub(_TEAM, "lock_days"), 30, 0, 366) or 0,
        thresholds=thresholds,
        reminders=reminders,
        achievement_cap=cap,
        rating_scale=scale or "predikat",
        yellow_limit=yellow,
        parent=parent or None,
        children_deadline_working_days=10 if children_deadline is None else children_deadline,
        evidence_reminder_days=3 if evidence_days is None else evidence_days,
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
    c.error(node, "planfile.team.cap", key=node.key or "batas_capaian", value=shown, choices=choices)
    return DEFAULT_ACHIEVEMENT_CAP


def _check_lights(c: _Checker, node: _Node | None, scale: RatingScale | None) -> float:
    """The traffic light's kuning limit (a gap to target in %, default 25); read only when the team rates by lampu."""
    default = float(DEFAULT_YELLOW_LIMIT)
    if node is None or node.value is None:
        return default
    said = node.key or "lampu"
    fields = c.mapping(node, _sub(_TEAM, said), _LIGHT_KEYS, ("kuning",), _LIGHT_ALIASES)
    if fields is None:
        return default
    if scale == "predikat":
        c.error(_key_where(node), "planfile.team.lights_without_scale", key=said)
        return default
    limit_node = fields.get("kuning")
    limit = c.number(limit_node, _sub(_sub(_TEAM, said), (limit_node.key if limit_node else None) or "kuning"), 0, 100)
    if limit is None:
        return default
    if limit == 0:
        c.error(limit_node or node, "planfile.team.yellow_zero", key=said)
        return default
    return limit


def _check_thresholds(c: _Checker, node: _Node | None) -> tuple[float, ...]:
    if node is None or node.value is None:
        return DEFAULT_THRESHOLDS
    label = _sub(_TEAM, "thresholds")
    items = c.sequence(node, label)
    values = [c.number(item, label, 0, 100) for item in items]
    if any(v is None for v in values):
        return DEFAULT_THRESHOLDS
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) != 4:
        c.error(node, "planfile.team.thresholds_four")
    elif any(a <= b for a, b in itertools.pairwise(numbers)):
        shown = ", ".join(plain_value(n) for n in numbers)
        example = ", ".join(plain_value(n) for n in DEFAULT_THRESHOLDS)
        c.error(node, "planfile.team.thresholds_order", example=example, value=shown)
    return tuple(numbers)


def _check_reminders(c: _Checker, node: _Node) -> dict[str, Any]:
    """The reminder policy, judged by ``domain.reminder_policy``'s rules; stored as the jobs read it."""
    rules = reminder_policy
    label = _sub(_TEAM, "reminders")
    fields = c.mapping(node, label, _REMINDER_KEYS)
    if fields is None:
        return {}
    out: dict[str, Any] = {}
    for key in rules.HOUR_KEYS:
        if key in fields:
            value = c.integer(fields[key], _sub(label, key), None, *rules.HOURS)
            if value is not None:
                out[key] = value
    if "escalation_every" in fields:
        value = c.integer(fields["escalation_every"], _sub(label, "escalation_every"), None, *rules.ESCALATION_EVERY)
        if value is not None:
            out["escalation_every"] = value
    if "before_deadline" in fields:
        days_label = _sub(label, "before_deadline")
        items = c.sequence(fields["before_deadline"], days_label)
        days = [c.integer(i, days_label, None, *rules.DAYS_BEFORE_DEADLINE) for i in items]
        if all(d is not None for d in days):
            out["before_deadline"] = list(rules.reminder_days(d for d in days if d is not None))
    if "send_window" in fields:
        items = c.sequence(fields["send_window"], _sub(label, "send_window"))
        times = [_hhmm(i) for i in items]
        if len(times) != 2 or times[0] is None or times[1] is None:
            c.error(fields["send_window"], "planfile.team.send_window_two")
        elif not rules.window_ok(times[0], times[1]):
            c.error(fields["send_window"], "planfile.team.send_window_order")
        else:
            out["send_window"] = [t.strftime("%H:%M") for t in (times[0], times[1])]
    if "digest_weekday" in fields:
        day = c.text(fields["digest_weekday"], _sub(label, "digest_weekday"), 20).lower()
        index = rules.weekday(day)
        if index is None:
            c.error(fields["digest_weekday"], "planfile.team.weekday", value=day)
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
    code = c.code(fields.get("code"), _label("planfile.label.activity"))
    label = _coded("activity", code)
    if code and code in seen:
        c.error(fields["code"], "planfile.duplicate_activity", code=code, place=_Place.at(seen[code].where))
    elif code:
        seen[code] = node
    org = c.text(fields.get("organization"), _sub(label, "organization"), _MAX["code"])
    if org and org not in orgs:
        c.error(fields["organization"], "planfile.organization_unknown", label=label, code=org)
    indicator_kind = c.choice(fields.get("jenis"), label, "jenis", _KIND_ALIASES, "per_periode", "planfile.expect.kind")
    direction = c.choice(fields.get("arah"), label, "arah", _DIRECTION_ALIASES, "naik", "planfile.expect.direction")
    if indicator_kind == "kumulatif" and direction == "turun":
        c.error(fields["arah"], "planfile.cumulative_down", label=label)
    ceiling = c.money(fields.get("budget_ceiling"), _sub(label, "budget_ceiling"))
    stopped = fields.get("dihentikan_mulai")
    stopped_from = c.period(stopped, _sub(label, stopped.key or "dihentikan_mulai"), kind, year) if stopped else None
    shared = fields.get("kode_bersama")
    shared_code = c.code(shared, _sub(label, shared.key or "kode_bersama")) if shared is not None else ""
    targets, places = _check_targets(
        c, fields.get("targets"), label, kind, year, direction or "naik", ranges=indicator_kind != "kumulatif"
    )
    if ceiling is not None and targets:
        planned = sum(t.budget or 0 for t in targets)
        if planned > ceiling:
            c.error(
                _key_where(fields["targets"]),
                "planfile.over_ceiling",
                label=label,
                planned=_rupiah(planned),
                ceiling=_rupiah(ceiling),
            )
    if indicator_kind == "kumulatif":
        _check_non_decreasing(c, places, label, [(t.period, t.value) for t in targets], "planfile.value_goes_down")
    physical = [(t.period, t.physical) for t in targets if t.physical is not None]
    _check_non_decreasing(c, places, label, physical, "planfile.physical_goes_down")
    return PlanActivity(
        code=code,
        name=c.text(fields.get("name"), _sub(label, "name"), _MAX["activity_name"]),
        organization=org,
        indicator=c.text(fields.get("indicator"), _sub(label, "indicator"), _MAX["indicator"]),
        unit=c.text(fields.get("unit"), _sub(label, "unit"), _MAX["unit"]),
        kind=indicator_kind or "per_periode",
        direction=direction or "naik",
        budget_ceiling=ceiling,
        targets=targets,
        stopped_from=stopped_from,
        shared_code=shared_code or None,
    )


def _check_non_decreasing(
    c: _Checker, places: dict[str, str], label: Localised, series: list[tuple[str, float]], key: str
) -> None:
    """A running total may stay or grow; the first period where it shrinks is named, at its own line."""
    for (p1, v1), (p2, v2) in itertools.pairwise(series):
        if v2 < v1:
            c.error(
                places[p2],
                key,
                label=label,
                first=plain_value(v1),
                first_period=p1,
                second=plain_value(v2),
                second_period=p2,
            )
            return


def _rupiah(amount: int) -> str:
    """``250.000.000``: thousands with dots, as the budget documents write them."""
    return f"{amount:,}".replace(",", ".")


def _check_targets(
    c: _Checker,
    node: _Node | None,
    label: Localised,
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
            fields = c.mapping(row, _sub(label, "target"), _TARGET_ROW_KEYS, ("period",), _TARGET_ALIASES)
            if fields is None or "period" not in fields:
                continue
            entries.append(
                (fields["period"], _Node({k: v for k, v in fields.items() if k != "period"}, row.where), row)
            )
    else:
        c.error(node, "planfile.targets_shape", label=label)
        return (), {}
    out: dict[str, PlanTarget] = {}
    first: dict[str, str] = {}
    for period_node, spec, where in entries:
        period = c.period(period_node, label, kind, year)
        tlabel = _label("planfile.label.target", label=label, period=period_node.raw or period_node.value)
        if spec is None or spec.value is None:
            c.error(where, "planfile.target_missing_value", label=tlabel)
            continue
        value_range: tuple[float, float] | None = None
        if isinstance(spec.value, dict):
            fields = c.mapping(spec, tlabel, _TARGET_KEYS, (), _TARGET_ALIASES)
            if fields is None:
                continue
            value, value_range = _check_target_value(c, fields, spec, tlabel, direction, ranges)
            budget = c.money(fields.get("budget"), _sub(tlabel, "budget"))
            physical = c.number(fields.get("physical"), _sub(tlabel, "physical"), 0, 100)
        else:
            value, budget, physical = c.number(spec, _sub(tlabel, "value")), None, None
        if period is None or value is None:
            continue
        if period in out:
            c.error(where, "planfile.two_targets", label=label, period=period, place=_Place.at(first[period]))
            continue
        first[period] = where.where
        out[period] = PlanTarget(period=period, value=value, budget=budget, physical=physical, value_range=value_range)
    return tuple(out[k] for k in sorted(out)), first


def _check_target_value(
    c: _Checker, fields: dict[str, _Node], spec: _Node, tlabel: Localised, direction: Direction, ranges: bool
) -> tuple[float | None, tuple[float, float] | None]:
    """A target's ``value``, or its range: ``min`` and ``max`` beside it, or ``value: {min, max}``. A range's value
    is its bound that counts as reaching it (``domain.plan.met_bound``)."""
    value_node, low_node, high_node = fields.get("value"), fields.get("min"), fields.get("max")
    if value_node is not None and isinstance(value_node.value, dict):
        inner = c.mapping(value_node, _sub(tlabel, "value"), ("min", "max"), (), _TARGET_ALIASES)
        if low_node is not None or high_node is not None:
            c.error(value_node, "planfile.range_twice", label=tlabel)
            return None, None
        if not inner:
            c.error(value_node, "planfile.value_shape", label=tlabel)
            return None, None
        low_node, high_node, value_node = inner.get("min"), inner.get("max"), None
    if low_node is None and high_node is None:
        if value_node is None or value_node.value is None:
            c.error(value_node or _Node(None, _key_where(spec)), "planfile.missing_key", label=tlabel, key="value")
            return None, None
        return c.number(value_node, _sub(tlabel, "value")), None
    if value_node is not None and value_node.value is not None:
        said = (low_node or high_node or value_node).key or "min"
        c.error(value_node, "planfile.value_or_range", label=tlabel, key=said)
        return None, None
    if not ranges:
        c.error(low_node or high_node or spec, "planfile.cumulative_range", label=tlabel)
        return None, None
    if low_node is None or high_node is None or low_node.value is None or high_node.value is None:
        c.error(low_node or high_node or spec, "planfile.range_needs_both", label=tlabel)
        return None, None
    low = c.number(low_node, _sub(tlabel, low_node.key or "min"))
    high = c.number(high_node, _sub(tlabel, high_node.key or "max"))
    if low is None or high is None:
        return None, None
    if low > high:
        c.error(
            low_node,
            "planfile.range_reversed",
            label=tlabel,
            low_key=low_node.key,
            low=plain_value(low),
            high_key=high_node.key,
            high=plain_value(high),
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
    raise PlanSourceError("planfile.source.unknown_format", path=str(path), suffix=repr(suffix or "(no extension)"))


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
        raise PlanSourceError("planfile.source.missing", path=str(path)) from None
    except IsADirectoryError:
        raise PlanSourceError("planfile.source.directory", path=str(path)) from None
    except OSError as exc:
        raise PlanSourceError("planfile.source.unreadable", path=str(path), error=str(exc.strerror)) from None
    if fmt == "xlsx":
        return parse_xlsx(data, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # often Latin-1 or Windows-1252 from an old editor: point at the first byte
        line = data[: exc.start].count(b"\n") + 1
        raise PlanSourceError("planfile.source.not_utf8", path=str(path), line=line) from None
    return parse_yaml(text, shown)


# --- writing --------------------------------------------------------------------------------------------------------


def issues_text(issues: Iterable[PlanIssue]) -> str:
    return "\n".join(str(i) for i in issues)
