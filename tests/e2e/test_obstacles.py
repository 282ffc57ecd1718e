"""Obstacles followed across periods (issue 16 item 1), over the emulator on both engines: a red activity's report
must name its obstacle (no Lewati, a kind explanation), with its category and "perlu keputusan pimpinan"; the next
period's report carries it forward and resolves it, or keeps it; /kendala lists the open ones; forged buttons naming
another team's obstacle are refused; a double Kirim opens one obstacle."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from storage.models import Obstacle
from tests.e2e.harness import plain, texts
from tests.report.kit import Kit, p, report_bot
from tests.worlds import WorldBuilder
from texts import t

SENT = "✅ Laporan terkirim"


async def _to_obstacles(kit: Kit, user: object, activity: str, period: str, value: str, physical: str) -> list:
    """/lapor up to the answer of the physical progress (budget skipped)."""
    await kit.say(user, "/lapor")  # type: ignore[arg-type]
    await kit.press(user, activity)  # type: ignore[arg-type]
    await kit.press(user, period)  # type: ignore[arg-type]
    await kit.say(user, value)  # type: ignore[arg-type]
    await kit.press(user, t("report.button.skip"))  # type: ignore[arg-type]
    return await kit.say(user, physical)  # type: ignore[arg-type]


async def _finish(kit: Kit, user: object) -> list:
    """Follow-up skipped, no evidence, no location, Kirim."""
    await kit.press(user, t("report.button.skip"))  # type: ignore[arg-type]
    await kit.press(user, t("report.button.done"))  # type: ignore[arg-type]
    await kit.say(user, t("report.button.skip"))  # type: ignore[arg-type]
    return await kit.press(user, t("report.button.send"))  # type: ignore[arg-type]


async def _obstacles(kit: Kit) -> list[Obstacle]:
    return sorted(await kit.rows(Obstacle), key=lambda o: o.id or 0)


async def test_a_red_report_must_name_its_obstacle_and_the_next_period_resolves_it(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        # K1: target 100 in TW I; 20 is 20%, Sangat Rendah: the obstacle is required
        [asked] = await _to_obstacles(kit, budi, "⏳ K1", "▶ Triwulan I 2026", "20", "30")
        explanation = p("obstacles.required.lowest_rating", rating="Sangat Rendah")
        assert explanation == ("Capaian kegiatan ini Sangat Rendah; mohon jelaskan kendalanya agar tim dapat membantu.")
        assert asked.text == explanation + "\n\n" + p("obstacles.ask.required")
        assert asked.buttons == []  # no Lewati
        # "Lewati" typed is refused: the same explanation and question again
        assert texts(await kit.say(budi, t("report.button.skip"))) == [asked.text]
        [category] = await kit.say(budi, "Dana belum cair dari BPKAD")
        assert category.text == p("obstacles.ask.category")
        assert category.button_labels() == [
            "Regulasi",
            "Anggaran/pencairan",
            "Pengadaan",
            "SDM",
            "Data",
            "Mitra/lembaga keuangan",
            "Cuaca/alam",
            "Lainnya",
        ]
        assert texts(await kit.press(budi, "Anggaran/pencairan")) == [p("obstacles.ask.decision")]
        assert texts(await kit.press(budi, t("obstacles.button.yes"))) == [p("report.follow_up.ask")]
        await kit.press(budi, t("report.button.skip"))
        await kit.press(budi, t("report.button.done"))
        _removed, summary = await kit.say(budi, t("report.button.skip"))
        assert "Kendala: Dana belum cair dari BPKAD [Anggaran/pencairan] · perlu keputusan pimpinan" in summary.text
        # two taps on Kirim before the bot answers either, then a third after a restart: one obstacle
        sent = await kit.h.act(budi.id, lambda: [kit.h.emu.press_button(budi, summary, text="Kirim") for _ in range(2)])
        assert sum(m.text.startswith(SENT) for m in sent) == 1
        await kit.h.restart(graceful=False)
        send = summary.callback_data()[0]
        await kit.h.do(budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, summary.message_id, send))
        [obstacle] = await _obstacles(kit)
        assert (obstacle.category, obstacle.needs_decision, obstacle.opened_period_key) == ("anggaran", True, "2026-Q1")
        assert obstacle.description == "Dana belum cair dari BPKAD" and obstacle.resolved_on is None
        [first] = await kit.revisions()
        assert obstacle.opened_revision_id == first.id

        # TW II of the same activity: the obstacle is shown first, "masih terjadi?"
        [carried] = await _to_obstacles(kit, budi, "✅ K1", "Triwulan II 2026", "90", "50")
        assert carried.text == plain(
            t(
                "obstacles.open.ask",
                period="Triwulan I 2026",
                text="Dana belum cair dari BPKAD",
                category="Anggaran/pencairan",
                decision=t("obstacles.summary.decision"),
            )
        )
        assert carried.text.startswith("Kendala sebelumnya (sejak Triwulan I 2026): Dana belum cair dari BPKAD")
        assert carried.button_labels() == ["Ya, masih", "Sudah teratasi"]
        # a forged "Sudah teratasi" naming another team's obstacle is refused, and changes nothing
        other = await kit.h.run(_other_team_obstacle)
        short = carried.callback_data()[0].split(":")[1]
        forged = f"r:{short}:obstacle_open:solved:{other}"
        refused = await kit.h.do(
            budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, carried.message_id, forged)
        )
        assert not any(m.text == p("obstacles.solved.note") for m in refused)
        assert (await kit.h.run(lambda s: s.get(Obstacle, other))).resolved_on is None
        # resolved: a new obstacle may still be given (90% is not red: Lewati is offered)
        solved, ask_new = await kit.press(budi, "Sudah teratasi")
        assert solved.text == p("obstacles.solved.note") and ask_new.text == p("report.obstacles.ask")
        assert ask_new.button_labels() == [t("report.button.skip")]
        await kit.press(budi, t("report.button.skip"))
        sent = await _finish(kit, budi)
        assert any(m.text.startswith(SENT) for m in sent)
        obstacle, _other = await _obstacles(kit)
        second = max(await kit.revisions(), key=lambda r: r.id or 0)
        assert obstacle.resolved_on == date(2026, 4, 6) and obstacle.resolved_revision_id == second.id
        assert len(await _obstacles(kit)) == 2  # no new one


async def test_an_obstacle_still_there_is_kept_and_may_be_updated(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        # K1 in TW I: 80% (Tinggi) but physical 10% against a plan of 25%: a critical deviation requires it
        [asked] = await _to_obstacles(kit, budi, "⏳ K1", "▶ Triwulan I 2026", "80", "10")
        assert asked.text.startswith(p("obstacles.required.critical_deviation", actual="10%", planned="25%"))
        await kit.say(budi, "Vendor terlambat")
        await kit.press(budi, "Pengadaan")
        await kit.press(budi, t("obstacles.button.no"))
        await _finish(kit, budi)
        # TW II: "Ya, masih", then "Tidak berubah"
        await _to_obstacles(kit, budi, "✅ K1", "Triwulan II 2026", "90", "50")
        [still] = await kit.press(budi, "Ya, masih")
        assert still.text == p("obstacles.still.ask") and still.button_labels() == ["Tidak berubah"]
        assert texts(await kit.press(budi, "Tidak berubah")) == [p("report.follow_up.ask")]
        await kit.press(budi, t("report.button.skip"))
        await kit.press(budi, t("report.button.done"))
        _removed, summary = await kit.say(budi, t("report.button.skip"))
        assert "Kendala: Vendor terlambat [Pengadaan] (masih terjadi)" in summary.text
        await kit.press(budi, t("report.button.send"))
        [obstacle] = await _obstacles(kit)
        latest = max(await kit.revisions(), key=lambda r: r.id or 0)
        assert obstacle.resolved_on is None and obstacle.updated_revision_id == latest.id
        assert (obstacle.description, obstacle.category, obstacle.opened_period_key) == (
            "Vendor terlambat",
            "pengadaan",
            "2026-Q1",
        )
        # a revision of TW II shows it pre-filled; Ubah → Kendala sebelumnya → "Ya, masih" and a new text
        [history] = await kit.say(budi, "/riwayat")
        revise = next(d for d in history.callback_data() if d.startswith("rv:"))
        [summary] = await kit.h.press(budi, history, data=revise)
        assert "Kendala: Vendor terlambat [Pengadaan] (masih terjadi)" in summary.text
        await kit.press(budi, t("report.button.change"))
        await kit.press(budi, t("report.field.obstacle_open"))
        await kit.press(budi, "Ya, masih")
        assert texts(await kit.say(budi, "Vendor baru ditunjuk, kontrak diulang")) == [p("obstacles.ask.category")]
        await kit.press(budi, "Pengadaan")
        [summary] = await kit.press(budi, t("obstacles.button.yes"))
        assert "Vendor baru ditunjuk, kontrak diulang [Pengadaan] · perlu keputusan pimpinan" in summary.text
        await kit.press(budi, t("report.button.send"))
        [obstacle] = await _obstacles(kit)
        assert (obstacle.description, obstacle.needs_decision, obstacle.resolved_on) == (
            "Vendor baru ditunjuk, kontrak diulang",
            True,
            None,
        )


def _other_team_obstacle(session: Session) -> int:
    w = WorldBuilder(session, datetime(2026, 4, 1, tzinfo=UTC))
    team = w.team("TPAKD-LAIN", "TPAKD Lain")
    org = w.org(team, "DISLAIN", "Dinas Lain")
    program = w.program(team, "PX", "Program Lain")
    activity = w.activity(program, org, "KX", "Kegiatan lain", unit="unit", targets={"2026-Q1": 10.0})
    return _obstacle(session, team, activity, "lainnya", "Kendala tim lain", False, 3)


def _obstacle(session: Session, team: int, activity: int, category: str, text: str, decision: bool, days: int) -> int:
    at = datetime(2026, 4, 6, 3, 0, tzinfo=UTC) - timedelta(days=days)
    row = Obstacle(
        team_id=team,
        activity_id=activity,
        category=category,
        description=text,
        needs_decision=decision,
        opened_period_key="2026-Q1",
        opened_at=at,
        updated_at=at,
    )
    session.add(row)
    session.commit()
    return row.id or 0


async def test_kendala_lists_those_needing_a_decision_first_then_the_oldest(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        plan = kit.plan

        def seed(session: Session) -> None:
            _obstacle(session, plan.team_id, plan.act_pp, "sdm", "Operator belum dilatih", False, 30)
            _obstacle(session, plan.team_id, plan.act_other, "regulasi", "Perbup belum terbit", True, 5)
            _obstacle(session, plan.team_id, plan.act_disdik, "data", "Data siswa belum valid", False, 10)
            resolved = _obstacle(session, plan.team_id, plan.act_cum, "cuaca", "Banjir", True, 40)
            row = session.get(Obstacle, resolved)
            assert row is not None
            row.resolved_on = date(2026, 4, 1)
            session.add(row)
            _other_team_obstacle(session)
            session.commit()

        await kit.h.run(seed)
        [listing] = await kit.say(kit.rina, "/kendala")
        lines = listing.text.split("\n")
        assert lines[0] == "Kendala terbuka — TPAKD Deli Serdang (3)"
        order = re.findall(r"\b(K\d) · ", listing.text)
        assert order == ["K3", "K1", "K4"]
        assert "⚠️ perlu keputusan · K3 · DISKOP · Regulasi\nPerbup belum terbit\nsejak Triwulan I 2026, 5 hari" in (
            listing.text
        )
        assert "K1 · DISKOP · SDM\nOperator belum dilatih\nsejak Triwulan I 2026, 30 hari" in listing.text
        assert "Banjir" not in listing.text and "Kendala tim lain" not in listing.text
        # by organization, by program, and a code that is neither
        [disdik] = await kit.say(kit.rina, "/kendala DISDIK")
        assert disdik.text.startswith("Kendala terbuka — TPAKD Deli Serdang · DISDIK (1)")
        assert "Data siswa belum valid" in disdik.text and "Perbup" not in disdik.text
        [p1] = await kit.say(kit.rina, "/kendala p1")
        assert "Operator belum dilatih" in p1.text and "Perbup" not in p1.text and "(1)" in p1.text
        assert texts(await kit.say(kit.rina, "/kendala XYZ")) == [p("obstacles.list.unknown_filter", code="XYZ")]
        # in the team's group, a focal point may list them too
        group = await kit.link_group()
        [in_group] = await kit.h.say(kit.budi, "/kendala", chat=group)
        assert in_group.text.startswith("Kendala terbuka — TPAKD Deli Serdang (3)")


async def test_kendala_is_split_within_telegram_limits(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        plan = kit.plan

        def seed(session: Session) -> None:
            for i in range(20):
                _obstacle(session, plan.team_id, plan.act_pp, "lainnya", f"{i:02d} " + "panjang " * 60, False, 40 - i)

        await kit.h.run(seed)
        messages = await kit.say(kit.rina, "/kendala")
        assert len(messages) >= 2 and all(len(m.text) <= 4096 for m in messages)
        body = "\n".join(m.text for m in messages)
        assert [body.index(f"\n{i:02d} panjang") for i in range(20)] == sorted(
            body.index(f"\n{i:02d} panjang") for i in range(20)
        )


async def test_obstacle_rows_are_written_once(db_url: str) -> None:
    """Storage: a second submit of the same draft (a retried Kirim, a restart) neither opens a second obstacle nor
    updates it again."""
    from storage import submission
    from storage.drafts import Answers, start_draft

    async with report_bot(db_url) as kit:
        plan = kit.plan
        now = datetime(2026, 4, 6, 3, 0, tzinfo=UTC)
        answers = Answers(value=10.0, obstacles="Sinyal lemah", obstacle_category="data", obstacle_needs_decision=False)

        def draft(session: Session, answers: Answers = answers) -> str:
            d = start_draft(
                session,
                plan.focal,
                now,
                step="summary",
                team_id=plan.team_id,
                activity_id=plan.act_pp,
                period_key="2026-Q1",
                answers=answers,
            )
            session.commit()
            return d.id

        draft_id = await kit.h.run(draft)
        for _ in range(2):
            await kit.h.run(lambda s: (submission.submit_draft(s, draft_id, now), s.commit()))
        [row] = await kit.rows(Obstacle)
        assert row.category == "data" and row.resolved_on is None
        # a second report of the same activity naming an obstacle without following the open one updates it
        second = await kit.h.run(draft)
        await kit.h.run(lambda s: (submission.submit_draft(s, second, now), s.commit()))
        rows = await kit.h.run(lambda s: s.exec(select(Obstacle)).all())
        assert len(rows) == 1
        # a report that did not ask the category (a quick report, "Kirim bukti") keeps category and decision
        bare = Answers(value=10.0, obstacles="Sinyal hilang total")
        third = await kit.h.run(lambda s: draft(s, bare))
        await kit.h.run(lambda s: (submission.submit_draft(s, third, now), s.commit()))
        [row] = await kit.rows(Obstacle)
        assert (row.description, row.category, row.needs_decision) == ("Sinyal hilang total", "data", False)
