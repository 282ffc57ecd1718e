"""Request parameters the way Telegram reads them: from a query string, JSON, url-encoded or multipart body.

Form bodies carry every value as a string (PTB JSON-encodes objects such as ``reply_markup`` inside form
fields), so typed getters convert on access and answer Telegram's wording when a value does not fit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from emulator.errors import ApiError, bad_request

# Fields whose form value is a JSON-serialised object or array.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "scope",
        "commands",
        "allowed_updates",
        "media",
        "reply_parameters",
        "link_preview_options",
        "menu_button",
        "rights",
        "explanation_entities",
        "options",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """One multipart part that carried a file."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


class Params:
    """Decoded parameters of one Bot API call, with Telegram-like typed access."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile] | None = None) -> None:
        self.values = values
        self.files = files or {}

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.files

    def has(self, name: str) -> bool:
        """True when the field was sent with a non-empty value."""
        if name in self.files:
            return True
        value = self.values.get(name)
        return value is not None and value != ""

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value, ensure_ascii=False)

    def require_str(self, name: str) -> str:
        value = self.get_str(name)
        if value is None:
            raise bad_request(f"{name} is empty" if name != "text" else "message text is empty")
        return value

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
            return int(value)
        raise bad_request(f"invalid {name} specified")

    def require_int(self, name: str) -> int:
        value = self.get_int(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def get_float(self, name: str, default: float | None = None) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in {"true", "1"}:
                return True
            if lowered in {"false", "0"}:
                return False
        raise bad_request(f"invalid {name} specified")

    def get_json(self, name: str) -> Any:
        """An object/array field; form values arrive JSON-encoded and are decoded here."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def normalized(self) -> dict[str, Any]:
        """Parameters with JSON fields decoded, for recording calls readable by tests."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            if key in JSON_FIELDS and isinstance(value, str):
                try:
                    out[key] = json.loads(value)
                except ValueError:
                    out[key] = value
            else:
                out[key] = value
        for key, upload in self.files.items():
            out.setdefault(key, f"<file {upload.filename or key}: {len(upload.data)} bytes>")
        return out


def parse_request(content_type: str | None, body: bytes, query: str) -> Params:
    """Decode a Bot API request however the client chose to encode it."""
    values: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    files: dict[str, UploadedFile] = {}
    mime, options = _split_header(content_type or "")
    if body:
        if mime == "application/json":
            try:
                decoded = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise bad_request("can't parse JSON object") from None
            if not isinstance(decoded, dict):
                raise bad_request("can't parse JSON object")
            values.update(decoded)
        elif mime == "application/x-www-form-urlencoded":
            values.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif mime == "multipart/form-data":
            boundary = options.get("boundary")
            if not boundary:
                raise ApiError(400, "Bad Request: multipart boundary is missing")
            for name, filename, part_type, data in _parse_multipart(body, boundary.encode("latin-1")):
                if filename is None:
                    values[name] = data.decode("utf-8", "replace")
                else:
                    files[name] = UploadedFile(name, filename, part_type, data)
    return Params(values, files)


def _split_header(value: str) -> tuple[str, dict[str, str]]:
    """``type/sub; a=b; c="d"`` → ("type/sub", {"a": "b", "c": "d"})."""
    head, _, rest = value.partition(";")
    return head.strip().lower(), _header_params(rest)


_PARAM_RE = re.compile(r';?\s*([A-Za-z0-9_.*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _header_params(text: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for match in _PARAM_RE.finditer(text):
        key, value = match.group(1).lower(), match.group(2).strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        if key.endswith("*") and "''" in value:
            # RFC 5987: filename*=utf-8''percent-encoded
            from urllib.parse import unquote

            charset, _, encoded = value.partition("''")
            key, value = key[:-1], unquote(encoded, encoding=charset or "utf-8")
        params[key] = value
    return params


def _parse_multipart(body: bytes, boundary: bytes) -> list[tuple[str, str | None, str | None, bytes]]:
    """Split a multipart/form-data body exactly, keeping binary file content byte for byte."""
    parts: list[tuple[str, str | None, str | None, bytes]] = []
    delimiter = b"--" + boundary
    chunks = body.split(delimiter)
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            continue
        if content.endswith(b"\r\n"):
            content = content[:-2]
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        _, disposition = _split_header(headers.get("content-disposition", ""))
        field = disposition.get("name")
        if field is None:
            continue
        part_type = headers.get("content-type")
        parts.append((field, disposition.get("filename"), part_type, content))
    return parts
