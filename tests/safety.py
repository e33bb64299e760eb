"""Checks that output is inert: Markdown rendered as a report would render it, and scanned."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

# What c5brief's own Markdown makes; any other element came from a document.
OWN_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "br", "p", "ol", "ul", "li", "strong", "code", "a", "table", "thead",
            "tbody", "tr", "th", "td", "blockquote"}
# Characters that must never reach a terminal or a pipe raw: C0 but tab and
# newline, DEL, C1, bidi overrides and isolates, lone surrogates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def render_markdown(markdown: str) -> str:
    """HTML as a CommonMark renderer with GitHub's tables and strikethrough makes it (raw HTML allowed)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in OWN_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r}")
            if name in ("href", "src", "action", "formaction", "srcset", "xlink:href") and not re.match(
                    r"https?://", value or "", re.I):
                self.problems.append(f"{name}={value!r}")
            if name not in ("href",):
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")

    def handle_comment(self, data):
        self.problems.append(f"comment <!--{data}-->")

    def handle_data(self, data):
        self.text.append(data)


def html_problems(html: str) -> list[str]:
    """What in rendered HTML is not c5brief's own: other elements, event handlers, non-http(s) links."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.problems


def markdown_problems(markdown: str) -> list[str]:
    return html_problems(render_markdown(markdown))


def shown_text(markdown: str) -> str:
    """The text a reader sees in rendered Markdown (tags dropped, entities decoded)."""
    scan = _Scan()
    scan.feed(render_markdown(markdown))
    scan.close()
    return "".join(scan.text).strip("\n")


def raw_controls(output: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in RAW_CONTROL.findall(output)]
