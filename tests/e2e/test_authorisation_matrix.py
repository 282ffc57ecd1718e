"""The authorisation matrix over HTTP: every role × every command, each refused or let through as the table says.

The expected table is written out here on purpose (not derived from ``domain.authz``), so a change to who may do
what shows up as a failing test to be agreed with.
"""

from __future__ import annotations

import pytest

from pantau.texts import t
from tests.e2e.harness import Harness, plain, running_bot

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
    "/verifikasi": {"secretariat", "admin"},
    "/buka DISDIK TW1": {"secretariat", "admin"},
    "/undang pemantau": {"secretariat", "admin"},
    "/kecualikan DISDIK TW2 tidak ada kegiatan": {"secretariat", "admin"},
    "/batalkecuali DISDIK TW2": {"secretariat", "admin"},
    "group:/hubungkan TPAKD-DS": {"secretariat", "admin"},
    "group:/progres": {"viewer", "focal_point", "chair", "secretariat", "admin"},
    "group:/ekspor": {"chair", "secretariat", "admin"},
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
