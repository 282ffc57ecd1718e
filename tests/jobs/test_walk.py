"""A controlled clock walks six weeks around the Triwulan I 2026 deadline, hour by hour, in WIB, WITA and WIT.

Q1 2026 ends Tue 31 March; 10 working days later (Good Friday 3 April skipped) the deadline is Wed 15 April; the
lock is 30 days later, Fri 15 May. Escalations skip Labour Day (Fri 1 May) and Ascension (Thu 14 May). Reports arrive
mid-walk and silence what is still pending for them; ORG2 is excused; ORG3's focal point never opened a private
chat, so the group hears about them instead. Every delivery is asserted: kind, recipient, local date and time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from jobs.tick import tick
from storage.db import Database, session_scope
from storage.models import Delivery, Team
from tests.jobs.world import TeamWorld, add_report, build_team
from texts import t
from texts.outgoing import RecordingNotifier

WITA_POLICY = {
    "hour": 9,
    "before_deadline": [2, 0],
    "escalation_every": 5,
    "send_window": ["08:00", "16:00"],
    "digest_weekday": "tuesday",
    "digest_hour": 10,
}


def _who(world: TeamWorld, recipient: str) -> str:
    kind, _, ident = recipient.partition(":")
    if kind == "chat":
        return "group" if int(ident) == world.group_chat else ident
    n = int(ident) - world.base
    return {1: "fp1", 2: "fp2", 3: "fp3", 4: "fp4", 10: "chair", 11: "secretariat"}[n]


def _expected_default(hour: str) -> list[tuple[str, str, str]]:
    """The whole list for a team on the default policy (08:00, H-3/H-1/H, escalation every 3 working days)."""
    rows = [("digest", "group", f"2026-04-{d:02d} {hour}") for d in (6, 13, 20, 27)]
    rows += [("digest", "group", f"2026-05-{d:02d} {hour}") for d in (4, 11, 18)]
    # H-3 Fri 10 April: both focal points with a private chat, and the group naming fp3 (no private chat)
    rows += [("reminder", "fp1", f"2026-04-10 {hour}"), ("reminder", "fp4", f"2026-04-10 {hour}")]
    rows += [("reminder_group", "group", f"2026-04-10 {hour}")]
    # H-1 Tue 14 April: ORG1 reported on Monday, so fp1 hears nothing more
    rows += [("reminder", "fp4", f"2026-04-14 {hour}"), ("reminder_group", "group", f"2026-04-14 {hour}")]
    # H Wed 15 April: the last reminder, and the chair's note (the secretariat member has no private chat)
    rows += [("reminder", "fp4", f"2026-04-15 {hour}"), ("reminder_group", "group", f"2026-04-15 {hour}")]
    rows += [("chair_note", "chair", f"2026-04-15 {hour}")]
    # H+1 Thu 16 April, then every 3 working days until the lock (Fri 1 May and Thu 14 May are holidays)
    rows += [("escalation", "group", f"2026-04-{d:02d} {hour}") for d in (16, 21, 24, 29)]
    rows += [("escalation", "group", f"2026-05-{d:02d} {hour}") for d in (5, 8, 13)]
    return sorted(rows, key=lambda r: (r[2], r[0], r[1]))


EXPECTED_WITA = sorted(
    [
        *[("digest", "group", f"2026-04-{d:02d} 10:00") for d in (7, 14, 21, 28)],
        *[("digest", "group", f"2026-05-{d:02d} 10:00") for d in (5, 12)],
        # H-2 Mon 13 April 09:00: ORG1 reports at 10:00, after its reminder
        ("reminder", "fp1", "2026-04-13 09:00"),
        ("reminder", "fp4", "2026-04-13 09:00"),
        ("reminder_group", "group", "2026-04-13 09:00"),
        ("reminder", "fp4", "2026-04-15 09:00"),
        ("reminder_group", "group", "2026-04-15 09:00"),
        ("chair_note", "chair", "2026-04-15 09:00"),
        # H+1, then every 5 working days: H+6 Thu 23 April, H+11 Thu 30 April, H+16 Fri 8 May (H+21 is past the lock)
        *[("escalation", "group", f"2026-04-{d:02d} 09:00") for d in (16, 23, 30)],
        ("escalation", "group", "2026-05-08 09:00"),
    ],
    key=lambda r: (r[2], r[0], r[1]),
)


async def test_quarter_walk_in_three_time_zones(engine: Engine, db_url: str, fake_digest: list) -> None:
    zones = {"TIM-WIB": "Asia/Jakarta", "TIM-WITA": "Asia/Makassar", "TIM-WIT": "Asia/Jayapura"}
    with session_scope(engine) as s:
        worlds = {
            "TIM-WIB": build_team(s, "TIM-WIB", zones["TIM-WIB"], 1000),
            "TIM-WITA": build_team(s, "TIM-WITA", zones["TIM-WITA"], 2000, policy=WITA_POLICY),
            "TIM-WIT": build_team(s, "TIM-WIT", zones["TIM-WIT"], 3000),
        }

    def local(code: str, text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zones[code])).astimezone(UTC)

    # (UTC instant, team, org, activity index, on time): inserted just before the tick at that instant
    reports = []
    for code in zones:
        reports += [
            (local(code, "2026-04-13 10:00"), code, "ORG1", 0, True),
            (local(code, "2026-04-13 10:00"), code, "ORG1", 1, True),
            (local(code, "2026-04-15 12:00"), code, "ORG4", 0, True),
            (local(code, "2026-04-22 10:00"), code, "ORG4", 1, False),
        ]
    reports.sort()

    db = Database(db_url)
    notifier = RecordingNotifier()
    now = datetime(2026, 4, 5, tzinfo=UTC)
    end = datetime(2026, 5, 19, tzinfo=UTC)
    ticks = 0
    try:
        while now < end:
            while reports and reports[0][0] <= now:
                _, code, org, index, on_time = reports.pop(0)
                w = worlds[code]
                with session_scope(engine) as s:
                    add_report(s, w.activities[org][index], "2026-Q1", now, on_time)
            report = await tick(db, notifier, now)
            assert not report.errors
            ticks += 1
            now += timedelta(hours=1)
    finally:
        await db.dispose()
    assert ticks == 44 * 24

    with session_scope(engine) as s:
        rows = s.exec(select(Delivery).order_by(col(Delivery.id))).all()
        team_codes = {team.id: team.code for team in s.exec(select(Team)).all()}
    assert all(r.status == "sent" and r.attempts == 1 for r in rows)
    assert len(notifier.sent) == len(rows)  # every send recorded once, none twice

    got: dict[str, list[tuple[str, str, str]]] = {code: [] for code in zones}
    for r in rows:
        code = team_codes[r.team_id]
        assert r.sent_at is not None
        when = r.sent_at.astimezone(ZoneInfo(zones[code])).strftime("%Y-%m-%d %H:%M")
        got[code].append((r.kind, _who(worlds[code], r.recipient), when))
    for code in got:
        got[code].sort(key=lambda row: (row[2], row[0], row[1]))

    assert got["TIM-WIB"] == _expected_default("08:00")
    assert got["TIM-WIT"] == _expected_default("08:00")
    assert got["TIM-WITA"] == EXPECTED_WITA
    # one digest collected per team and week
    assert len(fake_digest) == 7 + 7 + 6

    # what was said: check the WIB team's messages in order
    wib = worlds["TIM-WIB"]
    sent = [(chat, msg) for chat, msg in notifier.sent if chat in (wib.group_chat,) or 1000 < abs(chat) < 1100]
    texts = {chat: [m for c, m in sent if c == chat] for chat in {c for c, _ in sent}}
    fp4 = texts[wib.base + 4]
    assert len(fp4) == 3
    assert fp4[0].text.startswith("⏰ <b>Report reminder: Q1 2026</b>")  # fp4 reads English
    assert "3 working days left" in fp4[0].text
    # one "Lapor sekarang" per activity, then "Lapor cepat" for the period's one-line template
    assert [b.callback_data for (b,) in fp4[0].buttons] == [
        *(f"rl:{a}:2026-Q1" for a in wib.activities["ORG4"]),
        "rqt:2026-Q1",
    ]
    assert t("reminders.report_now", "en") in fp4[0].buttons[0][0].text
    assert len(fp4[2].buttons) == 3  # deadline day 08:00: ORG4 reports its first activity only at 12:00
    fp1 = texts[wib.base + 1]
    assert len(fp1) == 1
    assert "Kegiatan ORG1.1 &amp; onboarding UMKM" in fp1[0].text  # plan text escaped
    group = texts[wib.group_chat]
    note = group[1]  # after the first digest
    assert f'<a href="tg://user?id={wib.base + 3}">FP ORG3 TIM-WIB</a>' in note.text
    first_escalation = next(m for m in group if m.text.startswith("⚠️"))
    assert "TIM-WIB-ORG3" in first_escalation.text
    assert "<b>TIM-WIB-ORG4 · Dinas ORG4 &lt;TIM-WIB&gt;</b> (1 kegiatan)" in first_escalation.text
    assert "TIM-WIB-ORG1" not in first_escalation.text
    assert "reorganisasi OPD" in first_escalation.text  # the excused organization and why
    assert "Dinas ORG3 &lt;TIM-WIB&gt;" in first_escalation.text
    assert "belum membuka chat dengan bot" in first_escalation.text
    last_escalation = [m for m in group if m.text.startswith("⚠️")][-1]
    assert "TIM-WIB-ORG4" not in last_escalation.text  # reported late on 22 April
    chair = texts[wib.base + 10]
    assert len(chair) == 1
    # 08:00 on the deadline day: ORG1's two reports are in; ORG3 and ORG4 are missing; ORG2 excused
    assert "Kelengkapan: 2/5 laporan (40%)" in chair[0].text
    assert "Tepat waktu: 2/5 (40%)" in chair[0].text
    assert "• TIM-WIB-ORG4: 2 kegiatan" in chair[0].text
    assert "Dikecualikan:\n• TIM-WIB-ORG2: reorganisasi OPD" in chair[0].text
