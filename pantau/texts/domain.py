"""Texts of the domain flow."""

TEXTS: dict[str, tuple[str, str]] = {}
