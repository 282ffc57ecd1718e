"""The team's ``bukti_menyusul_hari`` (issue 17 item 4): after how many working days a report sent with "bukti
menyusul" reminds its focal point. Read (Indonesian key, English alias), checked (a whole number 0..30), written
back only when it is not the default 3, stored in ``team.evidence_reminder_days`` and read back from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from planfile.read import PlanFileError, load_plan, parse_xlsx, parse_yaml
from planfile.write import dump_yaml, xlsx_bytes
from storage.db import session_scope
from storage.models import Team
from storage.plan import read_plan
from storage.plan_versions import apply_change, prepare_change

from .conftest import DELI_SERDANG

NOW = datetime(2022, 12, 20, 3, 0, tzinfo=UTC)


def _with_key(line: str) -> str:
    """The Deli Serdang example with ``line`` added to its team block."""
    text = dump_yaml(load_plan(DELI_SERDANG))
    return text.replace("team:\n", f"team:\n  {line}\n", 1)


def test_default_is_three_and_export_unchanged() -> None:
    plan = load_plan(DELI_SERDANG)
    assert plan.team.evidence_reminder_days == 3
    text = dump_yaml(plan)
    assert "bukti_menyusul_hari" not in text and "evidence_reminder_days" not in text
    assert parse_yaml(text) == plan
    assert parse_xlsx(xlsx_bytes(plan)) == plan


@pytest.mark.parametrize("key", ["bukti_menyusul_hari", "evidence_reminder_days"])
def test_read_with_either_name_and_round_trip(key: str) -> None:
    plan = parse_yaml(_with_key(f"{key}: 5"))
    assert plan.team.evidence_reminder_days == 5
    text = dump_yaml(plan)
    assert "  bukti_menyusul_hari: 5\n" in text
    assert parse_yaml(text) == plan
    assert parse_xlsx(xlsx_bytes(plan)) == plan


def test_zero_is_allowed() -> None:
    assert parse_yaml(_with_key("bukti_menyusul_hari: 0")).team.evidence_reminder_days == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31", "bukti_menyusul_hari 31 is out of range (from 0 to 30)"),
        ("-1", "bukti_menyusul_hari -1 is out of range (from 0 to 30)"),
        ("2.5", 'bukti_menyusul_hari "2.5" is not a whole number'),
        ("tiga", 'bukti_menyusul_hari "tiga" is not a whole number'),
    ],
)
def test_refused_values(value: str, message: str) -> None:
    with pytest.raises(PlanFileError) as info:
        parse_yaml(_with_key(f"bukti_menyusul_hari: {value}"), "p.yaml")
    assert [str(i) for i in info.value.issues] == [f"p.yaml:3: team: {message}"]


def test_stored_and_read_back(engine: Engine) -> None:
    plan = load_plan(DELI_SERDANG)
    with session_scope(engine) as session:
        apply_change(session, prepare_change(session, plan), now=NOW, author="test")
    with session_scope(engine) as session:
        team = session.exec(select(Team).where(Team.code == plan.team.code)).one()
        assert team.evidence_reminder_days == 3
        assert read_plan(session, plan.team.code) == plan
    changed = replace(plan, team=replace(plan.team, evidence_reminder_days=7))
    with session_scope(engine) as session:
        change = prepare_change(session, changed)
        assert [(c.setting, c.old, c.new) for c in change.changes.team] == [("evidence_reminder_days", 3, 7)]
        apply_change(session, change, now=NOW, author="test")
    with session_scope(engine) as session:
        team = session.exec(select(Team).where(Team.code == plan.team.code)).one()
        assert team.evidence_reminder_days == 7
        assert read_plan(session, plan.team.code) == changed
