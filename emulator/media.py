"""Files the emulated Telegram stores: photo size sets, documents, voice notes, and their ids and paths."""

from __future__ import annotations

import mimetypes
import struct
import zlib
from typing import Any

from emulator.state import EmulatorState, StoredFile

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile refuses bigger files
MAX_PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_PHOTO_STEPS = (90, 320, 800, 1280)
_MAX_PHOTO_SIDE = 2560


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or JPEG header, so PhotoSize dimensions are real."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            (length,) = struct.unpack(">H", data[i + 2 : i + 4])
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return None


def placeholder_png(width: int = 640, height: int = 480) -> bytes:
    """A real (blank) PNG for photos a test sends without bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff" * (width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _store(state: EmulatorState, stored: StoredFile) -> StoredFile:
    state.files[stored.file_id] = stored
    state.files_by_path[stored.file_path] = stored
    return stored


def store_photo(state: EmulatorState, data: bytes, *, file_size: int | None = None) -> list[dict[str, Any]]:
    """Create Telegram's PhotoSize list (smallest first) for one uploaded image.

    Every size downloads the original bytes (we do not resize); ``file_size`` of the largest size is the
    real length unless a test overrides it to claim a bigger file.
    """
    width, height = image_size(data) or (1280, 960)
    longest = max(width, height, 1)
    sides = [step for step in _PHOTO_STEPS if step < longest] + [min(longest, _MAX_PHOTO_SIDE)]
    total = file_size if file_size is not None else len(data)
    extension = ".png" if data.startswith(b"\x89PNG") else ".jpg"
    sizes: list[dict[str, Any]] = []
    stored_files: list[StoredFile] = []
    for index, side in enumerate(sides):
        scale = side / longest
        w, h = max(1, round(width * scale)), max(1, round(height * scale))
        largest = index == len(sides) - 1
        size = total if largest else max(1, int(total * scale * scale))
        file_id, unique_id = state.new_file_ids("photo")
        stored = _store(
            state,
            StoredFile(
                file_id=file_id,
                file_unique_id=unique_id,
                kind="photo",
                data=data,
                file_size=size,
                file_path=f"photos/file_{state.new_id()}{extension}",
                mime_type="image/png" if extension == ".png" else "image/jpeg",
                width=w,
                height=h,
            ),
        )
        stored_files.append(stored)
        sizes.append({"file_id": file_id, "file_unique_id": unique_id, "file_size": size, "width": w, "height": h})
    for stored in stored_files:
        stored.photo_set = sizes
    return [dict(s) for s in sizes]


def store_document(
    state: EmulatorState,
    data: bytes,
    file_name: str | None,
    mime_type: str | None,
    *,
    file_size: int | None = None,
    kind: str = "document",
) -> tuple[StoredFile, dict[str, Any]]:
    """Store a document (or voice note) and return it with its Document JSON."""
    guessed = mimetypes.guess_type(file_name)[0] if file_name else None
    mime = guessed or mime_type or "application/octet-stream"
    file_id, unique_id = state.new_file_ids(kind)
    folder = {"document": "documents", "voice": "voice"}.get(kind, kind)
    extension = ("." + file_name.rsplit(".", 1)[1]) if file_name and "." in file_name else ""
    stored = _store(
        state,
        StoredFile(
            file_id=file_id,
            file_unique_id=unique_id,
            kind=kind,
            data=data,
            file_size=file_size if file_size is not None else len(data),
            file_path=f"{folder}/file_{state.new_id()}{extension}",
            mime_type=mime,
            file_name=file_name,
        ),
    )
    return stored, document_json(stored)


def document_json(stored: StoredFile) -> dict[str, Any]:
    data: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.file_name:
        data["file_name"] = stored.file_name
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    data["file_size"] = stored.file_size
    return data


def file_json(stored: StoredFile) -> dict[str, Any]:
    """The File object getFile answers."""
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
        "file_path": stored.file_path,
    }
