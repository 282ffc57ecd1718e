"""Thin Telegram handlers: parse the update, call a plain function, answer from the catalogue."""
