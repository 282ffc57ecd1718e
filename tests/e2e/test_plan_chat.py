"""The plan in the chat over HTTP (issue 14 item 3): /rencana sends the workbook and the versions; the workbook,
edited with openpyxl and sent back, is checked (every mistake listed, nothing changed), previewed, given a first
period and a legal basis, and applied as version 2 with a notice to the team's group and a note to each focal point
whose activities changed; refusals for a focal point, another team's plan, a zip bomb, a file that is no plan and
a file too big; two secretariat members applying at once make one version."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
from sqlmodel import col, select

from emulator.state import Chat, SentMessage, User
from planfile.read import PlanFileError, PlanSourceError, issue_text
from planfile.upload import read_uploaded_plan
from storage.models import Activity, Person, PlanVersion, Target
from tests.e2e.harness import Harness, plain, running_bot, texts
from texts import t

TEAM = "TPAKD-DS"
BASIS = "Perbup Deli Serdang No. 12 Tahun 2022 tentang Perubahan DPA"


class World:
    def __init__(self, h: Harness, group: Chat, sekre: User, sekre2: User, budi: User, sari: User, dedi: User) -> None:
        self.h, self.group = h, group
        self.sekre, self.sekre2, self.budi, self.sari, self.dedi = sekre, sekre2, budi, sari, dedi


async def _world(h: Harness) -> World:
    sekre, sekre2 = h.user("Bu Sri"), h.user("Pak Joko")
    budi, sari, dedi = h.user("Budi"), h.user("Sari"), h.user("Dedi")
    await h.grant(sekre, TEAM, "secretariat")
    await h.grant(sekre2, TEAM, "secretariat")
    await h.grant(budi, TEAM, "focal_point", "DISKOPUKM")  # UGD-01
    await h.grant(sari, TEAM, "focal_point", "DISKOMINFO")  # UGD-02
    await h.grant(dedi, TEAM, "focal_point", "DISDIK")  # nothing of theirs changes
    for user in (sekre, sekre2, budi, sari, dedi):
        await h.say(user, "/start")
    group = h.group()
    await h.do(group.id, lambda: h.emu.add_bot_to_group(sekre, group))
    await h.say(sekre, f"/hubungkan {TEAM}", chat=group)
    return World(h, group, sekre, sekre2, budi, sari, dedi)


async def _workbook(h: Harness, user: User) -> bytes:
    """/rencana, and the workbook it sent."""
    out = await h.say(user, "/rencana")
    document = next(m for m in out if m.document is not None)
    assert document.document is not None
    return document.document


def _edit(data: bytes, cells: dict[tuple[str, str], Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (sheet, cell), value in cells.items():
        book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# the fix: UGD-01 Q3 200 → 230 (row 4 of targets), UGD-02 Q3 60 → 70 (row 8), UGD-02's ceiling 180 jt → 200 jt
FIXED = {("targets", "C4"): 230, ("targets", "C8"): 70, ("activities", "I3"): 200_000_000}
# three mistakes: an organization that does not exist, a value that is no number, a period that does not exist
MISTAKES = {("activities", "E3"): "DINKES", ("targets", "C4"): "banyak", ("targets", "B5"): "Q5"}


async def _send(h: Harness, user: User, data: bytes, name: str, **kw: Any) -> list[SentMessage]:
    return await h.do(user.id, lambda: h.emu.send_document(user, data, name, **kw))


async def _versions(h: Harness) -> list[PlanVersion]:
    return list(await h.run(lambda s: s.exec(select(PlanVersion).order_by(col(PlanVersion.number))).all()))


async def _target(h: Harness, code: str, period: str) -> float:
    def read(session: Any) -> float:
        row = session.exec(
            select(Target.value)
            .join(Activity, col(Activity.id) == col(Target.activity_id))
            .where(Activity.code == code, Target.period_key == period)
        ).one()
        return float(row)

    return await h.run(read)


async def _preview_to_confirm(h: Harness, user: User, data: bytes, period: str = "Triwulan III 2022") -> None:
    """Send the fixed workbook, choose the period and write the basis: the Terapkan / Batal message is shown."""
    out = await _send(h, user, data, "rencana-TPAKD-DS-v1.xlsx")
    assert texts(out)[-1] == plain(t("plan_chat.ask_period"))
    await h.press_label(user, period)
    out = await h.say(user, BASIS)
    assert out[-1].button_labels() == [t("plan_chat.button.apply"), t("plan_chat.button.cancel")]


async def test_the_secretariat_changes_the_plan_from_the_chat(db_url: str) -> None:
    async with running_bot(db_url) as h:
        w = await _world(h)
        out = await h.say(w.sekre, "/rencana")
        document, listing = out
        assert document.file_name == "rencana-TPAKD-DS-v1.xlsx"
        assert document.caption == plain(t("plan_chat.caption", team=TEAM, version=1))
        assert listing.text is not None
        assert listing.text.startswith(plain(t("plan_chat.versions.head", team=TEAM)))
        assert "v1 · 04-04-2022 · berlaku mulai TW I" in listing.text
        assert t("plan.version.murni") in listing.text
        assert document.document is not None
        original = document.document

        # three mistakes: each listed with its sheet and row, nothing changed
        wrong = _edit(original, MISTAKES)
        try:
            read_uploaded_plan(wrong, "rencana-TPAKD-DS-v1.xlsx")
            raise AssertionError("the mistakes were not found")
        except PlanFileError as exc:
            issues = exc.issues
        assert len(issues) == 3
        [listed] = await _send(h, w.sekre, wrong, "rencana-TPAKD-DS-v1.xlsx")
        assert listed.text == plain(
            "\n".join(
                [
                    t("plan_chat.mistakes.head", name="rencana-TPAKD-DS-v1.xlsx", n=3),
                    *(t("plan_chat.mistakes.item", text=issue_text(i, "id")) for i in issues),
                ]
            )
        )
        assert "lembar activities, baris 3" in listed.text and "lembar targets, baris 5" in listed.text
        assert [v.number for v in await _versions(h)] == [1]
        assert await _target(h, "UGD-01", "2022-Q3") == 200

        # fixed: the summary of the change, then the first period
        fixed = _edit(original, FIXED)
        preview, ask = await _send(h, w.sekre, fixed, "rencana-TPAKD-DS-v1.xlsx")
        assert preview.text is not None
        assert preview.text.startswith(
            "Perubahan rencana TPAKD-DS (dari versi 1, berkas rencana-TPAKD-DS-v1.xlsx):\n"
            "2 target berubah, pagu UGD-02 Rp 180 jt → Rp 200 jt"
        )
        assert "• Target UGD-01 TW III: 200 → 230" in preview.text
        assert ask.text == plain(t("plan_chat.ask_period"))
        assert ask.button_labels() == [
            "Triwulan II 2022",
            "Triwulan III 2022",
            "Triwulan IV 2022",
            t("plan_chat.button.correction"),
            t("plan_chat.button.cancel"),
        ]
        assert all(len(d.encode()) <= 64 for d in ask.callback_data())
        out = await h.press_label(w.sekre, "Triwulan III 2022")
        assert texts(out)[-2:] == [
            plain(t("plan_chat.chosen", period="TW III", correction="")),
            plain(t("plan_chat.ask_basis", limit=1000)),
        ]
        assert ask.message_id in [m.message_id for m in out] and out[0].buttons == []  # its buttons are gone

        # the pending change survives a restart; an empty basis is asked again
        await h.restart(graceful=False)
        assert texts(await h.say(w.sekre, "\u200b")) == [plain(t("plan_chat.basis.empty"))]
        [confirm] = await h.say(w.sekre, BASIS)
        assert confirm.text is not None
        assert "Versi baru: 2\nBerlaku mulai: TW III\nDasar: " + BASIS in confirm.text
        assert confirm.button_labels() == [t("plan_chat.button.apply"), t("plan_chat.button.cancel")]

        mark = h.emu.marker()
        out = await h.press_label(w.sekre, t("plan_chat.button.apply"))
        assert texts(out)[-1] == plain(t("plan_chat.applied", team=TEAM, version=2, period="TW III", correction=""))
        [notice] = h.changes_since(mark, w.group.id)
        assert notice.text == (
            f"📋 Rencana TPAKD-DS diubah: versi 2, berlaku mulai TW III, dasar: {BASIS} — "
            "2 target berubah, pagu UGD-02 Rp 180 jt → Rp 200 jt"
        )
        [budi_note] = h.changes_since(mark, w.budi.id)
        [sari_note] = h.changes_since(mark, w.sari.id)
        assert budi_note.text is not None and sari_note.text is not None
        assert "Untuk kegiatan DISKOPUKM" in budi_note.text and "• Target UGD-01 TW III: 200 → 230" in budi_note.text
        assert "UGD-02" not in budi_note.text
        assert "• Target UGD-02 TW III: 60 → 70" in sari_note.text and "• Pagu UGD-02" in sari_note.text
        assert "UGD-01" not in sari_note.text
        assert h.changes_since(mark, w.dedi.id) == []

        versions = await _versions(h)
        assert [(v.number, v.basis, v.effective_from, v.correction) for v in versions] == [
            (1, "", "2022-Q1", False),
            (2, BASIS, "2022-Q3", False),
        ]
        assert versions[1].author == "Bu Sri"
        assert await _target(h, "UGD-01", "2022-Q1") == 50  # a closed period keeps its target
        assert await _target(h, "UGD-01", "2022-Q3") == 230
        assert await _target(h, "UGD-02", "2022-Q3") == 70

        # the old buttons are stale; /rencana now lists version 2 with its basis and what it changed
        old = ask.callback_data()[0]
        assert await h.do(w.sekre.id, lambda: h.emu.press_raw_callback(w.sekre, w.sekre.id, ask.message_id, old)) == []
        assert h.emu.callback_answers[-1].text == t("plan_chat.gone")
        forged = old.replace(old.split(":")[1], "0badc0de")
        await h.do(w.sekre2.id, lambda: h.emu.press_raw_callback(w.sekre2, w.sekre2.id, ask.message_id, forged))
        assert h.emu.callback_answers[-1].text == t("plan_chat.gone")
        document, listing = await h.say(w.sekre, "/rencana")
        assert document.file_name == "rencana-TPAKD-DS-v2.xlsx"
        assert listing.text is not None
        assert "v2 · 04-04-2022 · berlaku mulai TW III · oleh Bu Sri" in listing.text
        assert f"Dasar: {BASIS}\n2 target berubah, pagu UGD-02 Rp 180 jt → Rp 200 jt" in listing.text


async def test_a_change_before_its_period_is_explained_and_a_correction_allowed(db_url: str) -> None:
    async with running_bot(db_url) as h:
        w = await _world(h)
        original = await _workbook(h, w.sekre)
        q1 = _edit(original, {("targets", "C2"): 55})  # UGD-01 Q1 50 → 55
        await _send(h, w.sekre, q1, "rencana.xlsx")
        *_, why = await h.press_label(w.sekre, "Triwulan II 2022")
        assert why.text == plain(
            t(
                "plan_chat.earlier",
                period="TW II",
                items=t("plan_chat.earlier.item", activity="UGD-01", periods="TW I"),
            )
        )
        assert t("plan_chat.button.correction") in why.button_labels()
        await h.press_label(w.sekre, t("plan_chat.button.correction"))
        [confirm] = await h.say(w.sekre, "Koreksi salah ketik target TW I")
        assert confirm.text is not None and "Berlaku mulai: TW II (koreksi data)" in confirm.text
        await h.press_label(w.sekre, t("plan_chat.button.apply"))
        versions = await _versions(h)
        assert [(v.number, v.effective_from, v.correction) for v in versions] == [
            (1, "2022-Q1", False),
            (2, "2022-Q2", True),
        ]
        assert await _target(h, "UGD-01", "2022-Q1") == 55
        _document, listing = await h.say(w.sekre, "/rencana")
        assert listing.text is not None and "berlaku mulai TW II (koreksi data)" in listing.text


async def test_refusals_change_nothing(db_url: str) -> None:
    async with running_bot(db_url) as h:
        w = await _world(h)
        original = await _workbook(h, w.sekre)
        fixed = _edit(original, FIXED)

        # a focal point may not change the plan, by command or by file
        assert texts(await h.say(w.budi, "/rencana")) == [plain(t("core.not_allowed"))]
        assert texts(await _send(h, w.budi, fixed, "rencana.xlsx")) == [plain(t("plan_chat.not_allowed"))]

        # another team's plan
        other = _edit(original, {("team", "B2"): "TKPKD-LAIN"})
        assert texts(await _send(h, w.sekre, other, "lain.xlsx")) == [
            plain(t("plan_chat.other_team", team="TKPKD-LAIN", teams=TEAM))
        ]

        # a zip bomb named .xlsx, a PNG, a text file: refused by what the reader says
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
        png = b"\x89PNG\r\n\x1a\n" + bytes(64)
        for data, name in ((bomb.getvalue(), "rencana.xlsx"), (png, "foto.png"), (b"halo", "catatan.txt")):
            try:
                read_uploaded_plan(data, name)
                raise AssertionError(f"{name} was read")
            except PlanSourceError as exc:
                reason = exc.text("id")
            assert texts(await _send(h, w.sekre, data, name)) == [
                plain(t("plan_chat.unreadable", name=name, reason=reason))
            ], name

        # too big: refused from the size Telegram announces, before downloading
        assert texts(await _send(h, w.sekre, fixed, "besar.xlsx", file_size=25 * 1024 * 1024)) == [
            plain(t("plan_chat.too_big", name="besar.xlsx", size="25 MB", limit="5 MB"))
        ]

        # Batal and /batal end a pending change
        await _send(h, w.sekre, fixed, "rencana.xlsx")
        *closed, cancelled = await h.press_label(w.sekre, t("plan_chat.button.cancel"))
        assert texts([cancelled]) == [plain(t("plan_chat.cancelled"))]
        assert [m.buttons for m in closed] == [[]]  # the question's buttons are gone
        await _send(h, w.sekre, fixed, "rencana.xlsx")
        await h.press_label(w.sekre, "Triwulan III 2022")
        assert texts(await h.say(w.sekre, "/batal")) == [plain(t("plan_chat.cancelled"))]
        assert texts(await h.say(w.sekre, BASIS)) == [plain(t("core.free_text"))]
        assert texts(await h.say(w.sekre, "/batal")) == [plain(t("report.nothing_to_cancel"))]

        # the same plan again: nothing to change
        assert texts(await _send(h, w.sekre, original, "rencana.xlsx")) == [
            plain(t("plan_chat.nothing", team=TEAM, version=1))
        ]
        assert [v.number for v in await _versions(h)] == [1]
        assert await _target(h, "UGD-01", "2022-Q3") == 200


async def test_two_people_apply_at_once_and_the_second_is_refused(db_url: str) -> None:
    async with running_bot(db_url) as h:
        w = await _world(h)
        original = await _workbook(h, w.sekre)
        await _preview_to_confirm(h, w.sekre, _edit(original, FIXED))
        await _preview_to_confirm(h, w.sekre2, _edit(original, {("targets", "C4"): 250}))
        h.emu.block_bot(w.sari)  # a focal point who blocked the bot: marked unreachable, the version stays
        mark = h.emu.marker()
        out = await h.press_label(w.sekre, t("plan_chat.button.apply"))
        assert texts(out)[-1] == plain(t("plan_chat.applied", team=TEAM, version=2, period="TW III", correction=""))
        assert len(h.changes_since(mark, w.budi.id)) == 1 and len(h.changes_since(mark, w.group.id)) == 1
        reachable = await h.run(lambda s: s.exec(select(Person.reachable).where(Person.telegram_id == w.sari.id)).one())
        assert reachable is False
        mark = h.emu.marker()
        out = await h.press_label(w.sekre2, t("plan_chat.button.apply"))
        assert texts(out)[-1] == plain(t("plan_chat.changed_meanwhile", version=2))
        assert t("plan_chat.changed_meanwhile", version=2) == (
            "Rencana sudah diubah oleh orang lain sejak pratinjau ini (versi 2). Kirim ulang berkasnya."
        )
        assert h.changes_since(mark, w.group.id) == []
        assert [v.number for v in await _versions(h)] == [1, 2]
        assert await _target(h, "UGD-01", "2022-Q3") == 230


def test_long_lists_stay_within_telegram_limits() -> None:
    """A file wrong everywhere, and many versions: split over messages within 4,096 characters, none lost unsaid."""
    from datetime import UTC, datetime

    from bot.plan import views
    from domain.plan import PlanIssue
    from storage.plan_versions import VersionInfo
    from texts.markup import TEXT_LIMIT, visible_len

    issues = [
        PlanIssue(f"rencana.xlsx[targets]:{row}", "x", "planfile.missing_cell", {"column": "value" * 20})
        for row in range(2, 402)
    ]
    messages = views.mistakes_messages("rencana.xlsx", issues, "id")
    assert len(messages) > 1 and all(visible_len(m) <= TEXT_LIMIT for m in messages)
    assert messages[-1].endswith(t("plan_chat.mistakes.more", n=400 - views.MISTAKES_MAX))
    assert sum(m.count("lembar targets, baris") for m in messages) == views.MISTAKES_MAX

    at = datetime(2022, 4, 4, 2, tzinfo=UTC)
    versions = [
        (VersionInfo(n, at, "Bu Sri", "Perbup " + "x" * 900, "", "2022-Q3", n % 2 == 0, {}), None) for n in range(1, 41)
    ]
    listed = views.versions_messages(TEAM, versions, "Asia/Jakarta", "id")
    assert len(listed) > 1 and all(visible_len(m) <= TEXT_LIMIT for m in listed)
    assert sum(m.count("berlaku mulai") for m in listed) == 40
    assert all(m.startswith(t("plan_chat.versions.more")) for m in listed[1:])
