"""The plan model: a team's plan as typed, frozen values, whatever file or chat it came from.

``planfile`` reads and writes it (YAML, XLSX); ``storage.plan`` stores it. Targets are keyed by period
(``2022-Q1``, ``2022-03``); a cumulative indicator's target is the running total by the end of the period.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.periods import PeriodKind

DEFAULT_THRESHOLDS: tuple[float, ...] = (91.0, 76.0, 66.0, 51.0)
MEASURES = ("per_period", "cumulative")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# --- the typed plan ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanTarget:
    """The planned side of one period: value, budget spent in the period, cumulative physical % at its end."""

    period: str  # normalised key: "2022-Q1" or "2022-03"
    value: float
    budget: int | None = None
    physical: float | None = None


@dataclass(frozen=True)
class PlanActivity:
    """A kegiatan: owned by one organization, measured by one indicator, with its targets per period."""

    code: str
    name: str
    organization: str
    indicator: str = ""
    unit: str = ""
    measure: str = "per_period"
    budget_ceiling: int | None = None
    targets: tuple[PlanTarget, ...] = ()


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
    """The team and its reporting rule; ``reminders`` goes to ``Team.policy`` as written."""

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
    """One mistake in a plan file, with its place: ``file:line`` or ``file[sheet]:row``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
