"""A province over its regencies over HTTP (issue 15), on both engines: the province group's /rekap, /rekap KODE,
/belum and /indikator KODE; isolation between regencies and between provinces, forged arguments included.

The world is ``tests.progress.test_province_rollup.build_province`` (its docstring has the figures): PROV over KAB-A,
KAB-B, KAB-C; PROV2 over KAB-X. The clock is Monday 20 April 2026: every screen lands on Triwulan I 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from emulator.state import Chat, User
from storage.models import PeriodClosing
from tests.e2e.harness import Harness, plain, running_bot
from tests.progress.test_province_rollup import Province, build_province
from texts import t

START = datetime(2026, 4, 20, 2, 0, tzinfo=UTC)
BOOTSTRAP = 5_300_001
PERIOD = "Triwulan I 2026"


async def _world(h: Harness) -> tuple[Province, dict[str, User], dict[str, Chat]]:
    province: Province = await h.run(lambda s: build_province(s))
    users = {
        name: h.user(name, user_id=telegram_id)
        for name, telegram_id in (
            ("gub", 7001),
            ("ketua", 7002),
            ("lihat", 7003),
            ("seka", 7011),
            ("fpa", 7012),
            ("sekb", 7021),
            ("gub2", 7091),
        )
    }
    admin = h.user("Admin", user_id=BOOTSTRAP)
    groups: dict[str, Chat] = {}
    for code in ("PROV", "KAB-A", "PROV2"):
        group = h.group(f"Grup {code}")
        await h.do(group.id, lambda group=group: h.emu.add_bot_to_group(admin, group))
        await h.say(admin, f"/hubungkan {code}", chat=group)
        groups[code] = group
    return province, users, groups


async def _say(h: Harness, user: User, text: str, chat: Chat | None = None) -> list[str]:
    return [m.text or "" for m in await h.say(user, text, chat=chat)]


def _rekap_head(team: str, children: int) -> str:
    return plain(t("province.rekap_title", team=team, period=PERIOD, children=children))


def _team_recap(name: str) -> str:
    return plain(t("progress.rekap_title", team=name, period=PERIOD))


async def test_province_group_rekap_drill_belum_indikator(db_url: str) -> None:
    async with running_bot(db_url, start=START, seed=False, admin_ids=[BOOTSTRAP], flood_max_updates=0) as h:
        province, u, g = await _world(h)
        prov = g["PROV"]

        rekap = await _say(h, u["gub"], "/rekap", prov)
        assert rekap[0].startswith(_rekap_head("TPAKD Provinsi Uji", 3))
        assert plain(t("province.closing_line", deadline="15 April 2026", closed=2, children=3, on_time=1)) in rekap[0]
        body = rekap[0]
        assert body.index("1. ⚠️ KAB-B") < body.index("2. ✅ KAB-A") < body.index("3. ⏳ KAB-C")
        assert "lapor 3/3 (100%) · tepat 66,7% · capaian 94,17% Kuning" in body
        assert "lapor 2/3 (66,7%) · tepat 66,7% · capaian 60% Rendah" in body
        assert "anggaran Rp 40/Rp 400 (10%)" in body
        assert "fisik 10% dari rencana 31,3%" in body
        assert "KAB-X" not in "\n".join(rekap)  # another province's regency

        for who in ("ketua", "lihat"):  # the chair and the viewer see the same, in private as well
            assert (await _say(h, u[who], "/rekap"))[0].startswith(_rekap_head("TPAKD Provinsi Uji", 3))

        drill = await _say(h, u["gub"], "/rekap KAB-A", prov)
        assert drill[0].startswith(_team_recap("TPAKD Kabupaten A"))
        drill_private = await _say(h, u["lihat"], "/rekap kab-b TW1")
        assert drill_private[0].startswith(_team_recap("TPAKD Kabupaten B"))

        def reopen_a(session: Any) -> None:
            row = session.exec(select(PeriodClosing).where(PeriodClosing.team_id == province.team["KAB-A"])).one()
            row.reopened_at = START

        await h.run(reopen_a)
        belum = await _say(h, u["gub"], "/belum", prov)
        text = "\n".join(belum)
        assert text.startswith(
            plain(t("province.belum_title", period=PERIOD, deadline="15 April 2026", open=2, children=3))
        )
        assert "KAB-A TPAKD Kabupaten A: laporan 2/3" in text
        assert "• A-BANK Bank Daerah A: belum 1 dari 1" in text
        assert "KAB-C" in text and "KAB-B" not in text

        kur = await _say(h, u["gub"], "/indikator KUR", prov)
        assert kur[0].startswith("KUR: Penyaluran KUR\nTPAKD Provinsi Uji · Triwulan I 2026 · per periode")
        assert "Total: 18 debitur (target 35 debitur)" in kur[0]
        assert "• KAB-A 8 debitur (target 30 debitur) · 1/2 kegiatan melapor" in kur[0]
        miskin = await _say(h, u["ketua"], "/indikator miskin TW1")
        assert "Rata-rata: 73,33% (target 83,33%)" in miskin[0]
        unknown = await _say(h, u["gub"], "/indikator NOPE", prov)
        assert unknown == [plain(t("province.indikator_unknown", code="NOPE", team="PROV", codes="KUR, MISKIN"))]
        usage = await _say(h, u["gub"], "/indikator", prov)
        assert usage == [plain(t("province.indikator_usage", example="KUR", codes="KUR, MISKIN"))]


async def test_regencies_and_provinces_never_see_each_other(db_url: str) -> None:
    async with running_bot(db_url, start=START, seed=False, admin_ids=[BOOTSTRAP], flood_max_updates=0) as h:
        _, u, g = await _world(h)

        def other_group(named: str, group_team: str) -> list[str]:
            return [plain(t("progress.team.other_group", team=named, group_team=group_team))]

        def not_allowed(team: str) -> list[str]:
            return [plain(t("progress.team.not_allowed", team=team))]

        # a regency's secretariat: its own recap only, never a sibling's nor the province's
        assert (await _say(h, u["seka"], "/rekap"))[0].startswith(_team_recap("TPAKD Kabupaten A"))
        assert await _say(h, u["seka"], "/rekap KAB-B") == not_allowed("KAB-B")
        assert await _say(h, u["seka"], "/belum KAB-B") == not_allowed("KAB-B")
        assert await _say(h, u["seka"], "/rekap PROV") == not_allowed("PROV")
        assert await _say(h, u["seka"], "/indikator KUR") == [plain(t("province.indikator_parent_only", team="KAB-A"))]
        assert await _say(h, u["seka"], "/rekap KAB-B", g["KAB-A"]) == other_group("KAB-B", "KAB-A")
        assert await _say(h, u["seka"], "/rekap PROV", g["KAB-A"]) == other_group("PROV", "KAB-A")
        # a regency's focal point sees its own regency, never the province
        assert (await _say(h, u["fpa"], "/rekap"))[0].startswith(_team_recap("TPAKD Kabupaten A"))
        assert await _say(h, u["fpa"], "/rekap KAB-C") == not_allowed("KAB-C")

        # a province never sees another province's regency: in its group, in private, through /indikator
        assert await _say(h, u["gub"], "/rekap KAB-X", g["PROV"]) == other_group("KAB-X", "PROV")
        assert await _say(h, u["gub"], "/belum KAB-X", g["PROV"]) == other_group("KAB-X", "PROV")
        assert await _say(h, u["gub"], "/rekap KAB-X") == not_allowed("KAB-X")
        assert await _say(h, u["gub"], "/rekap PROV2") == not_allowed("PROV2")
        assert await _say(h, u["gub"], "/indikator KUR KAB-X", g["PROV"]) == other_group("KAB-X", "PROV")
        assert await _say(h, u["gub"], "/indikator KUR PROV2") == not_allowed("PROV2")
        # the other province sees its own regency only
        other = await _say(h, u["gub2"], "/rekap", g["PROV2"])
        assert other[0].startswith(_rekap_head("TPAKD Provinsi Lain", 1))
        assert "KAB-X" in other[0] and "KAB-A" not in "\n".join(other)
        assert await _say(h, u["gub2"], "/rekap KAB-A", g["PROV2"]) == other_group("KAB-A", "PROV2")
        assert await _say(h, u["gub2"], "/rekap KAB-A") == not_allowed("KAB-A")
        kur = await _say(h, u["gub2"], "/indikator KUR")
        assert "Total: 1.000 debitur" in kur[0] and "KAB-A" not in kur[0]

        # a stranger (registered nowhere) in the province group: the ordinary refusal
        stranger = h.user("Orang Lain")
        assert await _say(h, stranger, "/rekap KAB-A", g["PROV"]) == [plain(t("core.unregistered"))]
        # a bootstrap admin in private sees any regency
        admin = h.user("Admin", user_id=BOOTSTRAP)
        assert (await _say(h, admin, "/rekap KAB-X"))[0].startswith(_team_recap("TPAKD Kabupaten X"))
