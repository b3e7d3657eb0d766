"""Small numbers in insights: nothing under 5 is shown, and nothing hidden can be worked out
from the totals that are shown."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from pathway_bot.insights.suppression import (
    THRESHOLD,
    suppress,
    suppress_sharing_column_totals,
)


def _grid(table):
    """The table as shown, totals included, as rows of values or None."""
    rows = [[c.value for c in row] + [total.value]
            for row, total in zip(table.cells, table.row_totals, strict=True)]
    rows.append([c.value for c in table.column_totals] + [table.total.value])
    return rows


def _true_grid(cells):
    grid = [[*row, sum(row)] for row in cells]
    grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    return grid


def _determined(shown):
    """The hidden positions a reader could work out exactly from the lines' sums.

    Each row and column of the table with its totals gives one equation (its cells add up to
    its total); the hidden cells are the unknowns. A hidden cell is determined when its unit
    vector lies in the row space of the equations restricted to the unknowns.
    """
    unknowns = [(i, j) for i, row in enumerate(shown) for j, v in enumerate(row) if v is None]
    index = {cell: n for n, cell in enumerate(unknowns)}
    height, width = len(shown), len(shown[0])
    lines = []
    for i in range(height):
        lines.append([(i, j, 1 if j < width - 1 else -1) for j in range(width)])
    for j in range(width):
        lines.append([(i, j, 1 if i < height - 1 else -1) for i in range(height)])
    equations = []
    for line in lines:
        vector = [Fraction(0)] * len(unknowns)
        for i, j, sign in line:
            if (i, j) in index:
                vector[index[(i, j)]] += sign
        if any(vector):
            equations.append(vector)
    basis = _row_echelon(equations)
    rank = len(basis)
    found = []
    for cell, n in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[n] = Fraction(1)
        if len(_row_echelon([*basis, unit])) == rank:
            found.append(cell)
    return found


def _row_echelon(vectors):
    rows = [list(v) for v in vectors]
    basis = []
    while rows:
        pivot_row = next((r for r in rows if any(r)), None)
        if pivot_row is None:
            break
        rows.remove(pivot_row)
        col = next(k for k, v in enumerate(pivot_row) if v)
        basis.append(pivot_row)
        rows = [[a - pivot_row[k] * r[col] / pivot_row[col] for k, a in enumerate(r)]
                for r in rows]
    return basis


counts = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(lambda height: st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width),
                           min_size=height, max_size=height)))


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_count_under_five_is_ever_shown_and_none_hidden_can_be_worked_out(cells):
    table = suppress([f"r{i}" for i in range(len(cells))],
                     [f"c{j}" for j in range(len(cells[0]))], cells)
    shown, true = _grid(table), _true_grid(cells)
    for shown_row, true_row in zip(shown, true, strict=True):
        for value, actual in zip(shown_row, true_row, strict=True):
            assert value is None or value == actual
            assert actual >= THRESHOLD or value is None
    assert _determined(shown) == []


people = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2)),
                  max_size=80)


@settings(max_examples=100, deadline=None)
@given(people)
def test_tables_that_share_column_totals_hide_the_same_totals(everyone):
    """The same people counted by district and by age band: the outcome totals are the same
    numbers in both tables, so one hidden in either is hidden in both."""
    by_district = [[sum(1 for d, _, o in everyone if (d, o) == (row, column))
                    for column in range(3)] for row in range(4)]
    by_age = [[sum(1 for _, a, o in everyone if (a, o) == (row, column))
               for column in range(3)] for row in range(3)]
    columns = ["c0", "c1", "c2"]
    first, second = suppress_sharing_column_totals([
        (["d0", "d1", "d2", "d3"], columns, by_district), (["a0", "a1", "a2"], columns, by_age)])
    assert [c.hidden for c in (*first.column_totals, first.total)] == \
        [c.hidden for c in (*second.column_totals, second.total)]
    for table in (first, second):
        assert _determined(_grid(table)) == []


def test_a_single_small_count_takes_a_second_one_with_it():
    table = suppress(["cheltenham", "stroud", "cotswold"], ["count"], [[3], [40], [12]])
    assert [row[0].value for row in table.cells] == [None, 40, None]
    assert table.total.value == 55


def test_a_table_with_no_rows_shows_nothing():
    table = suppress([], ["count"], [])
    assert table.total.hidden
