"""Renderers for the library commands: `sources`, `show` and `add`'s report."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from c5brief.lookup import Shown, SourceList
from c5brief.models import DocumentInfo, Paragraph
from c5brief.render.escape import visible
from c5brief.render.tables import markdown_table, rich_table, text_table

if TYPE_CHECKING:
    from rich.console import RenderableType

    from c5brief.ingest import AddReport

_SOURCE_COLUMNS = ("id", "title", "date", "source", "paras", "from")


def where_from(info: DocumentInfo) -> str:
    """Where a document came from: the seeds, the library (and its file), or a --corpus path."""
    if info.origin == "seed":
        return "seed"
    if info.origin == "library":
        return "library: standard input" if info.path == "-" else f"library: {info.path}"
    return info.path


def info_json(info: DocumentInfo) -> dict[str, Any]:
    return {"id": info.id, "title": info.title, "subtitle": info.subtitle, "date": info.date,
            "source": info.source, "url": info.url, "paragraphs": info.paragraph_count,
            "origin": info.origin, "path": info.path}


def _source_cells(listing: SourceList) -> list[list[str]]:
    return [[i.id, i.title, i.date or "", i.source or "", str(i.paragraph_count), where_from(i)]
            for i in listing.documents]


def sources_to_json(listing: SourceList) -> str:
    return json.dumps({"documents": [info_json(i) for i in listing.documents]}, ensure_ascii=False, indent=2) + "\n"


def sources_to_markdown(listing: SourceList) -> str:
    return markdown_table(_SOURCE_COLUMNS, _source_cells(listing))


def sources_to_text(listing: SourceList) -> str:
    return text_table(_SOURCE_COLUMNS, _source_cells(listing))


def sources_to_rich(listing: SourceList) -> RenderableType:
    return rich_table(_SOURCE_COLUMNS, _source_cells(listing), numeric={4})


def _header_fields(info: DocumentInfo) -> list[tuple[str, str]]:
    fields = [("id", info.id), ("subtitle", info.subtitle), ("date", info.date), ("source", info.source),
              ("url", info.url), ("from", where_from(info)), ("paragraphs", str(info.paragraph_count))]
    return [(name, visible(value)) for name, value in fields if value]


def _label(paragraph: Paragraph) -> str:
    kind = "" if paragraph.kind == "body" else f" ({paragraph.kind})"
    return f"{paragraph.id}{kind}"


def shown_to_json(shown: Shown) -> str:
    return json.dumps({
        "document": info_json(shown.document),
        "paragraphs": [{"id": p.id, "paragraph": p.number, "kind": p.kind, "text": p.text}
                       for p in shown.paragraphs],
    }, ensure_ascii=False, indent=2) + "\n"


def shown_to_markdown(shown: Shown) -> str:
    lines = [f"# {visible(shown.document.title)}", ""]
    lines += [f"- **{name}:** {value}" for name, value in _header_fields(shown.document)]
    lines.append("")
    for paragraph in shown.paragraphs:
        lines += [f"**{_label(paragraph)}**", "", visible(paragraph.text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def shown_to_text(shown: Shown) -> str:
    title = visible(shown.document.title)
    lines = [title, "=" * len(title)]
    lines += [f"{name}: {value}" for name, value in _header_fields(shown.document)]
    lines.append("")
    for paragraph in shown.paragraphs:
        lines += [f"[{_label(paragraph)}]", visible(paragraph.text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def shown_to_rich(shown: Shown) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    blocks: list[Any] = [Text(visible(shown.document.title), style="bold cyan")]
    blocks += [Text.assemble((f"{name}: ", "dim"), value) for name, value in _header_fields(shown.document)]
    for paragraph in shown.paragraphs:
        blocks += [Text(""), Text(_label(paragraph), style="bold"), Text(visible(paragraph.text))]
    return Group(*blocks)


def add_report_to_json(report: AddReport) -> str:
    return json.dumps({
        "documents": [{"path": path, "outcome": stored.outcome, "id": stored.doc_id}
                      for path, stored in report.outcomes],
        "refused": [{"path": r.path, "reason": r.reason} for r in report.refused],
        "interrupted": report.interrupted,
        "summary": report.summary(),
    }, ensure_ascii=False, indent=2) + "\n"


SOURCES_FORMATS: dict[str, Callable[[SourceList], Any]] = {
    "json": sources_to_json, "md": sources_to_markdown, "text": sources_to_text, "rich": sources_to_rich,
}
SHOWN_FORMATS: dict[str, Callable[[Shown], Any]] = {
    "json": shown_to_json, "md": shown_to_markdown, "text": shown_to_text, "rich": shown_to_rich,
}
