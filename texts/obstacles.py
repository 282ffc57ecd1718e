"""Texts of obstacles followed across periods: the report's category and decision questions, the carried-forward
obstacle, /kendala and the Excel sheet."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # categories (domain.obstacles.CATEGORIES)
    "obstacles.category.regulasi": ("Regulasi", "Regulation"),
    "obstacles.category.anggaran": ("Anggaran/pencairan", "Budget/disbursement"),
    "obstacles.category.pengadaan": ("Pengadaan", "Procurement"),
    "obstacles.category.sdm": ("SDM", "Staffing"),
    "obstacles.category.data": ("Data", "Data"),
    "obstacles.category.mitra": ("Mitra/lembaga keuangan", "Partners/financial institutions"),
    "obstacles.category.cuaca": ("Cuaca/alam", "Weather/nature"),
    "obstacles.category.lainnya": ("Lainnya", "Other"),
    # the report flow
    "obstacles.ask.required": (
        "Apa <b>kendala</b> yang dihadapi? Tulis singkat.",
        "What <b>obstacles</b> did you meet? Write briefly.",
    ),
    "obstacles.required.lowest_rating": (
        "Capaian kegiatan ini {rating}; mohon jelaskan kendalanya agar tim dapat membantu.",
        "This activity's achievement is {rating}; please explain the obstacle so that the team can help.",
    ),
    "obstacles.required.critical_deviation": (
        "Progres fisik kegiatan ini ({actual}) tertinggal jauh dari rencana ({planned}); mohon jelaskan kendalanya "
        "agar tim dapat membantu.",
        "This activity's physical progress ({actual}) is far behind plan ({planned}); please explain the obstacle "
        "so that the team can help.",
    ),
    "obstacles.ask.category": ("Kendala ini termasuk <b>kategori</b> apa?", "Which <b>category</b> is it?"),
    "obstacles.ask.decision": ("Perlu <b>keputusan pimpinan</b>?", "Does it need the <b>chair's decision</b>?"),
    "obstacles.button.yes": ("Ya", "Yes"),
    "obstacles.button.no": ("Tidak", "No"),
    "obstacles.open.ask": (
        "Kendala sebelumnya (sejak {period}): {text} [{category}]{decision} — <b>masih terjadi?</b>",
        "Previous obstacle (since {period}): {text} [{category}]{decision} — <b>still there?</b>",
    ),
    "obstacles.button.still": ("Ya, masih", "Yes, still"),
    "obstacles.button.solved": ("Sudah teratasi", "Resolved"),
    "obstacles.button.keep": ("Tidak berubah", "Unchanged"),
    "obstacles.still.ask": (
        "Kendala tetap dicatat. Tulis keterangan terbaru bila ada perubahan, atau tekan <b>Tidak berubah</b>.",
        "The obstacle stays open. Write an update if anything changed, or press <b>Unchanged</b>.",
    ),
    "obstacles.solved.note": (
        "Terima kasih, kendala itu dicatat teratasi.",
        "Thank you, that obstacle is recorded as resolved.",
    ),
    "obstacles.summary.decision": (" · perlu keputusan pimpinan", " · needs the chair's decision"),
    "obstacles.summary.category": (" [{category}]", " [{category}]"),
    "obstacles.summary.still": (" (masih terjadi)", " (still there)"),
    "obstacles.summary.resolved": ("Kendala sebelumnya: sudah teratasi. ", "Previous obstacle: resolved. "),
    "report.field.obstacle_open": ("Kendala sebelumnya", "Previous obstacle"),
    "report.field.obstacle_cat": ("Kategori kendala", "Obstacle category"),
    "report.field.obstacle_dec": ("Keputusan pimpinan", "Chair's decision"),
    # /kendala
    "obstacles.list.title": (
        "<b>Kendala terbuka — {team}</b>{scope} ({count})",
        "<b>Open obstacles — {team}</b>{scope} ({count})",
    ),
    "obstacles.list.scope": (" · {code}", " · {code}"),
    "obstacles.list.line": (
        "{mark}<b>{activity}</b> · {org} · {category}\n{text}\n<i>sejak {period}, {age} hari</i>",
        "{mark}<b>{activity}</b> · {org} · {category}\n{text}\n<i>since {period}, {age} days</i>",
    ),
    "obstacles.list.decision_mark": ("⚠️ perlu keputusan · ", "⚠️ decision needed · "),
    "obstacles.list.empty": ("Tidak ada kendala terbuka{scope}.", "No open obstacles{scope}."),
    "obstacles.list.unknown_filter": (
        "<code>{code}</code> bukan kode program atau OPD tim ini. Contoh: <code>/kendala</code>, "
        "<code>/kendala P01</code>.",
        "<code>{code}</code> is not a program or organization code of this team. E.g. <code>/kendala</code>, "
        "<code>/kendala P01</code>.",
    ),
    # the Excel sheet
    "obstacles.sheet.title": ("Kendala", "Obstacles"),
    "obstacles.sheet.activity": ("Kode kegiatan", "Activity code"),
    "obstacles.sheet.activity_name": ("Kegiatan", "Activity"),
    "obstacles.sheet.organization": ("OPD", "Organization"),
    "obstacles.sheet.category": ("Kategori", "Category"),
    "obstacles.sheet.description": ("Kendala", "Obstacle"),
    "obstacles.sheet.decision": ("Perlu keputusan pimpinan", "Needs the chair's decision"),
    "obstacles.sheet.since": ("Sejak", "Since"),
    "obstacles.sheet.age": ("Umur (hari)", "Age (days)"),
    "obstacles.sheet.yes": ("Ya", "Yes"),
    "obstacles.sheet.no": ("Tidak", "No"),
}
