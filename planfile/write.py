"""Writing a plan file (YAML or XLSX) that :mod:`planfile.read` reads back to an equal plan."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml

from domain.periods import Period, month_name
from domain.plan import DEFAULT_ACHIEVEMENT_CAP, MEASURE_OF_KIND, Plan, PlanTarget, PlanTeam
from planfile.read import GUIDE_SHEET, OPTIONAL_COLUMNS, SHEETS, format_of, plain_value

_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def short_period(key: str) -> str:
    """How the file writes a period of the team's own year: ``Q1`` or the Indonesian month name."""
    period = Period.from_key(key)
    return f"Q{period.index}" if period.kind == "quarter" else month_name(period.index)


def _flow(value: Any) -> str:
    """One YAML value on one line, quoted where YAML needs it."""
    text = yaml.dump(value, Dumper=_DUMPER, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1 << 30)
    return text.removesuffix("\n").removesuffix("\n...").removesuffix("\n")


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def dump_yaml(plan: Plan) -> str:
    """The plan as a YAML file a person can edit; :func:`parse_yaml` reads it back to an equal plan."""
    t = plan.team
    lines = [
        f"# Pantau plan of {t.code}, {t.year}. Format: examples/README.md. Import: pantau plan import FILE",
        "team:",
        f"  code: {_flow(t.code)}",
        f"  name: {_flow(t.name)}",
    ]
    if t.region:
        lines.append(f"  region: {_flow(t.region)}")
    lines += [
        f"  timezone: {_flow(t.timezone)}",
        f"  period: {t.period}",
        f"  year: {t.year}",
        f"  deadline_working_days: {t.deadline_working_days}",
        f"  lock_days: {t.lock_days}",
        f"  thresholds: {_flow([_num(x) for x in t.thresholds])}",
    ]
    lines += [f"  {key}: {_flow(value)}" for key, value in _reading_rows(t)]
    if t.reminders:
        lines.append("  reminders:")
        lines += [f"    {k}: {_flow(v)}" for k, v in t.reminders.items()]
    lines.append("organizations:" if plan.organizations else "organizations: []")
    lines += [f"  - {_flow({'code': o.code, 'name': o.name, 'kind': o.kind})}" for o in plan.organizations]
    lines.append("programs:" if plan.programs else "programs: []")
    for program in plan.programs:
        lines += [f"  - code: {_flow(program.code)}", f"    name: {_flow(program.name)}"]
        if not program.activities:
            lines.append("    activities: []")
            continue
        lines.append("    activities:")
        for a in program.activities:
            lines += [
                f"      - code: {_flow(a.code)}",
                f"        name: {_flow(a.name)}",
                f"        organization: {_flow(a.organization)}",
            ]
            if a.indicator:
                lines.append(f"        indicator: {_flow(a.indicator)}")
            if a.unit:
                lines.append(f"        unit: {_flow(a.unit)}")
            lines.append(f"        measure: {MEASURE_OF_KIND[a.kind]}")
            if a.direction != "naik":
                lines.append(f"        arah: {a.direction}")
            if a.budget_ceiling is not None:
                lines.append(f"        budget_ceiling: {a.budget_ceiling}")
            if a.stopped_from is not None:
                lines.append(f"        dihentikan_mulai: {_flow(short_period(a.stopped_from))}")
            if a.shared_code is not None:
                lines.append(f"        kode_bersama: {_flow(a.shared_code)}")
            if a.targets:
                lines.append("        targets:")
                for target in a.targets:
                    lines.append(f"          {short_period(target.period)}: {_flow(_target_spec(target))}")
    if plan.exemptions:
        lines.append("exemptions:")
        lines += [
            "  - " + _flow({"organization": e.organization, "period": short_period(e.period), "reason": e.reason})
            for e in plan.exemptions
        ]
    return "\n".join(lines) + "\n"


def _reading_rows(t: PlanTeam) -> list[tuple[str, Any]]:
    """How the team reads achievement, only where it is not the default (a plan without them writes as before)."""
    rows: list[tuple[str, Any]] = []
    if t.achievement_cap != DEFAULT_ACHIEVEMENT_CAP:
        rows.append(("batas_capaian", "tanpa" if t.achievement_cap is None else t.achievement_cap))
    if t.rating_scale != "predikat":
        rows.append(("skala", t.rating_scale))
        if t.yellow_limit != 25:
            rows.append(("lampu", {"kuning": _num(t.yellow_limit)}))
    if t.parent is not None:
        rows.append(("parent", t.parent))
    if t.children_deadline_working_days != 10:
        rows.append(("children_deadline_working_days", t.children_deadline_working_days))
    if t.evidence_reminder_days != 3:
        rows.append(("bukti_menyusul_hari", t.evidence_reminder_days))
    return rows


def _target_spec(target: PlanTarget) -> Any:
    if target.value_range is not None:
        low, high = target.value_range
        spec: dict[str, Any] = {"min": _num(low), "max": _num(high)}
    elif target.budget is None and target.physical is None:
        return _num(target.value)
    else:
        spec = {"value": _num(target.value)}
    if target.budget is not None:
        spec["budget"] = target.budget
    if target.physical is not None:
        spec["physical"] = _num(target.physical)
    return spec


def xlsx_bytes(plan: Plan) -> bytes:
    """The plan as a workbook with the sheets team, organizations, activities, targets, exemptions, after a first
    sheet ``Petunjuk`` that tells a person what each sheet and column holds (the reader skips it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    _write_guide(book.create_sheet(GUIDE_SHEET), plan)
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    book.remove(book.worksheets[0])
    book.active = 0
    columns = _columns(plan)
    for name, ws in sheets.items():
        ws.append(list(columns[name]))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    t = plan.team
    team_rows: list[tuple[str, Any]] = [
        ("code", t.code),
        ("name", t.name),
        ("region", t.region or None),
        ("timezone", t.timezone),
        ("period", t.period),
        ("year", t.year),
        ("deadline_working_days", t.deadline_working_days),
        ("lock_days", t.lock_days),
        ("thresholds", ", ".join(plain_value(x) for x in t.thresholds)),
    ]
    for key, value in _reading_rows(t):
        if isinstance(value, dict):
            team_rows += [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            team_rows.append((key, value))
    for key, value in t.reminders.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        team_rows.append((f"reminders.{key}", value))
    for row in team_rows:
        sheets["team"].append(list(row))
    for o in plan.organizations:
        sheets["organizations"].append([o.code, o.name, o.kind])
    for program in plan.programs:
        if not program.activities:
            sheets["activities"].append([program.code, program.name])
        for a in program.activities:
            cells: list[Any] = [
                program.code,
                program.name,
                a.code,
                a.name,
                a.organization,
                a.indicator or None,
                a.unit or None,
                MEASURE_OF_KIND[a.kind],
                a.budget_ceiling,
            ]
            if "arah" in columns["activities"]:
                cells.append(a.direction)
            if "dihentikan_mulai" in columns["activities"]:
                cells.append(None if a.stopped_from is None else short_period(a.stopped_from))
            if "kode_bersama" in columns["activities"]:
                cells.append(a.shared_code)
            sheets["activities"].append(cells)
            for target in a.targets:
                value = None if target.value_range is not None else _num(target.value)
                cells = [a.code, short_period(target.period), value, target.budget, _physical(target)]
                if "value_min" in columns["targets"]:
                    cells += [_num(x) for x in target.value_range] if target.value_range else [None, None]
                sheets["targets"].append(cells)
    for e in plan.exemptions:
        sheets["exemptions"].append([e.organization, short_period(e.period), e.reason])
    widths = {"name": 48, "program_name": 32, "indicator": 40, "reason": 40, "value": 48}
    for name, ws in sheets.items():
        for i, column in enumerate(columns[name]):
            letter = chr(ord("A") + i)
            ws.column_dimensions[letter].width = widths.get(column, 16 if name != "team" else 24)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, int) and cell.value >= 10_000:
                    cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The guide sheet: (sheet, column, what it holds, example, required). Written in Indonesian for the secretariat; the
# examples name periods as the team writes them ({q}: Q3 or Juli).
_GUIDE_INTRO = (
    "Petunjuk mengisi rencana tim {code} tahun {year}",
    "",
    "Berkas ini adalah rencana tim dari /rencana. Ubah isinya di lembar team, organizations, activities, targets "
    "dan exemptions, simpan sebagai .xlsx, lalu kirim kembali ke bot. Lembar Petunjuk ini tidak dibaca bot.",
    "Baris 1 setiap lembar berisi nama kolom: jangan diubah dan jangan diterjemahkan. Urutan kolom boleh berubah; "
    "baris kosong dilewati.",
    "Kode (kode OPD, program dan kegiatan) jangan diubah: bot mencocokkan setiap baris menurut kodenya. Kode yang "
    "diubah dibaca sebagai kegiatan baru, dan kegiatan dengan kode lama dianggap hilang.",
    "Menghentikan kegiatan: jangan hapus barisnya. Isi kolom dihentikan_mulai di lembar activities dengan periode "
    "pertama kegiatan itu tidak lagi dilaporkan (misalnya {q}). Kegiatan yang barisnya dihapus dianggap dihentikan "
    "mulai periode yang dipilih saat berkas dikirim, bukan periode yang Anda maksud. Laporan dan target sebelumnya "
    "tetap tersimpan.",
    "Periode ditulis untuk tahun tim sendiri: {periods}.",
    "Angka boleh ditulis 7,5 atau 1.250; rupiah sebagai angka bulat (250000000 atau Rp 250.000.000).",
    "",
)
_GUIDE_HEADER = ("lembar", "kolom", "isi", "contoh", "wajib diisi?")
_GUIDE_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "team",
        "key, value",
        "Satu baris per pengaturan tim: nama pengaturan di kolom key, isinya di kolom value.",
        "",
        "",
    ),
    ("team", "code", "Kode singkat tim (huruf, angka, - _ . /), dipakai di perintah bot.", "TPAKD-DS", "wajib"),
    ("team", "name", "Nama lengkap tim.", "Tim Percepatan Akses Keuangan Daerah", "wajib"),
    ("team", "region", "Wilayah tim.", "Kabupaten Deli Serdang", "opsional"),
    (
        "team",
        "timezone",
        "Zona waktu: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT).",
        "Asia/Jakarta",
        "opsional",
    ),
    ("team", "period", "Periode laporan: quarter (triwulan) atau month (bulan).", "quarter", "opsional"),
    ("team", "year", "Tahun anggaran.", "2026", "wajib"),
    ("team", "deadline_working_days", "Batas lapor: sekian hari kerja setelah periode berakhir.", "10", "opsional"),
    ("team", "lock_days", "Isian ditutup sekian hari setelah batas lapor.", "30", "opsional"),
    ("team", "parent", "Kode tim induk (tim provinsi di atas tim kabupaten/kota ini).", "TPAKD-KALTENG", "opsional"),
    (
        "team",
        "children_deadline_working_days",
        "Untuk tim provinsi: batas tim kabupaten/kota menutup periode, sekian hari kerja setelah periode berakhir.",
        "10",
        "opsional",
    ),
    (
        "team",
        "bukti_menyusul_hari",
        "Laporan dengan bukti menyusul: pelapor diingatkan sekian hari kerja setelah mengirim (0-30).",
        "3",
        "opsional",
    ),
    (
        "team",
        "thresholds",
        "Batas bawah predikat sangat tinggi, tinggi, sedang, rendah (Permendagri 86/2017).",
        "91, 76, 66, 51",
        "opsional",
    ),
    (
        "team",
        "batas_capaian",
        "Capaian satu kegiatan paling tinggi dihitung sekian % dalam rata-rata: 100, 110, 120, 150 atau tanpa.",
        "150",
        "opsional",
    ),
    (
        "team",
        "skala",
        "Penilaian: predikat atau lampu (hijau, kuning, merah); lampu.kuning: selisih dari target (%) yang "
        "masih kuning.",
        "predikat",
        "opsional",
    ),
    (
        "team",
        "reminders.…",
        "Pengingat: reminders.hour (jam), reminders.before_deadline (hari kerja sebelum batas), "
        "reminders.send_window (jam kirim).",
        "3, 1, 0",
        "opsional",
    ),
    ("organizations", "code", "Kode OPD, bank atau lembaga. Jangan diubah.", "DISKOPUKM", "wajib"),
    ("organizations", "name", "Nama OPD, bank atau lembaga.", "Dinas Koperasi dan UKM", "wajib"),
    ("organizations", "kind", "Jenis: OPD, bank, regulator, agency, BUMDes…", "OPD", "opsional"),
    ("activities", "program_code", "Kode program kegiatan ini. Jangan diubah.", "UGD", "wajib"),
    ("activities", "program_name", "Nama program (cukup sekali per program).", "UMKM Go Digital", "wajib"),
    ("activities", "code", "Kode kegiatan, unik dalam tim. Jangan diubah.", "UGD-01", "wajib"),
    ("activities", "name", "Nama kegiatan.", "Onboarding UMKM ke marketplace", "wajib"),
    (
        "activities",
        "organization",
        "Kode OPD pelaksana (dari lembar organizations): focal point-nya yang melapor.",
        "DISKOPUKM",
        "wajib",
    ),
    ("activities", "indicator", "Indikator yang diukur.", "UMKM onboarding ke marketplace", "opsional"),
    ("activities", "unit", "Satuan indikator.", "UMKM", "opsional"),
    (
        "activities",
        "measure",
        "Jenis indikator: per_period (jumlah per periode), cumulative (jumlah berjalan) atau level (tingkat, "
        "misalnya persentase).",
        "per_period",
        "opsional",
    ),
    ("activities", "budget_ceiling", "Pagu kegiatan, rupiah bulat.", "250000000", "opsional"),
    ("activities", "arah", "naik: makin tinggi makin baik; turun: makin rendah makin baik.", "naik", "opsional"),
    (
        "activities",
        "dihentikan_mulai",
        "Periode pertama kegiatan tidak lagi dilaporkan. Kosong: kegiatan berjalan. Isi ini, jangan hapus barisnya.",
        "{q}",
        "opsional",
    ),
    (
        "activities",
        "kode_bersama",
        "Kode indikator yang sama di tim kabupaten/kota lain (misalnya KUR-UMKM), agar tim provinsi dapat "
        "menjumlahkan atau merata-ratakannya.",
        "KUR-UMKM",
        "opsional",
    ),
    ("targets", "activity", "Kode kegiatan (dari lembar activities).", "UGD-01", "wajib"),
    ("targets", "period", "Periode target.", "{q}", "wajib"),
    (
        "targets",
        "value",
        "Target indikator pada periode itu (untuk cumulative: jumlah sampai akhir periode).",
        "120",
        "wajib, kecuali rentang",
    ),
    ("targets", "budget", "Anggaran yang direncanakan dalam periode itu, rupiah bulat.", "70000000", "opsional"),
    ("targets", "physical", "Rencana kemajuan fisik sampai akhir periode, 0–100 %.", "40", "opsional"),
    (
        "targets",
        "value_min, value_max",
        "Target berupa rentang: isi keduanya dan kosongkan value.",
        "80 dan 90",
        "opsional",
    ),
    ("exemptions", "organization", "Kode OPD yang dibebaskan dari laporan satu periode.", "DISKOPUKM", "wajib"),
    ("exemptions", "period", "Periode pembebasan.", "{q}", "wajib"),
    ("exemptions", "reason", "Alasannya.", "Reorganisasi", "wajib"),
)


def _write_guide(ws: Any, plan: Plan) -> None:
    """The sheet ``Petunjuk``: what each sheet and column holds, for the person editing the workbook."""
    from openpyxl.styles import Alignment, Font

    t = plan.team
    quarterly = t.period == "quarter"
    values = {
        "code": t.code,
        "year": t.year,
        "q": "Q3" if quarterly else "Juli",
        "periods": "Q1…Q4 (atau TW1, Triwulan I)" if quarterly else "Januari…Desember (atau Jan, 01…12)",
    }
    for line in _GUIDE_INTRO:
        ws.append([line.format(**values)] if line else [])
    ws["A1"].font = Font(bold=True, size=13)
    header_row = ws.max_row + 1
    ws.append(list(_GUIDE_HEADER))
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in _GUIDE_ROWS:
        ws.append([text.format(**values) for text in row])
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (16, 22, 70, 30, 16), strict=True):
        ws.column_dimensions[letter].width = width


def _columns(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Each sheet's columns: the optional ones (``arah``, ``dihentikan_mulai``, ``value_min``, ``value_max``) only
    when the plan uses them, so a workbook of a plan without them has the columns it always had."""
    activities = [a for _, a in plan.activities()]
    used = {
        "arah": any(a.direction != "naik" for a in activities),
        # always there: the Petunjuk sheet tells whoever edits the workbook to fill it to stop an activity
        "dihentikan_mulai": bool(activities),
        "kode_bersama": any(a.shared_code is not None for a in activities),
        "value_min": any(t.value_range is not None for a in activities for t in a.targets),
    }
    used["value_max"] = used["value_min"]
    return {
        name: tuple(c for c in columns if c not in OPTIONAL_COLUMNS.get(name, ()) or used[c])
        for name, columns in SHEETS.items()
    }


def _physical(target: PlanTarget) -> int | float | None:
    return None if target.physical is None else _num(target.physical)


def write_plan(plan: Plan, path: Path | str) -> None:
    """Write the plan in the format of ``path``'s extension."""
    path = Path(path)
    if format_of(path) == "xlsx":
        path.write_bytes(xlsx_bytes(plan))
    else:
        path.write_text(dump_yaml(plan), encoding="utf-8")
