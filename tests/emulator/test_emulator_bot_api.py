"""The emulator alone over real HTTP: shapes, encodings, refusals and polling, as Telegram answers them."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from emulator import BotAPIEmulator
from tests.emulator.conftest import RawApi

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def test_get_me_and_routing(emu: BotAPIEmulator, api: RawApi) -> None:
    me = api.ok("getMe")
    assert me["id"] == 123456
    assert me["is_bot"] is True
    assert me["username"] == "pantau_test_bot"
    assert api.ok("GETME") == me  # method names are case-insensitive

    wrong = httpx.post(f"{emu.url}/bot999:WRONG/getMe")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert api.error("sendSmokeSignal") == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found: method not found",
    }


def test_send_message_shape_and_encodings(emu: BotAPIEmulator, api: RawApi) -> None:
    user = emu.user(42, "Siti", username="siti")
    emu.send_text(user, "/start")
    first = api.ok("sendMessage", chat_id=42, text="<b>Halo</b> Siti", parse_mode="HTML")
    assert first == {
        "message_id": 2,  # the user's /start was message 1 in this chat
        "from": {"id": 123456, "is_bot": True, "first_name": "Pantau Test Bot", "username": "pantau_test_bot"},
        "chat": {"id": 42, "type": "private", "first_name": "Siti", "username": "siti"},
        "date": 1_750_000_000,
        "text": "Halo Siti",
        "entities": [{"type": "bold", "offset": 0, "length": 4}],
    }
    markup = {"inline_keyboard": [[{"text": "Ya", "callback_data": "yes"}]]}
    # url-encoded form with a JSON-encoded field, as PTB sends it
    form = httpx.post(
        f"{emu.base_url}{emu.token}/sendMessage",
        data={"chat_id": "42", "text": "form", "reply_markup": json.dumps(markup)},
    ).json()["result"]
    assert form["message_id"] == 3
    assert form["reply_markup"] == markup
    # multipart without files, and a GET with a query string
    multi = httpx.post(f"{emu.base_url}{emu.token}/sendMessage", files={"chat_id": (None, "42"), "text": (None, "mp")})
    assert multi.json()["result"]["text"] == "mp"
    got = httpx.get(f"{emu.base_url}{emu.token}/sendMessage", params={"chat_id": 42, "text": "get"})
    assert got.json()["result"]["message_id"] == 5

    sent = emu.sent(42)
    assert [m.text for m in sent] == ["Halo Siti", "form", "mp", "get"]
    assert sent[0].raw_text == "<b>Halo</b> Siti"
    assert sent[0].parse_mode == "HTML"
    assert sent[1].buttons == [[("Ya", "yes")]]
    assert emu.calls("sendmessage")[1].params["reply_markup"] == markup


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": ""}, "Bad Request: message text is empty"),
        ({"text": "  \n "}, "Bad Request: message text is empty"),
        ({"text": "<b></b>", "parse_mode": "HTML"}, "Bad Request: message text is empty"),
        ({"text": "x" * 4097}, "Bad Request: message is too long"),
        ({"text": "😀" * 2049}, "Bad Request: message is too long"),  # 4098 UTF-16 code units
        (
            {"text": "a < b", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
        ),
        (
            {"text": "<b>tebal", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            {"text": "<b>x</i>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        ),
        (
            {"text": "<div>x</div>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0',
        ),
        (
            {"text": "Rp 5 & 6", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Character '&' at byte offset 5 must be escaped as \"&amp;\"",
        ),
        (
            {"text": "Selesai 80%.", "parse_mode": "MarkdownV2"},
            "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "d" * 65}]]}},
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
    ],
)
def test_message_content_refusals(emu: BotAPIEmulator, api: RawApi, params: dict, description: str) -> None:
    emu.send_text(emu.user(7, "Ani"), "/start")
    assert api.error("sendMessage", chat_id=7, **params) == {"ok": False, "error_code": 400, "description": description}
    assert emu.sent(7) == []


def test_accepted_edge_lengths_and_entities(emu: BotAPIEmulator, api: RawApi) -> None:
    emu.send_text(emu.user(7, "Ani"), "hi")
    assert api.ok("sendMessage", chat_id=7, text="x" * 4096)["text"] == "x" * 4096
    html = "<b>" + "y" * 4096 + "</b>"  # the limit applies after entity parsing
    assert api.ok("sendMessage", chat_id=7, text=html, parse_mode="HTML")["entities"][0]["length"] == 4096
    two_buttons = {"inline_keyboard": [[{"text": "a", "callback_data": "d" * 64}]]}
    assert api.ok("sendMessage", chat_id=7, text="ok", reply_markup=two_buttons)["reply_markup"] == two_buttons
    both = {"inline_keyboard": [[{"text": "a", "callback_data": "d", "url": "https://x.id"}]]}
    assert api.error("sendMessage", chat_id=7, text="x", reply_markup=both)["error_code"] == 400


def test_chat_refusals(emu: BotAPIEmulator, api: RawApi) -> None:
    never = emu.user(10, "Never")
    blocked = emu.user(11, "Blocker")
    emu.send_text(blocked, "/start")
    emu.block_bot(blocked)
    admin = emu.user(12, "Admin")
    group = emu.group(title="Tim Kecamatan")
    emu.add_bot_to_group(admin, group)
    kicked = emu.group(title="Tim Lama")
    emu.add_bot_to_group(admin, kicked)
    emu.remove_bot_from_group(admin, kicked)
    stranger = emu.group(title="Tanpa Bot")
    super_left = emu.group(title="SG", type="supergroup")

    def refusal(chat_id: int) -> tuple[int, str]:
        body = api.error("sendMessage", chat_id=chat_id, text="halo")
        return body["error_code"], body["description"]

    assert refusal(never.id) == (403, "Forbidden: bot can't initiate conversation with a user")
    assert refusal(blocked.id) == (403, "Forbidden: bot was blocked by the user")
    assert refusal(999_999) == (400, "Bad Request: chat not found")
    assert refusal(kicked.id) == (403, "Forbidden: bot was kicked from the group chat")
    assert refusal(stranger.id) == (403, "Forbidden: bot is not a member of the group chat")
    assert refusal(super_left.id) == (403, "Forbidden: bot is not a member of the supergroup chat")
    assert api.ok("sendMessage", chat_id=group.id, text="halo tim")["chat"]["type"] == "group"

    supergroup = emu.migrate_group(group)
    body = api.error("sendMessage", chat_id=group.id, text="halo")
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": supergroup.id},
    }
    assert str(supergroup.id).startswith("-100")
    assert api.ok("sendMessage", chat_id=supergroup.id, text="pindah")["chat"]["type"] == "supergroup"
    emu.unblock_bot(blocked)
    assert api.ok("sendMessage", chat_id=blocked.id, text="lagi")["text"] == "lagi"


def test_edit_delete_and_history(emu: BotAPIEmulator, api: RawApi, clock) -> None:
    emu.send_text(emu.user(5, "Eko"), "/start")
    kb = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    msg = api.ok("sendMessage", chat_id=5, text="draft", reply_markup=kb)
    mid = msg["message_id"]
    assert api.error("editMessageText", chat_id=5, message_id=999, text="x")["description"] == (
        "Bad Request: message to edit not found"
    )
    assert api.error("editMessageText", chat_id=5, message_id=mid, text="draft", reply_markup=kb)["description"] == (
        NOT_MODIFIED
    )
    assert api.error("editMessageText", chat_id=5, message_id=1, text="x")["description"] == (
        "Bad Request: message can't be edited"
    )
    clock.advance(5)
    edited = api.ok("editMessageText", chat_id=5, message_id=mid, text="final", reply_markup=kb)
    assert edited["text"] == "final"
    assert edited["edit_date"] == 1_750_000_005
    # omitting reply_markup removes the keyboard, as in Telegram
    bare = api.ok("editMessageText", chat_id=5, message_id=mid, text="final")
    assert "reply_markup" not in bare
    assert api.error("editMessageReplyMarkup", chat_id=5, message_id=mid)["description"] == NOT_MODIFIED
    api.ok("editMessageReplyMarkup", chat_id=5, message_id=mid, reply_markup=kb)

    [record] = emu.sent(5)
    assert record.text == "final"
    assert record.buttons == [[("A", "a")]]
    assert [(e.method, e.text) for e in record.edits] == [
        ("editMessageText", "final"),
        ("editMessageText", "final"),
        ("editMessageReplyMarkup", "final"),
    ]
    assert api.ok("deleteMessage", chat_id=5, message_id=mid) is True
    assert api.error("deleteMessage", chat_id=5, message_id=mid)["description"] == (
        "Bad Request: message to delete not found"
    )
    assert api.error("editMessageText", chat_id=5, message_id=mid, text="z")["description"] == (
        "Bad Request: message to edit not found"
    )
    assert emu.sent(5)[0].deleted is True


def test_callback_answers_and_forged_callbacks(emu: BotAPIEmulator, api: RawApi) -> None:
    user = emu.user(8, "Dewi")
    emu.send_text(user, "/start")
    msg = api.ok(
        "sendMessage",
        chat_id=8,
        text="Pilih",
        reply_markup={
            "inline_keyboard": [[{"text": "Ya", "callback_data": "y"}, {"text": "Web", "url": "https://a.id"}]]
        },
    )
    query_id = emu.press_button(user, msg, text="Ya")
    update = api.ok("getUpdates", offset=2)[0]  # update 1 was /start
    query = update["callback_query"]
    assert query["id"] == query_id
    assert query["data"] == "y"
    assert query["message"]["message_id"] == msg["message_id"]
    assert query["from"]["id"] == 8
    assert isinstance(query["chat_instance"], str)
    assert api.ok("answerCallbackQuery", callback_query_id=query_id, text="Tersimpan", show_alert=True) is True
    assert api.error("answerCallbackQuery", callback_query_id=query_id)["description"] == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )
    assert [(a.text, a.show_alert) for a in emu.callback_answers] == [("Tersimpan", True)]
    with pytest.raises(ValueError, match="no inline button"):
        emu.press_button(user, msg, callback_data="nope")
    with pytest.raises(ValueError, match="no callback_data"):
        emu.press_button(user, msg, text="Web")
    forged = emu.press_raw_callback(user, user, msg["message_id"], "admin:delete_all")
    assert api.ok("getUpdates", offset=update["update_id"] + 1)[0]["callback_query"]["id"] == forged


def test_get_updates_long_poll_offset_and_filters(emu: BotAPIEmulator, api: RawApi) -> None:
    user = emu.user(9, "Rina")
    start = time.monotonic()
    assert api.ok("getUpdates", timeout=0) == []
    assert time.monotonic() - start < 0.5

    threading.Timer(0.3, lambda: emu.send_text(user, "halo")).start()
    start = time.monotonic()
    woke = api.ok("getUpdates", timeout=5)
    assert 0.2 < time.monotonic() - start < 2.0
    assert woke[0]["message"]["text"] == "halo"
    first_id = woke[0]["update_id"]

    assert api.ok("getUpdates")[0]["update_id"] == first_id  # not confirmed yet
    emu.send_text(user, "dua")
    emu.send_text(user, "tiga")
    assert [u["message"]["text"] for u in api.ok("getUpdates", offset=first_id + 1, limit=1)] == ["dua"]
    assert [u["message"]["text"] for u in api.ok("getUpdates", offset=first_id + 1)] == ["dua", "tiga"]
    assert api.ok("getUpdates", offset=first_id + 3) == []
    assert emu.pending_updates() == []

    # allowed_updates filters and is remembered for later calls
    msg = api.ok(
        "sendMessage", chat_id=9, text="k", reply_markup={"inline_keyboard": [[{"text": "b", "callback_data": "b"}]]}
    )
    emu.press_button(user, msg, callback_data="b")
    emu.send_text(user, "empat")
    kinds = [next(k for k in u if k != "update_id") for u in api.ok("getUpdates", allowed_updates=["message"])]
    assert kinds == ["message"]
    emu.press_button(user, msg, callback_data="b")
    assert api.ok("getUpdates", timeout=0)[0]["message"]["text"] == "empat"


def test_get_updates_conflicts(emu: BotAPIEmulator, api: RawApi) -> None:
    api.ok("setWebhook", url="https://example.org/hook")
    assert api.ok("getWebhookInfo")["url"] == "https://example.org/hook"
    assert api.error("getUpdates")["error_code"] == 409
    api.ok("deleteWebhook")

    results: list[tuple[int, dict]] = []
    other = RawApi(emu)
    first = threading.Thread(target=lambda: results.append(other("getUpdates", timeout=5)))
    first.start()
    time.sleep(0.3)
    assert api.ok("getUpdates", timeout=0) == []
    first.join(5)
    other.client.close()
    assert results[0][0] == 409
    assert "terminated by other getUpdates request" in results[0][1]["description"]


def test_photo_upload_get_file_download_and_resend(emu: BotAPIEmulator, api: RawApi) -> None:
    from emulator.media import placeholder_png

    emu.send_text(emu.user(3, "Tono"), "/start")
    png = placeholder_png(300, 200)
    response = httpx.post(
        f"{emu.base_url}{emu.token}/sendPhoto",
        data={"chat_id": "3", "caption": "<i>Grafik</i>", "parse_mode": "HTML"},
        files={"photo": ("chart.png", png, "image/png")},
    ).json()
    message = response["result"]
    largest = message["photo"][-1]
    assert (largest["width"], largest["height"]) == (300, 200)
    assert largest["file_size"] == len(png)
    assert message["caption"] == "Grafik"
    assert message["caption_entities"] == [{"type": "italic", "offset": 0, "length": 6}]
    file = api.ok("getFile", file_id=largest["file_id"])
    assert file["file_unique_id"] == largest["file_unique_id"]
    download = httpx.get(f"{emu.base_file_url}{emu.token}/{file['file_path']}")
    assert download.status_code == 200
    assert download.content == png
    assert emu.sent(3)[0].photo == png

    again = api.ok("sendPhoto", chat_id=3, photo=largest["file_id"])
    assert again["photo"][-1]["file_unique_id"] == largest["file_unique_id"]
    assert api.error("sendPhoto", chat_id=3, photo="AgACnope")["description"] == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )
    assert api.error("sendPhoto", chat_id=3, photo="https://example.org/x.png")["error_code"] == 400
    assert api.error("sendPhoto", chat_id=3, photo=largest["file_id"], caption="c" * 1025)["description"] == (
        "Bad Request: message caption is too long"
    )

    doc = httpx.post(
        f"{emu.base_url}{emu.token}/sendDocument",
        data={"chat_id": "3"},
        files={"document": ("laporan.xlsx", b"PK\x03\x04data", "application/octet-stream")},
    ).json()["result"]["document"]
    assert doc["file_name"] == "laporan.xlsx"
    assert doc["file_size"] == 8
    assert doc["mime_type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert emu.sent(3)[-1].document == b"PK\x03\x04data"
    assert emu.sent(3)[-1].file_name == "laporan.xlsx"


def test_user_files_and_size_limit(emu: BotAPIEmulator, api: RawApi) -> None:
    user = emu.user(4, "Wati")
    small = emu.send_photo(user, caption="/lapor foto")
    assert small["caption_entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert len(small["photo"]) >= 2
    assert small["photo"][0]["width"] < small["photo"][-1]["width"]
    huge = emu.send_photo(user, file_size=25 * 1024 * 1024)
    assert huge["photo"][-1]["file_size"] == 25 * 1024 * 1024
    assert api.error("getFile", file_id=huge["photo"][-1]["file_id"])["description"] == "Bad Request: file is too big"
    doc = emu.send_document(user, b"%PDF-1.4", "rab.pdf", "application/pdf")["document"]
    path = api.ok("getFile", file_id=doc["file_id"])["file_path"]
    assert httpx.get(f"{emu.base_file_url}{emu.token}/{path}").content == b"%PDF-1.4"
    assert httpx.get(f"{emu.base_file_url}{emu.token}/documents/none.pdf").status_code == 404


def test_commands_profile_and_chat_queries(emu: BotAPIEmulator, api: RawApi) -> None:
    commands = [{"command": "start", "description": "Mulai"}, {"command": "lapor", "description": "Kirim laporan"}]
    api.ok("setMyCommands", commands=commands)
    scope = {"type": "all_group_chats"}
    api.ok("setMyCommands", commands=commands[:1], scope=scope, language_code="id")
    assert api.ok("getMyCommands") == commands
    assert api.ok("getMyCommands", scope=scope, language_code="id") == commands[:1]
    assert emu.commands_for(scope, "id") == commands[:1]
    assert ('{"type":"default"}', "") in emu.commands
    assert api.error("setMyCommands", commands=[{"command": "Lapor!", "description": "x"}])["description"] == (
        "Bad Request: BOT_COMMAND_INVALID"
    )
    api.ok("deleteMyCommands", scope=scope, language_code="id")
    assert api.ok("getMyCommands", scope=scope, language_code="id") == []
    for method, field in (("setMyDescription", "description"), ("setMyShortDescription", "short_description")):
        api.ok(method, **{field: "Bot Pantau"})
    api.ok("setMyName", name="Pantau")
    api.ok("setChatMenuButton", menu_button={"type": "commands"})
    assert emu.bot_settings["description:"] == "Bot Pantau"

    admin = emu.user(20, "Kepala")
    group = emu.group(title="Tim", creator=admin)
    emu.add_bot_to_group(admin, group)
    chat = api.ok("getChat", chat_id=group.id)
    assert chat["type"] == "group"
    assert chat["title"] == "Tim"
    assert "accent_color_id" in chat
    assert api.ok("getChatMember", chat_id=group.id, user_id=20)["status"] == "creator"
    assert api.ok("getChatMember", chat_id=group.id, user_id=123456)["status"] == "member"
    assert api.ok("sendChatAction", chat_id=group.id, action="typing") is True
    assert api.error("sendChatAction", chat_id=group.id, action="dancing")["error_code"] == 400
    assert api.ok("leaveChat", chat_id=group.id) is True
    assert api.error("sendMessage", chat_id=group.id, text="x")["error_code"] == 403
    assert api.ok("logOut") is True
    assert api.ok("close") is True


def test_group_service_updates_and_privacy(emu: BotAPIEmulator, api: RawApi) -> None:
    admin = emu.user(30, "Ketua")
    member = emu.user(31, "Anggota")
    group = emu.group(title="Desa")
    with pytest.raises(ValueError, match="add_bot_to_group"):
        emu.send_text(admin, "halo", group)
    emu.add_bot_to_group(admin, group)
    joined = api.ok("getUpdates")
    assert joined[0]["my_chat_member"]["old_chat_member"]["status"] == "left"
    assert joined[0]["my_chat_member"]["new_chat_member"]["status"] == "member"
    assert joined[1]["message"]["new_chat_members"][0]["id"] == 123456
    offset = joined[-1]["update_id"] + 1

    command = emu.send_text(member, "/lapor@pantau_test_bot", group)
    assert command["entities"] == [{"type": "bot_command", "offset": 0, "length": 22}]
    emu.send_text(member, "obrolan biasa", group)  # privacy mode: the bot does not see this
    bot_msg = api.ok("sendMessage", chat_id=group.id, text="Balas dengan angka")
    emu.send_text(member, "42", group, reply_to=bot_msg)
    texts = [u["message"]["text"] for u in api.ok("getUpdates", offset=offset)]
    assert texts == ["/lapor@pantau_test_bot", "42"]
    assert [m["text"] for m in emu.undelivered()] == ["obrolan biasa"]

    supergroup = emu.migrate_group(group, admin)
    updates = api.ok("getUpdates", offset=offset + 2)
    assert updates[0]["message"]["migrate_to_chat_id"] == supergroup.id
    assert updates[1]["message"]["migrate_from_chat_id"] == group.id
    assert updates[1]["message"]["chat"]["type"] == "supergroup"


def test_edited_message_and_misc_user_actions(emu: BotAPIEmulator, api: RawApi) -> None:
    user = emu.user(40, "Yani")
    msg = emu.send_text(user, "angka 10")
    emu.edit_user_message(user, msg, "angka 12")
    emu.send_location(user, -6.2, 106.8)
    emu.send_sticker(user)
    emu.send_voice(user)
    emu.send_contact(user, "+62811", "Yani")
    updates = api.ok("getUpdates")
    assert updates[1]["edited_message"]["text"] == "angka 12"
    assert "edit_date" in updates[1]["edited_message"]
    assert updates[2]["message"]["location"] == {"latitude": -6.2, "longitude": 106.8}
    assert updates[3]["message"]["sticker"]["type"] == "regular"
    assert updates[4]["message"]["voice"]["mime_type"] == "audio/ogg"
    assert updates[5]["message"]["contact"]["phone_number"] == "+62811"
    raw = emu.queue_update({"message": {"message_id": 99, "date": 1, "chat": {"id": 40, "type": "private"}}})
    assert api.ok("getUpdates", offset=raw["update_id"])[0]["update_id"] == raw["update_id"]
