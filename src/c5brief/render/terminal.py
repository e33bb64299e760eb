"""Pieces of the rich layout that fit any width: hanging indents, unbreakable units, clickable URLs.

rich wraps a Text at any space and starts each wrapped line at column 0; a
list item, a citation or "score 5.31" read badly that way at 60 or 80
columns. These renderables measure the width they are given and lay out
their lines themselves. None of them prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from c5brief.render.escape import visible

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

_WEB_URL = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)


class Hanging:
    """`lead` (a bullet, "[3] ", "1. ") then `body`, wrapped lines indented under the body's first word."""

    def __init__(self, lead: str | Text, body: Text, *, indent: int = 0) -> None:
        self.lead = lead if isinstance(lead, Text) else Text(lead)
        self.body = body
        self.indent = indent  # columns before the lead

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        hang = self.indent + self.lead.cell_len
        width = max(8, options.max_width - hang)
        for n, line in enumerate(self.body.wrap(console, width)):
            line.rstrip()
            start = Text(" " * self.indent) + self.lead if n == 0 else Text(" " * hang)
            yield start + line


class Flow:
    """Units laid out left to right, `separator` between them, a line broken only between two units."""

    def __init__(self, units: Iterable[Text], separator: str = "  ", *, indent: int = 0,
                 separator_style: str = "dim") -> None:
        self.units = [u for u in units if u.plain]
        self.separator = Text(separator, style=separator_style)
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self._lines(options.max_width)

    def _lines(self, width: int) -> Iterator[Text]:
        line = Text(" " * self.indent)
        empty = True
        for unit in self.units:
            joined = line.cell_len + (0 if empty else self.separator.cell_len) + unit.cell_len
            if not empty and joined > width:
                yield line
                line, empty = Text(" " * self.indent), True
            if not empty:
                line.append_text(self.separator)
            line.append_text(unit)
            empty = False
        if not empty:
            yield line


def unit(text: str, style: str | Style = "") -> Text:
    """A piece of a Flow: document text made visible, never broken across lines if it fits on one."""
    return Text(visible(text), style=style)


def link(url: str, style: str = "blue") -> Text:
    """A URL shown whole, clickable where the terminal supports hyperlinks (only http and https)."""
    shown = Text(visible(url), style=style)
    if _WEB_URL.match(url) and not re.search(r"[\s\x00-\x1f\x7f-\x9f]", url):
        shown.stylize(Style(link=url))
    return shown


def indented(renderable: Text, indent: int) -> Hanging:
    """Text wrapped to the width with every line indented (a hanging indent with no lead)."""
    return Hanging(Text(" " * indent), renderable)
