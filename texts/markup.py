"""HTML texts as Telegram reads them: escaping, and its length rules, as plain functions (no Telegram imports).

Telegram counts a text's length after entity parsing (tags gone, ``&amp;`` one character) and in UTF-16 code
units: an emoji or another character outside the Basic Multilingual Plane counts twice. Limits: 4,096 for a
message, 1,024 for a caption (``telegram.constants.MessageLimit``).
"""

from __future__ import annotations

import html
import re

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^>]*>")


def esc(value: object) -> str:
    """Escape anything a person or the plan wrote before it goes into an HTML message."""
    return html.escape(str(value), quote=False)


def utf16_len(text: str) -> int:
    """The length Telegram measures: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def visible(html_text: str) -> str:
    """What a person sees of an HTML text: tags removed, character references decoded."""
    return html.unescape(_TAG.sub("", html_text))


def visible_len(html_text: str) -> int:
    """Telegram's length of an HTML text (after entity parsing, in UTF-16 code units)."""
    return utf16_len(visible(html_text))


def shorten(text: str, limit: int) -> str:
    """Plain ``text`` cut to at most ``limit`` UTF-16 units, with "…" when cut (never half a surrogate pair)."""
    if utf16_len(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        size = utf16_len(char)
        if used + size > limit - 1:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + "…"
