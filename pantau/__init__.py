"""Pantau: a Telegram bot for the realisation reports of Indonesian regional coordination teams."""

__version__ = "0.1.0"
