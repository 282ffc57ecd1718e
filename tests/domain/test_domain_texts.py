"""The domain texts: both languages present, same placeholders, keys in the agreed namespaces."""

from __future__ import annotations

import string

import pytest

from texts import CATALOGUE
from texts.domain import TEXTS

# Indonesian writes quarters in Roman numerals (TW I), English in digits (Q1): the fields differ on purpose.
ROMAN_VS_ARABIC = {"periods.quarter_label", "periods.quarter_short"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_domain_text(key: str) -> None:
    indonesian, english = TEXTS[key]
    assert key.split(".")[0] in {"numbers", "periods", "rating"}
    assert indonesian.strip()
    assert english.strip()
    if key not in ROMAN_VS_ARABIC:
        assert _fields(indonesian) == _fields(english)
    assert CATALOGUE[key] == (indonesian, english)
