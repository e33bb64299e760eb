"""Briefs as JSON, Markdown, plain text or rich."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from c5brief.briefs.models import Brief
from c5brief.render.citation import citation_json, citation_text, language_mark
from c5brief.render.escape import visible

if TYPE_CHECKING:
    from rich.console import RenderableType


def _coverage_line(brief: Brief) -> str:
    what = "passage" if brief.passages == 1 else "passages"
    where = "source" if brief.documents == 1 else "sources"
    verb = "mentions" if brief.passages == 1 else "mention"
    return f"{brief.passages} {what} in {brief.documents} {where} {verb} {brief.subject}"


def _thin_note(brief: Brief) -> str | None:
    if not brief.thin:
        return None
    return f"Thin coverage: only {_coverage_line(brief)}; this brief is short for that reason."



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
                      "points": [{"text": p.text, "citations": list(p.citations), "language": p.language}
                                 for p in s.points]}
                     for s in brief.sections],
        "sources": [citation_json(ref) for ref in brief.sources],
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
        lines += [f"- {visible(p.text)}{language_mark(p.language)} {_markers(brief, p.citations)}"
                  for p in section.points]
        lines.append("")
    if brief.sources:
        lines += ["## Sources", ""]
        lines += [f"{n}. {citation_text(ref, markdown=True)}" for n, ref in enumerate(brief.sources, start=1)]
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
        lines += [f"  * {visible(p.text)}{language_mark(p.language)} {_markers(brief, p.citations)}"
                  for p in section.points]
        lines.append("")
    if brief.sources:
        lines += ["Sources"]
        lines += [f"[{n}] {citation_text(ref, markdown=False)}" for n, ref in enumerate(brief.sources, start=1)]
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
            blocks.append(Text.assemble("  • ", visible(point.text), (language_mark(point.language), "magenta"), " ",
                                        (_markers(brief, point.citations), "dim")))
    if brief.sources:
        blocks += [Text(""), Text("Sources", style="bold")]
        blocks += [Text(f"[{n}] {citation_text(ref, markdown=False)}", style="dim")
                   for n, ref in enumerate(brief.sources, start=1)]
    return Group(*blocks)



FORMATS: dict[str, Callable[[Brief], Any]] = {
    "json": brief_to_json, "md": brief_to_markdown, "text": brief_to_text, "rich": brief_to_rich,
}
