"""Acting as focal points through the emulator: one full report conversation, every step (/lapor, activity,
period, value, budget, physical %, obstacles, its category and decision, follow-up, a photo, Selesai, a location,
Kirim), against the real bot or, with the same updates, against the echo bot."""

from __future__ import annotations

from emulator import BotAPIEmulator
from emulator.state import SentMessage, User
from texts import t

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(256)
UPDATES_PER_CONVERSATION = 12
SENT_MARK = "✅"  # the start of report.sent (the confirmation of Kirim)


class StepFailed(RuntimeError):
    """The bot did not answer a step the way the walk expects."""


def _last_with_buttons(emu: BotAPIEmulator, chat_id: int) -> SentMessage:
    for message in reversed(emu.sent(chat_id)):
        if message.buttons:
            return message
    raise StepFailed(f"no message with buttons in chat {chat_id}")


def _label(message: SentMessage, prefix: str) -> str:
    for label in message.button_labels():
        if label.startswith(tuple(prefix.split("|"))):
            return label
    raise StepFailed(f"no button starting {prefix!r} in {message.button_labels()}")


def conversation(emu: BotAPIEmulator, user: User, *, echo: bool = False, timeout: float = 30.0) -> int:
    """One report from /lapor to Kirim; waits for the bot's answer to each step. Returns the updates sent."""
    chat = user.id

    def wait(mark: int, count: int = 1) -> list[SentMessage]:
        return emu.wait_for_messages(chat, count=1 if echo else count, timeout=timeout, since=mark)

    def say(text: str, count: int = 1) -> list[SentMessage]:
        mark = emu.marker()
        emu.send_text(user, text)
        return wait(mark, count)

    def press(prefix: str, count: int = 1) -> list[SentMessage]:
        mark = emu.marker()
        if echo:
            last = emu.sent(chat)[-1]
            emu.press_raw_callback(user, chat, last.message_id, f"r:00000000:step:{prefix[:8]}")
        else:
            message = _last_with_buttons(emu, chat)
            emu.press_button(user, message, text=_label(message, prefix))
        return wait(mark, count)

    say("/lapor")
    press("⏳|⚠️")  # an activity not reported yet for the suggested period
    press("▶")
    say("40")
    say("1.500.000")
    say("40")
    say("Hujan deras di desa")
    press(t("obstacles.category.cuaca"))
    press(t("obstacles.button.no"))
    say("Pendampingan lanjutan")
    mark = emu.marker()
    emu.send_photo(user, PHOTO)
    wait(mark)
    press(t("report.button.done"))
    mark = emu.marker()
    emu.send_location(user, 3.58, 98.67)
    wait(mark, 2)
    answered = press(t("report.button.send"), 2)
    if not echo and not any((m.text or "").startswith(SENT_MARK) for m in answered):
        answered = emu.wait_for_messages(chat, count=2, timeout=timeout, since=mark)
        if not any((m.text or "").startswith(SENT_MARK) for m in answered):
            raise StepFailed(f"Kirim was not confirmed: {[m.text for m in answered]}")
    return UPDATES_PER_CONVERSATION
