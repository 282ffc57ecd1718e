"""Free text as a person sees it: a note made only of invisible characters is an empty note."""

from __future__ import annotations

import unicodedata
from typing import Final

# Characters that draw nothing although Unicode does not class them as spaces or format characters: the Hangul
# fillers (often used to send a "blank" message), the braille blank, the Khmer inherent vowels, the combining
# grapheme joiner and the variation selectors.
_BLANK_LETTERS: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u034f")
# Unicode categories that draw nothing: spaces (Zs), line and paragraph separators (Zl, Zp), controls (Cc: tabs,
# newlines) and format characters (Cf: zero-width space and joiners, word joiner, BOM, soft hyphen, bidi marks, tags).
_BLANK_CATEGORIES: Final = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def _invisible(char: str) -> bool:
    if char in _BLANK_LETTERS or "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef":
        return True
    return unicodedata.category(char) in _BLANK_CATEGORIES


def is_visibly_empty(text: str | None) -> bool:
    """True when ``text`` shows nothing: empty, or only spaces and invisible characters (U+200B, U+2060, U+FEFF,
    U+3164 HANGUL FILLER, U+2800 BRAILLE BLANK…)."""
    return not text or all(_invisible(char) for char in text)
