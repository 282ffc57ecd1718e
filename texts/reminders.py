"""Texts of the reminders flow: private reminders, group notes and escalations, the chair's note, exemptions.

Every text is HTML (``parse_mode="HTML"``): values from users and the plan are escaped by the caller.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # private reminder to a focal point (H-3, H-1, deadline day)
    "reminders.private.head": (
        "⏰ <b>Pengingat laporan {period}</b>\nBatas waktu: <b>{deadline}</b> ({left}).",
        "⏰ <b>Report reminder: {period}</b>\nDeadline: <b>{deadline}</b> ({left}).",
    ),
    "reminders.left.days": ("{n} hari kerja lagi", "{n} working days left"),
    "reminders.left.one": ("hari kerja berikutnya", "next working day"),
    "reminders.left.today": ("hari ini", "today"),
    "reminders.private.list_head": ("Belum dilaporkan ({n}):", "Not yet reported ({n}):"),
    "reminders.private.item": ("{n}. {activity} <i>({org})</i>", "{n}. {activity} <i>({org})</i>"),
    "reminders.private.more": ("… dan {n} lainnya: ketik /lapor.", "… and {n} more: type /lapor."),
    "reminders.private.foot": (
        "Tekan tombol di bawah atau ketik /lapor.",
        "Tap a button below or type /lapor.",
    ),
    "reminders.report_now": ("Lapor sekarang", "Report now"),
    "reminders.button": ("📝 Lapor sekarang: {activity}", "📝 Report now: {activity}"),
    # group note naming focal points the bot cannot reach privately
    "reminders.group_note.intro": (
        "Focal point berikut belum bisa diingatkan lewat chat pribadi:",
        "These focal points cannot be reminded privately yet:",
    ),
    "reminders.group_note.item": (
        "• {mention} ({org}): {n} kegiatan belum dilaporkan",
        "• {mention} ({org}): {n} activities not yet reported",
    ),
    "reminders.group_note.foot": (
        "Buka chat pribadi dengan bot, tekan Mulai, lalu ketik /lapor.",
        "Open a private chat with the bot, tap Start, then type /lapor.",
    ),
    # escalation to the team's groups after the deadline
    "reminders.escalation.head": (
        "⚠️ <b>Laporan {period} belum lengkap</b>\nBatas waktu {deadline} sudah lewat {days} hari kerja.",
        "⚠️ <b>Reports for {period} incomplete</b>\nThe deadline {deadline} passed {days} working days ago.",
    ),
    "reminders.escalation.summary": (
        "Belum lapor: <b>{missing}</b> dari {expected} organisasi.",
        "Not reported: <b>{missing}</b> of {expected} organizations.",
    ),
    "reminders.escalation.item": (
        "• <b>{org}</b> ({n} kegiatan): {people}",
        "• <b>{org}</b> ({n} activities): {people}",
    ),
    "reminders.escalation.no_focal": ("belum ada focal point", "no focal point yet"),
    "reminders.escalation.no_private": (
        "{mention} (belum membuka chat dengan bot)",
        "{mention} (has not opened a chat with the bot)",
    ),
    "reminders.escalation.more": (
        "… dan {n} lainnya. Ketik /belum untuk daftar lengkap.",
        "… and {n} more. Type /belum for the full list.",
    ),
    "reminders.escalation.lock": (
        "Laporan masih bisa dikirim sampai {lock}.",
        "Reports can still be sent until {lock}.",
    ),
    "reminders.excused.head": ("Dikecualikan:", "Excused:"),
    "reminders.excused.item": ("• {org}: {reason}", "• {org}: {reason}"),
    # collective note to the chair and the secretariat on the deadline day
    "reminders.chair.head": (
        "📋 <b>Hari ini batas laporan {period}</b> ({team})",
        "📋 <b>Today is the deadline for {period}</b> ({team})",
    ),
    "reminders.chair.completeness": (
        "Kelengkapan: {received}/{expected} laporan ({pct})",
        "Completeness: {received}/{expected} reports ({pct})",
    ),
    "reminders.chair.timeliness": (
        "Tepat waktu: {on_time}/{expected} ({pct})",
        "On time: {on_time}/{expected} ({pct})",
    ),
    "reminders.chair.missing_head": ("Belum lapor ({n} organisasi):", "Not reported ({n} organizations):"),
    "reminders.chair.missing_item": ("• {org}: {n} kegiatan", "• {org}: {n} activities"),
    "reminders.chair.all_in": ("Semua organisasi sudah melapor. 👍", "Every organization has reported. 👍"),
    "reminders.chair.nothing_expected": (
        "Tidak ada laporan yang diharapkan untuk periode ini.",
        "No reports are expected for this period.",
    ),
    # /kecualikan and /batalkecuali
    "reminders.exempt.usage": (
        "Cara pakai: /kecualikan KODE_OPD PERIODE ALASAN\nContoh: /kecualikan DISKOP TW1 tidak ada kegiatan",
        "Usage: /kecualikan ORG_CODE PERIOD REASON\nExample: /kecualikan DISKOP Q1 no activity planned",
    ),
    "reminders.exempt.done": (
        "✅ {org} dikecualikan untuk {period}: {reason}.\n"
        "Tidak ada pengingat untuknya dan tidak dihitung dalam kelengkapan.",
        "✅ {org} is excused for {period}: {reason}.\nNo reminders for it, and it does not count in completeness.",
    ),
    "reminders.exempt.unknown_org": (
        "Organisasi {org} tidak ada di tim {team}.",
        "Organization {org} is not in team {team}.",
    ),
    "reminders.exempt.bad_period": (
        "Periode {period} tidak dikenali. Contoh: {example}.",
        "Period {period} not understood. Example: {example}.",
    ),
    "reminders.exempt.duplicate": (
        "{org} sudah dikecualikan untuk {period}: {reason}.",
        "{org} is already excused for {period}: {reason}.",
    ),
    "reminders.exempt.reason_needed": (
        "Tulis alasannya, mis. /kecualikan DISKOP TW1 tidak ada kegiatan.",
        "Give a reason, e.g. /kecualikan DISKOP Q1 no activity planned.",
    ),
    "reminders.unexempt.usage": (
        "Cara pakai: /batalkecuali KODE_OPD PERIODE\nContoh: /batalkecuali DISKOP TW1",
        "Usage: /batalkecuali ORG_CODE PERIOD\nExample: /batalkecuali DISKOP Q1",
    ),
    "reminders.unexempt.done": (
        "✅ {org} kembali wajib melapor untuk {period}.",
        "✅ {org} must report for {period} again.",
    ),
    "reminders.unexempt.not_found": (
        "{org} tidak sedang dikecualikan untuk {period}.",
        "{org} is not excused for {period}.",
    ),
    "reminders.exempt.list_head": ("Dikecualikan di {team}:", "Excused in {team}:"),
    "reminders.exempt.list_item": ("• {period} · {org}: {reason}", "• {period} · {org}: {reason}"),
    "reminders.exempt.list_empty": ("Tidak ada organisasi yang dikecualikan.", "No organization is excused."),
    # evidence later (issue 17): a report sent with "bukti menyusul", reminded once after the team's working days
    "reminders.evidence.head": (
        "📎 <b>Bukti menyusul</b>\nLaporan berikut dikirim tanpa bukti, dengan janji bukti menyusul:",
        "📎 <b>Evidence to follow</b>\nThese reports were sent without evidence, the evidence to follow:",
    ),
    "reminders.evidence.item": ("• {activity} · {period} (dikirim {date})", "• {activity} · {period} (sent {date})"),
    "reminders.evidence.foot": (
        "Tekan <b>Kirim bukti</b>, lalu kirim foto atau dokumennya. Isian lain tidak perlu diketik ulang.",
        "Press <b>Send evidence</b>, then send the photos or documents. Nothing else needs to be typed again.",
    ),
    "reminders.evidence.button": ("📎 Kirim bukti: {activity}", "📎 Send evidence: {activity}"),
}
