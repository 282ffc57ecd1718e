"""Every text exists in both languages with the same fields, and only bot/ talks to Telegram."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from texts import CATALOGUE, t

ROOT = Path(__file__).resolve().parents[1]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Texts whose languages use different (all supplied) fields on purpose: "Triwulan II" vs "Q2".
DIFFERENT_FIELDS = {"periods.quarter_label", "periods.quarter_short"}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_text_has_both_languages_with_the_same_fields(key: str) -> None:
    indonesian, english = CATALOGUE[key]
    assert indonesian.strip() and english.strip()
    if key not in DIFFERENT_FIELDS:
        assert _fields(indonesian) == _fields(english), key


def test_unknown_language_falls_back_to_indonesian() -> None:
    assert t("core.not_allowed", "fr") == t("core.not_allowed", "id")
    assert t("core.not_allowed", "en-GB") == CATALOGUE["core.not_allowed"][1]


def _imports_telegram(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "telegram" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "telegram":
            return True
    return False


def test_only_bot_imports_telegram() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("texts", "domain", "planfile", "storage", "progress", "jobs", "pantau", "emulator")
        for path in (ROOT / package).rglob("*.py")
        if _imports_telegram(path)
    ]
    assert offenders == []
    assert _imports_telegram(ROOT / "bot" / "app.py")  # the check itself sees an import
