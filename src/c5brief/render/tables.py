"""Coverage listings, the country x topic matrix, and the tables other renderers share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from c5brief.briefs.models import Coverage, Matrix
from c5brief.render.escape import json_dumps, markdown_text, visible_line

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
    return json_dumps({coverage.kind: rows}) + "\n"


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
    return json_dumps({"topics": list(matrix.topics), "rows": rows}) + "\n"


def matrix_to_markdown(matrix: Matrix) -> str:
    return markdown_table(("country", *matrix.topics), _matrix_cells(matrix, "0"))


def matrix_to_text(matrix: Matrix) -> str:
    return text_table(("country", *matrix.topics), _matrix_cells(matrix, "."))


def matrix_to_rich(matrix: Matrix) -> RenderableType:
    """The matrix at the terminal's width: the widest layout that fits (see render.matrix_view)."""
    from c5brief.render.matrix_view import MatrixView

    return MatrixView(matrix)


def markdown_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(markdown_text(c) for c in cells) + " |\n"


def markdown_table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    return markdown_row(columns) + "|" + "|".join(" --- " for _ in columns) + "|\n" + "".join(map(markdown_row, rows))


def column_widths(columns: Sequence[str], rows: list[list[str]]) -> list[int]:
    cells = [list(columns)] + [[visible_line(c) for c in row] for row in rows]
    return [max(len(row[i]) for row in cells) for i in range(len(columns))]


def text_rows(rows: list[list[str]], widths: list[int]) -> str:
    """Rows in columns of these widths; a longer cell (but in the last column) is cut with an ellipsis."""
    lines = []
    for row in rows:
        cells = [visible_line(c) for c in row]
        cells = [c if len(c) <= w or i == len(cells) - 1 else c[: w - 1] + "\u2026" for i, (c, w) in
                 enumerate(zip(cells, widths, strict=True))]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "".join(line + "\n" for line in lines)


def text_table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    return text_rows([list(columns), *rows], column_widths(columns, rows))


def rich_table(columns: tuple[str, ...], rows: list[list[str]], numeric: set[int], *, header: bool = True,
               widths: list[int] | None = None) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold", show_header=header)
    for i, column in enumerate(columns):
        justify: Literal["left", "right"] = "right" if i in numeric else "left"
        if widths is None:
            table.add_column(column, justify=justify)
        else:  # a later chunk of a streamed table: the first chunk's widths
            table.add_column(column, justify=justify, width=widths[i], no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(Text(visible_line(c), style="dim" if c in ("·", "0") else "") for c in row))
    return table


COVERAGE_FORMATS: dict[str, Callable[[Coverage], Any]] = {
    "json": coverage_to_json, "md": coverage_to_markdown, "text": coverage_to_text, "rich": coverage_to_rich,
}
MATRIX_FORMATS: dict[str, Callable[[Matrix], Any]] = {
    "json": matrix_to_json, "md": matrix_to_markdown, "text": matrix_to_text, "rich": matrix_to_rich,
}
