"""The typed draft and the callback data of the report flow.

The draft itself is ``storage.drafts.Draft`` (a frozen dataclass over the ``report_draft`` row: every answer given so
far, typed); the conversation never keeps answers in ``user_data``. Buttons carry only ids, the draft's short id and
the step they belong to, so a button from an old message is recognised and refused
(PTB's ``per_message=False`` conversations cannot tell old buttons apart):

- ``r:<short>:<step>:<verb>[:<arg>]``: a button of the open draft; ``short`` = first 8 hex digits of the draft id,
  ``step`` = the state the message was asked in. Refused unless both match the person's open draft.
- ``rl:<activity id>:<period key>``: "Lapor sekarang" in a reminder (an entry point).
- ``rv:<report id>``: "Revisi" in /riwayat or in a returned-report notice (an entry point).
- ``rh:<offset>``: /riwayat paging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from storage.drafts import Answers, Draft, EvidenceFile, Pending

__all__ = [
    "OBSTACLE_FIELDS",
    "Answers",
    "Callback",
    "Draft",
    "EvidenceFile",
    "Pending",
    "Step",
    "button_data",
    "parse_button",
]


class Step(StrEnum):
    """The states of the report conversation; also ``report_draft.step``."""

    ACTIVITY = "activity"
    PERIOD = "period"
    VALUE = "value"
    BUDGET = "budget"
    PHYSICAL = "physical"
    OBSTACLE_OPEN = "obstacle_open"  # the open obstacle carried forward: still there, or resolved
    OBSTACLES = "obstacles"
    OBSTACLE_CAT = "obstacle_cat"  # the obstacle's category
    OBSTACLE_DEC = "obstacle_dec"  # does it need the chair's decision
    FOLLOW_UP = "follow_up"
    EVIDENCE = "evidence"
    LOCATION = "location"
    SUMMARY = "summary"
    EDIT = "edit"


# The fields "Ubah" offers, each the step that asks it (the period only for a new report, not a revision).
EDITABLE: tuple[Step, ...] = (
    Step.PERIOD,
    Step.VALUE,
    Step.BUDGET,
    Step.PHYSICAL,
    Step.OBSTACLE_OPEN,
    Step.OBSTACLES,
    Step.OBSTACLE_CAT,
    Step.OBSTACLE_DEC,
    Step.FOLLOW_UP,
    Step.EVIDENCE,
    Step.LOCATION,
)
# Offered by "Ubah" only when they apply (an obstacle followed, an obstacle written): keyboards.edit_fields.
OBSTACLE_FIELDS: frozenset[Step] = frozenset({Step.OBSTACLE_OPEN, Step.OBSTACLE_CAT, Step.OBSTACLE_DEC})

_BUTTON = re.compile(r"^r:([0-9a-f]{8}):([a-z_]+):([a-z]+)(?::(.{1,40}))?$")
REMINDER_PATTERN = r"^rl:(\d{1,12}):(\d{4}-(?:Q[1-4]|0[1-9]|1[0-2]))$"
REVISE_PATTERN = r"^rv:(\d{1,12})$"
HISTORY_PAGE_PATTERN = r"^rh:(\d{1,6})$"


@dataclass(frozen=True)
class Callback:
    """A decoded report button."""

    short: str
    step: str
    verb: str
    arg: str


def button_data(draft: Draft, step: Step, verb: str, arg: object = "") -> str:
    """``r:<short>:<step>:<verb>[:<arg>]`` (at most 64 bytes: ids and period keys only)."""
    data = f"r:{draft.short}:{step.value}:{verb}" + (f":{arg}" if arg != "" else "")
    assert len(data.encode()) <= 64, data
    return data


def parse_button(data: str | None) -> Callback | None:
    """Decode a report button; None for anything else (forged or foreign)."""
    match = _BUTTON.match(data or "")
    if match is None:
        return None
    return Callback(match.group(1), match.group(2), match.group(3), match.group(4) or "")
