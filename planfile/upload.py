"""Reading a plan file someone sent to the bot: refuse what is not a plan, too big, or built to exhaust the reader.

The secretariat gets its plan as XLSX (``/rencana``), edits it and sends it back; the bot downloads the document and
calls :func:`read_uploaded_plan`. Anyone in the chat can send any bytes under any name, so before a parser sees them:

- the name must end in ``.xlsx``, ``.yaml`` or ``.yml``, and the file must be at most :data:`MAX_PLAN_BYTES`
  (a plan of thousands of activities is well under it; the bot checks the size Telegram announces against
  :data:`TELEGRAM_DOWNLOAD_LIMIT` and this before it downloads anything);
- an XLSX is a zip archive: it is opened with :mod:`zipfile` and refused when it is not a zip, has more than
  :data:`MAX_MEMBERS` parts, would unpack to more than :data:`MAX_UNPACKED_BYTES`, holds a part compressed more than
  :data:`MAX_RATIO` to 1 (above :data:`RATIO_MIN_BYTES`), or a part compressed other than stored or deflated. The
  sizes checked are those the archive declares; :mod:`zipfile`, which openpyxl reads through, never returns more
  than a part's declared size (a part that would unpack to more fails its CRC check), so a lying archive gains
  nothing. (XML entity expansion is refused by expat itself, 2.4 and later.)
- a YAML must be UTF-8 text.

Each refusal is a :class:`~planfile.read.PlanSourceError` with a catalogue key (``planfile.upload.*``); a file that
passes is read as any plan file, each mistake a :class:`~planfile.read.PlanFileError` issue.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from typing import Final

from domain.plan import Plan
from planfile.read import PlanSourceError, parse_xlsx, parse_yaml
from texts.render import Localised

MAX_PLAN_BYTES: Final = 5 * 1024 * 1024
# Telegram's Bot API does not let a bot download a file above 20 MB at all (getFile); the bot checks first.
TELEGRAM_DOWNLOAD_LIMIT: Final = 20 * 1024 * 1024
MAX_UNPACKED_BYTES: Final = 50 * 1024 * 1024
MAX_MEMBERS: Final = 200
MAX_RATIO: Final = 100
RATIO_MIN_BYTES: Final = 1024 * 1024  # small parts (styles, a sheet of blanks) may compress very well
PLAN_SUFFIXES: Final = (".xlsx", ".yaml", ".yml")


def read_uploaded_plan(data: bytes, file_name: str) -> Plan:
    """The plan in an uploaded file, by its name's extension; :class:`PlanSourceError` (``planfile.upload.*``) if it
    is not a plan file or not safe to open, :class:`~planfile.read.PlanFileError` listing its mistakes (each place
    named by ``file_name``'s last part)."""
    shown = PurePosixPath(file_name.replace("\\", "/")).name.strip() or "plan"
    suffix = PurePosixPath(shown).suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise PlanSourceError("planfile.upload.not_a_plan")
    if not data:
        raise PlanSourceError("planfile.upload.empty")
    if len(data) > MAX_PLAN_BYTES:
        raise PlanSourceError("planfile.upload.too_big", size=_megabytes(len(data)), limit=_megabytes(MAX_PLAN_BYTES))
    if suffix == ".xlsx":
        check_xlsx_archive(data)
        try:
            return parse_xlsx(data, shown)
        except PlanSourceError:  # a zip, but not a workbook openpyxl can read
            raise PlanSourceError("planfile.upload.not_xlsx") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanSourceError("planfile.upload.not_utf8", line=data[: exc.start].count(b"\n") + 1) from None
    if "\x00" in text:  # UTF-8 by accident (a run of zero bytes), not text
        raise PlanSourceError("planfile.upload.not_utf8", line=text[: text.index("\x00")].count("\n") + 1)
    return parse_yaml(text, shown)


def check_xlsx_archive(data: bytes) -> None:
    """Refuse an XLSX that is not a zip archive, or whose parts are too many, too big or too compressed (a zip
    bomb): :class:`PlanSourceError` with a ``planfile.upload.*`` key. Nothing is decompressed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise PlanSourceError("planfile.upload.not_xlsx") from None
    if not members:
        raise PlanSourceError("planfile.upload.not_xlsx")
    if len(members) > MAX_MEMBERS:
        raise PlanSourceError("planfile.upload.too_many_parts", count=len(members), limit=MAX_MEMBERS)
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise PlanSourceError(
            "planfile.upload.unpacked_too_big", size=_megabytes(total), limit=_megabytes(MAX_UNPACKED_BYTES)
        )
    for member in members:
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PlanSourceError("planfile.upload.not_xlsx")  # Excel writes neither bzip2 nor lzma
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise PlanSourceError("planfile.upload.too_compressed", part=member.filename, ratio=int(ratio))


def _megabytes(size: int) -> Localised:
    """``5,2`` in Indonesian, ``5.2`` in English."""
    text = f"{size / (1024 * 1024):.1f}"
    return Localised.of(lambda lang: text.replace(".", ",") if lang == "id" else text)
