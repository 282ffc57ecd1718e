"""Progress commands over HTTP, in a group and privately, with wrong arguments and wrong roles."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from openpyxl import load_workbook

from emulator.state import Chat, SentMessage, User
from progress import province_xlsx
from tests.e2e.harness import Harness, plain, running_bot
from texts import t

PNG = b"\x89PNG\r\n\x1a\n"


async def _export(h: Harness, who: User, text: str, chat: Chat | None = None) -> SentMessage:
    """/ekspor as the person sees it: "⏳ Sedang menyiapkan rekap…" at once, "sending a file…" while the workbook is
    read and rendered, then the workbook, and the notice deleted (a message that no longer tells anything)."""
    mark = h.emu.call_count()
    notice, export = await h.say(who, text, chat=chat)
    assert notice.text == plain(t("progress.ekspor_preparing")) and notice.deleted
    assert export.document is not None and not export.deleted and notice.message_id < export.message_id
    where = str(chat.id if chat else who.id)
    calls = [c for c in h.emu.calls()[mark:] if str(c.params.get("chat_id")) == where]
    methods = [c.method.lower() for c in calls if c.method.lower() != "sendchataction"]
    assert methods == ["sendmessage", "senddocument", "deletemessage"], methods
    assert "upload_document" in [c.params.get("action") for c in calls if c.method.lower() == "sendchataction"]
    return export


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

            export = await _export(h, chair, "/ekspor TW1", chat=chat)  # type: ignore[arg-type]
            assert (export.file_name or "").endswith(".xlsx")
            workbook = load_workbook(io.BytesIO(export.document))
            assert len(workbook.sheetnames) >= 2

        # a period that is not one of the year: the notice itself becomes the answer, no workbook
        [wrong] = await h.say(chair, "/ekspor TW9")
        assert wrong.is_edited and not wrong.deleted and wrong.document is None
        assert "Triwulan I 2022" in (wrong.text or "") and "Triwulan IV 2022" in (wrong.text or "")


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
            h.emu.fail_next(1, kind, methods=["sendChatAction"], timeout_seconds=0.2)
            await _export(h, chair, "/ekspor TW1")  # the notice, the workbook, the notice deleted


async def test_a_long_export_keeps_showing_that_a_file_is_coming(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Telegram shows "sending a file…" for 5 s: while a slow workbook is made it is shown again and again, and a
    failing one leaves no "⏳ Sedang menyiapkan rekap…" behind (the error handler's message says what happened)."""
    from bot.handlers import progress as handlers

    render = province_xlsx.render_ekspor
    monkeypatch.setattr(handlers, "ACTION_EVERY_SECONDS", 0.05)

    def slow(*args: Any) -> Any:
        time.sleep(0.4)
        return render(*args)

    async with running_bot(db_url) as h:
        chair = h.user("Pak Sekda")
        await h.grant(chair, "TPAKD-DS", "chair")
        monkeypatch.setattr(province_xlsx, "render_ekspor", slow)
        mark = len(h.emu.calls("sendChatAction"))
        export = await _export(h, chair, "/ekspor TW1")
        assert export.file_name == "rekap-TPAKD-DS-2022-Q1.xlsx"
        assert len(h.emu.calls("sendChatAction")[mark:]) >= 3

        def broken(*_args: Any) -> Any:
            raise RuntimeError("render failed")

        monkeypatch.setattr(province_xlsx, "render_ekspor", broken)
        notice, error = await h.say(chair, "/ekspor TW1")
        assert notice.text == plain(t("progress.ekspor_preparing")) and notice.deleted
        assert error.text == plain(t("core.error.generic")) and error.document is None


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
