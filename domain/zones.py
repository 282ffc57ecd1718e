"""The team's time zone, defined once: every local day, deadline and timestamp shown is read in it.

A team's zone is an IANA name (``Asia/Jakarta``); the Indonesian abbreviations WIB, WITA and WIT are accepted too.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

ZONE_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
ZONE_ABBREVIATIONS = {v: k for k, v in ZONE_ALIASES.items()}


def team_zone(name: str) -> ZoneInfo:
    """The zone of an IANA name or of WIB/WITA/WIT (any case)."""
    return ZoneInfo(ZONE_ALIASES.get(name.upper(), name))


def local_today(zone_name: str, now: datetime) -> date:
    """The calendar day in the zone at the aware instant ``now`` (a naive one is refused: store and pass UTC)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (UTC)")
    return now.astimezone(team_zone(zone_name)).date()


def zone_label(zone: ZoneInfo) -> str:
    """ "WIB", "WITA", "WIT" for the Indonesian zones, else the IANA name."""
    return ZONE_ABBREVIATIONS.get(zone.key, zone.key)
