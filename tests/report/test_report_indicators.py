"""How a report reads its indicator: the value question, the plausibility rules, the achievement and its
rating in the summary and after Kirim, for naik / turun, per period / cumulative / level, ranges and zero targets.
The pure side (domain.report_rules, bot/report/steps.py), then Kirim on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.report import steps
from domain.indicators import Achievement
from domain.report_rules import Rating, rate, report_achievement, value_error, value_warning
from storage.db import make_sync_engine, session_scope
from storage.drafts import Answers, save_draft, start_draft
from storage.entry import ActivityContext, activity_context
from storage.models import Activity, Target, Team
from storage.submission import Submission, submit_draft
from tests.report.seed import T0, seed_plan
from tests.report.test_report_steps import CTX, CUMULATIVE
from texts import t

# Persentase penduduk miskin (Solok SAS-01): a level that must fall, target 3,3% in March.
POVERTY = replace(
    CTX,
    name="Penurunan persentase penduduk miskin",
    indicator="Persentase penduduk miskin",
    unit="persen",
    measure="level",
    direction="turun",
    target=3.3,
    budget_ceiling=None,
    planned_physical=None,
    period_key="2021-03",
    previous_value=3.5,
    previous_period_key="2021-02",
)
# Prevalensi stunting (SAS-03): a range 14–16% that must fall; the plan's single value is the upper bound.
STUNTING = replace(POVERTY, unit="%", target=16.0, target_min=14.0, target_max=16.0)
NAIK_RANGE = replace(CTX, unit="%", measure="level", target=80.0, target_min=80.0, target_max=90.0)
RENTENIR_ZERO = replace(CTX, unit="kasus", direction="turun", target=0.0)


# ---- plausibility ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ctx", "value", "warning"),
    [
        (CTX, "150", None),  # naik: unchanged, far above target is the odd one
        (CTX, "150,5", "above_target"),
        (CTX, "0", None),
        (POVERTY, "4,95", None),  # turun: 150% of the target is still believable
        (POVERTY, "4,96", "worse_than_target"),  # far above a turun target: the value got worse
        (POVERTY, "0,1", None),  # far below a turun target is good news, never asked about
        (POVERTY, "3,0", None),  # below last period's 3,5: a level may fall
        (replace(POVERTY, direction="naik"), "1", None),  # a rising level that fell: no "lower than before"
        (STUNTING, "24", None),  # a range: 150% of its upper bound
        (STUNTING, "24,5", "worse_than_target"),
        (replace(NAIK_RANGE, unit="desa"), "135", None),  # a naik range: 150% of its upper bound
        (replace(NAIK_RANGE, unit="desa"), "136", "above_target"),
        (RENTENIR_ZERO, "40", None),  # a zero target: nothing to measure "far" against
        (replace(CTX, target=None), "1000000", None),
        (CUMULATIVE, "8", "below_previous"),  # a running total still may not fall
    ],
)
def test_value_warnings_follow_direction_and_kind(ctx: ActivityContext, value: str, warning: str | None) -> None:
    assert value_warning(ctx, Decimal(value.replace(",", "."))) == warning
    assert steps.read_value(value, ctx, "id").warning == warning


@pytest.mark.parametrize("unit", ["%", "persen", "Persen", " % "])
def test_a_percentage_is_refused_above_100_at_the_step(unit: str) -> None:
    ctx = replace(POVERTY, unit=unit)
    assert value_error(ctx, Decimal(100)) is None and value_error(ctx, Decimal("100.01")) == "above_100"
    assert steps.read_value("100", ctx, "id").value == Decimal(100)
    refused = steps.read_value("120%", ctx, "id")
    assert refused.value is None and refused.error == t("report.value.above_100", "id", value="120")


def test_other_units_take_values_above_100() -> None:
    assert value_error(CTX, Decimal(5000)) is None
    assert steps.read_value("1.250", CTX, "id").error is None


def test_the_warning_of_a_turun_value_says_it_got_worse() -> None:
    text = steps.warning_text("worse_than_target", Decimal(5), POVERTY, "id")
    assert text == t("report.warn.worse_than_target", "id", value="5 persen", target="3,3 persen", pct="48,5%")
    naik = steps.warning_text("above_target", Decimal(200), CTX, "id")
    assert naik == t("report.warn.above_target", "id", value="200 UMKM", pct="200%", target="100 UMKM")


# ---- achievement and rating -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ctx", "value", "expected"),
    [
        (CTX, 120, Achievement(Decimal("120.00"), True)),
        (CUMULATIVE, 9, Achievement(Decimal("30.00"), False)),
        (POVERTY, Decimal("3.0"), Achievement(Decimal("109.09"), True)),  # LKjIP: (3,3 − (3,0 − 3,3)) ÷ 3,3
        (POVERTY, Decimal("3.6"), Achievement(Decimal("90.91"), False)),
        (POVERTY, 7, Achievement(Decimal("0.00"), False)),  # never below 0
        (STUNTING, 14, Achievement(Decimal(100), True)),  # inside the range, both bounds included
        (STUNTING, 16, Achievement(Decimal(100), True)),
        (STUNTING, 18, Achievement(Decimal("87.50"), False)),  # above it: against the upper bound
        (STUNTING, 12, Achievement(Decimal("114.29"), True)),  # below it: the lower bound
        (NAIK_RANGE, 85, Achievement(Decimal(100), True)),
        (NAIK_RANGE, 72, Achievement(Decimal("90.00"), False)),  # below it: against the lower bound
        (RENTENIR_ZERO, 0, Achievement(None, True, zero_target=True)),  # no division by zero
        (RENTENIR_ZERO, 2, Achievement(None, False, zero_target=True)),
        (replace(CTX, target=0.0), 0, Achievement(None, True, zero_target=True)),
        (replace(CTX, target=None), 10, Achievement(None, None)),
        (CTX, None, Achievement(None, None)),
    ],
)
def test_report_achievement_reads_the_indicator(
    ctx: ActivityContext, value: Decimal | int | None, expected: Achievement
) -> None:
    assert report_achievement(ctx, value) == expected


def test_the_rating_follows_the_team_scale() -> None:
    assert rate(Decimal("90.91"), POVERTY) == Rating("predikat", predikat="tinggi")
    assert rate(Decimal("90.91"), replace(POVERTY, thresholds=(90.0, 80.0, 70.0, 60.0))).predikat == "sangat_tinggi"
    lampu = replace(POVERTY, rating_scale="lampu", yellow_limit=25.0)
    assert rate(Decimal(100), lampu) == Rating("lampu", light="hijau")
    assert rate(Decimal("90.91"), lampu) == Rating("lampu", light="kuning")
    assert rate(Decimal("90.91"), replace(lampu, yellow_limit=5.0)).light == "merah"
    assert rate(None, lampu) == Rating("lampu") and rate(None, POVERTY) == Rating("predikat")


# ---- the question, the summary, the confirmation --------------------------------------------------------------


def test_a_level_asks_for_its_current_value_and_a_turun_target_says_lower_is_better() -> None:
    text = steps.value_prompt(POVERTY, "id")
    assert t("report.value.what.level", "id") in text and "s.d. periode ini" not in text
    assert "Target: <b>3,3 persen</b> · ↓ lebih rendah lebih baik" in text
    assert "mis. <code>12,5</code>" in text  # a percentage's example is one it accepts
    english = steps.value_prompt(POVERTY, "en")
    assert "<b>current value</b>" in english and "· ↓ lower is better" in english


def test_the_value_question_of_naik_indicators_is_unchanged() -> None:
    common = {
        "activity": "Onboarding &lt;UMKM&gt;",
        "period": "Triwulan I 2026",
        "indicator": t("report.value.indicator", "id", indicator="UMKM onboarded"),
        "target": "100 UMKM",
        "direction": "",
        "history": "",
        "what": "realisasi",
        "unit": "UMKM",
        "example": "120",
    }
    assert steps.value_prompt(CTX, "id") == t("report.value.ask", "id", cumulative="", **common)
    assert "Berapa <b>realisasi</b> (UMKM)? Ketik angkanya, mis. <code>120</code>." in steps.value_prompt(CTX, "id")
    cumulative = steps.value_prompt(CUMULATIVE, "id")
    assert "Berapa <b>realisasi</b> kumulatif s.d. periode ini (UMKM)?" in cumulative


def test_a_range_target_is_shown_as_a_range() -> None:
    assert steps.target_text(NAIK_RANGE, "id") == "80–90%"
    assert steps.target_text(replace(STUNTING, unit="persen"), "id") == "14–16 persen"
    assert steps.target_text(replace(NAIK_RANGE, target_min=80.5, target_max=90.0), "en") == "80.5–90%"
    assert "Target: <b>14–16%</b> · ↓ lebih rendah lebih baik" in steps.value_prompt(STUNTING, "id")


def test_the_summary_shows_the_achievement_and_its_rating() -> None:
    naik = steps.summary_text(Answers(value=120), CTX, "id", revision=False)
    assert "Realisasi: <b>120</b> UMKM (target 100 UMKM, capaian 120%) · predikat <b>Sangat Tinggi</b>\n" in naik
    worse = steps.summary_text(Answers(value=3.6), POVERTY, "id", revision=False)
    assert (
        "Realisasi: <b>3,6</b> persen (target 3,3 persen · ↓ lebih rendah lebih baik, capaian 90,9%)"
        " · predikat <b>Tinggi</b>\n"
    ) in worse
    inside = steps.summary_text(Answers(value=15), replace(STUNTING, rating_scale="lampu"), "id", revision=False)
    assert "(target 14–16% · ↓ lebih rendah lebih baik, capaian 100%) · lampu <b>🟢 hijau</b>" in inside
    met = steps.summary_text(Answers(value=0), RENTENIR_ZERO, "id", revision=False)
    assert "(target 0 kasus · ↓ lebih rendah lebih baik, target 0 tercapai)\n" in met
    missed = steps.summary_text(Answers(value=2), RENTENIR_ZERO, "en", revision=False)
    assert "(target 0 kasus · ↓ lower is better, zero target not met)\n" in missed
    no_target = steps.summary_text(Answers(value=5), replace(CTX, target=None), "id", revision=False)
    assert "(target belum ada, capaian –)\n" in no_target


def _sent(**fields: object) -> Submission:
    base: dict[str, object] = {
        "created": True,
        "report_id": 1,
        "revision_id": 1,
        "revision_number": 1,
        "team_id": 1,
        "activity_name": "Stunting",
        "activity_code": "SAS-03",
        "unit": "%",
        "organization_code": "DINKES",
        "organization_name": "Dinas Kesehatan",
        "period_key": "2021-02",
        "value": 15.0,
        "achievement": Decimal(100),
        "predikat": "sangat_tinggi",
        "on_time": True,
        "reporter_name": "Dewi",
    }
    base.update(fields)
    return Submission(**base)  # type: ignore[arg-type]


def test_the_confirmation_after_kirim_rates_by_the_team_scale() -> None:
    assert steps.sent_rating(_sent(), "id") == t("report.sent.rating", "id", pct="100%", predikat="Sangat Tinggi")
    lampu = _sent(achievement=Decimal("87.50"), predikat=None, rating_scale="lampu", light="kuning")
    assert steps.sent_rating(lampu, "id") == t("report.sent.light", "id", pct="87,5%", light="🟡 kuning")
    zero = _sent(achievement=None, predikat=None, met=True, zero_target=True)
    assert steps.sent_rating(zero, "id") == t("report.sent.zero_target", "id", verdict="target 0 tercapai")
    assert steps.sent_achievement(zero, "id") == "target 0 tercapai"
    assert steps.sent_rating(_sent(achievement=None, predikat=None), "id") == t("report.sent.no_rating", "id")
    assert steps.sent_achievement(_sent(), "id") == "capaian 100%"


# ---- Kirim on both engines -------------------------------------------------------------------------------------


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    handle = make_sync_engine(db_url)
    yield handle
    handle.dispose()


def _kirim(engine: Engine, activity_id: int, value: float, person: int, team: int) -> Submission:
    with session_scope(engine) as session:
        draft = start_draft(session, person, T0, step="a")
        save_draft(
            session,
            draft.id,
            T0,
            step="summary",
            team_id=team,
            activity_id=activity_id,
            period_key="2026-Q1",
            answers=Answers(value=value),
        )
    with session_scope(engine) as session:
        return submit_draft(session, draft.id, T0)


def test_kirim_computes_what_the_summary_showed(engine: Engine) -> None:
    with session_scope(engine) as session:
        plan = seed_plan(session)
        turun = session.get(Activity, plan.act_pp)
        assert turun is not None
        turun.direction, turun.measure, turun.unit = "turun", "level", "%"
        q1 = session.exec(select(Target).where(Target.activity_id == plan.act_pp, Target.period_key == "2026-Q1"))
        target = q1.one()
        target.value, target.value_min, target.value_max = 16.0, 14.0, 16.0
        zero = session.exec(
            select(Target).where(Target.activity_id == plan.act_other, Target.period_key == "2026-Q1")
        ).one()
        zero.value = 0.0
        session.add_all([turun, target, zero])
    sent = _kirim(engine, plan.act_pp, 18.0, plan.focal, plan.team_id)
    with Session(engine) as session:
        ctx = activity_context(session, plan.act_pp, "2026-Q1")
    assert (sent.achievement, sent.predikat, sent.light) == (Decimal("87.50"), "tinggi", None)
    assert report_achievement(ctx, Decimal(18)).pct == sent.achievement  # the summary's rule
    inside = _kirim(engine, plan.act_pp, 15.0, plan.focal2, plan.team_id)
    assert (inside.achievement, inside.predikat, inside.revision_number) == (Decimal(100), "sangat_tinggi", 2)
    naught = _kirim(engine, plan.act_other, 3.0, plan.focal, plan.team_id)
    assert (naught.achievement, naught.met, naught.zero_target, naught.predikat) == (None, True, True, None)
    with session_scope(engine) as session:
        team = session.get(Team, plan.team_id)
        assert team is not None
        team.rating_scale, team.yellow_limit = "lampu", 10.0
        session.add(team)
    lit = _kirim(engine, plan.act_pp, 18.0, plan.focal, plan.team_id)
    assert (lit.achievement, lit.rating_scale, lit.light, lit.predikat) == (Decimal("87.50"), "lampu", "merah", None)
