"""Issue 11, over HTTP: what one team does must not reach into another team's group, organizations or links.

The world is tests/security/world.py: team TPAKD-DS (DISKOP, DISDIK; group1) and team TKPKD-SLK (DINSOS; group2).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot.handlers.common import role_label
from storage import people
from storage.models import InviteToken
from tests.e2e.harness import EXAMPLES, plain, texts
from tests.security.world import World, security_world
from texts import t

BOOT = 5_000_001  # a bootstrap admin (PANTAU_ADMIN_IDS)
TEAM1 = "TPAKD Deli Serdang"
TEAM2 = "TKPKD Kota Solok"


async def _team_of(w: World, chat_id: int) -> int | None:
    row = await w.h.run(people.get_group, chat_id)
    return row.team_id if row is not None else None


async def _grant(w: World, user: Any, team: str, role: str, org: str | None = None) -> None:
    await w.h.grant(user, team, role, org)


# --- 2. one team takes another team's group --------------------------------------------------------------------


async def test_a_group_linked_to_another_team_is_not_taken_by_this_teams_secretariat(db_url: str) -> None:
    async with security_world(db_url) as w:
        before = await w.snapshot()
        assert texts(await w.h.say(w.rina, "/hubungkan TPAKD-DS", chat=w.group2)) == [
            plain(t("core.group.move_not_allowed", current="TKPKD-SLK", team="TPAKD-DS"))
        ]
        assert await _team_of(w, w.group2.id) == w.team2_id
        assert (await w.snapshot())["group_chat"] == before["group_chat"]
        assert texts(w.h.sent(w.other_sekre.id)[1:]) == []  # nobody of team 2 was bothered either


@pytest.mark.parametrize("mover", ["both_teams", "bootstrap"])
async def test_moving_a_group_says_so_in_the_group_and_tells_the_team_that_lost_it(db_url: str, mover: str) -> None:
    async with security_world(db_url, admin_ids=[BOOT]) as w:
        if mover == "both_teams":
            who = w.rina  # secretariat of team 1, and of team 2 too
            await _grant(w, who, "TKPKD-SLK", "secretariat")
        else:
            who = w.h.user("Admin Pusat", user_id=BOOT)
        seen_before = len(w.h.sent(w.other_sekre.id))
        out = await w.h.say(who, "/hubungkan TPAKD-DS", chat=w.group2)
        assert texts(out) == [
            plain(
                t("core.group.moved", old=TEAM2, team=TEAM1) + "\n\n" + t("core.group.linked", team=TEAM1),
            )
        ]
        assert await _team_of(w, w.group2.id) == w.plan.team_id
        assert await w.h.run(people.active_groups, w.team2_id) == []
        # team 2's secretariat hears of it privately, once; the mover is not told what they just did
        notice = t(
            "core.group.moved_notice",
            group="Grup TKPKD Solok",
            old=TEAM2,
            team=TEAM1,
            name=who.first_name,
            old_code="TKPKD-SLK",
        )
        assert texts(w.h.sent(w.other_sekre.id)[seen_before:]) == [plain(notice)]
        assert plain(notice) not in texts(w.h.sent(who.id))
        # moving it back needs the same rights the other way; a relink to its own team is no move
        assert texts(await w.h.say(w.other_sekre, "/hubungkan TKPKD-SLK", chat=w.group2)) == [
            plain(t("core.group.move_not_allowed", current="TPAKD-DS", team="TKPKD-SLK"))
        ]
        assert texts(await w.h.say(w.rina, "/hubungkan", chat=w.group2)) == [plain(t("core.group.linked", team=TEAM1))]


# --- 3. /buka is private ---------------------------------------------------------------------------------------


async def test_buka_in_any_group_points_to_the_private_chat_and_reopens_nothing(db_url: str) -> None:
    async with security_world(db_url, admin_ids=[BOOT]) as w:
        boss = w.h.user("Admin Pusat", user_id=BOOT)
        unlinked = w.h.emu.group(title="Grup lain", bot_member=True)
        before = await w.snapshot()
        for who, chat in ((boss, unlinked), (boss, w.group2), (boss, w.group1), (w.rina, w.group1)):
            out = await w.h.say(who, "/buka DISDIK 2026-Q1", chat=chat)
            assert texts(out) == [plain(t("core.private.only", command="/buka"))], chat.title
            assert out[0].buttons and out[0].buttons[0][0][1] == "https://t.me/pantau_test_bot"
            assert "Dinas Pendidikan" not in (out[0].text or "")
        assert (await w.snapshot())["reopening"] == before["reopening"]
        # in private it still works, and /bantuan lists it only there
        [done] = await w.h.say(w.rina, "/buka DISDIK 2026-Q1")
        assert "Dinas Pendidikan" in (done.text or "")
        [group_help] = await w.h.say(w.rina, "/bantuan", chat=w.group1)
        [private_help] = await w.h.say(w.rina, "/bantuan")
        assert "/buka — " not in (group_help.text or "") and "/buka — " in (private_help.text or "")


# --- 4. an invitation for another team's organization -----------------------------------------------------------


async def test_undang_for_an_organization_of_another_team_is_refused(db_url: str) -> None:
    async with security_world(db_url) as w:
        refused = t("core.invite.org_not_in_team", org="DINSOS", team="TPAKD-DS", choices="DISDIK, DISKOP")
        assert texts(await w.h.say(w.rina, "/undang focal_point DINSOS")) == [plain(refused)]
        assert texts(await w.h.say(w.rina, "/undang focal_point dinsos TPAKD-DS")) == [plain(refused)]
        assert await w.h.run(lambda s: s.exec(select(InviteToken)).all()) == []
        # naming the other team does not help: no rights there
        assert texts(await w.h.say(w.rina, "/undang focal_point DINSOS TKPKD-SLK")) == [
            plain(t("core.invite.not_allowed", role=t("core.role.focal_point")))
        ]
        # the team's own organizations still work
        [link] = await w.h.say(w.rina, "/undang focal_point DISDIK")
        assert "start=" in (link.text or "")


async def test_create_invite_refuses_an_organization_outside_the_team(db_url: str) -> None:
    async with security_world(db_url) as w:
        with pytest.raises(people.PeopleError) as refused:
            await w.h.run(people.create_invite, "TPAKD-DS", "focal_point", w.h.clock(), org_code="DINSOS")
        assert refused.value.key == "core.invite.org_not_in_team"
        assert refused.value.values == {"org": "DINSOS", "team": "TPAKD-DS", "choices": "DISDIK, DISKOP"}
        assert await w.h.run(lambda s: s.exec(select(InviteToken)).all()) == []
        token, invite = await w.h.run(people.create_invite, "TKPKD-SLK", "focal_point", w.h.clock(), org_code="dinsos")
        assert token and invite.organization_id is not None


def test_pantau_invite_refuses_an_organization_outside_the_team(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pantau.cli import main
    from storage.db import make_sync_engine

    for key in list(os.environ):
        if key.startswith("PANTAU_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "pantau.db"
    monkeypatch.setenv("PANTAU_DATABASE_URL", f"sqlite:///{db}")
    for plan in ("tpakd-deli-serdang-2022.yaml", "tpakd-kota-jayapura-2026.yaml"):
        assert main(["plan", "import", str(EXAMPLES / plan)]) == 0
    capsys.readouterr()
    argv = ["invite", "--team", "TPAKD-JPR", "--role", "focal_point", "--org", "DISKOPUKM", "--bot", "pantau_bot"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err == "pantau: " + plain(
        t(
            "core.invite.org_not_in_team",
            "en",
            org="DISKOPUKM",
            team="TPAKD-JPR",
            choices="BANKPAPUA, DISKOP-JPR, EKON-JPR",
        )
    )
    engine = make_sync_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM invite_token")).scalar() == 0
    finally:
        engine.dispose()


# --- 12. one's own invitation link again -------------------------------------------------------------------------


async def test_opening_ones_own_invitation_again_says_one_is_registered(db_url: str) -> None:
    async with security_world(db_url) as w:
        token, _ = await w.h.run(people.create_invite, "TPAKD-DS", "focal_point", w.h.clock(), org_code="DISDIK")
        newcomer = w.h.user("Dewi")
        [welcome] = await w.h.say(newcomer, f"/start {token}")
        assert (welcome.text or "").startswith("Selamat datang, Dewi!")
        role = role_label("focal_point", "id", "Dinas Pendidikan")
        already = t("core.invite.already_registered", role=role, team=TEAM1)
        assert texts(await w.h.say(newcomer, f"/start {token}")) == [plain(already)]
        # someone else who already holds that very role (Andi, DISDIK's focal point, got the link too): the same
        assert texts(await w.h.say(w.andi, f"/start {token}")) == [plain(already)]
        # anyone else: the link is spent
        assert texts(await w.h.say(w.budi, f"/start {token}")) == [plain(t("core.invite.used"))]
        assert texts(await w.h.say(w.stranger, f"/start {token}")) == [plain(t("core.invite.used"))]
        assert [g.role for g in await w.h.run(people.grants_of, w.stranger.id)] == []


# --- 13a. an unregistered person's /progres in a group -----------------------------------------------------------


async def test_an_unregistered_persons_progres_is_answered_alike_in_linked_and_unlinked_groups(db_url: str) -> None:
    async with security_world(db_url) as w:
        unlinked = w.h.emu.group(title="Grup lain", bot_member=True)
        for chat in (w.group1, w.group2, unlinked):
            out = await w.h.say(w.stranger, "/progres", chat=chat)
            assert texts(out) == [plain(t("core.unregistered"))], chat.title
