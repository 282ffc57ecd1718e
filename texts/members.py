"""Texts of who is connected (/anggota), the printable invitations (/undangan, ``pantau invite --sheet``), the
digest's line on organizations not yet connected, and the evidence check (a photo or document used in another
report)."""

TEXTS: dict[str, tuple[str, str]] = {
    # /anggota
    "members.head": (
        "👥 <b>Anggota {team}</b>\n"
        "{orgs} OPD: {connected} terhubung, {unreachable} belum bisa dihubungi, {missing} tanpa focal point.",
        "👥 <b>Members of {team}</b>\n"
        "{orgs} organizations: {connected} connected, {unreachable} not reachable yet, "
        "{missing} without a focal point.",
    ),
    "members.continued": ("(lanjutan)", "(continued)"),
    "members.org": ("<b>{code}</b> · {name}", "<b>{code}</b> · {name}"),
    "members.fp": ("  • {name} — {reach} · {last}", "  • {name} — {reach} · {last}"),
    "members.reach.ok": ("✅ bisa dihubungi", "✅ reachable"),
    "members.reach.never": ("⚠️ belum membuka bot", "⚠️ has not opened the bot"),
    "members.reach.blocked": ("⛔ memblokir bot", "⛔ blocked the bot"),
    "members.last": ("laporan terakhir {date}", "last report {date}"),
    "members.last.never": ("belum pernah melapor", "no report yet"),
    "members.missing.head": (
        "<b>Tanpa focal point ({n})</b>",
        "<b>Without a focal point ({n})</b>",
    ),
    "members.missing.invite": (
        "Tekan tombol OPD untuk membuat tautan undangan sekali pakai, atau /undangan untuk undangan cetak (PDF).",
        "Press an organization's button for a one-time invitation link, or /undangan for printable invitations (PDF).",
    ),
    "members.missing.ask": (
        "Minta sekretariat tim mengundang mereka.",
        "Ask the team's secretariat to invite them.",
    ),
    "members.missing.none": ("Semua OPD sudah punya focal point.", "Every organization has a focal point."),
    "members.none": ("Tim {team} belum punya OPD.", "Team {team} has no organizations yet."),
    "members.button.invite": ("➕ {code}", "➕ {code}"),
    "members.invite.private": (
        "Tautan undangan hanya dibuat di chat pribadi dengan bot.",
        "Invitation links are made only in the private chat with the bot.",
    ),
    "members.invite.not_allowed": (
        "Peran Anda tidak boleh mengundang focal point di tim ini.",
        "Your role may not invite focal points in this team.",
    ),
    "members.invite.unknown_org": (
        "OPD ini bukan anggota tim itu (lagi).",
        "This organization is not (or no longer) in that team.",
    ),
    # /undangan and the sheet
    "members.sheet.none": (
        "Semua OPD {team} sudah punya focal point. Untuk OPD tertentu: <code>/undangan KODE_OPD</code>",
        "Every organization of {team} has a focal point. For given ones: <code>/undangan ORG_CODE</code>",
    ),
    "members.sheet.unknown": (
        "Bukan OPD tim {team}: {codes}.\nPilihan: {choices}",
        "Not an organization of team {team}: {codes}.\nChoices: {choices}",
    ),
    "members.sheet.too_many": (
        "Paling banyak {n} undangan sekaligus: sebutkan kode OPD-nya.",
        "At most {n} invitations at once: name the organizations' codes.",
    ),
    "members.sheet.caption": (
        "Undangan cetak {team}: {n} OPD, tiap undangan tautan sekali pakai, berlaku sampai {expires}. "
        "Cetak, gunting, dan serahkan kepada OPD-nya.",
        "Printable invitations for {team}: {n} organizations, each a one-time link, valid until {expires}. "
        "Print, cut and hand them out.",
    ),
    "members.sheet.title": ("Undangan Pantau", "Pantau invitation"),
    "members.sheet.for": ("Focal point {org}", "Focal point of {org}"),
    "members.sheet.step1": (
        "1. Pasang aplikasi Telegram di HP Anda (Play Store atau App Store).",
        "1. Install the Telegram app on your phone (Play Store or App Store).",
    ),
    "members.sheet.step2": (
        "2. Pindai kode QR ini dengan kamera HP, atau buka tautan di bawahnya.",
        "2. Scan this QR code with the phone's camera, or open the link below it.",
    ),
    "members.sheet.step3": (
        "3. Tekan Mulai (Start) di Telegram: Anda terdaftar sebagai focal point OPD ini.",
        "3. Press Start in Telegram: you are registered as this organization's focal point.",
    ),
    "members.sheet.expires": (
        "Sekali pakai · berlaku sampai {expires}",
        "Single use · valid until {expires}",
    ),
    # the weekly digest
    "members.digest.unconnected": (
        "🔌 Belum terhubung ({n}): {items}",
        "🔌 Not connected yet ({n}): {items}",
    ),
    "members.digest.more": ("dan {n} lainnya", "and {n} more"),
    # evidence used in another report
    "evidence.kind.photo": ("foto", "photo"),
    "evidence.kind.document": ("dokumen", "document"),
    "evidence.reused": (
        "⚠️ {kind} ini juga dipakai di laporan {where}",
        "⚠️ this {kind} is also used in report {where}",
    ),
    "evidence.reused_status": ("bukti dipakai ulang", "evidence reused"),
    "evidence.reused_other_team": (
        "⚠️ {kind} ini juga dipakai di laporan tim lain",
        "⚠️ this {kind} is also used in another team's report",
    ),
    "evidence.where.team": ("{code} {period} (tim {team})", "{code} {period} (team {team})"),
    "evidence.more": ("dan {n} lainnya", "and {n} more"),
}
