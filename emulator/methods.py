"""The Bot API methods the bot calls, implemented against :class:`EmulatorState`.

Every handler runs with the state lock held (getUpdates releases it while long polling) and raises
:class:`ApiError` for Telegram's refusals; the HTTP layer turns results and errors into responses.
"""

from __future__ import annotations

import copy
import re
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from emulator import media, validation
from emulator.errors import ApiError, bad_request, conflict, forbidden, too_many_requests
from emulator.faults import SEND_METHODS, FaultPlan, FloodLimiter
from emulator.formatting import FormattedText
from emulator.params import Params, UploadedFile
from emulator.state import (
    CallbackAnswer,
    ChatRecord,
    Edit,
    EmulatorState,
    SendEvent,
    SentMessage,
    StoredFile,
)

Handler = Callable[[Params], Any]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
# Telegram accepts answerCallbackQuery only shortly after the press (undocumented; about 10-15 s in practice),
# then answers "query is too old"; None turns the check off.
CALLBACK_ANSWER_SECONDS: float | None = 15.0
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
WEBHOOK_PORTS = (80, 88, 443, 8443)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")
ACCEPTED_GIFT_TYPES = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}
ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}


def buttons_of(markup: dict[str, Any] | None) -> list[list[tuple[str, str | None]]]:
    """Inline keyboard as rows of (label, callback_data or url) for easy assertions."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        [(str(b.get("text", "")), b.get("callback_data") if "callback_data" in b else b.get("url")) for b in row]
        for row in markup["inline_keyboard"]
    ]


def member_json(user: dict[str, Any], status: str) -> dict[str, Any]:
    """ChatMember JSON with the fields each status requires."""
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    if status == "administrator":
        return {"status": "administrator", "user": user, **ADMIN_RIGHTS}
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": 0}
    return {"status": status, "user": user}


class BotApi:
    """Dispatches Bot API method names (case-insensitive) to handlers."""

    def __init__(
        self,
        state: EmulatorState,
        limiter: FloodLimiter,
        faults: FaultPlan,
        stopping: threading.Event,
        *,
        strict_html_ampersand: bool = True,
        callback_answer_seconds: float | None = CALLBACK_ANSWER_SECONDS,
    ) -> None:
        self.callback_answer_seconds = callback_answer_seconds
        self.state = state
        self.limiter = limiter
        self.faults = faults
        self.stopping = stopping
        self.strict_html_ampersand = strict_html_ampersand
        self.handlers: dict[str, tuple[str, Handler]] = {}
        names = (
            "getMe logOut close deleteWebhook setWebhook getWebhookInfo getUpdates setMyCommands getMyCommands "
            "deleteMyCommands sendMessage editMessageText editMessageCaption editMessageReplyMarkup "
            "deleteMessage deleteMessages answerCallbackQuery sendChatAction sendPhoto sendDocument sendVoice "
            "sendMediaGroup getFile getChat getChatMember getChatAdministrators getChatMemberCount leaveChat "
            "setChatMenuButton getChatMenuButton setMyDescription getMyDescription setMyShortDescription "
            "getMyShortDescription setMyName getMyName setMyDefaultAdministratorRights "
            "getMyDefaultAdministratorRights"
        )
        for name in names.split():
            handler = getattr(self, "m_" + _snake(name))
            self.handlers[name.lower()] = (name, handler)

    def lookup(self, method: str) -> tuple[str, Handler] | None:
        return self.handlers.get(method.lower())

    # ---- shared checks -----------------------------------------------------------------------
    def target_chat(self, params: Params, *, sending: bool = True) -> ChatRecord:
        """Resolve ``chat_id`` and refuse chats the bot cannot write to, with Telegram's wording."""
        raw = params.raw("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        record: ChatRecord | None
        if isinstance(raw, str) and raw.strip().startswith("@"):
            record = self.state.chat_by_username(raw.strip())
            if record is None:
                raise bad_request("chat not found")
        else:
            try:
                chat_id = params.require_int("chat_id")
            except ApiError:
                raise bad_request("chat not found") from None
            if sending and chat_id in self.faults.forbidden_chats:
                raise forbidden(self.faults.forbidden_chats[chat_id])
            record = self.state.chat_record(chat_id)
            if record is None:
                raise bad_request("chat not found")
        chat = record.chat
        if sending and chat.id in self.faults.forbidden_chats:
            raise forbidden(self.faults.forbidden_chats[chat.id])
        if chat.type == "private":
            user = self.state.users[chat.id]
            if sending and user.blocked:
                raise forbidden("bot was blocked by the user")
            if sending and not user.started:
                raise forbidden("bot can't initiate conversation with a user")
            return record
        if record.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": record.migrated_to}
            )
        kind = "supergroup chat" if chat.type == "supergroup" else "group chat"
        if chat.type == "channel":
            kind = "channel chat"
        if record.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {kind}")
        if record.bot_status == "left":
            raise forbidden(f"bot is not a member of the {kind}")
        return record

    def check_flood(self, chat_id: int, count: int = 1) -> None:
        retry = self.limiter.retry_after(chat_id, self.state.now(), count)
        if retry is not None:
            raise too_many_requests(retry)

    def _thread(self, chat: ChatRecord, params: Params) -> int | None:
        """``message_thread_id``: a topic of a forum (General and unknown or deleted ids are refused, as Telegram
        does; a closed topic too unless the bot is an administrator)."""
        thread = params.get_int("message_thread_id")
        if thread is None or not chat.chat.is_forum:
            return None  # outside forums Telegram has no topics to put the message in
        if thread not in chat.topics:
            raise bad_request("message thread not found")
        if thread in chat.closed_topics and chat.bot_status != "administrator":
            raise bad_request("TOPIC_CLOSED")
        return thread

    def _format_message_text(self, params: Params) -> FormattedText:
        return validation.message_text(
            params.get_str("text"),
            params.get_str("parse_mode"),
            params.get_json("entities"),
            strict_ampersand=self.strict_html_ampersand,
        )

    def _format_caption(self, params: Params, prefix: str = "") -> FormattedText | None:
        return validation.caption(
            params.get_str(prefix + "caption"),
            params.get_str(prefix + "parse_mode"),
            params.get_json(prefix + "caption_entities"),
            strict_ampersand=self.strict_html_ampersand,
        )

    def _reply_to(self, chat: ChatRecord, params: Params) -> dict[str, Any] | None:
        reply = params.get_json("reply_parameters")
        message_id = params.get_int("reply_to_message_id")
        allow_missing = params.get_bool("allow_sending_without_reply")
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
        if message_id is None:
            return None
        target = self.state.messages.get((chat.chat.id, int(message_id)))
        if target is None:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        replied = copy.deepcopy(target)
        replied.pop("reply_to_message", None)
        return replied

    def _bot_message(
        self,
        chat: ChatRecord,
        method: str,
        content: dict[str, Any],
        *,
        raw_text: str | None,
        parse_mode: str | None,
        reply_to: dict[str, Any] | None = None,
        media_group_id: str | None = None,
        stored: StoredFile | None = None,
        record_flood: bool = True,
        requested_markup: dict[str, Any] | None = None,
        thread: int | None = None,
    ) -> dict[str, Any]:
        """Create, store and record one message the bot sent."""
        state = self.state
        now = state.now()
        message: dict[str, Any] = {
            "message_id": state.next_message_id(chat.chat.id),
            "from": state.bot.to_json(),
            "chat": chat.chat.to_json(),
            "date": int(now),
        }
        if thread is not None:
            message["message_thread_id"] = thread
            message["is_topic_message"] = True
        if media_group_id:
            message["media_group_id"] = media_group_id
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update({k: v for k, v in content.items() if v is not None})
        state.store_message(message)
        # reply keyboards are not echoed in the Message JSON, but tests want to see what was asked for
        markup = requested_markup or content.get("reply_markup")
        sent = SentMessage(
            chat_id=chat.chat.id,
            message_id=message["message_id"],
            method=method,
            text=content.get("text"),
            caption=content.get("caption"),
            parse_mode=parse_mode,
            raw_text=raw_text,
            entities=list(content.get("entities") or content.get("caption_entities") or []),
            buttons=buttons_of(markup),
            reply_markup=copy.deepcopy(markup),
            date=int(now),
            sent_at=now,
            media_group_id=media_group_id,
            message_thread_id=thread,
            message=copy.deepcopy(message),
        )
        if stored is not None:
            sent.file_id = stored.file_id
            sent.mime_type = stored.mime_type
            if stored.kind == "photo":
                sent.photo = stored.data
            else:
                sent.document = stored.data
                sent.file_name = stored.file_name
        key = (chat.chat.id, message["message_id"])
        state.sent_messages[key] = sent
        state.sent_order.append(key)
        state.timeline.append(SendEvent(now, method, chat.chat.id))
        state.stats.sends += 1
        if record_flood:
            self.limiter.record(chat.chat.id, now)
        state.record_event(chat.chat.id, message["message_id"], "send")
        return copy.deepcopy(message)

    # ---- bot identity and lifecycle ----------------------------------------------------------
    def m_get_me(self, params: Params) -> Any:
        return {
            **self.state.bot.to_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.state.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def m_log_out(self, params: Params) -> Any:
        return True

    def m_close(self, params: Params) -> Any:
        return True

    def m_set_webhook(self, params: Params) -> Any:
        url = params.get_str("url") or ""
        if url and not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if url:
            try:
                port = urlsplit(url).port or 443
            except ValueError:
                raise bad_request("bad webhook: Wrong port number specified in the URL") from None
            if port not in WEBHOOK_PORTS:
                raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = params.get_str("secret_token")
        if secret is not None and secret != "":
            if len(secret) > 256:
                raise bad_request("secret token is too long")
            if not _SECRET_TOKEN.fullmatch(secret):
                raise bad_request("secret token contains unallowed characters")
        if params.get_bool("drop_pending_updates"):
            self.state.updates.clear()
        self.state.webhook = {
            "url": url,
            "max_connections": params.get_int("max_connections", 40),
            "allowed_updates": params.get_json("allowed_updates"),
            "secret_token": params.get_str("secret_token"),
        }
        if params.has("allowed_updates"):
            self.state.allowed_updates = params.get_json("allowed_updates") or None
        return True

    def m_delete_webhook(self, params: Params) -> Any:
        if params.get_bool("drop_pending_updates"):
            self.state.updates.clear()
        self.state.webhook = {"url": ""}
        return True

    def m_get_webhook_info(self, params: Params) -> Any:
        hook = self.state.webhook
        info: dict[str, Any] = {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.updates),
        }
        if hook.get("url"):
            info["max_connections"] = hook.get("max_connections") or 40
            if hook.get("allowed_updates"):
                info["allowed_updates"] = hook["allowed_updates"]
        return info

    def m_get_updates(self, params: Params) -> Any:
        state = self.state
        if state.webhook.get("url"):
            raise conflict(
                "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
            )
        offset = params.get_int("offset")
        limit = min(max(params.get_int("limit", 100) or 100, 1), 100)
        timeout = max(0, params.get_int("timeout", 0) or 0)
        allowed = params.get_json("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list):
                raise bad_request("can't parse allowed_updates JSON object")
            state.allowed_updates = [str(kind) for kind in allowed] or None
        if offset is not None:
            if offset < 0:
                state.updates = state.updates[offset:]
            else:
                state.updates = [u for u in state.updates if u["update_id"] >= offset]
        state.poll_generation += 1
        generation = state.poll_generation
        state.changed.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            state.updates = [u for u in state.updates if state.update_allowed(u)]
            remaining = deadline - time.monotonic()
            if state.updates or remaining <= 0 or self.stopping.is_set():
                return copy.deepcopy(state.updates[:limit])
            state.changed.wait(min(remaining, 0.5))
            if state.poll_generation != generation:
                raise conflict(
                    "terminated by other getUpdates request; make sure that only one bot instance is running"
                )

    # ---- commands and bot profile ------------------------------------------------------------
    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        import json

        scope = validation.command_scope(params.get_json("scope"))
        language = params.get_str("language_code") or ""
        if language and not _LANGUAGE_CODE.fullmatch(language):
            raise bad_request("invalid language code specified")  # a two-letter ISO 639-1 code, or none
        return json.dumps(scope, sort_keys=True, separators=(",", ":")), language

    def m_set_my_commands(self, params: Params) -> Any:
        commands = validation.commands(params.get_json("commands"))
        key = self._commands_key(params)
        if commands:
            self.state.commands[key] = commands
        else:
            self.state.commands.pop(key, None)
        return True

    def m_get_my_commands(self, params: Params) -> Any:
        return copy.deepcopy(self.state.commands.get(self._commands_key(params), []))

    def m_delete_my_commands(self, params: Params) -> Any:
        self.state.commands.pop(self._commands_key(params), None)
        return True

    def _setting(self, name: str, field: str, params: Params, limit: int) -> Any:
        value = params.get_str(field) or ""
        if len(value) > limit:
            raise bad_request(f"{field} is too long")
        self.state.bot_settings[f"{name}:{params.get_str('language_code') or ''}"] = value
        return True

    def _get_setting(self, name: str, field: str, params: Params) -> Any:
        return {field: self.state.bot_settings.get(f"{name}:{params.get_str('language_code') or ''}", "")}

    def m_set_my_description(self, params: Params) -> Any:
        return self._setting("description", "description", params, 512)

    def m_get_my_description(self, params: Params) -> Any:
        return self._get_setting("description", "description", params)

    def m_set_my_short_description(self, params: Params) -> Any:
        return self._setting("short_description", "short_description", params, 120)

    def m_get_my_short_description(self, params: Params) -> Any:
        return self._get_setting("short_description", "short_description", params)

    def m_set_my_name(self, params: Params) -> Any:
        return self._setting("name", "name", params, 64)

    def m_get_my_name(self, params: Params) -> Any:
        stored = self.state.bot_settings.get(f"name:{params.get_str('language_code') or ''}")
        return {"name": stored or self.state.bot.first_name}

    def m_set_chat_menu_button(self, params: Params) -> Any:
        button = params.get_json("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise bad_request("can't parse menu button JSON object")
        self.state.bot_settings[f"menu_button:{params.get_int('chat_id') or ''}"] = button
        return True

    def m_get_chat_menu_button(self, params: Params) -> Any:
        key = f"menu_button:{params.get_int('chat_id') or ''}"
        return self.state.bot_settings.get(key, {"type": "commands"})

    def m_set_my_default_administrator_rights(self, params: Params) -> Any:
        key = "admin_rights:channel" if params.get_bool("for_channels") else "admin_rights:group"
        self.state.bot_settings[key] = params.get_json("rights") or {}
        return True

    def m_get_my_default_administrator_rights(self, params: Params) -> Any:
        key = "admin_rights:channel" if params.get_bool("for_channels") else "admin_rights:group"
        rights = {k: False for k in ADMIN_RIGHTS if k != "can_be_edited"}
        rights.update(self.state.bot_settings.get(key, {}))
        return rights

    # ---- messages ----------------------------------------------------------------------------
    def m_send_message(self, params: Params) -> Any:
        chat = self.target_chat(params)
        thread = self._thread(chat, params)
        formatted = self._format_message_text(params)
        markup = validation.reply_markup(params.get_json("reply_markup"))
        reply_to = self._reply_to(chat, params)
        self.check_flood(chat.chat.id)
        content = {
            "text": formatted.text,
            "entities": formatted.entities or None,
            "reply_markup": markup if markup and "inline_keyboard" in markup else None,
        }
        return self._bot_message(
            chat,
            "sendMessage",
            content,
            raw_text=params.get_str("text"),
            parse_mode=params.get_str("parse_mode"),
            reply_to=reply_to,
            requested_markup=markup,
            thread=thread,
        )

    def _editable(self, params: Params) -> tuple[ChatRecord, dict[str, Any], SentMessage]:
        if params.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self.target_chat(params)
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        key = (chat.chat.id, message_id)
        message = self.state.messages.get(key)
        if message is None:
            raise bad_request("message to edit not found")
        sent = self.state.sent_messages.get(key)
        if sent is None:
            raise bad_request("message can't be edited")
        return chat, message, sent

    def _apply_edit(
        self, chat: ChatRecord, message: dict[str, Any], sent: SentMessage, method: str, changes: dict[str, Any]
    ) -> dict[str, Any]:
        for key, value in changes.items():
            if value is None or value == []:
                message.pop(key, None)
            else:
                message[key] = value
        now = self.state.now()
        message["edit_date"] = int(now)
        sent.text = message.get("text")
        sent.caption = message.get("caption")
        sent.entities = list(message.get("entities") or message.get("caption_entities") or [])
        sent.reply_markup = copy.deepcopy(message.get("reply_markup"))
        sent.buttons = buttons_of(sent.reply_markup)
        sent.message = copy.deepcopy(message)
        sent.edits.append(Edit(now, method, sent.text, sent.caption, sent.raw_text, sent.reply_markup))
        self.state.record_event(chat.chat.id, message["message_id"], "edit")
        return copy.deepcopy(message)

    def m_edit_message_text(self, params: Params) -> Any:
        chat, message, sent = self._editable(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        formatted = self._format_message_text(params)
        markup = validation.reply_markup(params.get_json("reply_markup"), inline_only=True)
        if (
            formatted.text == message.get("text")
            and formatted.entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise bad_request(NOT_MODIFIED)
        sent.raw_text = params.get_str("text")
        sent.parse_mode = params.get_str("parse_mode")
        changes = {"text": formatted.text, "entities": formatted.entities, "reply_markup": markup}
        return self._apply_edit(chat, message, sent, "editMessageText", changes)

    def m_edit_message_caption(self, params: Params) -> Any:
        chat, message, sent = self._editable(params)
        if "text" in message:
            raise bad_request("there is no caption in the message to edit")
        formatted = self._format_caption(params)
        markup = validation.reply_markup(params.get_json("reply_markup"), inline_only=True)
        text = formatted.text if formatted else None
        entities = formatted.entities if formatted else []
        if (
            text == message.get("caption")
            and entities == message.get("caption_entities", [])
            and markup == message.get("reply_markup")
        ):
            raise bad_request(NOT_MODIFIED)
        sent.raw_text = params.get_str("caption")
        sent.parse_mode = params.get_str("parse_mode")
        changes = {"caption": text, "caption_entities": entities, "reply_markup": markup}
        return self._apply_edit(chat, message, sent, "editMessageCaption", changes)

    def m_edit_message_reply_markup(self, params: Params) -> Any:
        chat, message, sent = self._editable(params)
        markup = validation.reply_markup(params.get_json("reply_markup"), inline_only=True)
        if markup == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        return self._apply_edit(chat, message, sent, "editMessageReplyMarkup", {"reply_markup": markup})

    def _delete(self, chat: ChatRecord, message_id: int) -> None:
        key = (chat.chat.id, message_id)
        message = self.state.messages.get(key)
        if message is None:
            raise bad_request("message to delete not found")
        is_own = key in self.state.sent_messages
        if not is_own and chat.chat.is_group and chat.bot_status != "administrator":
            raise bad_request("message can't be deleted")
        del self.state.messages[key]
        if is_own:
            self.state.sent_messages[key].deleted = True
        self.state.record_event(chat.chat.id, message_id, "delete")

    def m_delete_message(self, params: Params) -> Any:
        chat = self.target_chat(params)
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        self._delete(chat, message_id)
        return True

    def m_delete_messages(self, params: Params) -> Any:
        chat = self.target_chat(params)
        ids = params.get_json("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad_request("message_ids must contain 1-100 message identifiers")
        for message_id in ids:
            if (chat.chat.id, int(message_id)) in self.state.messages:
                self._delete(chat, int(message_id))
        return True

    def m_answer_callback_query(self, params: Params) -> Any:
        query_id = params.get_str("callback_query_id") or ""
        query = self.state.callback_queries.get(query_id)
        if query is None or query.answer is not None:
            raise bad_request(QUERY_TOO_OLD)
        if (
            self.callback_answer_seconds is not None
            and self.state.now() - query.created_at > self.callback_answer_seconds
        ):
            raise bad_request(QUERY_TOO_OLD)
        text = params.get_str("text")
        if text is not None and len(text) > validation.MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        answer = CallbackAnswer(
            callback_query_id=query_id,
            text=text,
            show_alert=params.get_bool("show_alert"),
            url=params.get_str("url"),
            cache_time=params.get_int("cache_time"),
            at=self.state.now(),
        )
        query.answer = answer
        self.state.callback_answers.append(answer)
        self.state.changed.notify_all()
        return True

    def m_send_chat_action(self, params: Params) -> Any:
        self._thread(self.target_chat(params), params)
        validation.chat_action(params.get_str("action"))
        return True

    # ---- files -------------------------------------------------------------------------------
    def _input_file(self, params: Params, field: str, kind: str) -> tuple[str, Any]:
        """Resolve an InputFile field: ("upload", UploadedFile) or ("stored", StoredFile)."""
        upload = params.files.get(field)
        if upload is not None:
            return "upload", upload
        value = params.get_str(field)
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        return self._file_reference(params, value, kind)

    def _file_reference(self, params: Params, value: str, kind: str) -> tuple[str, Any]:
        if value.startswith("attach://"):
            upload = params.files.get(value[len("attach://") :])
            if upload is None:
                raise bad_request(f"file of type {kind} not found in the request: {value}")
            return "upload", upload
        if value.lower().startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        stored = self.state.files.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise bad_request(f"can't use file of type {stored.kind.capitalize()} as {kind.capitalize()}")
        return "stored", stored

    def _photo_content(self, source: tuple[str, Any]) -> tuple[list[dict[str, Any]], StoredFile]:
        how, item = source
        if how == "stored":
            sizes = copy.deepcopy(item.photo_set or [])
        else:
            upload: UploadedFile = item
            if not upload.data:
                raise bad_request("file must be non-empty")
            if len(upload.data) > media.MAX_PHOTO_UPLOAD_BYTES:
                raise ApiError(413, "Request Entity Too Large")
            sizes = media.store_photo(self.state, upload.data)
        return sizes, self.state.files[sizes[-1]["file_id"]]

    def _document_content(self, source: tuple[str, Any]) -> tuple[dict[str, Any], StoredFile]:
        how, item = source
        if how == "stored":
            return media.document_json(item), item
        upload: UploadedFile = item
        if not upload.data:
            raise bad_request("file must be non-empty")
        if len(upload.data) > media.MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        stored, document = media.store_document(self.state, upload.data, upload.filename, upload.content_type)
        return document, stored

    def _voice_content(self, source: tuple[str, Any]) -> tuple[dict[str, Any], StoredFile]:
        how, item = source
        if how == "stored":
            stored: StoredFile = item
        else:
            upload: UploadedFile = item
            if not upload.data:
                raise bad_request("file must be non-empty")
            if len(upload.data) > media.MAX_UPLOAD_BYTES:
                raise ApiError(413, "Request Entity Too Large")
            stored, _ = media.store_document(self.state, upload.data, None, "audio/ogg", kind="voice")
        voice = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "duration": 3}
        voice["mime_type"] = stored.mime_type or "audio/ogg"
        voice["file_size"] = stored.file_size
        return voice, stored

    def m_send_photo(self, params: Params) -> Any:
        return self._send_media(params, "photo", "sendPhoto", self._photo_content)

    def m_send_voice(self, params: Params) -> Any:
        return self._send_media(params, "voice", "sendVoice", self._voice_content)

    def m_send_document(self, params: Params) -> Any:
        return self._send_media(params, "document", "sendDocument", self._document_content)

    def _send_media(self, params: Params, field: str, method: str, build: Callable[[Any], tuple[Any, Any]]) -> Any:
        """sendPhoto and sendDocument: the same checks and message, only the media field differs."""
        chat = self.target_chat(params)
        thread = self._thread(chat, params)
        source = self._input_file(params, field, field)
        caption = self._format_caption(params)
        markup = validation.reply_markup(params.get_json("reply_markup"))
        reply_to = self._reply_to(chat, params)
        self.check_flood(chat.chat.id)
        media, stored = build(source)
        content = {
            field: media,
            "caption": caption.text if caption else None,
            "caption_entities": (caption.entities or None) if caption else None,
            "reply_markup": markup if markup and "inline_keyboard" in markup else None,
        }
        return self._bot_message(
            chat,
            method,
            content,
            raw_text=params.get_str("caption"),
            parse_mode=params.get_str("parse_mode"),
            reply_to=reply_to,
            requested_markup=markup,
            stored=stored,
            thread=thread,
        )

    def m_send_media_group(self, params: Params) -> Any:
        chat = self.target_chat(params)
        items = params.get_json("media")
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            raise bad_request("wrong number of media specified: media group must contain 2-10 items")
        thread = self._thread(chat, params)
        prepared: list[tuple[str, tuple[str, Any], FormattedText | None, dict[str, Any]]] = []
        kinds = set()
        for item in items:
            if not isinstance(item, dict) or item.get("type") not in ("photo", "document"):
                raise bad_request("unsupported media type in the media group (emulator handles photo and document)")
            kind = str(item["type"])
            kinds.add(kind)
            source = self._file_reference(params, str(item.get("media", "")), kind)
            caption = validation.caption(
                item.get("caption"),
                item.get("parse_mode"),
                item.get("caption_entities"),
                strict_ampersand=self.strict_html_ampersand,
            )
            prepared.append((kind, source, caption, item))
        if len(kinds) > 1:
            raise bad_request("documents can't be mixed with other media types in a media group")
        reply_to = self._reply_to(chat, params)
        self.check_flood(chat.chat.id, len(prepared))
        group_id = str(10**17 + self.state.new_id())
        results = []
        for kind, source, caption, item in prepared:
            content: dict[str, Any]
            if kind == "photo":
                sizes, stored = self._photo_content(source)
                content = {"photo": sizes}
            else:
                document, stored = self._document_content(source)
                content = {"document": document}
            if caption:
                content["caption"] = caption.text
                content["caption_entities"] = caption.entities or None
            results.append(
                self._bot_message(
                    chat,
                    "sendMediaGroup",
                    content,
                    raw_text=item.get("caption"),
                    parse_mode=item.get("parse_mode"),
                    reply_to=reply_to,
                    media_group_id=group_id,
                    stored=stored,
                    thread=thread,
                )
            )
        return results

    def m_get_file(self, params: Params) -> Any:
        stored = self.state.files.get(params.get_str("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > media.MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return media.file_json(stored)

    # ---- chats -------------------------------------------------------------------------------
    def _known_chat(self, params: Params) -> ChatRecord:
        return self.target_chat(params, sending=False)

    def m_get_chat(self, params: Params) -> Any:
        record = self._known_chat(params)
        info = record.chat.to_json()
        info.update({"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": ACCEPTED_GIFT_TYPES})
        return info

    def m_get_chat_member(self, params: Params) -> Any:
        record = self._known_chat(params)
        user_id = params.get_int("user_id")
        if user_id is None:
            raise bad_request("user_id is empty")
        if user_id == self.state.bot.id:
            status = record.bot_status if record.chat.is_group else "member"
            return member_json(self.state.bot.to_json(), status)
        user = self.state.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if record.chat.type == "private":
            status = "member" if record.chat.id == user_id else "left"
        else:
            status = record.members.get(user_id, "left")
        return member_json(user.user.to_json(), status)

    def m_get_chat_administrators(self, params: Params) -> Any:
        record = self._known_chat(params)
        if record.chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        admins = [
            member_json(self.state.users[uid].user.to_json(), status)
            for uid, status in record.members.items()
            if status in ("creator", "administrator") and uid in self.state.users
        ]
        if record.bot_status == "administrator":
            admins.append(member_json(self.state.bot.to_json(), "administrator"))
        return admins

    def m_get_chat_member_count(self, params: Params) -> Any:
        record = self._known_chat(params)
        if record.chat.type == "private":
            return 2
        present = sum(1 for status in record.members.values() if status in ("creator", "administrator", "member"))
        return present + (1 if record.bot_status in ("member", "administrator") else 0)

    def m_leave_chat(self, params: Params) -> Any:
        record = self._known_chat(params)
        if record.chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        old = record.bot_status
        record.bot_status = "left"
        bot = self.state.bot.to_json()
        self.state.queue_update(
            "my_chat_member",
            {
                "chat": record.chat.to_json(),
                "from": bot,
                "date": self.state.unix_now(),
                "old_chat_member": member_json(bot, old),
                "new_chat_member": member_json(bot, "left"),
            },
        )
        return True


def _snake(name: str) -> str:
    out = []
    for char in name:
        if char.isupper():
            out.append("_" + char.lower())
        else:
            out.append(char)
    return "".join(out)


def is_send_method(method: str) -> bool:
    return method.lower() in SEND_METHODS
