"""Visibly empty free text (domain/text.py): a note of invisible characters is no note."""

from __future__ import annotations

import pytest

from domain.text import is_visibly_empty


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "   ",
        "\t\n",
        "\u3164",  # HANGUL FILLER
        "\uffa0",  # HALFWIDTH HANGUL FILLER
        "\u115f\u1160",  # HANGUL CHOSEONG / JUNGSEONG FILLER
        "\u200b",  # ZERO WIDTH SPACE
        "\u200c\u200d",  # ZERO WIDTH NON-JOINER / JOINER
        "\u2060",  # WORD JOINER
        "\ufeff",  # BOM
        "\u00ad",  # SOFT HYPHEN
        "\u200e\u200f\u061c",  # bidi marks
        "\u2800",  # BRAILLE PATTERN BLANK
        "\u00a0\u2007\u202f\u3000",  # no-break, figure, narrow no-break, ideographic spaces
        "\u2028\u2029",  # line and paragraph separators
        "\u180e",  # MONGOLIAN VOWEL SEPARATOR
        "\u034f\ufe0f",  # COMBINING GRAPHEME JOINER, VARIATION SELECTOR-16
        "\U000e0020\U000e007f",  # tag characters
        " \u3164 \u200b ",
    ],
)
def test_invisible_text_is_empty(text: str | None) -> None:
    assert is_visibly_empty(text)


@pytest.mark.parametrize("text", ["a", ".", "-", "Sinyal lemah", "\u3164a", "👍", "\u200b0", "ㄱ", "⠁"])
def test_anything_visible_is_not_empty(text: str) -> None:
    assert not is_visibly_empty(text)
