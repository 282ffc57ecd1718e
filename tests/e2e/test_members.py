"""/anggota and /undangan over HTTP: who is connected (a connected, a never-started, a blocked focal point, and the
organizations without one), an invitation made from its button and used, and the printable invitations' PDF whose
every QR code opens a registration."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from storage import people
from storage.models import Activity, InviteToken, Program, Report, ReportRevision
from tests.e2e.harness import Harness, plain, running_bot, texts
from texts import t

TEAM = "TPAKD-DS"
DS_ORGS = 10  # the example plan's organizations


def _token(text: str) -> str:
    match = re.search(r"start=([A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


async def _invite_and_start(h: Harness, admin: Any, user: Any, org: str) -> None:
    [link] = await h.say(admin, f"/undang focal_point {org}")
    [welcome] = await h.say(user, f"/start {_token(link.text)}")
    assert welcome.text.startswith("Selamat datang")


async def _report_by(h: Harness, telegram_id: int, org: str) -> None:
    """A report of one of ``org``'s activities, sent by the person now (as Kirim would store it)."""

    def write(session: Any) -> None:
        person = people.get_person(session, telegram_id)
        organization = people.org_by_code(session, org)
        assert person is not None and organization is not None
        activity = session.exec(
            select(Activity)
            .join(Program, col(Program.id) == Activity.program_id)
            .where(Activity.organization_id == organization.id)
        ).first()
        report = Report(activity_id=activity.id, period_key="2022-Q1", first_submitted_at=h.clock())
        session.add(report)
        session.flush()
        revision = ReportRevision(
            report_id=report.id,
            number=1,
            draft_id="members-e2e",
            value=1.0,
            reporter_id=person.id,
            submitted_at=h.clock(),
        )
        session.add(revision)
        session.flush()
        report.current_revision_id = revision.id
        report.revision_count = 1
        session.add(report)

    await h.run(write)


async def test_anggota_connected_unreachable_missing_and_an_invitation_from_its_button(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre, budi, siti, andi, newcomer = (h.user(n) for n in ("Rina", "Budi", "Siti", "Andi", "Wati"))
        await h.grant(sekre, TEAM, "secretariat")
        await _invite_and_start(h, sekre, budi, "DISKOPUKM")  # connected, and reports
        await _report_by(h, budi.id, "DISKOPUKM")
        await h.grant(siti, TEAM, "focal_point", "DISKOMINFO")  # registered, never opened the bot
        await _invite_and_start(h, sekre, andi, "DISPERINDAG")  # then blocks the bot
        await h.do(andi.id, lambda: h.emu.block_bot(andi))
        assert not (await h.run(people.get_person, andi.id)).reachable

        listing, missing = await h.say(sekre, "/anggota")
        assert "10 OPD: 1 terhubung, 2 belum bisa dihubungi, 7 tanpa focal point." in listing.text
        assert "Budi — ✅ bisa dihubungi · laporan terakhir 04/04/2022" in listing.text
        assert "Siti — ⚠️ belum membuka bot · belum pernah melapor" in listing.text
        assert "Andi — ⛔ memblokir bot · belum pernah melapor" in listing.text
        assert listing.buttons == []
        assert missing.text.startswith(plain(t("members.missing.head", n=7)))
        assert "BPR-DS · BPR mitra TPAKD Deli Serdang" in missing.text
        assert "DISKOPUKM" not in missing.text
        labels = missing.button_labels()
        assert labels == [
            f"➕ {c}" for c in ("BAG-EKON", "BANKSUMUT-LP", "BPR-DS", "BRI-LP", "DISDIK", "DPMD", "OJK-KR5")
        ]
        assert all(len(d.encode()) <= 64 and d.startswith("mb:i:") for d in missing.callback_data())

        [link] = await h.press_label(sekre, "➕ BPR-DS")
        assert link.text.startswith("Tautan undangan untuk Focal point BPR-DS di Tim Percepatan")
        token = _token(link.text)
        [welcome] = await h.say(newcomer, f"/start {token}")
        assert welcome.text.startswith("Selamat datang, Wati!")
        assert ("focal_point", "BPR-DS") in [
            (g.role, g.organization_code) for g in await h.run(people.grants_of, newcomer.id)
        ]
        listing, missing = await h.say(sekre, "/anggota")
        assert "10 OPD: 2 terhubung, 2 belum bisa dihubungi, 6 tanpa focal point." in listing.text
        assert "➕ BPR-DS" not in missing.button_labels()

        # the chair sees the list without the buttons (a chair invites nobody); a focal point is refused
        chair = h.user("Ketua")
        await h.grant(chair, TEAM, "chair")
        _listing, missing = await h.say(chair, "/anggota")
        assert missing.buttons == [] and plain(t("members.missing.ask")) in missing.text
        assert texts(await h.say(budi, "/anggota")) == [plain(t("core.not_allowed"))]
        # in a group: pointed to the private chat, nothing listed there
        group = h.emu.group(title="Grup TPAKD", bot_member=True)
        out = await h.say(sekre, "/anggota", chat=group)
        assert texts(out) == [plain(t("core.private.only", command="/anggota"))]


async def test_a_long_list_is_split_within_telegrams_limit(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Rina")
        await h.grant(sekre, TEAM, "secretariat")
        for n in range(60):  # six focal points for each organization, with long names
            await h.grant(
                h.user(f"Focal point dengan nama yang cukup panjang nomor {n:02d} 🙂"),
                TEAM,
                "focal_point",
                [
                    "DISKOPUKM",
                    "DISDIK",
                    "DPMD",
                    "BRI-LP",
                    "BPR-DS",
                    "OJK-KR5",
                    "BAG-EKON",
                    "DISPERINDAG",
                    "DISKOMINFO",
                    "BANKSUMUT-LP",
                ][n % 10],
            )
        out = await h.say(sekre, "/anggota")
        assert len(out) >= 2
        from texts.markup import utf16_len

        assert all(utf16_len(m.text or "") <= 4096 for m in out)
        assert sum((m.text or "").count("nomor") for m in out) == 60
        assert plain(t("members.missing.none")) in out[-1].text


async def test_undangan_sends_a_pdf_whose_links_register(db_url: str) -> None:
    import zxingcpp
    from pypdf import PdfReader

    async with running_bot(db_url) as h:
        sekre = h.user("Rina")
        await h.grant(sekre, TEAM, "secretariat")
        await h.grant(h.user("Budi"), TEAM, "focal_point", "DISKOPUKM")
        [sheet] = await h.say(sekre, "/undangan")
        assert sheet.document is not None and sheet.file_name == "undangan-TPAKD-DS.pdf"
        assert sheet.caption is not None and "9 OPD" in sheet.caption
        reader = PdfReader(io.BytesIO(sheet.document))
        assert len(reader.pages) == 3  # nine cards, four to a page
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert text.count("Undangan Pantau") == 9
        assert "DISKOPUKM" not in text and "BPR mitra TPAKD Deli Serdang" in text
        assert "Pasang aplikasi Telegram" in text and "Tekan Mulai" in text
        links = []
        for page in reader.pages:
            for image in page.images:
                [code] = zxingcpp.read_barcodes(image.image)
                links.append(code.text)
        assert len(links) == 9 and len(set(links)) == 9
        assert all(link.startswith("https://t.me/pantau_test_bot?start=") for link in links)
        assert all(link in text.replace("\n", "") for link in links)
        # nine invitations were made, only their hashes stored; each link registers one person once
        rows = await h.run(lambda s: s.exec(select(InviteToken)).all())
        assert {r.token_hash for r in rows} == {people.hash_token(_token(x)) for x in links}
        assert all(r.expires_at - r.created_at == timedelta(days=7) for r in rows)
        for n, link in enumerate(links[:2]):
            person = h.user(f"Baru {n}")
            [welcome] = await h.say(person, f"/start {_token(link)}")
            assert welcome.text.startswith(f"Selamat datang, Baru {n}!")
        assert texts(await h.say(h.user("Telat"), f"/start {_token(links[0])}")) == [plain(t("core.invite.used"))]

        # named organizations, any case; an unknown code is refused and nothing is made
        [named] = await h.say(sekre, "/undangan diskopukm BPR-DS")
        assert named.document is not None
        assert PdfReader(io.BytesIO(named.document)).pages[0].extract_text().count("Undangan Pantau") == 2
        before = len(await h.run(lambda s: s.exec(select(InviteToken)).all()))
        [refused] = await h.say(sekre, "/undangan NOPE")
        assert refused.text.startswith("Bukan OPD tim TPAKD-DS: NOPE.")
        assert len(await h.run(lambda s: s.exec(select(InviteToken)).all())) == before
