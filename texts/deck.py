"""Texts of the plenary meeting deck: /bahanrapat, ``pantau deck`` and the slides themselves (``progress.deck``).

Slide texts are plain (PowerPoint, no HTML); the bot's replies are HTML with every value escaped by the caller.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # the bot's replies
    "deck.preparing": ("⏳ Sedang menyiapkan bahan rapat…", "⏳ Preparing the meeting deck…"),
    "deck.caption": (
        "📊 Bahan rapat pleno {team}, {period}. Buka dengan PowerPoint atau LibreOffice Impress.",
        "📊 Plenary meeting deck of {team}, {period}. Open it with PowerPoint or LibreOffice Impress.",
    ),
    # the title slide
    "deck.title": ("Bahan Rapat Pleno", "Plenary Meeting"),
    "deck.prepared": ("Disiapkan {date} dari laporan di Pantau", "Prepared on {date} from the reports in Pantau"),
    # the summary
    "deck.summary_title": ("Ringkasan {period}", "Summary, {period}"),
    "deck.summary.completeness": ("Kelengkapan laporan", "Reports in"),
    "deck.summary.timeliness": ("Ketepatan waktu", "On time"),
    "deck.summary.achievement": ("Capaian rata-rata", "Average achievement"),
    "deck.summary.budget": ("Anggaran terserap", "Budget spent"),
    "deck.summary.physical": ("Fisik terhadap rencana", "Physical against plan"),
    "deck.summary.count": ("{n} dari {total} ({pct})", "{n} of {total} ({pct})"),
    "deck.summary.rated": ("{pct} ({rating})", "{pct} ({rating})"),
    "deck.summary.budget_value": ("{spent} dari pagu {ceiling} ({pct})", "{spent} of {ceiling} ({pct})"),
    "deck.summary.physical_value": (
        "{actual} dari rencana {planned} (deviasi {dev} poin)",
        "{actual} against a plan of {planned} (deviation {dev} points)",
    ),
    "deck.summary.none": ("belum ada", "none yet"),
    # the charts
    "deck.chart.progres": ("Capaian per OPD", "Achievement by organization"),
    "deck.chart.kurva": ("Kurva S: rencana dan realisasi fisik", "S-curve: planned and actual physical progress"),
    "deck.chart.lowest": ("Capaian terendah:", "Lowest achievement:"),
    "deck.chart.point": (
        "{period}: realisasi {actual}, rencana {planned} (deviasi {dev} poin)",
        "{period}: actual {actual}, plan {planned} (deviation {dev} points)",
    ),
    "deck.chart.critical": ("Deviasi kritis: perlu dibahas.", "Critical deviation: to be discussed."),
    "deck.chart.ok": ("Deviasi masih dalam batas wajar.", "Deviation within the usual bounds."),
    # the program tables
    "deck.program_title": ("Program {code}: {name}", "Program {code}: {name}"),
    "deck.continued": ("(lanjutan)", "(continued)"),
    "deck.col.activity": ("Kegiatan", "Activity"),
    "deck.col.org": ("OPD", "Organization"),
    "deck.col.target": ("Target", "Target"),
    "deck.col.realised": ("Realisasi", "Realisation"),
    "deck.col.achievement": ("Capaian", "Achievement"),
    "deck.col.predikat": ("Predikat", "Rating"),
    "deck.col.light": ("Lampu", "Light"),
    "deck.col.code": ("Kode", "Code"),
    "deck.col.missing": ("Laporan belum masuk", "Reports not in"),
    "deck.col.planned": ("Rencana fisik", "Planned"),
    "deck.col.actual": ("Realisasi fisik", "Actual"),
    "deck.col.gap": ("Deviasi (poin)", "Deviation (points)"),
    "deck.col.number": ("No.", "No."),
    "deck.col.category": ("Kategori", "Category"),
    "deck.col.obstacle": ("Kendala", "Obstacle"),
    "deck.col.since": ("Sejak", "Since"),
    "deck.col.topic": ("Pokok bahasan", "Topic"),
    "deck.col.decision": ("Keputusan", "Decision"),
    "deck.col.due": ("Tenggat", "Due"),
    "deck.col.state": ("Status", "Status"),
    "deck.col.warning": ("Peringatan dini", "Early warning"),
    "deck.exempt": ("dikecualikan", "exempt"),
    # the agenda (progress.agenda, as /rapat) and the open actions
    "deck.agenda_title": ("Agenda Rapat", "Agenda"),
    "deck.agenda_line": ("{title}: {n}", "{title}: {n}"),
    "deck.agenda.missing": ("1. OPD yang belum melapor", "1. Organizations not reported"),
    "deck.agenda.lowest": ("2. Kegiatan dengan capaian terendah", "2. Activities with the lowest achievement"),
    "deck.agenda.deviation": ("3. Deviasi kurva S yang kritis", "3. Critical S-curve deviations"),
    "deck.agenda.decisions": ("4. Kendala yang perlu keputusan pimpinan", "4. Obstacles that need a decision"),
    "deck.agenda.overdue": ("5. Tindak lanjut lewat tenggat", "5. Overdue actions"),
    "deck.agenda.risk": ("6. Peringatan dini", "6. Early warnings"),
    "deck.actions_title": ("Tindak lanjut yang masih terbuka", "Open actions"),
    "deck.actions_none": ("Tidak ada tindak lanjut yang masih terbuka.", "No open action."),
    "deck.missing_count": ("{n} dari {of}", "{n} of {of}"),
    "deck.since": ("{period} ({n} hari)", "{period} ({n} days)"),
    "deck.action.overdue": ("lewat {n} hari", "{n} days overdue"),
    "deck.action.today": ("hari ini", "due today"),
    "deck.action.left": ("{n} hari lagi", "in {n} days"),
    "deck.no_programs": (
        "Belum ada kegiatan dengan target pada periode ini.",
        "No activity has a target in this period yet.",
    ),
}
