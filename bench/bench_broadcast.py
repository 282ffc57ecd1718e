"""Broadcast: the weekly digest to 200 groups linked to one team, sent by the real tick (jobs.tick.tick through the
bot's Notifier, paced by its AIORateLimiter) with the emulator enforcing Telegram's limits (30 messages/s overall,
20/min per group), against the floor those limits allow (200 messages at 30/s). Prints the time, the ratio (goal
≤ 1.2×) and the 429 answers (goal 0).

    python bench/bench_broadcast.py [--groups 200] [--engine sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.world import database
from jobs.tick import tick
from storage import people
from tests.e2e.harness import running_bot

GLOBAL_PER_SECOND = 30


async def measure(url: str, groups: int) -> dict[str, Any]:
    async with running_bot(url) as h:  # the example plan; Monday 4 April 2022 09:00 WIB: the digest is due
        chats = [h.emu.group(title=f"Grup {i}", bot_member=True) for i in range(groups)]

        def link(session: Any) -> None:
            team = people.team_by_code(session, "TPAKD-DS")
            for chat in chats:
                people.link_group(session, chat.id, chat.title or "", team, None, h.clock())

        await h.run(link)
        h.emu.enforce_flood_limits(True, global_per_second=GLOBAL_PER_SECOND, group_per_minute=20)
        assert h.app is not None
        notifier = h.app.bot_data["pantau.services"].notifier
        before_429 = h.emu.stats.too_many_requests
        started = time.perf_counter()
        report = await tick(h.db, notifier, h.clock())
        elapsed = time.perf_counter() - started
        digests = sum(1 for chat in chats if h.emu.sent(chat.id))
        return {
            "elapsed": elapsed,
            "sent": report.sent,
            "planned": report.planned,
            "groups_reached": digests,
            "too_many": h.emu.stats.too_many_requests - before_429,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument(
        "--overall-rate",
        type=int,
        help="try a burst-free AIORateLimiter(1 per 1/N s) instead of bot/app.py's",
    )
    ns = parser.parse_args()
    if ns.overall_rate:
        import functools

        from telegram.ext import AIORateLimiter

        import bot.app

        # N per second without a burst: a bucket of one, refilled every 1/N s
        bot.app.AIORateLimiter = functools.partial(  # type: ignore[misc]
            AIORateLimiter, overall_max_rate=1, overall_time_period=1 / ns.overall_rate
        )
    with tempfile.TemporaryDirectory() as tmp, database(ns.engine, ns.pg, Path(tmp)) as url:
        row = asyncio.run(measure(url, ns.groups))
    floor = (ns.groups - 1) / GLOBAL_PER_SECOND  # the first message at 0 s, then 30 a second
    limiter = f"AIORateLimiter(1 per 1/{ns.overall_rate} s)" if ns.overall_rate else "bot/app.py's limiter"
    print(f"broadcast, weekly digest to {ns.groups} groups, {ns.engine}, {limiter}, {datetime.now(UTC):%Y-%m-%d}")
    print(
        f"  {row['elapsed']:.2f} s for {row['sent']} sent of {row['planned']} due ({row['groups_reached']} groups "
        f"reached); floor {floor:.2f} s; ratio {row['elapsed'] / floor:.2f}x (goal <= 1.2x); "
        f"429 answers {row['too_many']} (goal 0)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
