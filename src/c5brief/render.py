"""Turn results into text for people and pipes: Markdown, plain text, JSON or rich.

Renderers return strings (or a rich renderable) and never print. Document text
is data: it is never parsed as rich markup, and control characters in it are
shown as visible escapes so they cannot drive the terminal.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from c5brief import analyze
from c5brief.models import Answer, DocumentInfo, Hit

if TYPE_CHECKING:
    from rich.console import RenderableType

    from c5brief.brief_models import Brief, Coverage, Matrix, SourceRef

FORMATS = ("rich", "md", "text", "json")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Text with terminal control characters replaced by visible escapes (ESC -> \\x1b)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def citation(document: DocumentInfo, paragraph_number: int | None, paragraph_id: str | None) -> str:
    """Title, paragraph, id, date, source and URL: what a reader needs to find a passage."""
    parts = [visible(document.title)]
    if paragraph_number is not None:
        parts.append(f"paragraph {paragraph_number} ({paragraph_id})")
    parts.extend(visible(v) for v in (document.date, document.source, document.url) if v)
    return ", ".join(parts)


def hit_json(hit: Hit) -> dict[str, Any]:
    doc = hit.document
    return {
        "rank": hit.rank, "score": hit.score, "id": hit.paragraph.id, "doc": doc.id,
        "paragraph": hit.paragraph.number, "kind": hit.paragraph.kind, "title": doc.title,
        "date": doc.date, "source": doc.source, "url": doc.url, "text": hit.paragraph.text,
        "matched": list(hit.matched_terms),
    }


def answer_to_json(answer: Answer) -> str:
    return json.dumps({
        "query": answer.query,
        "results": [hit_json(hit) for hit in answer.hits],
        "unmatched": list(answer.unmatched_words),
        "corrections": [{"from": typed, "to": fixed} for typed, fixed in answer.corrections],
        "expanded": [{"words": typed, "entity": name} for typed, name in answer.expansions],
    }, ensure_ascii=False, indent=2) + "\n"


def answer_to_jsonl(answer: Answer) -> str:
    return "".join(json.dumps({"query": answer.query, **hit_json(hit)}, ensure_ascii=False) + "\n"
                   for hit in answer.hits)


def _hit_heading(hit: Hit) -> str:
    date = f", {hit.document.date}" if hit.document.date else ""
    return f"{visible(hit.document.title)}, paragraph {hit.paragraph.number}{date} (score {hit.score:.2f})"


def answer_to_markdown(answer: Answer) -> str:
    lines = [f"# {visible(answer.query)}", ""]
    for hit in answer.hits:
        lines += [f"{hit.rank}. **{_hit_heading(hit)}**", "",
                  f"   {visible(hit.paragraph.text)} [{hit.rank}]", ""]
    lines += ["## Sources", ""]
    lines += [f"{hit.rank}. {_sources_entry(hit, markdown=True)}" for hit in answer.hits]
    return "\n".join(lines) + "\n"


def answer_to_text(answer: Answer) -> str:
    lines = [visible(answer.query), ""]
    for hit in answer.hits:
        lines += [f"{hit.rank}. {_hit_heading(hit)}", f"   {visible(hit.paragraph.text)} [{hit.rank}]", ""]
    lines += ["Sources"]
    lines += [f"[{hit.rank}] {_sources_entry(hit, markdown=False)}" for hit in answer.hits]
    return "\n".join(lines) + "\n"


def _sources_entry(hit: Hit, *, markdown: bool) -> str:
    doc = hit.document
    pid = f"`{hit.paragraph.id}`" if markdown else hit.paragraph.id
    parts = [visible(doc.title), f"paragraph {hit.paragraph.number} ({pid})"]
    parts += [visible(v) for v in (doc.date, doc.source) if v]
    if doc.url:
        parts.append(f"<{visible(doc.url)}>" if markdown else visible(doc.url))
    return ", ".join(parts)


def answer_to_rich(answer: Answer) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    blocks: list[Any] = []
    for hit in answer.hits:
        heading = Text.assemble(
            (f"{hit.rank}. ", "bold"), (visible(hit.document.title), "bold cyan"),
            (f"  paragraph {hit.paragraph.number}", ""), (f"  {hit.document.date or ''}", "dim"),
            (f"  score {hit.score:.2f}", "dim"),
        )
        blocks += [heading, _highlighted(hit.paragraph.text, answer.highlight_words)]
        where = "  ".join(visible(v) for v in (hit.paragraph.id, hit.document.source, hit.document.url) if v)
        blocks += [Text(where, style="dim"), Text("")]
    return Group(*blocks)


def _highlighted(text: str, words: frozenset[str]):
    from rich.text import Text

    shown = Text(visible(text))
    if shown.plain != text:
        return shown  # escapes moved the offsets; show it unhighlighted rather than wrongly
    for word, start, end in analyze.surface_tokens(text):
        if word in words:
            shown.stylize("bold yellow", start, end)
    return shown


# Briefs

def _coverage_line(brief: Brief) -> str:
    what = "passage" if brief.passages == 1 else "passages"
    where = "source" if brief.documents == 1 else "sources"
    verb = "mentions" if brief.passages == 1 else "mention"
    return f"{brief.passages} {what} in {brief.documents} {where} {verb} {brief.subject}"


def _thin_note(brief: Brief) -> str | None:
    if not brief.thin:
        return None
    return f"Thin coverage: only {_coverage_line(brief)}; this brief is short for that reason."


def _source_text(ref: SourceRef, *, markdown: bool) -> str:
    pid = f"`{ref.id}`" if markdown else ref.id
    parts = [visible(ref.title), f"paragraph {ref.paragraph} ({pid})"]
    parts += [visible(v) for v in (ref.date, ref.source) if v]
    if ref.url:
        parts.append(f"<{visible(ref.url)}>" if markdown else visible(ref.url))
    return ", ".join(parts)


def _markers(brief: Brief, citations: tuple[str, ...]) -> str:
    number = {ref.id: n for n, ref in enumerate(brief.sources, start=1)}
    return "".join(f"[{number[c]}]" for c in citations)


def brief_to_json(brief: Brief) -> str:
    return json.dumps({
        "subject": brief.subject,
        "kind": brief.kind,
        "header": {"title": brief.title, "leaders": list(brief.leaders), "passages": brief.passages,
                   "sources": brief.documents, "thin": brief.thin, "note": _thin_note(brief)},
        "sections": [{"heading": s.heading,
                      "points": [{"text": p.text, "citations": list(p.citations)} for p in s.points]}
                     for s in brief.sections],
        "sources": [ref.__dict__ for ref in brief.sources],
    }, ensure_ascii=False, indent=2) + "\n"


def brief_to_markdown(brief: Brief) -> str:
    lines = [f"# {visible(brief.title)}", ""]
    if brief.leaders:
        lines.append(f"**Leaders in the coverage:** {visible('; '.join(brief.leaders))}  ")
    lines += [f"**Coverage:** {_coverage_line(brief)}", ""]
    if note := _thin_note(brief):
        lines += [f"> {note}", ""]
    for section in brief.sections:
        lines += [f"## {visible(section.heading)}", ""]
        lines += [f"- {visible(p.text)} {_markers(brief, p.citations)}" for p in section.points]
        lines.append("")
    if brief.sources:
        lines += ["## Sources", ""]
        lines += [f"{n}. {_source_text(ref, markdown=True)}" for n, ref in enumerate(brief.sources, start=1)]
    return "\n".join(lines).rstrip("\n") + "\n"


def brief_to_text(brief: Brief) -> str:
    lines = [visible(brief.title), "=" * len(visible(brief.title))]
    if brief.leaders:
        lines.append(f"Leaders in the coverage: {visible('; '.join(brief.leaders))}")
    lines += [f"Coverage: {_coverage_line(brief)}", ""]
    if note := _thin_note(brief):
        lines += [note, ""]
    for section in brief.sections:
        lines += [visible(section.heading)]
        lines += [f"  * {visible(p.text)} {_markers(brief, p.citations)}" for p in section.points]
        lines.append("")
    if brief.sources:
        lines += ["Sources"]
        lines += [f"[{n}] {_source_text(ref, markdown=False)}" for n, ref in enumerate(brief.sources, start=1)]
    return "\n".join(lines).rstrip("\n") + "\n"


def brief_to_rich(brief: Brief) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    blocks: list[Any] = [Text(visible(brief.title), style="bold cyan")]
    if brief.leaders:
        blocks.append(Text.assemble(("Leaders in the coverage: ", "dim"), visible("; ".join(brief.leaders))))
    blocks.append(Text.assemble(("Coverage: ", "dim"), _coverage_line(brief)))
    if note := _thin_note(brief):
        blocks.append(Text(note, style="yellow"))
    for section in brief.sections:
        blocks += [Text(""), Text(visible(section.heading), style="bold")]
        for point in section.points:
            blocks.append(Text.assemble("  • ", visible(point.text), " ", (_markers(brief, point.citations), "dim")))
    if brief.sources:
        blocks += [Text(""), Text("Sources", style="bold")]
        blocks += [Text(f"[{n}] {_source_text(ref, markdown=False)}", style="dim")
                   for n, ref in enumerate(brief.sources, start=1)]
    return Group(*blocks)


# Coverage listings and the matrix

_COVERAGE_COLUMNS = {"countries": ("id", "country", "passages", "sources", "leaders in coverage"),
                     "topics": ("id", "topic", "passages", "sources", "keywords")}


def _coverage_cells(coverage: Coverage) -> list[list[str]]:
    return [[r.id, r.name, str(r.passages), str(r.documents), r.detail] for r in coverage.rows]


def coverage_to_json(coverage: Coverage) -> str:
    key = "leaders" if coverage.kind == "countries" else "keywords"
    rows = [{"id": r.id, "name": r.name, "passages": r.passages, "sources": r.documents,
             key: [x for x in r.detail.split(", ") if x]} for r in coverage.rows]
    return json.dumps({coverage.kind: rows}, ensure_ascii=False, indent=2) + "\n"


def coverage_to_markdown(coverage: Coverage) -> str:
    return markdown_table(_COVERAGE_COLUMNS[coverage.kind], _coverage_cells(coverage))


def coverage_to_text(coverage: Coverage) -> str:
    return text_table(_COVERAGE_COLUMNS[coverage.kind], _coverage_cells(coverage))


def coverage_to_rich(coverage: Coverage) -> RenderableType:
    return rich_table(_COVERAGE_COLUMNS[coverage.kind], _coverage_cells(coverage), numeric={2, 3})


def _matrix_cells(matrix: Matrix, empty: str) -> list[list[str]]:
    return [[name, *(str(n) if n else empty for n in row)] for name, row in zip(matrix.countries, matrix.counts)]


def matrix_to_json(matrix: Matrix) -> str:
    return json.dumps({"topics": list(matrix.topics), "rows": [
        {"country": name, "counts": dict(zip(matrix.topics, row))} for name, row in zip(matrix.countries, matrix.counts)
    ]}, ensure_ascii=False, indent=2) + "\n"


def matrix_to_markdown(matrix: Matrix) -> str:
    return markdown_table(("country", *matrix.topics), _matrix_cells(matrix, "0"))


def matrix_to_text(matrix: Matrix) -> str:
    return text_table(("country", *matrix.topics), _matrix_cells(matrix, "."))


def matrix_to_rich(matrix: Matrix) -> RenderableType:
    columns = ("country", *matrix.topics)
    return rich_table(columns, _matrix_cells(matrix, "·"), numeric=set(range(1, len(columns))))


def markdown_table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    def line(cells):
        return "| " + " | ".join(visible(c).replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(columns), "|" + "|".join(" --- " for _ in columns) + "|", *map(line, rows)]) + "\n"


def text_table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    cells = [list(columns)] + [[visible(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells) + "\n"


def rich_table(columns: tuple[str, ...], rows: list[list[str]], numeric: set[int]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold")
    for i, column in enumerate(columns):
        table.add_column(column, justify="right" if i in numeric else "left")
    for row in rows:
        table.add_row(*(Text(visible(c), style="dim" if c in ("·", "0") else "") for c in row))
    return table
