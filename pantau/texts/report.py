"""Texts of the report flow."""

TEXTS: dict[str, tuple[str, str]] = {}
