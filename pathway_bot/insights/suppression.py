"""Small numbers: no count under 5 is shown, and none can be worked out from what is shown.

A table is shown with its row totals, column totals and grand total. Every count under the
threshold is hidden (primary suppression). Then, because each row and column adds up to its
total, more cells are hidden until no hidden cell can be worked out (secondary suppression).

Seen with its totals, a table is a set of lines (rows and columns) that each add up; a hidden
cell can be worked out exactly when it is the only hidden cell of a line, or more generally
when it lies on no cycle of hidden cells (rows and columns as the nodes of a graph, hidden
cells as its edges: a cell on no cycle is a bridge, and the sums pin it down). So while some
hidden cell is a bridge, the cheapest rectangle through it is hidden too, which puts it on a
cycle. Totals are treated as cells of the table, so they are hidden when they are small or
when they would give a hidden cell away.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

THRESHOLD = 5
# Hiding a total costs more than hiding a cell: totals are what people read first.
_TOTAL_COST = 10_000


@dataclass(frozen=True)
class Count:
    """One figure as shown: its value, or None when it is hidden."""

    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class SuppressedTable:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Count, ...], ...]
    row_totals: tuple[Count, ...]
    column_totals: tuple[Count, ...]
    total: Count


Grid = list[list[int]]
Node = tuple[str, int]
Mask = list[list[bool]]


def with_totals(cells: Sequence[Sequence[int]]) -> Grid:
    """The table with a total column on the right and a total row at the bottom."""
    grid = [[*row, sum(row)] for row in cells]
    width = len(grid[0]) if grid else 1
    grid.append([sum(row[j] for row in grid) for j in range(width)])
    return grid


def hidden_cells(grid: Grid, *, threshold: int = THRESHOLD,
                 also_hidden: Mask | None = None) -> Mask:
    """Which cells of a table with its totals (see `with_totals`) must be hidden."""
    hidden = [[value < threshold for value in row] for row in grid]
    if also_hidden is not None:
        hidden = [[h or a for h, a in zip(row, extra, strict=True)]
                  for row, extra in zip(hidden, also_hidden, strict=True)]
    while (bridge := _a_bridge(hidden)) is not None:
        _hide_cheapest_rectangle(grid, hidden, *bridge)
    return hidden


def _a_bridge(hidden: Mask) -> tuple[int, int] | None:
    """A hidden cell on no cycle of hidden cells, if there is one (Tarjan's bridges: one
    depth-first walk over rows and columns as nodes, hidden cells as edges)."""
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for i, row in enumerate(hidden):
        for j, h in enumerate(row):
            if h:
                neighbours.setdefault(("r", i), []).append(("c", j))
                neighbours.setdefault(("c", j), []).append(("r", i))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    for root in neighbours:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[Node, Node | None, Iterator[Node]]] = [
            (root, None, iter(neighbours[root]))]
        while stack:
            node, parent, edges = stack[-1]
            advanced = False
            for nxt in edges:
                if nxt == parent:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                    continue
                order[nxt] = low[nxt] = len(order)
                stack.append((nxt, node, iter(neighbours[nxt])))
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    row_node, column_node = (parent, node) if parent[0] == "r" \
                        else (node, parent)
                    return row_node[1], column_node[1]
    return None


def _hide_cheapest_rectangle(grid: Grid, hidden: Mask, i: int, j: int) -> None:
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    best: tuple[int, int, int] | None = None
    for i2 in range(len(grid)):
        for j2 in range(len(grid[0])):
            if i2 == i or j2 == j:
                continue
            cost = 0
            for a, b in ((i, j2), (i2, j), (i2, j2)):
                if not hidden[a][b]:
                    cost += grid[a][b] + (_TOTAL_COST if a == last_row or b == last_column
                                          else 0) + 1
            if best is None or cost < best[0]:
                best = (cost, i2, j2)
    assert best is not None, "a table with its totals has at least two rows and two columns"
    _, i2, j2 = best
    for a, b in ((i, j2), (i2, j), (i2, j2)):
        hidden[a][b] = True


def suppress(rows: Sequence[str], columns: Sequence[str], cells: Sequence[Sequence[int]], *,
             threshold: int = THRESHOLD, hidden_totals_row: Sequence[bool] | None = None
             ) -> SuppressedTable:
    """The table as it may be shown. `hidden_totals_row` forces column totals (and, last,
    the grand total) to be hidden: for tables that share their column totals."""
    if not rows or not columns:  # nothing to show but a total, and that from nobody
        return SuppressedTable(tuple(rows), tuple(columns),
                               tuple(() for _ in rows), tuple(Count(None) for _ in rows),
                               tuple(Count(None) for _ in columns), Count(None))
    grid = with_totals(cells)
    forced = None
    if hidden_totals_row is not None:
        forced = [[False] * len(grid[0]) for _ in grid]
        forced[-1] = list(hidden_totals_row)
    mask = hidden_cells(grid, threshold=threshold, also_hidden=forced)
    shown = [tuple(Count(None if h else v) for v, h in zip(row, hide, strict=True))
             for row, hide in zip(grid, mask, strict=True)]
    return SuppressedTable(
        rows=tuple(rows), columns=tuple(columns),
        cells=tuple(row[:-1] for row in shown[:-1]),
        row_totals=tuple(row[-1] for row in shown[:-1]),
        column_totals=shown[-1][:-1], total=shown[-1][-1])


def suppress_sharing_column_totals(tables: Sequence[tuple[Sequence[str], Sequence[str],
                                                          Sequence[Sequence[int]]]], *,
                                   threshold: int = THRESHOLD) -> list[SuppressedTable]:
    """Tables of the same things counted by different rows (by district, by age band) show
    the same column totals: a total hidden in one is hidden in all, or it would give away."""
    width = len(tables[0][1]) + 1 if tables else 0
    forced = [False] * width
    while True:
        shown = [suppress(rows, columns, cells, threshold=threshold, hidden_totals_row=forced)
                 for rows, columns, cells in tables]
        now_hidden = [any(table_totals[j].hidden for table_totals in
                          ([*t.column_totals, t.total] for t in shown)) for j in range(width)]
        if now_hidden == forced:
            return shown
        forced = now_hidden
