"""Telegram's HTML/MarkdownV2 parsing and UTF-16 accounting, checked without HTTP."""

from __future__ import annotations

import pytest

from emulator.errors import ApiError
from emulator.formatting import format_text, parse_html, parse_markdown_v1, parse_markdown_v2, utf16_len


def test_utf16_length_counts_surrogate_pairs() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("😀") == 2
    assert utf16_len("é") == 1


def test_html_entities_offsets_in_utf16() -> None:
    parsed = parse_html('😀 <b>Tebal</b> <a href="https://pantau.id/?a=1&amp;b=2">tautan</a> &lt;3 &#x1F600;')
    assert parsed.text == "😀 Tebal tautan <3 😀"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 5},
        {"type": "text_url", "offset": 9, "length": 6, "url": "https://pantau.id/?a=1&b=2"},
    ]


@pytest.mark.parametrize(
    ("html", "entity"),
    [
        ("<strong>x</strong>", {"type": "bold", "offset": 0, "length": 1}),
        ("<em>x</em>", {"type": "italic", "offset": 0, "length": 1}),
        ("<ins>x</ins>", {"type": "underline", "offset": 0, "length": 1}),
        ("<del>x</del>", {"type": "strikethrough", "offset": 0, "length": 1}),
        ('<span class="tg-spoiler">x</span>', {"type": "spoiler", "offset": 0, "length": 1}),
        ("<tg-spoiler>x</tg-spoiler>", {"type": "spoiler", "offset": 0, "length": 1}),
        ("<code>x</code>", {"type": "code", "offset": 0, "length": 1}),
        (
            '<pre><code class="language-python">x</code></pre>',
            {"type": "pre", "offset": 0, "length": 1, "language": "python"},
        ),
        ("<blockquote>x</blockquote>", {"type": "blockquote", "offset": 0, "length": 1}),
        ("<blockquote expandable>x</blockquote>", {"type": "expandable_blockquote", "offset": 0, "length": 1}),
        (
            '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
            {"type": "custom_emoji", "offset": 0, "length": 2, "custom_emoji_id": "5368324170671202286"},
        ),
        ("<B>x</B>", {"type": "bold", "offset": 0, "length": 1}),
    ],
)
def test_html_supported_tags(html: str, entity: dict) -> None:
    assert parse_html(html).entities == [entity]


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("baris<br>baru", 'Unsupported start tag "br" at byte offset 5'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<a href="x>y</a>', "Unclosed start tag at byte offset 0"),
        ("é & x", "Character '&' at byte offset 3 must be escaped as \"&amp;\""),
        ("&nbsp;", "Character '&' at byte offset 0 must be escaped as \"&amp;\""),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
def test_html_refusals(html: str, detail: str) -> None:
    with pytest.raises(ApiError) as error:
        parse_html(html)
    assert error.value.code == 400
    assert error.value.description == f"Bad Request: can't parse entities: {detail}"


def test_html_bare_ampersand_can_be_relaxed_like_tdlib() -> None:
    assert parse_html("Rp 5 & 6", strict_ampersand=False).text == "Rp 5 & 6"


def test_markdown_v2() -> None:
    parsed = parse_markdown_v2(
        "*Laporan* _bulan_ __ini__ ~lama~ ||rahasia|| `kode` [situs](https://a.id/x\\)) 80\\%\\."
    )
    assert parsed.text == "Laporan bulan ini lama rahasia kode situs 80%."
    assert [e["type"] for e in parsed.entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_url",
    ]
    assert parsed.entities[-1]["url"] == "https://a.id/x)"
    pre = parse_markdown_v2("```python\nprint(1)\n```")
    assert pre.entities == [{"type": "pre", "offset": 0, "length": 9, "language": "python"}]
    with pytest.raises(ApiError, match="Character '-' is reserved"):
        parse_markdown_v2("Desa Sukamaju - Kec. A")
    with pytest.raises(ApiError, match="Can't find end of Italic entity at byte offset 0"):
        parse_markdown_v2("_miring")


def test_markdown_v1() -> None:
    parsed = parse_markdown_v1("*tebal* _miring_ `kode` [tautan](https://a.id)")
    assert parsed.text == "tebal miring kode tautan"
    assert [e["type"] for e in parsed.entities] == ["bold", "italic", "code", "text_url"]
    with pytest.raises(ApiError, match="Can't find end of the entity starting at byte offset 4"):
        parse_markdown_v1("nama_file")


def test_trimming_shifts_entities() -> None:
    parsed = format_text("\n\n <b>Judul</b>\nisi  \n", "HTML")
    assert parsed.text == "Judul\nisi"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 5}]
    explicit = format_text("  halo", None, [{"type": "bold", "offset": 2, "length": 4}])
    assert explicit.entities == [{"type": "bold", "offset": 0, "length": 4}]
