"""/rapat over HTTP: the plenary's agenda in the team's group and privately, every section filled by the data, empty
sections said in one line, a wrong period, and the refusal for a focal point."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from storage.models import ActionItem, Activity, Obstacle, Organization, Person, Team
from tests.e2e.harness import Harness, plain, running_bot
from tests.worlds import Rev, WorldBuilder
from texts import t

T = datetime(2022, 3, 20, 3, 0, tzinfo=UTC)


def _fill(session: Session) -> None:
    """TW I 2022 of TPAKD-DS: UGD-01 reported far behind (20 of 50 UMKM, physical 2% of a planned 15%), an open
    obstacle that needs a decision, an action overdue since 31 March, a closed obstacle and a done action that must
    not show."""
    team = session.exec(select(Team).where(Team.code == "TPAKD-DS")).one()
    act = session.exec(select(Activity).where(Activity.code == "UGD-01")).one()
    org = session.exec(select(Organization).where(Organization.code == "DISKOPUKM")).one()
    assert team.id and act.id and org.id
    w = WorldBuilder(session, T)
    reporter = w.person(8_800_001, "Budi Santoso", team.id, "focal_point", org.id)
    w.report(act.id, "2022-Q1", Rev(20, at=T, by=reporter, budget=10_000_000, physical=2))
    for needs, resolved in ((True, None), (False, None), (True, date(2022, 3, 30))):
        session.add(
            Obstacle(
                team_id=team.id,
                activity_id=act.id,
                category="pengadaan",
                description="Vendor marketplace belum ditetapkan" if resolved is None and needs else "Lainnya",
                needs_decision=needs,
                opened_period_key="2022-Q1",
                opened_at=datetime(2022, 3, 1, 3, tzinfo=UTC),
                updated_at=T,
                resolved_on=resolved,
            )
        )
    for status, due in (("open", date(2022, 3, 31)), ("done", date(2022, 3, 15)), ("open", date(2022, 5, 1))):
        session.add(
            ActionItem(
                team_id=team.id,
                activity_id=act.id,
                topic=f"Pengadaan vendor ({status} {due:%d/%m})",
                decision="Tetapkan vendor lewat e-katalog",
                organization_id=org.id,
                due_date=due,
                status=status,
                created_at=T,
            )
        )
    session.flush()


async def _group(h: Harness, who: Any) -> Any:
    group = h.group("TPAKD Deli Serdang")
    await h.do(group.id, lambda: h.emu.add_bot_to_group(who, group))
    await h.say(who, "/hubungkan TPAKD-DS", chat=group)
    return group


async def test_rapat_in_the_group_fills_every_section(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        group = await _group(h, sekre)
        await h.run(_fill)

        answered = await h.say(sekre, "/rapat TW1", chat=group)
        assert answered and all(m.chat_id == group.id for m in answered)
        assert all(len(m.text or "") <= 4096 for m in answered)
        text = "\n".join(plain(m.text or "") for m in answered)
        assert "Agenda rapat pleno" in text and "Triwulan I 2022" in text and "4 April 2022" in text
        # 1. missing: DISKOPUKM reported, the others did not
        assert "Dinas Komunikasi dan Informatika (DISKOMINFO)" in text
        assert "Dinas Koperasi dan UKM (DISKOPUKM): 1 dari 2 laporan belum masuk" in text
        # 2. the lowest: UGD-01 at 40% (20 of 50)
        assert "UGD-01 Onboarding UMKM ke marketplace (DISKOPUKM): 40% (Sangat Rendah)" in text
        # 3. critical deviation: physical 2% against 15%
        assert "UGD-01 Onboarding UMKM ke marketplace (DISKOPUKM): fisik 2% dari rencana 15% (deviasi -13 poin)" in text
        # 4. the open obstacle that needs a decision (not the other open one, nor the resolved one)
        section4 = text.split(plain(t("agenda.decisions.head", n=1)))[1].split("5. ")[0]
        assert "UGD-01 (DISKOPUKM) · Pengadaan: Vendor marketplace belum ditetapkan (sejak TW I, 34 hari)" in section4
        assert "Lainnya" not in section4
        # 5. overdue: due 31 March, 4 days late; the done one and the one due in May are not
        assert (
            "Pengadaan vendor (open 31/03): Tetapkan vendor lewat e-katalog (DISKOPUKM, tenggat 31 Maret 2022" in text
        )
        assert "lewat 4 hari" in text and "(done" not in text and "open 01/05" not in text
        # 6. early warning: 20 × 4 = 80 of 300 → 26,67% → ±27%; (300 − 20) ÷ 3 = 93,3 → 94 UMKM a quarter
        assert "Dengan laju ini UGD-01 berakhir ±27% (Sangat Rendah); perlu +94 UMKM per triwulan" in text
        # Rp10 juta of 250 spent in 1 of 4 quarters → 40 juta, 16%; physical 2% → 8%
        assert "untuk mencapai target. Di akhir tahun: anggaran terserap ±16%, fisik ±8%." in text


async def test_rapat_privately_empty_sections_and_a_wrong_period(db_url: str) -> None:
    async with running_bot(db_url) as h:
        chair = h.user("Pak Sekda")
        await h.grant(chair, "TPAKD-DS", "chair")
        answered = await h.say(chair, "/rapat")
        assert answered and all(m.chat_id == chair.id for m in answered)
        text = "\n".join(plain(m.text or "") for m in answered)
        assert "Triwulan I 2022" in text
        for key in ("lowest", "deviation", "decisions", "overdue", "risk"):
            assert plain(t(f"agenda.{key}.none")) in text, key
        assert plain(t("agenda.missing.none")) not in text  # nobody reported TW I

        [bad] = await h.say(chair, "/rapat TW9")
        assert "Triwulan IV 2022" in (bad.text or "")

        english = h.user("Chair EN", language_code="en")
        await h.grant(english, "TPAKD-DS", "chair")

        def _english(session: Session) -> None:
            person = session.exec(select(Person).where(Person.telegram_id == english.id)).one()
            person.language = "en"
            session.add(person)

        await h.run(_english)
        answered = await h.say(english, "/rapat TW1")
        assert "Plenary agenda" in (answered[0].text or "")


async def test_rapat_is_refused_to_a_focal_point(db_url: str) -> None:
    async with running_bot(db_url) as h:
        fp = h.user("Budi")
        await h.grant(fp, "TPAKD-DS", "focal_point", "DISKOPUKM")
        [refused] = await h.say(fp, "/rapat")
        assert "Agenda" not in (refused.text or "")
        assert plain(refused.text or "") == plain(t("core.not_allowed"))
