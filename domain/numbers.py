"""Numbers as Indonesian officials type and read them: dots group thousands, a comma marks decimals.

Parsing is forgiving about decoration (``Rp``, ``,-``, ``%``, ``juta``/``jt``/``rb``/``M``/``T``) but never guesses
a separator: ``1,500`` could be fifteen hundred (English) or one and a half (Indonesian), so the user is asked back
with both readings. Every failure is a :class:`NumberParseError` whose :meth:`~NumberParseError.message` comes from
the text catalogue and never echoes the raw input (safe to send with any parse mode).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import partial
from typing import Final, Literal

from babel.numbers import format_decimal

from texts import normalise_language, t
from texts.render import Localised

ErrorCode = Literal["not_a_number", "ambiguous", "wrong_grouping", "negative", "percent_over_max"]
ERROR_CODES: Final[tuple[ErrorCode, ...]] = (
    "not_a_number",
    "ambiguous",
    "wrong_grouping",
    "negative",
    "percent_over_max",
)
_Context = Literal["number", "percent", "rupiah"]

_LOCALES: Final = {"id": "id_ID", "en": "en_US"}
_MAX_INPUT = 80  # characters; nobody types a longer number, and it bounds the work
_MAX_DIGITS = 30  # above this it is a typo, not an amount
_PRECISION = 80  # enough for 30 digits times 10**12 without rounding

_UNITS: Final = {
    "ribu": 3,
    "rb": 3,
    "rbu": 3,
    "k": 3,
    "juta": 6,
    "jt": 6,
    "jta": 6,
    "miliar": 9,
    "milyar": 9,
    "mlyr": 9,
    "m": 9,  # in Indonesian finance "M" is miliar, never million
    "triliun": 12,
    "trilyun": 12,
    "tn": 12,
    "t": 12,
}
_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))
_SIGN = r"[-−–+]"
_NUMBER_RE = re.compile(
    rf"""^(?P<sign1>{_SIGN})?\s*
    (?P<rp>rp\.?|idr)?\s*
    (?P<sign2>{_SIGN})?\s*
    (?P<core>[0-9][0-9.,]*?|[.,][0-9][0-9.,]*?)\s*
    (?:(?P<unit>{_UNIT_ALT})\.?)?\s*
    (?P<pct>%)?\s*
    (?P<dash>[.,]-+)?\s*
    (?P<rupiah>rupiah)?$""",
    re.VERBOSE | re.ASCII,
)
_PLAIN = re.compile(r"[0-9]+", re.ASCII)
_ID_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+", re.ASCII)
_ID_DECIMAL = re.compile(r"(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+),[0-9]+", re.ASCII)
_COMMA_THREE = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}", re.ASCII)
_EN_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:(?:,[0-9]{3}){2,}|(?:,[0-9]{3})+\.[0-9]+)", re.ASCII)
_DOT_DECIMAL = re.compile(r"[0-9]+\.[0-9]+", re.ASCII)


class NumberParseError(ValueError):
    """A typed number we cannot accept; ``code`` says why, the catalogue text ``key`` with ``values`` says what to
    type instead (``texts.render.render_error``). Values ``spelled`` out in words ("seribu lima ratus") become
    ``<name>_words``, one wording per language."""

    def __init__(
        self,
        code: ErrorCode,
        text: str,
        key: str,
        values: Mapping[str, object] | None = None,
        spelled: Mapping[str, Decimal] | None = None,
    ) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code: ErrorCode = code
        self.text = text
        self.key = key
        self.values: dict[str, object] = dict(values or {})
        for name, value in (spelled or {}).items():
            self.values[f"{name}_words"] = Localised.of(partial(spell_number, value))


@dataclass(frozen=True)
class _Reading:
    value: Decimal
    currency: bool
    unit: str | None
    percent: bool


def parse_number(text: str, *, allow_negative: bool = False) -> Decimal:
    """Read a number typed the Indonesian way (``1.250.000``, ``75,5``, ``1,5 juta``, ``Rp 2jt``, ``80%``)."""
    return _parse(text, "number", allow_negative=allow_negative).value


def parse_percent(text: str, *, maximum: Decimal | None = Decimal(100)) -> Decimal:
    """Read a percentage (``80``, ``80%``, ``75,5 %``); no units or Rupiah; at most ``maximum`` if given."""
    reading = _parse(text, "percent", allow_negative=False)
    if reading.currency or reading.unit:
        raise _not_a_number(text, "percent")
    if maximum is not None and reading.value > maximum:
        raise NumberParseError(
            "percent_over_max",
            text,
            "numbers.percent_over_max",
            {"maximum": format_number(maximum)},
        )
    return reading.value


def parse_rupiah(text: str, *, allow_negative: bool = False) -> int:
    """Read an amount of money as whole Rupiah (``Rp 2.000.000,-``, ``1,5 M``); fractions round half up."""
    reading = _parse(text, "rupiah", allow_negative=allow_negative)
    if reading.percent:
        raise _not_a_number(text, "rupiah")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return int(reading.value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _not_a_number(text: str, context: _Context) -> NumberParseError:
    key = {
        "number": "numbers.not_a_number",
        "percent": "numbers.percent_not_a_number",
        "rupiah": "numbers.rupiah_not_a_number",
    }[context]
    return NumberParseError("not_a_number", text, key)


def _parse(text: str, context: _Context, *, allow_negative: bool) -> _Reading:
    """Split decoration from the digits, read the digits strictly, then apply sign and unit."""
    if not isinstance(text, str) or len(text) > _MAX_INPUT:
        raise _not_a_number(str(text), context)
    s = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip().lower()
    match = _NUMBER_RE.match(s)
    if not match or (match.group("sign1") and match.group("sign2")):
        raise _not_a_number(text, context)
    sign = match.group("sign1") or match.group("sign2") or ""
    negative = sign not in ("", "+")
    unit = match.group("unit")
    currency = bool(match.group("rp") or match.group("rupiah") or match.group("dash"))
    percent = bool(match.group("pct"))
    if percent and (unit or currency):
        raise _not_a_number(text, context)
    core = match.group("core")
    if sum(c.isdigit() for c in core) > _MAX_DIGITS:
        raise _not_a_number(text, context)
    prefix = ("-" if negative else "") + ("Rp " if currency else "")
    suffix = (f" {unit}" if unit else "") + ("%" if percent else "")
    value = _read_core(core, text, prefix, suffix, _UNITS[unit] if unit else 0)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        value = value.scaleb(_UNITS[unit]) if unit else value
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        if negative and value != 0:
            if not allow_negative:
                raise NumberParseError("negative", text, "numbers.negative")
            value = -value
    return _Reading(value if value != 0 else Decimal(0), currency, unit, percent)


def _read_core(core: str, text: str, prefix: str, suffix: str, exponent: int) -> Decimal:
    """Digits and separators to a Decimal, refusing every form that has two readings or wrong grouping."""
    if _PLAIN.fullmatch(core):
        return Decimal(core)
    if _ID_THOUSANDS.fullmatch(core):
        return Decimal(core.replace(".", ""))
    if _COMMA_THREE.fullmatch(core):
        as_thousands = Decimal(core.replace(",", ""))
        as_decimal = Decimal(core.replace(",", "."))
        raise NumberParseError(
            "ambiguous",
            text,
            "numbers.ambiguous_comma",
            {
                "thousands": prefix + format_number(as_thousands) + suffix,
                "decimal": prefix + format_number(as_decimal, max_decimals=3) + suffix,
            },
            {"thousands": as_thousands.scaleb(exponent)},
        )
    if _ID_DECIMAL.fullmatch(core):
        return Decimal(core.replace(".", "").replace(",", "."))
    if _EN_GROUPED.fullmatch(core):
        whole, _, fraction = core.partition(".")
        indonesian = whole.replace(",", ".") + ("," + fraction if fraction else "")
        raise NumberParseError(
            "wrong_grouping", text, "numbers.english_grouping", {"suggestion": prefix + indonesian + suffix}
        )
    if _DOT_DECIMAL.fullmatch(core):
        as_decimal = Decimal(core)
        raise NumberParseError(
            "ambiguous",
            text,
            "numbers.ambiguous_dot",
            {"decimal": prefix + core.replace(".", ",") + suffix},
            {"decimal": as_decimal},
        )
    raise NumberParseError("wrong_grouping", text, "numbers.wrong_grouping")


# --- formatting --------------------------------------------------------------------------------------------------

Number = Decimal | int | float


def _decimal(value: Number) -> Decimal:
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _locale(lang: str | None) -> str:
    return _LOCALES[normalise_language(lang)]


def format_number(value: Number, lang: str | None = "id", max_decimals: int = 2) -> str:
    """``1.250.000`` / ``75,5`` (English ``1,250,000`` / ``75.5``): rounded half up, trailing zeros dropped.

    With the default ``max_decimals=2`` the Indonesian output always parses back to the same value; with 3 or more,
    a number below 1000 with exactly three decimals (``1,125``) reads as ambiguous.
    """
    if max_decimals < 0:
        raise ValueError("max_decimals must be 0 or more")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        rounded = _decimal(value).quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
        if rounded == 0:
            rounded = Decimal(0)  # never "-0"
        pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "")
        return format_decimal(rounded, format=pattern, locale=_locale(lang))


def format_rupiah(amount: int, lang: str | None = "id") -> str:
    """Whole Rupiah with the currency before the number: ``Rp 1.250.000`` (English ``Rp 1,250,000``)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {format_number(abs(amount), lang, max_decimals=0)}"


def format_percent(value: Number | None, lang: str | None = "id", decimals: int = 1) -> str:
    """``75,5%`` (English ``75.5%``), no space before the sign, trailing zeros dropped (``80%``); None → "–"."""
    if value is None:
        return "–"
    return f"{format_number(value, lang, max_decimals=decimals)}%"


_COMPACT_UNITS: Final = ((12, "numbers.unit_trillion"), (9, "numbers.unit_billion"), (6, "numbers.unit_million"))


def format_compact_number(value: Number, lang: str | None = "id", *, thousands: bool = True) -> str:
    """Short form for chart labels: ``1,5 M``, ``250 jt``, ``12 rb`` (English ``1.5B``, ``250M``, ``12K``)."""
    amount = _decimal(value)
    magnitude = abs(amount)
    units = _COMPACT_UNITS + (((3, "numbers.unit_thousand"),) if thousands else ())
    for position, (exponent, key) in enumerate(units):
        if magnitude < Decimal(10) ** exponent:
            continue
        scaled = (magnitude.scaleb(-exponent)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if scaled >= 1000 and position > 0:  # 999.960.000 is "1 M", not "1.000 jt"
            exponent, key = units[position - 1]
            scaled = (magnitude.scaleb(-exponent)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        number = format_number(scaled.copy_sign(amount), lang, max_decimals=1)
        return t("numbers.compact", lang, number=number, unit=t(key, lang))
    return format_number(amount, lang, max_decimals=1)


def format_compact_rupiah(amount: Number, lang: str | None = "id") -> str:
    """Money for chart labels: ``Rp 1,5 M``, ``Rp 250 jt`` (English ``Rp 1.5B``, ``Rp 250M``)."""
    value = _decimal(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {format_compact_number(abs(value), lang)}"


# --- spelling numbers out (terbilang) ------------------------------------------------------------------------------

_ID_ONES: Final = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_ID_SCALES: Final = ((12, "triliun"), (9, "miliar"), (6, "juta"), (3, "ribu"))
_EN_ONES: Final = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS: Final = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_SCALES: Final = ((12, "trillion"), (9, "billion"), (6, "million"), (3, "thousand"))


def _id_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ID_ONES[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_ID_ONES[rest - 10], "belas"]
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words += [_ID_ONES[tens], "puluh"] + ([_ID_ONES[ones]] if ones else [])
    elif rest:
        words.append(_ID_ONES[rest])
    return words


def _id_words(n: int) -> list[str]:
    for exponent, name in _ID_SCALES:
        high, low = divmod(n, 10**exponent)
        if high:
            head = ["seribu"] if (exponent == 3 and high == 1) else [*_id_words(high), name]
            return head + (_id_words(low) if low else [])
    return _id_below_thousand(n)


def _en_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [_EN_ONES[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else ""))
    elif rest:
        words.append(_EN_ONES[rest])
    return words


def _en_words(n: int) -> list[str]:
    for exponent, name in _EN_SCALES:
        high, low = divmod(n, 10**exponent)
        if high:
            return [*_en_words(high), name] + (_en_words(low) if low else [])
    return _en_below_thousand(n)


def spell_number(value: Number, lang: str | None = "id") -> str:
    """Spell a number out (terbilang): 1500 → "seribu lima ratus"; 1,25 → "satu koma dua lima"."""
    lang = normalise_language(lang)
    amount = _decimal(value)
    if not amount.is_finite():
        raise ValueError("cannot spell a non-finite number")
    negative = amount < 0
    whole_text, _, fraction = format(abs(amount), "f").partition(".")
    whole = int(whole_text)
    fraction = fraction.rstrip("0")
    if lang == "id":
        words = _id_words(whole) if whole else ["nol"]
        if fraction:
            words += ["koma", *(_ID_ONES[int(c)] for c in fraction)]
        if negative:
            words.insert(0, "minus")
    else:
        words = _en_words(whole) if whole else ["zero"]
        if fraction:
            words += ["point", *(_EN_ONES[int(c)] for c in fraction)]
        if negative:
            words.insert(0, "minus")
    return " ".join(words)
