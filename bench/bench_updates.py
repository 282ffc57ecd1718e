"""Update cost: full report conversations through the real application (``python -m pantau run``) and the emulator
over HTTP, against a bare python-telegram-bot echo bot driven with the same updates over the same emulator.

Prints the bot process's CPU time and the wall time per update for both, and the ratio (goal ≤ 1.5×). A second
floor, the echo bot writing one row per update through ``storage.db.Database`` on the same database
(``echo_bot.py --store``), shows how much of the gap any bot that keeps its answers durable pays (issue 15's goal:
at most 2× of it).

With ``--rounds N`` pantau and the storing echo bot are measured N times, alternately, each round against the other
in the round, and the median of the rounds' ratios is printed: on a machine shared with other work the load moves
between one measurement and the next, and a single pair can be off by 30 %.

    python bench/bench_updates.py [--users 10] [--conversations 5] [--engine sqlite|postgresql] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
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
ECHO_STORE = ["bench/echo_bot.py", "--store"]
ECHO_STORE_LIMITED = [*ECHO_STORE, "--limited"]  # paced by the same rate limiter as pantau


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
        calls0 = emu.call_count()
        cpu0, wall0 = cpu_seconds(proc.pid), time.perf_counter()
        updates = drive(emu, user_ids[1:], conversations, echo=echo)
        cpu1, wall1 = cpu_seconds(proc.pid), time.perf_counter()
        time.sleep(0.5)  # the answers still on their way (a callback's answer after its message)
        calls = emu.calls()[calls0:]
        polls = sum(1 for c in calls if c.method == "getUpdates")
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        emu.stop()
    return {
        "updates": updates,
        "cpu_ms": (cpu1 - cpu0) * 1000 / updates,
        "wall_ms": (wall1 - wall0) * 1000 / updates,
        "calls": (len(calls) - polls) / updates,
        "polls": polls / updates,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--conversations", type=int, default=5, help="reports per user")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--rounds", type=int, default=1, help="pantau and echo+store measured alternately N times")
    parser.add_argument("--profile", metavar="FILE", help="py-spy stacks of pantau (FILE) and echo+store (FILE.store)")
    ns = parser.parse_args()
    year = datetime.now(UTC).year
    pantau: list[dict[str, float]] = []
    stored: list[dict[str, float]] = []
    limited: list[dict[str, float]] = []
    with database(ns.engine, ns.pg) as url:
        seeded = seed(
            url,
            people_count=ns.users * (ns.rounds + 1) + 1,
            activities_each=max(ns.conversations, ns.rounds + 1) + 1,  # the warm-up user reports once a round
            year=year,
            period_kind="month",
        )
        if ns.profile:  # a pair of its own: py-spy slows the process it samples, so it is not in the ratios
            users = seeded.user_ids[: ns.users + 1]
            measure(["-m", "pantau", "run"], url, users, ns.conversations, echo=False, profile=ns.profile)
            measure(ECHO_STORE, url, users, ns.conversations, echo=True, profile=f"{ns.profile}.store")
        for round_ in range(ns.rounds):
            # each round has people of its own, whose activities are all still to report (as in the first round)
            first = 1 + (round_ + int(bool(ns.profile))) * ns.users
            users = [seeded.user_ids[0], *seeded.user_ids[first : first + ns.users]]
            pantau.append(measure(["-m", "pantau", "run"], url, users, ns.conversations, echo=False))
            stored.append(measure(ECHO_STORE, url, users, ns.conversations, echo=True))
            limited.append(measure(ECHO_STORE_LIMITED, url, users, ns.conversations, echo=True))
            print(
                f"  round {round_ + 1}: pantau {pantau[-1]['cpu_ms']:.2f} ms, echo+store {stored[-1]['cpu_ms']:.2f} ms,"
                f" limited {limited[-1]['cpu_ms']:.2f} ms CPU/update, ratios"
                f" {pantau[-1]['cpu_ms'] / stored[-1]['cpu_ms']:.2f}x"
                f" / {pantau[-1]['cpu_ms'] / limited[-1]['cpu_ms']:.2f}x,"
                f" load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    floor = measure(["bench/echo_bot.py"], "sqlite://", seeded.user_ids[: ns.users + 1], ns.conversations, echo=True)
    print(f"update cost, {ns.users} users x {ns.conversations} full reports, {ns.engine}, {datetime.now(UTC):%Y-%m-%d}")

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    rows = (("pantau", pantau), ("echo floor", [floor]), ("echo+store", stored), ("+limiter", limited))
    for name, row in rows:
        print(
            f"  {name:<11} {median(row, 'updates'):>5.0f} updates  CPU {median(row, 'cpu_ms'):6.2f} ms/update"
            f"  wall {median(row, 'wall_ms'):6.2f} ms/update  Bot API calls {median(row, 'calls'):.2f}/update"
            f" + getUpdates {median(row, 'polls'):.2f}/update"
        )
    print(f"  ratio (CPU)  {median(pantau, 'cpu_ms') / floor['cpu_ms']:.2f}x   (goal <= 1.5x)")
    print(f"  ratio (wall) {median(pantau, 'wall_ms') / floor['wall_ms']:.2f}x")
    ratios = [p["cpu_ms"] / s["cpu_ms"] for p, s in zip(pantau, stored, strict=True)]
    print(
        f"  ratio (CPU) to echo+store  {statistics.median(ratios):.2f}x   (goal <= 2x; median of {ns.rounds} round(s):"
        f" {', '.join(f'{r:.2f}' for r in ratios)})"
    )
    paced = [p["cpu_ms"] / s["cpu_ms"] for p, s in zip(pantau, limited, strict=True)]
    print(
        f"  ratio (CPU) to echo+store paced by pantau's rate limiter  {statistics.median(paced):.2f}x"
        f"   ({', '.join(f'{r:.2f}' for r in paced)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
