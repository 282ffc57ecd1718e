"""Telegram's error answers as one exception type, so every refusal has the exact Bot API shape."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A refusal answered as ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """The body Telegram sends for this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def bad_request(detail: str, parameters: dict[str, Any] | None = None) -> ApiError:
    """400 with Telegram's ``Bad Request: `` prefix."""
    return ApiError(400, f"Bad Request: {detail}", parameters)


def forbidden(detail: str) -> ApiError:
    """403 with Telegram's ``Forbidden: `` prefix (``detail`` may already carry it)."""
    text = detail if detail.startswith("Forbidden:") else f"Forbidden: {detail}"
    return ApiError(403, text)


def too_many_requests(retry_after: int) -> ApiError:
    """429 carrying ``parameters.retry_after`` the way PTB turns it into ``RetryAfter``."""
    seconds = max(1, int(retry_after))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


def conflict(detail: str) -> ApiError:
    """409, e.g. two pollers or getUpdates while a webhook is set."""
    return ApiError(409, f"Conflict: {detail}")


UNAUTHORIZED = ApiError(401, "Unauthorized")
METHOD_NOT_FOUND = ApiError(404, "Not Found: method not found")
FILE_NOT_FOUND = ApiError(404, "Not Found")
INTERNAL_ERROR = ApiError(500, "Internal Server Error")
