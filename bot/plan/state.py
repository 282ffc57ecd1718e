"""The plan change waiting between its steps, and the callback data of its buttons (no Telegram here).

A plan file sent back starts a *pending change*, kept in the person's ``user_data`` (persisted to the database by
``bot.persistence`` after every update, so it survives a restart): the plan as JSON (``domain.plan_data``), the
version the preview was made against, the stage, and what was chosen so far. A new file replaces it; Terapkan,
Batal and /batal end it.

Buttons: ``pc:<id>:<verb>[:<period key>]`` with ``id`` the pending change's 8 hex digits, so a button of an older
preview (or someone else's) is recognised and refused; verbs ``p`` (a period), ``k`` (koreksi data), ``a``
(Terapkan), ``x`` (Batal). At most 64 bytes; who may press is checked on the server, never read from the data.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

PENDING_KEY = "pantau.plan_change"
PATTERN = r"^pc:"
BASIS_MAX = 1000  # PlanVersion.basis
_CALLBACK = re.compile(r"^pc:([0-9a-f]{8}):([pkax])(?::(\d{4}-(?:Q[1-4]|0[1-9]|1[0-2])))?$")


class Stage(StrEnum):
    PERIOD = "period"  # the preview is shown; the first period (or koreksi data) is asked with buttons
    BASIS = "basis"  # the period is chosen; the legal basis is asked (the next text message)
    CONFIRM = "confirm"  # everything is known; Terapkan / Batal


class Verb(StrEnum):
    PERIOD = "p"
    CORRECTION = "k"
    APPLY = "a"
    CANCEL = "x"


@dataclass(frozen=True)
class Pending:
    """A plan change read, checked and previewed, not yet applied."""

    id: str
    team_code: str
    team_id: int
    base_version: int  # the version the preview was made against: Terapkan is refused if another came first
    plan: dict[str, Any]  # the plan file as read (domain.plan_data.plan_to_data)
    file_name: str
    stage: Stage = Stage.PERIOD
    effective_from: str | None = None
    correction: bool = False
    basis: str = ""
    message_id: int | None = None  # the message whose buttons are current (removed when it ends)

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["stage"] = self.stage.value
        return data

    def at(self, stage: Stage, **changes: Any) -> Pending:
        return replace(self, stage=stage, **changes)


def new_id() -> str:
    return secrets.token_hex(4)


def from_data(data: object) -> Pending | None:
    """The pending change in ``user_data`` (None: none, or unreadable after a change of this format)."""
    if not isinstance(data, dict):
        return None
    try:
        return Pending(
            id=str(data["id"]),
            team_code=str(data["team_code"]),
            team_id=int(data["team_id"]),
            base_version=int(data["base_version"]),
            plan=dict(data["plan"]),
            file_name=str(data.get("file_name") or ""),
            stage=Stage(data.get("stage", Stage.PERIOD)),
            effective_from=data.get("effective_from"),
            correction=bool(data.get("correction", False)),
            basis=str(data.get("basis") or ""),
            message_id=data.get("message_id"),
        )
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Press:
    """A decoded plan button."""

    id: str
    verb: Verb
    period: str | None


def button(pending: Pending, verb: Verb, period: str | None = None) -> str:
    data = f"pc:{pending.id}:{verb.value}" + (f":{period}" if period else "")
    assert len(data.encode()) <= 64, data
    return data


def parse(data: str | None) -> Press | None:
    """A plan button's data; None for anything else (forged or foreign)."""
    match = _CALLBACK.match(data or "")
    if match is None:
        return None
    verb = Verb(match.group(2))
    period = match.group(3)
    if (verb is Verb.PERIOD) != (period is not None):
        return None
    return Press(match.group(1), verb, period)
