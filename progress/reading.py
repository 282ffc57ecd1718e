"""How the progress screens say a rating and an indicator: the team's rating scale (predikat or traffic light), a
falling indicator's mark, a range as ``80–90%``, a level as a level. Shared by the views, the charts, the Excel
recap and the digest; pure, plain text (callers escape it for HTML)."""

from __future__ import annotations

from typing import Final

from domain.indicators import LIGHTS
from domain.numbers import format_number
from domain.periods import Period
from domain.rating import PREDIKAT_COLOURS, PREDIKAT_KEYS, predikat_label
from texts import t

# The lights in the predikat palette's ends and middle (lightness falls from kuning towards both ends).
LIGHT_COLOURS: Final[dict[str, str]] = {"hijau": "#1B7837", "kuning": "#F2C14E", "merah": "#C0392B"}
PERCENT_UNITS: Final = frozenset({"%", "persen", "prosen", "percent", "pct"})


def rating_of(predikat: str | None, light: str | None, lights: bool) -> str | None:
    """The key shown for a rated value: its light when the team rates by traffic light, else its predikat."""
    return light if lights else predikat


def rating_keys(lights: bool) -> tuple[str, ...]:
    """Every key of the team's scale, best first (a chart's legend)."""
    return LIGHTS if lights else PREDIKAT_KEYS


def rating_label(key: str, lang: str | None) -> str:
    """ "Sangat Tinggi" or "Hijau" (a predikat or a light key)."""
    if key in LIGHTS:
        return t(f"progress.light.{key}", lang)
    return predikat_label(key, lang)


def rating_colour(key: str) -> str:
    """The colour of a predikat or a light (``#RRGGBB``)."""
    return LIGHT_COLOURS[key] if key in LIGHT_COLOURS else PREDIKAT_COLOURS[key]


def amount(value: float | None, unit: str, lang: str | None) -> str:
    """A value with its unit: ``3,3%`` for a percentage, ``120 UMKM`` otherwise; ``–`` for none."""
    if value is None:
        return "–"
    number = format_number(value, lang or "id", max_decimals=2)
    return _with_unit(number, unit)


def target_text(value: float | None, low: float | None, high: float | None, unit: str, lang: str | None) -> str:
    """A target as the plan states it: a range ``80–90%`` (``14–16 persen`` → ``14–16%``), or one value."""
    if low is not None and high is not None:
        span = f"{format_number(low, lang or 'id', max_decimals=2)}–{format_number(high, lang or 'id', max_decimals=2)}"
        return _with_unit(span, unit)
    return amount(value, unit, lang)


def _with_unit(number: str, unit: str) -> str:
    clean = unit.strip()
    if not clean:
        return number
    if clean.casefold() in PERCENT_UNITS:
        return f"{number}%"
    return f"{number} {clean}"


def reading_marks(measure: str, direction: str, lang: str | None) -> list[str]:
    """What to say beside an indicator read otherwise: ``tingkat`` for a level, the mark of a falling one."""
    marks = []
    if measure == "level":
        marks.append(t("progress.kind.level", lang))
    if direction == "turun":
        marks.append(t("progress.turun_mark", lang))
    return marks


def stopped_text(period_key: str, lang: str | None) -> str:
    """``dihentikan mulai TW III``: an activity stopped by a plan version, from its first period without a target."""
    return t("progress.stopped_from", lang, period=Period.from_key(period_key).short_label(lang))
