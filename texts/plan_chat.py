"""Texts of changing the plan in the chat (``bot.plan``): /rencana, a plan file sent back, its preview, the period,
the legal basis, Terapkan / Batal, and the notices to the team's groups and focal points.

HTML: every value a person or the plan wrote is escaped before it is put in (``texts.markup.esc``).
"""

TEXTS: dict[str, tuple[str, str]] = {
    # /rencana
    "plan_chat.caption": (
        "📋 Rencana {team}, versi {version}.\n"
        "Untuk mengubahnya: ubah berkas ini (lembar <i>Petunjuk</i> menjelaskan setiap kolom; kode jangan diubah), "
        "simpan sebagai .xlsx, lalu kirim kembali ke chat ini. Saya periksa dulu dan menunjukkan perubahannya "
        "sebelum apa pun diterapkan.",
        "📋 Plan of {team}, version {version}.\n"
        "To change it: edit this file (the <i>Petunjuk</i> sheet explains every column; keep the codes), save it as "
        ".xlsx and send it back to this chat. I check it first and show what it changes before anything is applied.",
    ),
    "plan_chat.versions.head": ("<b>Versi rencana {team}</b>", "<b>Plan versions of {team}</b>"),
    "plan_chat.versions.item": (
        "<b>v{number}</b> · {date} · berlaku mulai {period}{correction}",
        "<b>v{number}</b> · {date} · in force from {period}{correction}",
    ),
    "plan_chat.versions.basis": ("Dasar: {basis}", "Basis: {basis}"),
    "plan_chat.versions.by": ("oleh {author}", "by {author}"),
    "plan_chat.versions.more": ("(lanjutan)", "(continued)"),
    # a file sent back
    "plan_chat.not_allowed": (
        "Hanya sekretariat atau admin tim yang dapat mengubah rencana. Berkas ini tidak diproses.",
        "Only a team's secretariat or admin can change its plan. This file was not processed.",
    ),
    "plan_chat.too_big": (
        "Berkas {name} terlalu besar ({size}); berkas rencana paling besar {limit}. Tidak ada yang diubah.",
        "The file {name} is too big ({size}); a plan file may be at most {limit}. Nothing was changed.",
    ),
    "plan_chat.download_failed": (
        "Berkas {name} tidak dapat diunduh dari Telegram. Coba kirim lagi. Tidak ada yang diubah.",
        "The file {name} could not be downloaded from Telegram. Please send it again. Nothing was changed.",
    ),
    "plan_chat.unreadable": (
        "❌ Berkas {name} tidak dapat dipakai sebagai rencana: {reason}\nTidak ada yang diubah.",
        "❌ The file {name} cannot be used as a plan: {reason}\nNothing was changed.",
    ),
    "plan_chat.mistakes.head": (
        "❌ Berkas {name} belum bisa dipakai: {n} kesalahan. Tidak ada yang diubah. Perbaiki lalu kirim ulang.",
        "❌ The file {name} cannot be used yet: {n} mistake(s). Nothing was changed. Fix them and send it again.",
    ),
    "plan_chat.mistakes.item": ("• {text}", "• {text}"),
    "plan_chat.mistakes.more": ("… dan {n} kesalahan lain.", "… and {n} more mistake(s)."),
    "plan_chat.other_team": (
        "Berkas ini rencana tim {team}; Anda hanya dapat mengubah rencana tim {teams}. Tidak ada yang diubah.",
        "This file is the plan of team {team}; you can only change the plan of {teams}. Nothing was changed.",
    ),
    "plan_chat.other_team.none": (
        "Berkas ini rencana tim {team}, yang rencananya tidak dapat Anda ubah. Tidak ada yang diubah.",
        "This file is the plan of team {team}, whose plan you cannot change. Nothing was changed.",
    ),
    "plan_chat.unknown_team": (
        "Tim {team} tidak ada di Pantau. Tim baru dibuat dengan <code>pantau plan import</code>. "
        "Tidak ada yang diubah.",
        "There is no team {team} in Pantau. A new team is made with <code>pantau plan import</code>. "
        "Nothing was changed.",
    ),
    "plan_chat.nothing": (
        "Berkas ini sama dengan rencana {team} yang berlaku (versi {version}). Tidak ada yang diubah.",
        "This file says what the plan of {team} in force says (version {version}). Nothing was changed.",
    ),
    "plan_chat.calendar": (
        "Tahun atau jenis periode rencana tidak dapat diubah dengan versi baru ({settings}). Tidak ada yang diubah.",
        "A new version cannot change the plan's year or kind of period ({settings}). Nothing was changed.",
    ),
    "plan_chat.parent_unknown": (
        "Tim induk {parent} (kolom parent) belum ada di Pantau: rencana tim induk diimpor lebih dulu. "
        "Tidak ada yang diubah.",
        "The parent team {parent} (the parent row) is not in Pantau yet: its plan is imported first. "
        "Nothing was changed.",
    ),
    "plan_chat.parent_loop": (
        "Tim induk {parent} berada di bawah tim ini sendiri: pilih tim di atasnya. Tidak ada yang diubah.",
        "The parent team {parent} is under this team itself: name the team above it. Nothing was changed.",
    ),
    # the preview
    "plan_chat.preview.head": (
        "<b>Perubahan rencana {team}</b> (dari versi {version}, berkas {name}):\n{summary}",
        "<b>Change to the plan of {team}</b> (from version {version}, file {name}):\n{summary}",
    ),
    "plan_chat.preview.more": ("… dan {n} perubahan lain.", "… and {n} more change(s)."),
    "plan_chat.ask_period": (
        "Mulai periode mana perubahan ini berlaku? Periode sebelumnya tetap memakai target lama. Pilih "
        "<b>Koreksi data</b> bila perubahan ini membetulkan data yang salah, juga untuk periode yang sudah lewat.",
        "From which period does this change apply? Earlier periods keep their targets. Choose <b>Koreksi data</b> "
        "(data correction) when the change fixes wrong data, also for periods already past.",
    ),
    "plan_chat.button.correction": ("Koreksi data", "Data correction"),
    "plan_chat.button.apply": ("Terapkan", "Apply"),
    "plan_chat.button.cancel": ("Batal", "Cancel"),
    "plan_chat.earlier": (
        "Perubahan ini juga mengubah periode sebelum {period}:\n{items}\n"
        "Pilih periode yang lebih awal, atau <b>Koreksi data</b> bila data lama memang salah.",
        "This change also changes periods before {period}:\n{items}\n"
        "Choose an earlier period, or <b>Koreksi data</b> (data correction) if the old data was wrong.",
    ),
    "plan_chat.earlier.item": ("• {activity}: {periods}", "• {activity}: {periods}"),
    "plan_chat.more_activities": ("… dan {n} kegiatan lain.", "… and {n} more activity(ies)."),
    "plan_chat.team_setting": ("pengaturan tim", "team settings"),
    "plan_chat.chosen": ("Berlaku mulai {period}{correction}.", "In force from {period}{correction}."),
    "plan_chat.ask_basis": (
        "Tulis <b>dasar perubahan</b>, mis. <i>Perbup No. 12 Tahun 2026 tentang Perubahan DPA</i> "
        "(paling banyak {limit} karakter).",
        "Write the <b>legal basis</b> (dasar perubahan), e.g. <i>Perbup No. 12 Tahun 2026 tentang Perubahan DPA</i> "
        "(at most {limit} characters).",
    ),
    "plan_chat.basis.empty": (
        "Dasar perubahan wajib diisi. Tulis dasar perubahannya.",
        "The legal basis is required. Please write it.",
    ),
    "plan_chat.basis.too_long": (
        "Dasar perubahan terlalu panjang ({n} karakter; paling banyak {limit}). Persingkat lalu kirim lagi.",
        "The legal basis is too long ({n} characters; at most {limit}). Shorten it and send it again.",
    ),
    "plan_chat.confirm": (
        "<b>Terapkan perubahan rencana {team}?</b>\n"
        "Versi baru: {version}\nBerlaku mulai: {period}{correction}\nDasar: {basis}\nPerubahan: {summary}",
        "<b>Apply this change to the plan of {team}?</b>\n"
        "New version: {version}\nIn force from: {period}{correction}\nBasis: {basis}\nChanges: {summary}",
    ),
    "plan_chat.applied": (
        "✅ Rencana {team} diubah: versi {version}, berlaku mulai {period}{correction}. Grup tim dan focal point "
        "yang kegiatannya berubah diberi tahu.",
        "✅ The plan of {team} was changed: version {version}, in force from {period}{correction}. The team's groups "
        "and the focal points whose activities changed are told.",
    ),
    "plan_chat.changed_meanwhile": (
        "Rencana sudah diubah oleh orang lain sejak pratinjau ini (versi {version}). Kirim ulang berkasnya.",
        "Someone else changed the plan since this preview (version {version}). Send the file again.",
    ),
    "plan_chat.conflict": (
        "Perubahan ini tidak dapat diterapkan mulai {period}: target yang sudah ada laporannya akan hilang.\n{items}\n"
        "Pilih periode lain, atau perbaiki berkasnya lalu kirim ulang. Tidak ada yang diubah.",
        "This change cannot apply from {period}: targets that already have reports would go.\n{items}\n"
        "Choose another period, or fix the file and send it again. Nothing was changed.",
    ),
    "plan_chat.conflict.item": (
        "• {activity}: laporan {periods}",
        "• {activity}: reports for {periods}",
    ),
    "plan_chat.cancelled": (
        "Perubahan rencana dibatalkan. Rencana tidak diubah.",
        "Plan change cancelled. Nothing was changed.",
    ),
    "plan_chat.gone": (
        "Perubahan rencana ini sudah tidak berlaku (sudah diterapkan, dibatalkan, atau diganti berkas lain).",
        "This plan change is no longer pending (applied, cancelled, or replaced by another file).",
    ),
    # after applying
    "plan_chat.group_notice": (
        "📋 Rencana {team} diubah: versi {version}, berlaku mulai {period}{correction}, dasar: {basis} — {summary}",
        "📋 The plan of {team} was changed: version {version}, in force from {period}{correction}, basis: {basis} — "
        "{summary}",
    ),
    "plan_chat.focal_note": (
        "📋 Rencana {team} diubah (versi {version}, berlaku mulai {period}{correction}; dasar: {basis}). "
        "Untuk kegiatan {org}:\n{lines}",
        "📋 The plan of {team} was changed (version {version}, in force from {period}{correction}; basis: {basis}). "
        "For the activities of {org}:\n{lines}",
    ),
}
