"""Texts of the progress flow: /progres, /rekap, /belum, /kurva, /ekspor, charts, the weekly digest and the recap sheet.

Message texts are HTML: every value from users or the plan is escaped by the caller (``html.escape``). Chart texts
are plain (matplotlib) and carry no emoji: DejaVu Sans has none.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # argument matching
    "progress.scope_unknown": (
        "Program atau OPD itu tidak ditemukan. Pilih salah satu:\n{choices}",
        "No program or organization matches that. Choose one of:\n{choices}",
    ),
    "progress.scope_ambiguous": (
        "Ada beberapa yang cocok. Tulis lebih lengkap, salah satu dari:\n{choices}",
        "Several match. Type more of it, one of:\n{choices}",
    ),
    "progress.scope_choice_program": ("Program: {items}", "Programs: {items}"),
    "progress.scope_choice_org": ("OPD: {items}", "Organizations: {items}"),
    "progress.scope_no_choices": ("(tim ini belum punya rencana kerja)", "(this team has no plan yet)"),
    "progress.team_unknown": (
        "Tim {code} tidak dikenal. Tim yang ada: {choices}",
        "Unknown team {code}. Teams: {choices}",
    ),
    # the team of a command (bot/handlers/teams.py, domain/teams.py)
    "progress.team.which": (
        "Untuk tim mana? Tambahkan kode timnya, mis. <code>{example}</code>. Pilihan: {choices}.",
        "Which team? Add its code, e.g. <code>{example}</code>. Choices: {choices}.",
    ),
    "progress.team.other_group": (
        "Grup ini terhubung dengan tim {group_team}. Data tim {team} hanya ditampilkan di grup tim itu atau di chat "
        "pribadi dengan saya.",
        "This group is linked to team {group_team}. Team {team}'s data is shown only in that team's group or in a "
        "private chat with me.",
    ),
    "progress.team.not_allowed": (
        "Maaf, peran Anda tidak mengizinkan perintah ini di tim {team}.",
        "Sorry, your role does not allow this command in team {team}.",
    ),
    "progress.kind_unknown": (
        "Jenis grafik {kind} tidak dikenal. Pilih: {choices}",
        "Unknown chart kind {kind}. Choose: {choices}",
    ),
    # shared pieces
    "progress.whole_team": ("Seluruh tim", "Whole team"),
    "progress.completeness": (
        "Laporan masuk {received}/{expected} ({pct})",
        "Reports in {received}/{expected} ({pct})",
    ),
    "progress.timeliness": ("tepat waktu {on_time}/{expected} ({pct})", "on time {on_time}/{expected} ({pct})"),
    "progress.no_expected": ("Belum ada laporan yang diharapkan", "No reports expected"),
    "progress.achievement": ("Capaian rata-rata {pct} ({predikat})", "Average achievement {pct} ({predikat})"),
    "progress.achievement_none": ("Capaian: belum ada", "Achievement: none yet"),
    "progress.physical": (
        "Fisik {actual} dari rencana {planned} (deviasi {dev} poin)",
        "Physical {actual} against a plan of {planned} (deviation {dev} points)",
    ),
    "progress.budget": (
        "Anggaran terserap {spent} dari pagu {ceiling} ({pct})",
        "Budget spent {spent} of a ceiling of {ceiling} ({pct})",
    ),
    "progress.lowest": ("Terendah: {items}", "Lowest: {items}"),
    "progress.exempt": ("Dikecualikan: {items}", "Exempt: {items}"),
    "progress.continued": ("(lanjutan {n}/{total})", "(continued {n}/{total})"),
    # /progres
    "progress.progres_title": ("<b>Capaian {scope}</b>\n{period}", "<b>Achievement: {scope}</b>\n{period}"),
    "progress.progres_pages": (
        "Grafik memuat {shown} terendah dari {total}; lengkapnya: /rekap",
        "The chart shows the lowest {shown} of {total}; all of them: /rekap",
    ),
    # /rekap
    "progress.rekap_title": ("<b>Rekap {team}</b>\n{period}", "<b>Recap {team}</b>\n{period}"),
    "progress.rekap_by_org": (
        "<b>Per OPD</b> (capaian terendah dulu)",
        "<b>By organization</b> (lowest achievement first)",
    ),
    "progress.rekap_by_program": ("<b>Per program</b>", "<b>By program</b>"),
    "progress.rekap_header": ("{name} Lapor Telat Capaian Pr", "{name} Rep'd Late Achiev. Rt"),
    "progress.rekap_name_org": ("OPD", "Org"),
    "progress.rekap_name_program": ("Program", "Program"),
    "progress.rekap_legend": (
        "Lapor = masuk/diharapkan · Pr = predikat: ST sangat tinggi, T tinggi, S sedang, R rendah, SR sangat rendah",
        "Rep'd = in/expected · Rt = rating: VH very high, H high, M medium, L low, VL very low",
    ),
    "progress.rekap_empty": (
        "Belum ada kegiatan dengan target pada periode ini.",
        "No activity has a target in this period.",
    ),
    "progress.abbr.sangat_tinggi": ("ST", "VH"),
    "progress.abbr.tinggi": ("T", "H"),
    "progress.abbr.sedang": ("S", "M"),
    "progress.abbr.rendah": ("R", "L"),
    "progress.abbr.sangat_rendah": ("SR", "VL"),
    "progress.abbr.hijau": ("H", "G"),
    "progress.abbr.kuning": ("K", "Y"),
    "progress.abbr.merah": ("M", "R"),
    "progress.rekap_legend_lampu": (
        "Lapor = masuk/diharapkan · Pr = lampu: H hijau (target tercapai), K kuning (kurang dari {limit}% dari "
        "target), M merah",
        "Rep'd = in/expected · Rt = light: G green (target met), Y yellow (less than {limit}% short of the target), "
        "R red",
    ),
    "progress.rekap_turun_legend": (
        "↓ = memuat indikator yang lebih rendah lebih baik (capaiannya dihitung terbalik)",
        "↓ = includes an indicator where lower is better (its achievement is computed the other way round)",
    ),
    "progress.rekap_outcomes": (
        "<b>Indikator tingkat, rentang dan turun</b> (capaian terendah dulu)",
        "<b>Levels, ranges and falling indicators</b> (lowest achievement first)",
    ),
    # plan versions: the plan murni (version 1) beside the plan in force
    "progress.kurva_murni": (
        "Rencana diubah sejak rencana murni: garis putus-putus tipis = rencana murni.",
        "The plan changed since the plan murni: the thin dashed line is the plan murni.",
    ),
    "progress.rekap_changed": (
        "<b>Target berbeda dari rencana murni</b> (perubahan rencana)",
        "<b>Targets that differ from the plan murni</b> (plan changes)",
    ),
    "progress.changed_line": ("• <b>{code}</b> {name}: {what}", "• <b>{code}</b> {name}: {what}"),
    "progress.changed_more": ("… dan {n} lagi (lihat /ekspor)", "… and {n} more (see /ekspor)"),
    "progress.target_word": ("target {target}", "target {target}"),
    "progress.murni_note": (" (murni {murni})", " (murni {murni})"),
    "progress.murni_none_note": (" (tidak ada di rencana murni)", " (not in the plan murni)"),
    "progress.no_target_now": ("tanpa target", "no target"),
    "progress.stopped_from": ("dihentikan mulai {period}", "stopped from {period}"),
    "progress.outcome_line": (
        "• <b>{code}</b> {indicator}: {realised} terhadap target {target}, {result}",
        "• <b>{code}</b> {indicator}: {realised} against a target of {target}, {result}",
    ),
    "progress.outcome_more": (
        "… dan {n} indikator lain (lengkapnya: /ekspor)",
        "… and {n} more (all of them: /ekspor)",
    ),
    "progress.not_reported": ("belum lapor", "not reported"),
    "progress.met": ("tercapai", "met"),
    "progress.not_met": ("tidak tercapai", "not met"),
    # how an indicator is read (domain.indicators)
    "progress.turun_mark": ("↓ lebih rendah lebih baik", "↓ lower is better"),
    "progress.kind.per_period": ("per periode", "per period"),
    "progress.kind.cumulative": ("kumulatif", "cumulative"),
    "progress.kind.level": ("tingkat", "level"),
    "progress.direction.naik": ("naik", "up"),
    "progress.direction.turun": ("turun ↓", "down ↓"),
    "progress.light.hijau": ("Hijau", "Green"),
    "progress.light.kuning": ("Kuning", "Yellow"),
    "progress.light.merah": ("Merah", "Red"),
    # /belum
    "progress.belum_title": (
        "<b>Belum lapor: {period}</b>\nBatas waktu {deadline}. {orgs} OPD, {activities} kegiatan.",
        "<b>Not yet reported: {period}</b>\nDeadline {deadline}. {orgs} organizations, {activities} activities.",
    ),
    "progress.belum_all_in": (
        "✅ Semua laporan {period} sudah masuk.",
        "✅ Every report for {period} is in.",
    ),
    "progress.belum_org": (
        "<b>{code}</b> {name}: {missing} dari {expected} belum",
        "<b>{code}</b> {name}: {missing} of {expected} missing",
    ),
    "progress.belum_returned": ("dikembalikan", "returned"),
    "progress.belum_returned_reason": ("dikembalikan: {reason}", "returned: {reason}"),
    "progress.belum_more": ("… dan {n} kegiatan lain", "… and {n} more activities"),
    "progress.belum_target": ("target {target}", "target {target}"),
    "progress.belum_focal": ("PIC: {names}", "Focal point: {names}"),
    "progress.belum_no_focal": (
        "PIC: belum ada (undang dengan /undang)",
        "Focal point: none yet (invite with /undang)",
    ),
    # /kurva
    "progress.kurva_title": ("<b>Kurva S {scope}</b>\n{year}", "<b>S-curve: {scope}</b>\n{year}"),
    "progress.kurva_point": (
        "{period}: rencana {planned}, realisasi {actual}, deviasi {dev} poin",
        "{period}: plan {planned}, actual {actual}, deviation {dev} points",
    ),
    "progress.kurva_critical": (
        "⚠️ Deviasi kritis: tertinggal lebih dari batas (10 poin saat rencana di bawah 70%, 5 poin sesudahnya).",
        "⚠️ Critical deviation: behind by more than the limit (10 points while the plan is under 70%, 5 after).",
    ),
    "progress.kurva_ok": ("Deviasi masih dalam batas.", "The deviation is within limits."),
    "progress.kurva_empty": (
        "Rencana kerja ini belum memuat target fisik (%), jadi kurva S belum bisa digambar.",
        "This plan has no physical (%) targets, so there is no S-curve to draw.",
    ),
    "progress.kurva_weighting": (
        "Rata-rata tertimbang pagu, {n} kegiatan.",
        "Weighted by budget ceiling, {n} activities.",
    ),
    "progress.kurva_plain": ("Rata-rata sederhana, {n} kegiatan.", "Plain mean, {n} activities."),
    # /ekspor
    "progress.ekspor_caption": ("Rekap {team}: {periods}", "Recap {team}: {periods}"),
    "progress.ekspor_all": ("{first} s.d. {last}", "{first} to {last}"),
    "progress.ekspor_preparing": ("⏳ Sedang menyiapkan rekap…", "⏳ Preparing the recap…"),
    # weekly digest
    "progress.digest_title": ("<b>Ringkasan mingguan {team}</b>\n{period}", "<b>Weekly summary: {team}</b>\n{period}"),
    "progress.digest_week": (
        "Minggu ini: {new} laporan baru, {revised} perbaikan.",
        "This week: {new} new reports, {revised} corrections.",
    ),
    "progress.digest_week_none": ("Minggu ini belum ada laporan baru.", "No new reports this week."),
    "progress.digest_laggards": ("Belum lengkap: {items}", "Incomplete: {items}"),
    "progress.digest_laggards_more": ("dan {n} OPD lain", "and {n} more"),
    "progress.digest_all_in": ("Semua OPD sudah lengkap. Terima kasih!", "Every organization is complete. Thank you!"),
    "progress.digest_foot": ("Rincian: /belum · /rekap", "Details: /belum · /rekap"),
    # charts (plain text, no emoji)
    "progress.chart.progress_title": ("Capaian {scope}", "Achievement: {scope}"),
    "progress.chart.scurve_title": ("Kurva S {scope}", "S-curve: {scope}"),
    "progress.chart.compliance_title": ("Kepatuhan pelaporan {scope}", "Reporting compliance: {scope}"),
    "progress.chart.subtitle": ("{team} | {period}", "{team} | {period}"),
    "progress.chart.page": ("halaman {n} dari {total}", "page {n} of {total}"),
    "progress.chart.target": ("Target 100%", "Target 100%"),
    "progress.chart.achievement_axis": ("Capaian (%)", "Achievement (%)"),
    "progress.chart.no_data": ("Belum ada laporan", "No reports yet"),
    "progress.chart.no_data_hint": (
        "Grafik muncul setelah laporan pertama masuk.",
        "The chart appears once the first report is in.",
    ),
    "progress.chart.no_plan_hint": (
        "Rencana kerja belum memuat target fisik (%).",
        "The plan has no physical (%) targets yet.",
    ),
    "progress.chart.more": (
        "+{n} lainnya dengan capaian lebih tinggi (lihat /rekap)",
        "+{n} more with higher achievement (see /rekap)",
    ),
    "progress.chart.more_rows": (
        "+{n} OPD lain dengan laporan lebih lengkap (lihat /belum)",
        "+{n} more organizations with fuller reporting (see /belum)",
    ),
    "progress.chart.planned": ("Rencana", "Plan"),
    "progress.chart.planned_murni": ("Rencana murni", "Plan murni"),
    "progress.chart.planned_in_force": ("Rencana berlaku", "Plan in force"),
    "progress.chart.actual": ("Realisasi", "Actual"),
    "progress.chart.critical": ("Deviasi kritis", "Critical deviation"),
    "progress.chart.physical_axis": ("Progres fisik kumulatif (%)", "Cumulative physical progress (%)"),
    "progress.chart.deviation_label": ("{dev} poin", "{dev} pts"),
    "progress.chart.state.on_time": ("Tepat waktu", "On time"),
    "progress.chart.state.late": ("Terlambat", "Late"),
    "progress.chart.state.missing": ("Belum lapor", "Missing"),
    "progress.chart.state.returned": ("Dikembalikan", "Returned"),
    "progress.chart.state.exempt": ("Dikecualikan", "Exempt"),
    "progress.chart.state.not_due": ("Belum jatuh tempo", "Not yet due"),
    "progress.chart.state.none": ("Tidak ada target", "No target"),
    # the recap sheet
    "progress.xlsx.summary": ("Ringkasan", "Summary"),
    "progress.xlsx.title": ("Rekap {team}", "Recap {team}"),
    "progress.xlsx.subtitle": ("{periods} · dibuat {made}", "{periods} · made {made}"),
    "progress.xlsx.col.organization": ("OPD", "Organization"),
    "progress.xlsx.col.org_code": ("Kode OPD", "Org code"),
    "progress.xlsx.col.program": ("Program", "Program"),
    "progress.xlsx.col.activity": ("Kegiatan", "Activity"),
    "progress.xlsx.col.indicator": ("Indikator", "Indicator"),
    "progress.xlsx.col.unit": ("Satuan", "Unit"),
    "progress.xlsx.col.target": ("Target", "Target"),
    "progress.xlsx.col.realised": ("Realisasi", "Realisation"),
    "progress.xlsx.col.achievement": ("Capaian", "Achievement"),
    "progress.xlsx.col.predikat": ("Predikat", "Rating"),
    "progress.xlsx.col.light": ("Lampu", "Light"),
    "progress.xlsx.col.direction": ("Arah", "Direction"),
    "progress.xlsx.col.kind": ("Jenis", "Kind"),
    "progress.xlsx.col.target_min": ("Target min", "Target min"),
    "progress.xlsx.col.target_max": ("Target maks", "Target max"),
    "progress.xlsx.col.target_murni": ("Target murni", "Target (plan murni)"),
    "progress.xlsx.status.no_target": (
        "Tanpa target (dipindah ke periode lain)",
        "No target (moved to another period)",
    ),
    "progress.xlsx.versions": ("Versi rencana", "Plan versions"),
    "progress.xlsx.versions.col.number": ("Versi", "Version"),
    "progress.xlsx.versions.col.date": ("Tanggal", "Date"),
    "progress.xlsx.versions.col.from": ("Berlaku mulai", "Applies from"),
    "progress.xlsx.versions.col.correction": ("Koreksi data", "Data correction"),
    "progress.xlsx.versions.col.basis": ("Dasar perubahan", "Legal basis"),
    "progress.xlsx.versions.col.reason": ("Alasan", "Reason"),
    "progress.xlsx.versions.col.author": ("Oleh", "By"),
    "progress.xlsx.versions.col.changes": ("Perubahan", "What changed"),
    "progress.xlsx.versions.murni": ("Rencana murni", "Plan murni (first version)"),
    "progress.xlsx.versions.none": ("Belum ada versi rencana yang tercatat.", "No plan version recorded yet."),
    "progress.xlsx.yes": ("Ya", "Yes"),
    "progress.xlsx.no": ("Tidak", "No"),
    "progress.xlsx.col.ceiling": ("Pagu (Rp)", "Ceiling (Rp)"),
    "progress.xlsx.col.spent": ("Anggaran terserap s.d. periode (Rp)", "Budget spent to date (Rp)"),
    "progress.xlsx.col.physical_plan": ("Rencana fisik", "Planned physical"),
    "progress.xlsx.col.physical": ("Realisasi fisik", "Physical"),
    "progress.xlsx.col.obstacles": ("Kendala", "Obstacles"),
    "progress.xlsx.col.follow_up": ("Tindak lanjut", "Follow-up"),
    "progress.xlsx.col.reporter": ("Pelapor", "Reporter"),
    "progress.xlsx.col.reported_at": ("Dilaporkan ({zone})", "Reported ({zone})"),
    "progress.xlsx.col.status": ("Status", "Status"),
    "progress.xlsx.col.expected": ("Diharapkan", "Expected"),
    "progress.xlsx.col.received": ("Masuk", "Received"),
    "progress.xlsx.col.on_time": ("Tepat waktu", "On time"),
    "progress.xlsx.col.completeness": ("Kelengkapan", "Completeness"),
    "progress.xlsx.col.timeliness": ("Ketepatan waktu", "Timeliness"),
    "progress.xlsx.col.period": ("Periode", "Period"),
    "progress.xlsx.total": ("Jumlah", "Total"),
    "progress.xlsx.status.submitted": ("Terkirim", "Submitted"),
    "progress.xlsx.status.verified": ("Terverifikasi", "Verified"),
    "progress.xlsx.status.returned": ("Dikembalikan", "Returned"),
    "progress.xlsx.status.missing": ("Belum lapor", "Missing"),
    "progress.xlsx.status.exempt": ("Dikecualikan", "Exempt"),
    "progress.xlsx.late": ("terlambat", "late"),
    "progress.xlsx.notes": (
        "Capaian = realisasi ÷ target. Indikator turun (↓ lebih rendah lebih baik): (target − (realisasi − target)) "
        "÷ target, paling rendah 0%. Target rentang: 100% di dalam rentang, di luar rentang dihitung terhadap batas "
        "terdekat. Target 0: tercapai atau tidak, tanpa persentase (tidak ikut rata-rata). Kegiatan kumulatif dan "
        "tingkat: realisasi terakhir s.d. periode ÷ target periode. Capaian OPD dan program = rata-rata capaian "
        "kegiatan ({cap}; yang belum lapor dihitung 0%). Kelengkapan = laporan masuk ÷ diharapkan; ketepatan = "
        "masuk tepat waktu ÷ diharapkan; OPD yang dikecualikan tidak dihitung.",
        "Achievement = realisation ÷ target. Falling indicators (↓ lower is better): (target − (realisation − "
        "target)) ÷ target, never below 0%. Range targets: 100% inside the range, outside it against the nearer "
        "bound. Zero targets: met or not, without a percentage (left out of the means). Cumulative and level "
        "activities: latest realisation up to the period ÷ the period's target. Organization and program "
        "achievement = mean of activity achievements ({cap}; missing reports count as 0%). Completeness = reports "
        "in ÷ expected; timeliness = in on time ÷ expected; exempt organizations are left out.",
    ),
    "progress.xlsx.notes_cap": ("tiap kegiatan dibatasi {cap}%", "each capped at {cap}%"),
    "progress.xlsx.notes_no_cap": ("tanpa batas atas", "not capped"),
}
