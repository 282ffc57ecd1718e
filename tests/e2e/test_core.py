"""Bot core over HTTP: invitations, roles, group linking, the bot's membership, migration, refusals, faults."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from storage import people
from storage.models import GroupChat, InviteToken, Membership, Person
from tests.e2e.harness import Harness, Press, Turn, plain, play, running_bot, texts
from texts import t
from texts.outgoing import OutgoingMessage, SendStatus

ADMIN_ID = 5_000_001


def _token_from(message_text: str) -> str:
    match = re.search(r"start=([A-Za-z0-9_-]+)", message_text)
    assert match, message_text
    return match.group(1)


async def _memberships(h: Harness, telegram_id: int) -> list[tuple[str, str | None]]:
    grants = await h.run(people.grants_of, telegram_id)
    return [(g.role, g.organization_code) for g in grants]


async def test_invite_start_registers_the_role_once(db_url: str) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN_ID]) as h:
        admin = h.user("Admin", user_id=ADMIN_ID)
        budi = h.user("Budi")
        siti = h.user("Siti")
        [link] = await h.say(admin, "/undang focal_point DISKOPUKM")
        assert "Focal point Dinas Koperasi" not in link.text  # the code is shown, not guessed names
        assert "https://t.me/pantau_test_bot?start=" in link.text
        token = _token_from(link.text)
        assert len(token) >= 22  # at least 128 random bits, url-safe

        # the token is stored hashed only
        rows = await h.run(lambda s: s.exec(select(InviteToken)).all())
        assert [r.token_hash for r in rows] == [people.hash_token(token)]
        assert token not in rows[0].token_hash

        [welcome] = await h.say(budi, f"/start {token}")
        assert welcome.text.startswith("Selamat datang, Budi!")
        assert plain(t("core.does.focal_point")) in welcome.text
        assert await _memberships(h, budi.id) == [("focal_point", "DISKOPUKM")]

        # the same link a second time, by someone else: refused, nothing granted
        assert texts(await h.say(siti, f"/start {token}")) == [plain(t("core.invite.used"))]
        assert await _memberships(h, siti.id) == []
        # a forged token
        assert texts(await h.say(siti, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) == [plain(t("core.invite.unknown"))]
        # a known person's plain /start shows their role
        [known] = await h.say(budi, "/start")
        assert "Focal point Dinas Koperasi dan UKM di Tim Percepatan" in known.text


async def test_expired_invite_is_refused(db_url: str) -> None:
    async with running_bot(db_url) as h:
        token, _ = await h.run(people.create_invite, "TPAKD-DS", "chair", h.clock(), ttl=timedelta(hours=1))
        h.clock.advance(hours=2)
        late = h.user("Pak Sekda")
        assert texts(await h.say(late, f"/start {token}")) == [plain(t("core.invite.expired"))]
        assert await _memberships(h, late.id) == []


async def test_unknown_person_and_unknown_command(db_url: str) -> None:
    async with running_bot(db_url) as h:
        stranger = h.user("Stranger")
        await play(
            h,
            [
                Turn(stranger, "/start", t("core.start.unknown")),
                Turn(stranger, "halo", t("core.unregistered")),
                Turn(stranger, "/entahlah", t("core.unknown_command", command="/entahlah")),
                Turn(stranger, "/undang ketua", t("core.not_allowed")),
            ],
        )


async def test_invite_usage_errors(db_url: str) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN_ID]) as h:
        admin = h.user("Admin", user_id=ADMIN_ID)
        await play(
            h,
            [
                Turn(admin, "/undang", t("core.invite.usage")),
                Turn(admin, "/undang raja", t("core.invite.bad_role", role="raja")),
                Turn(admin, "/undang focal_point", t("core.invite.org_needed")),
                Turn(admin, "/undang ketua DISKOPUKM", t("core.invite.org_only_focal")),
                Turn(admin, "/undang focal_point NOPE", t("core.org.unknown", org="NOPE")),
            ],
        )
        assert await h.run(lambda s: s.exec(select(InviteToken)).all()) == []


async def test_group_linking_removal_and_migration(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sekre")
        viewer = h.user("Pemantau")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        await h.grant(viewer, "TPAKD-DS", "viewer")
        group = h.group("TPAKD Deli Serdang")
        added = await h.do(group.id, lambda: h.emu.add_bot_to_group(sekre, group))
        assert texts(added) == [plain(t("core.group.added"))]

        team_name = "Tim Percepatan Akses Keuangan Daerah Kabupaten Deli Serdang"
        await play(
            h,
            [
                Turn(viewer, "/hubungkan TPAKD-DS", t("core.group.link_not_allowed", team="TPAKD-DS")),
                Turn(sekre, "/hubungkan", t("core.group.link_usage")),
                Turn(sekre, "/hubungkan NOPE", t("core.team.unknown", team="NOPE", choices="TPAKD-DS")),
                Turn(sekre, "/hubungkan tpakd-ds", t("core.group.linked", team=team_name)),
            ],
            chat=group,
        )
        row = await h.run(people.get_group, group.id)
        assert row is not None and row.active and row.team_id is not None

        # /hubungkan in a private chat is refused
        assert texts(await h.say(sekre, "/hubungkan TPAKD-DS")) == [plain(t("core.group.only"))]

        # migration to a supergroup: the link follows
        supergroup = h.emu.migrate_group(group)
        await h.settle()
        new = await h.run(people.get_group, supergroup.id)
        old = await h.run(people.get_group, group.id)
        assert new is not None and new.team_id == row.team_id and new.active
        assert old is not None and not old.active and old.migrated_to == supergroup.id

        # the bot removed from the supergroup: marked inactive, kept for history
        await h.do(supergroup.id, lambda: h.emu.remove_bot_from_group(sekre, supergroup))
        gone = await h.run(people.get_group, supergroup.id)
        assert gone is not None and not gone.active
        assert await h.run(people.active_groups, row.team_id) == []


async def test_lapor_in_a_group_points_to_the_private_chat(db_url: str) -> None:
    async with running_bot(db_url) as h:
        fp = h.user("Budi")
        await h.grant(fp, "TPAKD-DS", "focal_point", "DISKOPUKM")
        group = h.group()
        await h.do(group.id, lambda: h.emu.add_bot_to_group(fp, group))
        [reply] = await h.say(fp, "/undang ketua", chat=group)
        assert reply.buttons and reply.buttons[0][0][1].startswith("https://t.me/pantau_test_bot")


async def test_language_switch_by_button(db_url: str) -> None:
    async with running_bot(db_url) as h:
        fp = h.user("Budi")
        await h.grant(fp, "TPAKD-DS", "focal_point", "DISKOPUKM")
        await play(
            h,
            [
                Turn(fp, "/bahasa", t("core.lang.choose", "id")),
                Turn(fp, Press("English"), t("core.lang.set", "en")),
            ],
        )
        person = await h.run(people.get_person, fp.id)
        assert person is not None and person.language == "en"
        [help_en] = await h.say(fp, "/bantuan")
        assert help_en.text.startswith("Your commands")


async def test_forged_and_stale_buttons_change_nothing(db_url: str) -> None:
    async with running_bot(db_url) as h:
        fp = h.user("Budi")
        await h.grant(fp, "TPAKD-DS", "focal_point", "DISKOPUKM")
        await h.say(fp, "/start")
        before = await h.run(lambda s: len(s.exec(select(Membership)).all()))
        for data in ("lang:xx", "nonsense", "rl:999999:2022-Q1", "vf:1:ok"):
            query_id = h.emu.press_raw_callback(fp, fp.id, 1, data)
            await h.settle()
            answers = [a for a in h.emu.callback_answers if a.callback_query_id == query_id]
            assert answers, data
        assert await h.run(lambda s: len(s.exec(select(Membership)).all())) == before
        person = await h.run(people.get_person, fp.id)
        assert person is not None and person.language == "id"


async def test_retry_after_and_forbidden_while_sending(db_url: str) -> None:
    """A 429 is waited out (the answer still arrives); a 403 marks one recipient and the rest still get theirs."""
    async with running_bot(db_url) as h:
        budi = h.user("Budi")
        await h.grant(budi, "TPAKD-DS", "viewer")
        await h.say(budi, "/start")
        h.emu.fail_next(2, "429", methods={"sendMessage"}, retry_after=1)
        out = await h.say(budi, "/bantuan")
        assert out and out[-1].text.startswith("Perintah Anda")
        assert h.emu.stats.too_many_requests == 2

        others = [h.user(f"Orang {i}") for i in range(3)]
        for person in others:
            h.emu.send_text(person, "/start")
        await h.settle()
        h.emu.forbid_chat(others[1].id)
        assert h.app is not None
        notifier = h.app.bot_data["pantau.services"].notifier
        results = [await notifier.send(p.id, OutgoingMessage("Pengingat")) for p in others]
        assert [r.status for r in results] == [SendStatus.SENT, SendStatus.UNREACHABLE, SendStatus.SENT]
        assert h.last(others[0].id).text == "Pengingat" and h.last(others[2].id).text == "Pengingat"


async def test_migrated_group_is_followed_by_the_notifier(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sekre")
        group = h.group()
        await h.do(group.id, lambda: h.emu.add_bot_to_group(sekre, group))
        supergroup = h.emu.migrate_group(group)
        assert h.app is not None
        notifier = h.app.bot_data["pantau.services"].notifier
        result = await notifier.send(group.id, OutgoingMessage("Rekap mingguan"))
        assert result.status is SendStatus.SENT and result.migrated_to == supergroup.id
        assert h.last(supergroup.id).text == "Rekap mingguan"


@pytest.mark.parametrize("graceful", [True, False])
async def test_people_survive_a_restart(db_url: str, graceful: bool) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN_ID]) as h:
        admin = h.user("Admin", user_id=ADMIN_ID)
        [link] = await h.say(admin, "/undang pemantau")
        await h.restart(graceful=graceful)
        viewer = h.user("Viewer")
        [welcome] = await h.say(viewer, f"/start {_token_from(link.text)}")
        assert "Pemantau" in welcome.text
        person = await h.run(lambda s: s.exec(select(Person).where(Person.telegram_id == viewer.id)).one())
        assert person.private_chat
        groups = await h.run(lambda s: s.exec(select(GroupChat)).all())
        assert groups == []
