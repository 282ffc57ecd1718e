"""Everything the emulated Telegram remembers: users, chats, messages, files, updates, recorded calls.

One re-entrant lock guards it all; one condition wakes long polls and test waits whenever something
changes, so control calls from any thread stay short and never block the HTTP server.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]

# Update types Telegram leaves out when allowed_updates is empty or was never set.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(frozen=True)
class User:
    """A Telegram user the tests act as (or the bot itself)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Chat:
    """A chat handle: private chats carry the user's names, groups a title."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_forum: bool = False  # a supergroup with topics

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name", "is_forum"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")


@dataclass
class UserRecord:
    user: User
    started: bool = False  # has written to the bot, so the bot may message them
    blocked: bool = False


@dataclass
class ChatRecord:
    chat: Chat
    bot_status: str = "left"  # for groups: member / administrator / left / kicked
    members: dict[int, str] = field(default_factory=dict)  # user id -> chat member status
    migrated_to: int | None = None
    migrated_from: int | None = None
    topics: dict[int, str] = field(default_factory=dict)  # forum topics: message_thread_id -> name
    closed_topics: set[int] = field(default_factory=set)  # closed: only administrators may post in them


@dataclass
class Edit:
    """One change the bot made to a message it sent."""

    at: float
    method: str
    text: str | None
    caption: str | None
    raw_text: str | None
    reply_markup: dict[str, Any] | None


@dataclass
class SentMessage:
    """A message the bot sent, as the tests read it (snapshots; ``text`` is the current plain text)."""

    chat_id: int
    message_id: int
    method: str
    text: str | None
    caption: str | None
    parse_mode: str | None
    raw_text: str | None  # text or caption exactly as the bot sent it, markup included
    entities: list[dict[str, Any]]
    buttons: list[list[tuple[str, str | None]]]  # (label, callback_data or url)
    reply_markup: dict[str, Any] | None
    date: int
    sent_at: float
    photo: bytes | None = None
    document: bytes | None = None
    file_name: str | None = None
    mime_type: str | None = None
    file_id: str | None = None
    media_group_id: str | None = None
    message_thread_id: int | None = None  # the forum topic it was sent to (None: General, or not a forum)
    edits: list[Edit] = field(default_factory=list)
    deleted: bool = False
    message: dict[str, Any] = field(default_factory=dict)  # current Message JSON

    @property
    def is_edited(self) -> bool:
        return bool(self.edits)

    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]

    def callback_data(self) -> list[str]:
        return [data for row in self.buttons for _, data in row if data is not None]


@dataclass
class StoredFile:
    """A file Telegram holds; ``data`` is what a download returns, ``file_size`` what the API claims."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_size: int
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None
    width: int | None = None
    height: int | None = None
    photo_set: list[dict[str, Any]] | None = None  # all sizes, so any size's file_id re-sends the photo


@dataclass
class CallbackAnswer:
    """What the bot answered to a button press."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    at: float


@dataclass
class CallbackQueryRecord:
    id: str
    user_id: int
    chat_id: int | None
    message_id: int | None
    data: str | None
    answer: CallbackAnswer | None = None
    created_at: float = 0.0  # when the user pressed the button (answers come too late after a timeout)


@dataclass
class ApiCall:
    """One Bot API request as received, with the HTTP status it was answered with."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    description: str | None = None


@dataclass
class SendEvent:
    """A successful send, for throughput timelines."""

    at: float
    method: str
    chat_id: int


@dataclass
class Stats:
    requests: int = 0
    sends: int = 0
    too_many_requests: int = 0
    server_errors: int = 0
    timeouts: int = 0
    forbidden: int = 0
    bad_requests: int = 0

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class _Event:
    seq: int
    chat_id: int
    message_id: int
    kind: str  # send / edit / delete


class EmulatorState:
    """The emulated Telegram's memory. Callers hold ``lock`` (re-entrant) while touching it."""

    def __init__(self, *, token: str, bot_username: str, clock: Clock | None = None, privacy_mode: bool = True) -> None:
        self.clock: Clock = clock or time.time
        self.privacy_mode = privacy_mode
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456
        self.bot = User(id=bot_id, first_name="Pantau Test Bot", username=bot_username, is_bot=True)
        self.reset()

    def reset(self) -> None:
        """Forget every user, chat, message and recording (the bot's identity stays)."""
        with self.lock:
            self.users: dict[int, UserRecord] = {}
            self.chats: dict[int, ChatRecord] = {}
            self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # every message's current JSON
            self.sent_messages: dict[tuple[int, int], SentMessage] = {}
            self.sent_order: list[tuple[int, int]] = []
            self.files: dict[str, StoredFile] = {}
            self.files_by_path: dict[str, StoredFile] = {}
            self.updates: list[dict[str, Any]] = []
            self.undelivered: list[dict[str, Any]] = []  # group messages privacy mode kept from the bot
            self.allowed_updates: list[str] | None = None
            self.callback_queries: dict[str, CallbackQueryRecord] = {}
            self.callback_answers: list[CallbackAnswer] = []
            self.api_calls: list[ApiCall] = []
            self.timeline: list[SendEvent] = []
            self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
            self.bot_settings: dict[str, Any] = {}
            self.webhook: dict[str, Any] = {"url": ""}
            self.stats = Stats()
            self._events: list[_Event] = []
            self._event_seq = 0
            self._next_message_id: dict[int, int] = {}
            # ids and the poll generation survive a reset: a bot still polling keeps its offset, and
            # file ids or callback ids it cached never point at something new
            if not hasattr(self, "_update_ids"):
                self._update_ids = itertools.count(1)
                self._ids = itertools.count(1)
                self.poll_generation = 0
            self.changed.notify_all()

    # ---- identifiers -------------------------------------------------------------------------
    def now(self) -> float:
        return float(self.clock())

    def unix_now(self) -> int:
        return int(self.clock())

    def new_id(self) -> int:
        return next(self._ids)

    def next_message_id(self, chat_id: int) -> int:
        value = self._next_message_id.get(chat_id, 0) + 1
        self._next_message_id[chat_id] = value
        return value

    def new_file_ids(self, kind: str) -> tuple[str, str]:
        """Opaque ids shaped like Telegram's (long url-safe strings, unique id shorter)."""
        n = self.new_id()
        digest = hashlib.sha256(f"{self.token}:{kind}:{n}".encode()).hexdigest()
        prefix = {"photo": "AgACAgIAAxk", "document": "BQACAgIAAxk", "voice": "AwACAgIAAxk"}.get(kind, "CAACAgIAAxk")
        return f"{prefix}{digest[:40]}_{n}", f"AQAD{digest[40:52]}{n}"

    def chat_instance(self, chat_id: int) -> str:
        digest = hashlib.sha256(f"{self.bot.id}:{chat_id}".encode()).hexdigest()
        return str(int(digest[:15], 16) - (1 << 59))

    # ---- users and chats ---------------------------------------------------------------------
    def chat_record(self, chat_id: int) -> ChatRecord | None:
        return self.chats.get(chat_id)

    def chat_by_username(self, username: str) -> ChatRecord | None:
        wanted = username.lstrip("@").lower()
        for record in self.chats.values():
            if record.chat.username and record.chat.username.lower() == wanted and record.chat.type != "private":
                return record
        return None

    # ---- messages ----------------------------------------------------------------------------
    def store_message(self, message: dict[str, Any]) -> None:
        self.messages[(message["chat"]["id"], message["message_id"])] = message

    def record_event(self, chat_id: int, message_id: int, kind: str) -> None:
        self._event_seq += 1
        self._events.append(_Event(self._event_seq, chat_id, message_id, kind))
        self.changed.notify_all()

    def marker(self) -> int:
        return self._event_seq

    def events_since(self, since: int, chat_id: int | None, kinds: frozenset[str]) -> list[_Event]:
        return [
            e for e in self._events if e.seq > since and e.kind in kinds and (chat_id is None or e.chat_id == chat_id)
        ]

    def snapshot(self, key: tuple[int, int]) -> SentMessage:
        return copy.deepcopy(self.sent_messages[key])

    # ---- updates -----------------------------------------------------------------------------
    def queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self.changed.notify_all()
        return update

    def queue_raw_update(self, update: dict[str, Any]) -> dict[str, Any]:
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = next(self._update_ids)
        else:
            # keep our counter ahead of ids chosen by the test
            nxt = max(int(update["update_id"]) + 1, next(self._update_ids))
            self._update_ids = itertools.count(nxt)
        self.updates.append(update)
        self.updates.sort(key=lambda u: u["update_id"])
        self.changed.notify_all()
        return update

    def update_allowed(self, update: dict[str, Any]) -> bool:
        kind = next((k for k in update if k != "update_id"), "")
        if not self.allowed_updates:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in self.allowed_updates
