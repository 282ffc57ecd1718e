"""Fuzzing plan versions: random sequences of changes (targets edited, moved, activities stopped, any first period,
corrections or not) over a plan with reports, checked after each step:

- a change is either applied whole or refused with nothing written;
- a version that is not a correction leaves every target before its first period as it was (so the achievement of a
  closed period never moves), and the targets in force are those of the latest version applying to each period
  (``tools/chaos.py``'s replay of ``plan_target``);
- no report is lost or changed.

``PANTAU_FUZZ_EXAMPLES`` makes a longer run.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from storage.db import make_sync_engine, session_scope
from storage.models import Activity, Program
from storage.plan import PlanConflictError, get_team
from storage.plan_versions import NothingToChangeError, VersionRuleError, apply_change, prepare_change
from tests.plan.test_plan_versions import MURNI, NOW, REPORTS, plan_of, reports_of
from tests.worlds import Rev, WorldBuilder

EXAMPLES = int(os.environ.get("PANTAU_FUZZ_EXAMPLES", "20"))
PERIODS = ("Q1", "Q2", "Q3", "Q4")
ROOT = Path(__file__).resolve().parents[2]
_teams = itertools.count(1)


def _chaos() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chaos_tool", ROOT / "tools" / "chaos.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CHAOS = _chaos()

step = st.fixed_dictionaries(
    {
        "start": st.sampled_from(PERIODS),
        "correction": st.booleans(),
        "edits": st.dictionaries(
            st.sampled_from(sorted(MURNI)),
            st.dictionaries(st.sampled_from(PERIODS), st.integers(0, 80), max_size=3),
            max_size=3,
        ),
        "stop_a3": st.booleans(),
    }
)


def _in_force(engine: Engine) -> dict[Any, Any]:
    with engine.connect() as conn:
        return CHAOS.in_force_targets(conn)  # type: ignore[no-any-return]


@pytest.fixture
def engine(db_url: str) -> Any:
    eng = make_sync_engine(db_url)
    yield eng
    eng.dispose()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=4))
def test_random_plan_changes_keep_closed_periods_and_every_report(engine: Engine, steps: list[dict[str, Any]]) -> None:
    code = f"F{next(_teams)}"
    murni = plan_of(MURNI)
    murni = replace(murni, team=replace(murni.team, code=code))
    with session_scope(engine) as session:
        apply_change(session, prepare_change(session, murni), now=NOW)
    with session_scope(engine) as session:
        team = get_team(session, code)
        assert team is not None and team.id is not None
        w = WorldBuilder(session, NOW)
        sri = w.person(900000 + next(_teams), "Sri", team.id, "secretariat")
        ids = dict(
            session.exec(
                select(Activity.code, Activity.id)
                .join(Program, col(Program.id) == col(Activity.program_id))
                .where(Program.team_id == team.id)
            ).all()
        )
        for (activity, key), value in REPORTS.items():
            w.report(ids[activity] or 0, key, Rev(value, at=NOW, by=sri))
    reports_before = reports_of(engine)
    current = {c: dict(p) for c, p in MURNI.items()}
    for change in steps:
        targets = {c: dict(p) for c, p in current.items()}
        for activity, periods in change["edits"].items():
            if activity in targets:
                targets[activity].update(periods)
        if change["stop_a3"]:
            targets.pop("A3", None)
        plan = plan_of(targets)
        plan = replace(plan, team=replace(plan.team, code=code))
        start = f"2022-{change['start']}"
        before = _in_force(engine)
        try:
            with session_scope(engine) as session:
                prepared = prepare_change(session, plan, effective_from=start, correction=change["correction"])
                apply_change(session, prepared, now=NOW, basis="Perbup uji")
        except (VersionRuleError, NothingToChangeError, PlanConflictError) as exc:
            event(f"refused: {type(exc).__name__}")
            assert _in_force(engine) == before  # refused: nothing written
            continue
        event("applied" + (" (correction)" if change["correction"] else ""))
        after = _in_force(engine)
        if not change["correction"] and change["start"] != "Q1":
            closed = f"2022-{PERIODS[PERIODS.index(change['start']) - 1]}"
            assert CHAOS.closed_changes(before, after, closed) == []
        with engine.connect() as conn:
            check = CHAOS.check_plan_targets(conn)
        assert not check.failed, (check.mismatched, check.early)
        assert reports_of(engine) == reports_before
        current = {c: dict(p) for c, p in targets.items()}
