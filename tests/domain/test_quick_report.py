"""Lapor cepat's parser and checker (domain.quick_report): labels in any order, case and spacing; every mistake named
by line and field with the guided report's own rules; the template reads back as what it was filled with."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import limits
from domain.periods import Period
from domain.quick_report import (
    MAX_LINES,
    Checked,
    Filled,
    Problem,
    Slots,
    check_fields,
    duplicates,
    is_quick_report,
    parse_line,
    parse_message,
    read_period,
    split_head,
    template_line,
)
from domain.text import is_visibly_empty
from texts.render import render


@dataclass(frozen=True)
class Figures:
    """An activity in one period, as the checks read it (storage.entry.ActivityContext has these and more)."""

    unit: str = "UMKM"
    measure: str = "per_period"
    previous_value: float | None = None
    budget_ceiling: int | None = 10_000_000
    direction: str = "naik"
    target: float | None = 100.0
    target_min: float | None = None
    target_max: float | None = None
    rating_scale: str = "predikat"
    thresholds: tuple[float, ...] = ()
    yellow_limit: float | None = None
    planned_physical: float | None = 25.0


CTX = Figures()


def check(line: str, ctx: Figures = CTX, number: int = 1) -> Checked:
    parsed = parse_line(line, number)
    assert parsed.problems == ()
    return check_fields(parsed.slots, ctx, number, max_note_chars=2000)


def places(problems: tuple[Problem, ...] | list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.place, p.key) for p in problems]


def test_labels_in_any_order_case_and_spacing_with_english_aliases() -> None:
    line = parse_line("  lapor  K1 tw i 2026|TINDAK-LANJUT :pendampingan|Fisik (%):40 |NiLaI:120| budget: 2,5 jt ", 3)
    assert line.number == 3 and line.head == "K1 tw i 2026" and line.problems == ()
    assert dict(line.slots) == {
        "follow_up": "pendampingan",
        "physical_pct": "40",
        "value": "120",
        "budget_spent": "2,5 jt",
    }
    result = check_fields(line.slots, CTX, 3, max_note_chars=2000)
    assert result.problems == () and result.doubts == ()
    assert result.filled == Filled(Decimal(120), 2_500_000, Decimal(40), None, "pendampingan")
    english = parse_line("LAPOR K1 | current value: 5 | physical: 1 | obstacles: rain | follow-up: wait", 1)
    assert set(english.slots) == {"value", "physical_pct", "obstacles", "follow_up"}


def test_a_bar_inside_a_note_stays_in_the_note_and_empty_slots_are_not_answered() -> None:
    line = parse_line("LAPOR K1 | nilai: 80 | kendala: hujan | jalan putus: 2 km | tindak lanjut: -", 1)
    assert line.problems == (Problem(1, "line", "quick.error.unknown_label", {"label": "jalan putus"}),)
    line = parse_line("LAPOR K1 | nilai: 80 | kendala: hujan | jalan putus | anggaran: | fisik: - ", 1)
    assert line.problems == () and line.slots["obstacles"] == "hujan | jalan putus"
    assert check_fields(line.slots, CTX, 1, max_note_chars=2000).filled == Filled(
        Decimal(80), obstacles="hujan | jalan putus"
    )


def test_syntax_mistakes_are_named() -> None:
    line = parse_line("LAPOR K1 | nilai: 1 | nilai: 2 | harga: 5 | lima", 2)
    assert places(line.problems) == [
        (2, "value", "quick.error.repeated"),
        (2, "line", "quick.error.unknown_label"),
        (2, "line", "quick.error.no_label"),
    ]
    assert line.slots["value"] == "1"  # the first is kept for the other checks
    assert places(parse_line("LAPOR | nilai: 1", 4).problems) == [(4, "code", "quick.error.no_code")]
    assert places(parse_line("LAPR K1 | nilai: 1", 5).problems) == [(5, "line", "quick.error.no_keyword")]


def test_a_message_is_its_non_blank_lines_numbered_as_the_person_sees_them() -> None:
    lines, problems = parse_message("LAPOR K1 | nilai: 1\n\n \u200b\nLAPOR K2 | nilai:\n")
    assert problems == [] and [(x.number, x.head, x.empty) for x in lines] == [(1, "K1", False), (4, "K2", True)]
    lines, problems = parse_message("\n".join(["LAPOR K1 | nilai: 1"] * (MAX_LINES + 1)))
    assert lines == [] and places(problems) == [(0, "line", "quick.error.too_many_lines")]


def test_the_head_is_the_longest_known_code_then_the_period() -> None:
    assert split_head("K1 Triwulan I 2026", ["K1", "K10"]) == ("K1", "Triwulan I 2026")
    assert split_head("k10 tw 2", ["K1", "K10"]) == ("k10", "tw 2")
    assert split_head("UGD 01 Maret", ["UGD 01", "UGD"]) == ("UGD 01", "Maret")
    assert split_head("X9 TW I", ["K1"]) == ("X9", "TW I")
    assert read_period("", "quarter", 2026, "2026-Q1", 1) == Period.quarter(2026, 1)
    assert read_period("triwulan 2", "quarter", 2026, "2026-Q1", 1) == Period.quarter(2026, 2)
    wrong = read_period("Maret 2026", "quarter", 2026, "2026-Q1", 7)
    assert isinstance(wrong, Problem) and (wrong.line, wrong.place, wrong.key) == (
        7,
        "period",
        "periods.expected_quarter",
    )
    assert isinstance(read_period("kapan-kapan", "quarter", 2026, "2026-Q1", 1), Problem)


def test_the_guided_reports_checks_apply() -> None:
    assert places(check("LAPOR K1 | anggaran: 5").problems) == [(1, "value", "quick.error.required")]
    assert places(check("LAPOR K1 | nilai: banyak").problems) == [(1, "value", "numbers.not_a_number")]
    assert places(check("LAPOR K1 | nilai: 80 | fisik: 120").problems) == [
        (1, "physical_pct", "numbers.percent_over_max")
    ]
    assert places(check("LAPOR K1 | nilai: 80 | anggaran: 12%").problems)[0][1] == "budget_spent"
    percent = Figures(unit="%", target=90.0)
    [above] = check("LAPOR K1 | nilai: 101", percent).problems
    assert above.key == "report.value.above_100" and render(above.key, above.values, "id").startswith("<b>101</b>")
    [too_large] = check("LAPOR K1 | nilai: 10000000000000").problems
    assert (too_large.place, too_large.limit, too_large.number) == ("value", limits.VALUE, Decimal(10**13))
    [too_precise] = check("LAPOR K1 | nilai: 80 | fisik: 12,25").problems
    assert (too_precise.place, too_precise.limit) == ("physical_pct", limits.PHYSICAL)
    [long_note] = check("LAPOR K1 | nilai: 80 | tindak lanjut: " + "x" * 2001).problems
    assert (long_note.place, long_note.key, long_note.values) == (
        "follow_up",
        "report.text.too_long",
        {"n": 2001, "max": 2000},
    )


def test_implausible_answers_are_doubts_to_confirm_not_mistakes() -> None:
    result = check("LAPOR K1 | nilai: 500 | anggaran: 20 jt")
    assert result.problems == ()
    assert [(d.place, d.reason, d.number) for d in result.doubts] == [
        ("value", "above_target", Decimal(500)),
        ("budget_spent", "above_ceiling", Decimal(20_000_000)),
    ]
    running = Figures(measure="cumulative", previous_value=30.0, target=40.0)
    assert [d.reason for d in check("LAPOR K2 | nilai: 20 | kendala: x", running).doubts] == ["below_previous"]


def test_the_obstacle_is_required_when_the_rating_is_lowest_or_physical_far_behind() -> None:
    [lowest] = check("LAPOR K1 | nilai: 5").problems
    assert (lowest.place, lowest.key) == ("obstacles", "obstacles.required.lowest_rating")
    assert render(lowest.key, lowest.values, "id") == render(
        "obstacles.required.lowest_rating", {"rating": "Sangat Rendah"}, "id"
    )
    assert check("LAPOR K1 | nilai: 5 | kendala: banjir").problems == ()
    [behind] = check("LAPOR K1 | nilai: 100 | fisik: 1").problems
    assert (behind.place, behind.key) == ("obstacles", "obstacles.required.critical_deviation")
    assert check("LAPOR K1 | nilai: 100 | fisik: 25").problems == ()


def test_the_template_has_the_slots_of_the_activity() -> None:
    q1 = Period.quarter(2026, 1)
    assert template_line("K1", q1, Slots(budget=True, physical=True), "id") == (
        "LAPOR K1 Triwulan I 2026 | nilai: | anggaran (Rp): | fisik (%): | kendala: | tindak lanjut:"
    )
    assert template_line("K2", Period.month(2026, 3), Slots(level=True), "en") == (
        "LAPOR K2 March 2026 | current value: | obstacles: | follow-up:"
    )
    assert is_quick_report(template_line("K2", q1, Slots(), "id"))
    assert (
        not is_quick_report("lapor sudah dikirim kemarin") and not is_quick_report("LAPOR") and not is_quick_report("")
    )
    assert duplicates([(1, 5, "2026-Q1"), (2, 6, "2026-Q1"), (3, 5, "2026-Q1"), (4, 5, "2026-Q2")]) == [(3, 1)]


notes = st.text(st.characters(codec="utf-8", exclude_characters="|\n:\r"), max_size=40).map(str.strip)


@settings(max_examples=100, deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2),
    budget=st.none() | st.integers(0, 999_999_999_999_999),
    physical=st.none() | st.decimals(min_value=0, max_value=100, places=1),
    obstacles=notes,
    follow_up=notes,
    lang=st.sampled_from(["id", "en"]),
)
def test_a_filled_template_reads_back_as_it_was_filled(
    value: Decimal, budget: int | None, physical: Decimal | None, obstacles: str, follow_up: str, lang: str
) -> None:
    ctx = Figures(target=None, budget_ceiling=None, planned_physical=None)  # nothing implausible, nothing required
    filled = Filled(value, budget, physical, obstacles or None, follow_up or None)
    text = template_line("K1", Period.quarter(2026, 2), Slots(), lang, filled)
    line = parse_line(text, 1)
    code, period = split_head(line.head, ["K1"])
    assert (code, read_period(period, "quarter", 2026, "2026-Q1", 1)) == ("K1", Period.quarter(2026, 2))
    result = check_fields(line.slots, ctx, 1, max_note_chars=2000)
    assert result.problems == ()
    assert result.filled == Filled(value, budget, physical, _as_read(obstacles), _as_read(follow_up))


def _as_read(note: str) -> str | None:
    """A note as the template writes it on one line and the parser reads it back (a lone dash: not answered)."""
    one_line = " ".join(note.split())
    return None if is_visibly_empty(one_line) or one_line in ("-", "–", "—") else one_line


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.builds(lambda s: "LAPOR " + s, st.text(max_size=300)))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    lines, problems = parse_message(text)
    for line in lines:
        for problem in line.problems:
            assert problem.line == line.number and render(problem.key, problem.values, "id")
        checked = check_fields(line.slots, CTX, line.number, max_note_chars=2000)
        for problem in checked.problems:
            assert problem.line == line.number
            assert problem.limit is not None or render(problem.key, problem.values, "id")
    assert all(p.line == 0 for p in problems)
