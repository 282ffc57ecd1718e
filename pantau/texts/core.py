"""Texts of the core flows: start, invites, roles, groups, help, errors."""

TEXTS: dict[str, tuple[str, str]] = {}
