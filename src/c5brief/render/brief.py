"""Briefs as JSON, Markdown, plain text or rich: one layout, four ways of printing it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from c5brief.briefs.models import Brief, Point
from c5brief.render.citation import citation_json, citation_text, language_mark
from c5brief.render.escape import visible

if TYPE_CHECKING:
    from rich.console import RenderableType

KEY_POINTS = "Key points"
TIMELINE = "Timeline"
DEALS = "Deals and commitments"
QUOTES = "Quotes"
SOURCES = "Sources"


class Line(NamedTuple):
    """One line of the layout; `role` says how each format shows it."""

    role: str  # "title", "meta", "note", "heading", "item" or "source"
    text: str
    label: str = ""  # a meta line's label, an item's citation markers, a source's number


def _coverage_line(brief: Brief) -> str:
    what = "passage" if brief.passages == 1 else "passages"
    where = "document" if brief.documents == 1 else "documents"
    verb = "mentions" if brief.passages == 1 else "mention"
    line = f"{brief.passages} {what} in {brief.documents} {where}"
    if brief.outlets:
        line += f" from {brief.outlets} outlet{'s' if brief.outlets != 1 else ''}"
    line += f" {verb} {brief.subject}"
    if brief.first_date and brief.last_date:
        dates = brief.first_date if brief.first_date == brief.last_date else f"{brief.first_date} to {brief.last_date}"
        line += f" ({dates})"
    return line


def _thin_note(brief: Brief) -> str | None:
    if not brief.thin:
        return None
    return f"Thin coverage: only {_coverage_line(brief)}; this brief is short for that reason."


def _markers(brief: Brief, citations: tuple[str, ...]) -> str:
    number = {ref.id: n for n, ref in enumerate(brief.sources, start=1)}
    return "".join(f"[{number[c]}]" for c in citations if c in number)


EXPECTED = "Expected: "  # a forecast or a plan, never to be read as a result


def _point_text(point: Point) -> str:
    text = (EXPECTED if point.kind == "forecast" else "") + visible(point.text) + language_mark(point.language)
    if point.outlets > 1:
        text += f" (reported by {point.outlets} outlets)"
    return text


def layout(brief: Brief) -> list[Line]:
    lines = [Line("title", visible(brief.title))]
    if brief.leaders:
        lines.append(Line("meta", visible("; ".join(brief.leaders)), "Leaders in the coverage"))
    lines.append(Line("meta", visible(_coverage_line(brief)), "Coverage"))
    if brief.entities:
        lines.append(Line("meta", visible(", ".join(brief.entities)), "Also named"))
    if note := _thin_note(brief):
        lines.append(Line("note", visible(note)))
    if brief.key_points:
        lines.append(Line("heading", KEY_POINTS))
        lines += [Line("item", _point_text(p), _markers(brief, p.citations)) for p in brief.key_points]
    for section in brief.sections:
        lines.append(Line("heading", visible(section.heading)))
        lines += [Line("item", _point_text(p), _markers(brief, p.citations)) for p in section.points]
    if brief.timeline:
        lines.append(Line("heading", TIMELINE))
        lines += [Line("item", f"{e.date}: {visible(e.text)}{language_mark(e.language)}",
                       _markers(brief, e.citations)) for e in brief.timeline]
    if brief.deals:
        lines.append(Line("heading", DEALS))
        for d in brief.deals:
            fields = [d.instrument, ", ".join(d.parties) or "parties not named", d.amount or "no amount given",
                      d.status, d.date or "undated"]
            lines.append(Line("item", visible(" · ".join(fields)) + f": {visible(d.text)}{language_mark(d.language)}",
                              _markers(brief, d.citations)))
    if brief.quotes:
        lines.append(Line("heading", QUOTES))
        lines += [Line("item", f"{visible(q.speaker)}: “{visible(q.text)}”{language_mark(q.language)}",
                       _markers(brief, q.citations)) for q in brief.quotes]
    if brief.sources:
        lines.append(Line("heading", SOURCES))
        lines += [Line("source", citation_text(ref, markdown=False), str(n))
                  for n, ref in enumerate(brief.sources, start=1)]
    return lines


def brief_to_json(brief: Brief) -> str:
    def point(p: Point) -> dict[str, Any]:
        return {"text": p.text, "citations": list(p.citations), "language": p.language, "outlets": p.outlets,
                "kind": p.kind, "date": p.date, "speaker": p.speaker}

    return json.dumps({
        "subject": brief.subject,
        "kind": brief.kind,
        "header": {"title": brief.title, "leaders": list(brief.leaders), "passages": brief.passages,
                   "sources": brief.documents, "outlets": brief.outlets, "first_date": brief.first_date,
                   "last_date": brief.last_date, "thin": brief.thin, "note": _thin_note(brief)},
        "key_points": [point(p) for p in brief.key_points],
        "sections": [{"heading": s.heading, "points": [point(p) for p in s.points]} for s in brief.sections],
        "timeline": [{"date": e.date, "text": e.text, "citations": list(e.citations), "language": e.language}
                     for e in brief.timeline],
        "deals": [{"parties": list(d.parties), "instrument": d.instrument, "amount": d.amount,
                   "currency": d.currency, "date": d.date, "status": d.status, "text": d.text,
                   "citations": list(d.citations), "language": d.language} for d in brief.deals],
        "quotes": [{"speaker": q.speaker, "text": q.text, "citations": list(q.citations), "language": q.language}
                   for q in brief.quotes],
        "entities": list(brief.entities),
        "sources": [citation_json(ref) for ref in brief.sources],
        "notes": list(brief.notes),
    }, ensure_ascii=False, indent=2) + "\n"


def brief_to_markdown(brief: Brief) -> str:
    out: list[str] = []
    for line in layout(brief):
        if line.role == "title":
            out += [f"# {line.text}", ""]
        elif line.role == "meta":
            out.append(f"**{line.label}:** {line.text}  ")
        elif line.role == "note":
            out += ["", f"> {line.text}"]
        elif line.role == "heading":
            out += ["", f"## {line.text}", ""]
        elif line.role == "item":
            out.append(f"- {line.text} {line.label}".rstrip())
        else:
            ref = brief.sources[int(line.label) - 1]
            out.append(f"{line.label}. {citation_text(ref, markdown=True)}")
    return "\n".join(out).strip("\n") + "\n"


def brief_to_text(brief: Brief) -> str:
    out: list[str] = []
    for line in layout(brief):
        if line.role == "title":
            out += [line.text, "=" * len(line.text)]
        elif line.role == "meta":
            out.append(f"{line.label}: {line.text}")
        elif line.role == "note" or line.role == "heading":
            out += ["", line.text]
        elif line.role == "item":
            out.append(f"  * {line.text} {line.label}".rstrip())
        else:
            out.append(f"[{line.label}] {line.text}")
    return "\n".join(out).strip("\n") + "\n"


def brief_to_rich(brief: Brief) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    blocks: list[Any] = []
    for line in layout(brief):
        if line.role == "title":
            blocks.append(Text(line.text, style="bold cyan"))
        elif line.role == "meta":
            blocks.append(Text.assemble((f"{line.label}: ", "dim"), line.text))
        elif line.role == "note":
            blocks.append(Text(line.text, style="yellow"))
        elif line.role == "heading":
            blocks += [Text(""), Text(line.text, style="bold")]
        elif line.role == "item":
            blocks.append(Text.assemble("  • ", line.text, " ", (line.label, "dim")))
        else:
            blocks.append(Text(f"[{line.label}] {line.text}", style="dim"))
    return Group(*blocks)


FORMATS: dict[str, Callable[[Brief], Any]] = {
    "json": brief_to_json, "md": brief_to_markdown, "text": brief_to_text, "rich": brief_to_rich,
}
