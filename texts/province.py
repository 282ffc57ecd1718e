"""Texts of a parent team's views over its child teams (issue 15): /rekap and /belum on a province, /indikator.

HTML: every value from users or the plan is escaped by the caller.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # /rekap on a parent
    "province.rekap_title": (
        "<b>Rekap {team}</b>\n{period} · {children} tim di bawahnya",
        "<b>Recap {team}</b>\n{period} · {children} teams under it",
    ),
    "province.closing_line": (
        "Batas tutup periode {deadline}: {closed}/{children} sudah tutup, {on_time} tepat waktu.",
        "Deadline to close the period {deadline}: {closed}/{children} closed, {on_time} on time.",
    ),
    "province.no_children": (
        "Tim {team} belum punya tim di bawahnya.",
        "Team {team} has no teams under it yet.",
    ),
    "province.child_line": (
        "{rank}. {mark} <b>{code}</b> {name}\n    lapor {received}/{expected} ({completeness}) · tepat {timeliness} · "
        "capaian {achievement}{rating}",
        "{rank}. {mark} <b>{code}</b> {name}\n    reports {received}/{expected} ({completeness}) · on time "
        "{timeliness} · achievement {achievement}{rating}",
    ),
    "province.child_money": (
        "    anggaran {spent}/{ceiling} ({pct})",
        "    budget {spent}/{ceiling} ({pct})",
    ),
    "province.child_physical": (
        "    fisik {actual} dari rencana {planned}",
        "    physical {actual} of planned {planned}",
    ),
    "province.child_no_plan": ("    belum ada laporan yang diharapkan", "    no reports expected"),
    "province.legend": (
        "✅ ditutup tepat waktu · ⚠️ ditutup terlambat · ⏳ belum ditutup. Urutan: capaian rata-rata, lalu "
        "kelengkapan. Rinci satu tim: <code>/rekap KODE</code>.",
        "✅ closed on time · ⚠️ closed late · ⏳ not closed. Order: average achievement, then completeness. "
        "One team in detail: <code>/rekap CODE</code>.",
    ),
    "province.own_plan": ("<b>Rencana kerja {team} sendiri:</b>", "<b>{team}'s own plan:</b>"),
    # /belum on a parent
    "province.belum_title": (
        "<b>Belum tutup: {period}</b>\nBatas tutup {deadline}. {open} dari {children} tim belum menutup periode.",
        "<b>Not closed: {period}</b>\nDeadline {deadline}. {open} of {children} teams have not closed the period.",
    ),
    "province.belum_all_closed": (
        "✅ Semua {children} tim sudah menutup {period}.",
        "✅ All {children} teams have closed {period}.",
    ),
    "province.belum_child": (
        "<b>{code}</b> {name}: laporan {received}/{expected}",
        "<b>{code}</b> {name}: reports {received}/{expected}",
    ),
    "province.belum_org": (
        "• {code} {name}: belum {missing} dari {expected}",
        "• {code} {name}: {missing} of {expected} missing",
    ),
    "province.belum_org_returned": (" ({returned} dikembalikan)", " ({returned} returned)"),
    "province.belum_child_complete": (
        "• semua laporan sudah masuk; tinggal ditutup (<code>/tutup</code>)",
        "• every report is in; it only needs closing (<code>/tutup</code>)",
    ),
    "province.belum_more": ("• … dan {n} OPD lain", "• … and {n} more organizations"),
    # /indikator
    "province.indikator_usage": (
        "Tulis kode indikator bersama, mis. <code>/indikator {example}</code>. Kode yang ada: {codes}.",
        "Add a shared indicator code, e.g. <code>/indikator {example}</code>. Codes: {codes}.",
    ),
    "province.indikator_unknown": (
        "Kode indikator bersama {code} tidak dikenal di tim-tim {team}. Kode yang ada: {codes}.",
        "Unknown shared indicator code {code} in {team}'s teams. Codes: {codes}.",
    ),
    "province.indikator_none": (
        "Tim-tim di bawah {team} belum punya indikator bersama (kode_bersama di rencana kerja).",
        "The teams under {team} have no shared indicators yet (kode_bersama in the plan).",
    ),
    "province.indikator_parent_only": (
        "/indikator hanya untuk tim yang membawahi tim lain (mis. provinsi). Tim {team} tidak punya tim di bawahnya.",
        "/indikator is for a team over other teams (a province). Team {team} has no teams under it.",
    ),
    "province.indikator_title": (
        "<b>{code}: {indicator}</b>\n{team} · {period}",
        "<b>{code}: {indicator}</b>\n{team} · {period}",
    ),
    "province.indikator_total": ("Total: <b>{value}</b> (target {target})", "Total: <b>{value}</b> (target {target})"),
    "province.indikator_mean": (
        "Rata-rata: <b>{value}</b> (target {target}), ditimbang jumlah kegiatan yang melapor",
        "Mean: <b>{value}</b> (target {target}), weighted by the number of reporting activities",
    ),
    "province.indikator_child": (
        "• <b>{code}</b> {value} (target {target}) · {reporting}/{activities} kegiatan melapor",
        "• <b>{code}</b> {value} (target {target}) · {reporting}/{activities} activities reported",
    ),
    "province.measure.per_period": ("per periode", "per period"),
    "province.measure.cumulative": ("kumulatif", "cumulative"),
    "province.measure.level": ("tingkat", "level"),
}
