"""A plan version over HTTP, on the Deli Serdang plan: after a version from Triwulan III that lowers UGD-02's Q3
target (60 → 40) and stops UGD-03 from Q3, /rekap TW3 shows both targets and the stop, /rekap TW1's achievement
is what it was before the version, and /ekspor's workbook has the "Target murni" column and the "Versi rencana"
sheet. SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from typing import Any

from openpyxl import load_workbook
from sqlmodel import Session, select

from storage.models import Activity
from storage.plan import get_team, read_plan
from storage.plan_versions import apply_change, ensure_first_version, prepare_change
from tests.e2e.harness import Harness, plain, running_bot
from tests.worlds import Rev, WorldBuilder
from texts import t

BASIS = "Perbup No. 12 Tahun 2022 tentang Perubahan DPA"
JULY_5 = datetime(2022, 7, 5, 2, 0, tzinfo=UTC)


def _q1_reports(session: Session, now: datetime) -> None:
    """UGD-01 60 of 50 (cumulative), UGD-02 30 of 40: reports of Triwulan I."""
    team = get_team(session, "TPAKD-DS")
    assert team is not None and team.id is not None
    w = WorldBuilder(session, now)
    sri = w.person(4242, "Sri", team.id, "secretariat")
    ids = {a.code: a.id or 0 for a in session.exec(select(Activity)).all()}
    w.report(ids["UGD-01"], "2022-Q1", Rev(60, at=now, by=sri))
    w.report(ids["UGD-02"], "2022-Q1", Rev(30, at=now, by=sri))


def _version_from_q3(session: Session, now: datetime) -> None:
    """Version 1 for the seeded plan; version 2 from Q3: UGD-02's Q3 target 60 → 40, UGD-03 stopped from Q3."""
    team = get_team(session, "TPAKD-DS")
    assert team is not None
    ensure_first_version(session, team, now)
    plan = read_plan(session, "TPAKD-DS")

    def change(activity: Any) -> Any:
        if activity.code == "UGD-02":
            targets = tuple(
                dataclasses.replace(x, value=40.0) if x.period == "2022-Q3" else x for x in activity.targets
            )
            return dataclasses.replace(activity, targets=targets)
        if activity.code == "UGD-03":
            return dataclasses.replace(activity, stopped_from="2022-Q3")
        return activity

    programs = tuple(dataclasses.replace(p, activities=tuple(change(a) for a in p.activities)) for p in plan.programs)
    prepared = prepare_change(session, dataclasses.replace(plan, programs=programs), effective_from="2022-Q3")
    apply_change(session, prepared, now=now, basis=BASIS, reason="APBD Perubahan", author="Bu Sri")


async def _rekap(h: Harness, who: Any, period: str) -> str:
    return "\n".join(plain(m.text or "") for m in await h.say(who, f"/rekap {period}"))


async def test_rekap_and_export_show_the_plan_murni_beside_the_plan_in_force(db_url: str) -> None:
    async with running_bot(db_url, start=JULY_5) as h:
        chair = h.user("Pak Sekda")
        sekre = h.user("Bu Sri")
        await h.grant(chair, "TPAKD-DS", "chair")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        await h.run(_q1_reports, h.clock())

        q1_before = await _rekap(h, chair, "TW1")
        assert plain(t("progress.rekap_changed")) not in q1_before
        await h.run(_version_from_q3, h.clock())

        q3 = await _rekap(h, chair, "TW3")
        assert plain(t("progress.rekap_changed")) in q3
        assert "UGD-02 UMKM peserta pelatihan pemasaran digital: target 40 UMKM (murni 60 UMKM)" in q3
        assert "UGD-03 Pedagang pasar yang menerima pembayaran QRIS: dihentikan mulai TW III (murni 650 pedagang)" in q3
        # Triwulan I is measured against the targets that applied to it: the same recap as before the version
        assert await _rekap(h, chair, "TW1") == q1_before

        _preparing, export = await h.say(sekre, "/ekspor")
        assert export.document is not None
        book = load_workbook(io.BytesIO(export.document))
        assert book.sheetnames[-1] == "Versi rencana"
        versions = list(book["Versi rencana"].iter_rows(values_only=True))
        assert [row[0] for row in versions[1:]] == [1, 2]
        two = versions[2]
        assert (two[2], two[3], two[4], two[5], two[6]) == (
            "Triwulan III 2022",
            "Tidak",
            BASIS,
            "APBD Perubahan",
            "Bu Sri",
        )
        assert "1 target berubah" in two[7] and "dihentikan" in two[7]
        sheet = book["Triwulan III 2022"]
        header = [c.value for c in sheet[1]]
        activity, target, murni = header.index("Kegiatan"), header.index("Target"), header.index("Target murni")
        rows = {r[activity]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[activity]}
        ugd02 = rows["Pelatihan pemasaran digital bagi pelaku UMKM"]
        assert (ugd02[target], ugd02[murni]) == (40, 60)
        ugd03 = rows["Perluasan pembayaran QRIS di pasar tradisional"]
        assert ugd03[target] is None and ugd03[murni] == 650
        assert ugd03[header.index("Status")] == "dihentikan mulai TW III"
