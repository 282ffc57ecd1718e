"""A plan as JSON data and back: how a plan version keeps the whole plan it made (``PlanVersion.snapshot``).

Plain dictionaries and lists of the plan's own fields, so a stored snapshot reads back to an equal :class:`Plan`
whatever file format it came from.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from domain.plan import Plan, PlanActivity, PlanExemption, PlanOrganization, PlanProgram, PlanTarget, PlanTeam


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (tuples become lists)."""
    data = asdict(plan)
    data["team"]["reminders"] = dict(plan.team.reminders)
    return data


def _target(data: dict[str, Any]) -> PlanTarget:
    low_high = data.get("value_range")
    return PlanTarget(
        period=data["period"],
        value=data["value"],
        budget=data.get("budget"),
        physical=data.get("physical"),
        value_range=(float(low_high[0]), float(low_high[1])) if low_high else None,
    )


def _activity(data: dict[str, Any]) -> PlanActivity:
    fields = {k: v for k, v in data.items() if k != "targets"}
    return PlanActivity(**fields, targets=tuple(_target(t) for t in data.get("targets", ())))


def plan_from_data(data: dict[str, Any]) -> Plan:
    """The :class:`Plan` that :func:`plan_to_data` gave ``data`` for."""
    team = dict(data["team"])
    team["thresholds"] = tuple(team.get("thresholds", ()))
    return Plan(
        team=PlanTeam(**team),
        organizations=tuple(PlanOrganization(**o) for o in data.get("organizations", ())),
        programs=tuple(
            PlanProgram(code=p["code"], name=p["name"], activities=tuple(_activity(a) for a in p.get("activities", ())))
            for p in data.get("programs", ())
        ),
        exemptions=tuple(PlanExemption(**e) for e in data.get("exemptions", ())),
    )
