"""Invitation tokens cannot be guessed, reused or used after expiry (tests/e2e/test_core.py covers the happy path,
one reuse, one forged token and the hash-only storage; this adds the attacker's view)."""

from __future__ import annotations

import asyncio
import re
import secrets
from datetime import timedelta

from sqlalchemy import text
from sqlmodel import select

from storage import people
from storage.models import InviteToken
from tests.e2e.harness import plain, texts
from tests.security.world import security_world
from texts import t

URLSAFE = re.compile(r"^[A-Za-z0-9_-]+$")


async def test_tokens_carry_enough_randomness_and_are_stored_hashed(db_url: str) -> None:
    async with security_world(db_url) as w:
        made = [await w.h.run(people.create_invite, "TPAKD-DS", "viewer", w.h.clock()) for _ in range(200)]
        tokens = [token for token, _ in made]
        assert len(set(tokens)) == len(tokens)
        assert all(len(tok) >= 32 and URLSAFE.match(tok) for tok in tokens)  # 24 random bytes = 192 bits
        assert len(max(tokens, key=len)) <= 64  # Telegram's limit for a /start parameter
        stored = await w.h.run(lambda s: [r.token_hash for r in s.exec(select(InviteToken)).all()])
        assert not set(tokens) & set(stored)
        # no two tokens share a long prefix (they are not a counter or a timestamp)
        prefixes = {tok[:8] for tok in tokens}
        assert len(prefixes) == len(tokens)


async def test_guesses_near_a_real_token_are_refused_and_grant_nothing(db_url: str) -> None:
    async with security_world(db_url) as w:
        token, _ = await w.h.run(people.create_invite, "TPAKD-DS", "chair", w.h.clock())
        flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
        guesses = [
            flipped,
            token[:-1],
            token + "A",
            token.upper() if token.upper() != token else token.lower(),
            token[1:],
            *(secrets.token_urlsafe(24) for _ in range(20)),
            "",
            "' OR 1=1 --",
            "%" * 32,
        ]
        attacker = w.h.user("Penebak")
        for guess in guesses:
            answer = texts(await w.h.say(attacker, f"/start {guess}"))
            assert answer and answer[0] in {plain(t("core.invite.unknown")), plain(t("core.start.unknown"))}, guess
            assert await w.h.run(people.grants_of, attacker.id) == [], guess
        # the real token still works afterwards (guessing does not burn it)
        await w.h.say(attacker, f"/start {token}")
        assert [g.role for g in await w.h.run(people.grants_of, attacker.id)] == ["chair"]


async def test_a_token_is_single_use_even_when_redeemed_at_the_same_moment(db_url: str) -> None:
    async with security_world(db_url) as w:
        token, _ = await w.h.run(people.create_invite, "TPAKD-DS", "focal_point", w.h.clock(), org_code="DISKOP")
        now = w.h.clock()

        async def redeem(telegram_id: int) -> str:
            try:
                await w.h.run(people.redeem_invite, token, telegram_id, f"P{telegram_id}", now)
                return "ok"
            except people.PeopleError as exc:
                return exc.key
            except Exception as exc:  # a serialisation failure is also a refusal, as long as nothing was granted
                return type(exc).__name__

        count = "SELECT count(*) FROM membership"
        before = await w.h.run(lambda s: s.execute(text(count)).scalar())
        results = await asyncio.gather(*(redeem(8000 + i) for i in range(6)))
        assert results.count("ok") == 1, results
        assert await w.h.run(lambda s: s.execute(text(count)).scalar()) == before + 1
        # the same person again is told they are registered (nothing granted twice); another person is refused
        winner = 8000 + results.index("ok")
        again = w.h.user("Again", user_id=winner)
        role = t("core.role.with_org", role=t("core.role.focal_point"), org="Dinas Koperasi dan UKM")
        registered = t("core.invite.already_registered", role=role, team="TPAKD Deli Serdang")
        assert texts(await w.h.say(again, f"/start {token}")) == [plain(registered)]
        assert await w.h.run(lambda s: s.execute(text(count)).scalar()) == before + 1
        late = w.h.user("Late")
        assert texts(await w.h.say(late, f"/start {token}")) == [plain(t("core.invite.used"))]
        assert await w.h.run(people.grants_of, late.id) == []


async def test_expiry_is_exact(db_url: str) -> None:
    async with security_world(db_url) as w:
        start = w.h.clock()
        early, _ = await w.h.run(people.create_invite, "TPAKD-DS", "viewer", start, ttl=timedelta(hours=1))
        on_time, _ = await w.h.run(people.create_invite, "TPAKD-DS", "viewer", start, ttl=timedelta(hours=1))
        w.h.clock.set(start + timedelta(hours=1) - timedelta(seconds=1))
        ok = w.h.user("Tepat Waktu")
        await w.h.say(ok, f"/start {on_time}")
        assert [g.role for g in await w.h.run(people.grants_of, ok.id)] == ["viewer"]
        w.h.clock.set(start + timedelta(hours=1))
        late = w.h.user("Terlambat")
        assert texts(await w.h.say(late, f"/start {early}")) == [plain(t("core.invite.expired"))]
        assert await w.h.run(people.grants_of, late.id) == []
        w.h.clock.set(start + timedelta(days=400))
        assert texts(await w.h.say(late, f"/start {early}")) == [plain(t("core.invite.expired"))]
