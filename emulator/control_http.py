"""The control API over HTTP (``POST /_emulator/<action>`` with a JSON body) for a bot in another process.

It mirrors the Python API; users and chats are referenced by id, bytes travel as base64.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from emulator.state import Chat, SentMessage, User

if TYPE_CHECKING:
    from emulator.core import BotAPIEmulator

Result = tuple[int, dict[str, Any]]


def sent_message_json(message: SentMessage, *, include_data: bool = False) -> dict[str, Any]:
    """SentMessage as JSON: file bytes as sizes, or base64 when asked."""
    data = dataclasses.asdict(message)
    for key in ("photo", "document"):
        blob = getattr(message, key)
        data[key] = base64.b64encode(blob).decode("ascii") if (blob is not None and include_data) else None
        data[f"{key}_size"] = len(blob) if blob is not None else None
    return data


class _Args:
    """Typed access to a control request's JSON body (or query string for GET)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        return default if value is None or value == "" else int(value)

    def req_int(self, name: str) -> int:
        value = self.get_int(name)
        if value is None:
            raise ValueError(f"{name} is required")
        return value

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value is None else str(value)

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    def get_float(self, name: str, default: float | None = None) -> float | None:
        value = self.values.get(name)
        return default if value is None or value == "" else float(value)

    def get_bytes(self, name: str) -> bytes | None:
        value = self.values.get(name)
        return base64.b64decode(value) if value else None


class ControlHttp:
    """Routes control actions to the emulator's Python API."""

    def __init__(self, emulator: BotAPIEmulator) -> None:
        self.emu = emulator
        self.actions: dict[str, Callable[[_Args], Any]] = {
            name[len("a_") :]: getattr(self, name) for name in dir(self) if name.startswith("a_")
        }

    def handle(self, action: str, body: bytes, query: str, http_method: str) -> Result:
        handler = self.actions.get(action)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": f"unknown control action {action!r}"}
        try:
            values: dict[str, Any] = dict(parse_qsl(query))
            if body:
                decoded = json.loads(body.decode("utf-8"))
                if not isinstance(decoded, dict):
                    raise ValueError("the body must be a JSON object")
                values.update(decoded)
            result = handler(_Args(values))
        except TimeoutError as error:
            return 408, {"ok": False, "error_code": 408, "description": str(error)}
        except (ValueError, KeyError, TypeError) as error:
            return 400, {"ok": False, "error_code": 400, "description": f"{type(error).__name__}: {error}"}
        return 200, {"ok": True, "result": result}

    # ---- lookups -----------------------------------------------------------------------------
    def _user(self, args: _Args, field: str = "user_id") -> User:
        user_id = args.req_int(field)
        with self.emu.state.lock:
            record = self.emu.state.users.get(user_id)
            if record is None:
                raise ValueError(f"user {user_id} is not registered")
            return record.user

    def _chat(self, args: _Args, field: str = "chat_id") -> int | None:
        return args.get_int(field)

    # ---- actions: people and groups ----------------------------------------------------------
    def a_user(self, args: _Args) -> Any:
        user = self.emu.user(
            args.req_int("user_id"),
            args.get_str("first_name") or "User",
            last_name=args.get_str("last_name"),
            username=args.get_str("username"),
            language_code=args.get_str("language_code", "id"),
        )
        return user.to_json()

    def a_group(self, args: _Args) -> Any:
        creator = self._user(args, "creator_id") if args.get("creator_id") is not None else None
        chat = self.emu.group(
            args.get_int("chat_id"),
            args.get_str("title") or "Grup Uji Pantau",
            type=args.get_str("type") or "group",
            username=args.get_str("username"),
            bot_member=args.get_bool("bot_member"),
            creator=creator,
        )
        return chat.to_json()

    def a_set_member_status(self, args: _Args) -> Any:
        self.emu.set_member_status(args.req_int("chat_id"), self._user(args), args.get_str("status") or "member")
        return True

    def a_set_bot_admin(self, args: _Args) -> Any:
        self.emu.set_bot_admin(args.req_int("chat_id"), args.get_bool("admin", True))
        return True

    def a_block_bot(self, args: _Args) -> Any:
        self.emu.block_bot(self._user(args))
        return True

    def a_unblock_bot(self, args: _Args) -> Any:
        self.emu.unblock_bot(self._user(args))
        return True

    def a_add_bot_to_group(self, args: _Args) -> Any:
        self.emu.add_bot_to_group(self._user(args), args.req_int("chat_id"), as_admin=args.get_bool("as_admin"))
        return True

    def a_remove_bot_from_group(self, args: _Args) -> Any:
        self.emu.remove_bot_from_group(self._user(args), args.req_int("chat_id"))
        return True

    def a_migrate_group(self, args: _Args) -> Any:
        user = self._user(args) if args.get("user_id") is not None else None
        return self.emu.migrate_group(args.req_int("chat_id"), user).to_json()

    # ---- actions: messages -------------------------------------------------------------------
    def a_send_text(self, args: _Args) -> Any:
        reply_to = args.get_int("reply_to_message_id")
        chat = self._chat(args)
        reply_chat = chat if chat is not None else args.req_int("user_id")
        return self.emu.send_text(
            self._user(args),
            args.get_str("text") or "",
            chat,
            reply_to={"chat": {"id": reply_chat}, "message_id": reply_to} if reply_to is not None else None,
        )

    def a_send_photo(self, args: _Args) -> Any:
        return self.emu.send_photo(
            self._user(args),
            args.get_bytes("data"),
            chat=self._chat(args),
            caption=args.get_str("caption"),
            file_size=args.get_int("file_size"),
        )

    def a_send_document(self, args: _Args) -> Any:
        return self.emu.send_document(
            self._user(args),
            args.get_bytes("data") or b"",
            args.get_str("file_name") or "document.bin",
            args.get_str("mime_type"),
            chat=self._chat(args),
            caption=args.get_str("caption"),
            file_size=args.get_int("file_size"),
        )

    def a_send_location(self, args: _Args) -> Any:
        return self.emu.send_location(
            self._user(args), args.get_float("latitude") or 0.0, args.get_float("longitude") or 0.0, self._chat(args)
        )

    def a_send_sticker(self, args: _Args) -> Any:
        return self.emu.send_sticker(self._user(args), self._chat(args))

    def a_send_voice(self, args: _Args) -> Any:
        return self.emu.send_voice(self._user(args), self._chat(args), duration=args.get_int("duration", 3) or 3)

    def a_send_contact(self, args: _Args) -> Any:
        return self.emu.send_contact(
            self._user(args), args.get_str("phone") or "", args.get_str("first_name") or "", self._chat(args)
        )

    def a_edit_user_message(self, args: _Args) -> Any:
        message = {"chat": {"id": args.req_int("chat_id")}, "message_id": args.req_int("message_id")}
        return self.emu.edit_user_message(self._user(args), message, args.get_str("text") or "")

    def a_press_button(self, args: _Args) -> Any:
        query_id = self.emu.press_button(
            self._user(args),
            args.req_int("message_id"),
            chat=args.req_int("chat_id"),
            text=args.get_str("text"),
            callback_data=args.get_str("callback_data"),
        )
        return {"callback_query_id": query_id}

    def a_press_raw_callback(self, args: _Args) -> Any:
        query_id = self.emu.press_raw_callback(
            self._user(args), args.req_int("chat_id"), args.req_int("message_id"), args.get_str("data") or ""
        )
        return {"callback_query_id": query_id}

    def a_queue_update(self, args: _Args) -> Any:
        update = args.get("update")
        if not isinstance(update, dict):
            raise ValueError("update must be an object")
        return self.emu.queue_update(update)

    # ---- actions: faults ---------------------------------------------------------------------
    def a_fail_next(self, args: _Args) -> Any:
        methods = args.get("methods")
        if isinstance(methods, str):
            methods = [m for m in methods.split(",") if m]
        self.emu.fail_next(
            args.get_int("n", 1) or 1,
            args.get_str("kind") or "429",
            methods=methods,
            retry_after=args.get_int("retry_after", 1) or 1,
            timeout_seconds=args.get_float("timeout_seconds"),
        )
        return True

    def a_forbid_chat(self, args: _Args) -> Any:
        description = args.get_str("description") or "Forbidden: bot was blocked by the user"
        self.emu.forbid_chat(args.req_int("chat_id"), description)
        return True

    def a_allow_chat(self, args: _Args) -> Any:
        self.emu.allow_chat(args.req_int("chat_id"))
        return True

    def a_enforce_flood_limits(self, args: _Args) -> Any:
        self.emu.enforce_flood_limits(
            args.get_bool("enabled", True),
            global_per_second=args.get_int("global_per_second", 30) or 30,
            group_per_minute=args.get_int("group_per_minute", 20) or 20,
            private_burst=args.get_int("private_burst"),
        )
        return True

    # ---- actions: reading --------------------------------------------------------------------
    def a_sent(self, args: _Args) -> Any:
        include = args.get_bool("include_data")
        return [sent_message_json(m, include_data=include) for m in self.emu.sent(args.get_int("chat_id"))]

    def a_marker(self, args: _Args) -> Any:
        return self.emu.marker()

    def a_wait_for_messages(self, args: _Args) -> Any:
        messages = self.emu.wait_for_messages(
            args.get_int("chat_id"),
            args.get_int("count", 1) or 1,
            args.get_float("timeout", 10.0) or 10.0,
            args.get_int("since"),
            include_edits=args.get_bool("include_edits", True),
        )
        return [sent_message_json(m, include_data=args.get_bool("include_data")) for m in messages]

    def a_stats(self, args: _Args) -> Any:
        return self.emu.stats.to_json()

    def a_timeline(self, args: _Args) -> Any:
        return [dataclasses.asdict(event) for event in self.emu.timeline]

    def a_calls(self, args: _Args) -> Any:
        return [dataclasses.asdict(call) for call in self.emu.calls(args.get_str("method"))]

    def a_callback_answers(self, args: _Args) -> Any:
        return [dataclasses.asdict(answer) for answer in self.emu.callback_answers]

    def a_commands(self, args: _Args) -> Any:
        return [
            {"scope": json.loads(scope), "language_code": language, "commands": commands}
            for (scope, language), commands in self.emu.commands.items()
        ]

    def a_pending_updates(self, args: _Args) -> Any:
        return self.emu.pending_updates()

    def a_reset(self, args: _Args) -> Any:
        self.emu.reset()
        return True

    def a_chat(self, args: _Args) -> Any:
        with self.emu.state.lock:
            record = self.emu.state.chats.get(args.req_int("chat_id"))
            if record is None:
                raise ValueError("chat not registered")
            chat: Chat = record.chat
            return {
                **chat.to_json(),
                "bot_status": record.bot_status,
                "migrated_to": record.migrated_to,
                "members": {str(k): v for k, v in record.members.items()},
            }
