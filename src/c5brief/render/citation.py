"""A cited paragraph as each format shows it: one renderer per format for answers and briefs alike."""

from __future__ import annotations

from typing import Any

from c5brief.models import BODY, ENGLISH, Citation
from c5brief.render.escape import visible


def citation_text(ref: Citation, *, markdown: bool) -> str:
    """Title, paragraph and id, date, source and URL: what a reader needs to find the passage."""
    pid = f"`{ref.id}`" if markdown else ref.id
    place = "paragraph" if ref.kind == BODY else visible(ref.kind)
    parts = [visible(ref.title), f"{place} {ref.paragraph} ({pid})"]
    parts += [visible(v) for v in (ref.date, ref.source) if v]
    if ref.url:
        parts.append(f"<{visible(ref.url)}>" if markdown else visible(ref.url))
    return ", ".join(parts)


def language_mark(language: str) -> str:
    """" [ru]" after a passage in another language than English (every human-readable format)."""
    return "" if language == ENGLISH else f" [{visible(language)}]"


def citation_json(ref: Citation) -> dict[str, Any]:
    return {"id": ref.id, "doc": ref.doc, "paragraph": ref.paragraph, "title": ref.title, "date": ref.date,
            "source": ref.source, "url": ref.url}
