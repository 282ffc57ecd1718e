"""Texts of the plenary's action items: /putuskan (the decision recorded), /tindaklanjut (closed with what was done,
reopened by the secretariat), the due date typed as officials type it, the reminders and the overdue notice, the
digest's line, /rekap's section and the Excel sheet."""

TEXTS: dict[str, tuple[str, str]] = {
    "core.cmd.putuskan": ("catat keputusan rapat dan penanggung jawabnya", "record a meeting decision and who does it"),
    "core.cmd.tindaklanjut": ("tindak lanjut keputusan rapat", "follow-up of the meeting's decisions"),
    # the due date (domain.due_dates)
    "actions.date.empty": (
        "Tulis batas waktunya, misalnya 30/6, 30 Juni 2026 atau akhir Juli.",
        "Type the due date, for example 30/6, 30 June 2026 or end of July.",
    ),
    "actions.date.unknown": (
        "“{text}” tidak terbaca sebagai tanggal. Tulis misalnya 30/6, 30-06-2026, 30 Juni 2026 atau akhir Juli.",
        "“{text}” is not a date I can read. Type for example 30/6, 30-06-2026, 30 June 2026 or end of July.",
    ),
    "actions.date.month": (
        "Bulan “{month}” tidak dikenal. Tulis nama bulannya, misalnya Juni atau Jun.",
        "I do not know the month “{month}”. Type its name, for example June or Jun.",
    ),
    "actions.date.month_number": (
        "Tidak ada bulan ke-{month}: bulan ditulis 1 sampai 12 (30/6 = 30 Juni).",
        "There is no month {month}: months go from 1 to 12 (30/6 = 30 June).",
    ),
    "actions.date.impossible": (
        "Tanggal {day} tidak ada di bulan ke-{month}: bulan itu paling banyak {last} hari.",
        "Day {day} does not exist in month {month}: that month has at most {last} days.",
    ),
    "actions.date.past": (
        "{day}/{month}/{year} sudah lewat. Batas waktu harus hari ini atau sesudahnya.",
        "{day}/{month}/{year} has passed. The due date must be today or later.",
    ),
    "actions.date.far": (
        "Tahun {year} terlalu jauh. Periksa lagi tahunnya.",
        "The year {year} is too far. Please check the year.",
    ),
    "actions.date.again": ("Tulis lagi batas waktunya, atau /batal.", "Type the due date again, or /batal."),
    # /putuskan
    "actions.decide.head": (
        "📝 <b>Keputusan rapat {team}</b>\nApa yang diputuskan? Pilih kendalanya (yang perlu keputusan pimpinan "
        "di atas) atau <b>Agenda lain</b>.",
        "📝 <b>Meeting decision, {team}</b>\nWhat was decided? Pick the obstacle (those needing the chair's "
        "decision first) or <b>Other agenda item</b>.",
    ),
    "actions.decide.head_none": (
        "📝 <b>Keputusan rapat {team}</b>\nBelum ada kendala terbuka. Tekan <b>Agenda lain</b> lalu tulis "
        "pokok keputusannya.",
        "📝 <b>Meeting decision, {team}</b>\nThere is no open obstacle. Press <b>Other agenda item</b> and type "
        "what the decision is about.",
    ),
    "actions.topic.line": (
        "<b>K{id}</b> {activity} ({org}) · {category}{mark}: {text}",
        "<b>K{id}</b> {activity} ({org}) · {category}{mark}: {text}",
    ),
    "actions.topic.needs_decision": (" · perlu keputusan", " · needs a decision"),
    "actions.topic.obstacle": ("Kendala {activity} ({org}): {text}", "Obstacle of {activity} ({org}): {text}"),
    "actions.button.topic": ("K{id} {activity}", "K{id} {activity}"),
    "actions.button.other": ("🗂 Agenda lain", "🗂 Other agenda item"),
    "actions.button.save": ("💾 Simpan", "💾 Save"),
    "actions.button.cancel": ("Batal", "Cancel"),
    "actions.button.prev": ("◀️ Sebelumnya", "◀️ Previous"),
    "actions.button.next": ("Berikutnya ▶️", "Next ▶️"),
    "actions.button.done": ("✅ Sudah dilaksanakan", "✅ Done"),
    "actions.button.reopen": ("↩️ Buka lagi", "↩️ Reopen"),
    "actions.ask_topic": (
        "Tulis pokok agendanya (satu kalimat).",
        "Type what the agenda item is (one sentence).",
    ),
    "actions.ask_decision": (
        "Pokok: <b>{topic}</b>\nTulis keputusannya: apa yang harus dilakukan.",
        "About: <b>{topic}</b>\nType the decision: what must be done.",
    ),
    "actions.ask_org": (
        "Siapa penanggung jawabnya? Pilih OPD ({page}/{pages}).",
        "Who is responsible? Pick the organization ({page}/{pages}).",
    ),
    "actions.ask_due": (
        "Penanggung jawab: <b>{org}</b>\nTulis batas waktunya, misalnya 30/6, 30 Juni 2026 atau akhir Juli.",
        "Responsible: <b>{org}</b>\nType the due date, for example 30/6, 30 June 2026 or end of July.",
    ),
    "actions.who": ("↩️ {name}, mohon balas pesan ini.", "↩️ {name}, please reply to this message."),
    "actions.confirm": (
        "Simpan keputusan ini?\n\n<b>Pokok:</b> {topic}\n<b>Keputusan:</b> {decision}\n"
        "<b>Penanggung jawab:</b> {org}\n<b>Batas waktu:</b> {due}",
        "Save this decision?\n\n<b>About:</b> {topic}\n<b>Decision:</b> {decision}\n"
        "<b>Responsible:</b> {org}\n<b>Due:</b> {due}",
    ),
    "actions.saved": (
        "✅ Keputusan <b>A{id}</b> disimpan. Focal point {org} sudah diberi tahu ({told} orang).",
        "✅ Decision <b>A{id}</b> saved. {org}'s focal points were told ({told}).",
    ),
    "actions.saved_nobody": (
        "✅ Keputusan <b>A{id}</b> disimpan. {org} belum punya focal point yang bisa dihubungi bot: mohon "
        "sampaikan langsung.",
        "✅ Decision <b>A{id}</b> saved. {org} has no focal point the bot can reach: please tell them directly.",
    ),
    "actions.cancelled": ("Keputusan tidak disimpan.", "The decision was not saved."),
    "actions.text_only": ("Mohon jawab dengan teks, atau /batal.", "Please answer with text, or /batal."),
    "actions.too_long": (
        "Terlalu panjang ({n} huruf): paling banyak {limit}. Mohon dipersingkat.",
        "Too long ({n} characters): at most {limit}. Please shorten it.",
    ),
    "actions.stale": (
        "Langkah ini sudah tidak berlaku. Mulai lagi dengan /putuskan.",
        "This step is no longer valid. Start again with /putuskan.",
    ),
    # told privately, reminded, overdue
    "actions.notice": (
        "📌 <b>Tindak lanjut untuk {org}</b> ({team})\n<b>Pokok:</b> {topic}\n<b>Keputusan:</b> {decision}\n"
        "<b>Batas waktu:</b> {due}\nSetelah dilaksanakan, laporkan dengan /tindaklanjut.",
        "📌 <b>Follow-up for {org}</b> ({team})\n<b>About:</b> {topic}\n<b>Decision:</b> {decision}\n"
        "<b>Due:</b> {due}\nOnce done, report it with /tindaklanjut.",
    ),
    "actions.reminder": (
        "⏰ <b>Tindak lanjut A{id}</b> ({org}) jatuh tempo {due}, {left}.\n<b>Keputusan:</b> {decision}\n"
        "Sudah dilaksanakan? Laporkan dengan /tindaklanjut.",
        "⏰ <b>Follow-up A{id}</b> ({org}) is due {due}, {left}.\n<b>Decision:</b> {decision}\n"
        "Done already? Report it with /tindaklanjut.",
    ),
    "actions.overdue": (
        "⚠️ <b>Tindak lanjut lewat batas waktu</b>\n<b>{org}</b>: {decision}\n<b>Pokok:</b> {topic}\n"
        "Batas waktu {due} (lewat {days} hari).",
        "⚠️ <b>Follow-up overdue</b>\n<b>{org}</b>: {decision}\n<b>About:</b> {topic}\nDue {due} ({days} days ago).",
    ),
    # /tindaklanjut
    "actions.list.head": (
        "📌 <b>Tindak lanjut {team}</b>: {open} terbuka, {overdue} lewat batas, {done} selesai.",
        "📌 <b>Follow-up, {team}</b>: {open} open, {overdue} overdue, {done} done.",
    ),
    "actions.list.mine": ("📌 <b>Tindak lanjut Anda</b>: {n} terbuka.", "📌 <b>Your follow-up</b>: {n} open."),
    "actions.list.none": (
        "Tidak ada tindak lanjut terbuka untuk OPD Anda.",
        "Your organization has no open follow-up.",
    ),
    "actions.list.empty": (
        "Belum ada keputusan rapat {team}. Catat dengan /putuskan.",
        "{team} has no meeting decision yet. Record one with /putuskan.",
    ),
    "actions.item": (
        "<b>A{id}</b> · {org} · batas {due}{late}\n<b>Pokok:</b> {topic}\n<b>Keputusan:</b> {decision}",
        "<b>A{id}</b> · {org} · due {due}{late}\n<b>About:</b> {topic}\n<b>Decision:</b> {decision}",
    ),
    "actions.item.late": (" — <b>lewat {days} hari</b>", " — <b>{days} days overdue</b>"),
    "actions.item.done": (
        "\n✅ Selesai {date} oleh {name}: {note}",
        "\n✅ Done {date} by {name}: {note}",
    ),
    "actions.list.more": ("… dan {n} lainnya.", "… and {n} more."),
    "actions.ask_note": (
        "<b>A{id}</b>: Tulis apa yang sudah dilakukan.",
        "<b>A{id}</b>: Type what was done.",
    ),
    "actions.closed": (
        "✅ <b>A{id}</b> selesai. Sekretariat diberi tahu.",
        "✅ <b>A{id}</b> done. The secretariat was told.",
    ),
    "actions.closed.group": (
        "✅ <b>Tindak lanjut A{id} selesai</b> — {org}\n<b>Keputusan:</b> {decision}\n<b>Yang dilakukan:</b> {note} "
        "({name})",
        "✅ <b>Follow-up A{id} done</b> — {org}\n<b>Decision:</b> {decision}\n<b>What was done:</b> {note} ({name})",
    ),
    "actions.note_cancelled": ("Tindak lanjut tidak diubah.", "The follow-up was not changed."),
    "actions.reopened": (
        "↩️ <b>A{id}</b> dibuka lagi ({org}, batas {due}).",
        "↩️ <b>A{id}</b> reopened ({org}, due {due}).",
    ),
    "actions.reopened.notice": (
        "↩️ <b>Tindak lanjut A{id}</b> dibuka lagi oleh sekretariat.\n<b>Keputusan:</b> {decision}\n"
        "<b>Batas waktu:</b> {due}\nLaporkan lagi dengan /tindaklanjut setelah dilaksanakan.",
        "↩️ <b>Follow-up A{id}</b> was reopened by the secretariat.\n<b>Decision:</b> {decision}\n"
        "<b>Due:</b> {due}\nReport it again with /tindaklanjut once done.",
    ),
    # refusals
    "actions.not_allowed": (
        "Hanya focal point {org} yang dapat menutup tindak lanjut ini.",
        "Only {org}'s focal points can close this follow-up.",
    ),
    "actions.not_secretariat": (
        "Hanya sekretariat tim yang dapat membuka lagi tindak lanjut.",
        "Only the team's secretariat can reopen a follow-up.",
    ),
    "actions.unknown": ("Tindak lanjut itu tidak ada.", "That follow-up does not exist."),
    "actions.topic.unknown": ("Kendala itu tidak ada di tim ini.", "That obstacle is not in this team."),
    "actions.topic.resolved": ("Kendala itu sudah teratasi.", "That obstacle is already resolved."),
    "actions.org.unknown": ("OPD itu tidak ada di tim ini.", "That organization is not in this team."),
    "actions.topic.empty": ("Pokok agendanya masih kosong.", "The agenda item is empty."),
    "actions.decision.empty": ("Keputusannya masih kosong.", "The decision is empty."),
    "actions.note.empty": ("Tulis apa yang sudah dilakukan.", "Type what was done."),
    "actions.already_done": ("Tindak lanjut ini sudah selesai.", "This follow-up is already done."),
    "actions.already_open": ("Tindak lanjut ini masih terbuka.", "This follow-up is still open."),
    # the digest, /rekap, the Excel recap
    "actions.digest": (
        "📌 Tindak lanjut: {open} terbuka, {overdue} lewat batas",
        "📌 Follow-up: {open} open, {overdue} overdue",
    ),
    "actions.rekap.head": ("<b>Tindak lanjut lewat batas ({n})</b>", "<b>Overdue follow-up ({n})</b>"),
    "actions.rekap.item": (
        "• A{id} {org}: {decision} — batas {due}, lewat {days} hari",
        "• A{id} {org}: {decision} — due {due}, {days} days overdue",
    ),
    "actions.xlsx.sheet": ("Tindak lanjut", "Follow-up"),
    "actions.xlsx.col.id": ("No.", "No."),
    "actions.xlsx.col.topic": ("Pokok", "About"),
    "actions.xlsx.col.decision": ("Keputusan", "Decision"),
    "actions.xlsx.col.org_code": ("Kode OPD", "Org. code"),
    "actions.xlsx.col.org": ("Penanggung jawab", "Responsible"),
    "actions.xlsx.col.due": ("Batas waktu", "Due date"),
    "actions.xlsx.col.status": ("Status", "Status"),
    "actions.xlsx.col.overdue": ("Lewat (hari)", "Overdue (days)"),
    "actions.xlsx.col.done_at": ("Selesai", "Done on"),
    "actions.xlsx.col.done_note": ("Yang dilakukan", "What was done"),
    "actions.xlsx.status.open": ("terbuka", "open"),
    "actions.xlsx.status.overdue": ("lewat batas", "overdue"),
    "actions.xlsx.status.done": ("selesai", "done"),
    "actions.xlsx.none": ("Belum ada keputusan rapat.", "No meeting decision yet."),
}
