"""Markdown citations as footnotes labelled by citation id, shared by answers, briefs and the report.

`…on Astana.[^fb457485cf.p15]` with `[^fb457485cf.p15]: Title, paragraph 15
(`fb457485cf.p15`), 2025-11-06, Eurasianet, <https://…>` at the end of the
block. GitHub, pandoc and Obsidian show these as numbered notes. The label is
the citation id and the definition depends only on the cited passage, so
blocks appended into one file (`>> briefing.md`) never make one label mean two
passages: a label defined twice is defined with the same text. The id stays in
the definition because a rendered note shows a number, and the id is what
`c5brief show` and `c5brief verify` need.
"""

from __future__ import annotations

from collections.abc import Iterable

from c5brief.models import Citation
from c5brief.render.citation import citation_text


def mark(citations: Iterable[str]) -> str:
    """The footnote references for these citation ids, in order: `[^a.p1][^b.p4]`."""
    return "".join(f"[^{c}]" for c in dict.fromkeys(citations))


def definition(ref: Citation) -> str:
    return f"[^{ref.id}]: {citation_text(ref, markdown=True)}"


def definitions(refs: Iterable[Citation]) -> list[str]:
    """One definition line per cited passage, in the order first cited."""
    seen: dict[str, Citation] = {}
    for ref in refs:
        seen.setdefault(ref.id, ref)
    return [definition(ref) for ref in seen.values()]


def heading(level: int, text: str) -> str:
    """An ATX heading at `level` (1-6): --heading-level shifts every heading of a block."""
    return f"{'#' * max(1, min(6, level))} {text}"
