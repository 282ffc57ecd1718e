"""An uploaded plan file: a good one is read, anything else (a picture, a zip bomb, Latin-1 YAML) is refused before a
parser sees it, with a catalogue text in Indonesian and English."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import load_workbook

from planfile.read import PlanFileError, PlanSourceError, issue_text, load_plan
from planfile.upload import (
    MAX_MEMBERS,
    MAX_PLAN_BYTES,
    MAX_UNPACKED_BYTES,
    TELEGRAM_DOWNLOAD_LIMIT,
    read_uploaded_plan,
)
from planfile.write import dump_yaml, xlsx_bytes
from texts import t
from texts.render import render_error

from .conftest import DELI_SERDANG, MINIMAL

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def refusal(data: bytes, name: str) -> PlanSourceError:
    with pytest.raises(PlanSourceError) as info:
        read_uploaded_plan(data, name)
    return info.value


def zeros_zip(sizes: dict[str, int]) -> bytes:
    """A zip whose members are runs of zero bytes, written a megabyte at a time (never the whole run in memory)."""
    out = io.BytesIO()
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, size in sizes.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                for start in range(0, size, len(chunk)):
                    member.write(chunk[: min(len(chunk), size - start)])
    return out.getvalue()


def test_the_limits() -> None:
    assert MAX_PLAN_BYTES == 5 * 1024 * 1024
    assert TELEGRAM_DOWNLOAD_LIMIT == 20 * 1024 * 1024
    assert MAX_PLAN_BYTES < TELEGRAM_DOWNLOAD_LIMIT


def test_a_plan_from_rencana_and_its_yaml_are_read() -> None:
    plan = load_plan(DELI_SERDANG)
    assert read_uploaded_plan(xlsx_bytes(plan), "rencana TPAKD-DS.xlsx") == plan
    assert read_uploaded_plan(xlsx_bytes(plan), "RENCANA.XLSX") == plan
    assert read_uploaded_plan(dump_yaml(plan).encode(), "rencana.yaml") == plan
    assert read_uploaded_plan(b"\xef\xbb\xbf" + dump_yaml(plan).encode(), "rencana.yml") == plan  # a BOM is fine


def test_mistakes_are_named_by_the_file_name() -> None:
    with pytest.raises(PlanFileError) as info:
        read_uploaded_plan(MINIMAL.replace("organization: DISKOP", "organization: DINKES").encode(), "C:\\x\\p.yaml")
    assert [issue_text(i, "id") for i in info.value.issues] == [
        'p.yaml, baris 13: kegiatan A1: kode OPD "DINKES" tidak ada di daftar organisasi (organizations)'
    ]


@pytest.mark.parametrize("name", ["foto.png", "rencana.xls", "rencana.csv", "rencana", "rencana.xlsx.exe", ".yaml.txt"])
def test_other_names_are_refused(name: str) -> None:
    error = refusal(xlsx_bytes(load_plan(DELI_SERDANG)), name)
    assert error.key == "planfile.upload.not_a_plan"
    assert render_error(error, "id") == "Berkas ini bukan rencana: kirim berkas .xlsx dari /rencana atau .yaml."
    assert str(error) == t("planfile.upload.not_a_plan", "en")


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"", "rencana.xlsx").key == "planfile.upload.empty"


def test_a_file_above_the_plan_size_is_refused_unread() -> None:
    error = refusal(b"x" * (MAX_PLAN_BYTES + 1), "rencana.yaml")
    assert error.key == "planfile.upload.too_big"
    assert error.text("id") == "Berkas ini terlalu besar untuk sebuah rencana (5,0 MB, paling besar 5,0 MB)."
    assert error.text("en") == "This file is too big for a plan (5.0 MB, at most 5.0 MB)."


@pytest.mark.parametrize(
    "data",
    [PNG, b"team:\n  code: T1\n", b"PK\x03\x04 not really a zip", b"\x00" * 1000],
    ids=["png", "text", "zip-header", "zeros"],
)
def test_what_is_not_a_zip_is_refused_as_not_xlsx(data: bytes) -> None:
    error = refusal(data, "rencana.xlsx")
    assert error.key == "planfile.upload.not_xlsx"
    assert error.text("id").startswith("Berkas ini bukan buku kerja Excel (.xlsx) yang bisa dibaca")


def test_a_zip_that_is_not_a_workbook_is_refused_as_not_xlsx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("catatan.txt", "bukan rencana")
    assert refusal(out.getvalue(), "rencana.xlsx").key == "planfile.upload.not_xlsx"


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked() -> None:
    bomb = zeros_zip({"xl/worksheets/sheet1.xml": 200 * 1024 * 1024})
    assert len(bomb) < 1024 * 1024  # 200 MB of zeros deflate to a few hundred kilobytes
    started = time.perf_counter()
    error = refusal(bomb, "rencana.xlsx")
    assert time.perf_counter() - started < 1  # nothing was decompressed
    assert error.key == "planfile.upload.unpacked_too_big"
    assert error.text("id") == (
        "Isi berkas .xlsx ini terlalu besar setelah dibuka (200,0 MB, paling besar 50,0 MB); berkas ini tidak dibuka."
    )
    assert error.values["limit"] is not None and MAX_UNPACKED_BYTES == 50 * 1024 * 1024


def test_a_part_compressed_beyond_reason_is_refused() -> None:
    error = refusal(zeros_zip({"[Content_Types].xml": 100, "xl/worksheets/sheet1.xml": 20 * 1024 * 1024}), "a.xlsx")
    assert error.key == "planfile.upload.too_compressed"
    assert error.values["part"] == "xl/worksheets/sheet1.xml"
    assert "demi keamanan berkas ini tidak dibuka" in error.text("id")


def test_small_parts_may_compress_well() -> None:
    """A real workbook has parts (a sheet of blanks) that compress far better than 100:1; below a megabyte it is no
    bomb, and the file goes on to be read (here: refused as no workbook, not as a bomb)."""
    error = refusal(zeros_zip({"xl/styles.xml": 512 * 1024}), "a.xlsx")
    assert error.key == "planfile.upload.not_xlsx"


def test_too_many_parts_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(MAX_MEMBERS + 1):
            archive.writestr(f"xl/part{i}.xml", "<a/>")
    error = refusal(out.getvalue(), "rencana.xlsx")
    assert error.key == "planfile.upload.too_many_parts"
    assert error.text("en").startswith(f"This .xlsx file has too many parts ({MAX_MEMBERS + 1}, at most {MAX_MEMBERS})")


def test_a_part_in_another_compression_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/workbook.xml", "<a/>")
    assert refusal(out.getvalue(), "rencana.xlsx").key == "planfile.upload.not_xlsx"


@pytest.mark.parametrize(
    ("data", "line"),
    [("team:\n  name: Dinas Koperasi dan UKM Kabupatén\n".encode("latin-1"), 2), (PNG, 1), (b"team:\n\x00\x00", 2)],
    ids=["latin-1", "png", "zeros"],
)
def test_yaml_that_is_not_utf8_text_is_refused(data: bytes, line: int) -> None:
    error = refusal(data, "rencana.yaml")
    assert error.key == "planfile.upload.not_utf8"
    assert error.values["line"] == line
    assert (
        error.text("id") == f"Berkas .yaml ini bukan teks UTF-8 (baris {line}): simpan sebagai UTF-8, lalu kirim lagi."
    )


def test_a_far_cell_does_not_make_a_small_workbook_slow() -> None:
    """One cell in the last column of the last row: openpyxl pads every row to it; the reader reads 64 columns and
    skips the missing rows at once, so the 12 KB file is read (and its mistake reported) in well under a second."""
    plan = load_plan(DELI_SERDANG)
    book = load_workbook(io.BytesIO(xlsx_bytes(plan)))
    book["targets"].cell(row=1_048_576, column=16_384, value="x")
    book["activities"].cell(row=1_048_576, column=1, value="P9")
    out = io.BytesIO()
    book.save(out)
    started = time.perf_counter()
    with pytest.raises(PlanFileError) as info:
        read_uploaded_plan(out.getvalue(), "rencana.xlsx")
    assert time.perf_counter() - started < 5
    assert [str(i) for i in info.value.issues] == ['rencana.xlsx[activities]:1048576: program P9: missing "name"']
