#!/usr/bin/env python
"""Chaos: ``pantau run`` as a separate process against the emulator and a database, killed with SIGKILL at random
moments and restarted each time, while simulated officials report and the reminder clock runs fast.

    python tools/chaos.py --engine sqlite|postgresql [--officials 100] [--kills 100] [--speed 1200] [--seed 1]
                          [--plan-changes 10] [--province N [--parent-deadline-days 1]]

The officials are focal points registered in the database, each walking /lapor → activity → period → value →
budget → physical % → obstacles (category, decision) → follow-up → a photo → Selesai → a location → Kirim through
the emulator, acting on what their open draft says (so a kill at any moment leaves them able to go on). The bot
reads a fast clock (this
script starts it through ``--bot``, which gives ``build_application`` a clock that runs ``--speed`` times real time
from the next working Monday 07:30 WIB, the plan's previous month due two working days later), so reminders,
escalations and the digest fall due during the run. Meanwhile the secretariat changes the plan (``--plan-changes``
times, through ``storage.plan_versions`` as the chat and the CLI do): each change is a new version applying from the
bot's current month that re-targets, moves between or stops future months while the previous month is reported.
Each gap before a kill (``--min-gap``..``--max-gap``) counts from when that incarnation is up (its first getUpdates
reached the emulator), not from its spawn, so the kills land on a working bot however long its imports take. At the end
the bot is stopped cleanly and started once more with its clock stopped just past the claim grace
(:data:`storage.deliveries.CLAIM_GRACE`) of the latest claim it left unconfirmed, so that its ticks re-send the stale
claims and send whatever is due; then, with the bot left alone, it checks and prints:

- every report whose Kirim was answered (the bot sent the ✅ confirmation) is stored, exactly once;
- every draft can be finished (every official's open draft reaches Kirim once the kills stop);
- every due delivery was sent, and none twice apart from logged unconfirmed claims (re-sent after a kill);
- no delivery is left ``claimed`` (claimed, then neither confirmed nor re-sent nor given up): each one is listed,
  saying whether it was still due at the stopped clock (the ticks did not recover it) or no longer due (its occasion
  was superseded or its sending window closed before it could be re-sent);
- every target in force is the one of the latest version that applies to its period (computed from ``plan_target``
  and ``plan_version``), no version other than a correction set a period before its first one, and the targets of
  the closed periods (up to the reported month) are those they had before the first change: no report is measured
  against a target that did not apply to its period.

With ``--province N`` (issue 15) the world is a province: a parent team (monitoring only: its secretariat, chair and
group) over N monthly regency teams, each with its group, its share of the officials and a secretariat member; the
parent's deadline for closing the reported month is ``--parent-deadline-days`` working days after the regencies' own,
so its closing reminders (H-3, H-1, H, to the secretariats of the regencies still open), the note to its chair and
secretariat and the escalations to its group fall due while the clock runs. Each secretariat member, at random
moments, verifies what waits (/verifikasi, Verifikasi) and, from a kill of its own drawing on, sends ``/tutup`` for
the reported month (refused while reports wait for verification, or once closed: fine); when the kills stop and the
officials are done it verifies and closes until the bot says the month is closed. The plan changes go to the first
regency. On top of the checks above it prints and checks the closings: every closing the bot acknowledged ("… ditutup
untuk …") is stored, once, not automatic, by that secretariat member; no (team, period) has two rows; no closing was
acknowledged twice nor its notice sent twice to the parent's group; every regency ended closed. The deliveries sent
are counted by kind (closing_reminder, closing_escalation, closing_note among them).

Exit status 1 on any loss, duplicate, unfinished draft, delivery still due or left claimed, failed plan change or
target out of place, closing lost or duplicated; 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOKEN = "777001:CHAOS-TOKEN"
WIB = ZoneInfo("Asia/Jakarta")
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(128)
CONFIRMED = "✅ Laporan terkirim"  # report.confirmation; "✅ Laporan Anda … diverifikasi" is the verified notice
REPORTED_MARK = "(sudah"  # report.period.reported_mark, as the period button shows it
END_MARGIN = timedelta(minutes=1)  # past the claim grace, at the end
ANSWERS = {
    "value": "40",
    "budget": "1.500.000",
    "physical": "40",
    "obstacles": "Hujan deras",
    "follow_up": "Pendampingan",
}


# ---- the bot side: ``python tools/chaos.py --bot`` ---------------------------------------------------------------


def bot_main() -> int:
    """Run ``pantau run`` with the clock of CHAOS_CLOCK_BASE/T0/SPEED (the smallest change that needs no setting)."""
    base = datetime.fromisoformat(os.environ["CHAOS_CLOCK_BASE"])
    t0 = float(os.environ["CHAOS_CLOCK_T0"])
    speed = float(os.environ["CHAOS_CLOCK_SPEED"])

    def clock() -> datetime:
        return base + timedelta(seconds=(time.time() - t0) * speed)

    import bot.app

    original = bot.app.build_application

    def build(settings: Any, **kw: Any) -> Any:
        kw.setdefault("clock", clock)
        return original(settings, **kw)

    bot.app.build_application = build  # before bot.runner imports it
    from pantau.cli import main

    return main(["run"])


# ---- the timeline --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    base: datetime  # the bot's clock at the start (aware UTC)
    year: int
    period_key: str  # the previous month, due soon
    deadline_working_days: int


def pick_timeline(today: datetime) -> Timeline:
    """The next working Monday 07:30 WIB; the month before it is due two working days later."""
    from domain.calendar import add_working_days, deadline, is_working_day
    from domain.periods import period_containing

    day = today.astimezone(WIB).date() + timedelta(days=1)
    while day.weekday() != 0 or not is_working_day(day):
        day += timedelta(days=1)
    previous = period_containing(day.replace(day=1) - timedelta(days=1), "month")
    wanted = add_working_days(day, 2)
    for n in range(1, 60):
        if deadline(previous, n) == wanted:
            break
    else:  # pragma: no cover - holidays could make the exact day unreachable; the nearest after will do
        n = next(n for n in range(1, 60) if deadline(previous, n) >= wanted)
    base = datetime.combine(day, dtime(7, 30), WIB).astimezone(UTC)
    return Timeline(base, previous.year, previous.key, n)


# ---- the world -----------------------------------------------------------------------------------------------------


@dataclass
class Run:
    engine: str
    url: str
    emu: Any
    timeline: Timeline
    speed: float
    t0: float
    log: Path
    group_id: int
    officials: list[int]
    activities_each: int
    patience: float = 15.0  # seconds an official waits for an answer before acting again
    stop: threading.Event = field(default_factory=threading.Event)
    officials_done: threading.Event = field(default_factory=threading.Event)  # every official thread has ended
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0
    kills: int = 0  # SIGKILLs so far
    startup: list[float] = field(default_factory=list)  # seconds from each spawn to its first getUpdates
    actions: Counter[str] = field(default_factory=Counter)
    plan_errors: list[str] = field(default_factory=list)  # plan changes that raised
    targets_before: dict[TargetKey, TargetValues] = field(default_factory=dict)  # in force before any change

    def spawn(self, *, speed: float | None = None, base: datetime | None = None) -> None:
        from bench.world import spawn_bot

        self.starts += 1
        self.proc = spawn_bot(
            [str(Path(__file__).resolve()), "--bot"],
            token=TOKEN,
            api_url=self.emu.url,
            db_url=self.url,
            log=self.log,
            PANTAU_TICK_SECONDS="1",
            PANTAU_DRAFT_EXPIRY_HOURS="1000000",
            PANTAU_PERSISTENCE_INTERVAL="60",
            CHAOS_CLOCK_BASE=(base or self.timeline.base).isoformat(),
            CHAOS_CLOCK_T0=str(self.t0 if base is None else time.time()),
            CHAOS_CLOCK_SPEED=str(self.speed if speed is None else speed),
        )

    def spawn_up(self, *, timeout: float, speed: float | None = None, base: datetime | None = None) -> None:
        """Spawn the bot and return once it is up: its first getUpdates has reached the emulator (the killed
        incarnation is gone, so no call after ``since`` is its own). Raises if it exits or times out first."""
        since = self.emu.call_count()
        started = time.monotonic()
        self.spawn(speed=speed, base=base)
        assert self.proc is not None
        while True:
            try:
                self.emu.wait_for_call("getUpdates", count=1, timeout=0.5, since=since)
                break
            except TimeoutError:
                if self.proc.poll() is not None:
                    raise RuntimeError(
                        f"the bot exited ({self.proc.returncode}) before it was up; see {self.log}"
                    ) from None
                if time.monotonic() - started > timeout:
                    raise RuntimeError(f"the bot was not up after {timeout:g} s; see {self.log}") from None
        self.startup.append(time.monotonic() - started)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()

    def terminate(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def clock_now(self) -> datetime:
        return self.timeline.base + timedelta(seconds=(time.time() - self.t0) * self.speed)


def _engine(url: str) -> Any:
    from storage.db import make_sync_engine

    return make_sync_engine(url)


def read_state(engine: Any, telegram_id: int) -> tuple[dict[str, Any] | None, int]:
    """The official's open draft (id, step, has evidence) and how many reports their organization has."""
    from sqlalchemy import text

    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT d.id, d.step, d.data FROM report_draft d JOIN person p ON p.id = d.person_id "
                "WHERE p.telegram_id = :t AND d.status = 'open' ORDER BY d.created_at DESC LIMIT 1"
            ),
            {"t": telegram_id},
        ).first()
        reported = conn.execute(
            text(
                "SELECT count(*) FROM report r JOIN activity a ON a.id = r.activity_id "
                "JOIN membership m ON m.organization_id = a.organization_id "
                "JOIN person p ON p.id = m.person_id WHERE p.telegram_id = :t"
            ),
            {"t": telegram_id},
        ).scalar_one()
    if row is None:
        return None, int(reported)
    has_evidence = re.search(r"""evidence['"]?\s*:\s*\[\s*\{""", str(row[2])) is not None
    return {"id": row[0], "step": row[1], "evidence": has_evidence}, int(reported)


def _find_button(emu: Any, chat_id: int, prefix: str, labels: tuple[str, ...] = ()) -> tuple[Any, str] | None:
    """The newest message with a button whose data starts with ``prefix`` (preferring labels starting ``labels``)."""
    for message in reversed(emu.sent(chat_id)):
        buttons = [(label, data) for row in message.buttons for label, data in row if data and data.startswith(prefix)]
        if buttons:
            preferred = [b for b in buttons if labels and b[0].startswith(labels)]
            if labels and not preferred:
                preferred = [b for b in buttons if not b[0].startswith(("✅", "🔒"))]
                if not preferred:
                    return None
            return message, (preferred or buttons)[0][1]
    return None


def _label_of(button: tuple[Any, str]) -> str:
    message, data = button
    return next((label for row in message.buttons for label, d in row if d == data), "")


def act_once(run: Run, engine: Any, uid: int, max_reports: int) -> bool:
    """One action for official ``uid`` from the state of their draft; False when they are done."""
    emu = run.emu
    user = emu.user(uid, f"Petugas {uid}")
    draft, reported = read_state(engine, uid)
    mark = emu.marker()
    if draft is None:
        if run.stop.is_set() or reported >= max_reports:
            # an update sent while the bot was down (a second /lapor) may still open a draft: wait for the queue
            try:
                emu.wait_until_delivered(timeout=10.0)
            except TimeoutError:
                return True
            # and for the bot to handle it: under load (start-ups of 15-20 s on a busy machine) a queued /lapor
            # opened its draft seconds after the queue was fetched, once the official had stopped
            until = time.monotonic() + max(10.0, run.patience)
            while True:
                time.sleep(1.0)
                if read_state(engine, uid)[0] is not None:
                    return True
                if time.monotonic() > until:
                    return False
        emu.send_text(user, "/lapor")
        run.actions["/lapor"] += 1
    else:
        short, step = draft["id"][:8], draft["step"]
        button: tuple[Any, str] | None = None
        if step == "activity":
            button = _find_button(emu, uid, f"r:{short}:activity:act:", ("⏳", "⚠️"))
        elif step == "period":
            button = _find_button(emu, uid, f"r:{short}:period:per:", ("▶",))
            if button is not None and REPORTED_MARK in _label_of(button):
                # the suggested period is reported already (a second /lapor after a kill): this draft is spare
                button = None
                emu.send_text(user, "/batal")
                run.actions["/batal"] += 1
                step = "cancelled"
        elif step == "evidence" and draft["evidence"]:
            button = _find_button(emu, uid, f"r:{short}:evidence:done")
        elif step == "summary":
            button = _find_button(emu, uid, f"r:{short}:summary:send")
        elif step == "edit":
            button = _find_button(emu, uid, f"r:{short}:edit:back")
        elif step == "obstacle_open":  # an obstacle of an earlier report still open: it is resolved
            button = _find_button(emu, uid, f"r:{short}:obstacle_open:solved")
        elif step == "obstacle_cat":
            button = _find_button(emu, uid, f"r:{short}:obstacle_cat:cat:cuaca")
        elif step == "obstacle_dec":
            button = _find_button(emu, uid, f"r:{short}:obstacle_dec:no")
        if step == "cancelled":
            pass
        elif button is not None:
            emu.press_button(user, button[0], callback_data=button[1])
        elif step in ANSWERS:
            emu.send_text(user, ANSWERS[step])
        elif step == "evidence":
            emu.send_photo(user, PHOTO)
        elif step == "location":
            emu.send_location(user, 3.58, 98.67)
        else:
            emu.send_text(user, "?")  # no prompt to act on (the bot died before sending it): ask again
        run.actions[step] += 1
    try:
        emu.wait_for_messages(uid, count=1, timeout=run.patience, since=mark)
    except TimeoutError:
        pass  # the bot is down or restarting; look at the draft again
    return True


def official(run: Run, engine: Any, uid: int, max_reports: int, deadline: float, stuck: list[int]) -> None:
    """One official acting until done; ``engine`` is shared by all (a few connections, whatever the officials)."""
    while time.monotonic() < deadline:
        if not act_once(run, engine, uid, max_reports):
            return
    stuck.append(uid)


# ---- plan changes --------------------------------------------------------------------------------------------------

TargetKey = tuple[int, str]  # (activity id, period key)
TargetValues = tuple[Any, ...]  # (value, planned budget, planned physical, low, high)


@dataclass
class PlanCheck:
    """The targets in force against the versions that set them."""

    versions: int = 0  # every team's versions, the first included
    checked: int = 0  # (activity, period) pairs some version set
    mismatched: list[str] = field(default_factory=list)  # in ``target`` not as the latest applying version says
    early: list[str] = field(default_factory=list)  # set by a version (not a correction) before its first period

    @property
    def failed(self) -> bool:
        return bool(self.mismatched or self.early)


def in_force_targets(conn: Any) -> dict[TargetKey, TargetValues]:
    """The ``target`` table: the target in force of each (activity, period)."""
    from sqlalchemy import text

    rows = conn.execute(
        text(
            "SELECT activity_id, period_key, value, planned_budget, planned_physical, value_min, value_max FROM target"
        )
    ).all()
    return {(int(r[0]), str(r[1])): tuple(r[2:]) for r in rows}


def check_plan_targets(conn: Any) -> PlanCheck:
    """Replay every version's ``plan_target`` rows in order, each only for the periods it applies to (from its
    ``effective_from`` on; version 1 and corrections for any), and compare with the targets in force: each must be
    the latest applying version's, and no version other than a correction may have set an earlier period."""
    from sqlalchemy import text

    out = PlanCheck()
    versions = {
        int(r[0]): (int(r[1]), str(r[2]), bool(r[3]))
        for r in conn.execute(text("SELECT id, number, effective_from, correction FROM plan_version")).all()
    }
    out.versions = len(versions)
    rows = conn.execute(
        text(
            "SELECT version_id, activity_id, period_key, present, value, planned_budget, planned_physical, value_min,"
            " value_max FROM plan_target"
        )
    ).all()
    expected: dict[TargetKey, TargetValues | None] = {}
    for row in sorted(rows, key=lambda r: versions[int(r[0])][0]):
        number, start, correction = versions[int(row[0])]
        key = (int(row[1]), str(row[2]))
        if number > 1 and not correction and key[1] < start:
            out.early.append(f"activity {key[0]} {key[1]} set by version {number} from {start}")
            continue
        expected[key] = tuple(row[4:]) if row[3] else None
    actual = in_force_targets(conn)
    out.checked = len(expected)
    for key, values in sorted(expected.items()):
        if actual.get(key) != values:
            out.mismatched.append(f"activity {key[0]} {key[1]}: in force {actual.get(key)}, versions say {values}")
    return out


def closed_changes(before: dict[TargetKey, TargetValues], after: dict[TargetKey, TargetValues], upto: str) -> list[str]:
    """The targets of periods up to ``upto`` (closed when the changes began) that differ between two readings."""
    keys = {k for k in before.keys() | after.keys() if k[1] <= upto}
    return [
        f"activity {k[0]} {k[1]}: {before.get(k)} -> {after.get(k)}"
        for k in sorted(keys)
        if before.get(k) != after.get(k)
    ]


def change_plan(url: str, team_code: str, at: datetime, rng: random.Random, number: int) -> str | None:
    """One change of the team's plan as the secretariat makes it: a version from the month ``at`` falls in that
    re-targets a few activities' months from then on, every third time moves part of a target between two of those
    months, and the second time stops an activity. Returns what it did in a line (None: nothing to change, or no
    month of the team's year left)."""
    from dataclasses import replace

    from domain.periods import period_containing, periods_of_year
    from domain.plan import Plan
    from storage.db import make_sync_engine, session_scope
    from storage.plan import read_plan
    from storage.plan_versions import NothingToChangeError, apply_change, prepare_change

    engine = make_sync_engine(url)
    try:
        with session_scope(engine) as session:
            plan: Plan = read_plan(session, team_code)
            keys = [p.key for p in periods_of_year(plan.team.year, plan.team.period)]
            start = period_containing(at.astimezone(WIB).date(), plan.team.period).key
            if start not in keys:
                return None
            running = [a.code for _, a in plan.activities() if a.stopped_from is None]
            chosen = set(rng.sample(running, min(4, len(running))))
            moved = rng.choice(running) if number % 3 == 0 and len([k for k in keys if k >= start]) >= 2 else None
            stopped = rng.choice(running) if number == 2 and len(running) > 1 else None
            programs = []
            for program in plan.programs:
                activities = []
                for activity in program.activities:
                    if activity.code == stopped:
                        continue  # left out of the file: stopped from ``start``
                    targets = list(activity.targets)
                    if activity.code in chosen:
                        value = float(rng.choice([800, 900, 1100, 1200, 1500]))
                        targets = [replace(t, value=value) if t.period >= start else t for t in targets]
                    if activity.code == moved:
                        later = [i for i, t in enumerate(targets) if t.period >= start]
                        src, dst = later[0], later[-1]
                        amount = min(100.0, float(targets[src].value))
                        targets[src] = replace(targets[src], value=float(targets[src].value) - amount)
                        targets[dst] = replace(targets[dst], value=float(targets[dst].value) + amount)
                    activities.append(replace(activity, targets=tuple(targets)))
                programs.append(replace(program, activities=tuple(activities)))
            try:
                prepared = prepare_change(session, replace(plan, programs=tuple(programs)), effective_from=start)
            except NothingToChangeError:
                return None
            info = apply_change(session, prepared, now=at, basis=f"Perbup uji chaos No. {number}", author="chaos")
            return f"version {info.number} from {info.effective_from}: {info.summary}"
    finally:
        engine.dispose()


def planner(run: Run, team_code: str, count: int, seed: int, gaps: tuple[float, float], done: list[str]) -> None:
    """Up to ``count`` plan changes while the officials report, ``gaps`` seconds apart, until the kills stop."""
    rng = random.Random(seed)
    number = 1
    while number <= count and not run.stop.wait(rng.uniform(*gaps)):
        try:
            line = change_plan(run.url, team_code, run.clock_now(), rng, number)
        except Exception as exc:  # recorded, and reported as a failure at the end
            run.plan_errors.append(f"change {number}: {type(exc).__name__}: {exc}")
        else:
            if line is not None:
                done.append(line)
        number += 1


# ---- the province (``--province N``) ------------------------------------------------------------------------------

PROVINCE_CODE = "PROV"
SECRETARIAT_BASE = 610_000  # each child team's secretariat member: SECRETARIAT_BASE + k
FIRST_OFFICIAL = 600_000  # official i: FIRST_OFFICIAL + i, as in bench.world.seed
PARENT_PEOPLE = (620_000, 620_001)  # the parent's secretariat and chair (they get the deadline-day note)
CLOSED_ACK = re.compile(r"ditutup untuk ")  # closing.done, as the emulator shows it (markup stripped)
CLOSE_REPLIES = (
    ("done", CLOSED_ACK),
    ("already", re.compile(r"sudah ditutup pada|sudah tertutup otomatis")),  # closing.already, closing.already_auto
    ("unverified", re.compile(r"^Belum bisa menutup ")),  # closing.unverified
    ("refused", re.compile(r"belum berakhir|tidak dikenali|tidak berada di bawah")),
)
VERIFY_HEAD = re.compile(r"^Menunggu verifikasi: |^Tidak ada laporan yang menunggu")  # report.verify.head / .empty


@dataclass(frozen=True)
class ChildTeam:
    team_id: int
    code: str
    name: str
    secretariat: int  # telegram id
    officials: tuple[int, ...]


@dataclass(frozen=True)
class Province:
    parent_id: int
    parent_code: str
    children: tuple[ChildTeam, ...]
    groups: dict[int, int]  # team id -> its group's chat id (the parent's included)

    @property
    def officials(self) -> list[int]:
        return [uid for child in self.children for uid in child.officials]


def seed_province(
    url: str, children: int, officials: int, activities_each: int, timeline: Timeline, parent_days: int
) -> tuple[Province, dict[int, str]]:
    """A parent team (monitoring only: its secretariat and chair) over ``children`` monthly teams, the officials
    spread over them (one organization each, ``activities_each`` activities, target 1000 a month as in
    :func:`bench.world.seed`), a secretariat member per child team. The parent's deadline for its teams to close
    the reported month is ``parent_days`` working days after their own reporting deadline, so its H-3..H reminders
    and the escalations after it fall due while the bot's clock runs. Returns the province (groups not linked yet)
    and the team codes by id."""
    from sqlmodel import Session

    from tests.worlds import WorldBuilder, each_period

    engine = _engine(url)
    try:
        with Session(engine) as session:
            w = WorldBuilder(session, timeline.base)
            parent = w.team(
                PROVINCE_CODE,
                "TPAKD Provinsi Uji",
                year=timeline.year,
                period_kind="month",
                deadline_working_days=timeline.deadline_working_days,
                children_deadline_working_days=timeline.deadline_working_days + parent_days,
            )
            w.person(PARENT_PEOPLE[0], "Sekretariat Provinsi", parent, "secretariat")
            w.person(PARENT_PEOPLE[1], "Ketua Provinsi", parent, "chair")
            targets = each_period((1000, 50.0), timeline.year, "month")
            made: list[ChildTeam] = []
            codes = {parent: PROVINCE_CODE}
            for k in range(children):
                code = f"{PROVINCE_CODE}-K{k + 1:02d}"
                name = f"TPAKD Kabupaten Uji {k + 1}"
                team = w.team(
                    code,
                    name,
                    year=timeline.year,
                    period_kind="month",
                    deadline_working_days=timeline.deadline_working_days,
                    parent_id=parent,
                )
                codes[team] = code
                program = w.program(team, f"{code}-P1", "Program uji", position=1)
                own = [FIRST_OFFICIAL + i for i in range(officials) if i % children == k]
                for tid in own:
                    i = tid - FIRST_OFFICIAL
                    org = w.org(team, f"{code}-O{i:03d}", f"Dinas Uji {k + 1}.{i}")
                    for j in range(activities_each):
                        w.activity(
                            program,
                            org,
                            f"{code}-A{i:03d}-{j}",
                            f"Kegiatan {k + 1}.{i}.{j}",  # unique in the province: the check finds it by name
                            unit="unit",
                            budget_ceiling=1_000_000_000,
                            measure="per_period",
                            position=j,
                            targets=targets,
                        )
                    w.person(tid, f"Petugas {i}", team, "focal_point", org)
                secretariat = SECRETARIAT_BASE + k + 1
                w.person(secretariat, f"Sekretariat {code}", team, "secretariat")
                made.append(ChildTeam(team, code, name, secretariat, tuple(own)))
            session.commit()
            return Province(parent, PROVINCE_CODE, tuple(made), {}), codes
    finally:
        engine.dispose()


def link_groups(url: str, emu: Any, province: Province, now: datetime) -> Province:
    """A group for the parent and for each child team, the bot a member, linked as ``/hubungkan`` would."""
    from sqlmodel import Session

    from storage import people
    from storage.models import Team

    groups: dict[int, int] = {}
    engine = _engine(url)
    try:
        with Session(engine) as session:
            for team_id in [province.parent_id, *(c.team_id for c in province.children)]:
                team = session.get(Team, team_id)
                assert team is not None
                group = emu.group(title=f"Grup {team.code}", bot_member=True)
                people.link_group(session, group.id, group.title or "", team, None, now)
                groups[team_id] = group.id
            session.commit()
    finally:
        engine.dispose()
    return Province(province.parent_id, province.parent_code, province.children, groups)


def _reply(run: Run, uid: int, since: int, patterns: tuple[tuple[str, re.Pattern[str]], ...], timeout: float) -> str:
    """The kind of the first new message to ``uid`` since ``since`` that matches one of ``patterns`` (other messages,
    such as a closing reminder, are skipped); "" when none came within ``timeout``."""
    until = time.monotonic() + timeout
    count = 1
    while (left := until - time.monotonic()) > 0:
        try:
            messages = run.emu.wait_for_messages(uid, count=count, timeout=left, since=since, include_edits=False)
        except TimeoutError:
            return ""
        for message in messages:
            body = message.text or message.caption or ""
            for kind, pattern in patterns:
                if pattern.search(body):
                    return kind
        count = len(messages) + 1
    return ""


def verify_round(run: Run, user: Any, uid: int, patience: float) -> int:
    """/verifikasi, then Verifikasi on every report it lists (up to the bot's ten); how many presses were answered
    with the item's edit."""
    emu = run.emu
    mark = emu.marker()
    emu.send_text(user, "/verifikasi")
    run.actions["/verifikasi"] += 1
    if _reply(run, uid, mark, (("head", VERIFY_HEAD),), patience) != "head":
        return 0
    time.sleep(1.0)  # the items follow the head, one message each
    try:  # the bot's messages since /verifikasi (older items may be stale: a kill before their edit)
        listed = emu.wait_for_messages(uid, count=1, timeout=0.1, since=mark, include_edits=False)
    except TimeoutError:
        return 0
    pressed = 0
    for message in listed:
        for data in [d for row in message.buttons for _label, d in row if d and d.startswith("vf:")]:
            press = emu.marker()
            try:
                emu.press_button(user, message, callback_data=data)
            except ValueError:
                continue  # decided meanwhile (its buttons are gone)
            run.actions["vf"] += 1
            try:
                emu.wait_for_messages(uid, count=1, timeout=min(patience, 5.0), since=press)
                pressed += 1
            except TimeoutError:
                pass  # a stale item (alert only), or the bot is down
    return pressed


def close_once(run: Run, user: Any, uid: int, period_text: str, patience: float) -> str:
    """/tutup PERIOD; the reply's kind (done, already, unverified, refused) or "" when none came."""
    mark = run.emu.marker()
    run.emu.send_text(user, f"/tutup {period_text}")
    run.actions["/tutup"] += 1
    kind = _reply(run, uid, mark, CLOSE_REPLIES, patience)
    run.actions[f"/tutup: {kind or 'no answer'}"] += 1
    return kind


def secretariat(
    run: Run,
    child: ChildTeam,
    period_text: str,
    seed: int,
    gaps: tuple[float, float],
    total_kills: int,
    deadline: float,
    stuck: list[str],
) -> None:
    """A regency secretariat member, acting at random moments (``gaps`` × 3 apart) while the kills go on: until a
    kill of its own drawing (between a quarter and three quarters of ``total_kills``) it only verifies what waits
    (/verifikasi, Verifikasi on each report listed); from then on it sends /tutup for the reported month, after
    verifying six times in ten (so some are refused: reports wait for verification), and again after it closed
    (refused as closed already); once the kills stop and the officials are done, it verifies and closes until the
    bot says the month is closed (or closed already)."""
    rng = random.Random(seed * 7919 + child.secretariat)
    user = run.emu.user(child.secretariat, f"Sekretariat {child.code}")
    closing_from = rng.randint(total_kills // 4, max(total_kills // 4, 3 * total_kills // 4))
    while time.monotonic() < deadline:
        final = run.stop.is_set()
        if not final and run.stop.wait(rng.uniform(*gaps) * 3):
            continue
        if final:  # what the officials filed at the end waits for verification too
            run.officials_done.wait(max(0.0, deadline - time.monotonic()))
        closing = final or run.kills >= closing_from
        if final or not closing or rng.random() < 0.6:
            verify_round(run, user, child.secretariat, run.patience)
        if not closing:
            continue
        kind = close_once(run, user, child.secretariat, period_text, run.patience)
        if final and kind in ("done", "already"):
            return
        if final:
            time.sleep(1.0)
    stuck.append(child.code)


@dataclass
class ClosingCheck:
    """The children's closings of the reported month against what the bot told their secretariats."""

    children: int = 0
    acknowledged: int = 0  # teams whose secretariat was told "ditutup"
    stored: int = 0  # closing rows of the month, not reopened
    stored_once: int = 0  # acknowledged and stored, closed by that secretariat
    unanswered: int = 0  # stored without an acknowledgement (a kill between the commit and the reply)
    lost: list[str] = field(default_factory=list)  # acknowledged, not stored (or not as acknowledged)
    duplicated: list[str] = field(default_factory=list)  # more than one row for a team and period
    acked_twice: list[str] = field(default_factory=list)  # "ditutup" told twice for one closing
    open_at_end: list[str] = field(default_factory=list)  # never closed although its secretariat kept trying
    automatic: int = 0
    automatic_earlier: int = 0  # earlier months closed by themselves (past the team's lock date), not counted above
    notices: int = 0  # the one-line notices in the parent's group
    notices_twice: list[str] = field(default_factory=list)
    verified: int = 0  # reports the secretariats verified
    stuck: list[str] = field(default_factory=list)  # secretariats still trying at the time limit

    @property
    def failed(self) -> bool:
        return bool(self.lost or self.duplicated or self.acked_twice or self.open_at_end or self.notices_twice)

    def why(self) -> list[str]:
        reasons = [
            (self.lost, f"{len(self.lost)} acknowledged closing(s) lost: {'; '.join(self.lost[:5])}"),
            (self.duplicated, f"{len(self.duplicated)} closing(s) stored twice: {'; '.join(self.duplicated[:5])}"),
            (self.acked_twice, f"{len(self.acked_twice)} closing(s) acknowledged twice: {'; '.join(self.acked_twice)}"),
            (self.open_at_end, f"{len(self.open_at_end)} team(s) never closed: {', '.join(self.open_at_end)}"),
            (self.notices_twice, f"closing notice sent twice: {', '.join(self.notices_twice)}"),
        ]
        return [text for count, text in reasons if count]


def check_closings(run: Run, province: Province, period_key: str, stuck: list[str]) -> ClosingCheck:
    from sqlalchemy import text

    out = ClosingCheck(children=len(province.children), stuck=list(stuck))
    engine = _engine(run.url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT c.team_id, c.period_key, c.automatic, c.reopened_at, p.telegram_id FROM period_closing c"
                    " LEFT JOIN person p ON p.id = c.closed_by"
                )
            ).all()
            out.verified = int(conn.execute(text("SELECT count(*) FROM report WHERE status = 'verified'")).scalar_one())
    finally:
        engine.dispose()
    per_key = Counter((int(r[0]), str(r[1])) for r in rows)
    out.duplicated = [f"team {t} {k}: {n} rows" for (t, k), n in sorted(per_key.items()) if n > 1]
    mine = {int(r[0]): r for r in rows if str(r[1]) == period_key}
    out.automatic_earlier = sum(1 for r in rows if str(r[1]) != period_key and r[2] and r[3] is None)
    parent_group = province.groups.get(province.parent_id)
    group_texts = [m.text or "" for m in run.emu.sent(parent_group)] if parent_group is not None else []
    for child in province.children:
        acks = sum(1 for m in run.emu.sent(child.secretariat) if CLOSED_ACK.search(m.text or ""))
        row = mine.get(child.team_id)
        closed = row is not None and row[3] is None
        out.stored += closed
        out.automatic += bool(closed and row is not None and row[2])
        if acks:
            out.acknowledged += 1
            if acks > 1:
                out.acked_twice.append(f"{child.code}: {acks} times")
            if not closed or row is None or row[2] or row[4] != child.secretariat:
                out.lost.append(f"{child.code} {period_key}: row {tuple(row) if row is not None else None}")
            else:
                out.stored_once += 1
        elif closed:
            out.unanswered += 1
        else:
            out.open_at_end.append(child.code)
        notices = sum(1 for body in group_texts if body.startswith(f"{child.name} menutup "))
        out.notices += notices
        if notices > 1:
            out.notices_twice.append(f"{child.code} ({notices})")
    return out


# ---- the checks ----------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    answered: int = 0
    stored_once: int = 0
    lost: int = 0
    duplicated: int = 0
    reports: int = 0
    unfinished_drafts: int = 0
    expired_drafts: int = 0
    deliveries_sent: int = 0
    deliveries_other: dict[str, int] = field(default_factory=dict)
    still_due: int = 0
    resent_logged: int = 0
    delivery_messages: int = 0
    duplicate_deliveries: int = 0
    claimed_left: list[str] = field(default_factory=list)  # one line per delivery still ``claimed``
    claimed_still_due: int = 0  # of those, due at the stopped clock: the ticks should have re-sent them
    plan: PlanCheck | None = None
    plan_errors: list[str] = field(default_factory=list)  # plan changes that failed (not a stale preview)
    closed_changed: list[str] = field(default_factory=list)  # closed periods whose target moved during the run
    sent_by_kind: dict[str, int] = field(default_factory=dict)  # deliveries sent, by kind
    closings: ClosingCheck | None = None  # --province

    @property
    def failed(self) -> bool:
        return bool(
            self.lost
            or self.duplicated
            or self.unfinished_drafts
            or self.still_due
            or self.duplicate_deliveries
            or self.claimed_left
            or self.plan_errors
            or self.closed_changed
            or (self.plan is not None and self.plan.failed)
            or (self.closings is not None and self.closings.failed)
        )

    def why(self) -> list[str]:
        """What failed, in words."""
        reasons = [
            (self.lost, f"{self.lost} answered report(s) lost"),
            (self.duplicated, f"{self.duplicated} report(s) stored more than once"),
            (self.unfinished_drafts, f"{self.unfinished_drafts} draft(s) not finished"),
            (self.still_due, f"{self.still_due} delivery(ies) still due"),
            (
                self.duplicate_deliveries,
                f"{self.duplicate_deliveries} delivery message(s) sent twice beyond logged re-sends",
            ),
            (
                self.claimed_left,
                f"{len(self.claimed_left)} delivery(ies) left claimed ({self.claimed_still_due} of them still due)",
            ),
            (self.plan_errors, f"{len(self.plan_errors)} plan change(s) failed: {'; '.join(self.plan_errors[:3])}"),
            (
                self.closed_changed,
                f"{len(self.closed_changed)} closed period target(s) changed: {'; '.join(self.closed_changed[:5])}",
            ),
        ]
        if self.plan is not None:
            reasons += [
                (
                    self.plan.mismatched,
                    f"{len(self.plan.mismatched)} target(s) not those of the latest version "
                    f"applying to their period: {'; '.join(self.plan.mismatched[:5])}",
                ),
                (
                    self.plan.early,
                    f"{len(self.plan.early)} target(s) set before their version's first period: "
                    f"{'; '.join(self.plan.early[:5])}",
                ),
            ]
        if self.closings is not None:
            reasons += [(True, line) for line in self.closings.why()]
        return [text for count, text in reasons if count]


def _utc(value: datetime) -> datetime:
    """A timestamp read back from either engine (naive means UTC) as an aware UTC datetime."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def claimed_rows(url: str) -> list[tuple[int, str, str, str, Any, datetime, int, str | None]]:
    """The deliveries still ``claimed``: id, kind, period, recipient, due date, claimed at (UTC), attempts, detail."""
    from sqlmodel import Session, col, select

    from storage.models import Delivery

    engine = _engine(url)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(Delivery)
                .where(Delivery.status == "claimed")
                .order_by(col(Delivery.claimed_at), col(Delivery.id))
            ).all()
            return [
                (d.id or 0, d.kind, d.period_key, d.recipient, d.due_date, _utc(d.claimed_at), d.attempts, d.detail)
                for d in rows
            ]
    finally:
        engine.dispose()


def end_instant(stopped_at: datetime, claims: list[datetime]) -> datetime:
    """Where to stop the clock at the end: past the grace of every claim left, and not before the bot stopped."""
    from storage.deliveries import CLAIM_GRACE

    latest = max([stopped_at, *(c + CLAIM_GRACE for c in claims)])
    return latest + END_MARGIN


def settle(run: Run, frozen_at: datetime, seconds: float, limit: float) -> None:
    """Let the restarted bot tick for ``seconds``, then up to ``limit`` more while it still has work in hand: a claim
    of its own in flight, or something due at the stopped clock."""
    from sqlmodel import Session

    from jobs.planner import due_deliveries

    time.sleep(seconds)
    give_up = time.monotonic() + limit
    engine = _engine(run.url)
    try:
        while time.monotonic() < give_up:
            in_flight = [row for row in claimed_rows(run.url) if row[5] >= frozen_at - timedelta(seconds=1)]
            with Session(engine) as session:
                due = due_deliveries(session, frozen_at)
            if not in_flight and not due:
                return
            time.sleep(1.0)
    finally:
        engine.dispose()


def check(run: Run, frozen_at: datetime, stuck: list[int]) -> Outcome:
    from sqlalchemy import text
    from sqlmodel import Session

    from domain.periods import parse_period
    from jobs.planner import due_deliveries

    out = Outcome()
    engine = _engine(run.url)
    try:
        with engine.connect() as conn:
            names = dict(conn.execute(text("SELECT name, id FROM activity")).all())
            # one entry per report, keyed by (activity, period): a run whose clock passes the end of a month (a long
            # one: 26 days at x1200 under load) has officials report that month too, for the same activities
            revisions = {
                (int(a), str(p)): (int(c), int(n))
                for a, p, c, n in conn.execute(
                    text(
                        "SELECT r.activity_id, r.period_key, r.revision_count, count(v.id) FROM report r "
                        "LEFT JOIN report_revision v ON v.report_id = r.id "
                        "GROUP BY r.id, r.activity_id, r.period_key, r.revision_count"
                    )
                ).all()
            }
            out.reports = len(revisions)
            drafts = Counter(
                dict(conn.execute(text("SELECT status, count(*) FROM report_draft GROUP BY status")).all())
            )
            deliveries = conn.execute(
                text("SELECT id, recipient, status, message_id, attempts, kind FROM delivery")
            ).all()
        # 1. every answered Kirim is stored exactly once (no revisions are made here: a second one is a duplicate)
        answered: set[tuple[int, str]] = set()
        for uid in run.officials:
            for message in run.emu.sent(uid):
                if (message.text or "").startswith(CONFIRMED):
                    title, label = (message.text or "").split("\n")[1].rsplit(" · ", 1)
                    answered.add((int(names[title]), parse_period(label, "month", run.timeline.year).key))
        out.answered = len(answered)
        for key in answered:
            count, rows = revisions.get(key, (0, 0))
            if rows == 0:
                out.lost += 1
            elif count == 1 and rows == 1:
                out.stored_once += 1
        out.duplicated = sum(1 for count, rows in revisions.values() if count != 1 or rows != 1)
        # 2. every draft could be finished
        out.unfinished_drafts = int(drafts.get("open", 0)) + len(stuck)
        out.expired_drafts = int(drafts.get("expired", 0))
        # 3. deliveries: nothing still due at the frozen instant, nothing sent twice beyond the logged re-sends,
        # nothing left claimed (a claim neither confirmed, nor re-sent after its grace, nor given up)
        with Session(engine) as session:
            due = due_deliveries(session, frozen_at)
        out.still_due = len(due)
        due_keys = {(p.kind, p.period_key, p.recipient, str(p.due_date)) for p in due}
        for did, kind, period_key, recipient, due_date, claimed_at, attempts, detail in claimed_rows(run.url):
            still = (kind, period_key, recipient, str(due_date)) in due_keys
            out.claimed_still_due += still
            out.claimed_left.append(
                f"delivery {did}: {kind} {period_key} to {recipient} due {due_date}, claimed "
                f"{claimed_at.astimezone(WIB):%a %d %b %H:%M} WIB (attempt {attempts}"
                f"{', ' + detail if detail else ''}); "
                + ("still due at the stopped clock, not re-sent" if still else "no longer due: never re-sent")
            )
        statuses = Counter(row[2] for row in deliveries)
        out.sent_by_kind = dict(sorted(Counter(row[5] for row in deliveries if row[2] == "sent").items()))
        out.deliveries_sent = statuses.pop("sent", 0)
        out.deliveries_other = dict(statuses)
        out.resent_logged = len(re.findall(r"re-sending delivery", run.log.read_text(errors="replace")))
        texts: Counter[tuple[int, str]] = Counter()
        allowed: Counter[tuple[int, str]] = Counter()
        for _id, recipient, status, message_id, attempts, _kind in deliveries:
            if status != "sent" or message_id is None:
                continue
            chat_id = int(recipient.split(":", 1)[1])
            found = [m for m in run.emu.sent(chat_id) if m.message_id == message_id]
            if not found:
                continue
            body = found[0].text or found[0].caption or ""
            allowed[(chat_id, body)] += int(attempts)  # each claim may have sent once; re-claims are logged
            texts[(chat_id, body)] = 0
        for chat_id, body in list(texts):
            texts[(chat_id, body)] = sum(1 for m in run.emu.sent(chat_id) if (m.text or m.caption or "") == body)
        out.delivery_messages = sum(texts.values())
        out.duplicate_deliveries = sum(max(0, n - allowed[key]) for key, n in texts.items())
        # 4. the plan: every target in force as the latest version applying to its period says; closed periods kept
        with engine.connect() as conn:
            out.plan = check_plan_targets(conn)
            if run.targets_before:  # read before the first change
                out.closed_changed = closed_changes(run.targets_before, in_force_targets(conn), run.timeline.period_key)
        out.plan_errors = list(run.plan_errors)
    finally:
        engine.dispose()
    return out


# ---- the run -------------------------------------------------------------------------------------------------------


def chaos(ns: argparse.Namespace) -> int:
    from bench.world import database, seed
    from emulator import BotAPIEmulator
    from storage import people
    from storage.db import make_sync_engine
    from storage.models import Team

    rng = random.Random(ns.seed)
    timeline = pick_timeline(datetime.now(UTC))
    log = Path(ns.log or f"/tmp/pantau-chaos-{ns.engine}-{os.getpid()}.log")
    log.write_text("")
    started = time.monotonic()
    province: Province | None = None
    with database(ns.engine, ns.pg) as url:
        if ns.province:
            province, _codes = seed_province(
                url, ns.province, ns.officials, ns.reports + 2, timeline, ns.parent_deadline_days
            )
            emu = BotAPIEmulator(token=TOKEN, bot_username="pantau_chaos_bot").start()
            province = link_groups(url, emu, province, timeline.base)
            officials, group_id, plan_team = province.officials, province.groups[province.parent_id], None
            if ns.plan_changes:
                plan_team = province.children[0].code
        else:
            seeded = seed(
                url,
                people_count=ns.officials,
                activities_each=ns.reports + 2,
                year=timeline.year,
                period_kind="month",
                team_code="CHAOS",
                deadline_working_days=timeline.deadline_working_days,
                now=timeline.base,
            )
            emu = BotAPIEmulator(token=TOKEN, bot_username="pantau_chaos_bot").start()
            group = emu.group(title="Grup Chaos", bot_member=True)
            engine = make_sync_engine(url)
            from sqlmodel import Session

            with Session(engine) as session:
                team = session.get(Team, seeded.team_id)
                assert team is not None
                people.link_group(session, group.id, group.title or "", team, None, timeline.base)
                session.commit()
            engine.dispose()
            officials, group_id, plan_team = seeded.user_ids, group.id, "CHAOS"
        run = Run(ns.engine, url, emu, timeline, ns.speed, time.time(), log, group_id, officials, ns.reports + 2)
        run.patience = ns.patience
        engine = make_sync_engine(url)
        with engine.connect() as conn:
            run.targets_before = in_force_targets(conn)
        engine.dispose()
        stuck: list[int] = []
        stuck_secretariats: list[str] = []
        changes: list[str] = []
        try:
            run.spawn_up(timeout=ns.up_timeout)
            hard_deadline = time.monotonic() + ns.max_seconds
            readers = make_sync_engine(url, pool_size=4, max_overflow=4, pool_timeout=60)
            threads = [
                threading.Thread(
                    target=official, args=(run, readers, uid, ns.reports, hard_deadline, stuck), daemon=True
                )
                for uid in officials
            ]
            if plan_team is not None:
                threads.append(
                    threading.Thread(
                        target=planner,
                        args=(run, plan_team, ns.plan_changes, ns.seed, (ns.min_gap, ns.max_gap), changes),
                        daemon=True,
                    )
                )
            for child in province.children if province is not None else ():
                threads.append(
                    threading.Thread(
                        target=secretariat,
                        args=(
                            run,
                            child,
                            timeline.period_key,
                            ns.seed,
                            (ns.min_gap, ns.max_gap),
                            ns.kills,
                            hard_deadline,
                            stuck_secretariats,
                        ),
                        daemon=True,
                    )
                )
            for th in threads:
                th.start()
            kills = 0
            while kills < ns.kills:
                time.sleep(rng.uniform(ns.min_gap, ns.max_gap))
                run.kill()
                kills += 1
                run.kills = kills
                run.spawn_up(timeout=ns.up_timeout)
                if ns.verbose:
                    print(f"  kill {kills}: {dict(run.actions)}", file=sys.stderr, flush=True)
            run.stop.set()  # no new reports; the open drafts are finished with the bot left alone
            for number, th in enumerate(threads):
                if number == len(officials):
                    run.officials_done.set()  # the secretariats verify and close what they filed
                while th.is_alive() and time.monotonic() < hard_deadline:
                    th.join(timeout=5.0)
                    if ns.verbose:
                        print(f"  ... waiting for officials: {dict(run.actions)}", file=sys.stderr, flush=True)
            run.officials_done.set()
            # stop the bot cleanly; start it once more with the clock stopped past the grace of every claim it left
            # unconfirmed (the last kill's, or this stop's), so its ticks re-send them and send what is due; check
            run.terminate()
            stopped_at = run.clock_now()  # the bot's clock when it stopped: no claim is later
            frozen_at = end_instant(stopped_at, [row[5] for row in claimed_rows(url)])
            run.spawn_up(timeout=ns.up_timeout, speed=0.0, base=frozen_at)
            settle(run, frozen_at, ns.settle, ns.settle_max)
            outcome = check(run, frozen_at, stuck)
            if province is not None:
                outcome.closings = check_closings(run, province, timeline.period_key, stuck_secretariats)
            readers.dispose()
        finally:
            run.terminate()
            emu.stop()
    elapsed = time.monotonic() - started
    print(f"chaos on {ns.engine}: {ns.officials} officials, {kills} SIGKILLs, {run.starts} starts, {elapsed:.0f} s")
    if province is not None:
        print(
            f"  province {province.parent_code}: {len(province.children)} regency teams "
            f"({', '.join(c.code for c in province.children)}), a secretariat member each closing {timeline.period_key}"
            f" (the parent's deadline {timeline.deadline_working_days + ns.parent_deadline_days} working days after it)"
        )
    ups = sorted(run.startup)
    print(
        f"  start-up (spawn to first getUpdates; each kill {ns.min_gap:g}-{ns.max_gap:g} s after it): "
        f"median {ups[len(ups) // 2]:.2f} s, max {ups[-1]:.2f} s"
    )
    print(
        f"  clock x{ns.speed:g} from {timeline.base.astimezone(WIB):%a %d %b %Y %H:%M} WIB to "
        f"{frozen_at.astimezone(WIB):%a %d %b %H:%M} WIB; {timeline.period_key} due after "
        f"{timeline.deadline_working_days} working days"
    )
    print(f"  actions: {sum(run.actions.values())} ({dict(run.actions)})")
    print(
        f"  reports: Kirim answered {outcome.answered}, stored exactly once {outcome.stored_once}, "
        f"lost {outcome.lost}, duplicated {outcome.duplicated} (reports stored {outcome.reports})"
    )
    print(f"  drafts: unfinished {outcome.unfinished_drafts}, expired {outcome.expired_drafts}")
    print(
        f"  deliveries: sent {outcome.deliveries_sent}, other {outcome.deliveries_other}, still due {outcome.still_due}, "  # noqa: E501
        f"messages {outcome.delivery_messages}, re-sent after unconfirmed claims (logged) {outcome.resent_logged}, "
        f"duplicates beyond those {outcome.duplicate_deliveries}"
    )
    print(f"  deliveries sent by kind: {outcome.sent_by_kind}")
    print(f"  claimed left {len(outcome.claimed_left)} (still due {outcome.claimed_still_due})")
    if outcome.closings is not None:
        c = outcome.closings
        print(
            f"  closings of {timeline.period_key}: {c.children} teams, acknowledged {c.acknowledged}, stored {c.stored}"
            f" (automatic {c.automatic}), stored as acknowledged {c.stored_once}, stored unanswered {c.unanswered}, "
            f"lost {len(c.lost)}, duplicated {len(c.duplicated)}, acknowledged twice {len(c.acked_twice)}, "
            f"never closed {len(c.open_at_end)}; notices to the parent's group {c.notices} (twice: "
            f"{len(c.notices_twice)}); reports verified {c.verified}; earlier months closed at their lock date "
            f"{c.automatic_earlier}"
        )
        if c.stuck:
            print(f"  secretariats still trying at the time limit: {', '.join(c.stuck)}")
    plan = outcome.plan or PlanCheck()
    print(
        f"  plan: {len(changes)} change(s) while reporting, {len(outcome.plan_errors)} failed; "
        f"{plan.versions} versions; "
        f"{plan.checked} targets against their versions: {len(plan.mismatched)} not the latest applying version's, "
        f"{len(plan.early)} set before their version's first period; closed-period targets changed "
        f"{len(outcome.closed_changed)}"
    )
    if ns.verbose:
        for line in changes:
            print(f"    {line}", file=sys.stderr)
    for line in outcome.claimed_left:
        print(f"    {line}")
    print(f"  log: {log}")
    if outcome.failed:
        for uid in sorted(set(stuck)):
            last = emu.sent(uid)[-1:] if emu else []
            print(f"  stuck official {uid}: last bot message {[(m.text or '')[:200] for m in last]}")
        print(f"  FAILED: {'; '.join(outcome.why())}")
        return 1
    if outcome.closings is not None:
        print("  OK: 0 lost, 0 duplicated, 0 left claimed, every closing stored once as acknowledged")
    else:
        print("  OK: 0 lost, 0 duplicated, 0 left claimed, every target where its versions put it")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--bot"]:
        return bot_main()
    parser = argparse.ArgumentParser(description="SIGKILL the bot at random moments while officials report.")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg", default=os.environ.get("PANTAU_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    )
    parser.add_argument("--officials", type=int, default=100)
    parser.add_argument(
        "--province",
        type=int,
        default=0,
        metavar="N",
        help="N regency teams under one parent, the officials spread over them, a secretariat member each verifying "
        "and closing the reported month (/tutup) at random moments",
    )
    parser.add_argument(
        "--parent-deadline-days",
        type=int,
        default=1,
        help="with --province: the parent's deadline, in working days after the regencies' own reporting deadline",
    )
    parser.add_argument("--reports", type=int, default=2, help="reports each official aims for while the kills go on")
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--speed", type=float, default=1200.0, help="the bot's clock runs this many times real time")
    parser.add_argument(
        "--min-gap", type=float, default=0.5, help="seconds between the bot being up (first getUpdates) and its kill"
    )
    parser.add_argument("--max-gap", type=float, default=4.0)
    parser.add_argument("--up-timeout", type=float, default=60.0, help="seconds a start may take to be up")
    parser.add_argument("--settle", type=float, default=6.0, help="seconds of ticks with the clock stopped")
    parser.add_argument(
        "--settle-max", type=float, default=60.0, help="more seconds while the stopped bot still has work in hand"
    )
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--plan-changes", type=int, default=10, help="plan versions made while the officials report (0: none)"
    )
    parser.add_argument("--patience", type=float, default=15.0, help="seconds an official waits for an answer")
    parser.add_argument("--log", help="the bot's output (all incarnations)")
    parser.add_argument("--verbose", action="store_true", help="progress on stderr")
    ns = parser.parse_args(argv)
    return chaos(ns)


if __name__ == "__main__":
    raise SystemExit(main())
