"""Briefs as JSON, Markdown, plain text or rich: one layout, four ways of printing it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from c5brief.briefs.models import Brief, Point
from c5brief.models import BODY, Citation
from c5brief.render import footnotes
from c5brief.render.citation import citation_json, citation_text, language_mark
from c5brief.render.escape import json_dumps, markdown_text, visible, visible_line

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
    citations: tuple[str, ...] = ()  # an item's (or a source's) paragraph ids, for footnotes and links
    parts: tuple[tuple[str, str], ...] = ()  # an item's text in (role, text) pieces; "statement" is verbatim


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


def _item(brief: Brief, citations: tuple[str, ...], *parts: tuple[str, str]) -> Line:
    shown = tuple((role, text) for role, text in parts if text)
    return Line("item", "".join(text for _, text in shown), _markers(brief, citations), citations, shown)


def _point(brief: Brief, point: Point, shown: Escape) -> Line:
    outlets = f" (reported by {point.outlets} outlets)" if point.outlets > 1 else ""
    return _item(brief, point.citations, ("kind", EXPECTED if point.kind == "forecast" else ""),
                 ("statement", shown(point.text)), ("language", language_mark(point.language)),
                 ("outlets", outlets))


Escape = Callable[[str], str]


def layout(brief: Brief, shown: Escape = visible, line: Escape = visible_line) -> list[Line]:
    """The brief as lines; document text goes through `shown` (statements) and `line` (one-line fields):
    made visible for a terminal, escaped for Markdown."""
    lines = [Line("title", line(brief.title))]
    if brief.leaders:
        lines.append(Line("meta", line("; ".join(brief.leaders)), "Leaders in the coverage"))
    lines.append(Line("meta", line(_coverage_line(brief)), "Coverage"))
    if brief.entities:
        lines.append(Line("meta", line(", ".join(brief.entities)), "Also named"))
    if note := _thin_note(brief):
        lines.append(Line("note", line(note)))
    if brief.key_points:
        lines.append(Line("heading", KEY_POINTS))
        lines += [_point(brief, p, shown) for p in brief.key_points]
    for section in brief.sections:
        lines.append(Line("heading", line(section.heading)))
        lines += [_point(brief, p, shown) for p in section.points]
    if brief.timeline:
        lines.append(Line("heading", TIMELINE))
        lines += [_item(brief, e.citations, ("date", f"{line(e.date)}: "), ("statement", shown(e.text)),
                        ("language", language_mark(e.language))) for e in brief.timeline]
    if brief.deals:
        lines.append(Line("heading", DEALS))
        for d in brief.deals:
            fields = [d.instrument, ", ".join(d.parties) or "parties not named", d.amount or "no amount given",
                      d.status, d.date or "undated"]
            lines.append(_item(brief, d.citations, ("deal", line(" · ".join(fields)) + ": "),
                               ("statement", shown(d.text)), ("language", language_mark(d.language))))
    if brief.quotes:
        lines.append(Line("heading", QUOTES))
        lines += [_item(brief, q.citations, ("speaker", f"{line(q.speaker)}: “"), ("statement", shown(q.text)),
                        ("speaker", "”"), ("language", language_mark(q.language))) for q in brief.quotes]
    if brief.sources:
        lines.append(Line("heading", SOURCES))
        lines += [Line("source", citation_text(ref, markdown=False), str(n), (ref.id,))
                  for n, ref in enumerate(brief.sources, start=1)]
    return lines


def brief_to_json(brief: Brief) -> str:
    def point(p: Point) -> dict[str, Any]:
        return {"text": p.text, "citations": list(p.citations), "language": p.language, "outlets": p.outlets,
                "kind": p.kind, "date": p.date, "speaker": p.speaker}

    return json_dumps({
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
    }) + "\n"


def markdown_lines(brief: Brief, heading_level: int = 1) -> list[str]:
    """The brief in Markdown, citations as footnote references, without the definitions (see render.footnotes)."""
    out: list[str] = []
    for line in layout(brief, markdown_text, markdown_text):
        if line.role == "title":
            out += [footnotes.heading(heading_level, line.text), ""]
        elif line.role == "meta":
            out.append(f"**{line.label}:** {line.text}  ")
        elif line.role == "note":
            out += ["", f"> {line.text}"]
        elif line.role == "heading" and line.text != SOURCES:
            out += ["", footnotes.heading(heading_level + 1, line.text), ""]
        elif line.role == "item":
            out.append(f"- {line.text}{footnotes.mark(line.citations)}")
    while out and not out[-1]:
        out.pop()
    return out


def brief_to_markdown(brief: Brief, heading_level: int = 1) -> str:
    """The brief, then the footnote definitions of its sources: a block that can be appended to a report."""
    notes = footnotes.definitions(brief.sources)
    return "\n".join(markdown_lines(brief, heading_level) + ([""] + notes if notes else [])) + "\n"


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


_PART_STYLES = {"kind": "yellow", "language": "magenta", "outlets": "dim", "date": "bold", "speaker": "italic",
                "deal": "bold"}


def brief_to_rich(brief: Brief) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    from c5brief.render.terminal import Hanging

    blocks: list[Any] = []
    for line in layout(brief):
        if line.role == "title":
            blocks.append(Text(line.text, style="bold cyan"))
        elif line.role == "meta":
            blocks.append(Hanging(Text(f"{line.label}: ", style="dim"), Text(line.text)))
        elif line.role == "note":
            blocks.append(Text(line.text, style="yellow"))
        elif line.role == "heading":
            blocks += [Text(""), Text(line.text, style="bold")]
        elif line.role == "item":
            body = Text.assemble(*((text, _PART_STYLES.get(role, "")) for role, text in line.parts))
            body.append(" " + line.label, style="cyan")
            blocks.append(Hanging("• ", body, indent=2))
        else:
            blocks += source_rich(brief.sources[int(line.label) - 1], f"[{line.label}] ")
    return Group(*blocks)


def source_rich(ref: Citation, lead: str) -> list[Any]:
    """A source on the terminal: its citation id bright (it is what one copies), the URL whole on its own line."""
    from rich.text import Text

    from c5brief.render.terminal import Hanging, link

    place = "paragraph" if ref.kind == BODY else visible(ref.kind)
    body = Text.assemble((ref.id, "bold cyan"), "  ", visible(ref.title),
                         (f", {place} {ref.paragraph}", "dim"),
                         *((f", {visible(v)}", "dim") for v in (ref.date, ref.source) if v))
    lines: list[Any] = [Hanging(lead, body)]
    if ref.url:
        lines.append(Hanging(" " * len(lead), link(ref.url)))
    return lines


FORMATS: dict[str, Callable[[Brief], Any]] = {
    "json": brief_to_json, "md": brief_to_markdown, "text": brief_to_text, "rich": brief_to_rich,
}
