"""The mistakes a newcomer makes on the command line: each is one line on stderr, no traceback, the data untouched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from pantau.cli import database_error, main
from pantau.settings import Settings
from storage.db import make_sync_engine
from storage.plan import list_teams

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
UNOPENABLE = "sqlite:////nonexistent-dir/pantau.db"


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No PANTAU_* from the machine and no stray .env: only what the test sets."""
    for key in list(os.environ):
        if key.startswith("PANTAU_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    "argv",
    [
        ["db", "upgrade"],
        ["db", "current"],
        ["invite", "--team", "TPAKD-DS", "--role", "viewer", "--bot", "pantau_bot"],
        ["jobs", "preview"],
        ["plan", "import", str(EXAMPLES / "tpakd-kota-jayapura-2026.yaml")],
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line(
    argv: list[str], clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANTAU_DATABASE_URL", UNOPENABLE)
    assert main(argv) == 2
    assert _one_line(capsys) == "pantau: cannot open the database: unable to open database file"


def test_run_with_a_database_that_cannot_be_opened_is_one_line(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANTAU_TOKEN", "123456:ABC-def_ghi")
    monkeypatch.setenv("PANTAU_DATABASE_URL", UNOPENABLE)
    assert main(["run"]) == 2
    assert _one_line(capsys) == "pantau: cannot open the database: unable to open database file"


def test_jobs_preview_on_an_empty_database_asks_for_db_upgrade(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANTAU_DATABASE_URL", f"sqlite:///{clean_env / 'empty.db'}")
    assert main(["jobs", "preview"]) == 2
    assert _one_line(capsys) == "pantau: the database has no tables yet: run `pantau db upgrade` first"


def test_a_postgres_database_never_created_says_how_to_create_it() -> None:
    orig = Exception(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        'FATAL:  database "pantau" does not exist\nsecond line'
    )
    message = database_error(OperationalError("SELECT 1", {}, orig))
    assert message is not None and message.endswith(
        'database "pantau" does not exist (create it first: createdb pantau)'
    )


def test_the_database_password_never_reaches_the_error_line(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANTAU_DATABASE_URL", "postgresql://pantau:s3cret-pw@127.0.0.1:1/pantau")
    assert main(["db", "upgrade"]) == 2
    line = _one_line(capsys)
    assert line.startswith("pantau: cannot open the database: ") and "s3cret-pw" not in line


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--plan", "latin1.yaml", "latin1.yaml:2: not UTF-8 text; save the file as UTF-8"),
        ("--plan", "plan.txt", "plan.txt: unknown plan format '.txt'; use .yaml, .yml or .xlsx"),
        ("--plan", "folder.yaml", "folder.yaml: is a directory, not a plan file"),
        ("--database", "nonsense", "PANTAU_DATABASE_URL is not a database URL (e.g. sqlite:///pantau.db)"),
    ],
)
def test_sandbox_with_a_bad_plan_or_database_is_one_line(
    option: str, value: str, expected: str, clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (clean_env / "latin1.yaml").write_bytes("# Rencana\nteam: {code: X, name: Dinas Pé}\n".encode("latin-1"))
    (clean_env / "plan.txt").write_text("team: {}\n")
    (clean_env / "folder.yaml").mkdir()
    assert main(["sandbox", option, value]) == 2
    line = _one_line(capsys)
    assert line.startswith("pantau: ") and line.endswith(expected)


def test_ctrl_c_during_plan_generate_is_one_line_and_writes_nothing(clean_env: Path) -> None:
    """A real SIGINT to a real process, sent once the generator is writing rows."""
    db = clean_env / "pantau.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env.update(PANTAU_DATABASE_URL=f"sqlite:///{db}", PANTAU_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
    argv = ["plan", "generate", "--team", "INT", "--orgs", "50", "--activities", "200000", "--with-reports"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pantau", *argv],
        cwd=clean_env,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a background job may inherit SIG_IGN
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "activity:" in line:  # rows are being added in the open transaction
                break
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert err.strip() == "pantau: interrupted; nothing was written (team INT was not created)"
    engine = make_sync_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            assert list_teams(session) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("token", ["abc", "123456:with space", "123456/../x:y", "'123456:ABC'"])
def test_run_refuses_a_token_of_the_wrong_shape_before_touching_anything(
    token: str, clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANTAU_TOKEN", token)
    monkeypatch.setenv("PANTAU_DATABASE_URL", f"sqlite:///{clean_env / 'pantau.db'}")
    assert main(["run"]) == 2
    line = _one_line(capsys)
    assert line.startswith("pantau: PANTAU_TOKEN does not look like a bot token") and token not in line
    assert not (clean_env / "pantau.db").exists()


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("PANTAU_WEBHOOK_PORT", "70000", "webhook_port: PANTAU_WEBHOOK_PORT must be a TCP port, 1-65535"),
        ("PANTAU_WEBHOOK_PORT", "0", "webhook_port: PANTAU_WEBHOOK_PORT must be a TCP port, 1-65535"),
        ("PANTAU_BOT_API_URL", "localhost:8081", "bot_api_url: PANTAU_BOT_API_URL must be an http:// or https:// URL"),
    ],
)
def test_settings_that_cannot_work_are_one_line(
    setting: str,
    value: str,
    message: str,
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PANTAU_TOKEN", "123456:ABC-def_ghi")
    monkeypatch.setenv(setting, value)
    assert main(["run"]) == 2
    assert _one_line(capsys).startswith(f"pantau: invalid settings: {message}")


def test_webhook_rules_of_the_public_bot_api_are_not_applied_to_a_local_bot_api_server(clean_env: Path) -> None:
    # Telegram's own servers deliver webhooks only over HTTPS to ports 80, 88, 443 and 8443; a local Bot API server
    # (telegram-bot-api --local, or the emulator) takes any http(s) URL and port (Bot API: "Using a Local Bot API
    # Server"), so the same URL is refused for the one and accepted for the other.
    with pytest.raises(ValidationError, match="ports 80, 88, 443 or 8443"):
        Settings(webhook_url="https://bot.example.go.id:9000/hook")
    with pytest.raises(ValidationError, match="https://"):
        Settings(webhook_url="http://bot.example.go.id/hook")
    local = Settings(bot_api_url="http://127.0.0.1:8081", webhook_url="http://10.0.0.5:9000/hook")
    assert local.webhook_url == "http://10.0.0.5:9000/hook"
    with pytest.raises(ValidationError, match="http:// or https:// URL"):
        Settings(bot_api_url="http://127.0.0.1:8081", webhook_url="10.0.0.5:9000/hook")


@pytest.fixture
def deli_serdang(clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A SQLite database in the working directory with the Deli Serdang plan imported."""
    db = clean_env / "pantau.db"
    monkeypatch.setenv("PANTAU_DATABASE_URL", f"sqlite:///{db}")
    assert main(["plan", "import", str(EXAMPLES / "tpakd-deli-serdang-2022.yaml")]) == 0
    capsys.readouterr()
    return db


@pytest.mark.parametrize("given", ["@pantau_ds_bot", "pantau_ds_bot", " https://t.me/pantau_ds_bot "])
def test_invite_takes_the_bot_username_as_people_copy_it(
    given: str, deli_serdang: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["invite", "--team", "TPAKD-DS", "--role", "focal_point", "--org", "DISKOPUKM", "--bot", given]) == 0
    assert capsys.readouterr().out.startswith("https://t.me/pantau_ds_bot?start=")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--role", "viewer", "--bot", "bad name!"], "pantau: --bot 'bad name!' is not a Telegram username"),
        (["--role", "viewer", "--bot", "pantau_bot", "--expires", "99999999d"], "pantau: --expires '99999999d': "),
        (["--role", "viewer", "--bot", "pantau_bot", "--expires", "400d"], "pantau: --expires '400d': an invitation"),
        (["--role", "viewer", "--bot", "pantau_bot", "--expires", "0m"], "pantau: --expires '0m': an invitation"),
        (["--role", "focal_point", "--bot", "pantau_bot"], "pantau: a focal_point invitation needs --org CODE"),
        (["--role", "viewer", "--org", "DISKOPUKM", "--bot", "pantau_bot"], "pantau: --org is only for --role"),
        (["--role", "viewer"], "pantau: give --bot USERNAME, or set PANTAU_TOKEN"),
    ],
)
def test_invite_mistakes_are_one_line_and_create_no_invitation(
    argv: list[str],
    expected: str,
    deli_serdang: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PANTAU_TOKEN", "")  # `PANTAU_TOKEN=` as copied from .env.example
    assert main(["invite", "--team", "TPAKD-DS", *argv]) == 2
    assert _one_line(capsys).startswith(expected)
    engine = make_sync_engine(f"sqlite:///{deli_serdang}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM invite_token")).scalar() == 0
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["export", "--team", "TPAKD-DS", "--out", "rekap.png"],
            "pantau: --out rekap.png: the recap is written as .xlsx",
        ),
        (
            ["chart", "--team", "TPAKD-DS", "--kind", "kurva", "--out", "kurva.xlsx"],
            "pantau: --out kurva.xlsx: a chart",
        ),
        (
            ["chart", "--team", "TPAKD-DS", "--kind", "kepatuhan", "--scope", "UGD", "--out", "k.png"],
            "pantau: --scope is for the progres and kurva charts",
        ),
        (
            ["plan", "export", "--team", "TPAKD-DS", "--format", "yaml", "--out", "plan.xlsx"],
            "pantau: --out plan.xlsx does not match --format yaml",
        ),
        (
            ["plan", "export", "--team", "TPAKD-DS", "--format", "xlsx", "--out", "plan.yaml"],
            "pantau: --out plan.yaml does not match --format xlsx",
        ),
    ],
)
def test_an_output_named_for_another_format_is_refused_and_nothing_is_written(
    argv: list[str], expected: str, deli_serdang: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in deli_serdang.parent.iterdir())
    assert main(argv) == 2
    assert _one_line(capsys).startswith(expected)
    assert sorted(p.name for p in deli_serdang.parent.iterdir()) == before


def test_plan_export_finds_the_team_whatever_the_case_as_export_and_chart_do(
    deli_serdang: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "export", "--team", "tpakd-ds"]) == 0
    assert "\nteam:\n  code: TPAKD-DS\n" in capsys.readouterr().out


def test_a_latin1_plan_names_the_line_of_the_first_bad_byte_and_imports_nothing(
    deli_serdang: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "tpakd-kota-jayapura-2026.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    lines[4] = lines[4].rstrip("\n") + "  # Pé\n"
    plan = deli_serdang.parent / "latin1.yaml"
    plan.write_bytes("".join(lines).encode("latin-1"))
    for action in ("validate", "import"):
        assert main(["plan", action, str(plan)]) == 2
        assert _one_line(capsys) == f"pantau: {plan}:5: not UTF-8 text; save the file as UTF-8"
    assert main(["plan", "teams"]) == 0
    assert "TPAKD-JPR" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--orgs", "0"], "sizes: --orgs 1..10000"),
        (["--year", "1999"], "--year: 2000..2100"),
        (["--timezone", "Asia/Bandung"], 'unknown time zone "Asia/Bandung"'),
    ],
)
def test_plan_generate_refuses_wrong_sizes_before_creating_the_database(
    extra: list[str], message: str, clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = clean_env / "baru.db"
    monkeypatch.setenv("PANTAU_DATABASE_URL", f"sqlite:///{db}")
    assert main(["plan", "generate", "--team", "SINTETIS", *extra]) == 2
    assert message in _one_line(capsys)
    assert not db.exists()  # no schema created for a command that was refused
