"""What the real Bot API does that a lenient server would not: the bot over HTTP against the emulator's stricter
rules (emulator/README.md): forum topics, edited messages, anonymous admins and channels, late
and repeated button presses, inaccessible messages, HTML in plan names, and Telegram's UTF-16 length limits."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import select

from bot.report.draft import Step
from emulator.state import Chat, SentMessage, User
from storage import people
from storage.models import InviteToken, ReportRevision
from tests.e2e.harness import DELI_SERDANG, Harness, plain, running_bot, texts
from tests.report.kit import report_bot
from texts import t

ADMIN_ID = 5_000_001
ERROR = plain(t("core.error.generic"))


def _refusals(h: Harness) -> list[str]:
    """Every request the emulator refused (as Telegram would), but polling's own."""
    return [f"{c.method}: {c.description}" for c in h.emu.calls() if c.status != 200 and c.method != "getUpdates"]


def _no_errors(h: Harness, *chats: int) -> None:
    for chat in chats:
        assert ERROR not in texts(h.sent(chat)), texts(h.sent(chat))
    assert not [m for m in h.sent(ADMIN_ID) if "update failed" in (m.text or "") or "Error" in (m.text or "")]


async def _forum(h: Harness, admin: User) -> tuple[Chat, int]:
    forum = h.emu.group(title="Forum TPAKD", type="supergroup", forum=True, creator=admin)
    await h.do(forum.id, lambda: h.emu.add_bot_to_group(admin, forum))
    topic = h.emu.create_topic(forum, "Laporan & rekap", admin)
    return forum, topic


async def test_commands_in_a_forum_topic_are_answered_in_that_topic(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        forum, topic = await _forum(h, sekre)

        def in_topic(text: str) -> Any:
            return lambda: h.emu.send_text(sekre, text, forum, thread_id=topic)

        [linked] = await h.do(forum.id, in_topic("/hubungkan TPAKD-DS"))
        assert linked.message_thread_id == topic
        for command in ("/rekap", "/belum", "/progres", "/ekspor", "/bantuan", "/lapor", "/riwayat", "/entahlah"):
            replies = await h.do(forum.id, in_topic(command))
            assert replies, command
            assert {m.message_thread_id for m in replies} == {topic}, command
        sent_actions = h.emu.calls("sendChatAction")
        assert sent_actions and all(str(c.params.get("message_thread_id")) == str(topic) for c in sent_actions)
        # a command in General is answered in General
        [general] = await h.say(sekre, "/bantuan", chat=forum)
        assert general.message_thread_id is None
        assert _refusals(h) == []


async def test_edited_messages_are_not_new_commands(db_url: str) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN_ID]) as h:
        admin = h.user("Admin", user_id=ADMIN_ID)
        sent = h.emu.send_text(admin, "/undang ketua")
        await h.settle()
        [hint] = await h.do(admin.id, lambda: h.emu.edit_user_message(admin, sent, "/undang ketua TPAKD-DS"))
        assert hint.text == plain(t("core.edited_ignored"))
        tokens = await h.run(lambda s: s.exec(select(InviteToken)).all())
        assert len(tokens) == 1  # the edit made no second invitation

        # in a group an edit is ignored silently
        group = h.group("Grup TPAKD")
        await h.do(group.id, lambda: h.emu.add_bot_to_group(admin, group))
        posted = h.emu.send_text(admin, "/bantuan", chat=group)
        await h.settle()
        assert await h.do(group.id, lambda: h.emu.edit_user_message(admin, posted, "/rekap")) == []


async def test_anonymous_admins_and_channels(db_url: str) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN_ID]) as h:
        admin = h.user("Admin", user_id=ADMIN_ID)
        group = h.group("Grup TPAKD")
        await h.do(group.id, lambda: h.emu.add_bot_to_group(admin, group))
        await h.say(admin, "/hubungkan TPAKD-DS", chat=group)

        [hint] = await h.do(group.id, lambda: h.emu.send_text(admin, "/rekap", group, anonymous=True))
        assert hint.text == plain(t("core.anonymous_sender"))
        # a command for another bot, from an anonymous admin: not ours to answer
        assert await h.do(group.id, lambda: h.emu.send_text(admin, "/rekap@lain_bot", group, anonymous=True)) == []

        channel = {"id": -1009876543210, "type": "channel", "title": "Kanal Pengumuman"}
        me = h.emu.bot.to_json()
        for update in (
            {
                "channel_post": {
                    "message_id": 1,
                    "chat": channel,
                    "sender_chat": channel,
                    "date": 1,
                    "text": "/rekap",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                }
            },
            {
                "my_chat_member": {
                    "chat": channel,
                    "from": admin.to_json(),
                    "date": 1,
                    "old_chat_member": {"status": "left", "user": me},
                    "new_chat_member": {
                        "status": "administrator",
                        "user": me,
                        "can_be_edited": False,
                        "is_anonymous": False,
                        "can_manage_chat": True,
                        "can_delete_messages": True,
                        "can_manage_video_chats": False,
                        "can_restrict_members": True,
                        "can_promote_members": False,
                        "can_change_info": True,
                        "can_invite_users": True,
                        "can_post_stories": False,
                        "can_edit_stories": False,
                        "can_delete_stories": False,
                        "can_post_messages": True,
                    },
                }
            },
        ):
            h.emu.queue_update(update)
            await h.settle()
        assert [
            c for c in h.emu.calls("sendMessage") if c.params.get("chat_id") in (channel["id"], str(channel["id"]))
        ] == []
        _no_errors(h, group.id, admin.id)


async def _start_report(h: Harness) -> tuple[User, Chat]:
    budi = h.user("Budi")
    await h.grant(budi, "TPAKD-DS", "focal_point", "DISKOPUKM")
    group = h.group("Grup TPAKD")
    await h.do(group.id, lambda: h.emu.add_bot_to_group(budi, group))
    await h.run(_link, group.id, h.clock())
    return budi, group


def _link(session: Any, chat_id: int, now: datetime) -> None:
    team = people.team_by_code(session, "TPAKD-DS")
    assert team is not None
    people.link_group(session, chat_id, "Grup TPAKD", team, None, now)


async def _report_once(
    h: Harness, budi: User, *, obstacles: str = "Sinyal lemah", follow_up: str | None = None
) -> list[SentMessage]:
    """/lapor through Kirim with the first activity and the default period; returns the answer to Kirim."""
    out = await h.say(budi, "/lapor")
    first = out[-1].callback_data()[0]
    out = await h.press(budi, data=first)
    out = await h.press(budi, data=out[-1].callback_data()[0])
    await h.say(budi, "10")
    await h.press(budi, text=t("report.button.skip"))
    asked = await h.press(budi, text=t("report.button.skip"))
    if t("obstacles.button.solved") in asked[-1].button_labels():  # the obstacle of an earlier report, still open
        await h.press(budi, text=t("obstacles.button.solved"))
    await h.say(budi, obstacles)
    await h.press(budi, text=t("obstacles.category.lainnya"))
    await h.press(budi, text=t("obstacles.button.no"))
    if follow_up is None:
        await h.press(budi, text=t("report.button.skip"))
    else:
        await h.say(budi, follow_up)
    await h.press(budi, text=t("report.button.done"))
    await h.say(budi, t("report.button.skip"))
    return await h.press(budi, text=t("report.button.send"))


async def test_button_answers_that_come_too_late_change_nothing(db_url: str) -> None:
    """Telegram refuses answerCallbackQuery a few seconds after the press (after a restart, under load): every
    press still does its work, and nobody sees an error."""
    async with running_bot(db_url, admin_ids=[ADMIN_ID], flood_max_updates=0) as h:
        budi, group = await _start_report(h)
        h.emu.api.callback_answer_seconds = -1.0  # every answer comes too late
        sent = await _report_once(h, budi)
        assert sent and ERROR not in texts(sent)
        assert len(await h.run(lambda s: s.exec(select(ReportRevision)).all())) == 1
        assert all(c.description and "too old" in c.description for c in h.emu.calls("answerCallbackQuery"))
        # a stale button, answered too late, is still only a stale button
        assert await h.do(budi.id, lambda: h.emu.press_raw_callback(budi, budi, 1, "r:deadbeef:value:yes")) == []
        _no_errors(h, budi.id, group.id)


async def test_button_answers_that_time_out_change_nothing(db_url: str) -> None:
    """answerCallbackQuery timing out (a slow network between the bot and the Bot API) only loses the spinner's end:
    every press still does its work, and nobody sees an error."""
    async with running_bot(db_url, admin_ids=[ADMIN_ID], flood_max_updates=0) as h:
        budi, group = await _start_report(h)
        h.emu.fail_next(50, "timeout", methods=["answerCallbackQuery"], timeout_seconds=0.1)
        sent = await _report_once(h, budi)
        assert sent and ERROR not in texts(sent)
        assert len(await h.run(lambda s: s.exec(select(ReportRevision)).all())) == 1
        assert h.emu.calls("answerCallbackQuery")  # the presses were answered, and every answer timed out
        _no_errors(h, budi.id, group.id)


async def test_repeated_and_inaccessible_button_presses(db_url: str) -> None:
    async with running_bot(db_url, admin_ids=[ADMIN_ID]) as h:
        budi, _group = await _start_report(h)
        [choose] = await h.say(budi, "/bahasa")
        [edited] = await h.press(budi, choose, text="English")
        assert edited.text == plain(t("core.lang.set", "en"))
        # a double tap: the second press arrives after the message already says so ("message is not modified")
        assert await h.do(budi.id, lambda: h.emu.press_raw_callback(budi, budi, choose.message_id, "lang:en")) == []
        # a press on a message Telegram no longer gives the bot (InaccessibleMessage, date 0): answered anew
        [anew] = await h.do(budi.id, lambda: h.emu.press_raw_callback(budi, budi, 99_999, "lang:id"))
        assert anew.text == plain(t("core.lang.set", "id"))
        _no_errors(h, budi.id)


async def test_verification_of_a_report_with_long_notes(db_url: str) -> None:
    """Obstacles may be 2,000 characters: the item for the secretariat must stay within 4,096, also with emoji."""
    async with running_bot(db_url, admin_ids=[ADMIN_ID], flood_max_updates=0) as h:
        budi, group = await _start_report(h)
        await _report_once(h, budi, obstacles="🚧 jalan rusak " * 133, follow_up="📞 koordinasi ulang " * 99)
        rina = h.user("Rina")
        await h.grant(rina, "TPAKD-DS", "secretariat")
        out = await h.say(rina, "/verifikasi")
        item = out[-1]
        assert item.buttons and "🚧 jalan rusak" in (item.text or "")
        [decided] = await h.press(rina, item, text=t("report.button.verify"))
        assert decided.text and decided.text.endswith(plain(t("report.verify.done_verified", by="Rina")))
        # the same decision pressed again on an item Telegram no longer shows: a notice, no crash
        vf = item.callback_data()[0]
        again = await h.do(rina.id, lambda: h.emu.press_raw_callback(rina, rina, 99_999, vf))
        assert ERROR not in texts(again)
        assert _refusals(h) == [] or all("too old" in r or "not modified" in r for r in _refusals(h))
        _no_errors(h, rina.id, budi.id, group.id)


def _plan_with_names(tmp: Path, rename: Any) -> Path:
    plan = yaml.safe_load(DELI_SERDANG.read_text())
    plan["team"]["name"] = rename(plan["team"]["name"], "team")
    for org in plan["organizations"]:
        org["name"] = rename(org["name"], "org")
    for program in plan["programs"]:
        program["name"] = rename(program["name"], "program")
        for activity in program["activities"]:
            activity["name"] = rename(activity["name"], "activity")
            activity["unit"] = rename(activity["unit"], "unit")
            if activity.get("indicator"):
                activity["indicator"] = rename(activity["indicator"], "indicator")
    path = tmp / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))
    return path


async def test_plan_names_with_html_characters_everywhere(db_url: str, tmp_path: Path) -> None:
    """Names from the plan are escaped in every message (Telegram refuses "<", ">" and "&" as HTML)."""
    plan = _plan_with_names(tmp_path, lambda name, kind: f"{name} <{kind}> & Co" if kind != "unit" else "Rp&<x>")
    async with running_bot(db_url, seed=False, admin_ids=[ADMIN_ID], flood_max_updates=0) as h:
        await h.seed_plan(plan)
        budi, group = await _start_report(h)
        rina = h.user("Rina")
        await h.grant(rina, "TPAKD-DS", "secretariat")
        [known] = await h.say(budi, "/start")
        assert "Dinas Koperasi dan UKM <org> & Co" in (known.text or "")
        await h.say(budi, "/bantuan")
        await _report_once(h, budi, obstacles="Kendala <b>berat</b> & lama")
        await h.say(budi, "/riwayat")
        out = await h.say(rina, "/verifikasi")
        await h.press(rina, out[-1], text=t("report.button.return"))
        await h.say(rina, "Data <kurang> & salah")
        for command in ("/rekap", "/belum", "/progres", "/kurva", "/ekspor", "/kecualikan"):
            assert await h.say(rina, command, chat=group) or command == "/kecualikan", command
        await h.say(rina, "/kecualikan DISKOPUKM TW1 Reorganisasi <OPD> & mutasi")
        await h.say(rina, "/kecualikan")
        await h.say(rina, "/buka DISKOPUKM TW1")
        assert _refusals(h) == [] or all("too old" in r for r in _refusals(h)), _refusals(h)
        _no_errors(h, budi.id, rina.id, group.id)


async def test_long_lists_count_emoji_twice(db_url: str, tmp_path: Path) -> None:
    """Telegram measures 4,096 in UTF-16 units: names full of emoji make /belum split into more messages."""
    plan = _plan_with_names(tmp_path, lambda name, kind: "🏦" * 95 if kind in ("org", "activity") else name)
    async with running_bot(db_url, seed=False, admin_ids=[ADMIN_ID]) as h:
        await h.seed_plan(plan)
        chair = h.user("Pak Sekda")
        await h.grant(chair, "TPAKD-DS", "chair")
        missing = await h.say(chair, "/belum TW1")
        assert len(missing) >= 2
        assert all(len((m.text or "").encode("utf-16-le")) // 2 <= 4096 for m in missing)
        assert _refusals(h) == []
        _no_errors(h, chair.id)


async def test_a_live_location_moving_is_no_edited_message_to_answer(db_url: str) -> None:
    # A live location arrives as a message, then Telegram sends an edited_message with each new position (every
    # few seconds, for up to 8 hours). Those edits are nobody's correction: no "send it anew" hint for each one.
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.walk(budi, Step.LOCATION)
        shared = _share_live_location(kit.h, budi, 3.58, 98.67)
        await kit.h.settle()
        assert "Lokasi: 3.58000, 98.67000" in kit.h.last(budi.id).text  # the summary
        for step in range(1, 4):
            moved = await kit.h.do(budi.id, lambda step=step: _move_live_location(kit.h, shared, 3.58 + step / 1000))
            assert moved == [], texts(moved)
        # an edited text is still answered with the hint
        typed = kit.h.emu.send_text(budi, "catatan")
        await kit.h.settle()
        [hint] = await kit.h.do(budi.id, lambda: kit.h.emu.edit_user_message(budi, typed, "catatan baru"))
        assert hint.text == plain(t("core.edited_ignored"))


def _share_live_location(h: Harness, user: User, lat: float, lon: float) -> dict[str, Any]:
    """The person shares their live location (15 minutes) in the private chat."""
    message: dict[str, Any] = h.emu._user_message(  # no public helper for live locations
        user, None, {"location": {"latitude": lat, "longitude": lon, "live_period": 900}}
    )
    return message


def _move_live_location(h: Harness, message: dict[str, Any], lat: float) -> None:
    """Telegram's update for a live location that moved: the same message, edited, with the new position."""
    moved = dict(message)
    moved["location"] = {**message["location"], "latitude": lat}
    with h.emu.state.lock:
        moved["edit_date"] = h.emu.state.unix_now()
        h.emu.state.queue_raw_update({"edited_message": moved})
