"""Texts of a plan change: what it does, in a summary line and one line per change (``planfile.changes_text``).

Plain text (the CLI prints it; the bot will escape it when it shows the same words).
"""

TEXTS: dict[str, tuple[str, str]] = {
    "plan.changes.none": ("Tidak ada perubahan.", "No changes."),
    "plan.activity.stopped": (
        "Kegiatan ini dihentikan mulai {period}: tidak dilaporkan lagi untuk periode itu dan sesudahnya.",
        "This activity is stopped from {period} on: it is not reported for that period or later.",
    ),
    "sandbox.plan_example": (
        "Contoh perubahan rencana (APBD Perubahan): sebagai sekretariat, /rencana lalu :dokumen {path}",
        "An example plan change (APBD Perubahan): as the secretariat, /rencana then :document {path}",
    ),
    "sandbox.province": (
        "Provinsi: :sebagai ketua lalu :grup, /rekap, /rekap TPAKD-LAMANDAU, /belum, /indikator KUR-UMKM, /progres, "
        "/ekspor. :sebagai sekkab (sekretariat Lamandau): /tutup TW1.",
        "Province: :as ketua then :group, /rekap, /rekap TPAKD-LAMANDAU, /belum, /indikator KUR-UMKM, /progres, "
        "/ekspor. :as sekkab (Lamandau's secretariat): /tutup TW1.",
    ),
    "plan.version.murni": ("rencana murni", "the original plan (murni)"),
    "plan.version.correction": ("(koreksi data)", "(data correction)"),
    "plan.changes.sep": (", ", ", "),
    # the summary line's parts
    "plan.changes.sum.targets": ("{n} target berubah", "{n} target(s) changed"),
    "plan.changes.sum.moves": ("{n} target dipindah", "{n} target(s) moved"),
    "plan.changes.sum.moves_one_way": (
        "{n} target dipindah {source} → {destination}",
        "{n} target(s) moved {source} → {destination}",
    ),
    "plan.changes.sum.added_organization": ("{n} OPD baru", "{n} new organization(s)"),
    "plan.changes.sum.added_program": ("{n} program baru", "{n} new program(s)"),
    "plan.changes.sum.added_activity": ("{n} kegiatan baru", "{n} new activity(ies)"),
    "plan.changes.sum.renamed": ("{n} nama berubah", "{n} name(s) changed"),
    "plan.changes.sum.settings": ("{n} pengaturan kegiatan berubah", "{n} activity setting(s) changed"),
    "plan.changes.sum.stopped": ("{n} kegiatan dihentikan", "{n} activity(ies) stopped"),
    "plan.changes.sum.stopped_from": (
        "{n} kegiatan dihentikan mulai {period}",
        "{n} activity(ies) stopped from {period}",
    ),
    "plan.changes.sum.ceiling": ("pagu {activity} {old} → {new}", "ceiling {activity} {old} → {new}"),
    "plan.changes.sum.ceilings": ("{n} pagu berubah", "{n} ceiling(s) changed"),
    "plan.changes.sum.team": ("{n} pengaturan tim berubah", "{n} team setting(s) changed"),
    # the detail lines
    "plan.changes.added_organization": ("OPD baru {code}: {name}", "New organization {code}: {name}"),
    "plan.changes.added_program": ("Program baru {code}: {name}", "New program {code}: {name}"),
    "plan.changes.added_activity": ("Kegiatan baru {code}: {name}", "New activity {code}: {name}"),
    "plan.changes.renamed_organization": (
        "Nama OPD {code}: {old} → {new}",
        "Organization {code} renamed: {old} → {new}",
    ),
    "plan.changes.renamed_program": ("Nama program {code}: {old} → {new}", "Program {code} renamed: {old} → {new}"),
    "plan.changes.renamed_activity": ("Nama kegiatan {code}: {old} → {new}", "Activity {code} renamed: {old} → {new}"),
    "plan.changes.target_value": (
        "Target {activity} {period}: {old} → {new}",
        "Target {activity} {period}: {old} → {new}",
    ),
    "plan.changes.target_budget": (
        "Anggaran {activity} {period}: {old} → {new}",
        "Budget {activity} {period}: {old} → {new}",
    ),
    "plan.changes.target_physical": (
        "Fisik {activity} {period}: {old} → {new}",
        "Physical {activity} {period}: {old} → {new}",
    ),
    "plan.changes.move_value": (
        "Target {activity}: {amount} dipindah {source} → {destination}",
        "Target {activity}: {amount} moved {source} → {destination}",
    ),
    "plan.changes.move_budget": (
        "Anggaran {activity}: {amount} dipindah {source} → {destination}",
        "Budget {activity}: {amount} moved {source} → {destination}",
    ),
    "plan.changes.ceiling": ("Pagu {activity}: {old} → {new}", "Ceiling {activity}: {old} → {new}"),
    "plan.changes.setting": ("{setting} {activity}: {old} → {new}", "{setting} {activity}: {old} → {new}"),
    "plan.changes.setting.organization": ("OPD", "Organization"),
    "plan.changes.setting.program": ("Program", "Program"),
    "plan.changes.setting.indicator": ("Indikator", "Indicator"),
    "plan.changes.setting.unit": ("Satuan", "Unit"),
    "plan.changes.setting.kind": ("Jenis", "Kind"),
    "plan.changes.setting.direction": ("Arah", "Direction"),
    "plan.changes.stopped_from": (
        "Kegiatan {code} dihentikan mulai {period} (laporannya tetap disimpan)",
        "Activity {code} stopped from {period} (its reports are kept)",
    ),
    "plan.changes.stopped": (
        "Kegiatan {code} tidak ada lagi di rencana: akan dihentikan (laporannya tetap disimpan)",
        "Activity {code} is no longer in the plan: it would be stopped (its reports are kept)",
    ),
    "plan.changes.team": ("Pengaturan tim {setting}: {old} → {new}", "Team setting {setting}: {old} → {new}"),
    "plan.changes.nothing": ("–", "–"),
}
