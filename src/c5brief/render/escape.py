"""Document text is data: shown as it is, never as markup, a link or terminal control.

Every renderer passes document text and metadata through here before it
reaches stdout or stderr; the stored text is never changed.

- `visible` for plain text and rich: control characters (C0 but tab and
  newline, DEL, C1), bidi overrides and isolates, and undecodable bytes shown
  as escapes (ESC -> \\x1b, U+202E -> \\u202e).
- `visible_line` for one-line messages (stderr): newlines and tabs escaped too,
  so a file name cannot forge a line of its own.
- `markdown_text` for Markdown: visible, on one line, with every character that
  could start emphasis, a link, code, raw HTML or a block escaped.
- `markdown_url` for Markdown: an http(s) URL as an autolink that cannot be
  broken out of, anything else as inert text.
- `json_dumps` for JSON: json.dumps, with the characters it leaves raw (DEL, C1,
  bidi controls, line separators) written as \\u escapes, and undecodable bytes
  as U+FFFD, so the JSON is valid UTF-8 and decodes to the stored text.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069)
# reorder what follows them on screen ("Trojan Source").
_BIDI = "\u202a-\u202e\u2066-\u2069"
# Lone surrogates: bytes that were not UTF-8 (a file name, an argument), as
# Python's surrogateescape keeps them; they cannot be written as UTF-8.
_SURROGATES = "\ud800-\udfff"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]")
_LINE_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]")
_JSON_RAW = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")
_JSON_SURROGATE = re.compile(f"[{_SURROGATES}]")
_SPACES = re.compile(r"\s+")
# Markdown: characters that open inline syntax anywhere (emphasis, code, links,
# images, strikethrough, math, table cells, escapes), and constructs that start
# a block at the beginning of a line (headings, quotes, lists, rules, setext).
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]~|$]")
_MARKDOWN_LEADING = re.compile(r"^(?:[#>+=-]|(\d+)([.)]))")
_HEADING_CLOSE = re.compile(r"(?<= )#")  # " #" can close an ATX heading and be dropped
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # "&amp;" would show as "&"
_WEB_URL = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)
_URL_UNSAFE = re.compile(f"[\\s<>\"'`\\\\\x00-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]")


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte that was there
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text with terminal control characters, bidi controls and undecodable bytes shown as escapes."""
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def visible_line(text: str) -> str:
    """`visible`, with newlines, carriage returns and tabs escaped too: one line, whatever the text."""
    return _LINE_CONTROL.sub(lambda m: _escape(m.group()), text)


def markdown_text(text: str) -> str:
    """Text as Markdown shows it literally: no emphasis, link, code, HTML or block from its characters.

    Whitespace runs (newlines included) become one space, as Markdown would show
    them, so the text stays inside the line or list item it is put in.
    """
    text = _SPACES.sub(" ", visible(text)).strip()
    text = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _HEADING_CLOSE.sub(r"\\#", text)
    return _MARKDOWN_LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(), text)


def is_web_url(url: str) -> bool:
    """Whether `url` is an absolute http or https URL with a host (the only kind shown as a link)."""
    return bool(_WEB_URL.match(url.strip()))


def markdown_url(url: str) -> str:
    """An http(s) URL as a Markdown autolink; any other URL (javascript:, data:, file:) as inert text.

    Characters that could end the autolink or are not allowed in one (spaces,
    `<`, `>`, quotes, controls) are percent-encoded, so the link stays one link.
    """
    url = url.strip()
    if not is_web_url(url):
        return markdown_text(url)
    return "<" + _URL_UNSAFE.sub(lambda m: _percent(m.group()), url) + ">"


def _percent(char: str) -> str:
    code = ord(char)
    data = bytes([code - 0xDC00]) if 0xDC80 <= code <= 0xDCFF else char.encode("utf-8", "replace")
    return "".join(f"%{byte:02X}" for byte in data)


def json_dumps(value: Any, *, indent: int | None = 2) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent)` that is safe to print and to parse.

    json.dumps escapes C0 controls but leaves DEL, C1 controls (U+009B is a
    terminal's CSI), bidi controls and U+2028/U+2029 raw: they are written as
    \\u escapes here, which decode to the same text. Undecodable bytes (lone
    surrogates) cannot be UTF-8 and become U+FFFD. These characters occur only
    inside JSON strings, so replacing them in the output is exact.
    """
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    dumped = _JSON_SURROGATE.sub("\ufffd", dumped)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
