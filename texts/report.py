"""Texts of the report flow (/lapor, /riwayat), verification (/verifikasi), reopening (/buka) and their notices.

Values that a person or the plan wrote arrive already HTML-escaped; numbers arrive formatted (Indonesian style).
"""

TEXTS: dict[str, tuple[str, str]] = {
    # buttons
    "report.button.prev": ("◀ Sebelumnya", "◀ Previous"),
    "report.button.next": ("Berikutnya ▶", "Next ▶"),
    "report.button.skip": ("Lewati", "Skip"),
    "report.button.yes": ("Ya, benar", "Yes, correct"),
    "report.button.change": ("Ubah", "Change"),
    "report.button.done": ("Selesai", "Done"),
    "report.button.clear_evidence": ("Hapus semua bukti", "Remove all evidence"),
    "report.button.location": ("📍 Kirim lokasi", "📍 Send location"),
    "report.button.send": ("Kirim", "Send"),
    "report.button.cancel": ("Batal", "Cancel"),
    "report.button.back": ("« Kembali ke ringkasan", "« Back to the summary"),
    "report.button.open_private": ("Buka chat pribadi", "Open private chat"),
    "report.button.revise": ("Revisi {n}", "Revise {n}"),
    "report.button.revise_one": ("Revisi", "Revise"),
    "report.button.verify": ("✅ Verifikasi", "✅ Verify"),
    "report.button.return": ("↩️ Kembalikan", "↩️ Return"),
    # entry
    "report.private_only": (
        "Laporan diisi di chat pribadi dengan saya. Tekan tombol di bawah, lalu tekan <b>Mulai</b>.",
        "Reports are written in a private chat with me. Press the button below, then press <b>Start</b>.",
    ),
    "report.not_focal_point": (
        "Anda belum terdaftar sebagai focal point OPD mana pun, jadi belum ada kegiatan untuk dilaporkan. "
        "Minta tautan undangan kepada sekretariat tim.",
        "You are not registered as any organization's focal point, so there is nothing to report yet. "
        "Ask the team's secretariat for an invitation link.",
    ),
    "report.no_activities": (
        "Rencana tim belum memuat kegiatan untuk OPD Anda. Hubungi sekretariat tim.",
        "The team's plan has no activities for your organization yet. Contact the team's secretariat.",
    ),
    "report.not_your_activity": (
        "Kegiatan ini bukan milik OPD Anda, jadi tidak dapat Anda laporkan.",
        "This activity does not belong to your organization, so you cannot report it.",
    ),
    "report.not_reporter": (
        "Peran Anda tidak melapor: hanya focal point OPD yang mengisi dan merevisi laporan.",
        "Your role does not report: only an organization's focal point writes and revises reports.",
    ),
    "report.revise.not_yours": (
        "Laporan ini milik OPD lain, bukan OPD Anda, jadi tidak dapat Anda revisi.",
        "This report belongs to another organization, not yours, so you cannot revise it.",
    ),
    "report.private_buttons": (
        "Tombol laporan hanya berlaku di chat pribadi dengan saya.",
        "Report buttons work only in a private chat with me.",
    ),
    "report.activity.unknown": (
        "Kegiatan ini tidak ada lagi di rencana tim. Ketik /lapor untuk memilih lagi.",
        "This activity is no longer in the team's plan. Type /lapor to choose again.",
    ),
    # activity step
    "report.activity.ask": (
        "📝 <b>Lapor realisasi</b> · {period}\nPilih kegiatan:\n\n{lines}\n\n<i>{legend}</i>",
        "📝 <b>Report realisation</b> · {period}\nChoose an activity:\n\n{lines}\n\n<i>{legend}</i>",
    ),
    "report.activity.page": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "report.activity.legend": (
        "✅ sudah lapor · ⏳ belum · ⚠️ lewat tenggat · 🔒 terkunci · ↩️ dikembalikan",
        "✅ reported · ⏳ pending · ⚠️ overdue · 🔒 locked · ↩️ returned",
    ),
    # period step
    "report.period.ask": (
        "<b>{activity}</b>\nUntuk periode mana? ▶ = periode yang disarankan.",
        "<b>{activity}</b>\nFor which period? ▶ = the suggested period.",
    ),
    "report.period.reported_mark": ("sudah dilaporkan", "reported"),
    "report.period.locked": (
        "🔒 Periode <b>{period}</b> sudah dikunci untuk pengisian. Minta sekretariat membukanya untuk OPD Anda "
        "(<code>/buka</code>), atau pilih periode lain.",
        "🔒 The period <b>{period}</b> is locked for entry. Ask the secretariat to reopen it for your organization "
        "(<code>/buka</code>), or choose another period.",
    ),
    "report.period.not_open": (
        "Periode <b>{period}</b> tidak dapat diisi sekarang.",
        "The period <b>{period}</b> cannot be entered now.",
    ),
    "report.period.unknown": ("Periode itu tidak dikenal.", "That period is not known."),
    "report.period.none_open": (
        "Tidak ada periode yang terbuka untuk kegiatan ini. Minta sekretariat membuka periode yang Anda perlukan.",
        "No period is open for this activity. Ask the secretariat to reopen the period you need.",
    ),
    # value step
    "report.value.ask": (
        "<b>{activity}</b> · {period}\n{indicator}Target: <b>{target}</b>{direction}\n{history}\n"
        "Berapa <b>{what}</b>{cumulative} ({unit})? Ketik angkanya, mis. <code>{example}</code>.",
        "<b>{activity}</b> · {period}\n{indicator}Target: <b>{target}</b>{direction}\n{history}\n"
        "What is the <b>{what}</b>{cumulative} ({unit})? Type the number, e.g. <code>{example}</code>.",
    ),
    "report.value.indicator": ("Indikator: {indicator}\n", "Indicator: {indicator}\n"),
    "report.value.what.realised": ("realisasi", "realised value"),
    "report.value.what.level": ("nilai saat ini", "current value"),  # a level (tingkat): measured, never summed
    "report.value.cumulative": (" kumulatif s.d. periode ini", ", cumulative to date"),
    "report.value.above_100": (
        "<b>{value}</b> melebihi 100%: indikator ini berupa persentase, jadi nilainya paling besar 100. "
        "Periksa lagi angkanya, lalu kirim lagi.",
        "<b>{value}</b> is above 100%: this indicator is a percentage, so it is at most 100. "
        "Check the number and send it again.",
    ),
    "report.direction.turun": (" · ↓ lebih rendah lebih baik", " · ↓ lower is better"),
    "report.value.previous": (
        "Realisasi sebelumnya ({period}): <b>{value}</b>\n",
        "Previous value ({period}): <b>{value}</b>\n",
    ),
    "report.value.current": (
        "Periode ini sudah dilaporkan: <b>{value}</b> (revisi {n}); laporan ini menjadi revisi baru.\n",
        "This period was reported already: <b>{value}</b> (revision {n}); this report becomes a new revision.\n",
    ),
    "report.value.no_target": ("belum ada", "none"),
    "report.warn.above_target": (
        "⚠️ <b>{value}</b> adalah {pct} dari target ({target}), jauh di atas target. Apakah angka ini benar?",
        "⚠️ <b>{value}</b> is {pct} of the target ({target}), far above it. Is this number correct?",
    ),
    "report.warn.worse_than_target": (
        "⚠️ <b>{value}</b> jauh di atas target ({target}), padahal untuk indikator ini ↓ lebih rendah lebih baik: "
        "capaiannya {pct}. Apakah angka ini benar?",
        "⚠️ <b>{value}</b> is far above the target ({target}), and for this indicator ↓ lower is better: its "
        "achievement is {pct}. Is this number correct?",
    ),
    "report.warn.below_previous": (
        "⚠️ <b>{value}</b> lebih kecil dari realisasi kumulatif sebelumnya ({previous}); nilai kumulatif biasanya "
        "tidak turun. Apakah angka ini benar?",
        "⚠️ <b>{value}</b> is below the previous cumulative value ({previous}); a running total rarely falls. "
        "Is this number correct?",
    ),
    "report.warn.above_ceiling": (
        "⚠️ <b>{value}</b> melebihi pagu anggaran kegiatan ({ceiling}). Apakah angka ini benar?",
        "⚠️ <b>{value}</b> is above the activity's budget ceiling ({ceiling}). Is this amount correct?",
    ),
    # optional steps
    "report.budget.ask": (
        "Berapa <b>realisasi anggaran</b> s.d. periode ini? Mis. <code>2.500.000</code> atau <code>2,5 jt</code>.\n"
        "{ceiling}{previous}Tekan <b>Lewati</b> bila tidak ada.",
        "How much of the <b>budget</b> was spent to date? E.g. <code>2.500.000</code> or <code>2,5 jt</code>.\n"
        "{ceiling}{previous}Press <b>Skip</b> if none.",
    ),
    "report.budget.ceiling": ("Pagu: {ceiling}\n", "Ceiling: {ceiling}\n"),
    "report.budget.previous": ("Sebelumnya: {value}\n", "Previously: {value}\n"),
    "report.physical.ask": (
        "Berapa <b>progres fisik</b> s.d. periode ini (%)? Mis. <code>75</code> atau <code>75,5%</code>.\n"
        "{planned}Tekan <b>Lewati</b> bila tidak ada.",
        "What is the <b>physical progress</b> to date (%)? E.g. <code>75</code> or <code>75,5%</code>.\n"
        "{planned}Press <b>Skip</b> if none.",
    ),
    "report.physical.planned": ("Rencana: {pct}\n", "Planned: {pct}\n"),
    "report.obstacles.ask": (
        "Apa <b>kendala</b> yang dihadapi? Tulis singkat, atau tekan <b>Lewati</b>.",
        "What <b>obstacles</b> did you meet? Write briefly, or press <b>Skip</b>.",
    ),
    "report.follow_up.ask": (
        "Apa <b>tindak lanjut</b> yang direncanakan? Tulis singkat, atau tekan <b>Lewati</b>.",
        "What <b>follow-up</b> is planned? Write briefly, or press <b>Skip</b>.",
    ),
    "report.text.too_long": (
        "Tulisan ini {n} karakter; maksimal {max}. Persingkat lalu kirim lagi.",
        "This text has {n} characters; at most {max}. Shorten it and send it again.",
    ),
    "report.input.text_expected": (
        "Di langkah ini saya menunggu tulisan atau angka; stiker, pesan suara, foto atau berkas tidak bisa "
        "dipakai. Ketik jawabannya.",
        "At this step I need text or a number; stickers, voice notes, photos or files cannot be used. "
        "Type your answer.",
    ),
    "report.input.use_buttons": (
        "Pilih dengan tombol di bawah.",
        "Choose with the buttons below.",
    ),
    "report.text.empty": (
        "Tulisan Anda kosong. Tulis jawabannya, atau tekan <b>Lewati</b>.",
        "Your text is empty. Write your answer, or press <b>Skip</b>.",
    ),
    "report.number.too_large": (
        "Angka ini terlalu besar: paling besar {maximum}. Periksa lagi angkanya, lalu kirim lagi.",
        "This number is too large: at most {maximum}. Check the digits and send it again.",
    ),
    "report.number.too_precise": (
        "Angka ini punya terlalu banyak angka di belakang koma: paling banyak {decimals}, mis. {example}.",
        "This number has too many decimals: at most {decimals}, e.g. {example}.",
    ),
    # evidence
    "report.evidence.ask": (
        "Kirim <b>bukti dukung</b>: foto atau dokumen, boleh beberapa (maks. {max}). Tekan <b>Selesai</b> bila "
        "sudah, atau bila tidak ada.{have}",
        "Send <b>evidence</b>: photos or documents, several if you like (at most {max}). Press <b>Done</b> when "
        "finished, or if there is none.{have}",
    ),
    "report.evidence.have": ("\nSudah ada: {items}.", "\nAlready attached: {items}."),
    "report.evidence.items": ("{photos} foto, {documents} dokumen", "{photos} photo(s), {documents} document(s)"),
    "report.evidence.got": (
        "📎 Diterima ({items}). Kirim lagi, atau tekan <b>Selesai</b>.",
        "📎 Received ({items}). Send more, or press <b>Done</b>.",
    ),
    "report.evidence.too_big": (
        "Berkas ini {size} MB, melebihi batas 20 MB yang dapat diterima bot. Kirim berkas yang lebih kecil "
        "(mis. foto yang dikompres atau PDF yang diperkecil), atau tekan <b>Selesai</b>.",
        "This file is {size} MB, over the 20 MB a bot can receive. Send a smaller file (a compressed photo or a "
        "smaller PDF), or press <b>Done</b>.",
    ),
    "report.evidence.too_many": (
        "Sudah {max} berkas, batas maksimal. Tekan <b>Selesai</b>.",
        "That is {max} files, the maximum. Press <b>Done</b>.",
    ),
    "report.evidence.expected": (
        "Di langkah ini kirim foto atau dokumen sebagai bukti, atau tekan <b>Selesai</b>.",
        "At this step send photos or documents as evidence, or press <b>Done</b>.",
    ),
    "report.evidence.cleared": ("Semua bukti dihapus dari laporan ini.", "All evidence was removed from this report."),
    # location
    "report.location.ask": (
        "Bagikan <b>lokasi</b> kegiatan dengan tombol <b>📍 Kirim lokasi</b> di bawah, atau tekan <b>Lewati</b>.",
        "Share the activity's <b>location</b> with the <b>📍 Send location</b> button below, or press <b>Skip</b>.",
    ),
    "report.location.expected": (
        "Tekan tombol <b>📍 Kirim lokasi</b>, atau <b>Lewati</b>.",
        "Press <b>📍 Send location</b>, or <b>Skip</b>.",
    ),
    "report.location.got": ("📍 Lokasi diterima.", "📍 Location received."),
    "report.location.skipped": ("Lokasi dilewati.", "Location skipped."),
    # summary and edit
    "report.summary": (
        "<b>Ringkasan laporan</b>{revision}\n"
        "Kegiatan: <b>{activity}</b>\n"
        "Periode: {period}\n"
        "Realisasi: <b>{value}</b> {unit} (target {target}{direction}, {achievement}){rating}\n"
        "Anggaran: {budget}\n"
        "Fisik: {physical}\n"
        "Kendala: {obstacles}\n"
        "Tindak lanjut: {follow_up}\n"
        "Bukti: {evidence}\n"
        "Lokasi: {location}\n\n"
        "Periksa lagi, lalu tekan <b>Kirim</b>.",
        "<b>Report summary</b>{revision}\n"
        "Activity: <b>{activity}</b>\n"
        "Period: {period}\n"
        "Realised: <b>{value}</b> {unit} (target {target}{direction}, {achievement}){rating}\n"
        "Budget: {budget}\n"
        "Physical: {physical}\n"
        "Obstacles: {obstacles}\n"
        "Follow-up: {follow_up}\n"
        "Evidence: {evidence}\n"
        "Location: {location}\n\n"
        "Check it, then press <b>Send</b>.",
    ),
    "report.summary.revision": (" (revisi)", " (revision)"),
    "report.summary.predikat": (" · predikat <b>{predikat}</b>", " · rating <b>{predikat}</b>"),
    "report.summary.light": (" · lampu <b>{light}</b>", " · light <b>{light}</b>"),
    # achievement (domain.indicators): a percentage, or for a zero target whether it was reached
    "report.achievement.pct": ("capaian {pct}", "achievement {pct}"),
    "report.achievement.zero_met": ("target 0 tercapai", "zero target met"),
    "report.achievement.zero_missed": ("target 0 belum tercapai", "zero target not met"),
    "report.light.hijau": ("🟢 hijau", "🟢 green"),
    "report.light.kuning": ("🟡 kuning", "🟡 yellow"),
    "report.light.merah": ("🔴 merah", "🔴 red"),
    "report.summary.none": ("–", "–"),
    "report.summary.location": ("{lat}, {lon}", "{lat}, {lon}"),
    "report.edit.ask": ("Bagian mana yang ingin diubah?", "Which part do you want to change?"),
    "report.field.period": ("Periode", "Period"),
    "report.field.value": ("Realisasi", "Realised value"),
    "report.field.budget": ("Anggaran", "Budget"),
    "report.field.physical": ("Fisik %", "Physical %"),
    "report.field.obstacles": ("Kendala", "Obstacles"),
    "report.field.follow_up": ("Tindak lanjut", "Follow-up"),
    "report.field.evidence": ("Bukti", "Evidence"),
    "report.field.location": ("Lokasi", "Location"),
    # sent
    "report.sent": (
        "✅ <b>Laporan terkirim</b>{revision}\n{activity} · {period}\n"
        "Realisasi: <b>{value}</b> {unit}\n{rating}\n{timing}",
        "✅ <b>Report sent</b>{revision}\n{activity} · {period}\nRealised: <b>{value}</b> {unit}\n{rating}\n{timing}",
    ),
    "report.sent.revision": (" (revisi {n})", " (revision {n})"),
    "report.sent.rating": (
        "Capaian: <b>{pct}</b> · predikat <b>{predikat}</b>",
        "Achievement: <b>{pct}</b> · rating <b>{predikat}</b>",
    ),
    "report.sent.light": (
        "Capaian: <b>{pct}</b> · lampu <b>{light}</b>",
        "Achievement: <b>{pct}</b> · light <b>{light}</b>",
    ),
    "report.sent.zero_target": ("Capaian: <b>{verdict}</b>", "Achievement: <b>{verdict}</b>"),
    "report.sent.no_rating": ("Capaian: – (tidak ada target)", "Achievement: – (no target)"),
    "report.sent.on_time": ("Tepat waktu. Terima kasih!", "On time. Thank you!"),
    "report.sent.late": ("Tercatat terlambat (lewat tenggat). Terima kasih!", "Recorded as late. Thank you!"),
    "report.sent.already": (
        "Laporan ini sudah terkirim (revisi {n}); tidak ada yang dikirim dua kali.",
        "This report was sent already (revision {n}); nothing is sent twice.",
    ),
    "report.group_notice": (
        "📝 <b>{org}</b> melaporkan {activity} ({period}): {value} {unit}, {achievement}{revision}",
        "📝 <b>{org}</b> reported {activity} ({period}): {value} {unit}, {achievement}{revision}",
    ),
    "report.group_notice.revision": (" · revisi {n}", " · revision {n}"),
    "report.submit.incomplete": (
        "Laporan ini belum lengkap: realisasi belum diisi.",
        "This report is not complete: the realised value is missing.",
    ),
    "report.submit.too_large": (
        "{field} di laporan ini terlalu besar untuk disimpan: paling besar {maximum}. Tulis lagi angkanya.",
        "{field} in this report is too large to store: at most {maximum}. Type it again.",
    ),
    # closing
    "report.cancelled": (
        "Laporan dibatalkan; tidak ada yang disimpan. Ketik /lapor untuk mulai lagi.",
        "Report cancelled; nothing was stored. Type /lapor to start again.",
    ),
    "report.nothing_to_cancel": ("Tidak ada laporan yang sedang diisi.", "No report is being written."),
    "report.closed.expired": (
        "⌛ Laporan yang belum selesai ini sudah kedaluwarsa. Ketik /lapor untuk mulai lagi.",
        "⌛ This unfinished report has expired. Type /lapor to start again.",
    ),
    "report.closed.cancelled": (
        "Laporan ini sudah dibatalkan. Ketik /lapor untuk mulai lagi.",
        "This report was cancelled. Type /lapor to start again.",
    ),
    "report.closed.submitted": (
        "Laporan ini sudah terkirim. Ketik /riwayat untuk melihat atau merevisinya.",
        "This report was sent already. Type /riwayat to see or revise it.",
    ),
    "report.expired_notice": (
        "⌛ Laporan yang belum selesai dibatalkan karena tidak ada jawaban selama {hours} jam. "
        "Ketik /lapor untuk mulai lagi.",
        "⌛ Your unfinished report was cancelled after {hours} hours without an answer. Type /lapor to start again.",
    ),
    # history
    "report.history.head": ("<b>Riwayat laporan</b> ({total})", "<b>Report history</b> ({total})"),
    "report.history.item": (
        "{n}. {icon} <b>{activity}</b> · {period}\n    {value} {unit} · revisi {revision} · {date}{reason}",
        "{n}. {icon} <b>{activity}</b> · {period}\n    {value} {unit} · revision {revision} · {date}{reason}",
    ),
    "report.history.target": ("\n    Target: {target}", "\n    Target: {target}"),
    # the target a report was measured against, when a plan version changed it from the plan murni
    "report.target.changed": (" (perubahan; murni {murni})", " (changed; murni {murni})"),
    "report.verify.target_changed": ("; perubahan, murni {murni}", "; changed, murni {murni}"),
    "report.history.reason": ("\n    Dikembalikan: <i>{reason}</i>", "\n    Returned: <i>{reason}</i>"),
    "report.history.empty": (
        "Belum ada laporan dari OPD Anda. Ketik /lapor untuk melapor.",
        "Your organization has no reports yet. Type /lapor to report.",
    ),
    "report.history.unknown": ("Laporan itu tidak ditemukan.", "That report was not found."),
    "report.history.not_focal_point": (
        "/riwayat menampilkan laporan OPD Anda; Anda belum terdaftar sebagai focal point.",
        "/riwayat shows your organization's reports; you are not registered as a focal point.",
    ),
    "report.status.submitted": ("🕓", "🕓"),
    "report.status.verified": ("✅", "✅"),
    "report.status.returned": ("↩️", "↩️"),
    "report.status_label.submitted": ("menunggu verifikasi", "awaiting verification"),
    "report.status_label.verified": ("terverifikasi", "verified"),
    "report.status_label.returned": ("dikembalikan", "returned"),
    # verification
    "report.verify.head": (
        "<b>Menunggu verifikasi</b>: {total} laporan{more}",
        "<b>Awaiting verification</b>: {total} report(s){more}",
    ),
    "report.verify.more": (" (ditampilkan {shown} yang terlama)", " (showing the {shown} oldest)"),
    "report.verify.empty": ("Tidak ada laporan yang menunggu verifikasi. 👍", "No report awaits verification. 👍"),
    "report.verify.item": (
        "<b>{org}</b> · {activity} · {period} (revisi {revision})\n"
        "Realisasi: <b>{value}</b> {unit} (target {target})\n"
        "Anggaran: {budget} · Fisik: {physical} · Bukti: {evidence}\n"
        "Kendala: {obstacles}\nTindak lanjut: {follow_up}\n"
        "Pelapor: {reporter}, {date}",
        "<b>{org}</b> · {activity} · {period} (revision {revision})\n"
        "Realised: <b>{value}</b> {unit} (target {target})\n"
        "Budget: {budget} · Physical: {physical} · Evidence: {evidence}\n"
        "Obstacles: {obstacles}\nFollow-up: {follow_up}\n"
        "Reporter: {reporter}, {date}",
    ),
    "report.verify.not_allowed": (
        "Maaf, hanya sekretariat atau admin tim yang dapat memverifikasi laporan.",
        "Sorry, only the team's secretariat or admins can verify reports.",
    ),
    "report.verify.private_only": (
        "/verifikasi dipakai di chat pribadi dengan saya. Tekan tombol di bawah.",
        "/verifikasi is used in a private chat with me. Press the button below.",
    ),
    "report.verify.done_verified": ("✅ Diverifikasi oleh {by}.", "✅ Verified by {by}."),
    "report.verify.done_returned": (
        "↩️ Dikembalikan oleh {by}: <i>{reason}</i>",
        "↩️ Returned by {by}: <i>{reason}</i>",
    ),
    "report.verify.ask_reason": (
        "Tulis <b>alasan</b> laporan ini dikembalikan (akan dikirim ke pelapor), atau /batal.",
        "Write the <b>reason</b> for returning this report (it is sent to the reporter), or /batal.",
    ),
    "report.verify.reason_empty": ("Alasan tidak boleh kosong. Tulis alasannya.", "The reason cannot be empty."),
    "report.verify.reason_text": (
        "Tulis alasannya sebagai teks, atau /batal.",
        "Write the reason as text, or /batal.",
    ),
    "report.verify.return_cancelled": ("Pengembalian dibatalkan.", "Return cancelled."),
    "report.verify.superseded": (
        "Laporan ini sudah direvisi sejak pesan itu; ketik /verifikasi untuk melihat revisi terbaru.",
        "This report has been revised since that message; type /verifikasi to see the latest revision.",
    ),
    "report.verify.already_verified": ("Laporan ini sudah diverifikasi.", "This report is verified already."),
    "report.verify.already_returned": ("Laporan ini sudah dikembalikan.", "This report was returned already."),
    "report.verify.already_submitted": ("Laporan ini menunggu verifikasi.", "This report awaits verification."),
    "report.verify.notice_verified": (
        "✅ Laporan Anda <b>{activity}</b> · {period} telah <b>diverifikasi</b> sekretariat.",
        "✅ Your report <b>{activity}</b> · {period} was <b>verified</b> by the secretariat.",
    ),
    "report.verify.notice_returned": (
        "↩️ Laporan Anda <b>{activity}</b> · {period} <b>dikembalikan</b> sekretariat.\nAlasan: <i>{reason}</i>\n\n"
        "Tekan <b>Revisi</b> untuk memperbaikinya.",
        "↩️ Your report <b>{activity}</b> · {period} was <b>returned</b> by the secretariat.\n"
        "Reason: <i>{reason}</i>\n\nPress <b>Revise</b> to correct it.",
    ),
    "report.verify.reporter_unreachable": (
        "Catatan: pelapor tidak dapat dihubungi lewat chat pribadi (belum membuka chat atau memblokir bot).",
        "Note: the reporter cannot be reached privately (never opened a chat or blocked the bot).",
    ),
    # reopening
    "report.reopen.usage": (
        "Cara pakai: <code>/buka KODE_OPD PERIODE</code>, mis. <code>/buka DISKOP TW I</code>.",
        "Usage: <code>/buka ORG_CODE PERIOD</code>, e.g. <code>/buka DISKOP Q1</code>.",
    ),
    "report.reopen.done": (
        "🔓 Periode <b>{period}</b> dibuka kembali untuk <b>{org}</b> di {team}; OPD itu dapat melapor lagi.",
        "🔓 The period <b>{period}</b> is reopened for <b>{org}</b> in {team}; it can report again.",
    ),
    "report.reopen.already": (
        "Periode <b>{period}</b> sudah dibuka untuk <b>{org}</b>.",
        "The period <b>{period}</b> is already reopened for <b>{org}</b>.",
    ),
    "report.reopen.not_locked": (
        "Catatan: periode ini belum terkunci, jadi OPD masih dapat melapor; pembukaan tetap dicatat.",
        "Note: this period is not locked yet, so the organization can still report; the reopening is recorded.",
    ),
    "report.reopen.notice": (
        "🔓 Sekretariat membuka kembali periode <b>{period}</b> untuk {org}. Ketik /lapor untuk melapor.",
        "🔓 The secretariat reopened the period <b>{period}</b> for {org}. Type /lapor to report.",
    ),
    "report.reopen.unknown_org": ("OPD dengan kode {org} tidak dikenal.", "No organization has the code {org}."),
    "report.reopen.unknown_team": ("Tim tidak dikenal.", "Unknown team."),
    "report.reopen.not_in_team": (
        "{org} tidak memiliki kegiatan di tim Anda.",
        "{org} has no activities in your team.",
    ),
    "report.reopen.bad_period": (
        "Periode itu bukan periode rencana tim ini.",
        "That period is not one of this team's plan.",
    ),
    "report.reopen.not_allowed": (
        "Maaf, hanya sekretariat atau admin tim yang dapat membuka periode.",
        "Sorry, only the team's secretariat or admins can reopen a period.",
    ),
    "report.reopen.which_team": (
        "{org} ada di beberapa tim Anda; tambahkan kode tim, mis. <code>/buka {org} TW I {team}</code>.",
        "{org} is in several of your teams; add the team code, e.g. <code>/buka {org} Q1 {team}</code>.",
    ),
    # evidence later ("bukti menyusul", issue 17): sent without evidence, reminded after the team's working days
    "report.button.evidence_later": ("📎 Bukti menyusul", "📎 Evidence later"),
    "report.button.send_evidence": ("📎 Kirim bukti", "📎 Send evidence"),
    "report.button.send_evidence_n": ("📎 Kirim bukti {n}", "📎 Send evidence {n}"),
    "report.evidence.later_chosen": (
        "📎 Bukti menyusul. Saya akan mengingatkan Anda dalam {days} hari kerja.",
        "📎 Evidence later. I will remind you in {days} working days.",
    ),
    "report.summary.evidence_later": (
        "menyusul (pengingat dalam {days} hari kerja)",
        "to follow (reminder in {days} working days)",
    ),
    "report.sent.evidence_later": (
        "📎 Bukti menyusul: saya ingatkan dalam {days} hari kerja. Bisa juga dikirim kapan saja lewat /riwayat.",
        "📎 Evidence to follow: I will remind you in {days} working days. You can also send it any time via /riwayat.",
    ),
    "report.history.evidence_later": ("\n    📎 Bukti menyusul", "\n    📎 Evidence to follow"),
    "report.evidence_later.ask": (
        "📎 Kirim bukti untuk <b>{activity}</b> ({period}). Isian lain tetap seperti yang sudah terkirim.",
        "📎 Send the evidence for <b>{activity}</b> ({period}). The other answers stay as sent.",
    ),
    "report.evidence_later.not_waiting": (
        "Bukti laporan ini sudah dikirim; tidak ada yang perlu dikirim lagi.",
        "This report's evidence was sent already; nothing more is needed.",
    ),
    # a voice note for an obstacle (kept as evidence, never transcribed)
    "report.evidence.items_voice": (", {voices} pesan suara", ", {voices} voice note(s)"),
    "report.verify.voice": (" (termasuk {n} pesan suara kendala)", " (including {n} voice note(s) on obstacles)"),
    "report.verify.evidence_later": (" · 📎 bukti menyusul", " · 📎 evidence to follow"),
    "report.verify.voice_caption": ("🎙 Kendala {org} · {activity}", "🎙 Obstacle {org} · {activity}"),
    "report.obstacles.voice_got": (
        "🎙 Pesan suara diterima sebagai bukti kendala (disimpan apa adanya, tidak ditranskripsi).",
        "🎙 Voice note received as evidence of the obstacle (kept as it is, not transcribed).",
    ),
}
