"""Small-count protection: no published count in 1..k-1, and no suppressed count recoverable."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.linalg import null_space
from scipy.optimize import linprog

from trygga.analysis.suppression import render, render_count, suppress_small_counts


def _augmented(result):
    """The published table with its totals as one (values, hidden) pair of 2-D arrays."""
    cells = np.ma.getdata(result.values)
    hidden = np.asarray(result.mask)
    if cells.ndim == 1:
        values = np.append(cells, int(np.ma.getdata(result.total)))[np.newaxis, :]
        mask = np.append(hidden, bool(np.ma.getmaskarray(result.total)))[np.newaxis, :]
        return values, mask
    values = np.zeros((cells.shape[0] + 1, cells.shape[1] + 1), dtype=np.int64)
    mask = np.zeros(values.shape, dtype=bool)
    values[:-1, :-1], mask[:-1, :-1] = cells, hidden
    values[:-1, -1], mask[:-1, -1] = (
        np.ma.getdata(result.row_totals),
        np.ma.getmaskarray(result.row_totals),
    )
    values[-1, :-1], mask[-1, :-1] = (
        np.ma.getdata(result.column_totals),
        np.ma.getmaskarray(result.column_totals),
    )
    values[-1, -1], mask[-1, -1] = np.ma.getdata(result.total), np.ma.getmaskarray(result.total)
    return values, mask


def _equations(shape):
    """Each line of the augmented table: its cells minus its total equal zero."""
    rows, cols = shape
    index = np.arange(rows * cols).reshape(shape)
    equations = []
    lines = [index[r, :] for r in range(rows)]
    if rows > 1:
        lines += [index[:, c] for c in range(cols)]
    for line in lines:
        row = np.zeros(rows * cols)
        row[line[:-1]] = 1.0
        row[line[-1]] = -1.0
        equations.append(row)
    return np.array(equations)


def _linearly_determined(values, mask):
    """Indices of suppressed entries that the published figures determine by linear algebra."""
    equations = _equations(values.shape)
    unknown = np.flatnonzero(mask.ravel())
    if unknown.size == 0:
        return []
    basis = null_space(equations[:, unknown])
    if basis.size == 0:
        return list(unknown)
    return [u for u, row in zip(unknown, basis, strict=True) if np.linalg.norm(row) < 1e-9]


def _feasible_interval(values, mask, entry):
    """Smallest and largest value of one suppressed entry given what is published (x >= 0)."""
    equations = _equations(values.shape)
    unknown = np.flatnonzero(mask.ravel())
    known = np.flatnonzero(~mask.ravel())
    a_eq = equations[:, unknown]
    b_eq = -equations[:, known] @ values.ravel()[known]
    position = int(np.flatnonzero(unknown == entry)[0])
    objective = np.zeros(unknown.size)
    objective[position] = 1.0
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    assert low.status == 0
    if high.status == 3:  # unbounded: nothing published caps the value
        return low.fun, np.inf
    assert high.status == 0
    return low.fun, -high.fun


count_tables = st.one_of(
    hnp.arrays(np.int64, st.integers(1, 8), elements=st.integers(0, 30)),
    hnp.arrays(
        np.int64,
        st.tuples(st.integers(1, 5), st.integers(1, 6)),
        elements=st.one_of(st.integers(0, 6), st.integers(0, 40)),
    ),
)


def test_suppress__one_way_table__hides_small_counts_and_a_partner():
    result = suppress_small_counts([3, 10, 12, 0])

    assert result.published() == [None, None, 12, 0]
    assert int(result.total) == 25
    assert list(result.primary) == [True, False, False, False]
    assert list(result.secondary) == [False, True, False, False]
    assert result.parameters_dict()["k"] == 5
    assert result.parameters_dict()["n_secondary"] == 1


def test_suppress__zero_is_not_sensitive_unless_configured():
    assert suppress_small_counts([0, 7, 9]).published() == [0, 7, 9]
    assert suppress_small_counts([0, 7, 9], suppress_zero=True).published() == [None, None, 9]


def test_suppress__small_total_is_itself_suppressed():
    result = suppress_small_counts([2, 1, 0])

    assert result.published() == [None, None, 0]
    assert np.ma.is_masked(result.total)


def test_suppress__two_way_table__partners_form_a_cycle():
    table = np.array([[3, 10, 12], [7, 8, 9], [20, 1, 30]])

    result = suppress_small_counts(table)

    assert result.published() == [[None, None, 12], [7, 8, 9], [None, None, 30]]
    assert list(np.ma.getmaskarray(result.row_totals)) == [False, False, False]
    assert list(np.ma.getmaskarray(result.column_totals)) == [False, False, False]


def test_suppress__bridge_between_two_cycles_gets_a_partner():
    # Two blocks, each a closed 2x2 cycle of small cells, joined only through row 1 and
    # column 2: without a partner across the blocks the joining cell (1, 2) would follow
    # from the totals.
    table = np.array(
        [
            [1, 1, 50, 50],
            [1, 1, 3, 50],
            [50, 50, 1, 1],
            [50, 50, 1, 1],
        ]
    )

    result = suppress_small_counts(table)
    values, mask = _augmented(result)

    assert _linearly_determined(values, mask) == []


def test_suppress__without_margins__only_small_cells_are_hidden():
    result = suppress_small_counts(np.array([[3, 10], [7, 8]]), margins=False)

    assert result.published() == [[None, 10], [7, 8]]
    assert np.ma.is_masked(result.total)


def test_render__coarsened_primary_shows_less_than_k_and_partner_dots():
    result = suppress_small_counts([3, 10, 1200, 0], coarsen=True)

    rendered = render(result)

    assert list(rendered.cells) == ["<5", "..", "1\u00a0200", "0"]
    assert rendered.total == "1\u00a0213"


def test_render_count__suppressed_without_coarsening_is_dots():
    assert render_count(None, primary=True) == ".."
    assert render_count(None, primary=True, coarsen=True, k=3) == "<3"
    assert render_count(None, gettext=lambda s: s.replace("..", "x")) == "x"


def test_suppress__rejects_negative_and_fractional_counts():
    with pytest.raises(ValueError, match="non-negative"):
        suppress_small_counts([1, -1])
    with pytest.raises(ValueError, match="non-negative"):
        suppress_small_counts([1.5, 2])


@settings(max_examples=300, deadline=None)
@given(count_tables, st.integers(1, 7), st.booleans())
def test_suppress__never_publishes_a_count_between_1_and_k_minus_1(table, k, suppress_zero):
    result = suppress_small_counts(table, k=k, suppress_zero=suppress_zero)
    values, mask = _augmented(result)

    published = values[~mask]

    assert not np.any((published >= 1) & (published < k))
    if suppress_zero:
        assert not np.any(published == 0)


@settings(max_examples=300, deadline=None)
@given(count_tables, st.integers(2, 7))
def test_suppress__no_line_has_exactly_one_suppressed_entry(table, k):
    result = suppress_small_counts(table, k=k)
    _, mask = _augmented(result)

    lines = list(mask) + (list(mask.T) if mask.shape[0] > 1 else [])

    assert all(line.sum() != 1 for line in lines)


@settings(max_examples=300, deadline=None)
@given(count_tables, st.integers(2, 7))
def test_suppress__no_suppressed_entry_follows_from_the_published_equations(table, k):
    result = suppress_small_counts(table, k=k)
    values, mask = _augmented(result)

    assert _linearly_determined(values, mask) == []


def _assert_primary_cells_keep_an_interval(table, k):
    result = suppress_small_counts(table, k=k)
    values, mask = _augmented(result)
    primary = np.zeros(mask.shape, dtype=bool)
    primary_cells = np.asarray(result.primary)
    if primary_cells.ndim == 1:
        primary[0, :-1] = primary_cells
    else:
        primary[:-1, :-1] = primary_cells

    for entry in np.flatnonzero(primary.ravel()):
        low, high = _feasible_interval(values, mask, entry)
        assert high - low > 0.5, (entry, low, high)


@settings(max_examples=300, deadline=None)
@given(count_tables, st.integers(2, 7))
def test_suppress__every_primary_cell_keeps_a_feasible_interval(table, k):
    _assert_primary_cells_keep_an_interval(table, k)


def test_suppress__zero_partners__do_not_pin_a_primary_cell():
    # Found by hypothesis: partners that are zero froze the cycles, so the totals and
    # the bound x >= 0 pinned the 1 and both 2s.
    table = np.array([[0, 2, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 2, 0]])
    _assert_primary_cells_keep_an_interval(table, 2)
