"""``pantau plan`` end to end through ``pantau.cli.main``, against a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from pantau.cli import main
from planfile.read import load_plan, parse_yaml

from .conftest import BROKEN, DELI_SERDANG, snapshot


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # Settings reads .env from the working directory: keep a stray one out
    monkeypatch.setenv("PANTAU_DATABASE_URL", db_url)
    return db_url


@pytest.fixture
def sqlite_cli_env(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """For the mistakes that never reach the database: one engine is enough."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PANTAU_DATABASE_URL", sqlite_url)
    return sqlite_url


def test_validate_needs_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PANTAU_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["plan", "validate", str(DELI_SERDANG)]) == 0
    assert (
        "OK: team TPAKD-DS (2022, per quarter), 10 organizations, 5 programs, 18 activities" in capsys.readouterr().out
    )
    assert main(["plan", "validate", str(BROKEN)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in err[:3]] == ["26", "29", "33"]
    assert err[3] == f"pantau: {BROKEN}: 3 errors; nothing was imported"


def test_import_reimport_export(
    cli_env: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "import", str(DELI_SERDANG)]) == 0
    out = capsys.readouterr().out
    assert f"Plan TPAKD-DS version 1 from {DELI_SERDANG}, applying from 2022-Q1: the plan murni" in out
    assert main(["plan", "import", str(DELI_SERDANG)]) == 0
    assert "no changes, the plan in force already matches" in capsys.readouterr().out

    assert main(["plan", "export", "--team", "TPAKD-DS"]) == 0
    assert parse_yaml(capsys.readouterr().out) == load_plan(DELI_SERDANG)
    out_file = tmp_path / "plan.xlsx"
    assert main(["plan", "export", "--team", "TPAKD-DS", "--out", str(out_file)]) == 0
    assert load_plan(out_file) == load_plan(DELI_SERDANG)
    assert main(["plan", "import", str(out_file)]) == 0
    assert "no changes" in capsys.readouterr().out

    assert main(["plan", "teams"]) == 0
    assert capsys.readouterr().out.startswith("TPAKD-DS\t2022\tquarter\tAsia/Jakarta\t")


def test_broken_plan_leaves_the_database_as_it_was(
    cli_env: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "import", str(DELI_SERDANG)]) == 0
    before = snapshot(engine)
    capsys.readouterr()
    assert main(["plan", "import", str(BROKEN)]) == 2
    err = capsys.readouterr().err
    assert f'{BROKEN}:29: activity UGD-03: organization "DISKOP" is not in organizations' in err
    assert err.count("\n") == 4
    assert snapshot(engine) == before


def test_dry_run_writes_nothing(cli_env: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "import", str(DELI_SERDANG)]) == 0  # schema and a first team
    capsys.readouterr()
    before = snapshot(engine)
    changed = DELI_SERDANG.read_text().replace("lock_days: 30 ", "lock_days: 31 ")
    path = Path("changed.yaml")
    path.write_text(changed)
    assert main(["plan", "import", "--dry-run", str(path)]) == 0
    assert capsys.readouterr().out == f"Plan TPAKD-DS would change from {path}: 1 team setting(s) changed\n"
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "import", "missing.yaml"], "pantau: missing.yaml: no such file"),
        (["plan", "import", "plan.csv"], "pantau: plan.csv: unknown plan format '.csv'; use .yaml, .yml or .xlsx"),
        (["plan", "export", "--team", "NOPE"], 'pantau: no team "NOPE" in the database (teams: none yet)'),
        (["plan", "export", "--team", "X", "--format", "xlsx"], "pantau: XLSX export needs --out FILE.xlsx"),
        (["plan", "generate", "--team", "G", "--orgs", "0"], "pantau: sizes: --orgs 1..10000"),
    ],
)
def test_operator_mistakes_are_one_line(
    sqlite_cli_env: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_generate_prints_progress_and_totals(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "generate", "--team", "BENCH", "--orgs", "3", "--activities", "30", "--periods", "4"]
    assert main([*argv, "--with-reports", "--year", "2025", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "30 activities" in out
    assert "done: team BENCH (2025): organizations 3, persons 6, memberships 6, programs 3, activities 30" in out
    assert main([*argv, "--year", "2025"]) == 2
    assert 'team "BENCH" already exists' in capsys.readouterr().err


def test_diff_says_what_an_edited_plan_changes_and_writes_nothing(
    cli_env: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = tmp_path / "edited.yaml"
    text = DELI_SERDANG.read_text(encoding="utf-8")
    for old, new in (
        ("Q4: {value: 300, budget: 60000000, physical: 100}", "Q4: {value: 320, budget: 60000000, physical: 100}"),
        ("Q2: {value: 60, budget: 54000000, physical: 50}", "Q2: {value: 80, budget: 54000000, physical: 50}"),
        ("Q3: {value: 60, budget: 54000000, physical: 80}", "Q3: {value: 40, budget: 54000000, physical: 80}"),
        ("budget_ceiling: 250000000", "budget_ceiling: 300000000"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    edited.write_text(text, encoding="utf-8")

    assert main(["plan", "diff", str(edited)]) == 2  # the team is not stored yet
    assert capsys.readouterr().err == (
        f"pantau: no team TPAKD-DS in the database yet: importing {edited} would create it with 10 organizations, "
        "5 programs, 18 activities, 69 targets, 1 exemptions\n"
    )
    assert main(["plan", "import", str(DELI_SERDANG)]) == 0
    capsys.readouterr()
    before = snapshot(engine)
    assert main(["plan", "diff", str(edited)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Plan TPAKD-DS against {edited}: 1 target berubah, 1 target dipindah TW III → TW II, "
        "pagu UGD-01 Rp 250 jt → Rp 300 jt",
        "  Pagu UGD-01: Rp 250 jt → Rp 300 jt",
        "  Target UGD-01 TW IV: 300 → 320",
        "  Target UGD-02: 20 dipindah TW III → TW II",
    ]
    assert main(["plan", "diff", str(DELI_SERDANG), "--team", "TPAKD-DS", "--lang", "en"]) == 0
    assert capsys.readouterr().out == f"Plan TPAKD-DS against {DELI_SERDANG}: No changes.\n"
    assert main(["plan", "diff", str(BROKEN)]) == 2
    assert capsys.readouterr().err.endswith(f"pantau: {BROKEN}: 3 errors; nothing was imported\n")
    assert snapshot(engine) == before
