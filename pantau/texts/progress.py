"""Texts of the progress flow."""

TEXTS: dict[str, tuple[str, str]] = {}
