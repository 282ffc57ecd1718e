"""Texts of the plenary's agenda (/rapat) and the early warning (``domain.projection``, the digest's at-risk line)."""

TEXTS: dict[str, tuple[str, str]] = {
    "agenda.title": (
        "🗓 <b>Agenda rapat pleno {team}</b>\n{period} · disusun {date}",
        "🗓 <b>Plenary agenda, {team}</b>\n{period} · prepared {date}",
    ),
    "agenda.more": ("… dan {n} lainnya", "… and {n} more"),
    "agenda.missing.head": ("<b>1. OPD yang belum melapor ({n})</b>", "<b>1. Organizations not reported ({n})</b>"),
    "agenda.missing.line": (
        "• {name} ({code}): {n} dari {of} laporan belum masuk",
        "• {name} ({code}): {n} of {of} reports not in",
    ),
    "agenda.missing.none": ("Semua OPD sudah melapor.", "Every organization has reported."),
    "agenda.lowest.head": (
        "<b>2. Kegiatan dengan capaian terendah ({n})</b>",
        "<b>2. Activities with the lowest achievement ({n})</b>",
    ),
    "agenda.lowest.line": ("• {code} {name} ({org}): {pct}% ({rating})", "• {code} {name} ({org}): {pct}% ({rating})"),
    "agenda.lowest.none": ("Tidak ada kegiatan dengan capaian rendah.", "No activity with a low achievement."),
    "agenda.deviation.head": (
        "<b>3. Deviasi kurva S yang kritis ({n})</b>",
        "<b>3. Critical S-curve deviations ({n})</b>",
    ),
    "agenda.deviation.line": (
        "• {code} {name} ({org}): fisik {actual}% dari rencana {planned}% (deviasi {gap} poin)",
        "• {code} {name} ({org}): physical {actual}% against a plan of {planned}% (deviation {gap} points)",
    ),
    "agenda.deviation.none": ("Tidak ada deviasi fisik yang kritis.", "No critical physical deviation."),
    "agenda.decisions.head": (
        "<b>4. Kendala yang perlu keputusan pimpinan ({n})</b>",
        "<b>4. Obstacles that need a decision ({n})</b>",
    ),
    "agenda.decisions.line": (
        "• #{id} {code} ({org}) · {category}: {text} (sejak {period}, {days} hari)",
        "• #{id} {code} ({org}) · {category}: {text} (since {period}, {days} days)",
    ),
    "agenda.decisions.none": ("Tidak ada kendala yang menunggu keputusan.", "No obstacle is waiting for a decision."),
    "agenda.overdue.head": (
        "<b>5. Tindak lanjut yang lewat tenggat ({n})</b>",
        "<b>5. Overdue actions ({n})</b>",
    ),
    "agenda.overdue.line": (
        "• #{id} {topic}: {decision} ({org}, tenggat {due}, lewat {days} hari)",
        "• #{id} {topic}: {decision} ({org}, due {due}, {days} days overdue)",
    ),
    "agenda.overdue.none": ("Tidak ada tindak lanjut yang lewat tenggat.", "No action is overdue."),
    "agenda.risk.section": (
        "<b>6. Peringatan dini ({n})</b>",
        "<b>6. Early warnings ({n})</b>",
    ),
    "agenda.risk.line": ("• {text}", "• {text}"),
    "agenda.risk.none": (
        "Tidak ada kegiatan yang diproyeksikan meleset dari target.",
        "No activity is projected to miss its target.",
    ),
    # the early warning of one activity (plain text)
    "agenda.risk.head": (
        "Dengan laju ini {code} berakhir ±{pct}% ({rating})",
        "At this pace {code} ends at ±{pct}% ({rating})",
    ),
    "agenda.risk.add": (
        "; perlu +{amount} per {per} untuk mencapai target.",
        "; it needs +{amount} per {per} to reach the target.",
    ),
    "agenda.risk.fall": (
        "; perlu turun {amount} per {per} untuk mencapai target.",
        "; it must fall by {amount} per {per} to reach the target.",
    ),
    "agenda.risk.at_most": (
        "; paling banyak {amount} per {per} agar target tercapai.",
        "; at most {amount} per {per} to meet the target.",
    ),
    "agenda.digest.head": ("⚠️ Paling berisiko di akhir tahun:", "⚠️ Most at risk at the year's end:"),
    "agenda.risk.year_end": ("Di akhir tahun: {parts}.", "At the year's end: {parts}."),
    "agenda.risk.budget": ("anggaran terserap ±{pct}%", "budget absorbed ±{pct}%"),
    "agenda.risk.physical": ("fisik ±{pct}%", "physical ±{pct}%"),
    "agenda.per.month": ("bulan", "month"),
    "agenda.per.quarter": ("triwulan", "quarter"),
}
