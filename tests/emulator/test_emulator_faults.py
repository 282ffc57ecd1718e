"""Flood limits on an injectable clock, and injected failures (429/500/timeout/403) over raw HTTP."""

from __future__ import annotations

import time

import httpx
import pytest

from emulator import BotAPIEmulator, ManualClock
from tests.emulator.conftest import RawApi


def _group_with_bot(emu: BotAPIEmulator) -> int:
    admin = emu.user(50, "Ketua")
    group = emu.group(title="Tim Flood")
    emu.add_bot_to_group(admin, group)
    return group.id


def test_group_limit_20_per_minute_then_a_slot_frees(emu: BotAPIEmulator, api: RawApi, clock: ManualClock) -> None:
    group_id = _group_with_bot(emu)
    emu.enforce_flood_limits(True)
    for i in range(20):
        api.ok("sendMessage", chat_id=group_id, text=f"pesan {i}")
        clock.advance(1.0)  # 20 messages over 20 s: under 30/s, but the group budget is spent
    body = api.error("sendMessage", chat_id=group_id, text="pesan 21")
    # the first message (t=0) leaves the 60 s window at t=60; now is t=20
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 40",
        "parameters": {"retry_after": 40},
    }
    clock.advance(39.5)
    assert api.error("sendMessage", chat_id=group_id, text="masih")["parameters"] == {"retry_after": 1}
    clock.advance(0.5)
    assert api.ok("sendMessage", chat_id=group_id, text="pesan 21")["text"] == "pesan 21"
    assert emu.stats.too_many_requests == 2
    assert len([e for e in emu.timeline if e.chat_id == group_id]) == 21
    assert emu.calls("sendMessage")[20].status == 429


def test_global_limit_30_per_second(emu: BotAPIEmulator, api: RawApi, clock: ManualClock) -> None:
    users = [emu.user(100 + i, f"U{i}") for i in range(31)]
    for user in users:
        emu.send_text(user, "/start")
    emu.enforce_flood_limits(True)
    for user in users[:30]:
        api.ok("sendMessage", chat_id=user.id, text="pengingat")
    body = api.error("sendMessage", chat_id=users[30].id, text="pengingat")
    assert body["error_code"] == 429
    assert body["parameters"]["retry_after"] == 1
    clock.advance(1.0)
    api.ok("sendMessage", chat_id=users[30].id, text="pengingat")
    assert emu.stats.sends == 31


def test_private_chat_about_one_per_second_with_short_bursts(
    emu: BotAPIEmulator, api: RawApi, clock: ManualClock
) -> None:
    user = emu.user(90, "Rina")
    emu.send_text(user, "/start")
    emu.enforce_flood_limits(True)
    for i in range(5):  # no per-chat limit unless asked for: only the 30/s overall
        api.ok("sendMessage", chat_id=user.id, text=f"{i}")
    clock.advance(5.0)
    emu.enforce_flood_limits(True, private_burst=3)
    for i in range(3):  # a burst of three at once is allowed
        api.ok("sendMessage", chat_id=user.id, text=f"burst {i}")
    body = api.error("sendMessage", chat_id=user.id, text="one more")
    assert body["error_code"] == 429 and body["parameters"]["retry_after"] == 1
    other = emu.user(91, "Budi")
    emu.send_text(other, "/start")
    api.ok("sendMessage", chat_id=other.id, text="another chat is not held back")
    clock.advance(1.0)  # one a second sustained
    api.ok("sendMessage", chat_id=user.id, text="again")
    assert api.error("sendMessage", chat_id=user.id, text="too soon")["error_code"] == 429
    clock.advance(5.0)  # the bucket refills up to the burst, not beyond
    for i in range(3):
        api.ok("sendMessage", chat_id=user.id, text=f"burst {i}")
    assert api.error("sendMessage", chat_id=user.id, text="one more")["error_code"] == 429


def test_flood_limits_off_by_default_and_can_be_disabled(emu: BotAPIEmulator, api: RawApi) -> None:
    group_id = _group_with_bot(emu)
    for i in range(25):
        api.ok("sendMessage", chat_id=group_id, text=f"{i}")
    emu.enforce_flood_limits(True)
    assert api.error("sendMessage", chat_id=group_id, text="x")["error_code"] == 429
    emu.enforce_flood_limits(False)
    api.ok("sendMessage", chat_id=group_id, text="x")


def test_fail_next_429_and_500_only_for_matching_methods(emu: BotAPIEmulator, api: RawApi) -> None:
    emu.send_text(emu.user(60, "Nia"), "/start")
    emu.fail_next(2, "429", methods={"sendMessage"}, retry_after=3)
    assert api.ok("getMe")["id"] == 123456  # other methods are not affected
    for _ in range(2):
        assert api.error("sendMessage", chat_id=60, text="x") == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        }
    api.ok("sendMessage", chat_id=60, text="x")
    emu.fail_next(1, "500")
    assert api.error("getChat", chat_id=60) == {"ok": False, "error_code": 500, "description": "Internal Server Error"}
    assert api.ok("getChat", chat_id=60)["id"] == 60
    assert api.ok("getUpdates")  # methods=None never swallows getUpdates
    with pytest.raises(ValueError, match="unknown fault kind"):
        emu.fail_next(1, "teapot")


def test_fail_next_timeout_closes_without_answer(emu: BotAPIEmulator) -> None:
    emu.send_text(emu.user(61, "Ucok"), "/start")
    url = f"{emu.base_url}{emu.token}/sendMessage"
    emu.fail_next(1, "timeout", methods={"sendmessage"}, timeout_seconds=0.6)
    start = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(url, json={"chat_id": 61, "text": "a"}, timeout=httpx.Timeout(5, read=0.2))
    assert time.monotonic() - start < 0.5
    # a patient client sees the server hang up without a response
    emu.fail_next(1, "timeout", methods={"sendMessage"}, timeout_seconds=0.3)
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(url, json={"chat_id": 61, "text": "b"}, timeout=5)
    assert emu.sent(61) == []
    assert httpx.post(url, json={"chat_id": 61, "text": "c"}).json()["ok"] is True
    assert emu.stats.timeouts == 2


def test_forbid_chat_until_allowed(emu: BotAPIEmulator, api: RawApi) -> None:
    user = emu.user(62, "Dodi")
    emu.send_text(user, "/start")
    emu.forbid_chat(user, "Forbidden: user is deactivated")
    assert api.error("sendMessage", chat_id=62, text="x") == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: user is deactivated",
    }
    assert api.error("sendPhoto", chat_id=62, photo="x")["error_code"] == 403
    emu.allow_chat(user)
    api.ok("sendMessage", chat_id=62, text="x")
    assert emu.stats.forbidden == 2


def test_stop_releases_waiting_requests() -> None:
    emu = BotAPIEmulator(fault_timeout_seconds=30).start()
    emu.fail_next(1, "timeout", methods={"getMe"})
    import threading

    errors: list[Exception] = []

    def call() -> None:
        try:
            httpx.post(f"{emu.base_url}{emu.token}/getMe", timeout=10)
        except Exception as exc:
            errors.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    time.sleep(0.2)
    start = time.monotonic()
    emu.stop()
    worker.join(5)
    assert time.monotonic() - start < 3
    assert errors
