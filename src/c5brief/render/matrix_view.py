"""The country x topic matrix on a terminal, at whatever width it has.

Full names with topic ids when they fit; else ISO codes for the countries
(with a legend); else the table turned round, topics down the side and the
countries' codes across; else a note saying how wide it needs to be. A cell
is never cut to "Kaz…".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from c5brief.briefs.models import Matrix

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


Layout = tuple[tuple[str, ...], list[list[str]], bool, bool]  # columns, rows, with a legend, compact


def layouts(matrix: Matrix) -> Iterator[Layout]:
    """The ways of showing the matrix, from the most readable to the narrowest."""
    codes = matrix.country_ids if len(matrix.country_ids) == len(matrix.countries) else matrix.countries
    rows = list(zip(matrix.countries, codes, matrix.counts, strict=True))

    def cells(counts: tuple[int, ...]) -> list[str]:
        return [str(n) if n else "·" for n in counts]

    turned = [tuple(c[i] for _, _, c in rows) for i in range(len(matrix.topics))]
    names = matrix.topic_names if len(matrix.topic_names) == len(matrix.topics) else matrix.topics
    by_name = [[name, *cells(t)] for name, t in zip(names, turned, strict=True)]
    by_id = [[topic, *cells(t)] for topic, t in zip(matrix.topics, turned, strict=True)]
    yield ("country", *matrix.topics), [[name, *cells(c)] for name, _, c in rows], False, False
    yield ("topic", *codes), by_name, True, False
    yield ("country", *matrix.topics), [[code, *cells(c)] for _, code, c in rows], True, False
    yield ("topic", *codes), by_id, True, False
    yield ("topic", *codes), by_id, True, True


def _table(columns: tuple[str, ...], rows: list[list[str]], compact: bool) -> Any:
    """Counts right-aligned, empty cells dim; `compact`: no rules, one space between columns."""
    from rich.table import Table
    from rich.text import Text

    if compact:
        table = Table(box=None, padding=(0, 1, 0, 0), header_style="bold", show_edge=False)
    else:
        table = Table(show_edge=False, header_style="bold")
    for i, column in enumerate(columns):
        table.add_column(column, justify="right" if i else "left")
    for row in rows:
        table.add_row(*(Text(c, style="dim" if c == "·" else "") for c in row))
    return table


class MatrixView:
    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.measure import Measurement
        from rich.text import Text

        from c5brief.render.terminal import Flow, unit

        width = options.max_width
        needed = 0
        for columns, rows, legend, compact in layouts(self.matrix):
            table = _table(columns, rows, compact)
            needed = Measurement.get(console, options.update(width=10_000), table).maximum
            if needed <= width:
                yield table
                if legend and self.matrix.country_ids:
                    pairs = zip(self.matrix.country_ids, self.matrix.countries, strict=True)
                    yield Flow([Text.assemble((code, "bold"), " ", name) for code, name in pairs], " · ")
                return
        yield unit(f"The matrix needs {needed} columns and the terminal has {width}: widen it, "
                   "or use --format text or md.", "yellow")


