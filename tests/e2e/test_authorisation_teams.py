"""Which team /rekap shows, over HTTP: each role × each chat, without a team code and with either team's code.

Two teams: TPAKD-DS (quarterly; every role below holds its role there) and TKPKD-SOLOK (monthly). The chats: a
group linked to TPAKD-DS ("own"), a group linked to TKPKD-SOLOK ("other"), a group linked to no team, and the
private chat. "two_teams" is a chair of both teams; "admin" holds the admin role of TPAKD-DS; "bootstrap" is in
``PANTAU_ADMIN_IDS`` and has no membership.

The expected table is written out here on purpose (not derived from ``domain.teams``), so a change to who sees
which team where shows up as a failing test to be agreed with. Answers:

- ``DS`` / ``SOLOK``: that team's recap;
- ``which``: "which team?" with both codes;
- ``refused``: "your role does not allow this command";
- ``refused_team``: "your role does not allow this command in team TKPKD-SOLOK" (a team named in private);
- ``other_group:CODE``: "this group is linked to team CODE; the named team's data is shown elsewhere";
- ``not_linked``: "this group is not linked to a team yet".
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.harness import EXAMPLES, Harness, plain, running_bot
from texts import t

BOOTSTRAP = 5_200_001
DS_NAME = "Tim Percepatan Akses Keuangan Daerah Kabupaten Deli Serdang"
SOLOK_NAME = "Tim Koordinasi Penanggulangan Kemiskinan Daerah Kota Solok"
CHATS = ("own", "other", "unlinked", "private")
COMMANDS = ("/rekap", "/rekap TPAKD-DS", "/rekap TKPKD-SOLOK")

# the command ("_" stands for a space), the role, then the answer in each chat
# command           role         own group             other group              unlinked    private
TABLE = """
/rekap              viewer       DS                    refused                  not_linked  DS
/rekap              focal_point  DS                    refused                  not_linked  DS
/rekap              chair        DS                    refused                  not_linked  DS
/rekap              secretariat  DS                    refused                  not_linked  DS
/rekap              admin        DS                    refused                  not_linked  DS
/rekap              bootstrap    DS                    SOLOK                    not_linked  which
/rekap              two_teams    DS                    SOLOK                    not_linked  which
/rekap_TPAKD-DS     viewer       DS                    other_group:TKPKD-SOLOK  not_linked  DS
/rekap_TPAKD-DS     focal_point  DS                    other_group:TKPKD-SOLOK  not_linked  DS
/rekap_TPAKD-DS     chair        DS                    other_group:TKPKD-SOLOK  not_linked  DS
/rekap_TPAKD-DS     secretariat  DS                    other_group:TKPKD-SOLOK  not_linked  DS
/rekap_TPAKD-DS     admin        DS                    other_group:TKPKD-SOLOK  not_linked  DS
/rekap_TPAKD-DS     bootstrap    DS                    other_group:TKPKD-SOLOK  not_linked  DS
/rekap_TPAKD-DS     two_teams    DS                    other_group:TKPKD-SOLOK  not_linked  DS
/rekap_TKPKD-SOLOK  viewer       other_group:TPAKD-DS  refused                  not_linked  refused_team
/rekap_TKPKD-SOLOK  focal_point  other_group:TPAKD-DS  refused                  not_linked  refused_team
/rekap_TKPKD-SOLOK  chair        other_group:TPAKD-DS  refused                  not_linked  refused_team
/rekap_TKPKD-SOLOK  secretariat  other_group:TPAKD-DS  refused                  not_linked  refused_team
/rekap_TKPKD-SOLOK  admin        other_group:TPAKD-DS  refused                  not_linked  refused_team
/rekap_TKPKD-SOLOK  bootstrap    other_group:TPAKD-DS  SOLOK                    not_linked  SOLOK
/rekap_TKPKD-SOLOK  two_teams    other_group:TPAKD-DS  SOLOK                    not_linked  SOLOK
"""
ROLES = ("viewer", "focal_point", "chair", "secretariat", "admin", "bootstrap", "two_teams")


def _table() -> dict[tuple[str, str, str], str]:
    expected: dict[tuple[str, str, str], str] = {}
    for line in TABLE.strip().splitlines():
        command, role, *answers = line.split()
        assert len(answers) == len(CHATS), line
        for chat, answer in zip(CHATS, answers, strict=True):
            expected[(command.replace("_", " "), role, chat)] = answer
    return expected


EXPECTED = _table()


def test_the_table_is_whole() -> None:
    assert set(EXPECTED) == {(c, r, chat) for c in COMMANDS for r in ROLES for chat in CHATS}


def _shown(answer: str, command: str) -> str:
    """What the bot says (the start of it, for a recap) for an answer of the table."""
    if answer == "DS":
        return plain(t("progress.rekap_title", team=DS_NAME, period=""))
    if answer == "SOLOK":
        return plain(t("progress.rekap_title", team=SOLOK_NAME, period=""))
    if answer == "which":
        return plain(t("progress.team.which", example=f"{command} TKPKD-SOLOK", choices="TKPKD-SOLOK, TPAKD-DS"))
    if answer == "refused":
        return plain(t("core.not_allowed"))
    if answer == "refused_team":
        return plain(t("progress.team.not_allowed", team="TKPKD-SOLOK"))
    if answer == "not_linked":
        return plain(t("core.group.not_linked"))
    group_team = answer.removeprefix("other_group:")
    named = command.split()[1]
    return plain(t("progress.team.other_group", team=named, group_team=group_team))


async def _person(h: Harness, role: str, bootstrap: Any) -> Any:
    if role == "bootstrap":
        return bootstrap
    user = h.user(f"User {role}")
    if role == "two_teams":
        await h.grant(user, "TPAKD-DS", "chair")
        await h.grant(user, "TKPKD-SOLOK", "chair")
    elif role == "focal_point":
        await h.grant(user, "TPAKD-DS", role, "DISKOPUKM")
    else:
        await h.grant(user, "TPAKD-DS", role)
    return user


@pytest.mark.parametrize("role", ROLES)
async def test_rekap_by_role_and_chat_with_and_without_a_team_code(db_url: str, role: str) -> None:
    async with running_bot(db_url, admin_ids=[BOOTSTRAP], flood_max_updates=0) as h:
        await h.seed_plan(EXAMPLES / "tkpkd-kota-solok-2021.yaml")
        linker = h.user("Admin Bootstrap", user_id=BOOTSTRAP)
        chats: dict[str, Any] = {"private": None}
        for name, team in (("own", "TPAKD-DS"), ("other", "TKPKD-SOLOK"), ("unlinked", None)):
            group = h.group(f"Grup {name}")
            await h.do(group.id, lambda group=group: h.emu.add_bot_to_group(linker, group))
            if team:
                await h.say(linker, f"/hubungkan {team}", chat=group)
            chats[name] = group
        who = await _person(h, role, linker)
        got: dict[tuple[str, str], str] = {}
        for command in COMMANDS:
            for chat in CHATS:
                out = await h.say(who, command, chat=chats[chat])
                shown = (out[0].text or "") if out else ""
                expected = _shown(EXPECTED[(command, role, chat)], command)
                ok = (
                    shown.startswith(expected)
                    if EXPECTED[(command, role, chat)] in ("DS", "SOLOK")
                    else ([m.text for m in out] == [expected])
                )
                got[(command, chat)] = "ok" if ok else f"got {shown[:90]!r}"
        wrong = {key: value for key, value in got.items() if value != "ok"}
        assert not wrong, wrong
