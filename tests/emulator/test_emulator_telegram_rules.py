"""Rules of the real Bot API the emulator now enforces too: forum topics, late callback answers, webhook secrets
and ports, command language codes, anonymous admins (each answered with Telegram's wording)."""

from __future__ import annotations

import pytest

from emulator import BotAPIEmulator, ManualClock
from emulator.control import ANONYMOUS_ADMIN
from tests.emulator.conftest import RawApi

TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def _forum(emu: BotAPIEmulator) -> tuple[int, int]:
    admin = emu.user(10, "Rina")
    forum = emu.group(title="Forum TPAKD", type="supergroup", forum=True, creator=admin)
    emu.add_bot_to_group(admin, forum)
    return forum.id, emu.create_topic(forum, "Laporan", admin)


def test_topic_messages_carry_the_thread_and_replies_go_to_it(emu: BotAPIEmulator, api: RawApi) -> None:
    chat_id, topic = _forum(emu)
    admin = emu.user(10, "Rina")
    written = emu.send_text(admin, "/rekap", chat_id, thread_id=topic)
    assert written["message_thread_id"] == topic and written["is_topic_message"] is True
    assert written["chat"]["is_forum"] is True

    sent = api.ok("sendMessage", chat_id=chat_id, text="di topik", message_thread_id=topic)
    assert sent["message_thread_id"] == topic and sent["is_topic_message"] is True
    assert emu.last_sent(chat_id).message_thread_id == topic  # type: ignore[union-attr]
    general = api.ok("sendMessage", chat_id=chat_id, text="di General")
    assert "message_thread_id" not in general
    assert emu.last_sent(chat_id).message_thread_id is None  # type: ignore[union-attr]

    for wrong in (1, 9999):  # General is not a topic one can name; unknown ids neither
        assert api.error("sendMessage", chat_id=chat_id, text="x", message_thread_id=wrong)["description"] == (
            "Bad Request: message thread not found"
        )
    assert api.error("sendChatAction", chat_id=chat_id, action="typing", message_thread_id=9999)["description"] == (
        "Bad Request: message thread not found"
    )
    assert api.ok("sendChatAction", chat_id=chat_id, action="typing", message_thread_id=topic) is True


def test_a_topic_message_replies_to_the_topic_creation(emu: BotAPIEmulator) -> None:
    chat_id, topic = _forum(emu)
    written = emu.send_text(emu.user(10, "Rina"), "/hubungkan TPAKD", chat_id, thread_id=topic)
    assert written["reply_to_message"]["message_id"] == topic
    assert written["reply_to_message"]["forum_topic_created"]["name"] == "Laporan"


def test_deleted_and_closed_topics_refuse_the_bot(emu: BotAPIEmulator, api: RawApi) -> None:
    chat_id, topic = _forum(emu)
    admin = emu.user(10, "Rina")
    member = emu.user(11, "Budi")
    closing = emu.create_topic(chat_id, "Arsip", admin)

    emu.close_topic(chat_id, closing, admin)
    closed = [u["message"] for u in emu.pending_updates() if "forum_topic_closed" in u.get("message", {})]
    assert closed and closed[-1]["message_thread_id"] == closing
    assert api.error("sendMessage", chat_id=chat_id, text="x", message_thread_id=closing)["description"] == (
        "Bad Request: TOPIC_CLOSED"
    )
    emu.send_text(admin, "masih bisa", chat_id, thread_id=closing)  # administrators still write in a closed topic
    with pytest.raises(ValueError, match="closed"):
        emu.send_text(member, "tidak bisa", chat_id, thread_id=closing)
    emu.set_bot_admin(chat_id)
    assert api.ok("sendMessage", chat_id=chat_id, text="admin", message_thread_id=closing)["message_thread_id"] == (
        closing
    )
    emu.set_bot_admin(chat_id, False)
    emu.close_topic(chat_id, closing, admin, closed=False)
    assert api.ok("sendMessage", chat_id=chat_id, text="dibuka", message_thread_id=closing)["message_thread_id"] == (
        closing
    )

    assert api.ok("sendMessage", chat_id=chat_id, text="sebelum", message_thread_id=topic)["message_thread_id"] == topic
    emu.delete_topic(chat_id, topic)
    assert api.error("sendMessage", chat_id=chat_id, text="x", message_thread_id=topic)["description"] == (
        "Bad Request: message thread not found"
    )
    assert api.error("sendPhoto", chat_id=chat_id, photo="x", message_thread_id=topic)["description"] == (
        "Bad Request: message thread not found"
    )
    assert "message_thread_id" not in api.ok("sendMessage", chat_id=chat_id, text="General")
    assert [m.text for m in emu.sent(chat_id) if m.message_thread_id == topic] == ["sebelum"]  # history stays
    with pytest.raises(ValueError, match="no topic"):
        emu.delete_topic(chat_id, topic)


def test_anonymous_admin_messages_have_a_sender_chat(emu: BotAPIEmulator) -> None:
    chat_id, _topic = _forum(emu)
    admin = emu.user(10, "Rina")
    written = emu.send_text(admin, "/hubungkan TPAKD", chat_id, anonymous=True)
    assert written["from"] == ANONYMOUS_ADMIN.to_json()
    assert written["sender_chat"]["id"] == chat_id


def test_callback_answers_come_too_late_after_fifteen_seconds(
    emu: BotAPIEmulator, api: RawApi, clock: ManualClock
) -> None:
    user = emu.user(42, "Siti")
    emu.send_text(user, "/start")
    api.ok(
        "sendMessage",
        chat_id=42,
        text="Pilih",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    message = emu.last_sent(42)
    assert message is not None
    fresh = emu.press_button(user, message, text="A")
    clock.advance(14)
    assert api.ok("answerCallbackQuery", callback_query_id=fresh) is True

    late = emu.press_button(user, message, text="A")
    clock.advance(16)
    assert api.error("answerCallbackQuery", callback_query_id=late)["description"] == TOO_OLD

    pending = emu.press_button(user, message, text="A")
    emu.expire_callback_queries()  # e.g. the bot was down when it was pressed
    assert api.error("answerCallbackQuery", callback_query_id=pending, text="x")["description"] == TOO_OLD


def test_set_webhook_secret_token_and_port(api: RawApi) -> None:
    def refused(**params: object) -> str:
        return str(api.error("setWebhook", **params)["description"])

    assert refused(url="https://example.org/hook", secret_token="with space") == (
        "Bad Request: secret token contains unallowed characters"
    )
    assert refused(url="https://example.org/hook", secret_token="a:b") == (
        "Bad Request: secret token contains unallowed characters"
    )
    assert refused(url="https://example.org/hook", secret_token="x" * 257) == "Bad Request: secret token is too long"
    assert refused(url="https://example.org:8080/hook") == (
        "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
    )
    assert api.ok("setWebhook", url="https://example.org:8443/hook", secret_token="Ab-_09" * 40) is True
    assert api.ok("setWebhook", url="https://example.org/hook", secret_token="s" * 256) is True


def test_set_my_commands_language_code(api: RawApi) -> None:
    commands = [{"command": "lapor", "description": "Laporkan realisasi"}]
    assert api.ok("setMyCommands", commands=commands, language_code="en") is True
    for wrong in ("eng", "EN", "en-US"):
        assert api.error("setMyCommands", commands=commands, language_code=wrong)["description"] == (
            "Bad Request: invalid language code specified"
        )
