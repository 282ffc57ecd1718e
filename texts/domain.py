"""Texts of the domain layer: period labels and parse errors, number parse errors and units, rating names.

Errors never repeat what the user typed (so they are safe in any Telegram parse mode); they name the expected form
with an example. Numbers in examples are always written the Indonesian way, which is what the parser accepts.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # periods
    "periods.quarter_label": ("Triwulan {roman} {year}", "Q{index} {year}"),
    "periods.quarter_short": ("TW {roman}", "Q{index}"),
    "periods.not_understood": ("Maaf, periode itu tidak dikenali.", "Sorry, I do not recognise that period."),
    "periods.not_a_choice": (
        "Periode itu tidak bisa dipilih sekarang.",
        "That period cannot be chosen now.",
    ),
    "periods.wrong_kind_quarter": (
        "Tim ini melapor per triwulan, bukan per bulan.",
        "This team reports per quarter, not per month.",
    ),
    "periods.wrong_kind_month": (
        "Tim ini melapor per bulan, bukan per triwulan.",
        "This team reports per month, not per quarter.",
    ),
    "periods.expected_quarter": (
        "{head} Tulis triwulannya, contoh: TW I atau Triwulan I 2026.",
        "{head} Type the quarter, e.g. Q1 or TW I 2026.",
    ),
    "periods.expected_month": (
        "{head} Tulis bulannya, contoh: Maret atau 03/2026.",
        "{head} Type the month, e.g. March or 03/2026.",
    ),
    "periods.choose_one": ("{head} Pilih salah satu: {choices}.", "{head} Choose one of: {choices}."),
    # numbers
    "numbers.not_a_number": (
        "Maaf, itu belum terbaca sebagai angka. Tulis angkanya saja, contoh: 1.250.000 atau 75,5 atau 1,5 juta.",
        "Sorry, I cannot read that as a number. Type just the number, e.g. 1.250.000 or 75,5 or 1,5 juta.",
    ),
    "numbers.percent_not_a_number": (
        "Tulis persentase sebagai angka, contoh: 80 atau 75,5%.",
        "Type the percentage as a number, e.g. 80 or 75,5%.",
    ),
    "numbers.rupiah_not_a_number": (
        "Tulis jumlah Rupiah sebagai angka, contoh: 1.250.000 atau Rp 2 juta atau 1,5 M.",
        "Type the Rupiah amount as a number, e.g. 1.250.000 or Rp 2 juta or 1,5 M.",
    ),
    "numbers.ambiguous_comma": (
        "Maksud Anda {thousands} ({thousands_words}) atau {decimal}? Tulis {thousands} atau {decimal}.",
        "Did you mean {thousands} ({thousands_words}) or {decimal}? Here dots group thousands and a comma marks "
        "decimals: type {thousands} or {decimal}.",
    ),
    "numbers.ambiguous_dot": (
        "Maksud Anda {decimal} ({decimal_words})? Desimal ditulis dengan koma, contoh {decimal}; "
        "ribuan dengan titik, contoh 1.500.",
        "Did you mean {decimal} ({decimal_words})? Here decimals take a comma, e.g. {decimal}; "
        "thousands take dots, e.g. 1.500.",
    ),
    "numbers.english_grouping": (
        "Maksud Anda {suggestion}? Ribuan ditulis dengan titik dan desimal dengan koma. Tulis {suggestion}.",
        "Did you mean {suggestion}? Here thousands take dots and decimals a comma. Type {suggestion}.",
    ),
    "numbers.wrong_grouping": (
        "Titik pemisah ribuan belum tepat. Beri titik tiap 3 angka dari kanan, contoh: 1.250.000; "
        "desimal pakai koma, contoh: 75,5.",
        "The thousands dots are misplaced. Put a dot every 3 digits from the right, e.g. 1.250.000; "
        "decimals take a comma, e.g. 75,5.",
    ),
    "numbers.negative": (
        "Angka tidak boleh negatif. Tulis tanpa tanda minus, contoh: 5.",
        "The number cannot be negative. Type it without a minus sign, e.g. 5.",
    ),
    "numbers.percent_over_max": (
        "Persentase paling tinggi {maximum}%. Tulis angka 0 sampai {maximum}, contoh: 75,5.",
        "The percentage can be at most {maximum}%. Type a number from 0 to {maximum}, e.g. 75,5.",
    ),
    "numbers.compact": ("{number} {unit}", "{number}{unit}"),
    "numbers.unit_thousand": ("rb", "K"),
    "numbers.unit_million": ("jt", "M"),
    "numbers.unit_billion": ("M", "B"),
    "numbers.unit_trillion": ("T", "T"),
    # rating
    "rating.sangat_tinggi": ("Sangat Tinggi", "Very high"),
    "rating.tinggi": ("Tinggi", "High"),
    "rating.sedang": ("Sedang", "Medium"),
    "rating.rendah": ("Rendah", "Low"),
    "rating.sangat_rendah": ("Sangat Rendah", "Very low"),
    "rating.invalid_thresholds": (
        "Batas predikat harus 4 angka dari 0 sampai 100, makin kecil berurutan, contoh: 91; 76; 66; 51.",
        "Rating bounds must be 4 numbers from 0 to 100, each smaller than the one before, e.g. 91; 76; 66; 51.",
    ),
}
