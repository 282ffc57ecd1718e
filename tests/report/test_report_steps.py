"""The plain side of the steps (bot/report/steps.py, draft.py, keyboards.py): microseconds, no bot, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.report import keyboards, steps
from bot.report.draft import Step, button_data, parse_button
from storage.drafts import Answers, Draft, EvidenceFile
from storage.entry import ActivityChoice, ActivityContext, PeriodChoice
from texts import t

CTX = ActivityContext(
    activity_id=1,
    code="K1",
    name="Onboarding <UMKM>",
    indicator="UMKM onboarded",
    unit="UMKM",
    measure="per_period",
    budget_ceiling=10_000_000,
    program_name="UMKM Go Digital",
    team_id=1,
    team_name="TPAKD",
    organization_id=1,
    organization_code="DISKOP",
    organization_name="Dinas Koperasi",
    period_key="2026-Q1",
    target=100.0,
    planned_physical=25.0,
    previous_value=None,
    previous_period_key=None,
    previous_budget=None,
    current_value=None,
    current_revision_number=None,
)
CUMULATIVE = replace(CTX, measure="cumulative", target=30.0, previous_value=9.0, previous_period_key="2025-Q4")
DRAFT = Draft(
    id="0123456789abcdef0123456789abcdef",
    person_id=1,
    team_id=1,
    activity_id=1,
    period_key="2026-Q1",
    step="summary",
    status="open",
    base_revision_id=None,
    answers=Answers(),
    updated_at=datetime(2026, 4, 6, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("typed", "value", "warning"),
    [
        ("120", Decimal(120), None),
        ("1.250", Decimal(1250), "above_target"),
        ("150", Decimal(150), None),
        ("150,5", Decimal("150.5"), "above_target"),
        ("0", Decimal(0), None),
    ],
)
def test_read_value_accepts_numbers_and_flags_far_above_target(typed: str, value: Decimal, warning: str | None) -> None:
    reading = steps.read_value(typed, CTX, "id")
    assert (reading.value, reading.warning, reading.error) == (value, warning, None)


@pytest.mark.parametrize("typed", ["-5", "banyak", "1,500", "", "12abc"])
def test_read_value_refuses_what_is_not_a_non_negative_number(typed: str) -> None:
    reading = steps.read_value(typed, CTX, "id")
    assert reading.value is None and reading.error


def test_a_falling_running_total_is_a_warning() -> None:
    assert steps.read_value("8", CUMULATIVE, "id").warning == "below_previous"
    assert steps.read_value("9", CUMULATIVE, "id").warning is None
    assert "9 UMKM" in steps.warning_text("below_previous", 8, CUMULATIVE, "id")


def test_budget_in_rupiah_with_the_ceiling() -> None:
    assert steps.read_budget("Rp 2,5 jt", CTX, "id").value == 2_500_000
    over = steps.read_budget("12 jt", CTX, "id")
    assert (over.value, over.warning) == (12_000_000, "above_ceiling")
    assert steps.read_budget("80%", CTX, "id").error
    assert "Rp 10.000.000" in steps.warning_text("above_ceiling", 12_000_000, CTX, "id")


def test_physical_percent_at_most_100() -> None:
    assert steps.read_physical("75,5%", "id").value == Decimal("75.5")
    assert steps.read_physical("100", "id").value == Decimal(100)
    assert steps.read_physical("101", "id").error
    assert steps.read_physical("-1", "id").error


def test_notes_are_trimmed_and_bounded() -> None:
    assert steps.read_note("  Sinyal lemah  ", "id").value == "Sinyal lemah"
    assert steps.read_note("   ", "id").error
    too_long = steps.read_note("x" * (steps.MAX_NOTE_CHARS + 1), "id")
    assert too_long.error == t("report.text.too_long", "id", n=steps.MAX_NOTE_CHARS + 1, max=steps.MAX_NOTE_CHARS)


def test_evidence_over_20_mb_too_many_and_duplicates() -> None:
    photo = EvidenceFile("photo", "AgAD1", "u1", file_size=1_000)
    big = EvidenceFile("photo", "AgAD2", "u2", file_size=steps.TELEGRAM_DOWNLOAD_LIMIT + 1)
    one = steps.check_evidence(Answers(), photo, "id").value
    assert one is not None and one.evidence == (photo,)
    assert steps.check_evidence(one, photo, "id").value == one  # a retried update adds nothing
    assert steps.check_evidence(Answers(), big, "id").error == t("report.evidence.too_big", "id", size="20")
    full = Answers(evidence=tuple(EvidenceFile("photo", f"f{i}", f"u{i}") for i in range(steps.MAX_EVIDENCE)))
    assert steps.check_evidence(full, EvidenceFile("photo", "x", "ux"), "id").error
    exactly = EvidenceFile("document", "BQ", "u3", "a.pdf", file_size=steps.TELEGRAM_DOWNLOAD_LIMIT)
    assert steps.check_evidence(Answers(), exactly, "id").value is not None


def test_skip_is_understood_in_both_languages() -> None:
    assert steps.is_skip(" lewati ") and steps.is_skip("Skip") and steps.is_skip("-")
    assert not steps.is_skip("lewat") and not steps.is_skip("- tidak ada")


def test_the_activity_list_is_paged_and_grouped_by_program() -> None:
    items = [
        ActivityChoice(
            i, f"K{i}", f"Kegiatan {i}", 1 + i // 5, f"Program {1 + i // 5}", 1, 1, "DISKOP", "pending", "2026-Q1"
        )
        for i in range(11)
    ]
    text, shown, page, pages = steps.activity_page(items, 0, "id")
    assert (len(shown), page, pages) == (steps.ACTIVITY_PAGE_SIZE, 0, 2)
    assert keyboards.activities(DRAFT, shown, page, pages, "id")[-1][0].text == t("report.button.next", "id")
    text, shown, page, pages = steps.activity_page(items, 5, "id")  # clamped to the last page
    assert (page, [a.code for a in shown]) == (1, ["K8", "K9", "K10"])
    assert "<b>Program 2</b>" in text and "<b>Program 3</b>" in text and "Halaman 2 dari 2" in text
    rows = keyboards.activities(DRAFT, shown, page, pages, "id")
    assert rows[-1][0].text == t("report.button.prev", "id") and len(rows[-1]) == 1


def test_buttons_carry_the_draft_and_the_step() -> None:
    data = button_data(DRAFT, Step.PERIOD, "per", "2026-Q1")
    assert data == "r:01234567:period:per:2026-Q1"
    assert parse_button(data) == parse_button("r:01234567:period:per:2026-Q1")
    decoded = parse_button(data)
    assert decoded is not None and (decoded.short, decoded.step, decoded.verb, decoded.arg) == (
        "01234567",
        "period",
        "per",
        "2026-Q1",
    )
    for forged in ("r:zz", "rl:1:2026-Q1", "r:0123456:value:yes", "", None):
        assert parse_button(forged) is None
    longest = button_data(DRAFT, Step.FOLLOW_UP, "skip")
    assert len(longest.encode()) <= 64


def test_periods_put_the_suggested_one_first_and_mark_locked_and_reported() -> None:
    choices = [
        PeriodChoice("2026-Q2", "open", False, False),
        PeriodChoice("2026-Q1", "reopened", True, True),
        PeriodChoice("2025-Q4", "locked", False, False),
    ]
    labels = [row[0].text for row in keyboards.periods(DRAFT, choices, "id")]
    assert labels == ["▶ Triwulan I 2026 (sudah dilaporkan)", "Triwulan II 2026", "🔒 Triwulan IV 2025"]


def test_ubah_offers_the_period_only_for_a_new_report() -> None:
    fields = [b.callback_data for row in keyboards.edit_fields(DRAFT, "id") for b in row]
    assert "r:01234567:edit:field:period" in fields
    revision = replace(DRAFT, base_revision_id=7)
    assert "r:01234567:edit:field:period" not in [
        b.callback_data for row in keyboards.edit_fields(revision, "id") for b in row
    ]


def test_the_summary_escapes_what_people_wrote() -> None:
    answers = Answers(
        value=120, budget_spent=2_500_000, obstacles="<b>x</b> & y" + "z" * 400, latitude=3.5, longitude=98.6
    )
    text = steps.summary_text(answers, CTX, "id", revision=True)
    assert "Onboarding &lt;UMKM&gt;" in text and "&lt;b&gt;x&lt;/b&gt; &amp; y" in text
    assert "(revisi)" in text and "capaian 120%" in text and "Rp 2.500.000" in text and "…" in text
    assert "Fisik: –" in text and "Lokasi: 3.50000, 98.60000" in text
