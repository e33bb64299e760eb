"""The briefing pack as Markdown: title, provenance, contents, the matrix, the briefs, one set of notes.

Every brief is laid out as `brief --format md` lays it out, one heading level
down; their citations are footnotes labelled by citation id (render.footnotes),
defined once at the end of the pack, which is the pack's bibliography. The
pack is itself a block that can be appended to a file.
"""

from __future__ import annotations

import re
import unicodedata

from c5brief.render import footnotes
from c5brief.render.brief import markdown_lines
from c5brief.render.escape import visible
from c5brief.render.tables import matrix_to_markdown
from c5brief.report import Pack

CONTENTS = "Contents"
MATRIX = "Coverage matrix"
_HEADING = re.compile(r"^(#{1,6}) (.*)$")


def pack_to_markdown(pack: Pack, heading_level: int = 1) -> str:
    level = heading_level
    body: list[str] = ["", footnotes.heading(level + 1, MATRIX), "", matrix_to_markdown(pack.matrix).rstrip("\n")]
    starts: list[int] = []  # where each brief's title is in `body`
    for brief in pack.briefs:
        body.append("")
        starts.append(len(body))
        body += markdown_lines(brief, level + 1)
    head = [footnotes.heading(level, visible(pack.title)), "", f"*{visible(pack.provenance.line())}*", "",
            footnotes.heading(level + 1, CONTENTS), ""]
    slugs = heading_slugs([*head, *body])
    offset = len(head)
    contents = [f"- [{visible(b.title)}](#{slugs[offset + at]})" for b, at in zip(pack.briefs, starts, strict=True)]
    contents.append(f"- [{MATRIX}](#{slugs[offset + 1]})")
    notes = footnotes.definitions(pack.sources)
    return "\n".join([*head, *contents, *body, *([""] + notes if notes else [])]) + "\n"


def heading_slugs(lines: list[str]) -> dict[int, str]:
    """The anchor GitHub (and pandoc, for plain titles) gives each heading line, repeats numbered -1, -2..."""
    seen: dict[str, int] = {}
    slugs: dict[int, str] = {}
    for n, line in enumerate(lines):
        match = _HEADING.match(line)
        if not match:
            continue
        slug = slug_of(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        slugs[n] = slug if count == 0 else f"{slug}-{count}"
    return slugs


def slug_of(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped (but - and _), spaces as hyphens."""
    kept = "".join(c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")
