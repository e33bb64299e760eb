"""Document text is data: shown as it is, never as markup or terminal control.

Every renderer passes document text and metadata through here before it
reaches stdout or stderr.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Text with terminal control characters replaced by visible escapes (ESC -> \\x1b)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)

