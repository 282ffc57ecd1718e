"""A plan as JSON data and back: how a plan version keeps the whole plan it made (``PlanVersion.snapshot``).

Plain dictionaries and lists of the plan's own fields, so a stored snapshot reads back to an equal :class:`Plan`
whatever file format it came from.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from domain.plan import Plan, PlanActivity, PlanExemption, PlanOrganization, PlanProgram, PlanTarget, PlanTeam


def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _target_data(t: PlanTarget) -> dict[str, Any]:
    return {
        "period": t.period,
        "value": t.value,
        "budget": t.budget,
        "physical": t.physical,
        "value_range": list(t.value_range) if t.value_range is not None else None,
    }


def _activity_data(a: PlanActivity) -> dict[str, Any]:
    data = _fields(a)
    data["targets"] = [_target_data(t) for t in a.targets]
    return data


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (tuples become lists). Field by field rather than ``dataclasses.asdict``, whose
    deep copy of every value took seconds on a plan of 36,000 targets."""
    team = _fields(plan.team)
    team["thresholds"] = list(plan.team.thresholds)
    team["reminders"] = dict(plan.team.reminders)
    return {
        "team": team,
        "organizations": [_fields(o) for o in plan.organizations],
        "programs": [
            {"code": p.code, "name": p.name, "activities": [_activity_data(a) for a in p.activities]}
            for p in plan.programs
        ],
        "exemptions": [_fields(e) for e in plan.exemptions],
    }


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
