"""Scheduled work: reminders, escalations, digests. Decides from the database, sends through a Notifier."""
