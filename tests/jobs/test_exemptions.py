"""/kecualikan and /batalkecuali in storage: excuse, lift, list, and the refusals with their catalogue keys."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.handlers.exemptions import exempt_reply, lift_reply, list_reply, refusal
from jobs.planner import due_deliveries
from storage.db import session_scope
from storage.exemptions import ExemptionError, exempt, lift_exemption, list_exemptions
from storage.models import Organization, Team
from tests.jobs.world import build_team
from texts import t

NOW = datetime(2026, 4, 6, 3, tzinfo=UTC)
H3 = datetime(2026, 4, 10, 1, tzinfo=UTC)  # 08:00 WIB on H-3 of Triwulan I 2026


def team(s: object) -> Team:
    return s.exec(select(Team)).one()  # type: ignore[attr-defined]


def test_exempt_silences_and_lift_restores(engine: Engine) -> None:
    with session_scope(engine) as s:
        w = build_team(s, "TIM-WIB", "Asia/Jakarta", 1000, exempt_org2=False)
        s.add(Organization(code="LUAR", name="Not in the team"))
    with session_scope(engine) as s:
        assert {p.chat_id for p in due_deliveries(s, H3) if p.kind == "reminder"} == {1001, 1002, 1004}
        view = exempt(s, team(s), "tim-wib-org1", "TW 1", "  tidak ada  kegiatan <Q1> ", None, NOW)
        assert (view.organization_code, view.period_key, view.reason) == (
            "TIM-WIB-ORG1",
            "2026-Q1",
            "tidak ada kegiatan <Q1>",
        )
        assert exempt_reply(view) == t(
            "reminders.exempt.done",
            "id",
            org="TIM-WIB-ORG1 (Dinas ORG1 &lt;TIM-WIB&gt;)",
            period="Triwulan I 2026",
            reason="tidak ada kegiatan &lt;Q1&gt;",
        )
    with session_scope(engine) as s:
        assert {p.chat_id for p in due_deliveries(s, H3) if p.kind == "reminder"} == {1002, 1004}
        assert [v.organization_code for v in list_exemptions(s, team(s))] == ["TIM-WIB-ORG1"]
        assert "Triwulan I 2026 · TIM-WIB-ORG1: tidak ada kegiatan &lt;Q1&gt;" in list_reply(
            list_exemptions(s, team(s)), team(s)
        )
        lifted = lift_exemption(s, team(s), "TIM-WIB-ORG1", "2026-Q1")
        assert lift_reply(lifted, "en") == t("reminders.unexempt.done", "en", org="TIM-WIB-ORG1", period="Q1 2026")
    with session_scope(engine) as s:
        assert {p.chat_id for p in due_deliveries(s, H3) if p.kind == "reminder"} == {1001, 1002, 1004}
        assert list_reply(list_exemptions(s, team(s)), team(s)) == t("reminders.exempt.list_empty", "id")
    assert w.team_id


@pytest.mark.parametrize(
    ("org", "period", "reason", "key"),
    [
        ("NOPE", "TW1", "x", "reminders.exempt.unknown_org"),
        ("LUAR", "TW1", "x", "reminders.exempt.unknown_org"),  # exists, but not in this team
        ("TIM-WIB-ORG1", "Maret", "x", "reminders.exempt.bad_period"),  # a month for a quarterly team
        ("TIM-WIB-ORG1", "TW9", "x", "reminders.exempt.bad_period"),
        ("TIM-WIB-ORG1", "TW1", "   ", "reminders.exempt.reason_needed"),
        ("TIM-WIB-ORG1", "TW1", "\u3164\u200b\u2060", "reminders.exempt.reason_needed"),
        ("TIM-WIB-ORG2", "2026-Q1", "lagi", "reminders.exempt.duplicate"),
    ],
)
def test_refusals_carry_a_catalogue_key(engine: Engine, org: str, period: str, reason: str, key: str) -> None:
    with session_scope(engine) as s:
        build_team(s, "TIM-WIB", "Asia/Jakarta", 1000)
        s.add(Organization(code="LUAR", name="Not in the team"))
    with session_scope(engine) as s, pytest.raises(ExemptionError) as caught:
        exempt(s, team(s), org, period, reason, None, NOW)
    assert caught.value.key == key
    assert refusal(caught.value, "id")  # every value the text needs is there
    assert refusal(caught.value, "en")


def test_lift_unknown_exemption(engine: Engine) -> None:
    with session_scope(engine) as s:
        build_team(s, "TIM-WIB", "Asia/Jakarta", 1000)
    with session_scope(engine) as s, pytest.raises(ExemptionError) as caught:
        lift_exemption(s, team(s), "TIM-WIB-ORG1", "TW I")
    assert caught.value.key == "reminders.unexempt.not_found"
    assert refusal(caught.value, "id") == "TIM-WIB-ORG1 tidak sedang dikecualikan untuk Triwulan I 2026."
