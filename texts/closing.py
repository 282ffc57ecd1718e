"""Texts of closing a period for the parent team (issue 15): /tutup, /bukatutup, the closing reminders to a team's
secretariat, the escalation to the parent's groups and the note to the parent's chair and secretariat.

Every text is HTML (``parse_mode="HTML"``): values from users and the plan are escaped by the caller.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # /tutup
    "closing.usage": (
        "Ketik /tutup PERIODE, misalnya <code>/tutup TW III 2026</code>.",
        "Type /tutup PERIOD, for example <code>/tutup Q3 2026</code>.",
    ),
    "closing.period_unknown": (
        "Periode <b>{period}</b> tidak dikenali. Contoh: <code>/tutup TW III 2026</code>.",
        "Period <b>{period}</b> not understood. Example: <code>/tutup Q3 2026</code>.",
    ),
    "closing.no_parent": (
        "Tim {team} tidak berada di bawah tim lain: tidak ada periode yang perlu ditutup.",
        "Team {team} has no parent team: there is no period to close.",
    ),
    "closing.not_ended": (
        "{period} belum berakhir (berakhir {end}): periode ditutup setelah berakhir dan laporannya diverifikasi.",
        "{period} has not ended yet (it ends {end}): a period is closed after it ends and its reports are verified.",
    ),
    "closing.already": (
        "{period} sudah ditutup pada {when} oleh {who}.",
        "{period} was already closed on {when} by {who}.",
    ),
    "closing.already_auto": (
        "{period} sudah tertutup otomatis pada {when} (tanggal kunci tim).",
        "{period} already closed by itself on {when} (the team's lock date).",
    ),
    "closing.unverified": (
        "Belum bisa menutup {period}: {n} laporan menunggu verifikasi. Periksa dulu dengan /verifikasi.",
        "Cannot close {period} yet: {n} reports wait for verification. Check them first with /verifikasi.",
    ),
    "closing.done": (
        "✅ <b>{period} ditutup</b> untuk {parent}: {received}/{expected} laporan.\n{timeliness}",
        "✅ <b>{period} closed</b> for {parent}: {received}/{expected} reports.\n{timeliness}",
    ),
    "closing.done.on_time": (
        "Tepat waktu (batas {deadline}).",
        "On time (deadline {deadline}).",
    ),
    "closing.done.late": (
        "Melewati batas waktu {deadline}.",
        "After the deadline of {deadline}.",
    ),
    "closing.notice": (
        "{team} menutup {period}: {received}/{expected} laporan, {timeliness}",
        "{team} closed {period}: {received}/{expected} reports, {timeliness}",
    ),
    "closing.timely": ("tepat waktu", "on time"),
    "closing.late": ("terlambat", "late"),
    # /bukatutup
    "closing.reopen.usage": (
        "Ketik /bukatutup KODE PERIODE, misalnya <code>/bukatutup TPAKD-LAMANDAU TW III 2026</code>.",
        "Type /bukatutup CODE PERIOD, for example <code>/bukatutup TPAKD-LAMANDAU Q3 2026</code>.",
    ),
    "closing.reopen.not_child": (
        "Tim {team} tidak berada di bawah {parent}.",
        "Team {team} is not under {parent}.",
    ),
    "closing.reopen.not_closed": (
        "{team} belum menutup {period}: tidak ada yang dibuka kembali.",
        "{team} has not closed {period}: nothing to reopen.",
    ),
    "closing.reopen.done": (
        "🔓 {period} dibuka kembali untuk {team}. Tim itu dapat menutupnya lagi dengan /tutup.",
        "🔓 {period} reopened for {team}. That team may close it again with /tutup.",
    ),
    "closing.reopen.notice": (
        "🔓 {parent} membuka kembali {period} untuk {team}: tutup lagi dengan <code>/tutup {short}</code>.",
        "🔓 {parent} reopened {period} for {team}: close it again with <code>/tutup {short}</code>.",
    ),
    # reminders to a team's secretariat before the parent's deadline (H-3, H-1, H)
    "closing.reminder.head": (
        "⏰ <b>Tutup {period} untuk {parent}</b>\nBatas waktu: <b>{deadline}</b> ({left}).",
        "⏰ <b>Close {period} for {parent}</b>\nDeadline: <b>{deadline}</b> ({left}).",
    ),
    "closing.reminder.item": (
        "• {team}: {received}/{expected} laporan masuk, {waiting} menunggu verifikasi",
        "• {team}: {received}/{expected} reports in, {waiting} waiting for verification",
    ),
    "closing.reminder.hint": (
        "Tutup sekarang: verifikasi laporan yang menunggu (/verifikasi), lalu ketik <code>/tutup {short}</code>.",
        "Close now: verify the reports waiting (/verifikasi), then type <code>/tutup {short}</code>.",
    ),
    # escalation to the parent's groups after its deadline
    "closing.escalation.head": (
        "⚠️ <b>{period}: {n} dari {total} tim belum menutup</b>\nBatas waktu {deadline} sudah lewat {days} hari kerja.",
        "⚠️ <b>{period}: {n} of {total} teams have not closed</b>\nThe deadline {deadline} passed {days} working "
        "days ago.",
    ),
    "closing.escalation.item": ("• {team} · {name}", "• {team} · {name}"),
    "closing.escalation.reopened": (
        "• {team} · {name} (dibuka kembali)",
        "• {team} · {name} (reopened)",
    ),
    "closing.escalation.more": ("… dan {n} tim lainnya", "… and {n} more teams"),
    # note to the parent's chair and secretariat on the deadline day
    "closing.note.head": ("📋 <b>Penutupan {period}: {team}</b>", "📋 <b>Closing {period}: {team}</b>"),
    "closing.note.summary": (
        "{closed}/{total} tim sudah menutup, {on_time} tepat waktu.",
        "{closed}/{total} teams have closed, {on_time} on time.",
    ),
    "closing.note.open_head": ("Belum menutup ({n}):", "Not closed yet ({n}):"),
    "closing.note.all_closed": ("Semua tim sudah menutup.", "Every team has closed."),
}
