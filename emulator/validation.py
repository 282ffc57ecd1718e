"""Telegram's refusals of message content: lengths, reply markup, bot commands, chat actions."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from emulator.errors import bad_request
from emulator.formatting import FormattedText, format_text, utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_INLINE_BUTTONS = 100

BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


def message_text(
    text: str | None, parse_mode: str | None, entities: Any, *, strict_ampersand: bool = True
) -> FormattedText:
    """Text of sendMessage/editMessageText: 1-4096 UTF-16 units after entity parsing and trimming."""
    if text is None or text == "":
        raise bad_request("message text is empty")
    formatted = format_text(text, parse_mode, entities, strict_ampersand=strict_ampersand)
    if not formatted.text:
        raise bad_request("message text is empty")
    if utf16_len(formatted.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return formatted


def caption(
    text: str | None, parse_mode: str | None, entities: Any, *, strict_ampersand: bool = True
) -> FormattedText | None:
    """Media captions: optional, at most 1024 UTF-16 units after parsing."""
    if text is None or text == "":
        return None
    formatted = format_text(text, parse_mode, entities, strict_ampersand=strict_ampersand)
    if utf16_len(formatted.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return formatted if formatted.text else None


def reply_markup(markup: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Validate any of the four markup kinds; edit methods accept only inline keyboards."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _inline_keyboard(markup["inline_keyboard"])
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                label = button if isinstance(button, str) else button.get("text") if isinstance(button, dict) else None
                if not isinstance(label, str) or not label:
                    raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def _inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('can\'t parse inline keyboard button: Field "inline_keyboard" must be of type Array')
    total = sum(len(row) for row in rows)
    if total > MAX_INLINE_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")
    for row in rows:
        for button in row:
            inline_button(button)


def inline_button(button: Any) -> None:
    """One InlineKeyboardButton: a text and exactly one action."""
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in BUTTON_ACTIONS if name in button and button[name] is not None]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be used, "
            f"got {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url:
            raise bad_request("BUTTON_URL_INVALID")
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https", "tg", "ton"):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol")
        if parts.scheme.lower() in ("http", "https") and not parts.netloc:
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def commands(value: Any) -> list[dict[str, str]]:
    """setMyCommands: at most 100 commands, names ``[a-z0-9_]{1,32}``, descriptions 1-256 characters."""
    if not isinstance(value, list):
        raise bad_request("can't parse commands JSON object")
    if len(value) > 100:
        raise bad_request("too many commands specified")
    result: list[dict[str, str]] = []
    for item in value:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND_NAME.fullmatch(command.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command.removeprefix("/"), "description": description})
    return result


def command_scope(value: Any) -> dict[str, Any]:
    """BotCommandScope; absent means ``{"type": "default"}``."""
    if value is None:
        return {"type": "default"}
    known = {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
    if not isinstance(value, dict) or value.get("type") not in known:
        raise bad_request("can't parse BotCommandScope JSON object")
    if value["type"] in ("chat", "chat_administrators", "chat_member") and "chat_id" not in value:
        raise bad_request("can't parse BotCommandScope JSON object: chat_id is missing")
    if value["type"] == "chat_member" and "user_id" not in value:
        raise bad_request("can't parse BotCommandScope JSON object: user_id is missing")
    return value


def chat_action(action: str | None) -> str:
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return action
