"""No secret (the bot token, the database password) appears in logs, error messages or what the bot sends, even
at DEBUG level and while things fail: ``pantau run`` as a process against the emulator, with a PostgreSQL URL that
carries a password (trust authentication ignores it) and a token; bad requests, server errors, a refused chat,
handler errors, then SIGTERM; all its output is searched. Start-up failures (a database that does not exist or
does not answer) are searched too.

The webhook's secret-token header is checked in tests/e2e/test_run_process.py
(test_webhook_mode_checks_the_secret_and_answers_health: no header and a wrong header get 403, and the secret is
not in the output either).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from emulator import BotAPIEmulator

TOKEN = "654321:SeCrEt-TokenPart_x9Zq"
PASSWORD = "pw-Rahasia-8812"
ADMIN = 5_550_001


def _secrets() -> list[str]:
    return [TOKEN, TOKEN.split(":", 1)[1], PASSWORD]


def _leaks(text: str) -> list[str]:
    return [s for s in _secrets() if s in text]


@pytest.fixture
def pg_url_with_password(postgres_database: str | None) -> Iterator[str]:
    if postgres_database is None:
        pytest.skip("PANTAU_TEST_DATABASE_URL not set")
    import psycopg

    base = make_url(postgres_database)
    name = f"pantau_sec_{uuid.uuid4().hex[:8]}"
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name, password=PASSWORD).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _spawn(db_url: str, emu: BotAPIEmulator, cwd: Path, level: str = "INFO", **extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env.update(
        PANTAU_TOKEN=TOKEN,
        PANTAU_BOT_API_URL=emu.url,
        PANTAU_DATABASE_URL=db_url,
        PANTAU_TICK_SECONDS="1",
        PANTAU_LOG_LEVEL=level,
        PANTAU_ADMIN_IDS=str(ADMIN),
    )
    env.update(extra)
    return subprocess.Popen(
        [sys.executable, "-m", "pantau", "run"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _exercise(emu: BotAPIEmulator) -> None:
    """Make things fail while the bot is up."""
    admin = emu.user(ADMIN, "Admin")
    user = emu.user(7301, "Budi")
    mark = emu.marker()
    emu.send_text(admin, "/start")
    emu.send_text(user, "/start")
    emu.wait_for_messages(user.id, count=1, timeout=30, since=mark)
    # a server error and a dropped connection on the bot's answer: a handler error, logged, admins alerted
    for kind in ("500", "429"):
        emu.fail_next(1, kind, methods=["sendMessage"])
        emu.send_text(user, "/bantuan")
    # a user who blocked the bot; buttons that are forged, stale or unknown; a command nobody has
    emu.forbid_chat(user)
    emu.send_text(user, "/lapor")
    emu.allow_chat(user)
    for data in ("rh:0", "vf:1:1", "r:deadbeef:summary:send", "zz"):
        emu.press_raw_callback(user, user, 1, data)
    mark = emu.marker()
    emu.send_text(user, "/entahlah")
    emu.wait_for_messages(user.id, count=1, timeout=60, since=mark)


def _sent_texts(emu: BotAPIEmulator) -> str:
    return "\n".join(f"{m.text or ''} {m.caption or ''}" for m in emu.sent())


def _run_and_collect(db_url: str, tmp_path: Path, level: str = "INFO", *, exercise: bool = True) -> tuple[str, str]:
    emu = BotAPIEmulator(token=TOKEN, bot_username="pantau_sec_bot").start()
    proc = _spawn(db_url, emu, tmp_path, level)
    try:
        emu.wait_for_call("getUpdates", count=1, timeout=60)
        if exercise:
            _exercise(emu)
        else:
            user = emu.user(7302, "Siti")
            mark = emu.marker()
            emu.send_text(user, "/start")
            emu.wait_for_messages(user.id, count=1, timeout=30, since=mark)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        return out, _sent_texts(emu)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        emu.stop()


def test_no_secret_in_the_output_of_a_failing_bot_on_postgresql(pg_url_with_password: str, tmp_path: Path) -> None:
    out, sent = _run_and_collect(pg_url_with_password, tmp_path)
    assert "update failed" in out  # things did fail, and were logged
    assert _leaks(out) == [], [line for line in out.splitlines() if _leaks(line)][:5]
    assert _leaks(sent) == []  # not in the users' or the admins' messages either


def test_no_secret_in_the_output_of_a_failing_bot_on_sqlite(tmp_path: Path) -> None:
    out, sent = _run_and_collect(f"sqlite:///{tmp_path / 'sec.db'}", tmp_path)
    assert "update failed" in out
    assert _leaks(out) == [], [line for line in out.splitlines() if _leaks(line)][:5]
    assert _leaks(sent) == []


def test_no_secret_in_the_output_at_debug_level(tmp_path: Path) -> None:
    out, _sent = _run_and_collect(f"sqlite:///{tmp_path / 'debug.db'}", tmp_path, "DEBUG", exercise=False)
    assert "DEBUG" in out
    assert _leaks(out) == [], [line for line in out.splitlines() if _leaks(line)][:5]


@pytest.mark.parametrize("where", ["missing-database", "nobody-listening"])
def test_no_secret_when_the_database_cannot_be_reached(
    postgres_database: str | None, tmp_path: Path, where: str
) -> None:
    base = make_url(postgres_database or "postgresql://postgres@127.0.0.1:5432/test")
    if where == "missing-database":
        if postgres_database is None:
            pytest.skip("PANTAU_TEST_DATABASE_URL not set")
        url = base.set(database=f"nope_{uuid.uuid4().hex[:6]}", password=PASSWORD)
    else:
        url = base.set(host="127.0.0.1", port=1, password=PASSWORD)
    emu = BotAPIEmulator(token=TOKEN).start()
    try:
        proc = _spawn(url.render_as_string(hide_password=False), emu, tmp_path)
        out, _ = proc.communicate(timeout=60)
    finally:
        emu.stop()
    assert proc.returncode != 0
    assert _leaks(out) == [], [line for line in out.splitlines() if _leaks(line)][:5]
