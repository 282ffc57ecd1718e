"""The deadline rush (issue 15): many focal points across a province's regencies filing their reports at once, each
a full /lapor → Kirim (14 updates: /lapor, activity, period, value, budget, physical %, obstacles, category,
decision, follow-up, a photo, Selesai, a location, Kirim), through the emulator with Telegram's limits enforced,
against the real bot (``python -m pantau run`` in its own process).

    python bench/bench_rush.py [--focal-points 1000] [--regencies 14] [--engine postgresql|sqlite]
        [--think 1.0 3.0] [--ramp 0] [--private-burst 3]

Limits (``emulator.enforce_flood_limits``): 30 messages a second overall, 20 a minute per group, and per private
chat about one a second with short bursts (a bucket of ``--private-burst`` messages refilled at 1/s). Every focal
point starts within ``--ramp`` seconds of the others (0: all at once), and waits a think time drawn from ``--think``
before each step (a person reads the answer and types; at least 1 s keeps each chat near the per-chat limit).

Prints, with the goals of issue 15 item 5:

- every Kirim stored exactly once: reports in the database per focal point (goal: each exactly 1);
- the 429 answers the emulator gave (goal 0);
- the bot's answer rate against the ceiling the limits allow: the overall limit (30/s) is the binding one when
  many people are active at once, so the ceiling is 30 rate-limited requests a second (sends, and edits: the bot's
  limiter paces both). The rate is taken over the busy part of the run (from the first tap until the last focal
  point's Kirim is confirmed); the floor is the time those requests need at 30 a second (goal: rate ≥ 90%);
- the first answer to each tap (a message, an edit, or the answer to a button press, whichever comes first):
  median, 95th percentile and max (goal p95 < 2 s), for text taps and button taps apart.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select
from sqlmodel import Session

from bench.drive import PHOTO, SENT_MARK, StepFailed
from bench.world import cpu_seconds, database, spawn_bot
from emulator import BotAPIEmulator
from emulator.state import SentMessage, User
from storage.db import make_sync_engine
from storage.models import Person, Report, ReportRevision
from tests.worlds import WorldBuilder, each_period
from texts import t

TOKEN = "123456:BENCH-RUSH"
FIRST_USER_ID = 700_000
GLOBAL_PER_SECOND = 30
LIMITED = ("send", "edit", "copymessage", "forwardmessage")  # method prefixes the bot's limiter paces (chat-bound)


# --- the province -----------------------------------------------------------------------------------------------


def seed_province(url: str, *, focal_points: int, regencies: int, year: int) -> list[int]:
    """A parent team over ``regencies`` child teams; the focal points spread over them, each with an organization of
    their own and one monthly activity (target 1000: the usual answers never warn). Returns the telegram ids."""
    now = datetime.now(UTC)
    engine = make_sync_engine(url)
    ids: list[int] = []
    try:
        with Session(engine) as session:
            w = WorldBuilder(session, now)
            parent = w.team("PROV", "Tim provinsi", year=year, period_kind="month")
            targets = each_period((1000, 50.0), year, "month")
            for k in range(regencies):
                code = f"KAB{k + 1:02d}"
                team = w.team(code, f"Tim Kabupaten {k + 1}", year=year, period_kind="month", parent_id=parent)
                program = w.program(team, f"{code}-P1", "Program uji", position=1)
                for i in range(k, focal_points, regencies):
                    org = w.org(team, f"{code}-O{i:04d}", f"Dinas Uji {i}")
                    w.activity(
                        program,
                        org,
                        f"{code}-K{i:04d}",
                        f"Kegiatan {i}",
                        unit="unit",
                        budget_ceiling=1_000_000_000,
                        measure="per_period",
                        position=i,
                        targets=targets,
                    )
                    tid = FIRST_USER_ID + i
                    w.person(tid, f"Petugas {i}", team, "focal_point", org)
                    ids.append(tid)
            session.commit()
    finally:
        engine.dispose()
    return sorted(ids)


def stored_reports(url: str, user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per telegram id: (reports, revisions) the focal point has in the database."""
    engine = make_sync_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(
                    Person.telegram_id,
                    func.count(func.distinct(ReportRevision.report_id)),
                    func.count(ReportRevision.id),
                )
                .join(ReportRevision, ReportRevision.reporter_id == Person.id)  # type: ignore[arg-type]
                .join(Report, Report.id == ReportRevision.report_id)  # type: ignore[arg-type]
                .where(Person.telegram_id.in_(user_ids))  # type: ignore[attr-defined]
                .group_by(Person.telegram_id)
            ).all()
    finally:
        engine.dispose()
    return {int(tg): (int(n), int(revs)) for tg, n, revs in rows}


# --- the focal points -----------------------------------------------------------------------------------------------


@dataclass
class Tap:
    chat: int
    at: float  # emulator clock
    button: str | None = None  # the callback query id of a button press


@dataclass
class Run:
    emu: BotAPIEmulator
    loop: asyncio.AbstractEventLoop
    think: tuple[float, float]
    timeout: float
    taps: list[Tap] = field(default_factory=list)
    events: dict[int, asyncio.Event] = field(default_factory=dict)
    seen: dict[int, list[int]] = field(default_factory=dict)  # chat -> ids of the bot's sends and edits, in order
    done_at: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def hook(self) -> None:
        """Keep each chat's sends and edits as they happen and wake its focal point's coroutine (no polling, and no
        scan of the emulator's whole history per check: that is quadratic at 1,000 chats and starved the
        emulator's HTTP thread in a first version of this bench)."""
        state = self.emu.state
        original = state.record_event

        def record_event(chat_id: int, message_id: int, kind: str) -> None:
            original(chat_id, message_id, kind)
            seen = self.seen.get(chat_id)
            if seen is not None and kind in ("send", "edit"):
                seen.append(message_id)
                self.loop.call_soon_threadsafe(self.events[chat_id].set)

        state.record_event = record_event  # type: ignore[method-assign]

    def mark(self, chat: int) -> int:
        return len(self.seen[chat])

    def snapshots(self, chat: int, message_ids: list[int]) -> list[SentMessage]:
        with self.emu.state.lock:
            return [self.emu.state.snapshot((chat, mid)) for mid in dict.fromkeys(message_ids)]

    async def wait(self, chat: int, mark: int, count: int) -> list[SentMessage]:
        event, seen = self.events[chat], self.seen[chat]
        deadline = time.monotonic() + self.timeout
        while len(seen) - mark < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StepFailed(f"chat {chat}: no answer within {self.timeout:.0f} s")
            event.clear()
            if len(seen) - mark >= count:
                break
            try:
                await asyncio.wait_for(event.wait(), timeout=min(left, 1.0))
            except TimeoutError:
                pass
        return self.snapshots(chat, seen[mark:])

    async def think_a_while(self) -> None:
        await asyncio.sleep(random.uniform(*self.think))

    def _last_with_buttons(self, chat: int) -> SentMessage:
        for message in reversed(self.snapshots(chat, self.seen[chat])):
            if message.buttons:
                return message
        raise StepFailed(f"no message with buttons in chat {chat}")

    async def say(self, user: User, text: str | None, count: int = 1, *, photo: bool = False) -> list[SentMessage]:
        await self.think_a_while()
        mark = self.mark(user.id)
        self.taps.append(Tap(user.id, self.emu.state.now()))
        if photo:
            self.emu.send_photo(user, PHOTO)
        elif text is None:
            self.emu.send_location(user, -2.21, 113.92)
        else:
            self.emu.send_text(user, text)
        return await self.wait(user.id, mark, count)

    async def press(self, user: User, prefix: str, count: int = 1) -> list[SentMessage]:
        await self.think_a_while()
        message = self._last_with_buttons(user.id)
        label = next((b for b in message.button_labels() if b.startswith(tuple(prefix.split("|")))), None)
        if label is None:
            raise StepFailed(f"no button starting {prefix!r} in {message.button_labels()}")
        mark = self.mark(user.id)
        at = self.emu.state.now()
        query = self.emu.press_button(user, message, text=label)
        self.taps.append(Tap(user.id, at, query))
        return await self.wait(user.id, mark, count)

    async def report(self, user: User, start_after: float) -> None:
        """One report from /lapor to Kirim, as ``bench.drive.conversation`` walks it."""
        await asyncio.sleep(start_after)
        try:
            await self.say(user, "/lapor")
            await self.press(user, "⏳|⚠️")
            await self.press(user, "▶")
            await self.say(user, "40")
            await self.say(user, "1.500.000")
            await self.say(user, "40")
            await self.say(user, "Hujan deras di desa")
            await self.press(user, t("obstacles.category.cuaca"))
            await self.press(user, t("obstacles.button.no"))
            await self.say(user, "Pendampingan lanjutan")
            await self.say(user, None, photo=True)
            await self.press(user, t("report.button.done"))
            await self.say(user, None, 2)
            mark = self.mark(user.id)
            answered = await self.press(user, t("report.button.send"), 2)
            if not any((m.text or "").startswith(SENT_MARK) for m in answered):
                answered = await self.wait(user.id, mark, 3)
                if not any((m.text or "").startswith(SENT_MARK) for m in answered):
                    raise StepFailed(f"Kirim was not confirmed: {[m.text for m in answered]}")
            self.done_at.append(self.emu.state.now())
        except (StepFailed, TimeoutError) as exc:
            self.failures.append(f"{user.id}: {exc}")


# --- the measurements -------------------------------------------------------------------------------------------


def first_answers(emu: BotAPIEmulator, taps: list[Tap]) -> tuple[list[float], list[float]]:
    """Seconds from each tap to the bot's first answer in that chat (a send or edit, or the button's answer)."""
    by_chat: dict[int, list[float]] = defaultdict(list)
    for call in emu.calls():
        chat = call.params.get("chat_id")
        if call.status in (None, 200) and chat is not None and call.method.lower().startswith(LIMITED):
            by_chat[int(chat)].append(call.at)
    for times in by_chat.values():
        times.sort()
    answers = {a.callback_query_id: a.at for a in emu.callback_answers}
    text: list[float] = []
    buttons: list[float] = []
    import bisect

    for tap in taps:
        times = by_chat.get(tap.chat, [])
        i = bisect.bisect_left(times, tap.at)
        candidates = [times[i]] if i < len(times) else []
        if tap.button is not None and tap.button in answers:
            candidates.append(answers[tap.button])
        if candidates:
            (buttons if tap.button else text).append(min(candidates) - tap.at)
    return text, buttons


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def drive(emu: BotAPIEmulator, users: list[User], ns: argparse.Namespace) -> Run:
    run = Run(emu, asyncio.get_running_loop(), (ns.think[0], ns.think[1]), ns.timeout)
    for user in users:
        run.events[user.id] = asyncio.Event()
        run.seen[user.id] = []
    run.hook()
    starts = [random.uniform(0, ns.ramp) if ns.ramp else 0.0 for _ in users]

    async def progress() -> None:
        began = time.perf_counter()
        while True:
            await asyncio.sleep(30)
            print(
                f"    {time.perf_counter() - began:5.0f} s: {len(run.taps)} taps, {emu.stats.sends} sends, "
                f"{len(run.done_at)} reports confirmed, {emu.stats.too_many_requests} x 429",
                flush=True,
            )

    ticker = asyncio.create_task(progress())
    await asyncio.gather(*(run.report(user, s) for user, s in zip(users, starts, strict=True)))
    ticker.cancel()
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--focal-points", type=int, default=1000)
    parser.add_argument("--regencies", type=int, default=14)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds over which the focal points start")
    parser.add_argument(
        "--private-burst", type=int, default=3, help="per private chat: burst, refilled at 1/s (0: no per-chat limit)"
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds a step may wait for its answer")
    parser.add_argument("--seed", type=int, default=15)
    ns = parser.parse_args()
    random.seed(ns.seed)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the bot and drop the database on the way out
    year = datetime.now(UTC).year
    with database(ns.engine, ns.pg) as url:
        ids = seed_province(url, focal_points=ns.focal_points, regencies=ns.regencies, year=year)
        emu = BotAPIEmulator(token=TOKEN, bot_username="pantau_rush_bot").start()
        proc = spawn_bot(["-m", "pantau", "run"], token=TOKEN, api_url=emu.url, db_url=url)
        try:
            emu.wait_for_call("getUpdates", count=1, timeout=120)
            users = [emu.user(uid, f"Petugas {uid - FIRST_USER_ID}") for uid in ids]
            emu.enforce_flood_limits(
                True, global_per_second=GLOBAL_PER_SECOND, group_per_minute=20, private_burst=ns.private_burst
            )
            calls_before = len(emu.calls())
            cpu0 = cpu_seconds(proc.pid)
            started = emu.state.now()
            wall0 = time.perf_counter()
            run = asyncio.run(drive(emu, users, ns))
            wall = time.perf_counter() - wall0
            cpu = cpu_seconds(proc.pid) - cpu0
            end = max(run.done_at) if run.done_at else emu.state.now()
            calls = emu.calls()[calls_before:]
        finally:
            proc.terminate()
            proc.wait(timeout=60)
            emu.stop()
        stored = stored_reports(url, ids)
    limited = [
        c for c in calls if c.status in (None, 200) and c.method.lower().startswith(LIMITED) and c.at <= end + 1e-6
    ]
    too_many = sum(1 for c in calls if c.status == 429)
    busy = end - started
    rate = len(limited) / busy if busy > 0 else 0.0
    floor = len(limited) / GLOBAL_PER_SECOND
    text_lat, button_lat = first_answers(emu, run.taps)
    every = text_lat + button_lat
    once = sum(1 for uid in ids if stored.get(uid, (0, 0))[0] == 1)
    twice = sum(1 for uid in ids if stored.get(uid, (0, 0))[0] > 1)
    extra_revisions = sum(max(0, revs - n) for n, revs in stored.values())
    sends = sum(1 for c in limited if c.method.lower().startswith("send"))
    print(
        f"deadline rush, {ns.focal_points} focal points over {ns.regencies} regencies, {ns.engine}, "
        f"think {ns.think[0]:g}-{ns.think[1]:g} s, ramp {ns.ramp:g} s, limits 30/s overall, 20/min per group, "
        f"private burst {ns.private_burst} at 1/s; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  reports confirmed {len(run.done_at)} of {ns.focal_points}; failures {len(run.failures)}"
        + (f" (first: {run.failures[0]})" if run.failures else "")
    )
    print(
        f"  stored exactly once: {once} of {ns.focal_points}; more than once: {twice}; extra revisions "
        f"{extra_revisions} (goal: all exactly once)"
    )
    print(f"  429 answers: {too_many} (goal 0)")
    for c in [c for c in calls if c.status == 429][:5]:  # which chat and how long: the per-chat or the overall limit
        print(f"    429: {c.method} to chat {c.params.get('chat_id')} at +{c.at - started:.1f} s: {c.description}")
    print(
        f"  answers: {len(limited)} rate-limited requests ({sends} sends, {len(limited) - sends} edits) "
        f"in {busy:.1f} s:"
        f" {rate:.2f}/s of the {GLOBAL_PER_SECOND}/s ceiling = {100 * rate / GLOBAL_PER_SECOND:.1f}% "
        f"(floor {floor:.1f} s, ratio {busy / floor:.2f}x; goal >= 90%)"
    )
    print(
        f"  first answer to each tap: {len(every)} taps, median {statistics.median(every):.2f} s, "
        f"p95 {pct(every, 0.95):.2f} s, max {max(every):.2f} s (goal p95 < 2 s); text {len(text_lat)} taps p95 "
        f"{pct(text_lat, 0.95):.2f} s, buttons {len(button_lat)} taps p95 {pct(button_lat, 0.95):.2f} s"
    )
    print(f"  bot CPU {cpu:.1f} s over {wall:.1f} s wall ({100 * cpu / wall:.0f}% of one core)")
    return 0 if not run.failures and once == ns.focal_points else 1


if __name__ == "__main__":
    raise SystemExit(main())
