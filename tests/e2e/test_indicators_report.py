"""A report of an outcome indicator over HTTP, on the Solok plan (a monthly team): a poverty rate that
must fall (``tingkat``, ``turun``) and stunting prevalence with a range target. The question asks for the current
value and says lower is better, a percentage above 100 is refused, a value that got worse asks "Ya, benar / Ubah",
the summary and Kirim give the LKjIP achievement and its predikat, and the database gives back the same."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.report import steps
from domain.numbers import format_number
from storage.drafts import Answers
from storage.entry import activity_context
from storage.models import Activity, ReportRevision
from storage.submission import Submission, submit_draft
from tests.e2e.harness import EXAMPLES, Harness, Press, Turn, plain, play, running_bot, texts
from texts import t

SOLOK = EXAMPLES / "tkpkd-kota-solok-2021.yaml"
APRIL_1 = datetime(2021, 4, 1, 3, 0, tzinfo=UTC)  # Thursday 1 April 2021, 10:00 WIB: March ended, before its deadline
MARCH_1 = datetime(2021, 3, 1, 3, 0, tzinfo=UTC)  # Monday 1 March 2021: February ended, before its deadline
NONE = t("report.summary.none")


def _activity_id(session: Session, code: str) -> int:
    activity = session.exec(select(Activity).where(Activity.code == code)).one()
    return activity.id or 0


async def _revision(h: Harness) -> ReportRevision:
    [revision] = await h.run(lambda s: s.exec(select(ReportRevision)).all())
    return revision


async def _stored(h: Harness, draft_id: str) -> Submission:
    """What the database gives back for the report just sent: Kirim of the same draft again writes nothing and
    answers from the stored revision."""
    again: Submission = await h.run(submit_draft, draft_id, h.clock())
    assert not again.created
    return again


def _summary(activity: str, period: str, value: str, target: str, pct: str, predikat: str) -> str:
    return t(
        "report.summary",
        revision="",
        activity=activity,
        period=period,
        value=value,
        unit="persen",
        target=target,
        direction=t("report.direction.turun"),
        achievement=t("report.achievement.pct", pct=pct),
        rating=t("report.summary.predikat", predikat=predikat),
        budget=NONE,
        physical=NONE,
        obstacles=NONE,
        follow_up=NONE,
        evidence=NONE,
        location=NONE,
    )


def _skip_to_summary(who: Any, ctx: Any, summary: str) -> list[Turn]:
    """Budget, physical, notes, evidence and location skipped: the summary."""
    skip = t("report.button.skip")
    return [
        Turn(who, Press(skip), steps.physical_prompt(ctx, "id")),
        Turn(who, "-", t("report.obstacles.ask")),
        Turn(who, "-", t("report.follow_up.ask")),
        Turn(who, "-", steps.evidence_prompt(Answers(), "id")),
        Turn(who, Press(t("report.button.done")), t("report.location.ask")),
        Turn(who, skip, [t("report.location.skipped"), summary]),
    ]


async def test_a_poverty_rate_that_must_fall_is_reported_as_a_level(db_url: str) -> None:
    async with running_bot(db_url, start=APRIL_1, seed=False, flood_max_updates=0) as h:
        await h.seed_plan(SOLOK)
        dewi = h.user("Dewi", user_id=3101)
        await h.grant(dewi, "TKPKD-SOLOK", "focal_point", "BAPPEDA-SOLOK")
        sas01 = await h.run(_activity_id, "SAS-01")
        ctx = await h.run(activity_context, sas01, "2021-03")
        activity = "Penurunan persentase penduduk miskin"
        question = t(
            "report.value.ask",
            activity=activity,
            period="Maret 2021",
            indicator=t("report.value.indicator", indicator="Persentase penduduk miskin"),
            target="3,3 persen",
            direction=t("report.direction.turun"),  # " · ↓ lebih rendah lebih baik"
            history="",
            what=t("report.value.what.level"),  # "nilai saat ini", not "realisasi … s.d. periode ini"
            cumulative="",
            unit="persen",
            example=format_number(Decimal("12.5")),
        )
        assert "nilai saat ini" in plain(question) and "↓ lebih rendah lebih baik" in plain(question)
        [listing] = await h.say(dewi, "/lapor")
        assert "⏳ SAS-01 · Penurunan persentase penduduk miskin" in listing.button_labels()
        [periods] = await h.press_label(dewi, "⏳ SAS-01")
        assert periods.button_labels()[0] == "▶ Maret 2021"
        await play(
            h,
            [
                Turn(dewi, Press("▶ Maret 2021"), question),
                # a percentage above 100 is refused at the step
                Turn(dewi, "120%", [t("report.value.above_100", value="120"), question]),
                # 5% against a target of 3,3% that must fall: the value got worse, far beyond the target
                Turn(
                    dewi,
                    "5",
                    t("report.warn.worse_than_target", value="5 persen", target="3,3 persen", pct="48,5%"),
                ),
            ],
        )
        assert h.last_with_buttons(dewi.id).button_labels() == [t("report.button.yes"), t("report.button.change")]
        await play(
            h,
            [
                Turn(dewi, Press(t("report.button.change")), question),
                # 3,6%: worse than the target, not implausibly so; LKjIP (3,3 − (3,6 − 3,3)) ÷ 3,3 = 90,91%
                Turn(dewi, "3,6", steps.budget_prompt(ctx, "id")),
                *_skip_to_summary(
                    dewi,
                    ctx,
                    _summary(activity, "Maret 2021", "3,6", "3,3 persen", "90,9%", "Tinggi"),
                ),
            ],
        )
        [*_, sent] = await h.press_label(dewi, t("report.button.send"))
        assert plain(t("report.sent.rating", pct="90,9%", predikat="Tinggi")) in sent.text
        revision = await _revision(h)
        assert revision.value == 3.6
        stored = await _stored(h, revision.draft_id)
        assert (stored.achievement, stored.predikat, stored.met) == (Decimal("90.91"), "tinggi", False)

        # the chair's /rekap lists it among the outcome indicators, marked as one where lower is better
        chair = h.user("Pak Wali", user_id=3104)
        await h.grant(chair, "TKPKD-SOLOK", "chair")
        recap = "\n".join(m.text or "" for m in await h.say(chair, "/rekap Maret"))
        assert plain(t("progress.rekap_outcomes")) in recap
        [line] = [row for row in recap.splitlines() if "SAS-01" in row]
        assert "3,6" in line and "3,3" in line and "90,91%" in line
        # and the Excel recap gives it its own direction and kind columns
        _preparing, export = await h.say(chair, "/ekspor Maret")
        assert export.document is not None
        sheet = load_workbook(io.BytesIO(export.document))["Maret 2021"]
        header = next(r for r in sheet.iter_rows(values_only=True) if t("progress.xlsx.col.direction") in r)
        [row] = [r for r in sheet.iter_rows(values_only=True) if "Penurunan persentase penduduk miskin" in r]
        cells = dict(zip(header, row, strict=False))
        assert cells[t("progress.xlsx.col.direction")] == t("progress.direction.turun")
        assert t("progress.kind.level") in cells.values()


async def test_a_value_inside_a_range_target_is_100_percent(db_url: str) -> None:
    async with running_bot(db_url, start=MARCH_1, seed=False, flood_max_updates=0) as h:
        await h.seed_plan(SOLOK)
        rani = h.user("Rani", user_id=3102)
        await h.grant(rani, "TKPKD-SOLOK", "focal_point", "DINKES-SOLOK")
        sas03 = await h.run(_activity_id, "SAS-03")
        ctx = await h.run(activity_context, sas03, "2021-02")
        assert (ctx.target_min, ctx.target_max, ctx.direction, ctx.measure) == (14.0, 16.0, "turun", "level")
        activity = "Percepatan penurunan stunting"
        await h.say(rani, "/lapor")
        [periods] = await h.press_label(rani, "⏳ SAS-03")
        assert periods.button_labels()[0] == "▶ Februari 2021"
        [question] = await h.press_label(rani, "▶ Februari 2021")
        assert question.text == plain(steps.value_prompt(ctx, "id"))
        assert "Target: 14–16 persen · ↓ lebih rendah lebih baik" in question.text
        assert texts(await h.say(rani, "15")) == [plain(steps.budget_prompt(ctx, "id"))]
        await play(
            h,
            _skip_to_summary(
                rani,
                ctx,
                _summary(activity, "Februari 2021", "15", "14–16 persen", "100%", "Sangat Tinggi"),
            ),
        )
        [*_, sent] = await h.press_label(rani, t("report.button.send"))
        assert plain(t("report.sent.rating", pct="100%", predikat="Sangat Tinggi")) in sent.text
        revision = await _revision(h)
        assert revision.value == 15.0
        stored = await _stored(h, revision.draft_id)
        assert (stored.achievement, stored.predikat, stored.met) == (Decimal(100), "sangat_tinggi", True)
        # the secretariat's verification screen shows the range and the direction the report was measured against
        sri = h.user("Sri", user_id=3103)
        await h.grant(sri, "TKPKD-SOLOK", "secretariat")
        _head, item = await h.say(sri, "/verifikasi")
        assert "(target 14–16 persen · ↓ lebih rendah lebih baik)" in item.text
