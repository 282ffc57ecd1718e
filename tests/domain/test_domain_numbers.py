"""Numbers the way officials type them, the ambiguity we refuse to guess, and Indonesian formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.numbers import (
    ERROR_CODES,
    NumberParseError,
    format_compact_number,
    format_compact_rupiah,
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
    parse_percent,
    parse_rupiah,
    spell_number,
)
from texts import t
from texts.render import render_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000", "1250000"),
        ("1.250.000,50", "1250000.50"),
        ("75,5", "75.5"),
        ("1,5 juta", "1500000"),
        ("1,5jt", "1500000"),
        ("1,5 JT", "1500000"),
        ("2jt", "2000000"),
        ("2 juta", "2000000"),
        ("500 rb", "500000"),
        ("500rb", "500000"),
        ("500 ribu", "500000"),
        ("500k", "500000"),
        ("1,2 M", "1200000000"),
        ("1,2 miliar", "1200000000"),
        ("1,2 milyar", "1200000000"),
        ("3 triliun", "3000000000000"),
        ("3 T", "3000000000000"),
        ("Rp 2.000.000", "2000000"),
        ("Rp2jt", "2000000"),
        ("Rp. 2.000.000,-", "2000000"),
        ("rp 2.000.000,00", "2000000"),
        ("IDR 2.000.000", "2000000"),
        ("2 juta rupiah", "2000000"),
        ("80%", "80"),
        ("80 %", "80"),
        ("  42 ", "42"),
        ("1250000", "1250000"),
        ("0", "0"),
        ("0,5", "0.5"),
        ("0,500", "0.5"),  # a leading 0 cannot be a thousands group
        ("1.500", "1500"),
        ("1.250,500", "1250.5"),  # dots already mark thousands, so the comma is the decimal
        ("1234,567", "1234.567"),  # four digits before the comma cannot be English grouping
        ("1\u00a0250", None),
        ("007", "7"),
        ("+5", "5"),
    ],
)
def test_parse_number(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(NumberParseError):
            parse_number(text)
        return
    value = parse_number(text)
    assert value == Decimal(expected)
    assert "E" not in str(value)  # never scientific notation for whole amounts


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.5", "ambiguous"),
        ("1.25", "ambiguous"),
        ("0.5", "ambiguous"),
        ("1.5 juta", "ambiguous"),
        ("1,500", "ambiguous"),
        ("12,000", "ambiguous"),
        ("999,999", "ambiguous"),
        ("Rp 1,500", "ambiguous"),
        ("1.25.000", "wrong_grouping"),
        ("1.250.00", "wrong_grouping"),
        ("12.34.567", "wrong_grouping"),
        ("1,250,000", "wrong_grouping"),
        ("1,250,000.50", "wrong_grouping"),
        ("1,250.5", "wrong_grouping"),
        (",5", "wrong_grouping"),
        ("5,", "wrong_grouping"),
        ("1..000", "wrong_grouping"),
        ("dua juta", "not_a_number"),
        ("abc", "not_a_number"),
        ("", "not_a_number"),
        ("   ", "not_a_number"),
        ("juta", "not_a_number"),
        ("Rp", "not_a_number"),
        ("%", "not_a_number"),
        ("1 juta 500 ribu", "not_a_number"),
        ("1 250 000", "not_a_number"),
        ("2jt%", "not_a_number"),
        ("Rp 80%", "not_a_number"),
        ("--5", "not_a_number"),
        ("-Rp -5", "not_a_number"),
        ("١٢", "not_a_number"),  # Arabic-Indic digits
        ("1" * 31, "not_a_number"),
        ("1e6", "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("-5", "negative"),
        ("−5", "negative"),  # unicode minus
        ("- 5", "negative"),
        ("-Rp 5.000", "negative"),
        ("Rp -5.000", "negative"),
    ],
)
def test_parse_number_errors(text: str, code: str) -> None:
    with pytest.raises(NumberParseError) as info:
        parse_number(text)
    error = info.value
    assert error.code == code
    assert error.code in ERROR_CODES
    assert error.text == text
    assert isinstance(error, ValueError)
    for lang in ("id", "en"):
        assert render_error(error, lang)


def test_negative_allowed_when_asked() -> None:
    assert parse_number("-5", allow_negative=True) == Decimal(-5)
    assert parse_number("−1,5 juta", allow_negative=True) == Decimal(-1500000)
    assert parse_number("-0", allow_negative=False) == 0
    assert str(parse_number("-0", allow_negative=True)) == "0"


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("1,500", "id", "Maksud Anda 1.500 (seribu lima ratus) atau 1,5? Tulis 1.500 atau 1,5."),
        (
            "1,500",
            "en",
            "Did you mean 1.500 (one thousand five hundred) or 1,5? Here dots group thousands and a comma marks "
            "decimals: type 1.500 or 1,5.",
        ),
        ("12,000", "id", "Maksud Anda 12.000 (dua belas ribu) atau 12? Tulis 12.000 atau 12."),
        ("1,250", "id", "Maksud Anda 1.250 (seribu dua ratus lima puluh) atau 1,25? Tulis 1.250 atau 1,25."),
        (
            "1,500 juta",
            "id",
            "Maksud Anda 1.500 juta (satu miliar lima ratus juta) atau 1,5 juta? Tulis 1.500 juta atau 1,5 juta.",
        ),
        ("Rp 1,500", "id", "Maksud Anda Rp 1.500 (seribu lima ratus) atau Rp 1,5? Tulis Rp 1.500 atau Rp 1,5."),
        (
            "1.5",
            "id",
            "Maksud Anda 1,5 (satu koma lima)? Desimal ditulis dengan koma, contoh 1,5; ribuan dengan titik, contoh "
            "1.500.",
        ),
        (
            "1.25",
            "en",
            "Did you mean 1,25 (one point two five)? Here decimals take a comma, e.g. 1,25; thousands take dots, e.g. "
            "1.500.",
        ),
        (
            "1,250,000",
            "id",
            "Maksud Anda 1.250.000? Ribuan ditulis dengan titik dan desimal dengan koma. Tulis 1.250.000.",
        ),
        ("1,250,000", "en", "Did you mean 1.250.000? Here thousands take dots and decimals a comma. Type 1.250.000."),
        ("1,250,000.50", "id", t("numbers.english_grouping", "id", suggestion="1.250.000,50")),
        ("1.25.000", "id", t("numbers.wrong_grouping", "id")),
        ("1.25.000", "en", t("numbers.wrong_grouping", "en")),
        ("dua juta", "id", t("numbers.not_a_number", "id")),
        ("abc", "en", t("numbers.not_a_number", "en")),
        ("-5", "id", "Angka tidak boleh negatif. Tulis tanpa tanda minus, contoh: 5."),
        ("-5", "en", "The number cannot be negative. Type it without a minus sign, e.g. 5."),
    ],
)
def test_error_messages(text: str, lang: str, message: str) -> None:
    with pytest.raises(NumberParseError) as info:
        parse_number(text)
    assert render_error(info.value, lang) == message


def test_messages_never_echo_the_input() -> None:
    """The bot may send messages in HTML mode; what the user typed must not reach them."""
    for text in ("<b>dua</b> juta", "abc & co", "1.25.000<"):
        with pytest.raises(NumberParseError) as info:
            parse_number(text)
        assert "<" not in render_error(info.value, "id")
        assert "&" not in render_error(info.value, "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("80", "80"), ("80%", "80"), ("75,5 %", "75.5"), ("100", "100"), ("0", "0"), ("0,5%", "0.5")],
)
def test_parse_percent(text: str, expected: str) -> None:
    assert parse_percent(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "code", "key"),
    [
        ("100,1", "percent_over_max", "numbers.percent_over_max"),
        ("150%", "percent_over_max", "numbers.percent_over_max"),
        ("-5", "negative", "numbers.negative"),
        ("-5%", "negative", "numbers.negative"),
        ("2 juta", "not_a_number", "numbers.percent_not_a_number"),
        ("Rp 50", "not_a_number", "numbers.percent_not_a_number"),
        ("delapan puluh", "not_a_number", "numbers.percent_not_a_number"),
        ("75.5", "ambiguous", "numbers.ambiguous_dot"),
    ],
)
def test_parse_percent_errors(text: str, code: str, key: str) -> None:
    with pytest.raises(NumberParseError) as info:
        parse_percent(text)
    assert info.value.code == code
    assert info.value.key == key


def test_percent_over_max_messages() -> None:
    with pytest.raises(NumberParseError) as info:
        parse_percent("150")
    assert render_error(info.value, "id") == "Persentase paling tinggi 100%. Tulis angka 0 sampai 100, contoh: 75,5."
    assert render_error(info.value, "en") == (
        "The percentage can be at most 100%. Type a number from 0 to 100, e.g. 75,5."
    )
    assert parse_percent("150", maximum=Decimal(200)) == 150
    assert parse_percent("1.500", maximum=None) == 1500


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 2.000.000", 2_000_000),
        ("Rp. 2.000.000,-", 2_000_000),
        ("1,5 M", 1_500_000_000),
        ("2jt", 2_000_000),
        ("1.250.000,50", 1_250_001),  # half up
        ("1.250.000,49", 1_250_000),
        ("0,5", 1),
        ("1,2345 rb", 1_235),
        ("0", 0),
    ],
)
def test_parse_rupiah(text: str, expected: int) -> None:
    value = parse_rupiah(text)
    assert value == expected
    assert type(value) is int


def test_parse_rupiah_errors() -> None:
    with pytest.raises(NumberParseError) as info:
        parse_rupiah("80%")
    assert info.value.key == "numbers.rupiah_not_a_number"
    with pytest.raises(NumberParseError) as info:
        parse_rupiah("dua juta")
    assert render_error(info.value, "id") == t("numbers.rupiah_not_a_number", "id")
    with pytest.raises(NumberParseError) as info:
        parse_rupiah("-Rp 5.000")
    assert info.value.code == "negative"
    assert parse_rupiah("-Rp 5.000", allow_negative=True) == -5000


@pytest.mark.parametrize(
    ("value", "lang", "kwargs", "expected"),
    [
        (Decimal(1250000), "id", {}, "1.250.000"),
        (1250000, "en", {}, "1,250,000"),
        (Decimal("75.5"), "id", {}, "75,5"),
        (Decimal("75.5"), "en", {}, "75.5"),
        (Decimal("75.50"), "id", {}, "75,5"),
        (Decimal("1250000.505"), "id", {}, "1.250.000,51"),  # half up, not banker's rounding
        (Decimal("0.005"), "id", {}, "0,01"),
        (Decimal("-0.001"), "id", {}, "0"),  # never "-0"
        (Decimal("-1234.5"), "id", {}, "-1.234,5"),
        (Decimal("2.5"), "id", {"max_decimals": 0}, "3"),
        (Decimal("1.23456"), "id", {"max_decimals": 4}, "1,2346"),
        (0, "id", {}, "0"),
        (0.1 + 0.2, "id", {}, "0,3"),
        (Decimal("1E+3"), "id", {}, "1.000"),
        (Decimal("123456789012345678901234.5"), "id", {}, "123.456.789.012.345.678.901.234,5"),
    ],
)
def test_format_number(value: Decimal | int | float, lang: str, kwargs: dict[str, int], expected: str) -> None:
    assert format_number(value, lang, **kwargs) == expected


@pytest.mark.parametrize(
    ("amount", "lang", "expected"),
    [
        (1_250_000, "id", "Rp 1.250.000"),
        (1_250_000, "en", "Rp 1,250,000"),
        (0, "id", "Rp 0"),
        (-5000, "id", "-Rp 5.000"),
    ],
)
def test_format_rupiah(amount: int, lang: str, expected: str) -> None:
    assert format_rupiah(amount, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (Decimal("75.5"), "id", 1, "75,5%"),
        (Decimal("75.5"), "en", 1, "75.5%"),
        (Decimal("80"), "id", 1, "80%"),
        (Decimal("90.96"), "id", 1, "91%"),
        (Decimal("90.94"), "id", 1, "90,9%"),
        (Decimal("33.333"), "id", 2, "33,33%"),
        (None, "id", 1, "–"),
    ],
)
def test_format_percent(value: Decimal | None, lang: str, decimals: int, expected: str) -> None:
    assert format_percent(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("amount", "lang", "expected"),
    [
        (1_500_000_000, "id", "Rp 1,5 M"),
        (1_500_000_000, "en", "Rp 1.5B"),
        (250_000_000, "id", "Rp 250 jt"),
        (250_000_000, "en", "Rp 250M"),
        (1_234_567_890, "id", "Rp 1,2 M"),
        (999_960_000, "id", "Rp 1 M"),  # rounding moves up a unit instead of "1.000 jt"
        (999_940_000, "id", "Rp 999,9 jt"),
        (3_000_000_000_000, "id", "Rp 3 T"),
        (3_000_000_000_000_000, "id", "Rp 3.000 T"),
        (12_500, "id", "Rp 12,5 rb"),
        (12_500, "en", "Rp 12.5K"),
        (999, "id", "Rp 999"),
        (0, "id", "Rp 0"),
        (-2_500_000, "id", "-Rp 2,5 jt"),
    ],
)
def test_format_compact_rupiah(amount: int, lang: str, expected: str) -> None:
    assert format_compact_rupiah(amount, lang) == expected


def test_format_compact_number() -> None:
    assert format_compact_number(1_200_000) == "1,2 jt"
    assert format_compact_number(1_200_000, "en") == "1.2M"
    assert format_compact_number(12_500, thousands=False) == "12.500"
    assert format_compact_number(Decimal("12.25")) == "12,3"


@pytest.mark.parametrize(
    ("value", "lang", "words"),
    [
        (0, "id", "nol"),
        (1, "id", "satu"),
        (10, "id", "sepuluh"),
        (11, "id", "sebelas"),
        (15, "id", "lima belas"),
        (21, "id", "dua puluh satu"),
        (100, "id", "seratus"),
        (110, "id", "seratus sepuluh"),
        (1000, "id", "seribu"),
        (1500, "id", "seribu lima ratus"),
        (2000, "id", "dua ribu"),
        (101_000, "id", "seratus satu ribu"),
        (1_250_000, "id", "satu juta dua ratus lima puluh ribu"),
        (1_000_000_000, "id", "satu miliar"),
        (1_500_000_000_000_000, "id", "seribu lima ratus triliun"),
        (Decimal("1.25"), "id", "satu koma dua lima"),
        (Decimal("0.05"), "id", "nol koma nol lima"),
        (Decimal("-3"), "id", "minus tiga"),
        (0, "en", "zero"),
        (21, "en", "twenty-one"),
        (1500, "en", "one thousand five hundred"),
        (1_250_000, "en", "one million two hundred fifty thousand"),
        (Decimal("1.5"), "en", "one point five"),
    ],
)
def test_spell_number(value: Decimal | int, lang: str, words: str) -> None:
    assert spell_number(value, lang) == words


# --- properties --------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_integers_round_trip(value: int) -> None:
    assert parse_number(format_number(value), allow_negative=True) == value
    if value >= 0:
        assert parse_rupiah(format_rupiah(value)) == value


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2, allow_nan=False, allow_infinity=False)
)
def test_decimals_round_trip(value: Decimal) -> None:
    assert parse_number(format_number(value), allow_negative=True) == value


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False))
def test_percent_round_trip(value: Decimal) -> None:
    assert parse_percent(format_percent(value)) == value


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_parse_raises_only_number_parse_error(text: str) -> None:
    for parse in (parse_number, parse_percent, parse_rupiah):
        error: NumberParseError | None = None
        try:
            parse(text)
        except NumberParseError as caught:
            error = caught
        if error is not None:
            assert render_error(error, "id")
            assert render_error(error, "en")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,-−% rpRPjutabJTMk", max_size=20))
def test_number_like_text_raises_only_number_parse_error(text: str) -> None:
    try:
        value = parse_number(text, allow_negative=True)
    except NumberParseError as caught:
        error = caught
    else:
        assert value.is_finite()
        return
    assert render_error(error, "id")
