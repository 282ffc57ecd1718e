"""``pantau run`` as a separate process against the emulator: answers, stops on SIGTERM, one active instance."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator import BotAPIEmulator
from tests.e2e.harness import plain
from texts import t

TOKEN = "424242:PROCESS-TEST"


@pytest.fixture
def emu() -> Iterator[BotAPIEmulator]:
    emulator = BotAPIEmulator(token=TOKEN, bot_username="pantau_proc_bot").start()
    yield emulator
    emulator.stop()


def _spawn(db_url: str, emu: BotAPIEmulator, cwd: Path, **extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env.update(PANTAU_TOKEN=TOKEN, PANTAU_BOT_API_URL=emu.url, PANTAU_DATABASE_URL=db_url, PANTAU_TICK_SECONDS="0")
    env.update(extra)
    return subprocess.Popen(
        [sys.executable, "-m", "pantau", "run"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_polling(emu: BotAPIEmulator, since: int = 0, timeout: float = 30.0) -> None:
    emu.wait_for_call("getUpdates", count=1, timeout=timeout, since=since)


def _ask(emu: BotAPIEmulator, user_id: int, text: str, timeout: float = 20.0) -> str:
    user = emu.user(user_id, "Budi")
    mark = emu.marker()
    emu.send_text(user, text)
    [reply] = emu.wait_for_messages(user_id, count=1, timeout=timeout, since=mark)[-1:]
    return reply.text or ""


def test_run_answers_and_stops_cleanly_on_sigterm(tmp_path: Path, emu: BotAPIEmulator) -> None:
    db_url = f"sqlite:///{tmp_path / 'run.db'}"
    proc = _spawn(db_url, emu, tmp_path)
    try:
        _wait_for_polling(emu)
        assert _ask(emu, 7001, "/start") == plain(t("core.start.unknown"))
        assert emu.commands_for({"type": "all_private_chats"})  # the menu was set
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
        assert proc.returncode == 0, out
        assert PROCESS_SECRET_FREE(out)
    finally:
        if proc.poll() is None:
            proc.kill()


def PROCESS_SECRET_FREE(output: str) -> bool:
    return TOKEN not in output and TOKEN.split(":")[1] not in output


def test_second_instance_on_one_sqlite_file_is_refused(tmp_path: Path, emu: BotAPIEmulator) -> None:
    db_url = f"sqlite:///{tmp_path / 'run.db'}"
    first = _spawn(db_url, emu, tmp_path)
    try:
        _wait_for_polling(emu)
        second = _spawn(db_url, emu, tmp_path)
        out, _ = second.communicate(timeout=30)
        assert second.returncode == 2
        assert "already running" in out
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=20)


def test_postgres_standby_takes_over_after_sigkill(
    postgres_database: str | None, tmp_path: Path, emu: BotAPIEmulator
) -> None:
    if postgres_database is None:
        pytest.skip("PANTAU_TEST_DATABASE_URL not set")
    active = _spawn(postgres_database, emu, tmp_path)
    standby = None
    try:
        _wait_for_polling(emu)
        assert _ask(emu, 7101, "/start") == plain(t("core.start.unknown"))
        standby = _spawn(postgres_database, emu, tmp_path)
        time.sleep(3)
        polls_before = len(emu.calls("getUpdates"))
        assert standby.poll() is None  # waiting, not polling
        active.send_signal(signal.SIGKILL)
        active.wait(timeout=10)
        started = time.monotonic()
        _wait_for_polling(emu, since=emu.call_count(), timeout=30)
        assert time.monotonic() - started < 15
        assert len(emu.calls("getUpdates")) > polls_before
        assert _ask(emu, 7102, "/start") == plain(t("core.start.unknown"))
    finally:
        for proc in (active, standby):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.communicate(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_webhook_mode_checks_the_secret_and_answers_health(tmp_path: Path, emu: BotAPIEmulator) -> None:
    import json
    import urllib.error
    import urllib.request

    port = _free_port()
    secret = "s3cret-header_value"
    proc = _spawn(
        f"sqlite:///{tmp_path / 'hook.db'}",
        emu,
        tmp_path,
        PANTAU_WEBHOOK_URL="https://pantau.example.go.id/telegram/hook",
        PANTAU_WEBHOOK_SECRET=secret,
        PANTAU_WEBHOOK_LISTEN="127.0.0.1",
        PANTAU_WEBHOOK_PORT=str(port),
    )
    try:
        [call] = emu.wait_for_call("setWebhook", timeout=30)
        assert call.params["url"] == "https://pantau.example.go.id/telegram/hook"
        assert call.params["secret_token"] == secret
        user = emu.user(7201, "Budi")
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": user.id, "type": "private", "first_name": "Budi"},
                "from": {"id": user.id, "is_bot": False, "first_name": "Budi"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        emu.send_text(user, "halo")  # the user has written to the bot, so it may answer privately

        def post(header: str | None) -> int:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/telegram/hook",
                data=json.dumps(update).encode(),
                headers={
                    "Content-Type": "application/json",
                    **({"X-Telegram-Bot-Api-Secret-Token": header} if header is not None else {}),
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return int(response.status)
            except urllib.error.HTTPError as exc:
                return exc.code

        assert post(None) == 403
        assert post("wrong") == 403
        mark = emu.marker()
        assert post(secret) == 200
        [reply] = emu.wait_for_messages(user.id, count=1, timeout=20, since=mark)[-1:]
        assert reply.text == plain(t("core.start.unknown"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as response:
            assert json.loads(response.read()) == {"ok": True}
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
        assert proc.returncode == 0, out
        assert secret not in out and PROCESS_SECRET_FREE(out)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_token_telegram_refuses_is_one_clear_line(tmp_path: Path, emu: BotAPIEmulator) -> None:
    proc = _spawn(f"sqlite:///{tmp_path / 'bad.db'}", emu, tmp_path, PANTAU_TOKEN="999:WRONG-TOKEN")
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert out.strip().splitlines()[-1] == "pantau: Telegram refused the token: check PANTAU_TOKEN (from @BotFather)"
    assert "WRONG-TOKEN" not in out


@pytest.mark.parametrize(
    ("setting", "value", "message", "asked"),
    [
        # checked before starting, whatever the Bot API server: Telegram's own rule for secret_token
        ("PANTAU_WEBHOOK_SECRET", "rahasia kita!", "PANTAU_WEBHOOK_SECRET must be 1-256 characters", False),
        # the URL rules of Telegram's servers are checked locally only for api.telegram.org (tests/test_cli_errors.py);
        # another Bot API server (here the emulator, answering as Telegram does) is asked, and its refusal is one line
        ("PANTAU_WEBHOOK_URL", "https://pantau.example.go.id:9000/hook", "only on ports 80, 88, 443 or 8443", True),
        ("PANTAU_WEBHOOK_URL", "http://pantau.example.go.id/hook", "an https url must be provided", True),
    ],
)
def test_webhook_settings_telegram_would_refuse_are_one_clear_line(
    tmp_path: Path, emu: BotAPIEmulator, setting: str, value: str, message: str, asked: bool
) -> None:
    """Telegram refuses such a secret_token or URL in setWebhook; ``pantau run`` says so in one line and stops."""
    proc = _spawn(f"sqlite:///{tmp_path / 'hook.db'}", emu, tmp_path, **{setting: value})
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2, out
    assert message in out.strip().splitlines()[-1]
    assert "Traceback" not in out
    assert "rahasia kita" not in out  # a secret is never echoed
    assert len(emu.calls("setWebhook")) == (1 if asked else 0)


def test_a_webhook_port_already_taken_is_one_clear_line(tmp_path: Path, emu: BotAPIEmulator) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _spawn(
            f"sqlite:///{tmp_path / 'hook.db'}",
            emu,
            tmp_path,
            PANTAU_WEBHOOK_URL="https://pantau.example.go.id/hook",
            PANTAU_WEBHOOK_LISTEN="127.0.0.1",
            PANTAU_WEBHOOK_PORT=str(port),
        )
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2, out
    assert out.strip().splitlines()[-1] == (
        f"pantau: cannot listen on 127.0.0.1:{port} (Address already in use): "
        "check PANTAU_WEBHOOK_LISTEN and PANTAU_WEBHOOK_PORT"
    )
    assert "Traceback" not in out
    assert emu.calls("setWebhook") == []
