"""Acting as Telegram users: registering people and groups, sending them messages, pressing buttons.

Each action builds the Update JSON real Telegram would deliver and queues it for the bot's getUpdates.
All of it is callable from any thread; the state lock is held only while the update is built.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from emulator import media
from emulator.formatting import detect_user_entities
from emulator.methods import member_json
from emulator.state import CallbackQueryRecord, Chat, ChatRecord, EmulatorState, SentMessage, User, UserRecord

ChatRef = Chat | User | int
MessageRef = SentMessage | dict[str, Any] | int

SERVICE_USER = User(id=777000, first_name="Telegram")
# Who a message "from" an anonymous group admin comes from (the group itself is the sender_chat).
ANONYMOUS_ADMIN = User(id=1087968824, first_name="Group", username="GroupAnonymousBot", is_bot=True)
_GROUP_IDS = itertools.count(1)


def chat_id_of(chat: ChatRef) -> int:
    """Accept a Chat, a User (their private chat) or a bare id wherever a chat is expected."""
    if isinstance(chat, Chat | User):
        return chat.id
    return int(chat)


class UserActions:
    """Mixin of :class:`BotAPIEmulator`: everything a test does as a Telegram user."""

    state: EmulatorState

    # ---- people and groups -------------------------------------------------------------------
    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
    ) -> User:
        """Register (or update) a user and their private chat; the bot may not write first."""
        if user_id <= 0:
            raise ValueError("user ids are positive integers")
        handle = User(user_id, first_name, last_name, username, language_code)
        with self.state.lock:
            record = self.state.users.get(user_id)
            if record is None:
                self.state.users[user_id] = UserRecord(handle)
            else:
                record.user = handle
            chat = Chat(user_id, "private", first_name=first_name, last_name=last_name, username=username)
            existing = self.state.chats.get(user_id)
            if existing is None:
                self.state.chats[user_id] = ChatRecord(chat, bot_status="member")
            else:
                existing.chat = chat
        return handle

    def group(
        self,
        chat_id: int | None = None,
        title: str = "Grup Uji Pantau",
        *,
        type: str = "group",
        username: str | None = None,
        bot_member: bool = False,
        creator: User | None = None,
        forum: bool = False,
    ) -> Chat:
        """Register a group (negative id) or supergroup (-100… id). The bot joins via add_bot_to_group.

        ``forum=True`` makes a supergroup with topics (``create_topic``); messages outside a topic are in General.
        """
        if type not in ("group", "supergroup"):
            raise ValueError("type must be 'group' or 'supergroup'")
        if forum and type != "supergroup":
            raise ValueError("only supergroups can have topics")
        with self.state.lock:
            if chat_id is None:
                n = next(_GROUP_IDS)
                chat_id = -(1002000000000 + n) if type == "supergroup" else -(4000000000 + n)
            if chat_id >= 0:
                raise ValueError("group chat ids are negative")
            if type == "supergroup" and not str(chat_id).startswith("-100"):
                raise ValueError("supergroup ids start with -100")
            if type == "group" and str(chat_id).startswith("-100") and len(str(chat_id)) >= 14:
                raise ValueError("-100… ids belong to supergroups")
            chat = Chat(chat_id, type, title=title, username=username, is_forum=forum)
            record = ChatRecord(chat, bot_status="member" if bot_member else "left")
            if creator is not None:
                record.members[creator.id] = "creator"
            self.state.chats[chat_id] = record
        return chat

    def create_topic(self, chat: ChatRef, name: str, user: User | None = None) -> int:
        """Open a forum topic; returns its ``message_thread_id`` (the id of its ``forum_topic_created`` message)."""
        with self.state.lock:
            record = self._group_record(chat)
            if not record.chat.is_forum:
                raise ValueError("topics exist only in forum supergroups: group(..., forum=True)")
            actor = user or SERVICE_USER
            thread_id = self.state.next_message_id(record.chat.id)
            record.topics[thread_id] = name
            message = {
                "message_id": thread_id,
                "message_thread_id": thread_id,
                "is_topic_message": True,
                "from": actor.to_json(),
                "chat": record.chat.to_json(),
                "date": self.state.unix_now(),
                "forum_topic_created": {"name": name, "icon_color": 7322096},
            }
            self.state.store_message(message)
            if record.bot_status in ("member", "administrator"):
                self.state.queue_update("message", copy.deepcopy(message))
            return thread_id

    def close_topic(self, chat: ChatRef, thread_id: int, user: User | None = None, *, closed: bool = True) -> None:
        """Close (or with ``closed=False`` reopen) a forum topic: Telegram then refuses the bot's messages to it
        with ``TOPIC_CLOSED`` unless the bot is an administrator. The bot sees the ``forum_topic_closed`` (or
        ``forum_topic_reopened``) service message in the topic."""
        with self.state.lock:
            record = self._topic_record(chat, thread_id)
            if closed:
                record.closed_topics.add(thread_id)
            else:
                record.closed_topics.discard(thread_id)
            message = {
                "message_id": self.state.next_message_id(record.chat.id),
                "message_thread_id": thread_id,
                "is_topic_message": True,
                "from": (user or SERVICE_USER).to_json(),
                "chat": record.chat.to_json(),
                "date": self.state.unix_now(),
                "forum_topic_closed" if closed else "forum_topic_reopened": {},
            }
            self.state.store_message(message)
            if record.bot_status in ("member", "administrator"):
                self.state.queue_update("message", copy.deepcopy(message))

    def delete_topic(self, chat: ChatRef, thread_id: int) -> None:
        """Delete a forum topic: from now on Telegram answers ``message thread not found`` to messages for it (no
        update reaches the bot, as with Telegram). What was sent to it stays in ``sent()`` for assertions."""
        with self.state.lock:
            record = self._topic_record(chat, thread_id)
            del record.topics[thread_id]
            record.closed_topics.discard(thread_id)

    def _topic_record(self, chat: ChatRef, thread_id: int) -> ChatRecord:
        record = self._group_record(chat)
        if thread_id not in record.topics:
            raise ValueError(f"no topic {thread_id} in chat {record.chat.id}")
        return record

    def set_member_status(self, chat: ChatRef, user: User, status: str) -> None:
        """Make a user creator/administrator/member/left/kicked in a group (for getChatMember checks)."""
        if status not in ("creator", "administrator", "member", "left", "kicked", "restricted"):
            raise ValueError(f"unknown chat member status {status!r}")
        with self.state.lock:
            self._group_record(chat).members[user.id] = status

    def set_bot_admin(self, chat: ChatRef, admin: bool = True) -> None:
        """Promote the bot (admins see every group message despite privacy mode)."""
        with self.state.lock:
            record = self._group_record(chat)
            record.bot_status = "administrator" if admin else "member"

    # ---- messages from users -----------------------------------------------------------------
    def send_text(
        self,
        user: User,
        text: str,
        chat: ChatRef | None = None,
        *,
        reply_to: MessageRef | None = None,
        thread_id: int | None = None,
        anonymous: bool = False,
    ) -> dict[str, Any]:
        """A user writes ``text``; a leading ``/command`` gets its bot_command entity.

        ``thread_id``: in that topic of a forum. ``anonymous``: an anonymous group admin (``from`` is
        GroupAnonymousBot, ``sender_chat`` the group), as Telegram sends it.
        """
        content: dict[str, Any] = {"text": text}
        entities = detect_user_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(user, chat, content, reply_to=reply_to, thread_id=thread_id, anonymous=anonymous)

    def send_photo(
        self,
        user: User,
        data: bytes | None = None,
        *,
        chat: ChatRef | None = None,
        caption: str | None = None,
        file_size: int | None = None,
    ) -> dict[str, Any]:
        """A user sends a photo; ``file_size`` lets a test claim a huge file without sending it."""
        with self.state.lock:
            image = data if data is not None else media.placeholder_png()
            sizes = media.store_photo(self.state, image, file_size=file_size)
        content: dict[str, Any] = {"photo": sizes}
        self._add_caption(content, caption)
        return self._user_message(user, chat, content)

    def send_document(
        self,
        user: User,
        data: bytes,
        file_name: str,
        mime_type: str | None = None,
        *,
        chat: ChatRef | None = None,
        caption: str | None = None,
        file_size: int | None = None,
    ) -> dict[str, Any]:
        with self.state.lock:
            _, document = media.store_document(self.state, data, file_name, mime_type, file_size=file_size)
        content: dict[str, Any] = {"document": document}
        self._add_caption(content, caption)
        return self._user_message(user, chat, content)

    def send_location(
        self, user: User, latitude: float, longitude: float, chat: ChatRef | None = None
    ) -> dict[str, Any]:
        location = {"latitude": float(latitude), "longitude": float(longitude)}
        return self._user_message(user, chat, {"location": location})

    def send_sticker(self, user: User, chat: ChatRef | None = None, *, emoji: str = "👍") -> dict[str, Any]:
        with self.state.lock:
            file_id, unique_id = self.state.new_file_ids("sticker")
        sticker = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": 20480,
        }
        return self._user_message(user, chat, {"sticker": sticker})

    def send_voice(self, user: User, chat: ChatRef | None = None, *, duration: int = 3) -> dict[str, Any]:
        with self.state.lock:
            stored, _ = media.store_document(self.state, b"OggS" + bytes(2000), None, "audio/ogg", kind="voice")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": stored.file_size,
        }
        return self._user_message(user, chat, {"voice": voice})

    def send_contact(
        self,
        user: User,
        phone: str,
        first_name: str,
        chat: ChatRef | None = None,
        *,
        last_name: str | None = None,
        contact_user_id: int | None = None,
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {"phone_number": phone, "first_name": first_name}
        if last_name:
            contact["last_name"] = last_name
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return self._user_message(user, chat, {"contact": contact})

    def edit_user_message(self, user: User, message: dict[str, Any], new_text: str) -> dict[str, Any]:
        """The user edits a text message they sent: an ``edited_message`` update."""
        with self.state.lock:
            key = (message["chat"]["id"], message["message_id"])
            current = self.state.messages.get(key)
            if current is None or current.get("from", {}).get("id") != user.id:
                raise ValueError("only an existing message of this user can be edited")
            if "text" not in current:
                raise ValueError("only text messages can be edited with edit_user_message")
            current["text"] = new_text
            entities = detect_user_entities(new_text)
            if entities:
                current["entities"] = entities
            else:
                current.pop("entities", None)
            current["edit_date"] = self.state.unix_now()
            self._deliver(self.state.chats[key[0]], "edited_message", current)
            return copy.deepcopy(current)

    # ---- buttons -----------------------------------------------------------------------------
    def press_button(
        self,
        user: User,
        message: MessageRef,
        *,
        text: str | None = None,
        callback_data: str | None = None,
        chat: ChatRef | None = None,
    ) -> str:
        """Press an inline button on a bot message (by label or data); returns the callback query id."""
        if text is None and callback_data is None:
            raise ValueError("give the button's text or callback_data")
        with self.state.lock:
            chat_id, message_id = self._message_key(message, chat)
            current = self.state.messages.get((chat_id, message_id))
            if current is None:
                raise ValueError(f"message {message_id} in chat {chat_id} does not exist (deleted?)")
            rows = (current.get("reply_markup") or {}).get("inline_keyboard", [])
            available = [button for row in rows for button in row]
            for button in available:
                if (text is None or button.get("text") == text) and (
                    callback_data is None or button.get("callback_data") == callback_data
                ):
                    if "callback_data" not in button:
                        kind = [key for key in button if key != "text"]
                        raise ValueError(f"button {button.get('text')!r} has no callback_data ({kind})")
                    return self._callback(user, chat_id, copy.deepcopy(current), button["callback_data"])
            labels = [(b.get("text"), b.get("callback_data")) for b in available]
            raise ValueError(f"no inline button matching text={text!r} data={callback_data!r}; buttons: {labels}")

    def press_raw_callback(self, user: User, chat: ChatRef, message_id: int, data: str) -> str:
        """Queue a callback_query with arbitrary (possibly forged) data, as a hostile client could."""
        with self.state.lock:
            chat_id = chat_id_of(chat)
            current = self.state.messages.get((chat_id, message_id))
            if current is not None:
                message = copy.deepcopy(current)
            else:
                record = self.state.chats.get(chat_id)
                chat_json = record.chat.to_json() if record else {"id": chat_id, "type": "private"}
                message = {"chat": chat_json, "message_id": message_id, "date": 0}  # InaccessibleMessage
            return self._callback(user, chat_id, message, data)

    def _callback(self, user: User, chat_id: int, message: dict[str, Any], data: str) -> str:
        self._require_user(user)
        query_id = str(user.id * 10**7 + self.state.new_id())
        self.state.callback_queries[query_id] = CallbackQueryRecord(
            query_id, user.id, chat_id, message.get("message_id"), data, created_at=self.state.now()
        )
        self.state.queue_update(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_json(),
                "message": message,
                "chat_instance": self.state.chat_instance(chat_id),
                "data": data,
            },
        )
        return query_id

    def expire_callback_queries(self) -> None:
        """Make every button press so far too old to answer (as after the bot was down for a while)."""
        with self.state.lock:
            for record in self.state.callback_queries.values():
                record.created_at = float("-inf")

    # ---- membership --------------------------------------------------------------------------
    def add_bot_to_group(self, user: User, chat: ChatRef, *, as_admin: bool = False) -> None:
        """``my_chat_member`` (left → member) plus the ``new_chat_members`` service message, as Telegram sends."""
        with self.state.lock:
            self._require_user(user)
            record = self._group_record(chat)
            old = record.bot_status if record.bot_status != "member" else "left"
            new = "administrator" if as_admin else "member"
            record.bot_status = new
            record.members.setdefault(user.id, "creator" if not record.members else "member")
            bot = self.state.bot.to_json()
            self.state.queue_update(
                "my_chat_member",
                {
                    "chat": record.chat.to_json(),
                    "from": user.to_json(),
                    "date": self.state.unix_now(),
                    "old_chat_member": member_json(bot, old),
                    "new_chat_member": member_json(bot, new),
                },
            )
            self._service_message(record, user, {"new_chat_members": [bot]})

    def remove_bot_from_group(self, user: User, chat: ChatRef) -> None:
        """``my_chat_member`` (member → kicked); sends to the group then answer 403."""
        with self.state.lock:
            record = self._group_record(chat)
            old = record.bot_status
            record.bot_status = "kicked"
            bot = self.state.bot.to_json()
            self.state.queue_update(
                "my_chat_member",
                {
                    "chat": record.chat.to_json(),
                    "from": user.to_json(),
                    "date": self.state.unix_now(),
                    "old_chat_member": member_json(bot, old),
                    "new_chat_member": member_json(bot, "kicked"),
                },
            )

    def migrate_group(self, chat: ChatRef, user: User | None = None) -> Chat:
        """Upgrade a group to a supergroup; afterwards sends to the old id answer 400 + migrate_to_chat_id."""
        with self.state.lock:
            record = self._group_record(chat)
            if record.chat.type != "group":
                raise ValueError("only basic groups migrate to supergroups")
            if record.migrated_to is not None:
                raise ValueError(f"group already migrated to {record.migrated_to}")
            new_id = -(1002000000000 + next(_GROUP_IDS))
            new_chat = Chat(new_id, "supergroup", title=record.chat.title, username=record.chat.username)
            new_record = ChatRecord(new_chat, bot_status=record.bot_status, members=dict(record.members))
            new_record.migrated_from = record.chat.id
            self.state.chats[new_id] = new_record
            if user is None:
                creator = next((uid for uid, s in record.members.items() if s == "creator"), None)
                actor = self.state.users[creator].user if creator in self.state.users else SERVICE_USER
            else:
                actor = user
            self._service_message(record, actor, {"migrate_to_chat_id": new_id})
            record.migrated_to = new_id
            self._service_message(new_record, actor, {"migrate_from_chat_id": record.chat.id})
            return new_chat

    def block_bot(self, user: User) -> None:
        """The user blocks the bot: ``my_chat_member`` member → kicked; sends answer 403."""
        self._set_blocked(user, True)

    def unblock_bot(self, user: User) -> None:
        self._set_blocked(user, False)

    def _set_blocked(self, user: User, blocked: bool) -> None:
        with self.state.lock:
            record = self._require_user(user)
            if record.blocked == blocked:
                return
            record.blocked = blocked
            bot = self.state.bot.to_json()
            old, new = ("member", "kicked") if blocked else ("kicked", "member")
            self.state.queue_update(
                "my_chat_member",
                {
                    "chat": self.state.chats[user.id].chat.to_json(),
                    "from": user.to_json(),
                    "date": self.state.unix_now(),
                    "old_chat_member": member_json(bot, old),
                    "new_chat_member": member_json(bot, new),
                },
            )

    def queue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any raw Update JSON (``update_id`` is assigned when missing)."""
        with self.state.lock:
            return copy.deepcopy(self.state.queue_raw_update(copy.deepcopy(update)))

    # ---- helpers -----------------------------------------------------------------------------
    def _require_user(self, user: User) -> UserRecord:
        record = self.state.users.get(user.id)
        if record is None:
            raise ValueError(f"user {user.id} is not registered; call emu.user(...) first")
        return record

    def _group_record(self, chat: ChatRef) -> ChatRecord:
        record = self.state.chats.get(chat_id_of(chat))
        if record is None or not record.chat.is_group:
            raise ValueError(f"{chat!r} is not a registered group; call emu.group(...) first")
        return record

    def _message_key(self, message: MessageRef, chat: ChatRef | None) -> tuple[int, int]:
        if isinstance(message, SentMessage):
            return message.chat_id, message.message_id
        if isinstance(message, dict):
            return int(message["chat"]["id"]), int(message["message_id"])
        if chat is None:
            raise ValueError("a bare message_id needs chat=")
        return chat_id_of(chat), int(message)

    def _add_caption(self, content: dict[str, Any], caption: str | None) -> None:
        if caption:
            content["caption"] = caption
            entities = detect_user_entities(caption)
            if entities:
                content["caption_entities"] = entities

    def _user_message(
        self,
        user: User,
        chat: ChatRef | None,
        content: dict[str, Any],
        *,
        reply_to: MessageRef | None = None,
        thread_id: int | None = None,
        anonymous: bool = False,
    ) -> dict[str, Any]:
        with self.state.lock:
            user_record = self._require_user(user)
            chat_id = user.id if chat is None else chat_id_of(chat)
            record = self.state.chats.get(chat_id)
            if record is None:
                raise ValueError(f"chat {chat_id} is not registered")
            if record.chat.type == "private":
                if chat_id != user.id:
                    raise ValueError("a user can only write in their own private chat with the bot")
                if user_record.blocked:
                    raise ValueError("the user blocked the bot; call unblock_bot(user) first")
                user_record.started = True
            else:
                if record.migrated_to is not None:
                    raise ValueError(f"group migrated to {record.migrated_to}; write there instead")
                if record.bot_status not in ("member", "administrator"):
                    raise ValueError("the bot is not in this group; call add_bot_to_group(user, chat) first")
                record.members.setdefault(user.id, "member")
            if thread_id is not None and thread_id not in record.topics:
                raise ValueError(f"no topic {thread_id} in chat {chat_id}; call create_topic first")
            if thread_id in record.closed_topics and record.members.get(user.id) not in ("creator", "administrator"):
                raise ValueError(f"topic {thread_id} is closed: only administrators can write in it")
            if anonymous and not record.chat.is_group:
                raise ValueError("only group admins can write anonymously")
            message: dict[str, Any] = {
                "message_id": self.state.next_message_id(chat_id),
                "from": (ANONYMOUS_ADMIN if anonymous else user).to_json(),
                "chat": record.chat.to_json(),
                "date": self.state.unix_now(),
            }
            if anonymous:
                message["sender_chat"] = record.chat.to_json()
            if thread_id is not None:
                message["message_thread_id"] = thread_id
                message["is_topic_message"] = True
                if reply_to is None:  # Telegram: a topic message replies to the topic's creation message
                    created = self.state.messages.get((chat_id, thread_id))
                    if created is not None:
                        message["reply_to_message"] = copy.deepcopy(created)
            if reply_to is not None:
                key = self._message_key(reply_to, chat_id)
                target = self.state.messages.get(key)
                if target is None:
                    raise ValueError(f"message {key} to reply to does not exist")
                replied = copy.deepcopy(target)
                replied.pop("reply_to_message", None)
                message["reply_to_message"] = replied
            message.update(content)
            self.state.store_message(message)
            self._deliver(record, "message", message)
            return copy.deepcopy(message)

    def _service_message(self, record: ChatRecord, user: User, content: dict[str, Any]) -> None:
        message = {
            "message_id": self.state.next_message_id(record.chat.id),
            "from": user.to_json(),
            "chat": record.chat.to_json(),
            "date": self.state.unix_now(),
            **content,
        }
        self.state.store_message(message)
        self.state.queue_update("message", copy.deepcopy(message))

    def _deliver(self, record: ChatRecord, kind: str, message: dict[str, Any]) -> None:
        """Queue the update unless privacy mode hides this group message from the bot."""
        if record.chat.is_group and not self._bot_sees(record, message):
            self.state.undelivered.append(copy.deepcopy(message))
            return
        self.state.queue_update(kind, copy.deepcopy(message))

    def _bot_sees(self, record: ChatRecord, message: dict[str, Any]) -> bool:
        """Privacy mode: commands, replies to the bot and everything when the bot is an admin."""
        if not self.state.privacy_mode or record.bot_status == "administrator":
            return True
        text = message.get("text") or message.get("caption") or ""
        if text.startswith("/"):
            first = text.split()[0]
            target = first.partition("@")[2]
            return not target or target.lower() == (self.state.bot.username or "").lower()
        replied = message.get("reply_to_message") or {}
        return bool(replied.get("from", {}).get("id") == self.state.bot.id)
