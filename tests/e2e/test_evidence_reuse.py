"""Evidence checks over the emulator, on both engines: the same photo sent for two reports is flagged for the
secretariat in /verifikasi (the other report's activity code and period), a revision of one report carrying its
own photo over is not, and a photo also in another team's report is flagged without naming that report.

The emulator gives every upload fresh file ids, even of identical bytes (as Telegram does for a photo uploaded
again, which it recompresses); what keeps a ``file_unique_id`` is sending the same file again, by forwarding it or
from the gallery's recently sent files. ``_resend`` does that: a message with the first one's photo sizes.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.report.draft import Step
from emulator.state import SentMessage, User
from storage.models import Evidence, Report
from tests.report.kit import PHOTO_BYTES, Kit, p, report_bot
from tests.worlds import Rev, WorldBuilder, each_period
from texts import t


async def _send_photo(kit: Kit, user: User) -> dict[str, Any]:
    sent: list[dict[str, Any]] = []
    await kit.h.do(user.id, lambda: sent.append(kit.h.emu.send_photo(user, PHOTO_BYTES)))
    return sent[0]


async def _resend(kit: Kit, user: User, message: dict[str, Any]) -> None:
    """The same photo sent again (forwarded, or picked from the recently sent): the same file, the same ids."""
    content = {"photo": copy.deepcopy(message["photo"])}
    await kit.h.do(user.id, lambda: kit.h.emu._user_message(user, None, content))


async def _report(
    kit: Kit, user: User, activity: str, value: str, photo: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A report of ``activity`` for Triwulan I with one photo (``photo``: the same as an earlier message's);
    returns the photo's message."""
    await kit.walk(user, Step.EVIDENCE, activity=activity, value=value)
    if photo is None:
        photo = await _send_photo(kit, user)
    else:
        await _resend(kit, user, photo)
    await kit.press(user, t("report.button.done"))
    await kit.location(user)
    [*_, sent] = await kit.press(user, "Kirim")
    assert sent.text.startswith("✅ Laporan terkirim"), sent.text
    return photo


async def _revise(kit: Kit, user: User, label: str, value: str) -> None:
    """A new revision through /riwayat, changing the value only: the evidence is carried over."""
    await kit.say(user, "/riwayat")
    await kit.press(user, label)
    await kit.press(user, "Ubah")
    await kit.press(user, "Realisasi")
    await kit.say(user, value)
    [*_, sent] = await kit.press(user, "Kirim")
    assert sent.text.startswith("✅ Laporan terkirim (revisi 2)"), sent.text


def _items(messages: list[SentMessage]) -> dict[str, str]:
    """The /verifikasi items by activity code (from their name)."""
    names = {
        "K1": "Onboarding UMKM ke marketplace",
        "K2": "Pelatihan pemasaran digital",
        "K3": "Sertifikasi halal <UMKM>",
        "K4": "Rekening pelajar",
    }
    return {code: next(m.text or "" for m in messages if name in (m.text or "")) for code, name in names.items()}


async def test_a_reused_photo_is_flagged_for_the_secretariat(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, andi, rina = kit.budi, kit.andi, kit.rina
        # Budi sends the same photo for K1 and K2 (two activities), then revises K1 (the photo carried over)
        first = await _report(kit, budi, "⏳ K1", "80")
        kit.h.clock.advance(minutes=5)
        await _report(kit, budi, "⏳ K2", "8", photo=first)
        # Andi sends a photo of his own for K4 and revises it: the same file in two revisions of one report
        kit.h.clock.advance(minutes=5)
        await _report(kit, andi, "⏳ K4", "45")
        kit.h.clock.advance(minutes=5)
        await _revise(kit, andi, "Revisi 1", "55")
        # Budi's K3 photo is also in a report of another team (TIM-LAIN's X9), which Rina may not see
        kit.h.clock.advance(minutes=5)
        await _report(kit, budi, "⏳ K3", "4")
        kit.h.clock.advance(minutes=5)
        await _revise(kit, budi, "Revisi 3", "92")  # /riwayat lists the newest first: K3, K2, K1
        await kit.h.run(_another_teams_report_with_the_photo_of, kit.plan.act_other)

        photos = [e for e in await kit.evidence() if e.kind == "photo"]
        assert len(photos) == 7 and len({e.file_unique_id for e in photos}) == 3  # K1, K2, K3×2 · K4×2 · X9

        head, *items = await kit.say(rina, "/verifikasi")
        assert head.text == p("report.verify.head", total=4, more="")
        by_code = _items(items)
        assert p("evidence.reused", kind="foto", where="K1 TW I") in by_code["K2"]
        assert p("evidence.reused", kind="foto", where="K2 TW I") not in by_code["K2"]
        assert p("evidence.reused", kind="foto", where="K2 TW I") not in by_code["K3"]
        assert p("evidence.reused_other_team", kind="foto") in by_code["K3"]
        assert "X9" not in by_code["K3"] and "TIM-LAIN" not in by_code["K3"]  # the other team's report unnamed
        assert p("evidence.reused", kind="foto", where="K2 TW I") in by_code["K1"]  # its revision 2 too
        assert "⚠️" not in by_code["K4"]  # its own revisions only: a correction, not a reuse
        # nothing is refused: the flagged report is verified as any other
        k2 = next(m for m in items if "Pelatihan pemasaran digital" in (m.text or ""))
        [*_, closed] = await kit.h.press(rina, k2, text=t("report.button.verify"))
        assert closed.text is not None and closed.text.endswith(p("report.verify.done_verified", by="Rina"))
        assert p("evidence.reused", kind="foto", where="K1 TW I") in closed.text
        statuses = {r.activity_id: r.status for r in await kit.reports()}
        assert statuses[kit.plan.act_cum] == "verified"


def _another_teams_report_with_the_photo_of(session: Any, activity_id: int) -> None:
    """Team TIM-LAIN with activity X9 reported with the photo of ``activity_id``'s current report."""
    from sqlmodel import select

    report = session.exec(select(Report).where(Report.activity_id == activity_id)).one()
    photo = session.exec(select(Evidence).where(Evidence.revision_id == report.current_revision_id)).first()
    w = WorldBuilder(session, report.first_submitted_at)
    team = w.team("TIM-LAIN", "Tim Lain")
    org = w.org(team, "OPD-LAIN", "Dinas Lain")
    program = w.program(team, "PL", "Program Lain")
    activity = w.activity(program, org, "X9", "Kegiatan lain", targets=each_period(5))
    person = w.person(9001, "Orang Lain", team, "focal_point", org)
    other = w.report(activity, "2026-Q1", Rev(3, report.first_submitted_at, person))
    other_report = session.get(Report, other)
    session.add(
        Evidence(
            revision_id=other_report.current_revision_id,
            kind="photo",
            file_id="another-bots-file-id",
            file_unique_id=photo.file_unique_id,
        )
    )
