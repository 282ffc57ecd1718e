"""Memory: the resident memory of ``python -m pantau run`` after 10,000 updates (two rounds of 5,000, full report
conversations through the emulator), and its growth over a third round of 5,000 (goals: under 250 MB and under 5 %).

    python bench/bench_memory.py [--per-round 5000] [--engine sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import queue
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.drive import UPDATES_PER_CONVERSATION, conversation
from bench.world import database, rss_mb, seed, spawn_bot
from emulator import BotAPIEmulator

TOKEN = "123456:BENCH-MEMORY"
CONVERSATIONS_EACH = 5  # per person and round: each person reports a different activity every time


def run_round(emu: BotAPIEmulator, user_ids: list[int], threads: int = 10) -> int:
    work: queue.Queue[int] = queue.Queue()
    for uid in user_ids:
        work.put(uid)
    done: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        while True:
            try:
                uid = work.get_nowait()
            except queue.Empty:
                return
            user = emu.user(uid, f"Petugas {uid}")
            try:
                done.append(sum(conversation(emu, user) for _ in range(CONVERSATIONS_EACH)))
            except BaseException as exc:
                errors.append(exc)
                return

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    if errors:
        raise errors[0]
    return sum(done)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-round", type=int, default=5000, help="updates per round (three rounds)")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ns = parser.parse_args()
    per_person = CONVERSATIONS_EACH * UPDATES_PER_CONVERSATION
    people_per_round = max(1, ns.per_round // per_person)
    rounds = 3
    with database(ns.engine, ns.pg) as url:
        seeded = seed(
            url,
            people_count=people_per_round * rounds,
            activities_each=CONVERSATIONS_EACH + 1,
            year=datetime.now(UTC).year,
            period_kind="month",
        )
        emu = BotAPIEmulator(token=TOKEN, bot_username="pantau_bench_bot").start()
        proc = spawn_bot(["-m", "pantau", "run"], token=TOKEN, api_url=emu.url, db_url=url)
        try:
            emu.wait_for_call("getUpdates", count=1, timeout=60)
            start_rss = rss_mb(proc.pid)
            after: list[float] = []
            total = 0
            for r in range(rounds):
                ids = seeded.user_ids[r * people_per_round : (r + 1) * people_per_round]
                started = time.perf_counter()
                total += run_round(emu, ids)
                time.sleep(2)  # let the last write-through finish
                after.append(rss_mb(proc.pid))
                print(
                    f"  round {r + 1}: {total:>6} updates, RSS {after[-1]:6.1f} MB ({time.perf_counter() - started:.0f} s)"  # noqa: E501
                )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            emu.stop()
    growth = (after[2] - after[1]) / after[1] * 100
    print(
        f"memory, {rounds} rounds of {people_per_round * per_person} updates, {ns.engine}, {datetime.now(UTC):%Y-%m-%d}"
    )
    print(
        f"  RSS at start {start_rss:.1f} MB; after {2 * people_per_round * per_person} updates {after[1]:.1f} MB (goal < 250 MB)"  # noqa: E501
    )
    print(f"  growth over the third round {growth:+.2f} % (goal < 5 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
