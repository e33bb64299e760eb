"""Answers of `ask` as JSON, JSON Lines, Markdown, plain text or rich.

Renderers return strings (or a rich renderable) and never print.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from c5brief import analyze
from c5brief.models import Answer, Hit
from c5brief.render import footnotes
from c5brief.render.citation import citation_text, language_mark
from c5brief.render.escape import json_dumps, markdown_text, visible, visible_line

if TYPE_CHECKING:
    from rich.console import RenderableType


def hit_json(hit: Hit) -> dict[str, Any]:
    doc = hit.document
    return {
        "rank": hit.rank, "score": hit.score, "id": hit.paragraph.id, "doc": doc.id,
        "paragraph": hit.paragraph.number, "kind": hit.paragraph.kind, "language": hit.paragraph.language,
        "title": doc.title,
        "date": doc.date, "source": doc.source, "url": doc.url, "text": hit.paragraph.text,
        "matched": list(hit.matched_terms), "partial": hit.partial,
        **({"explain": [c._asdict() for c in hit.explanation]} if hit.explanation else {}),
    }


def answer_to_json(answer: Answer) -> str:
    return json_dumps({
        "query": answer.query,
        "results": [hit_json(hit) for hit in answer.hits],
        "unmatched": list(answer.unmatched_words),
        "corrections": [{"from": typed, "to": fixed} for typed, fixed in answer.corrections],
        "suggestions": [{"word": typed, "did_you_mean": close} for typed, close in answer.suggestions],
        "expanded": [{"words": typed, "entity": name} for typed, name in answer.expansions],
    }) + "\n"


def answer_to_jsonl(answer: Answer) -> str:
    return "".join(json_dumps({"query": answer.query, **hit_json(hit)}, indent=None) + "\n"
                   for hit in answer.hits)


def _hit_heading(hit: Hit, shown: Callable[[str], str]) -> str:
    date = f", {shown(hit.document.date)}" if hit.document.date else ""
    return (f"{shown(hit.document.title)}, {place(hit)}{date}{language_mark(hit.paragraph.language)} "
            f"(score {hit.score:.2f}"
            f"{'; partial match: ' + shown(', '.join(hit.matched_terms)) if hit.partial else ''})")


def place(hit: Hit) -> str:
    """Where the passage is in its document: "paragraph 4", or "caption 2" for a photo caption."""
    kind = "paragraph" if hit.paragraph.kind == "body" else hit.paragraph.kind
    return f"{kind} {hit.paragraph.number}"


def explanation_lines(hit: Hit, shown: Callable[[str], str] = visible_line) -> list[str]:
    """One line per matched term: its weight, frequency, idf and length normalisation, and what it adds."""
    return [f"{shown(c.term)}{f' ({shown(c.via)})' if c.via else ''}: weight {c.weight:g}, tf {c.frequency}, "
            f"idf {c.idf:.2f}, length/average {c.length_ratio:.2f} -> {c.score:.2f}" for c in hit.explanation]


def answer_to_markdown(answer: Answer, heading_level: int = 1) -> str:
    lines = [footnotes.heading(heading_level, markdown_text(answer.query)), ""]
    for hit in answer.hits:
        lines += [f"{hit.rank}. **{_hit_heading(hit, markdown_text)}**", "",
                  f"   {markdown_text(hit.paragraph.text)}{footnotes.mark([hit.paragraph.id])}", ""]
        if hit.explanation:
            lines += [f"   - {line}" for line in explanation_lines(hit, markdown_text)] + [""]
    lines += footnotes.definitions(hit.citation for hit in answer.hits)
    return "\n".join(lines) + "\n"


def answer_to_text(answer: Answer) -> str:
    lines = [visible_line(answer.query), ""]
    for hit in answer.hits:
        lines += [f"{hit.rank}. {_hit_heading(hit, visible_line)}", f"   {visible(hit.paragraph.text)} [{hit.rank}]"]
        lines += [f"   {line}" for line in explanation_lines(hit)] + [""]
    lines += ["Sources"]
    lines += [f"[{hit.rank}] {_sources_entry(hit, markdown=False)}" for hit in answer.hits]
    return "\n".join(lines) + "\n"




def _sources_entry(hit: Hit, *, markdown: bool) -> str:
    return citation_text(hit.citation, markdown=markdown)


def answer_to_rich(answer: Answer) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    from c5brief.render.terminal import Flow, Hanging, indented, link, unit

    blocks: list[Any] = []
    for hit in answer.hits:
        lead = f"{hit.rank}. "
        where = [unit(place(hit)), unit(visible_line(hit.document.date or ""), "dim"),
                 unit(language_mark(hit.paragraph.language).strip(), "magenta"),
                 unit(f"score {hit.score:.2f}", "dim")]
        if hit.partial:
            where.append(unit(f"partial match: {visible_line(', '.join(hit.matched_terms))}", "yellow"))
        blocks += [Hanging(Text(lead, style="bold"), Text(visible_line(hit.document.title), style="bold cyan")),
                   Flow(where, " · ", indent=len(lead)),
                   indented(_highlighted(hit.paragraph.text, answer.highlight_words), len(lead))]
        blocks += [indented(Text(line, style="dim"), len(lead) + 2) for line in explanation_lines(hit)]
        blocks.append(Flow([unit(hit.paragraph.id, "bold cyan"), unit(visible_line(hit.document.source or ""), "dim")],
                           " · ", indent=len(lead)))
        if hit.document.url:
            blocks.append(Hanging(" " * len(lead), link(hit.document.url)))
        blocks.append(Text(""))
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



FORMATS: dict[str, Callable[[Answer], Any]] = {
    "json": answer_to_json, "jsonl": answer_to_jsonl, "md": answer_to_markdown, "text": answer_to_text,
    "rich": answer_to_rich,
}
