"""/kecualikan and /batalkecuali over HTTP: who may, what is stored, and the refusals."""

from __future__ import annotations

from sqlmodel import select

from storage.models import Exemption
from tests.e2e.harness import plain, running_bot, texts
from texts import t


async def test_secretariat_excuses_and_lifts(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        fp = h.user("Budi")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        await h.grant(fp, "TPAKD-DS", "focal_point", "DISKOPUKM")

        async def reasons() -> set[tuple[str, str]]:
            return {(r.period_key, r.reason) for r in await h.run(lambda s: s.exec(select(Exemption)).all())}

        from_plan = await reasons()  # the example plan excuses one bank for Q1
        [done] = await h.say(sekre, "/kecualikan DISDIK TW1 tidak ada kegiatan triwulan ini")
        assert "DISDIK" in done.text and "Triwulan I 2022" in done.text
        assert await reasons() == from_plan | {("2022-Q1", "tidak ada kegiatan triwulan ini")}

        refusals = [
            (fp, "/kecualikan DISDIK TW2 alasan", t("core.not_allowed")),
            (sekre, "/kecualikan DISDIK", t("reminders.exempt.usage")),
            (sekre, "/kecualikan DISDIK TW2", t("reminders.exempt.reason_needed")),
            (sekre, "/batalkecuali DISDIK", t("reminders.unexempt.usage")),
        ]
        for who, says, shows in refusals:
            assert texts(await h.say(who, says)) == [plain(shows)], says
        dup = await h.say(sekre, "/kecualikan DISDIK TW1 lagi")
        assert "sudah dikecualikan" in dup[0].text
        unknown = await h.say(sekre, "/kecualikan NOPE TW1 alasan")
        assert "NOPE" in unknown[0].text
        assert await reasons() == from_plan | {("2022-Q1", "tidak ada kegiatan triwulan ini")}

        listing = await h.say(sekre, "/kecualikan")
        assert "tidak ada kegiatan triwulan ini" in listing[0].text

        [lifted] = await h.say(sekre, "/batalkecuali DISDIK TW1")
        assert "DISDIK" in lifted.text
        assert await reasons() == from_plan
