"""A cited paragraph as each format shows it: one renderer per format for answers and briefs alike."""

from __future__ import annotations

from typing import Any

from c5brief.models import BODY, ENGLISH, Citation
from c5brief.render.escape import markdown_text, markdown_url, visible_line


def citation_text(ref: Citation, *, markdown: bool) -> str:
    """Title, paragraph and id, date, source and URL: what a reader needs to find the passage.

    In Markdown every field is escaped and the URL is a link only if it is http(s).
    """
    shown = markdown_text if markdown else visible_line
    pid = f"`{ref.id}`" if markdown else ref.id
    place = "paragraph" if ref.kind == BODY else shown(ref.kind)
    parts = [shown(ref.title), f"{place} {ref.paragraph} ({pid})"]
    parts += [shown(v) for v in (ref.date, ref.source) if v]
    if ref.url:
        parts.append(markdown_url(ref.url) if markdown else visible_line(ref.url))
    return ", ".join(parts)


def language_mark(language: str) -> str:
    """" [ru]" after a passage in another language than English (every human-readable format)."""
    return "" if language == ENGLISH else f" [{visible_line(language)}]"


def citation_json(ref: Citation) -> dict[str, Any]:
    return {"id": ref.id, "doc": ref.doc, "paragraph": ref.paragraph, "title": ref.title, "date": ref.date,
            "source": ref.source, "url": ref.url}
