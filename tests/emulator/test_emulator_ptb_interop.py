"""python-telegram-bot 22.8 polling against the emulator: what PTB sends, parses and raises must match."""

from __future__ import annotations

import datetime as dtm
import io
import warnings
from collections.abc import AsyncIterator

import pytest
from telegram import BotCommand, BotCommandScopeAllGroupChats, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from emulator import BotAPIEmulator
from emulator.media import placeholder_png

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Setuju", callback_data="agree:1")]])


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"Anda menulis: {update.effective_message.text}", reply_markup=KEYBOARD)


async def photo_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    photo = update.effective_message.photo[-1]
    file = await photo.get_file()
    data = await file.download_as_bytearray()
    context.bot_data["downloaded"] = bytes(data)
    await update.effective_message.reply_text(f"Foto diterima: {len(data)} byte")


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Tersimpan", show_alert=True)
    await query.edit_message_text(f"Pilihan: {query.data}")


@pytest.fixture
async def app(emu: BotAPIEmulator) -> AsyncIterator[Application]:
    application = (
        Application.builder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .get_updates_read_timeout(5)
        .build()
    )
    application.add_handler(MessageHandler(filters.PHOTO, photo_received))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(CallbackQueryHandler(pressed))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_echo_button_and_edit(emu: BotAPIEmulator, app: Application) -> None:
    user = emu.user(1001, "Budi", username="budi")
    mark = emu.marker()
    emu.send_text(user, "halo bot")
    [reply] = await emu.wait_for_messages_async(user, since=mark)
    assert reply.text == "Anda menulis: halo bot"
    assert reply.buttons == [[("Setuju", "agree:1")]]

    mark = emu.marker()
    query_id = emu.press_button(user, reply, text="Setuju")
    answer = await emu.wait_for_callback_answer_async(query_id)
    assert (answer.text, answer.show_alert) == ("Tersimpan", True)
    [edited] = await emu.wait_for_messages_async(user, since=mark)
    assert edited.message_id == reply.message_id
    assert edited.text == "Pilihan: agree:1"
    assert edited.buttons == []  # edit without reply_markup drops the keyboard
    assert [e.method for e in edited.edits] == ["editMessageText"]
    assert [c.method for c in emu.calls()][:2] == ["getMe", "deleteWebhook"]


async def test_photos_both_ways(emu: BotAPIEmulator, app: Application) -> None:
    user = emu.user(1002, "Sari")
    emu.send_text(user, "/start")  # handled by nobody, but now the bot may write to Sari
    png = placeholder_png(120, 80)
    sent = await app.bot.send_photo(user.id, photo=png, caption="<b>Grafik</b>", parse_mode="HTML")
    assert sent.photo[-1].width == 120
    assert sent.caption == "Grafik"
    again = await app.bot.send_photo(user.id, photo=sent.photo[-1].file_id)
    assert again.photo[-1].file_unique_id == sent.photo[-1].file_unique_id
    assert [m.photo for m in emu.sent(user)] == [png, png]

    document = await app.bot.send_document(user.id, document=io.BytesIO(b"a;b\n1;2\n"), filename="rekap.csv")
    assert document.document is not None
    assert document.document.file_name == "rekap.csv"
    assert emu.sent(user)[-1].document == b"a;b\n1;2\n"

    user_photo = b"\x89PNG\r\n\x1a\n" + placeholder_png(64, 48)[8:]
    mark = emu.marker()
    emu.send_photo(user, user_photo)
    [reply] = await emu.wait_for_messages_async(user, since=mark)
    assert reply.text == f"Foto diterima: {len(user_photo)} byte"
    assert app.bot_data["downloaded"] == user_photo

    big = emu.send_photo(user, file_size=25 * 1024 * 1024)
    with pytest.raises(BadRequest, match="File is too big"):
        await app.bot.get_file(big["photo"][-1]["file_id"])


async def test_ptb_error_classes(emu: BotAPIEmulator, app: Application) -> None:
    user = emu.user(1003, "Tini")
    stranger = emu.user(1004, "Asing")
    admin = emu.user(1005, "Ketua")
    emu.send_text(user, "/start")

    with pytest.raises(BadRequest, match="Message is too long"):
        await app.bot.send_message(user.id, "x" * 4097)
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await app.bot.send_message(user.id, "<b>tebal", parse_mode="HTML")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await app.bot.send_message(stranger.id, "halo")

    group = emu.group(title="Tim Desa")
    emu.add_bot_to_group(admin, group)
    supergroup = emu.migrate_group(group)
    with pytest.raises(ChatMigrated) as migrated:
        await app.bot.send_message(group.id, "halo")
    assert migrated.value.new_chat_id == supergroup.id

    emu.fail_next(1, "429", methods={"sendMessage"}, retry_after=7)
    with pytest.raises(RetryAfter) as retry:
        await app.bot.send_message(user.id, "halo")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = retry.value.retry_after
    assert (value.total_seconds() if isinstance(value, dtm.timedelta) else value) == 7

    emu.fail_next(1, "500", methods={"sendMessage"})
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await app.bot.send_message(user.id, "halo")

    emu.forbid_chat(user.id)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(user.id, "halo")
    emu.allow_chat(user.id)
    await app.bot.send_message(user.id, "halo lagi")
    stats = emu.stats
    assert (stats.too_many_requests, stats.server_errors) == (1, 1)


async def test_injected_timeout_raises_timed_out(emu: BotAPIEmulator, app: Application) -> None:
    user = emu.user(1006, "Wawan")
    emu.send_text(user, "/start")
    emu.fail_next(1, "timeout", methods={"sendMessage"}, timeout_seconds=1.0)
    with pytest.raises(TimedOut):
        await app.bot.send_message(user.id, "halo", read_timeout=0.3)
    assert emu.sent(user) == []  # plain "timeout" drops the request unprocessed

    emu.fail_next(1, "timeout_after_send", methods={"sendMessage"}, timeout_seconds=1.0)
    with pytest.raises(TimedOut):
        await app.bot.send_message(user.id, "mungkin terkirim", read_timeout=0.3)
    assert [m.text for m in emu.sent(user)] == ["mungkin terkirim"]  # the duplicate-send trap
    assert emu.stats.timeouts == 2


async def test_commands_and_profile_through_ptb(emu: BotAPIEmulator, app: Application) -> None:
    await app.bot.set_my_commands([BotCommand("start", "Mulai"), BotCommand("lapor", "Kirim laporan")])
    await app.bot.set_my_commands(
        [BotCommand("rekap", "Rekap tim")], scope=BotCommandScopeAllGroupChats(), language_code="id"
    )
    await app.bot.set_my_description("Bot pemantauan realisasi")
    assert [c.command for c in await app.bot.get_my_commands()] == ["start", "lapor"]
    assert emu.commands_for({"type": "all_group_chats"}, "id") == [{"command": "rekap", "description": "Rekap tim"}]
    assert emu.calls("setMyCommands")[1].params["scope"] == {"type": "all_group_chats"}
    me = await app.bot.get_me()
    assert me.username == "pantau_test_bot"


async def test_media_group_and_chat_queries(emu: BotAPIEmulator, app: Application) -> None:
    from telegram import InputMediaPhoto

    admin = emu.user(1007, "Kades")
    group = emu.group(title="Desa Maju", creator=admin)
    emu.add_bot_to_group(admin, group, as_admin=True)
    album = [InputMediaPhoto(placeholder_png(20, 10), caption="satu"), InputMediaPhoto(placeholder_png(10, 20))]
    messages = await app.bot.send_media_group(group.id, album)
    assert len(messages) == 2
    assert messages[0].media_group_id == messages[1].media_group_id
    assert messages[0].caption == "satu"
    chat = await app.bot.get_chat(group.id)
    assert chat.title == "Desa Maju"
    member = await app.bot.get_chat_member(group.id, admin.id)
    assert member.status == "creator"
    me_member = await app.bot.get_chat_member(group.id, emu.bot.id)
    assert me_member.status == "administrator"
    await app.bot.send_chat_action(group.id, "typing")
    assert emu.calls("sendChatAction")[0].params["action"] == "typing"


def test_blocking_wait_refuses_inside_event_loop(emu: BotAPIEmulator) -> None:
    import asyncio

    async def misuse() -> None:
        emu.wait_for_messages(1, timeout=0.1)

    with pytest.raises(RuntimeError, match="wait_for_messages_async"):
        asyncio.run(misuse())


async def test_reset_keeps_a_polling_bot_working(emu: BotAPIEmulator, app: Application) -> None:
    user = emu.user(1010, "Ayu")
    emu.send_text(user, "satu")
    await emu.wait_for_messages_async(user)
    emu.reset()
    user = emu.user(1010, "Ayu")
    mark = emu.marker()
    emu.send_text(user, "dua")
    [reply] = await emu.wait_for_messages_async(user, since=mark)
    assert reply.text == "Anda menulis: dua"
    assert emu.calls("getUpdates")
    assert all(c.status == 200 for c in emu.calls("getUpdates"))
