"""Rows behind python-telegram-bot's persistence: conversation states and ``user_data``, as JSON.

This is framework state (where a person is in a dialog), kept apart from domain records (STYLE.md §3).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from storage.models import ConversationState, UserData


def _key_text(key: tuple[int | str, ...]) -> str:
    return json.dumps(list(key), separators=(",", ":"))


def load_conversations(session: Session, name: str) -> dict[tuple[int | str, ...], object]:
    rows = session.exec(select(ConversationState).where(ConversationState.name == name)).all()
    return {tuple(json.loads(r.key)): json.loads(r.state) for r in rows}


def save_conversation(
    session: Session, name: str, key: tuple[int | str, ...], state: object | None, now: datetime
) -> None:
    """Store one conversation's state; ``None`` (the conversation ended) deletes the row."""
    row = session.get(ConversationState, (name, _key_text(key)))
    if state is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = ConversationState(name=name, key=_key_text(key), state=json.dumps(state), updated_at=now)
    else:
        row.state = json.dumps(state)
        row.updated_at = now
    session.add(row)


def load_user_data(session: Session) -> dict[int, dict[str, Any]]:
    return {r.user_id: dict(r.data or {}) for r in session.exec(select(UserData)).all()}


def save_user_data(session: Session, user_id: int, data: dict[str, Any], now: datetime) -> None:
    row = session.get(UserData, user_id)
    payload = json.loads(json.dumps(data, default=str))  # only JSON survives a restart
    if row is None:
        session.add(UserData(user_id=user_id, data=payload, updated_at=now))
        return
    if row.data != payload:
        row.data = payload
        row.updated_at = now
        session.add(row)


def drop_user_data(session: Session, user_id: int) -> None:
    row = session.get(UserData, user_id)
    if row is not None:
        session.delete(row)
