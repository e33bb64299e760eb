"""The briefing pack as one self-contained HTML file: inline CSS, no scripts, nothing fetched.

Readable on screen and printable: a print stylesheet starts each brief on a
new page and keeps list items whole. A citation is a link to its entry in the
pack's one bibliography, numbered across the pack; a source's URL is a link
only when it is http(s). Every statement sits in `<span class="statement">`
(verbatim from the first passage it cites), its citations in `<a class="cite"
href="#src-ID">`, so `c5brief verify` can read the file back exactly.
"""

from __future__ import annotations

import html
import re

from c5brief.briefs.models import Brief, Matrix
from c5brief.models import BODY, Citation
from c5brief.render.brief import SOURCES, layout
from c5brief.render.escape import visible
from c5brief.render.report import CONTENTS, MATRIX
from c5brief.report import Pack

_WEB_URL = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)
_SAFE_URL = re.compile(r"[^\s<>\"'`\x00-\x1f\x7f-\x9f]+")

STYLE = """
:root { --ink: #1d2327; --muted: #5b6770; --rule: #d5dbe0; --accent: #1f5f8b; --paper: #ffffff; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.25rem 4rem; color: var(--ink); background: var(--paper);
       font: 1rem/1.55 Georgia, "DejaVu Serif", "Times New Roman", serif; }
h1, h2, h3, h4, nav, table, .meta, .provenance, .sources, .cite {
       font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 .5rem; padding-top: .75rem; border-top: 3px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; text-transform: uppercase; letter-spacing: .04em;
     color: var(--accent); }
.provenance { color: var(--muted); font-size: .85rem; border-left: 3px solid var(--rule); padding-left: .75rem; }
.meta { margin: .25rem 0 1rem; font-size: .9rem; }
.meta dt { float: left; clear: left; width: 11rem; color: var(--muted); }
.meta dd { margin: 0 0 .2rem 11rem; }
.note { background: #fff6e0; border-left: 3px solid #d99a00; padding: .4rem .75rem; font-size: .9rem; }
ul.points { padding-left: 1.2rem; margin: .25rem 0; }
ul.points li { margin: .35rem 0; }
.kind { font-weight: bold; color: #8a5a00; }
.outlets, .language { color: var(--muted); font-size: .85rem; }
.date, .deal { font-weight: bold; }
.speaker { font-style: italic; }
a { color: var(--accent); }
a.cite { text-decoration: none; font-size: .75rem; vertical-align: super; line-height: 0; padding: 0 .05rem; }
nav ol { columns: 2; column-gap: 2rem; padding-left: 1.4rem; }
.scroll { overflow-x: auto; }
table.matrix { border-collapse: collapse; font-size: .8rem; margin: .5rem 0; }
table.matrix th, table.matrix td { border: 1px solid var(--rule); padding: .2rem .35rem; }
table.matrix thead th { font-weight: 600; vertical-align: bottom; }
table.matrix td { text-align: right; font-variant-numeric: tabular-nums; }
table.matrix th[scope=row] { text-align: left; font-weight: normal; }
table.matrix td.empty { color: #b0b8bf; }
ol.sources { font-size: .85rem; padding-left: 2.2rem; }
ol.sources li { margin: .3rem 0; overflow-wrap: anywhere; }
ol.sources li:target { background: #fff6e0; }
code { font-size: .85em; }
@media print {
  @page { size: A4; margin: 18mm 16mm 20mm; }
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  h2 { border-top: none; padding-top: 0; }
  section.brief, section.sources { break-before: page; }
  h2, h3 { break-after: avoid; }
  li, tr, .meta { break-inside: avoid; }
  a { color: inherit; }
  a.cite { color: var(--accent); }
  nav ol { columns: 1; }
  table.matrix { font-size: 8pt; }
}
"""


def pack_to_html(pack: Pack) -> str:
    number = {ref.id: n for n, ref in enumerate(pack.sources, start=1)}
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta name="generator" content="c5brief {_e(pack.provenance.version)}">',
           f"<title>{_e(pack.title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           "<header>", f"<h1>{_e(pack.title)}</h1>", f'<p class="provenance">{_e(pack.provenance.line())}</p>',
           "</header>", '<nav aria-label="Contents">', f"<h2>{CONTENTS}</h2>", "<ol>"]
    out += [f'<li><a href="#brief-{n}">{_e(b.title)}</a></li>' for n, b in enumerate(pack.briefs, start=1)]
    out += [f'<li><a href="#matrix">{MATRIX}</a></li>', f'<li><a href="#sources">{SOURCES}</a></li>', "</ol>",
            "</nav>", '<section id="matrix" class="matrix">', f"<h2>{MATRIX}</h2>", *_matrix(pack.matrix),
            "</section>"]
    for n, brief in enumerate(pack.briefs, start=1):
        out += _brief(brief, f"brief-{n}", number)
    out += ['<section id="sources" class="sources">', f"<h2>{SOURCES}</h2>", '<ol class="sources">']
    out += [f'<li id="src-{_e(ref.id)}">{_source(ref)}</li>' for ref in pack.sources]
    out += ["</ol>", "</section>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _brief(brief: Brief, anchor: str, number: dict[str, int]) -> list[str]:
    out = [f'<section class="brief {_e(brief.kind)}" id="{anchor}">']
    meta: list[str] = []
    in_list = False
    for line in layout(brief):
        if line.role != "item" and in_list:
            out.append("</ul>")
            in_list = False
        if line.role != "meta" and meta:
            out += ['<dl class="meta">', *meta, "</dl>"]
            meta = []
        if line.role == "title":
            out.append(f"<h2>{_e(line.text)}</h2>")
        elif line.role == "meta":
            meta += [f"<dt>{_e(line.label)}</dt>", f"<dd>{_e(line.text)}</dd>"]
        elif line.role == "note":
            out.append(f'<p class="note">{_e(line.text)}</p>')
        elif line.role == "heading" and line.text != SOURCES:
            out.append(f"<h3>{_e(line.text)}</h3>")
        elif line.role == "item":
            if not in_list:
                out.append('<ul class="points">')
                in_list = True
            body = "".join(f'<span class="{role}">{_e(text)}</span>' for role, text in line.parts)
            cites = "".join(f'<a class="cite" href="#src-{_e(c)}" title="{_e(c)}">[{number[c]}]</a>'
                            for c in line.citations if c in number)
            out.append(f"<li>{body}{cites}</li>")
    if in_list:
        out.append("</ul>")
    if meta:
        out += ['<dl class="meta">', *meta, "</dl>"]
    out.append("</section>")
    return out


WIDE_MATRIX = 8  # countries beyond which the columns are headed by ISO codes (the full name on hover)


def _matrix(matrix: Matrix) -> list[str]:
    """Topics down the side, countries across: a country-by-topic table of ten topics is too wide to read."""
    names = matrix.topic_names if len(matrix.topic_names) == len(matrix.topics) else matrix.topics
    codes = matrix.country_ids if len(matrix.country_ids) == len(matrix.countries) else matrix.countries
    if len(matrix.countries) > WIDE_MATRIX:
        heads = [f'<th><abbr title="{_e(name)}">{_e(code)}</abbr></th>' for code, name in
                 zip(codes, matrix.countries, strict=True)]
    else:
        heads = [f"<th>{_e(name)}</th>" for name in matrix.countries]
    out = ['<div class="scroll">', '<table class="matrix">', f"<thead><tr><th>topic</th>{''.join(heads)}</tr></thead>",
           "<tbody>"]
    for i, (topic, name) in enumerate(zip(matrix.topics, names, strict=True)):
        cells = "".join(f"<td>{row[i]}</td>" if row[i] else '<td class="empty">·</td>' for row in matrix.counts)
        out.append(f'<tr><th scope="row" title="{_e(topic)}">{_e(name)}</th>{cells}</tr>')
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _source(ref: Citation) -> str:
    place = "paragraph" if ref.kind == BODY else visible(ref.kind)
    parts = [f"<cite>{_e(ref.title)}</cite>", f"{_e(place)} {ref.paragraph} (<code>{_e(ref.id)}</code>)"]
    parts += [_e(v) for v in (ref.date, ref.source) if v]
    if ref.url:
        parts.append(_url(ref.url))
    return ", ".join(parts)


def _url(url: str) -> str:
    """An http(s) URL as a link; anything else (javascript:, data:, file:) as inert text."""
    url = url.strip()
    if _WEB_URL.match(url) and _SAFE_URL.fullmatch(url):
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    return _e(url)


def _e(text: str) -> str:
    return html.escape(visible(text), quote=True)
