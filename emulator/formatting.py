"""Telegram's text formatting: HTML, MarkdownV2 and legacy Markdown parsed into plain text + entities.

Modelled on tdlib's parsers so a bot that forgets to escape user input fails here exactly as it would in
production (``Bad Request: can't parse entities: ...`` with byte offsets into the UTF-8 text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from emulator.errors import ApiError, bad_request

HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# tdlib trims these around the whole message text.
_TRIM_CHARS = " \t\r\n\v\f\x00"


def utf16_len(text: str) -> int:
    """Telegram measures lengths and offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class FormattedText:
    """Plain text as Telegram stores it plus the entities the markup produced."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class _Builder:
    """Accumulates output characters while tracking the UTF-16 position for entity offsets."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.pos = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, chunk: str) -> None:
        self.chars.append(chunk)
        self.pos += utf16_len(chunk)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        length = self.pos - start
        if length > 0:
            self.entities.append({"type": kind, "offset": start, "length": length, **extra})

    def result(self) -> FormattedText:
        return FormattedText("".join(self.chars), self.entities)


def parse_html(text: str, *, strict_ampersand: bool = True) -> FormattedText:
    """Parse Bot API HTML. ``strict_ampersand`` refuses a bare ``&`` (tdlib keeps it literally)."""
    out = _Builder()
    stack: list[tuple[str, dict[str, str], int, int]] = []  # tag, attributes, utf16 start, byte offset
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded, consumed = _decode_html_entity(text, i)
            if decoded is None:
                if strict_ampersand:
                    raise parse_error(
                        f"Character '&' at byte offset {_byte_offset(text, i)} must be escaped as \"&amp;\""
                    )
                out.add("&")
                i += 1
            else:
                out.add(decoded)
                i += consumed
            continue
        if c != "<":
            out.add(c)
            i += 1
            continue
        begin = i
        begin_byte = _byte_offset(text, begin)
        if i + 1 < n and text[i + 1] == "/":
            close = text.find(">", i + 2)
            if close == -1:
                raise parse_error(f"Unclosed end tag at byte offset {begin_byte}")
            end_name = text[i + 2 : close].strip().lower()
            if not stack:
                raise parse_error(f"Unexpected end tag at byte offset {begin_byte}")
            tag, attrs, start, _ = stack[-1]
            if end_name != tag:
                raise parse_error(
                    f'Unmatched end tag at byte offset {begin_byte}, expected "</{tag}>", found "</{end_name}>"'
                )
            stack.pop()
            _close_html_tag(out, tag, attrs, start, stack)
            i = close + 1
            continue
        j = i + 1
        while j < n and not text[j].isspace() and text[j] not in "<>":
            j += 1
        tag_name = text[i + 1 : j].lower()
        if j >= n:
            raise parse_error(f"Unclosed start tag at byte offset {begin_byte}")
        if tag_name not in HTML_TAGS:
            raise parse_error(f'Unsupported start tag "{tag_name}" at byte offset {begin_byte}')
        attrs, j = _parse_attributes(text, j, tag_name, begin_byte)
        if tag_name == "span" and attrs.get("class") != "tg-spoiler":
            raise parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {begin_byte}')
        if tag_name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise parse_error(f'Tag "tg-emoji" must have a valid "emoji-id" at byte offset {begin_byte}')
        stack.append((tag_name, attrs, out.pos, begin_byte))
        i = j
    if stack:
        raise parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _parse_attributes(text: str, i: int, tag: str, begin_byte: int) -> tuple[dict[str, str], int]:
    """Read ``name=value`` pairs up to ``>``; return them and the index after ``>``."""
    attrs: dict[str, str] = {}
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise parse_error(f"Unclosed start tag at byte offset {begin_byte}")
        if text[i] == ">":
            return attrs, i + 1
        start = i
        while i < n and not text[i].isspace() and text[i] not in "=>":
            i += 1
        name = text[start:i].lower()
        if not name:
            raise parse_error(f'Empty attribute name in the tag "{tag}" at byte offset {_byte_offset(text, i)}')
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise parse_error(f"Unclosed start tag at byte offset {begin_byte}")
        if text[i] != "=":
            attrs[name] = ""
            continue
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise parse_error(f"Unclosed start tag at byte offset {begin_byte}")
        if text[i] in "\"'":
            quote = text[i]
            end = text.find(quote, i + 1)
            if end == -1:
                raise parse_error(f"Unclosed start tag at byte offset {begin_byte}")
            raw = text[i + 1 : end]
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] != ">":
                i += 1
            raw = text[start:i]
        attrs[name] = _unescape_attribute(raw)


def _unescape_attribute(raw: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "&":
            decoded, consumed = _decode_html_entity(raw, i)
            if decoded is not None:
                out.append(decoded)
                i += consumed
                continue
        out.append(raw[i])
        i += 1
    return "".join(out)


_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")


def _decode_html_entity(text: str, i: int) -> tuple[str | None, int]:
    """Telegram supports numeric entities and only &lt; &gt; &amp; &quot; by name."""
    match = _ENTITY_RE.match(text, i)
    if not match:
        return None, 1
    body = match.group(1)
    if body.startswith("#"):
        code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None, 1
        return chr(code), match.end() - i
    named = _NAMED_ENTITIES.get(body.lower() if body.lower() in _NAMED_ENTITIES else body)
    if named is None:
        return None, 1
    return named, match.end() - i


def _close_html_tag(
    out: _Builder,
    tag: str,
    attrs: dict[str, str],
    start: int,
    stack: list[tuple[str, dict[str, str], int, int]],
) -> None:
    if tag == "a":
        href = attrs.get("href", "")
        if href:
            out.entity("text_url", start, url=href)
        return
    if tag == "tg-emoji":
        out.entity("custom_emoji", start, custom_emoji_id=attrs["emoji-id"])
        return
    if tag == "blockquote":
        out.entity("expandable_blockquote" if "expandable" in attrs else "blockquote", start)
        return
    language = attrs.get("class", "")
    if tag == "code" and stack and stack[-1][0] == "pre" and language.startswith("language-"):
        parent_tag, parent_attrs, parent_start, parent_byte = stack[-1]
        if parent_start == start:
            stack[-1] = (parent_tag, {**parent_attrs, "_language": language[9:]}, parent_start, parent_byte)
            return
    if tag == "pre" and attrs.get("_language"):
        out.entity("pre", start, language=attrs["_language"])
        return
    out.entity(_TAG_ENTITY[tag], start)


_MD2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MD2_NAMES = {
    "*": "Bold",
    "_": "Italic",
    "__": "Underline",
    "~": "Strikethrough",
    "||": "Spoiler",
    "`": "Code",
    "```": "Pre",
    "[": "TextUrl",
    "![": "CustomEmoji",
}
_MD2_TYPES = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
    "`": "code",
    "```": "pre",
}


def parse_markdown_v2(text: str) -> FormattedText:
    """Parse MarkdownV2, refusing unescaped reserved characters like Telegram does."""
    out = _Builder()
    stack: list[tuple[str, int, int, str]] = []  # marker, utf16 start, byte offset, pre language
    quote_start: int | None = None
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and quote_start is not None and c != ">":
            # a quote ends at the first line that does not start with '>'; the newline stays outside
            _end_quote(out, quote_start)
            quote_start = None
        if c == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.add(text[i + 1])
            i += 2
            continue
        in_code = bool(stack) and stack[-1][0] in ("`", "```")
        if in_code and c != "`":
            out.add(c)
            i += 1
            continue
        if c not in _MD2_RESERVED:
            out.add(c)
            i += 1
            continue
        if c == ">" and at_line_start and not stack:
            if quote_start is None:
                quote_start = out.pos
            i += 1
            continue
        marker = _md2_marker(text, i)
        if stack and _md2_closes(stack[-1][0], text, i):
            opened, start, _, language = stack.pop()
            i += len(opened) if opened not in ("[", "![") else 1
            if opened in ("[", "!["):
                url, i = _md2_url(text, i)
                if opened == "![":
                    emoji_id = url.partition("id=")[2]
                    out.entity("custom_emoji", start, custom_emoji_id=emoji_id)
                elif url:
                    out.entity("text_url", start, url=url)
            elif opened == "```" and language:
                out.entity("pre", start, language=language)
            else:
                out.entity(_MD2_TYPES[opened], start)
            continue
        if marker is None:
            raise parse_error(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
        begin_byte = _byte_offset(text, i)
        i += len(marker)
        language = ""
        if marker == "```":
            newline = text.find("\n", i)
            first_line = text[i:newline] if newline != -1 else ""
            if newline != -1 and first_line and " " not in first_line and "`" not in first_line:
                language = first_line
                i = newline + 1
        stack.append((marker, out.pos, begin_byte, language))
    if quote_start is not None:
        _end_quote(out, quote_start)
    if stack:
        marker, _, begin_byte, _ = stack[-1]
        raise parse_error(f"Can't find end of {_MD2_NAMES[marker]} entity at byte offset {begin_byte}")
    return out.result()


def _end_quote(out: _Builder, start: int) -> None:
    # the quote's trailing newline is not part of the entity
    if out.chars and out.chars[-1] == "\n":
        out.chars.pop()
        out.pos -= 1
        out.entity("blockquote", start)
        out.add("\n")
    else:
        out.entity("blockquote", start)


def _md2_marker(text: str, i: int) -> str | None:
    """The entity marker starting at ``i``, or None when the character is just reserved."""
    c = text[i]
    if c == "_":
        return "__" if text.startswith("__", i) else "_"
    if c == "|":
        return "||" if text.startswith("||", i) else None
    if c == "`":
        return "```" if text.startswith("```", i) else "`"
    if c == "!":
        return "![" if text.startswith("![", i) else None
    if c in "*~[":
        return c
    return None


def _md2_closes(opened: str, text: str, i: int) -> bool:
    if opened in ("[", "!["):
        return text[i] == "]"
    return text.startswith(opened, i)


def _md2_url(text: str, i: int) -> tuple[str, int]:
    """Read ``(url)`` after ``]``; escapes inside allow ``\\)``."""
    if i >= len(text) or text[i] != "(":
        return "", i
    j = i + 1
    url: list[str] = []
    while j < len(text) and text[j] != ")":
        if text[j] == "\\" and j + 1 < len(text):
            url.append(text[j + 1])
            j += 2
            continue
        url.append(text[j])
        j += 1
    if j >= len(text):
        raise parse_error(f"Can't find end of a url at byte offset {_byte_offset(text, i)}")
    return "".join(url), j + 1


def parse_markdown_v1(text: str) -> FormattedText:
    """Legacy Markdown: ``*bold*``, ``_italic_``, `` `code` ``, ```` ```pre``` ````, ``[text](url)``."""
    out = _Builder()
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.add(text[i + 1])
            i += 2
            continue
        if c not in "_*`[":
            out.add(c)
            i += 1
            continue
        begin_byte = _byte_offset(text, i)
        error = parse_error(f"Can't find end of the entity starting at byte offset {begin_byte}")
        if c == "[":
            close = text.find("]", i + 1)
            if close == -1:
                raise error
            start = out.pos
            out.add(text[i + 1 : close])
            i = close + 1
            if i < n and text[i] == "(":
                end = text.find(")", i + 1)
                if end == -1:
                    raise error
                out.entity("text_url", start, url=text[i + 1 : end])
                i = end + 1
            continue
        if text.startswith("```", i):
            end = text.find("```", i + 3)
            if end == -1:
                raise error
            body = text[i + 3 : end]
            language = ""
            first, sep, rest = body.partition("\n")
            if sep and first and " " not in first:
                language, body = first, rest
            start = out.pos
            out.add(body)
            if language:
                out.entity("pre", start, language=language)
            else:
                out.entity("pre", start)
            i = end + 3
            continue
        end = text.find(c, i + 1)
        if end == -1:
            raise error
        start = out.pos
        out.add(text[i + 1 : end])
        out.entity({"*": "bold", "_": "italic", "`": "code"}[c], start)
        i = end + 1
    return out.result()


def format_text(
    text: str, parse_mode: str | None, entities: Any = None, *, strict_ampersand: bool = True
) -> FormattedText:
    """Apply ``parse_mode`` (or explicit ``entities``), then trim the way Telegram stores text."""
    mode = (parse_mode or "").strip().lower()
    if entities:
        if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
            raise bad_request("can't parse entities JSON object")
        formatted = FormattedText(text, [dict(e) for e in entities])
    elif mode == "html":
        formatted = parse_html(text, strict_ampersand=strict_ampersand)
    elif mode == "markdownv2":
        formatted = parse_markdown_v2(text)
    elif mode == "markdown":
        formatted = parse_markdown_v1(text)
    elif mode:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    else:
        formatted = FormattedText(text, [])
    return _trim(formatted)


def _trim(formatted: FormattedText) -> FormattedText:
    """Drop surrounding whitespace and shift/clip entities accordingly."""
    text = formatted.text
    stripped_left = text.lstrip(_TRIM_CHARS)
    left = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(_TRIM_CHARS)
    total = utf16_len(result)
    entities: list[dict[str, Any]] = []
    for entity in formatted.entities:
        try:
            start = int(entity["offset"]) - left
            end = start + int(entity["length"])
        except (KeyError, TypeError, ValueError):
            raise bad_request("can't parse entities JSON object") from None
        start, end = max(start, 0), min(end, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return FormattedText(result, entities)


_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?")


def detect_user_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram's clients attach to what a user typed: a leading ``/command`` (``@bot`` too)."""
    entities: list[dict[str, Any]] = []
    match = _COMMAND_RE.match(text)
    if match:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))})
    return entities
