"""The one catalogue of every user-facing text, Indonesian first and English beside it.

Each flow keeps its texts in its own module (``core``, ``domain``, ``report``, ``reminders``, ``progress``,
``plan``) as a dict ``TEXTS = {"flow.key": ("Indonesian", "English")}``; this package merges them and refuses
duplicate keys, so a test can assert against ``t(key)`` instead of repeating literals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def _load() -> dict[str, tuple[str, str]]:
    from texts import (
        actions,
        agenda,
        closing,
        core,
        deck,
        domain,
        members,
        obstacles,
        plan,
        plan_chat,
        planfile,
        progress,
        province,
        province_charts,
        quick_report,
        reminders,
        report,
    )

    merged: dict[str, tuple[str, str]] = {}
    for module in (
        actions,
        core,
        domain,
        report,
        quick_report,
        reminders,
        progress,
        plan,
        planfile,
        plan_chat,
        province,
        closing,
        province_charts,
        members,
        deck,
        agenda,
        obstacles,
    ):
        texts: Mapping[str, tuple[str, str]] = module.TEXTS
        for key, pair in texts.items():
            if key in merged:
                raise RuntimeError(f"text key {key!r} is defined twice")
            merged[key] = pair
    return merged


CATALOGUE: dict[str, tuple[str, str]] = _load()


def normalise_language(lang: str | None) -> str:
    """Map a Telegram language code or setting to one we have, falling back to Indonesian."""
    if not lang:
        return DEFAULT_LANGUAGE
    lang = lang.lower().split("-")[0].split("_")[0]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **values: Any) -> str:
    """Return the text ``key`` in ``lang``, formatted with ``values`` (``str.format`` fields)."""
    pair = CATALOGUE[key]
    text = pair[LANGUAGES.index(normalise_language(lang))]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Tell whether the catalogue holds ``key`` (for texts chosen by a computed key)."""
    return key in CATALOGUE
