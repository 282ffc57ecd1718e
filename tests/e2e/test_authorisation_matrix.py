"""The authorisation matrix over HTTP: every role × every command, each refused or let through as the table says.

The expected table is written out here on purpose (not derived from ``domain.authz``), so a change to who may do
what shows up as a failing test to be agreed with.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from storage import people
from tests.e2e.harness import Harness, plain, running_bot, texts
from tests.security.world import World, security_world
from texts import CATALOGUE, t

ROLES = ("unregistered", "viewer", "focal_point", "chair", "secretariat", "admin")
# command (as typed) → roles allowed; in the private chat unless it starts with "group:"
MATRIX: dict[str, set[str]] = {
    "/lapor": {"focal_point"},
    "/riwayat": {"focal_point"},
    "/progres": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "/rekap": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "/belum": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "/kurva": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "/ekspor": {"chair", "secretariat", "admin"},
    "/bahanrapat": {"chair", "secretariat", "admin"},
    "/kendala": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "group:/kendala": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "/rapat": {"chair", "secretariat", "admin"},
    "/putuskan": {"secretariat", "admin"},
    "/tindaklanjut": {"focal_point", "secretariat", "admin"},
    "/verifikasi": {"secretariat", "admin"},
    "/buka DISDIK TW1": {"secretariat", "admin"},
    "/undang pemantau": {"secretariat", "admin"},
    "/anggota": {"chair", "secretariat", "admin"},
    "/undangan": {"secretariat", "admin"},
    "/kecualikan DISDIK TW2 tidak ada kegiatan": {"secretariat", "admin"},
    "/batalkecuali DISDIK TW2": {"secretariat", "admin"},
    "/rencana": {"secretariat", "admin"},
    "/tutup TW1": {"secretariat", "admin"},
    "/bukatutup TPAKD-DS TW1": {"secretariat", "admin"},
    "group:/tutup TW1": {"secretariat", "admin"},
    "group:/hubungkan TPAKD-DS": {"secretariat", "admin"},
    "group:/progres": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "group:/ekspor": {"chair", "secretariat", "admin"},
    "group:/rapat": {"chair", "secretariat", "admin"},
    "group:/putuskan": {"secretariat", "admin"},
    "group:/tindaklanjut": {"focal_point", "secretariat", "admin"},
    "group:/kecualikan DISDIK TW3 reorganisasi": {"secretariat", "admin"},
}
REFUSALS = {
    plain(t("core.not_allowed")),
    plain(t("core.unregistered")),
    plain(t("core.help.unregistered")),
    plain(t("core.group.link_not_allowed", team="TPAKD-DS")),
    # the report flow's refusals say why, more precisely than "not allowed"
    plain(t("report.not_focal_point")),
    plain(t("report.history.not_focal_point")),
    plain(t("report.verify.not_allowed")),
    plain(t("report.reopen.not_allowed")),
}


async def _people(h: Harness) -> dict[str, object]:
    who: dict[str, object] = {}
    for role in ROLES:
        user = h.user(f"User {role}")
        if role == "focal_point":
            await h.grant(user, "TPAKD-DS", role, "DISKOPUKM")
        elif role != "unregistered":
            await h.grant(user, "TPAKD-DS", role)
        who[role] = user
    return who


@pytest.mark.parametrize("command", sorted(MATRIX))
async def test_every_role_against_every_command(db_url: str, command: str) -> None:
    async with running_bot(db_url) as h:
        who = await _people(h)
        group = None
        if command.startswith("group:"):
            group = h.group()
            linker = who["admin"]
            await h.do(group.id, lambda: h.emu.add_bot_to_group(linker, group))  # type: ignore[arg-type]
            if "hubungkan" not in command:
                await h.say(linker, "/hubungkan TPAKD-DS", chat=group)  # type: ignore[arg-type]
        text = command.removeprefix("group:")
        for role in ROLES:
            out = await h.say(who[role], text, chat=group)  # type: ignore[arg-type]
            shown = [m.text or m.caption or "" for m in out]
            refused = bool(shown) and all(s in REFUSALS for s in shown)
            if role in MATRIX[command]:
                assert shown and not refused, f"{role} should be allowed {command}: {shown}"
                assert not any(s.startswith(plain(t("core.unknown_command", command=""))[:15]) for s in shown)
            elif group is not None and role == "unregistered":
                assert not shown or refused, f"{role} must not get {command}: {shown}"
            else:
                assert refused, f"{role} must be refused {command}: {shown}"


# --- across teams -------------------------------------------------------------------------------------------------
# The world of tests/security/world.py: team A is TPAKD-DS (DISKOP, DISDIK) with the "own" group, team B is
# TKPKD-SLK (DINSOS) with the "other" group, and a group linked to no team. Every role is of team A ("admin" is its
# admin role); "bootstrap" is in PANTAU_ADMIN_IDS. "rv" is the report button "Revisi" forged with the id of a report
# of DISKOP (whose focal point is "focal_point" here) and pressed in that chat.
#
# ok: done, and the effect is there; no: refused with a reason, nothing changed; pm: pointed to the private chat,
# nothing changed; off: nothing opened (no draft, nothing of the report shown), whatever the hint.
X_ROLES = ("unregistered", "viewer", "focal_point", "chair", "secretariat", "admin", "bootstrap")
X_CHATS = ("own", "other", "unlinked", "private")
# fmt: off
X_MATRIX: dict[tuple[str, str], tuple[str, ...]] = {
    #                                            unreg. viewer focal  chair  secr.  admin  bootstrap
    ("/hubungkan TPAKD-DS", "own"):             ("no",  "no",  "no",  "no",  "ok",  "ok",  "ok"),
    ("/hubungkan TPAKD-DS", "other"):           ("no",  "no",  "no",  "no",  "no",  "no",  "ok"),
    ("/hubungkan TPAKD-DS", "unlinked"):        ("no",  "no",  "no",  "no",  "ok",  "ok",  "ok"),
    ("/hubungkan TPAKD-DS", "private"):         ("no",  "no",  "no",  "no",  "no",  "no",  "no"),
    ("/buka DISDIK 2026-Q1", "own"):            ("pm",  "pm",  "pm",  "pm",  "pm",  "pm",  "pm"),
    ("/buka DISDIK 2026-Q1", "other"):          ("pm",  "pm",  "pm",  "pm",  "pm",  "pm",  "pm"),
    ("/buka DISDIK 2026-Q1", "unlinked"):       ("pm",  "pm",  "pm",  "pm",  "pm",  "pm",  "pm"),
    ("/buka DISDIK 2026-Q1", "private"):        ("no",  "no",  "no",  "no",  "ok",  "ok",  "ok"),
    ("/undang focal_point DINSOS", "own"):      ("pm",  "pm",  "pm",  "pm",  "pm",  "pm",  "pm"),
    ("/undang focal_point DINSOS", "other"):    ("pm",  "pm",  "pm",  "pm",  "pm",  "pm",  "pm"),
    ("/undang focal_point DINSOS", "unlinked"): ("pm",  "pm",  "pm",  "pm",  "pm",  "pm",  "pm"),
    ("/undang focal_point DINSOS", "private"):  ("no",  "no",  "no",  "no",  "no",  "no",  "ok"),
    ("rv", "own"):                              ("off", "off", "off", "off", "off", "off", "off"),
    ("rv", "other"):                            ("off", "off", "off", "off", "off", "off", "off"),
    ("rv", "unlinked"):                         ("off", "off", "off", "off", "off", "off", "off"),
    ("rv", "private"):                          ("no",  "no",  "ok",  "no",  "no",  "no",  "no"),
}
# fmt: on
X_REFUSALS = {
    plain(t("core.not_allowed")),
    plain(t("core.unregistered")),
    plain(t("core.group.only")),
    plain(t("core.group.link_not_allowed", team="TPAKD-DS")),
    plain(t("core.group.move_not_allowed", current="TKPKD-SLK", team="TPAKD-DS")),
    plain(t("core.invite.org_not_in_team", org="DINSOS", team="TPAKD-DS", choices="DISDIK, DISKOP")),
    plain(t("report.reopen.not_allowed")),
    # the report flow says more precisely why a button is not for this person (the keys it has, as it words them)
    *(
        plain(t(key))
        for key in ("report.not_your_activity", "report.not_reporter", "report.revise.not_yours")
        if key in CATALOGUE
    ),
}
BOOTSTRAP_ID = 5_000_001


def _relink(session: Any, chats: dict[str, Any], teams: dict[str, int | None]) -> None:
    """Put every group back on the team it started with (a cell that linked one must not change the next cell)."""
    for where, chat in chats.items():
        if where == "private":
            continue
        row = people.get_group(session, chat.id)
        if row is not None:
            row.team_id = teams[where]
            row.thread_id = None
            session.add(row)


@pytest.mark.parametrize("command", ["/hubungkan TPAKD-DS", "/buka DISDIK 2026-Q1", "/undang focal_point DINSOS", "rv"])
async def test_every_role_in_every_chat_across_teams(db_url: str, command: str) -> None:
    async with security_world(db_url, admin_ids=[BOOTSTRAP_ID]) as w:
        admin = w.h.user("Admin TPAKD")
        await w.h.grant(admin, "TPAKD-DS", "admin")
        boss = w.h.user("Admin Pusat", user_id=BOOTSTRAP_ID)
        for user in (admin, boss):
            await w.h.say(user, "/start")
        who = dict(zip(X_ROLES, (w.stranger, w.viewer, w.budi, w.chair, w.rina, admin, boss), strict=True))
        unlinked = w.h.emu.group(title="Grup tanpa tim", bot_member=True)
        chats: dict[str, Any] = {"own": w.group1, "other": w.group2, "unlinked": unlinked, "private": None}
        teams: dict[str, int | None] = {"own": w.plan.team_id, "other": w.team2_id, "unlinked": None}
        data = ""
        if command == "rv":
            await w.submit(w.budi)
            report_id = await w.h.run(lambda s: s.execute(text("SELECT id FROM report")).scalar_one())
            data = f"rv:{report_id}"
        wrong: list[str] = []
        for where in X_CHATS:
            chat = chats[where]
            for role, expected in zip(X_ROLES, X_MATRIX[(command, where)], strict=True):
                user = who[role]
                before = await w.snapshot()
                if data:
                    out = await w.press_data(user, data, chat)
                else:
                    out = await w.h.say(user, command, chat=chat)
                after = await w.snapshot()
                shown = texts(out)
                cell = f"{role} in {where}: expected {expected}, got {shown}"
                if expected == "ok":
                    effect = {
                        "/hubungkan TPAKD-DS": chat is not None
                        and await _team_of(w, chat.id) == w.plan.team_id
                        and not set(shown) & X_REFUSALS,
                        "/buka DISDIK 2026-Q1": bool(after["reopening"]),
                        "/undang focal_point DINSOS": len(after["invite_token"]) == len(before["invite_token"]) + 1,
                        "rv": after["report_draft"] != before["report_draft"],
                    }[command]
                    if not shown or set(shown) & X_REFUSALS or not effect:
                        wrong.append(cell)
                elif expected == "no":
                    if not shown or not set(shown) <= X_REFUSALS or after != before:
                        wrong.append(cell)
                elif expected == "pm":
                    if shown != [plain(t("core.private.only", command=command.split()[0]))] or after != before:
                        wrong.append(cell)
                else:  # off
                    if after != before or any("Onboarding UMKM" in s for s in shown):
                        wrong.append(cell)
                await w.h.run(_relink, chats, teams)
        assert wrong == [], "\n".join(wrong)


async def _team_of(w: World, chat_id: int) -> int | None:
    row = await w.h.run(people.get_group, chat_id)
    return row.team_id if row is not None else None
