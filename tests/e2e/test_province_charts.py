"""A province group's /progres, /kurva and /ekspor over HTTP, on both engines (issue 15): one bar per regency, the
province S-curve weighted by budget, the roll-up workbook with a sheet per regency; a regency's group keeps its own.

The world is ``tests.progress.test_province_charts.build_province`` (its docstring has the figures): TPAKD-PROV over
KAB-A, KAB-B and KAB-C. The clock is Monday 6 April 2026: every screen lands on Triwulan I 2026.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from emulator.state import Chat, SentMessage, User
from tests.e2e.harness import Harness, plain, running_bot
from tests.progress.test_province_charts import build_province
from texts import t

START = datetime(2026, 4, 6, 2, 0, tzinfo=UTC)
BOOTSTRAP = 5_300_001
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


async def _group(h: Harness, admin: User, code: str) -> Chat:
    group = h.group(f"Grup {code}")
    await h.do(group.id, lambda: h.emu.add_bot_to_group(admin, group))
    await h.say(admin, f"/hubungkan {code}", chat=group)
    return group


async def test_a_province_group_sees_its_regencies(db_url: str) -> None:
    async with running_bot(db_url, start=START, seed=False, admin_ids=[BOOTSTRAP], flood_max_updates=0) as h:
        await h.run(lambda s: build_province(s))
        admin = h.user("Admin", user_id=BOOTSTRAP)
        chair = h.user("Pak Gubernur")
        sekre_a = h.user("Bu Sekretariat A")
        await h.grant(chair, "TPAKD-PROV", "chair")
        await h.grant(sekre_a, "KAB-A", "secretariat")
        province = await _group(h, admin, "TPAKD-PROV")
        regency = await _group(h, admin, "KAB-A")

        for chat in (province, None):
            [chart] = await h.say(chair, "/progres", chat=chat)
            caption = plain(chart.caption or "")
            assert chart.photo is not None and chart.photo.startswith(PNG)
            assert "Capaian 3 kabupaten/kota" in caption and "Triwulan I 2026" in caption
            assert "Rata-rata provinsi 58,33% (Rendah), atas 3 dari 3 kabupaten/kota" in caption
            assert "Tertinggi: KAB-B 100%" in caption and "Terendah: KAB-C 0%" in caption

        [q2] = await h.say(chair, "/progres TW2", chat=province)
        assert "Triwulan II 2026" in plain(q2.caption or "") and q2.photo is not None

        [curve] = await h.say(chair, "/kurva", chat=province)
        caption = plain(curve.caption or "")
        assert curve.photo is not None and "Kurva S provinsi" in caption
        assert "Triwulan I 2026: rencana 32,5%, realisasi 31,3%" in caption
        assert "2 kabupaten/kota, masing-masing ditimbang dengan pagunya" in caption
        assert "Tanpa pagu, tidak ikut ditimbang: KAB-C" in caption

        export = await _export(h, chair, "/ekspor", chat=province)
        assert export.file_name == "rekap-TPAKD-PROV-2026-Q1.xlsx" and export.document is not None
        wb = load_workbook(io.BytesIO(export.document))
        assert wb.sheetnames == [t("provxlsx.sheet"), "KAB-B", "KAB-A", "KAB-C"]
        ws = wb[t("provxlsx.sheet")]
        assert [ws.cell(row=r, column=2).value for r in (5, 6, 7)] == ["KAB-B", "KAB-A", "KAB-C"]
        assert [ws.cell(row=r, column=9).value for r in (5, 6, 7)] == [1.0, 0.75, 0.0]
        assert ws._images  # the chart beside the table

        # the regency's group keeps the regency's own screens: its organizations, its own S-curve and recap
        [own] = await h.say(sekre_a, "/progres", chat=regency)
        assert "Capaian 3 kabupaten/kota" not in plain(own.caption or "") and own.photo is not None
        [own_curve] = await h.say(sekre_a, "/kurva", chat=regency)
        assert "Kurva S provinsi" not in plain(own_curve.caption or "")
        own_export = await _export(h, sekre_a, "/ekspor TW1", chat=regency)
        assert own_export.file_name == "rekap-KAB-A-2026-Q1.xlsx"
