"""The plan model: a team's plan as typed, frozen values, whatever file or chat it came from.

``planfile`` reads and writes it (YAML, XLSX); ``storage.plan`` stores it. Targets are keyed by period
(``2022-Q1``, ``2022-03``); a cumulative indicator's target is the running total by the end of the period.

How an indicator is read (its direction and kind, range targets, the team's cap and rating scale) follows
``domain.indicators``; the plan says which rule applies to each activity and team.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, Literal, get_args

from domain.indicators import DEFAULT_CAP, DEFAULT_YELLOW_LIMIT, Direction, Kind, Target, TargetRange
from domain.periods import PeriodKind
from domain.rating import DEFAULT_BOUNDS

DEFAULT_THRESHOLDS: tuple[float, ...] = DEFAULT_BOUNDS  # the rating bounds (domain.rating), as a plan holds them
# A team rates achievement by the Permendagri 86/2017 predikat, or by traffic light on the gap to target.
RatingScale = Literal["predikat", "lampu"]
RATING_SCALES: Final[tuple[RatingScale, ...]] = get_args(RatingScale)
DEFAULT_ACHIEVEMENT_CAP: Final[int] = int(DEFAULT_CAP)
# The kind as the database column ``activity.measure`` (and the plan files' English alias) says it.
MEASURE_OF_KIND: Final[dict[Kind, str]] = {"per_periode": "per_period", "kumulatif": "cumulative", "tingkat": "level"}
KIND_OF_MEASURE: Final[dict[str, Kind]] = {m: k for k, m in MEASURE_OF_KIND.items()}
MEASURES: Final[tuple[str, ...]] = tuple(MEASURE_OF_KIND.values())
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# --- the typed plan ---------------------------------------------------------------------------------------------


def met_bound(direction: Direction, low: float, high: float) -> float:
    """The bound of a range target that counts as reaching it: the lower for ``naik``, the upper for ``turun``.

    It is what a range target's ``value`` holds, so whatever reads one number per target reads the one that counts.
    """
    return low if direction == "naik" else high


@dataclass(frozen=True)
class PlanTarget:
    """The planned side of one period: value, budget spent in the period, cumulative physical % at its end.

    ``value_range`` (low, high) when the target is a range (80–90%); ``value`` is then its bound that counts as
    reaching it (:func:`met_bound`).
    """

    period: str  # normalised key: "2022-Q1" or "2022-03"
    value: float
    budget: int | None = None
    physical: float | None = None
    value_range: tuple[float, float] | None = None

    def indicator_target(self) -> Target:
        """The target as ``domain.indicators`` reads it: one value or a range."""
        if self.value_range is not None:
            low, high = self.value_range
            return TargetRange(Decimal(repr(low)), Decimal(repr(high)))
        return Decimal(repr(self.value))


@dataclass(frozen=True)
class PlanActivity:
    """A kegiatan: owned by one organization, measured by one indicator, with its targets per period.

    ``kind``: a count per period, a running total or a level; ``direction``: whether higher (naik) or lower (turun)
    is better. A ``kumulatif`` indicator is always ``naik`` (a running total only grows). ``stopped_from``: the first
    period the activity is no longer expected (dihentikan mulai); it keeps its reports and its earlier targets.
    """

    code: str
    name: str
    organization: str
    indicator: str = ""
    unit: str = ""
    kind: Kind = "per_periode"
    direction: Direction = "naik"
    budget_ceiling: int | None = None
    targets: tuple[PlanTarget, ...] = ()
    stopped_from: str | None = None
    shared_code: str | None = None  # kode bersama: the same indicator in sibling teams, added up by their parent


@dataclass(frozen=True)
class PlanProgram:
    """A programme of the team and its activities, in the order the file lists them."""

    code: str
    name: str
    activities: tuple[PlanActivity, ...] = ()


@dataclass(frozen=True)
class PlanOrganization:
    """An OPD, bank or agency taking part in the team."""

    code: str
    name: str
    kind: str = "OPD"


@dataclass(frozen=True)
class PlanExemption:
    """An organization excused from reporting for one period."""

    organization: str
    period: str
    reason: str


@dataclass(frozen=True)
class PlanTeam:
    """The team and its reporting rule; ``reminders`` goes to ``Team.policy`` as written.

    ``achievement_cap``: the most an activity's achievement counts for in an average (100, 110, 120, 150; None: no
    cap); ``rating_scale``: predikat (by ``thresholds``) or lampu (traffic light, kuning below a gap of
    ``yellow_limit`` %). ``parent``: the team over this one (PP 39/2006's chain: a regency reports to its province);
    ``children_deadline_working_days``: as a parent, by when after a period its teams must have closed it;
    ``evidence_reminder_days``: a report sent with "bukti menyusul" reminds its focal point N working days later.
    """

    code: str
    name: str
    year: int
    region: str = ""
    timezone: str = "Asia/Jakarta"
    period: PeriodKind = "quarter"
    deadline_working_days: int = 10
    lock_days: int = 30
    thresholds: tuple[float, ...] = DEFAULT_THRESHOLDS
    reminders: Mapping[str, Any] = field(default_factory=dict)
    achievement_cap: int | None = DEFAULT_ACHIEVEMENT_CAP
    rating_scale: RatingScale = "predikat"
    yellow_limit: float = float(DEFAULT_YELLOW_LIMIT)
    parent: str | None = None  # the code of the team over it (a province over a regency)
    children_deadline_working_days: int = 10  # as a parent: working days after a period for its teams to close it
    evidence_reminder_days: int = 3  # "bukti menyusul": the focal point is reminded this many working days later


@dataclass(frozen=True)
class Plan:
    """A whole plan file. Targets are sorted by period and exemptions by (period, organization), so two plans
    with the same content compare equal whatever order the file used for those."""

    team: PlanTeam
    organizations: tuple[PlanOrganization, ...] = ()
    programs: tuple[PlanProgram, ...] = ()
    exemptions: tuple[PlanExemption, ...] = ()

    def activities(self) -> Iterator[tuple[PlanProgram, PlanActivity]]:
        """Every activity with its program, in file order."""
        for program in self.programs:
            for activity in program.activities:
                yield program, activity

    @property
    def activity_count(self) -> int:
        return sum(len(p.activities) for p in self.programs)

    @property
    def target_count(self) -> int:
        return sum(len(a.targets) for _, a in self.activities())


# --- errors -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanIssue:
    """One mistake in a plan file, with its place: ``file:line`` or ``file[sheet]:row``.

    ``message`` is the English text (what ``str`` and the CLI show); ``key`` and ``params`` are the same mistake as
    a catalogue text (``texts/planfile.py``) and its values, so it can be told in either language
    (``planfile.read.issue_text``). ``params`` take no part in equality: the key and the message say it all.
    """

    where: str
    message: str
    key: str = ""
    params: Mapping[str, object] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
