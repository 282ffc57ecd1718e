"""The HTTP control API (for a bot running in another process) and the standalone CLI."""

from __future__ import annotations

import base64
import subprocess
import sys
import threading
from typing import Any

import httpx

from emulator import BotAPIEmulator
from emulator.media import placeholder_png
from tests.emulator.conftest import RawApi


def control(emu: BotAPIEmulator, action: str, **body: Any) -> Any:
    response = httpx.post(f"{emu.url}/_emulator/{action}", json=body, timeout=10)
    payload = response.json()
    assert response.status_code == 200, payload
    return payload["result"]


def test_control_actions_mirror_python_api(emu: BotAPIEmulator, api: RawApi) -> None:
    assert control(emu, "user", user_id=70, first_name="Agus")["id"] == 70
    group = control(emu, "group", title="Tim Kabupaten")
    assert group["type"] == "group"
    assert group["id"] < 0
    control(emu, "add_bot_to_group", user_id=70, chat_id=group["id"])
    message = control(emu, "send_text", user_id=70, text="/start")
    assert message["entities"][0]["type"] == "bot_command"
    assert control(emu, "marker") == 0

    mark = control(emu, "marker")
    sent = api.ok(
        "sendMessage",
        chat_id=70,
        text="Pilih",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    waited = control(emu, "wait_for_messages", chat_id=70, since=mark, timeout=2)
    assert waited[0]["text"] == "Pilih"
    assert waited[0]["buttons"] == [[["A", "a"]]]
    pressed = control(emu, "press_button", user_id=70, chat_id=70, message_id=sent["message_id"], text="A")
    api.ok("answerCallbackQuery", callback_query_id=pressed["callback_query_id"], text="ok")
    assert control(emu, "callback_answers")[0]["text"] == "ok"

    png = placeholder_png(40, 30)
    photo = control(emu, "send_photo", user_id=70, data=base64.b64encode(png).decode(), caption="bukti")
    assert photo["photo"][-1]["width"] == 40
    document = control(emu, "send_document", user_id=70, data=base64.b64encode(b"isi").decode(), file_name="a.txt")
    assert document["document"]["mime_type"] == "text/plain"
    assert control(emu, "send_location", user_id=70, latitude=-7.25, longitude=112.75)["location"]["latitude"] == -7.25

    supergroup = control(emu, "migrate_group", chat_id=group["id"])
    assert str(supergroup["id"]).startswith("-100")
    control(emu, "remove_bot_from_group", user_id=70, chat_id=supergroup["id"])
    assert api.error("sendMessage", chat_id=supergroup["id"], text="x")["error_code"] == 403

    control(emu, "fail_next", n=1, kind="429", methods=["sendMessage"], retry_after=2)
    assert api.error("sendMessage", chat_id=70, text="x")["parameters"] == {"retry_after": 2}
    control(emu, "forbid_chat", chat_id=70)
    assert api.error("sendMessage", chat_id=70, text="x")["error_code"] == 403
    control(emu, "allow_chat", chat_id=70)
    control(emu, "enforce_flood_limits", enabled=True)

    listed = httpx.get(f"{emu.url}/_emulator/sent", params={"chat_id": 70, "include_data": "true"}).json()["result"]
    assert [m["text"] for m in listed] == ["Pilih"]
    stats = control(emu, "stats")
    assert stats["too_many_requests"] == 1
    assert stats["forbidden"] == 2
    assert [c["method"] for c in control(emu, "calls", method="answerCallbackQuery")] == ["answerCallbackQuery"]
    assert len(control(emu, "timeline")) == 1
    control(emu, "reset")
    assert control(emu, "sent") == []


def test_control_errors(emu: BotAPIEmulator) -> None:
    unknown = httpx.post(f"{emu.url}/_emulator/teleport", json={})
    assert unknown.status_code == 404
    bad = httpx.post(f"{emu.url}/_emulator/send_text", json={"user_id": 1, "text": "x"})
    assert bad.status_code == 400
    assert "not registered" in bad.json()["description"]
    timeout = httpx.post(f"{emu.url}/_emulator/wait_for_messages", json={"chat_id": 1, "timeout": 0.1})
    assert timeout.status_code == 408


def test_wait_for_messages_blocks_until_sent(emu: BotAPIEmulator, api: RawApi) -> None:
    emu.send_text(emu.user(71, "Lina"), "/start")
    mark = emu.marker()
    timer = threading.Timer(0.2, lambda: api.ok("sendMessage", chat_id=71, text="nanti"))
    timer.start()
    [message] = emu.wait_for_messages(71, since=mark, timeout=3)
    timer.join(3)
    assert message.text == "nanti"


def test_cli_runs_standalone() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0"], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:")
            me = httpx.post(f"{url}/bot123456:TEST/getMe", timeout=5).json()
            assert me["result"]["username"] == "pantau_test_bot"
        finally:
            process.terminate()
            process.wait(5)
