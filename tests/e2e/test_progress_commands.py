"""Progress commands over HTTP, in a group and privately, with wrong arguments and wrong roles."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.e2e.harness import Harness, plain, running_bot
from texts import t

PNG = b"\x89PNG\r\n\x1a\n"


async def _linked_group(h: Harness, who: object) -> object:
    group = h.group("TPAKD Deli Serdang")
    await h.do(group.id, lambda: h.emu.add_bot_to_group(who, group))  # type: ignore[arg-type]
    await h.say(who, "/hubungkan TPAKD-DS", chat=group)  # type: ignore[arg-type]
    return group


async def test_charts_tables_and_export_privately_and_in_the_group(db_url: str) -> None:
    async with running_bot(db_url) as h:
        chair = h.user("Pak Sekda")
        sekre = h.user("Bu Sri")
        await h.grant(chair, "TPAKD-DS", "chair")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        group = await _linked_group(h, sekre)

        for chat in (None, group):
            mark = h.emu.call_count()
            [chart] = await h.say(chair, "/progres", chat=chat)  # type: ignore[arg-type]
            assert chart.photo is not None and chart.photo.startswith(PNG)
            assert "Triwulan I 2022" in (chart.caption or "")
            actions = [c.params.get("action") for c in h.emu.calls("sendChatAction")[-3:]]
            assert "upload_photo" in actions and h.emu.call_count() > mark

            [curve] = await h.say(chair, "/kurva UGD", chat=chat)  # type: ignore[arg-type]
            assert curve.photo is not None and "UMKM Go Digital" in (curve.caption or "")

            recap = await h.say(chair, "/rekap TW1", chat=chat)  # type: ignore[arg-type]
            assert recap and all(len(m.text or "") <= 4096 for m in recap)
            assert "Triwulan I 2022" in (recap[0].text or "")

            missing = await h.say(chair, "/belum triwulan 1", chat=chat)  # type: ignore[arg-type]
            assert any("DISKOPUKM" in (m.text or "") for m in missing)

            [export] = await h.say(chair, "/ekspor TW1", chat=chat)  # type: ignore[arg-type]
            assert export.document is not None and (export.file_name or "").endswith(".xlsx")
            workbook = load_workbook(io.BytesIO(export.document))
            assert len(workbook.sheetnames) >= 2


async def test_a_chat_action_telegram_refuses_does_not_cost_the_chart(db_url: str) -> None:
    """ "Sending a photo…" is a courtesy: when sendChatAction fails (a 500, a timeout) the chart still arrives."""
    async with running_bot(db_url) as h:
        chair = h.user("Pak Sekda")
        await h.grant(chair, "TPAKD-DS", "chair")
        for kind in ("500", "timeout"):
            h.emu.fail_next(1, kind, methods=["sendChatAction"], timeout_seconds=0.2)
            answered = await h.say(chair, "/progres")
            assert [m.photo is not None and m.photo.startswith(PNG) for m in answered] == [True], kind
            assert plain(t("core.error.generic")) not in [m.text for m in answered]


async def test_wrong_arguments_list_the_choices(db_url: str) -> None:
    async with running_bot(db_url) as h:
        viewer = h.user("Pemantau")
        await h.grant(viewer, "TPAKD-DS", "viewer")
        [bad_period] = await h.say(viewer, "/rekap TW9")
        assert "Triwulan I 2022" in (bad_period.text or "") and "Triwulan IV 2022" in (bad_period.text or "")
        [bad_scope] = await h.say(viewer, "/progres gajah")
        assert "UGD" in (bad_scope.text or "") and "DISKOPUKM" in (bad_scope.text or "")
        [by_org] = await h.say(viewer, "/progres koperasi")
        assert by_org.photo is not None


async def test_roles_and_groups_are_respected(db_url: str) -> None:
    async with running_bot(db_url) as h:
        viewer = h.user("Pemantau")
        stranger = h.user("Orang Lain")
        sekre = h.user("Bu Sri")
        await h.grant(viewer, "TPAKD-DS", "viewer")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        assert [m.text for m in await h.say(viewer, "/ekspor")] == [plain(t("core.not_allowed"))]
        assert [m.text for m in await h.say(stranger, "/progres")] == [plain(t("core.unregistered"))]

        unlinked = h.group("Grup lain")
        await h.do(unlinked.id, lambda: h.emu.add_bot_to_group(sekre, unlinked))
        assert [m.text for m in await h.say(viewer, "/rekap", chat=unlinked)] == [plain(t("core.group.not_linked"))]

        group = await _linked_group(h, sekre)
        # someone with no role in this team gets nothing of its data in its group
        out = await h.say(stranger, "/rekap", chat=group)  # type: ignore[arg-type]
        assert all("Rekap" not in (m.text or "") for m in out)
