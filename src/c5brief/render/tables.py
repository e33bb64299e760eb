"""Coverage listings, the country x topic matrix, and the tables other renderers share."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from c5brief.briefs.models import Coverage, Matrix
from c5brief.render.escape import visible

if TYPE_CHECKING:
    from rich.console import RenderableType

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
    rows = zip(matrix.countries, matrix.counts, strict=True)
    return [[name, *(str(n) if n else empty for n in counts)] for name, counts in rows]


def matrix_to_json(matrix: Matrix) -> str:
    rows = [{"country": name, "counts": dict(zip(matrix.topics, counts, strict=True))}
            for name, counts in zip(matrix.countries, matrix.counts, strict=True)]
    return json.dumps({"topics": list(matrix.topics), "rows": rows}, ensure_ascii=False, indent=2) + "\n"


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
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells) + "\n"


def rich_table(columns: tuple[str, ...], rows: list[list[str]], numeric: set[int]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold")
    for i, column in enumerate(columns):
        table.add_column(column, justify="right" if i in numeric else "left")
    for row in rows:
        table.add_row(*(Text(visible(c), style="dim" if c in ("·", "0") else "") for c in row))
    return table


COVERAGE_FORMATS: dict[str, Callable[[Coverage], Any]] = {
    "json": coverage_to_json, "md": coverage_to_markdown, "text": coverage_to_text, "rich": coverage_to_rich,
}
MATRIX_FORMATS: dict[str, Callable[[Matrix], Any]] = {
    "json": matrix_to_json, "md": matrix_to_markdown, "text": matrix_to_text, "rich": matrix_to_rich,
}
