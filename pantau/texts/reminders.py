"""Texts of the reminders flow."""

TEXTS: dict[str, tuple[str, str]] = {}
