"""A plan version keeps its whole plan as JSON (``domain.plan_data``): every example reads back equal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.plan_data import plan_from_data, plan_to_data
from planfile.read import PlanFileError, load_plan

from .conftest import EXAMPLES

PLANS = sorted(p for p in [*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*/*.yaml")] if "broken" not in p.name)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_every_example_survives_the_json_snapshot(path: Path) -> None:
    try:
        plan = load_plan(path)
    except PlanFileError:  # pragma: no cover - an example that does not load is another test's failure
        pytest.fail(f"{path} does not load")
    data = json.loads(json.dumps(plan_to_data(plan)))
    assert plan_from_data(data) == plan
