"""``BotAPIEmulator``: the public face tying state, Bot API methods, faults, user actions and HTTP together."""

from __future__ import annotations

import asyncio
import copy
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, TypeVar

from emulator import methods as api_methods
from emulator.control import ChatRef, UserActions, chat_id_of
from emulator.control_http import ControlHttp
from emulator.errors import INTERNAL_ERROR, METHOD_NOT_FOUND, ApiError, too_many_requests
from emulator.faults import Fault, FaultPlan, FloodLimiter
from emulator.params import Params
from emulator.server import DROP, Outcome, ServerThread
from emulator.state import (
    ApiCall,
    CallbackAnswer,
    Clock,
    EmulatorState,
    SendEvent,
    SentMessage,
    Stats,
    User,
)

T = TypeVar("T")
_POLL_INTERVAL = 0.01


class BotAPIEmulator(UserActions):
    """A local, offline Telegram Bot API server for end-to-end tests of the bot.

    Point python-telegram-bot at it with ``base_url=emu.base_url`` and ``base_file_url=emu.base_file_url``.
    Every public method is thread-safe; blocking waits have ``*_async`` twins for the event loop thread.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "pantau_test_bot",
        *,
        clock: Clock | None = None,
        privacy_mode: bool = True,
        strict_html_ampersand: bool = True,
        fault_timeout_seconds: float = 6.0,
        log_requests: bool = False,
        callback_answer_seconds: float | None = api_methods.CALLBACK_ANSWER_SECONDS,
    ) -> None:
        self.token = token
        self.host = host
        self._requested_port = port
        self.log_requests = log_requests
        self.fault_timeout_seconds = fault_timeout_seconds
        self.state = EmulatorState(token=token, bot_username=bot_username, clock=clock, privacy_mode=privacy_mode)
        self.limiter = FloodLimiter()
        self.faults = FaultPlan()
        self._stopping = threading.Event()
        self.api = api_methods.BotApi(
            self.state,
            self.limiter,
            self.faults,
            self._stopping,
            strict_html_ampersand=strict_html_ampersand,
            callback_answer_seconds=callback_answer_seconds,
        )
        self.control_http = ControlHttp(self)
        self._server: ServerThread | None = None
        self._warned_methods: set[str] = set()

    # ---- lifecycle ---------------------------------------------------------------------------
    def start(self) -> BotAPIEmulator:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = ServerThread(self, self.host, self._requested_port)
        self._server.start()
        return self

    def stop(self) -> None:
        """Stop serving; waiting long polls and injected timeouts end at once."""
        server, self._server = self._server, None
        self._stopping.set()
        with self.state.lock:
            self.state.changed.notify_all()
        if server is not None:
            server.stop()

    def __enter__(self) -> BotAPIEmulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("emulator is not started")
        return self._server.port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For PTB's ``base_url`` (it appends the token)."""
        return self.url + "/bot"

    @property
    def base_file_url(self) -> str:
        return self.url + "/file/bot"

    @property
    def bot(self) -> User:
        """The bot's own User handle."""
        return self.state.bot

    def reset(self) -> None:
        """Forget users, chats, messages, updates, recordings, faults and flood windows."""
        with self.state.lock:
            self.state.reset()
            self.faults.reset()
            self.limiter.reset()

    # ---- Bot API entry point (called by the HTTP layer) ----------------------------------------
    def handle_api(self, method: str, params: Params) -> Outcome:
        entry = self.api.lookup(method)
        state = self.state
        with state.lock:
            state.stats.requests += 1
            call = ApiCall(entry[0] if entry else method, params.normalized(), state.now())
            state.api_calls.append(call)
            if entry is None:
                if method.lower() not in self._warned_methods:
                    self._warned_methods.add(method.lower())
                    print(f"bot-api-emulator: method {method!r} is not emulated; answering 404", file=sys.stderr)
                return self._refuse(call, METHOD_NOT_FOUND)
            name, handler = entry
            fault = self.faults.take(name.lower())
        if fault is not None and fault.kind in ("429", "500", "timeout"):
            if fault.kind == "429":
                return self._refuse(call, too_many_requests(fault.retry_after))
            if fault.kind == "500":
                return self._refuse(call, INTERNAL_ERROR)
            return self._time_out(call, fault)
        try:
            with state.lock:
                result = handler(params)
        except ApiError as error:
            return self._refuse(call, error)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return self._refuse(call, INTERNAL_ERROR)
        if fault is not None:  # timeout_after_send: done, but the client never hears about it
            return self._time_out(call, fault)
        return 200, {"ok": True, "result": result}

    def _refuse(self, call: ApiCall, error: ApiError) -> Outcome:
        with self.state.lock:
            call.status, call.description = error.code, error.description
            stats = self.state.stats
            if error.code == 429:
                stats.too_many_requests += 1
            elif error.code >= 500:
                stats.server_errors += 1
            elif error.code == 403:
                stats.forbidden += 1
            elif error.code == 400:
                stats.bad_requests += 1
        return error.code, error.to_json()

    def _time_out(self, call: ApiCall, fault: Fault) -> Outcome:
        with self.state.lock:
            call.status, call.description = 0, f"injected {fault.kind}: connection closed without answer"
            self.state.stats.timeouts += 1
        seconds = fault.timeout_seconds if fault.timeout_seconds is not None else self.fault_timeout_seconds
        self._stopping.wait(seconds)
        return DROP

    def file_for_path(self, file_path: str) -> tuple[bytes, str] | None:
        with self.state.lock:
            stored = self.state.files_by_path.get(file_path)
            if stored is None:
                return None
            return stored.data, stored.mime_type or "application/octet-stream"

    # ---- fault injection ---------------------------------------------------------------------
    def fail_next(
        self,
        n: int = 1,
        kind: str = "429",
        *,
        methods: Iterable[str] | None = None,
        retry_after: int = 1,
        timeout_seconds: float | None = None,
    ) -> None:
        """The next ``n`` matching calls fail: "429", "500", "timeout" (held, then closed unanswered)
        or "timeout_after_send" (performed, then closed unanswered). ``methods=None`` matches every
        method except getUpdates, so a polling bot does not swallow the fault."""
        wanted = frozenset(m.lower() for m in methods) if methods is not None else None
        with self.state.lock:
            self.faults.add(Fault(str(kind), int(n), wanted, int(retry_after), timeout_seconds))

    def forbid_chat(self, chat: ChatRef, description: str = "Forbidden: bot was blocked by the user") -> None:
        """Every call targeting this chat answers 403 ``description`` until :meth:`allow_chat`."""
        with self.state.lock:
            self.faults.forbidden_chats[chat_id_of(chat)] = description

    def allow_chat(self, chat: ChatRef) -> None:
        with self.state.lock:
            self.faults.forbidden_chats.pop(chat_id_of(chat), None)

    def enforce_flood_limits(
        self,
        enabled: bool = True,
        *,
        global_per_second: int = 30,
        group_per_minute: int = 20,
        private_burst: int | None = None,
    ) -> None:
        """Answer 429 beyond Telegram's limits (30 messages/s overall, 20/min per group; with ``private_burst``,
        about 1/s per private chat: a bucket of that many messages refilled at one a second, so short bursts pass)."""
        with self.state.lock:
            self.limiter.enabled = enabled
            self.limiter.global_per_second = global_per_second
            self.limiter.group_per_minute = group_per_minute
            self.limiter.private_burst = private_burst
            if not enabled:
                self.limiter.reset()

    # ---- reading what the bot did ------------------------------------------------------------
    def sent(self, chat_id: ChatRef | None = None, *, include_deleted: bool = True) -> list[SentMessage]:
        """Snapshots of the bot's messages (oldest first), optionally for one chat."""
        wanted = None if chat_id is None else chat_id_of(chat_id)
        with self.state.lock:
            return [
                self.state.snapshot(key)
                for key in self.state.sent_order
                if (wanted is None or key[0] == wanted)
                and (include_deleted or not self.state.sent_messages[key].deleted)
            ]

    def last_sent(self, chat_id: ChatRef | None = None) -> SentMessage | None:
        messages = self.sent(chat_id)
        return messages[-1] if messages else None

    def marker(self) -> int:
        """A sequence number of bot sends/edits/deletes so far, for ``wait_for_messages(since=...)``."""
        with self.state.lock:
            return self.state.marker()

    def _messages_since(
        self, chat_id: ChatRef | None, count: int, since: int | None, include_edits: bool
    ) -> list[SentMessage] | None:
        kinds = frozenset({"send", "edit"} if include_edits else {"send"})
        wanted = None if chat_id is None else chat_id_of(chat_id)
        events = self.state.events_since(since or 0, wanted, kinds)
        if len(events) < count:
            return None
        keys = list(dict.fromkeys((e.chat_id, e.message_id) for e in events))
        return [self.state.snapshot(key) for key in keys]

    def _describe_wait(self, chat_id: ChatRef | None, count: int, since: int | None) -> str:
        recent = self.sent(chat_id)[-5:]
        return (
            f"bot sent fewer than {count} new message(s)/edit(s) to chat {chat_id} since marker {since} "
            f"(last messages: {[(m.method, m.text or m.caption) for m in recent]})"
        )

    def wait_for_messages(
        self,
        chat_id: ChatRef | None = None,
        count: int = 1,
        timeout: float = 10.0,
        since: int | None = None,
        *,
        include_edits: bool = True,
    ) -> list[SentMessage]:
        """Block until ``count`` new sends (and edits, unless excluded) reached the chat after ``since``.

        Returns the distinct messages touched, oldest first; raises ``TimeoutError`` otherwise. Do not call
        it from the thread running the bot's event loop: use :meth:`wait_for_messages_async` there.
        """
        _refuse_in_event_loop("wait_for_messages")
        return self._wait_blocking(
            lambda: self._messages_since(chat_id, count, since, include_edits),
            timeout,
            lambda: self._describe_wait(chat_id, count, since),
        )

    async def wait_for_messages_async(
        self,
        chat_id: ChatRef | None = None,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 - mirrors the blocking API
        since: int | None = None,
        *,
        include_edits: bool = True,
    ) -> list[SentMessage]:
        """Like :meth:`wait_for_messages`, polling so the event loop (and the bot on it) keeps running."""
        return await self._wait_async(
            lambda: self._messages_since(chat_id, count, since, include_edits),
            timeout,
            lambda: self._describe_wait(chat_id, count, since),
        )

    def _callback_answer(self, query_id: str) -> CallbackAnswer | None:
        query = self.state.callback_queries.get(query_id)
        return copy.deepcopy(query.answer) if query and query.answer else None

    def wait_for_callback_answer(self, query_id: str, timeout: float = 10.0) -> CallbackAnswer:
        _refuse_in_event_loop("wait_for_callback_answer")
        return self._wait_blocking(
            lambda: self._callback_answer(query_id), timeout, lambda: f"callback query {query_id} not answered"
        )

    async def wait_for_callback_answer_async(
        self,
        query_id: str,
        timeout: float = 10.0,  # noqa: ASYNC109 - mirrors the blocking API
    ) -> CallbackAnswer:
        return await self._wait_async(
            lambda: self._callback_answer(query_id), timeout, lambda: f"callback query {query_id} not answered"
        )

    def _calls_matching(self, method: str, count: int, since: int) -> list[ApiCall] | None:
        found = [c for c in self.state.api_calls[since:] if c.method.lower() == method.lower()]
        return copy.deepcopy(found) if len(found) >= count else None

    def wait_for_call(self, method: str, count: int = 1, timeout: float = 10.0, since: int = 0) -> list[ApiCall]:
        """Block until ``count`` calls of ``method`` arrived after the first ``since`` recorded calls."""
        _refuse_in_event_loop("wait_for_call")
        return self._wait_blocking(
            lambda: self._calls_matching(method, count, since), timeout, lambda: f"no {count} {method} call(s)"
        )

    async def wait_for_call_async(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 - mirrors the blocking API
        since: int = 0,
    ) -> list[ApiCall]:
        return await self._wait_async(
            lambda: self._calls_matching(method, count, since), timeout, lambda: f"no {count} {method} call(s)"
        )

    def _all_delivered(self) -> bool | None:
        return True if not self.state.updates else None

    def wait_until_delivered(self, timeout: float = 10.0) -> None:
        """Block until the bot confirmed (offset past) every queued update."""
        _refuse_in_event_loop("wait_until_delivered")
        self._wait_blocking(self._all_delivered, timeout, lambda: f"{len(self.state.updates)} update(s) pending")

    async def wait_until_delivered_async(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        await self._wait_async(self._all_delivered, timeout, lambda: f"{len(self.state.updates)} update(s) pending")

    def _wait_blocking(self, probe: Callable[[], T | None], timeout: float, describe: Callable[[], str]) -> T:
        deadline = time.monotonic() + timeout
        with self.state.lock:
            while True:
                result = probe()
                if result is not None:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(describe())
                self.state.changed.wait(min(remaining, 0.25))

    async def _wait_async(
        self,
        probe: Callable[[], T | None],
        timeout: float,  # noqa: ASYNC109 - a deadline for polling, not an I/O timeout
        describe: Callable[[], str],
    ) -> T:
        deadline = time.monotonic() + timeout
        while True:
            with self.state.lock:
                result = probe()
            if result is not None:
                return result
            if time.monotonic() >= deadline:
                with self.state.lock:
                    raise TimeoutError(describe())
            await asyncio.sleep(_POLL_INTERVAL)

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Every Bot API call received (getUpdates included), optionally one method (case-insensitive)."""
        with self.state.lock:
            return [
                copy.deepcopy(c) for c in self.state.api_calls if method is None or c.method.lower() == method.lower()
            ]

    def call_count(self) -> int:
        """Number of calls recorded so far, usable as ``since`` for :meth:`wait_for_call`."""
        with self.state.lock:
            return len(self.state.api_calls)

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, str]]]:
        """setMyCommands results keyed by (scope as compact sorted JSON, language_code or "")."""
        with self.state.lock:
            return copy.deepcopy(self.state.commands)

    def commands_for(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        import json

        key = json.dumps(scope or {"type": "default"}, sort_keys=True, separators=(",", ":"))
        return self.commands.get((key, language_code), [])

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        with self.state.lock:
            return copy.deepcopy(self.state.callback_answers)

    @property
    def stats(self) -> Stats:
        with self.state.lock:
            return copy.deepcopy(self.state.stats)

    @property
    def timeline(self) -> list[SendEvent]:
        """(time, method, chat_id) of every successful send, for throughput benchmarks."""
        with self.state.lock:
            return list(self.state.timeline)

    @property
    def bot_settings(self) -> dict[str, Any]:
        """Stored setMyDescription/ShortDescription/Name/ChatMenuButton values."""
        with self.state.lock:
            return copy.deepcopy(self.state.bot_settings)

    @property
    def webhook(self) -> dict[str, Any]:
        with self.state.lock:
            return copy.deepcopy(self.state.webhook)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot."""
        with self.state.lock:
            return copy.deepcopy(self.state.updates)

    def undelivered(self) -> list[dict[str, Any]]:
        """Group messages privacy mode kept from the bot (it would not see them in Telegram either)."""
        with self.state.lock:
            return copy.deepcopy(self.state.undelivered)


def _refuse_in_event_loop(name: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(
        f"{name}() would block the running event loop (and the bot polling on it); "
        f"use `await emu.{name}_async(...)` instead"
    )
