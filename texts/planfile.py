"""Texts of a plan file's mistakes and refusals (``planfile.read``, ``planfile.upload``), in the secretariat's words.

Each mistake is ``{place}: {text}``: the place (``planfile.where.*``) says the file and its line, or its sheet and row;
the text starts with a label (``kegiatan UGD-03, target Q2``) built from ``planfile.label.*``. Keys and values of the
file (``budget_ceiling``, ``Q2``) are quoted as written, so the person finds them in the file. The English texts are
what ``str(issue)`` and the CLI print. Plain text: whoever shows them in Telegram escapes them.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # where a mistake is (issue_text); the English message and the CLI keep the compact p.yaml:7 / p.xlsx[team]:7
    "planfile.where.line": ("{source}, baris {line}", "{source}, line {line}"),
    "planfile.where.sheet_row": ("{source}, lembar {sheet}, baris {row}", "{source}, sheet {sheet}, row {row}"),
    # labels: what part of the plan a message is about
    "planfile.label.plan": ("rencana", "plan"),
    "planfile.label.team": ("tim", "team"),
    "planfile.label.organizations": ("organizations", "organizations"),
    "planfile.label.programs": ("programs", "programs"),
    "planfile.label.exemptions": ("exemptions", "exemptions"),
    "planfile.label.organization": ("OPD", "organization"),
    "planfile.label.organization_code": ("OPD {code}", "organization {code}"),
    "planfile.label.program": ("program", "program"),
    "planfile.label.program_code": ("program {code}", "program {code}"),
    "planfile.label.activity": ("kegiatan", "activity"),
    "planfile.label.activity_code": ("kegiatan {code}", "activity {code}"),
    "planfile.label.exemption": ("pengecualian", "exemption"),
    "planfile.label.exemption_code": ("pengecualian {code}", "exemption {code}"),
    "planfile.label.target": ("{label}, target {period}", "{label}, target {period}"),
    # what a choice may be
    "planfile.expect.kind": (
        "per_periode, kumulatif atau tingkat (per_period, cumulative, level)",
        "per_periode, kumulatif or tingkat (per_period, cumulative, level)",
    ),
    "planfile.expect.direction": ("naik atau turun (up, down)", "naik or turun (up, down)"),
    "planfile.expect.scale": (
        "predikat atau lampu (predicate, traffic_light)",
        "predikat or lampu (predicate, traffic_light)",
    ),
    # the file's shape (YAML and XLSX)
    "planfile.yaml_syntax": ("penulisan YAML salah: {problem}", "YAML syntax: {problem}"),
    "planfile.empty": ("berkas ini kosong", "the file is empty"),
    "planfile.key_not_word": ("kunci harus berupa satu kata biasa", "a key must be a plain word"),
    "planfile.duplicate_key": ('kunci "{key}" tertulis dua kali', 'duplicate key "{key}"'),
    "planfile.missing_sheet": (
        'lembar "{sheet}" tidak ada (lembar rencana: {sheets})',
        'missing sheet "{sheet}" (sheets: {sheets})',
    ),
    "planfile.unknown_column.suggest": (
        'kolom "{column}" tidak dikenal (mungkin maksudnya "{close}"?)',
        'unknown column "{column}" (did you mean "{close}"?)',
    ),
    "planfile.unknown_column.list": (
        'kolom "{column}" tidak dikenal (kolom yang dikenal: {allowed})',
        'unknown column "{column}" (expected: {allowed})',
    ),
    "planfile.missing_column": ('kolom "{column}" tidak ada', 'missing column "{column}"'),
    "planfile.missing_cell": ('kolom "{column}" belum diisi', 'missing "{column}"'),
    "planfile.team_row_no_key": (
        "baris lembar team harus berisi nama kunci di kolom A",
        "a team row needs a key in column A",
    ),
    "planfile.program_name_differs": (
        'program {code}: nama "{name}" berbeda dengan "{first}" di {place}',
        'program {code}: name "{name}" differs from "{first}" at {place}',
    ),
    "planfile.target_unknown_activity": (
        'kegiatan "{code}" tidak ada di lembar activities',
        'activity "{code}" is not in the activities sheet',
    ),
    "planfile.unknown_key.suggest": (
        '{label}: kunci "{key}" tidak dikenal (mungkin maksudnya "{close}"?)',
        '{label}: unknown key "{key}" (did you mean "{close}"?)',
    ),
    "planfile.unknown_key.list": (
        '{label}: kunci "{key}" tidak dikenal (kunci yang dikenal: {allowed})',
        '{label}: unknown key "{key}" (expected: {allowed})',
    ),
    "planfile.expected_keys": (
        "{label}: seharusnya berisi kunci seperti {keys}",
        "{label}: expected keys such as {keys}",
    ),
    "planfile.same_key": (
        '{label}: "{first}" dan "{second}" adalah kunci yang sama; pakai salah satu saja',
        '{label}: "{first}" and "{second}" are the same key; keep one',
    ),
    "planfile.missing_key": ('{label}: "{key}" belum diisi', '{label}: missing "{key}"'),
    "planfile.expected_list": (
        "{label}: seharusnya berupa daftar (baris-baris yang diawali -)",
        "{label}: expected a list (lines starting with -)",
    ),
    # values
    "planfile.expected_text": ("{label}: seharusnya berupa teks", "{label}: expected text"),
    "planfile.too_long": (
        "{label}: terlalu panjang ({length} karakter, paling banyak {limit})",
        "{label}: too long ({length} characters, at most {limit})",
    ),
    "planfile.bad_choice": ('{label}: {key} "{value}" harus {expected}', '{label}: {key} "{value}" must be {expected}'),
    "planfile.not_a_code": (
        '{label}: "{value}" bukan kode (hanya huruf, angka dan - _ . /, tanpa spasi)',
        '{label}: "{value}" is not a code (letters, digits and - _ . / only, no spaces)',
    ),
    "planfile.not_whole": ('{label} "{value}" bukan bilangan bulat', '{label} "{value}" is not a whole number'),
    "planfile.out_of_range": (
        "{label} {value} di luar batas ({low} sampai {high})",
        "{label} {value} is out of range (from {low} to {high})",
    ),
    "planfile.below_minimum": (
        "{label} {value} di luar batas (paling sedikit {low})",
        "{label} {value} is out of range (at least {low})",
    ),
    "planfile.not_a_number": ('{label} "{value}" bukan angka', '{label} "{value}" is not a number'),
    "planfile.not_finite": ("{label} bukan angka yang wajar", "{label} is not a finite number"),
    "planfile.negative": (
        "{label} tidak boleh negatif (tertulis {value})",
        "{label} must not be negative (got {value})",
    ),
    "planfile.above_maximum": (
        "{label} paling besar {limit} (tertulis {value})",
        "{label} must be at most {limit} (got {value})",
    ),
    "planfile.not_rupiah": (
        '{label} "{value}" bukan jumlah Rupiah yang bulat',
        '{label} "{value}" is not a whole number of Rupiah',
    ),
    # periods
    "planfile.period_is_month": (
        '{label}: "{value}" adalah bulan, padahal tim ini melapor per triwulan',
        '{label}: "{value}" is a month but the team reports per quarter',
    ),
    "planfile.period_is_quarter": (
        '{label}: "{value}" adalah triwulan, padahal tim ini melapor per bulan',
        '{label}: "{value}" is a quarter but the team reports per month',
    ),
    "planfile.period_other_year": (
        '{label}: periode "{value}" bukan di tahun tim ({year})',
        '{label}: period "{value}" is not in the team\'s year {year}',
    ),
    "planfile.bad_period.quarter": (
        '{label}: periode "{value}" tidak dikenal: tulis Q1…Q4 (atau TW1, 2022-Q1)',
        '{label}: bad period "{value}": write Q1…Q4 (or TW1, 2022-Q1)',
    ),
    "planfile.bad_period.month": (
        '{label}: periode "{value}" tidak dikenal: tulis 01…12 atau nama bulan (Maret, 2022-03)',
        '{label}: bad period "{value}": write 01…12 or a month name (Maret, 2022-03)',
    ),
    # codes and references
    "planfile.duplicate_organization": (
        'kode OPD "{code}" tertulis dua kali (pertama di {place})',
        'duplicate organization code "{code}" (first at {place})',
    ),
    "planfile.duplicate_program": (
        'kode program "{code}" tertulis dua kali (pertama di {place})',
        'duplicate program code "{code}" (first at {place})',
    ),
    "planfile.duplicate_activity": (
        'kode kegiatan "{code}" tertulis dua kali (pertama di {place})',
        'duplicate activity code "{code}" (first at {place})',
    ),
    "planfile.organization_unknown": (
        '{label}: kode OPD "{code}" tidak ada di daftar organisasi (organizations)',
        '{label}: organization "{code}" is not in organizations',
    ),
    "planfile.duplicate_exemption": (
        "{label}: pengecualian untuk {period} tertulis dua kali (pertama di {place})",
        "{label}: duplicate exemption for {period} (first at {place})",
    ),
    # the team
    "planfile.team.timezone": (
        'tim: zona waktu "{zone}" tidak dikenal: pakai Asia/Jakarta (WIB), Asia/Makassar (WITA) atau '
        "Asia/Jayapura (WIT)",
        'team: unknown time zone "{zone}": use Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)',
    ),
    "planfile.team.period": (
        'tim: period "{value}" harus quarter (triwulan) atau month (bulan)',
        'team: period "{value}" must be quarter or month',
    ),
    "planfile.team.parent_self": (
        'tim: parent "{code}" adalah tim ini sendiri: isi kode tim induk (provinsi), atau kosongkan',
        'team: parent "{code}" is this team itself: give the code of the team over it (the province), or leave it out',
    ),
    "planfile.team.cap": (
        'tim: {key} "{value}" harus {choices} atau tanpa (tidak dibatasi)',
        'team: {key} "{value}" must be {choices} or tanpa (no cap)',
    ),
    "planfile.team.lights_without_scale": (
        "tim: {key} hanya dibaca bila skala: lampu (tim ini dinilai dengan predikat)",
        "team: {key} is read only with skala: lampu (this team rates by predikat)",
    ),
    "planfile.team.yellow_zero": (
        "tim: {key}: kuning harus lebih dari 0: selisih dari target (dalam %) yang selama di bawahnya lampu masih "
        "kuning, misalnya 25",
        "team: {key}: kuning must be more than 0: the gap to target in % below which a light is kuning, e.g. 25",
    ),
    "planfile.team.thresholds_four": (
        "tim: thresholds harus empat batas bawah (sangat tinggi, tinggi, sedang, rendah)",
        "team: thresholds must be four lower bounds (sangat tinggi, tinggi, sedang, rendah)",
    ),
    "planfile.team.thresholds_order": (
        "tim: thresholds harus makin kecil berurutan, misalnya {example} (tertulis {value})",
        "team: thresholds must be strictly decreasing, e.g. {example} (got {value})",
    ),
    "planfile.team.send_window_two": (
        'tim: reminders: send_window harus dua jam, misalnya ["07:00", "18:00"]',
        'team: reminders: send_window must be two times, e.g. ["07:00", "18:00"]',
    ),
    "planfile.team.send_window_order": (
        "tim: reminders: send_window harus dimulai sebelum berakhir",
        "team: reminders: send_window must start before it ends",
    ),
    "planfile.team.weekday": (
        'tim: reminders: digest_weekday "{value}" bukan nama hari (senin…minggu)',
        'team: reminders: digest_weekday "{value}" is not a day (monday…sunday)',
    ),
    # activities and targets
    "planfile.cumulative_down": (
        "{label}: indikator kumulatif adalah jumlah berjalan yang hanya bisa naik; indikator yang arahnya turun "
        "ditulis per_periode (jumlah per periode) atau tingkat (suatu tingkat, misalnya persentase)",
        "{label}: a kumulatif indicator is a running total, which only goes up; a turun indicator is per_periode "
        "(a count per period) or tingkat (a level, e.g. a rate)",
    ),
    "planfile.over_ceiling": (
        "{label}: anggaran yang direncanakan berjumlah {planned} Rupiah, melebihi pagu (budget_ceiling) {ceiling}",
        "{label}: planned budgets add up to {planned} Rupiah, above the budget_ceiling {ceiling}",
    ),
    "planfile.value_goes_down": (
        "{label}: value turun dari {first} pada {first_period} menjadi {second} pada {second_period}",
        "{label}: value goes down from {first} in {first_period} to {second} in {second_period}",
    ),
    "planfile.physical_goes_down": (
        "{label}: physical (% kumulatif) turun dari {first} pada {first_period} menjadi {second} pada {second_period}",
        "{label}: physical (cumulative %) goes down from {first} in {first_period} to {second} in {second_period}",
    ),
    "planfile.targets_shape": (
        "{label}: targets harus memetakan periode ke nilai, misalnya Q1: {{value: 50}}",
        "{label}: targets must map periods to values, e.g. Q1: {{value: 50}}",
    ),
    "planfile.target_missing_value": ("{label}: nilai target belum diisi", "{label}: missing value"),
    "planfile.two_targets": (
        "{label}: ada dua target untuk {period} (yang pertama di {place})",
        "{label}: two targets for {period} (first at {place})",
    ),
    "planfile.range_twice": (
        "{label}: rentang ditulis dua kali (di dalam value dan di sampingnya); pakai salah satu saja",
        "{label}: the range is written twice (in value and beside it); keep one",
    ),
    "planfile.value_shape": (
        "{label}: value: tulis satu angka, atau rentang seperti {{min: 80, max: 90}}",
        "{label}: value: write one number, or a range as {{min: 80, max: 90}}",
    ),
    "planfile.value_or_range": (
        '{label}: target berupa satu nilai atau satu rentang: tulis "value" atau "{key}", jangan keduanya',
        '{label}: a target is one value or a range: write "value" or "{key}", not both',
    ),
    "planfile.cumulative_range": (
        "{label}: target indikator kumulatif adalah satu jumlah berjalan, bukan rentang: tulis value",
        "{label}: a kumulatif indicator's target is one running total, not a range: write value",
    ),
    "planfile.range_needs_both": (
        "{label}: rentang perlu min dan max sekaligus, misalnya {{min: 80, max: 90}}",
        "{label}: a range needs both min and max, e.g. {{min: 80, max: 90}}",
    ),
    "planfile.range_reversed": (
        "{label}: {low_key} {low} lebih besar dari {high_key} {high}",
        "{label}: {low_key} {low} is above {high_key} {high}",
    ),
    # the file cannot be read at all (PlanSourceError)
    "planfile.source.unknown_format": (
        "{path}: format rencana {suffix} tidak dikenal; pakai .yaml, .yml atau .xlsx",
        "{path}: unknown plan format {suffix}; use .yaml, .yml or .xlsx",
    ),
    "planfile.source.missing": ("{path}: berkas tidak ada", "{path}: no such file"),
    "planfile.source.directory": (
        "{path}: ini folder, bukan berkas rencana",
        "{path}: is a directory, not a plan file",
    ),
    "planfile.source.unreadable": ("{path}: berkas tidak bisa dibaca ({error})", "{path}: cannot read ({error})"),
    "planfile.source.not_utf8": (
        "{path}, baris {line}: bukan teks UTF-8; simpan berkas sebagai UTF-8",
        "{path}:{line}: not UTF-8 text; save the file as UTF-8",
    ),
    "planfile.source.not_xlsx": (
        "{path}: bukan buku kerja XLSX yang bisa dibaca ({error})",
        "{path}: not a readable XLSX workbook ({error})",
    ),
    # an uploaded plan refused before it is read (planfile.upload)
    "planfile.upload.not_a_plan": (
        "Berkas ini bukan rencana: kirim berkas .xlsx dari /rencana atau .yaml.",
        "This file is not a plan: send the .xlsx file from /rencana, or a .yaml file.",
    ),
    "planfile.upload.empty": (
        "Berkas ini kosong: kirim berkas .xlsx dari /rencana atau .yaml.",
        "This file is empty: send the .xlsx file from /rencana, or a .yaml file.",
    ),
    "planfile.upload.too_big": (
        "Berkas ini terlalu besar untuk sebuah rencana ({size} MB, paling besar {limit} MB).",
        "This file is too big for a plan ({size} MB, at most {limit} MB).",
    ),
    "planfile.upload.not_xlsx": (
        "Berkas ini bukan buku kerja Excel (.xlsx) yang bisa dibaca: simpan ulang di Excel sebagai .xlsx, atau "
        "kirim berkas dari /rencana.",
        "This file is not a readable Excel workbook (.xlsx): save it again in Excel as .xlsx, or send the file "
        "from /rencana.",
    ),
    "planfile.upload.too_many_parts": (
        "Berkas .xlsx ini terdiri dari terlalu banyak bagian ({count}, paling banyak {limit}); berkas ini tidak "
        "dibuka. Kirim berkas dari /rencana.",
        "This .xlsx file has too many parts ({count}, at most {limit}); it was not opened. Send the file from "
        "/rencana.",
    ),
    "planfile.upload.unpacked_too_big": (
        "Isi berkas .xlsx ini terlalu besar setelah dibuka ({size} MB, paling besar {limit} MB); berkas ini tidak "
        "dibuka.",
        "This .xlsx file is too big once unpacked ({size} MB, at most {limit} MB); it was not opened.",
    ),
    "planfile.upload.too_compressed": (
        "Berkas .xlsx ini dimampatkan secara tidak wajar (bagian {part} {ratio} kali lebih besar setelah dibuka); "
        "demi keamanan berkas ini tidak dibuka.",
        "This .xlsx file is compressed abnormally (part {part} is {ratio} times larger unpacked); for safety it "
        "was not opened.",
    ),
    "planfile.upload.not_utf8": (
        "Berkas .yaml ini bukan teks UTF-8 (baris {line}): simpan sebagai UTF-8, lalu kirim lagi.",
        "This .yaml file is not UTF-8 text (line {line}): save it as UTF-8 and send it again.",
    ),
}
