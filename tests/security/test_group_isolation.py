"""A group sees only its own team: two teams, two linked groups; what is asked in one never shows the other's data."""

from __future__ import annotations

import importlib.util

import pytest

from emulator.state import SentMessage
from tests.security.world import World, security_world

# Words that only exist in one team's plan (tests/report/seed.py and tests/security/world.py).
TEAM1_WORDS = ("DISKOP", "DISDIK", "Onboarding UMKM", "Rekening pelajar", "Dinas Koperasi")
TEAM2_WORDS = ("DINSOS", "Bantuan pangan rahasia", "Dinas Sosial", "Perlindungan sosial")
PROGRESS_COMMANDS = ("/progres", "/rekap", "/belum", "/kurva", "/rekap 2026-Q1", "/belum 2026-Q1", "/ekspor")


def _everything(messages: list[SentMessage]) -> str:
    parts = []
    for m in messages:
        parts += [m.text or "", m.caption or "", repr(m.buttons)]
        if m.document is not None:
            parts.append(m.document.decode("latin-1", errors="ignore"))
    return "\n".join(parts)


async def _asked_in(w: World, who: object, chat: object, command: str) -> str:
    return _everything(await w.h.say(who, command, chat=chat))  # type: ignore[arg-type]


@pytest.mark.skipif(
    importlib.util.find_spec("bot.handlers.progress") is None, reason="progress commands not in the tree yet"
)
async def test_progress_commands_in_a_group_show_only_that_groups_team(db_url: str) -> None:
    async with security_world(db_url) as w:
        await w.submit(w.budi)  # team 1 has a report
        # a person with roles in both teams asks in each group
        await w.h.run(_grant_both, w)
        for command in PROGRESS_COMMANDS:
            in1 = await _asked_in(w, w.rina, w.group1, command)
            in2 = await _asked_in(w, w.rina, w.group2, command)
            assert not [x for x in TEAM2_WORDS if x in in1], (command, in1[:300])
            assert not [x for x in TEAM1_WORDS if x in in2], (command, in2[:300])
            # someone of team 2 only, in team 1's group: sees nothing of team 1 either way
            other = await _asked_in(w, w.other_sekre, w.group1, command)
            assert not [x for x in TEAM2_WORDS if x in other], (command, other[:300])


def _grant_both(session: object, w: World) -> None:
    from storage import people

    person = people.get_person(session, w.rina.id)  # type: ignore[arg-type]
    team2 = people.team_by_code(session, "TKPKD-SLK")  # type: ignore[arg-type]
    people.grant_role(session, person, team2, "secretariat", None, w.h.clock())  # type: ignore[arg-type]


async def test_exemptions_in_a_group_act_only_on_that_groups_team(db_url: str) -> None:
    async with security_world(db_url) as w:
        await w.h.run(_grant_both, w)
        before = await w.snapshot()
        # team 1's organization, excused from team 2's group: refused, nothing written
        reply = await _asked_in(w, w.rina, w.group2, "/kecualikan DISKOP 2026-Q2 Reorganisasi")
        assert (await w.snapshot())["exemption"] == before["exemption"], reply
        # listing exemptions in team 2's group shows nothing of team 1
        await _asked_in(w, w.rina, w.group1, "/kecualikan DISKOP 2026-Q2 Reorganisasi")
        listing = await _asked_in(w, w.rina, w.group2, "/kecualikan")
        assert "Reorganisasi" not in listing and "Dinas Koperasi" not in listing, listing
        # team 2's secretariat cannot excuse in team 1's group
        snap = await w.snapshot()
        await _asked_in(w, w.other_sekre, w.group1, "/batalkecuali DISKOP 2026-Q2")
        assert (await w.snapshot())["exemption"] == snap["exemption"]
