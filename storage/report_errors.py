"""Why a report function refused: one exception with a catalogue key, shared by drafts, entry, submission, history,
verification and reopening, so a handler catches one type.
"""

from __future__ import annotations

from domain import limits


class ReportError(Exception):
    """A domain refusal with a catalogue key; the caller shows ``t(self.key, lang, **self.values)``."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class DraftClosedError(ReportError):
    """The draft is no longer open (submitted, cancelled or expired): nothing may change it."""

    def __init__(self, status: str) -> None:
        super().__init__(f"report.closed.{status}")
        self.status = status


class AnswerTooLargeError(ReportError):
    """Kirim of a draft holding a number its column cannot hold (written before ``domain.limits``, or a revision of
    such a report): nothing is stored; the person types that answer again."""

    def __init__(self, limit: limits.Limit) -> None:
        super().__init__("report.submit.too_large")
        self.limit = limit
