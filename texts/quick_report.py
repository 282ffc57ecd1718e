"""Texts of Lapor cepat: the one-line template, the summary of a quick report and its mistakes."""

TEXTS: dict[str, tuple[str, str]] = {
    # the template's labels (domain.quick_report reads these back in either language, with other spellings)
    "quick.label.value": ("nilai", "value"),
    "quick.label.value_level": ("nilai saat ini", "current value"),
    "quick.label.budget_spent": ("anggaran (Rp)", "budget (Rp)"),
    "quick.label.physical_pct": ("fisik (%)", "physical (%)"),
    "quick.label.obstacles": ("kendala", "obstacles"),
    "quick.label.follow_up": ("tindak lanjut", "follow-up"),
    # where a mistake is
    "quick.field.value": ("nilai", "value"),
    "quick.field.budget_spent": ("anggaran", "budget"),
    "quick.field.physical_pct": ("fisik", "physical"),
    "quick.field.obstacles": ("kendala", "obstacles"),
    "quick.field.follow_up": ("tindak lanjut", "follow-up"),
    "quick.field.code": ("kode kegiatan", "activity code"),
    "quick.field.period": ("periode", "period"),
    "quick.field.line": ("baris", "line"),
    # buttons
    "quick.button.template": ("⚡ Lapor cepat", "⚡ Quick report"),
    # the template
    "quick.template": (
        "⚡ <b>Lapor cepat</b> · {period}\n"
        "Salin {what} di bawah (ketuk untuk menyalin), isi setelah tanda titik dua, lalu kirim sebagai satu pesan, "
        "boleh saat sinyal sudah ada. Bagian yang tidak ada dibiarkan kosong; baris yang tidak diisi dilewati.",
        "⚡ <b>Quick report</b> · {period}\n"
        "Copy {what} below (tap to copy), fill in after each colon, then send it as one message, whenever there "
        "is signal. Leave what does not apply empty; lines left unfilled are skipped.",
    ),
    "quick.template.one": ("baris", "the line"),
    "quick.template.many": ("baris-baris", "the lines"),
    "quick.template.example": (
        "Contoh: <code>{example}</code>",
        "Example: <code>{example}</code>",
    ),
    "quick.template.none": (
        "Tidak ada kegiatan Anda yang terbuka untuk dilaporkan pada periode ini.",
        "None of your activities is open for reporting in this period.",
    ),
    # the reply to a quick report
    "quick.summary.head": (
        "⚡ <b>Ringkasan lapor cepat</b> ({n} kegiatan)",
        "⚡ <b>Quick report summary</b> ({n} activities)",
    ),
    "quick.summary.line": (
        "<b>Baris {line}</b> · <b>{code}</b> {activity}{revision}\n"
        "Periode: {period}\n"
        "Realisasi: <b>{value}</b> {unit} (target {target}{direction}, {achievement}){rating}\n"
        "Anggaran: {budget} · Fisik: {physical}\n"
        "Kendala: {obstacles}\n"
        "Tindak lanjut: {follow_up}",
        "<b>Line {line}</b> · <b>{code}</b> {activity}{revision}\n"
        "Period: {period}\n"
        "Realised: <b>{value}</b> {unit} (target {target}{direction}, {achievement}){rating}\n"
        "Budget: {budget} · Physical: {physical}\n"
        "Obstacles: {obstacles}\n"
        "Follow-up: {follow_up}",
    ),
    "quick.summary.revision": (" · <i>revisi</i>", " · <i>revision</i>"),
    "quick.summary.skipped": (
        "Baris {lines} kosong, dilewati.",
        "Line(s) {lines} empty, skipped.",
    ),
    "quick.summary.check": (
        "Periksa lagi, lalu tekan <b>Kirim</b> untuk mengirim semuanya.",
        "Check it, then press <b>Send</b> to send them all.",
    ),
    "quick.summary.doubts": (
        "Ada angka yang perlu dipastikan. Tekan <b>Ya, benar</b> bila semuanya benar, atau <b>Ubah</b>.",
        "Some numbers need confirming. Press <b>Yes, correct</b> if they are all right, or <b>Change</b>.",
    ),
    "quick.doubt": ("Baris {line}, {field}: {text}", "Line {line}, {field}: {text}"),
    "quick.problems": (
        "⚠️ <b>Lapor cepat belum bisa diterima</b>; tidak ada yang disimpan. Perbaiki lalu kirim lagi:",
        "⚠️ <b>The quick report cannot be accepted yet</b>; nothing was stored. Fix it and send it again:",
    ),
    "quick.problem": ("Baris {line}, {field}: {text}", "Line {line}, {field}: {text}"),
    "quick.problem.message": ("• {text}", "• {text}"),
    # mistakes
    "quick.error.no_keyword": (
        "tidak diawali kata <code>{keyword}</code>.",
        "does not begin with the word <code>{keyword}</code>.",
    ),
    "quick.error.no_code": ("kode kegiatan tidak ada setelah LAPOR.", "no activity code after LAPOR."),
    "quick.error.unknown_code": (
        "<code>{code}</code> bukan kode kegiatan OPD Anda.",
        "<code>{code}</code> is not an activity code of your organization.",
    ),
    "quick.error.unknown_label": (
        "label <code>{label}</code> tidak dikenal (pakai: nilai, anggaran, fisik, kendala, tindak lanjut).",
        "unknown label <code>{label}</code> (use: value, budget, physical, obstacles, follow-up).",
    ),
    "quick.error.no_label": (
        "<code>{text}</code> tidak punya label (mis. <code>nilai: 120</code>).",
        "<code>{text}</code> has no label (e.g. <code>value: 120</code>).",
    ),
    "quick.error.repeated": ("diisi dua kali; isi satu kali saja.", "given twice; give it once."),
    "quick.error.required": ("wajib diisi.", "is required."),
    "quick.error.duplicate": (
        "kegiatan dan periode yang sama dengan baris {first}.",
        "the same activity and period as line {first}.",
    ),
    "quick.error.too_many_lines": (
        "Pesan ini {n} baris; paling banyak {max} kegiatan sekali kirim.",
        "This message has {n} lines; at most {max} activities at once.",
    ),
    "quick.error.nothing": (
        "Belum ada yang diisi. Isi nilai setelah <code>nilai:</code>, lalu kirim lagi.",
        "Nothing is filled in. Put the value after <code>value:</code>, then send it again.",
    ),
    # after the buttons
    "quick.confirmed": ("Angka-angka sudah dipastikan.", "The numbers are confirmed."),
    "quick.edit": (
        "Salin baris di bawah, perbaiki yang perlu (lihat nomor barisnya di ringkasan), lalu kirim lagi semuanya. "
        "Ringkasan sebelumnya tidak berlaku lagi.",
        "Copy the lines below, fix what needs fixing (see the line numbers in the summary), then send them all "
        "again. The previous summary no longer applies.",
    ),
    "quick.cancelled": (
        "Lapor cepat dibatalkan; tidak ada yang disimpan.",
        "Quick report cancelled; nothing was stored.",
    ),
    "quick.sent": ("✅ <b>{n} laporan terkirim</b>", "✅ <b>{n} reports sent</b>"),
    "quick.sent.line": (
        "Baris {line} · {activity} · {period}: <b>{value}</b> {unit}{revision} · {rating}",
        "Line {line} · {activity} · {period}: <b>{value}</b> {unit}{revision} · {rating}",
    ),
    "quick.sent.already": (
        "Lapor cepat ini sudah terkirim; tidak ada yang dikirim dua kali.",
        "This quick report was sent already; nothing is sent twice.",
    ),
    "quick.sent.timing": (
        "{on_time} tepat waktu, {late} terlambat. Terima kasih!",
        "{on_time} on time, {late} late. Thank you!",
    ),
    "quick.stale": (
        "Ringkasan lapor cepat ini tidak berlaku lagi. Kirim baris LAPOR lagi.",
        "This quick report summary no longer applies. Send the LAPOR lines again.",
    ),
    "quick.failed": (
        "Baris {line} tidak dapat dikirim: {text} Tidak ada yang disimpan.",
        "Line {line} could not be sent: {text} Nothing was stored.",
    ),
}
