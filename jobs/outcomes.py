"""What the outcome of a send means for the people and groups, whoever sent it.

The tick's reminders and digests and the bot's report and private notices all turn Telegram's answer into a
``texts.outgoing.SendResult`` (``bot.notifier.send_result``) and record it here, once: a group that became a
supergroup is followed to its new id, a forum topic found deleted or closed is cleared, an unreachable person or
group is marked so. What it means for a ``Delivery`` row is the tick's (``jobs.tick``).
"""

from __future__ import annotations

from sqlmodel import Session

from storage import people
from texts.outgoing import SendResult, SendStatus


def affects_records(result: SendResult) -> bool:
    """Whether :func:`record_send_outcome` has anything to record for ``result`` (a plain send has not)."""
    return result.migrated_to is not None or result.thread_gone or result.status is SendStatus.UNREACHABLE


def record_send_outcome(
    session: Session,
    chat_id: int,
    result: SendResult,
    *,
    person_telegram_id: int | None = None,
    thread_id: int | None = None,
) -> None:
    """Record what sending to ``chat_id`` (in the forum topic ``thread_id``) told about its recipient: a group
    that became a supergroup is followed to its new id; the topic ``thread_id`` found deleted or closed is cleared
    (the group posts in General from now on); an unreachable person (blocked the bot, never started it) is marked
    unreachable, an unreachable group (the bot was removed) inactive, under the id the message last went to.
    ``person_telegram_id``: the person when ``chat_id`` is their private chat; None: a group."""
    chat = chat_id
    if result.migrated_to is not None and person_telegram_id is None:
        people.migrate_group(session, chat_id, result.migrated_to)
        chat = result.migrated_to
    if result.thread_gone and thread_id is not None:
        people.clear_group_thread(session, chat, thread_id)
    if result.status is SendStatus.UNREACHABLE:
        if person_telegram_id is not None:
            people.mark_unreachable(session, person_telegram_id)
        else:
            people.set_group_active(session, chat, False)
