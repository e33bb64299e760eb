"""Renderers for the library commands: `sources`, `show` and `add`'s report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from c5brief.lookup import Shown, SourceList
from c5brief.models import DocumentInfo, Paragraph
from c5brief.render.escape import json_dumps, markdown_text, markdown_url, visible, visible_line
from c5brief.render.tables import column_widths, markdown_row, markdown_table, rich_table, text_rows, text_table

if TYPE_CHECKING:
    from rich.console import RenderableType

    from c5brief.ingest import AddReport

_SOURCE_COLUMNS = ("id", "title", "date", "source", "lang", "paras", "from")
STREAM_BATCH = 500  # documents per chunk of a streamed listing


def where_from(info: DocumentInfo) -> str:
    """Where a document came from: the seeds, the library (and its file), or a --corpus path."""
    if info.origin == "seed":
        return "seed"
    if info.origin == "library":
        return "library: standard input" if info.path == "-" else f"library: {info.path}"
    return info.path


def info_json(info: DocumentInfo) -> dict[str, Any]:
    return {"id": info.id, "title": info.title, "subtitle": info.subtitle, "date": info.date,
            "source": info.source, "url": info.url, "language": info.language, "paragraphs": info.paragraph_count,
            "origin": info.origin, "path": info.path}


def _source_cells(info: DocumentInfo) -> list[str]:
    return [info.id, info.title, info.date or "", info.source or "", info.language or "", str(info.paragraph_count),
            where_from(info)]


def sources_json(listing: SourceList) -> Iterator[str]:
    """The JSON of `{"documents": [...]}`, as `json.dumps(..., indent=2)` writes it, a document at a time."""
    yield '{\n  "documents": ['
    first = True
    for info in listing.documents:
        body = json_dumps(info_json(info)).replace("\n", "\n    ")
        yield ("\n    " if first else ",\n    ") + body
        first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


def sources_markdown(listing: SourceList) -> Iterator[str]:
    yield markdown_table(_SOURCE_COLUMNS, [])
    for info in listing.documents:
        yield markdown_row(_source_cells(info))


def sources_text(listing: SourceList) -> Iterator[str]:
    """Aligned columns; the widths are taken from the first rows, so a long listing streams."""
    widths = None
    for rows in _batches(listing.documents, STREAM_BATCH):
        cells = [_source_cells(i) for i in rows]
        if widths is None:
            widths = column_widths(_SOURCE_COLUMNS, cells)
            cells = [list(_SOURCE_COLUMNS), *cells]
        yield text_rows(cells, widths)
    if widths is None:
        yield text_table(_SOURCE_COLUMNS, [])


def sources_rich(listing: SourceList) -> Iterator[RenderableType]:
    widths = None
    for rows in _batches(listing.documents, STREAM_BATCH):
        cells = [_source_cells(i) for i in rows]
        header = widths is None
        widths = widths or column_widths(_SOURCE_COLUMNS, cells)
        yield rich_table(_SOURCE_COLUMNS, cells, numeric={5}, header=header, widths=None if header else widths)
    if widths is None:
        yield rich_table(_SOURCE_COLUMNS, [], numeric={5})


def _batches(documents: Iterable[DocumentInfo], size: int) -> Iterator[list[DocumentInfo]]:
    batch: list[DocumentInfo] = []
    for info in documents:
        batch.append(info)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _header_fields(info: DocumentInfo, *, markdown: bool = False) -> list[tuple[str, str]]:
    """The document's metadata as (name, value) lines, each value escaped for the format."""
    fields = [("id", info.id), ("subtitle", info.subtitle), ("date", info.date), ("source", info.source),
              ("url", info.url), ("language", info.language), ("from", where_from(info)),
              ("paragraphs", str(info.paragraph_count))]
    if markdown:
        return [(name, markdown_url(value) if name == "url" else markdown_text(value))
                for name, value in fields if value]
    return [(name, visible_line(value)) for name, value in fields if value]


def _label(paragraph: Paragraph, shown: Shown) -> str:
    kind = "" if paragraph.kind == "body" else f" ({paragraph.kind})"
    asked = " (asked for)" if len(shown.paragraphs) > 1 and paragraph.number == shown.paragraph else ""
    language = "" if paragraph.language == shown.document.language else f" [{paragraph.language}]"
    return visible_line(f"{paragraph.id}{kind}{language}{asked}")


def shown_to_json(shown: Shown) -> str:
    return json_dumps({
        "document": info_json(shown.document),
        "paragraphs": [{"id": p.id, "paragraph": p.number, "kind": p.kind, "language": p.language, "text": p.text,
                        **({"asked": p.number == shown.paragraph} if shown.paragraph is not None else {})}
                       for p in shown.paragraphs],
    }) + "\n"


def shown_to_markdown(shown: Shown) -> str:
    lines = [f"# {markdown_text(shown.document.title)}", ""]
    lines += [f"- **{name}:** {value}" for name, value in _header_fields(shown.document, markdown=True)]
    lines.append("")
    for paragraph in shown.paragraphs:
        lines += [f"**{markdown_text(_label(paragraph, shown))}**", "", markdown_text(paragraph.text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def shown_to_text(shown: Shown) -> str:
    title = visible_line(shown.document.title)
    lines = [title, "=" * len(title)]
    lines += [f"{name}: {value}" for name, value in _header_fields(shown.document)]
    lines.append("")
    for paragraph in shown.paragraphs:
        lines += [f"[{_label(paragraph, shown)}]", visible(paragraph.text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def shown_to_rich(shown: Shown) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    blocks: list[Any] = [Text(visible_line(shown.document.title), style="bold cyan")]
    blocks += [Text.assemble((f"{name}: ", "dim"), value) for name, value in _header_fields(shown.document)]
    for paragraph in shown.paragraphs:
        blocks += [Text(""), Text(_label(paragraph, shown), style="bold"), Text(visible(paragraph.text))]
    return Group(*blocks)


def add_report_to_json(report: AddReport) -> str:
    return json_dumps({
        "documents": [{"path": path, "outcome": stored.outcome, "id": stored.doc_id}
                      for path, stored in report.outcomes],
        "refused": [{"path": r.path, "reason": r.reason} for r in report.refused],
        "interrupted": report.interrupted,
        "summary": report.summary(),
    }) + "\n"


SOURCES_STREAMS: dict[str, Callable[[SourceList], Iterator[Any]]] = {
    "json": sources_json, "md": sources_markdown, "text": sources_text, "rich": sources_rich,
}
SHOWN_FORMATS: dict[str, Callable[[Shown], Any]] = {
    "json": shown_to_json, "md": shown_to_markdown, "text": shown_to_text, "rich": shown_to_rich,
}
