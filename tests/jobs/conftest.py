"""Fixtures of the jobs tests: a sync engine on the test database, a fake digest module, a fixed clock helper."""

from __future__ import annotations

import types
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine

import jobs.planner
import jobs.tick
from storage.db import make_sync_engine
from texts.outgoing import OutgoingMessage


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_sync_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def fake_digest(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, datetime]]:
    """Put a stand-in for the digest module where the jobs look it up (``jobs.planner.digest``, ``jobs.tick.digest``),
    recording its collect calls."""
    calls: list[tuple[int, datetime]] = []
    module = types.ModuleType("progress.digest")

    def collect_digest(session: Any, team_id: int, now: datetime) -> dict[str, Any]:
        calls.append((team_id, now))
        return {"team_id": team_id}

    def render_digest(data: dict[str, Any], lang: str) -> OutgoingMessage:
        return OutgoingMessage(text=f"Ringkasan mingguan tim {data['team_id']}", photo=b"\x89PNG fake")

    module.collect_digest = collect_digest  # type: ignore[attr-defined]
    module.render_digest = render_digest  # type: ignore[attr-defined]
    monkeypatch.setattr(jobs.planner, "digest", module)
    monkeypatch.setattr(jobs.tick, "digest", module)
    return calls
