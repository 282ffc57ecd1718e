"""A parent team's (a province's) charts, digest and Excel recap: one bar per child team, the province S-curve."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # charts (plain text, no emoji)
    "provchart.progress_title": ("Capaian per kabupaten/kota", "Achievement by regency"),
    "provchart.no_data_hint": (
        "Grafik muncul setelah tim kabupaten/kota mengirim laporan.",
        "The chart appears once the regency teams report.",
    ),
    "provchart.more": ("+{n} kabupaten/kota lain (lihat /rekap)", "+{n} more regencies (see /rekap)"),
    "provchart.average": ("Rata-rata provinsi {pct}", "Province average {pct}"),
    "provchart.scurve_scope": ("gabungan {n} kabupaten/kota", "{n} regencies combined"),
    # /progres of a parent
    "provchart.progres_title": (
        "<b>Capaian {n} kabupaten/kota</b>\n{team} · {period}",
        "<b>Achievement of {n} regencies</b>\n{team} · {period}",
    ),
    "provchart.average_line": (
        "Rata-rata provinsi {pct} ({rating}), atas {n} dari {total} kabupaten/kota",
        "Province average {pct} ({rating}), over {n} of {total} regencies",
    ),
    "provchart.best": ("Tertinggi: {code} {pct}", "Highest: {code} {pct}"),
    "provchart.lowest": ("Terendah: {code} {pct}", "Lowest: {code} {pct}"),
    "provchart.silent": ("Belum ada laporan masuk: {items}", "No report received yet: {items}"),
    "provchart.progres_foot": ("Rincian: /rekap · /belum", "Details: /rekap · /belum"),
    # the weekly digest of a parent
    "provchart.digest_title": (
        "<b>Ringkasan mingguan {team}</b>\n{period} · {n} kabupaten/kota",
        "<b>Weekly summary: {team}</b>\n{period} · {n} regencies",
    ),
    "provchart.digest_more": ("dan {n} kabupaten/kota lain", "and {n} more regencies"),
    "provchart.digest_all_in": (
        "Semua kabupaten/kota sudah lengkap. Terima kasih!",
        "Every regency is complete. Thank you!",
    ),
    "provchart.digest_foot": ("Rincian: /rekap · /belum · /kurva", "Details: /rekap · /belum · /kurva"),
    # /kurva of a parent
    "provchart.kurva_title": ("<b>Kurva S provinsi</b>\n{team} · {year}", "<b>Province S-curve</b>\n{team} · {year}"),
    "provchart.kurva_empty": (
        "Rencana kerja kabupaten/kota belum memuat target fisik (%), jadi kurva S belum bisa digambar.",
        "The regencies' plans hold no physical targets (%) yet, so there is no S-curve to draw.",
    ),
    "provchart.kurva_weighted": (
        "{n} kabupaten/kota, masing-masing ditimbang dengan pagunya ({activities} kegiatan).",
        "{n} regencies, each weighted by its budget ceiling ({activities} activities).",
    ),
    "provchart.kurva_plain": (
        "{n} kabupaten/kota tanpa pagu: rata-rata sederhana, tiap kabupaten/kota sama bobotnya ({activities} "
        "kegiatan).",
        "{n} regencies without budget ceilings: a plain mean, each regency counting once ({activities} activities).",
    ),
    "provchart.kurva_no_budget": (
        "Tanpa pagu, tidak ikut ditimbang: {items}",
        "Without a budget ceiling, not weighted in: {items}",
    ),
    "provchart.kurva_no_plan": ("Tanpa target fisik: {items}", "Without physical targets: {items}"),
    # the Excel recap of a parent
    "provxlsx.sheet": ("Rekap kab-kota", "Regencies"),
    "provxlsx.title": ("Rekap kabupaten/kota {team}", "Regency recap: {team}"),
    "provxlsx.caption": (
        "Rekap {team}: {period}, {n} kabupaten/kota (satu lembar per kabupaten/kota)",
        "Recap {team}: {period}, {n} regencies (one sheet per regency)",
    ),
    "provxlsx.total": ("Provinsi ({n} kabupaten/kota)", "Province ({n} regencies)"),
    "provxlsx.notes": (
        "Setiap angka kabupaten/kota adalah angka rekap tim itu sendiri (capaian rata-rata dengan batas capaiannya "
        "sendiri). Predikat/lampu memakai ambang provinsi. Capaian provinsi = rata-rata sederhana capaian "
        "kabupaten/kota yang sudah berlaporan. Peringkat: capaian, lalu kelengkapan. Tutup tepat waktu: ditutup "
        "paling lambat pada batas waktu provinsi.",
        "Each regency's figures are its own recap's (average achievement with its own cap). Ratings use the "
        "province's thresholds. Province achievement = the plain mean of the rated regencies' averages. Rank: "
        "achievement, then completeness. Closed on time: closed by the province's deadline.",
    ),
    "provxlsx.col.rank": ("Peringkat", "Rank"),
    "provxlsx.col.code": ("Kode tim", "Team code"),
    "provxlsx.col.team": ("Tim kabupaten/kota", "Regency team"),
    "provxlsx.col.expected": ("Diharapkan", "Expected"),
    "provxlsx.col.received": ("Masuk", "Received"),
    "provxlsx.col.on_time": ("Tepat waktu", "On time"),
    "provxlsx.col.completeness": ("Kelengkapan", "Completeness"),
    "provxlsx.col.timeliness": ("Ketepatan waktu", "Timeliness"),
    "provxlsx.col.achievement": ("Capaian rata-rata", "Average achievement"),
    "provxlsx.col.rating": ("Predikat", "Rating"),
    "provxlsx.col.ceiling": ("Pagu (Rp)", "Ceiling (Rp)"),
    "provxlsx.col.spent": ("Anggaran terserap (Rp)", "Budget spent (Rp)"),
    "provxlsx.col.budget_pct": ("Serapan", "Absorbed"),
    "provxlsx.col.physical_plan": ("Rencana fisik", "Planned physical"),
    "provxlsx.col.physical": ("Realisasi fisik", "Physical"),
    "provxlsx.col.deviation": ("Deviasi fisik (poin)", "Physical deviation (pts)"),
    "provxlsx.col.closed_at": ("Ditutup ({zone})", "Closed ({zone})"),
    "provxlsx.col.closed_on_time": ("Tutup tepat waktu", "Closed on time"),
}
