"""Update cost: full report conversations through the real application (``python -m pantau run``) and the emulator
over HTTP, against a bare python-telegram-bot echo bot driven with the same updates over the same emulator.

Prints the bot process's CPU time and the wall time per update for both, and the ratio (goal ≤ 1.5×). A second
floor, the echo bot writing one row per update through ``storage.db.Database`` on the same database
(``echo_bot.py --store``), shows how much of the gap any bot that keeps its answers durable pays.

    python bench/bench_updates.py [--users 10] [--conversations 5] [--engine sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.drive import conversation
from bench.world import cpu_seconds, database, seed, spawn_bot
from emulator import BotAPIEmulator

TOKEN = "123456:BENCH-UPDATES"


def drive(emu: BotAPIEmulator, user_ids: list[int], conversations: int, *, echo: bool) -> int:
    """Every user walks ``conversations`` reports, users in parallel threads; returns the updates sent."""
    counts: list[int] = []
    errors: list[BaseException] = []

    def one(uid: int) -> None:
        user = emu.user(uid, f"Petugas {uid}")
        try:
            counts.append(sum(conversation(emu, user, echo=echo) for _ in range(conversations)))
        except BaseException as exc:  # reported after the join
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(uid,)) for uid in user_ids]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    return sum(counts)


def measure(
    args: list[str], db_url: str, user_ids: list[int], conversations: int, *, echo: bool, profile: str | None = None
) -> dict[str, float]:
    emu = BotAPIEmulator(token=TOKEN, bot_username="pantau_bench_bot").start()
    proc = spawn_bot(args, token=TOKEN, api_url=emu.url, db_url=db_url)
    try:
        emu.wait_for_call("getUpdates", count=1, timeout=60)
        drive(emu, user_ids[:1], 1, echo=echo)  # warm-up: imports, first queries, caches
        spy = None
        if profile:  # py-spy (pip install py-spy) samples the bot process while it is driven
            spy = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("py-spy")),
                    "record",
                    "--pid",
                    str(proc.pid),
                    "--format",
                    "raw",
                    "-o",
                    profile,
                    "--rate",
                    "200",
                    "--gil",  # only the thread holding the GIL: where the CPU goes, not who waits for it
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1)
        cpu0, wall0 = cpu_seconds(proc.pid), time.perf_counter()
        updates = drive(emu, user_ids[1:], conversations, echo=echo)
        cpu1, wall1 = cpu_seconds(proc.pid), time.perf_counter()
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        emu.stop()
    return {"updates": updates, "cpu_ms": (cpu1 - cpu0) * 1000 / updates, "wall_ms": (wall1 - wall0) * 1000 / updates}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--conversations", type=int, default=5, help="reports per user")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--profile", metavar="FILE", help="py-spy collapsed stacks of the pantau process")
    ns = parser.parse_args()
    year = datetime.now(UTC).year
    with database(ns.engine, ns.pg) as url:
        seeded = seed(
            url, people_count=ns.users + 1, activities_each=ns.conversations + 1, year=year, period_kind="month"
        )
        pantau = measure(
            ["-m", "pantau", "run"], url, seeded.user_ids, ns.conversations, echo=False, profile=ns.profile
        )
        stored = measure(["bench/echo_bot.py", "--store"], url, seeded.user_ids, ns.conversations, echo=True)
    floor = measure(["bench/echo_bot.py"], "sqlite://", seeded.user_ids, ns.conversations, echo=True)
    print(f"update cost, {ns.users} users x {ns.conversations} full reports, {ns.engine}, {datetime.now(UTC):%Y-%m-%d}")
    rows = (("pantau", pantau), ("echo floor", floor), ("echo+store", stored))
    for name, row in rows:
        print(
            f"  {name:<11} {row['updates']:>5.0f} updates  CPU {row['cpu_ms']:6.2f} ms/update  wall {row['wall_ms']:6.2f} ms/update"  # noqa: E501
        )
    print(f"  ratio (CPU)  {pantau['cpu_ms'] / floor['cpu_ms']:.2f}x   (goal <= 1.5x)")
    print(f"  ratio (wall) {pantau['wall_ms'] / floor['wall_ms']:.2f}x")
    print(f"  ratio (CPU) to echo+store  {pantau['cpu_ms'] / stored['cpu_ms']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
