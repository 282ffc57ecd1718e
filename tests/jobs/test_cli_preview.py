"""``pantau jobs preview`` on the example plan (TPAKD Deli Serdang 2022): H-3 of Triwulan I on the right day.

Triwulan I 2022 ends Thu 31 March; 10 working days later the deadline is Thu 14 April 2022, so H-3 is Monday 11
April; Good Friday (15 April) pushes H+1 to Monday 18 April.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from pantau.cli import main
from storage.db import make_sync_engine, session_scope
from storage.models import Organization, Team
from storage.people import grant_role, link_group, upsert_person

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tpakd-deli-serdang-2022.yaml"
T0 = datetime(2022, 1, 3, tzinfo=UTC)


@pytest.fixture
def example_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    monkeypatch.setenv("PANTAU_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    assert main(["plan", "import", str(EXAMPLE)]) == 0
    engine = make_sync_engine(url)
    with session_scope(engine) as s:
        team = s.exec(select(Team).where(Team.code == "TPAKD-DS")).one()
        for tg, name, org_code, private in (
            (501, "Rina Diskop", "DISKOPUKM", True),
            (502, "Andi Kominfo", "DISKOMINFO", True),
            (503, "Sari Disdik", "DISDIK", False),
        ):
            person = upsert_person(s, tg, name, T0, private_chat=private)
            org = s.exec(select(Organization).where(Organization.code == org_code)).one()
            grant_role(s, person, team, "focal_point", org, T0)
        link_group(s, -100777, "TPAKD Deli Serdang", team, None, T0)
    engine.dispose()
    return url


def test_preview_prints_the_h3_reminders_on_the_right_working_day(
    example_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", "preview", "--at", "2022-04-11 08:00", "--team", "tpakd-ds"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TPAKD-DS · Mon 2022-04-11 08:00 WIB (Asia/Jakarta)\n")
    assert "  reminder H-3 → Rina Diskop (person:501, id) · 2022-Q1 · due 2022-04-11\n" in out
    assert "      DISKOPUKM UGD-01 Onboarding UMKM ke marketplace\n" in out
    assert "  reminder H-3 → Andi Kominfo (person:502, id) · 2022-Q1 · due 2022-04-11\n" in out
    assert "  reminder_group H-3 → TPAKD Deli Serdang (chat:-100777, id) · 2022-Q1 · due 2022-04-11\n" in out
    assert "      named: Sari Disdik\n" in out  # never opened a private chat: named in the group instead
    assert out.rstrip().endswith("deliveries would be sent; nothing was sent.")
    # the day before (Sunday) and one minute early: nothing
    for instant in ("2022-04-10 08:00", "2022-04-11 07:59"):
        assert main(["jobs", "preview", "--at", instant]) == 0
        assert "  nothing due\n" in capsys.readouterr().out
    # the Friday before: no reminder yet; only that week's digest, never sent on a fresh database, is caught up
    assert main(["jobs", "preview", "--at", "2022-04-08 08:00"]) == 0
    friday = capsys.readouterr().out
    assert "reminder" not in friday
    assert "  digest digest → TPAKD Deli Serdang (chat:-100777, id) · 2022-W14 · due 2022-04-04\n" in friday
    # a preview sends and writes nothing: the same moment shows the same reminders again
    assert main(["jobs", "preview", "--at", "2022-04-11 08:00", "--text"]) == 0
    again = capsys.readouterr().out
    assert "Rina Diskop" in again
    assert "      | ⏰ <b>Pengingat laporan Triwulan I 2022</b>" in again


def test_preview_escalation_after_good_friday(example_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "preview", "--at", "2022-04-15 09:00"]) == 0  # Good Friday: a holiday
    assert "nothing due" in capsys.readouterr().out
    assert main(["jobs", "preview", "--at", "2022-04-18 09:00"]) == 0
    out = capsys.readouterr().out
    assert "  escalation H+1 → TPAKD Deli Serdang (chat:-100777, id) · 2022-Q1 · due 2022-04-18\n" in out


def test_preview_bad_input(example_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "preview", "--at", "11/04/2022 8 pagi"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "is not a date and time" in err[0]
    assert main(["jobs", "preview", "--at", "2022-04-11 08:00", "--team", "NOPE"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["pantau: unknown team 'NOPE'; teams: TPAKD-DS"]


def test_preview_help_says_local_time(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["jobs", "preview", "--help"])
    assert "OWN LOCAL TIME ZONE" in capsys.readouterr().out


def test_preview_of_a_plan_nobody_can_receive_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANTAU_DATABASE_URL", f"sqlite:///{tmp_path / 'pantau.db'}")
    monkeypatch.chdir(tmp_path)
    assert main(["plan", "import", str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["jobs", "preview", "--at", "2022-04-11 08:00"]) == 0
    out = capsys.readouterr().out
    assert (
        "  nothing due: no focal points yet (invite them: pantau invite --role focal_point); "
        "no group linked (an admin sends /hubungkan in the team's group)\n"
    ) in out
