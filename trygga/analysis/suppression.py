"""Small-count protection: the one function every public output calls before it publishes a count.

A count of 1 to k-1 (k = 5 by default) in a cell, a district or a group could point at a
person, so it is suppressed (primary suppression). Zero is not sensitive unless configured.
Publishing the totals of a table would let a reader recover a suppressed cell by
subtraction, so more cells are suppressed (secondary suppression) until no suppressed
value follows from the published ones:

- the table and its published totals are seen as one table with a totals row and a totals
  column; every row and every column of that table is an equation "the cells add up to the
  total";
- a line (row or column) with exactly one suppressed entry gives it away, so the smallest
  other entry of that line is suppressed too (a non-zero cell before a zero, since a zero
  partner protects little, and a cell before a total);
- in a two-way table a suppressed value also follows from combining several lines when it
  is a *bridge* of the graph whose vertices are the lines and whose edges are the
  suppressed entries; a bridge gets a partner that closes a cycle through it. A value that
  lies on a cycle can move up and down along the cycle without changing any published
  figure, so no combination of the published equations determines it.

- the published equations and the bound "a count is never negative" together can still pin
  a value when its cycles run through zeros (a zero cannot move down, so the cycle is
  frozen). So every primary value then gets an interval audit: a value on a cycle of
  non-zero suppressed entries can move by one either way and is safe; for any other, two
  linear programmes give the smallest and largest value the published figures allow (the
  line equations are totally unimodular, so these bounds are whole numbers, the same an
  attacker solving in integers would find), and a value pinned to one number gets another
  partner, a non-zero one if any qualifies.

The steps repeat until nothing changes. With `coarsen=True` the primary cells are shown as
"<5" instead of "..". The result records k and the options, so a published table can be
checked again.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

from trygga.analysis import wording
from trygga.analysis.wording import Translate

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

DEFAULT_K = 5


@dataclass(frozen=True)
class SuppressedTable:
    """A count table ready to publish: masked where a value must not be shown.

    `values` is a masked array of the cells (`values.mask` is True where suppressed);
    `primary` marks the cells below k, `secondary` the ones suppressed to protect them.
    The totals are masked arrays too (`row_totals` for a 2-D table, `total` for both
    shapes); with `margins=False` no totals are published and they are all masked.
    """

    values: np.ma.MaskedArray
    primary: BoolArray
    secondary: BoolArray
    row_totals: np.ma.MaskedArray | None
    column_totals: np.ma.MaskedArray | None
    total: np.ma.MaskedArray
    row_totals_primary: BoolArray | None
    column_totals_primary: BoolArray | None
    total_primary: bool
    k: int
    suppress_zero: bool
    margins: bool
    coarsen: bool

    def parameters_dict(self) -> dict[str, object]:
        """The rule the table was protected with, for a report's method note."""
        return {
            "k": self.k,
            "suppress_zero": self.suppress_zero,
            "margins": self.margins,
            "coarsen": self.coarsen,
            "n_primary": int(self.primary.sum()),
            "n_secondary": int(self.secondary.sum()),
        }

    @property
    def mask(self) -> BoolArray:
        """True where a cell is suppressed (primary or secondary)."""
        return np.asarray(np.ma.getmaskarray(self.values))

    def published(self) -> list[int | None] | list[list[int | None]]:
        """The cells as Python ints, with None where suppressed (for JSON and templates)."""
        filled = np.where(self.mask, -1, np.ma.getdata(self.values))
        as_lists = filled.tolist()
        if filled.ndim == 1:
            return [None if v < 0 else int(v) for v in as_lists]
        return [[None if v < 0 else int(v) for v in row] for row in as_lists]


def _validate(counts: npt.ArrayLike) -> IntArray:
    array = np.asarray(counts)
    if array.ndim not in (1, 2):
        raise ValueError("a count table is 1-D or 2-D")
    if array.size and (np.any(array < 0) or np.any(array != np.floor(array))):
        raise ValueError("counts must be non-negative whole numbers")
    return np.asarray(array, dtype=np.int64)


def _sensitive(values: IntArray, k: int, suppress_zero: bool) -> BoolArray:
    small = values < k
    return small if suppress_zero else small & (values > 0)


def _complement_key(
    value: int, is_total: bool, index: tuple[int, int]
) -> tuple[int, int, int, int, int]:
    """Order partners: cells before totals, non-zero before zero, then the smallest."""
    return (int(is_total), int(value == 0), value, index[0], index[1])


def _is_total(index: tuple[int, int], shape: tuple[int, int], margins: bool) -> bool:
    return margins and (index[0] == shape[0] - 1 or index[1] == shape[1] - 1)


def _fix_singleton_lines(table: IntArray, suppressed: BoolArray, margins: bool) -> bool:
    """Give every line with exactly one suppressed entry a partner; True if one was added."""
    changed = False
    rows, cols = table.shape
    lines = [(r, None) for r in range(rows)] + [(None, c) for c in range(cols)]
    for row, col in lines:
        if row is not None:
            indices = [(row, c) for c in range(cols)]
        else:
            indices = [(r, col) for r in range(rows)]  # type: ignore[misc]
        hidden = sum(1 for i in indices if suppressed[i])
        if hidden != 1:
            continue
        candidates = [i for i in indices if not suppressed[i]]
        if not candidates:
            continue
        best = min(
            candidates,
            key=lambda i: _complement_key(int(table[i]), _is_total(i, table.shape, margins), i),
        )
        suppressed[best] = True
        changed = True
    return changed


def _components_without(
    edges: list[tuple[int, int]], skip: int, start: int, n_rows: int
) -> set[int]:
    """Vertices reachable from `start` (rows 0..n_rows-1, columns n_rows..) without edge `skip`."""
    adjacency: dict[int, list[int]] = {}
    for number, (r, c) in enumerate(edges):
        if number == skip:
            continue
        adjacency.setdefault(r, []).append(n_rows + c)
        adjacency.setdefault(n_rows + c, []).append(r)
    seen = {start}
    queue = deque([start])
    while queue:
        vertex = queue.popleft()
        for other in adjacency.get(vertex, ()):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return seen


def _bridges(n_vertices: int, edges: list[tuple[int, int]]) -> list[int]:
    """Indices of the edges that are bridges (Tarjan's low-link, iterative, linear time)."""
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_vertices)]
    for number, (u, v) in enumerate(edges):
        adjacency[u].append((v, number))
        adjacency[v].append((u, number))
    discovered = [-1] * n_vertices
    low = [0] * n_vertices
    clock = 0
    bridges: list[int] = []
    for root in range(n_vertices):
        if discovered[root] != -1 or not adjacency[root]:
            continue
        discovered[root] = low[root] = clock
        clock += 1
        stack = [(root, -1, iter(adjacency[root]))]
        while stack:
            vertex, via, neighbours = stack[-1]
            descended = False
            for other, number in neighbours:
                if number == via:
                    continue
                if discovered[other] == -1:
                    discovered[other] = low[other] = clock
                    clock += 1
                    stack.append((other, number, iter(adjacency[other])))
                    descended = True
                    break
                low[vertex] = min(low[vertex], discovered[other])
            if descended:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[vertex])
                if low[vertex] > discovered[parent]:
                    bridges.append(via)
    return bridges


def _fix_one_bridge(table: IntArray, suppressed: BoolArray, margins: bool) -> bool:
    """Close a cycle through one suppressed entry that is a bridge; True if one was found."""
    n_rows, n_cols = table.shape
    edges = [(int(r), int(c)) for r, c in zip(*np.nonzero(suppressed), strict=True)]
    graph_edges = [(r, n_rows + c) for r, c in edges]
    bridges = _bridges(n_rows + n_cols, graph_edges)
    if not bridges:
        return False
    number = min(bridges)
    r0, c0 = edges[number]
    side_a = _components_without(edges, number, r0, n_rows)
    side_b = _components_without(edges, number, n_rows + c0, n_rows)
    rows_a = [v for v in side_a if v < n_rows]
    cols_a = [v - n_rows for v in side_a if v >= n_rows]
    rows_b = [v for v in side_b if v < n_rows]
    cols_b = [v - n_rows for v in side_b if v >= n_rows]
    candidates = [(r, c) for r in rows_a for c in cols_b if not suppressed[r, c]]
    candidates += [(r, c) for r in rows_b for c in cols_a if not suppressed[r, c]]
    if not candidates:
        # Only possible for an isolated entry, which the singleton-line step handles first.
        raise AssertionError("a bridge without a partner to close a cycle")
    best = min(
        candidates,
        key=lambda i: _complement_key(int(table[i]), _is_total(i, table.shape, margins), i),
    )
    suppressed[best] = True
    return True


def _line_equations(shape: tuple[int, int], two_way: bool) -> npt.NDArray[np.float64]:
    """One row per line of the augmented table: its entries minus its total equal zero."""
    rows, cols = shape
    index = np.arange(rows * cols).reshape(shape)
    lines = [index[r, :] for r in range(rows)]
    if two_way:
        lines += [index[:, c] for c in range(cols)]
    equations = np.zeros((len(lines), rows * cols))
    for number, line in enumerate(lines):
        equations[number, line[:-1]] = 1.0
        equations[number, line[-1]] = -1.0
    return equations


def _pinned(table: IntArray, suppressed: BoolArray, entry: tuple[int, int], two_way: bool) -> bool:
    """True if the published figures and non-negativity allow `entry` only one value."""
    equations = _line_equations(table.shape, two_way)
    hidden = suppressed.ravel()
    unknown = np.flatnonzero(hidden)
    a_eq = equations[:, unknown]
    b_eq = -equations[:, ~hidden] @ table.ravel()[~hidden]
    objective = np.zeros(unknown.size)
    objective[int(np.flatnonzero(unknown == np.ravel_multi_index(entry, table.shape))[0])] = 1.0
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if high.status == 3:  # unbounded above: nothing published caps the value
        return False
    return bool(-high.fun - low.fun < 0.5)


def _on_non_zero_cycle(table: IntArray, suppressed: BoolArray) -> BoolArray:
    """True for the suppressed entries that lie on a cycle of non-zero suppressed entries."""
    n_rows, n_cols = table.shape
    entries = [(int(r), int(c)) for r, c in zip(*np.nonzero(suppressed & (table > 0)), strict=True)]
    bridges = set(_bridges(n_rows + n_cols, [(r, n_rows + c) for r, c in entries]))
    safe = np.zeros(table.shape, dtype=bool)
    for number, entry in enumerate(entries):
        safe[entry] = number not in bridges
    return safe


def _fix_one_pinned(
    table: IntArray, suppressed: BoolArray, primary: BoolArray, margins: bool, two_way: bool
) -> bool:
    """Give one primary value that the published figures pin a further partner."""
    safe = _on_non_zero_cycle(table, suppressed) if two_way else np.zeros(table.shape, bool)
    for r, c in zip(*np.nonzero(primary & ~safe), strict=True):
        entry = (int(r), int(c))
        if not _pinned(table, suppressed, entry, two_way):
            continue
        line = [(entry[0], j) for j in range(table.shape[1])]
        if two_way:
            line += [(i, entry[1]) for i in range(table.shape[0])]
        candidates = [i for i in line if not suppressed[i]]
        if not candidates:
            continue
        best = min(
            candidates,
            key=lambda i: _complement_key(int(table[i]), _is_total(i, table.shape, margins), i),
        )
        suppressed[best] = True
        return True
    return False


def _protect(
    table: IntArray, suppressed: BoolArray, primary: BoolArray, margins: bool, two_way: bool
) -> None:
    """Secondary suppression to a fixed point, in place."""
    while True:
        if _fix_singleton_lines(table, suppressed, margins):
            continue
        if two_way and _fix_one_bridge(table, suppressed, margins):
            continue
        if _fix_one_pinned(table, suppressed, primary, margins, two_way):
            continue
        return


def suppress_small_counts(
    counts: npt.ArrayLike,
    *,
    k: int = DEFAULT_K,
    margins: bool = True,
    suppress_zero: bool = False,
    coarsen: bool = False,
) -> SuppressedTable:
    """Suppress every count in 1..k-1 and whatever would let a reader recover one.

    counts: a 1-D table (e.g. events per district) or a 2-D table (district x category);
    margins: whether the totals (row, column and grand total) are published with the
    table. Totals are checked like cells: a district with 3 events in all is sensitive
    too. Returns masked arrays; `render` turns the result into text.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    cells = _validate(counts)
    two_way = cells.ndim == 2
    grid = cells if two_way else cells[np.newaxis, :]
    if margins:
        augmented = np.zeros((grid.shape[0] + 1, grid.shape[1] + 1), dtype=np.int64)
        augmented[:-1, :-1] = grid
        augmented[:-1, -1] = grid.sum(axis=1)
        augmented[-1, :-1] = grid.sum(axis=0)
        augmented[-1, -1] = grid.sum()
        if not two_way:
            # A 1-D table publishes only its grand total: one equation, one line.
            augmented = augmented[:1, :]
    else:
        augmented = grid.copy()
    primary_all = _sensitive(augmented, k, suppress_zero)
    suppressed = primary_all.copy()
    if margins:
        _protect(augmented, suppressed, primary_all, margins, two_way)

    n_r, n_c = grid.shape
    cell_suppressed = suppressed[:n_r, :n_c]
    cell_primary = primary_all[:n_r, :n_c]
    row_totals: np.ma.MaskedArray | None = None
    column_totals: np.ma.MaskedArray | None = None
    row_primary: BoolArray | None = None
    column_primary: BoolArray | None = None
    if margins and two_way:
        row_totals = np.ma.masked_array(augmented[:-1, -1], mask=suppressed[:-1, -1])
        column_totals = np.ma.masked_array(augmented[-1, :-1], mask=suppressed[-1, :-1])
        row_primary = primary_all[:-1, -1].copy()
        column_primary = primary_all[-1, :-1].copy()
    if margins:
        total = np.ma.masked_array(augmented[-1, -1], mask=suppressed[-1, -1])
        total_primary = bool(primary_all[-1, -1])
    else:
        total = np.ma.masked_array(grid.sum(), mask=True)
        total_primary = False
    if not two_way:
        cell_suppressed = cell_suppressed[0]
        cell_primary = cell_primary[0]
    return SuppressedTable(
        values=np.ma.masked_array(cells, mask=cell_suppressed.copy()),
        primary=cell_primary.copy(),
        secondary=cell_suppressed & ~cell_primary,
        row_totals=row_totals,
        column_totals=column_totals,
        total=total,
        row_totals_primary=row_primary,
        column_totals_primary=column_primary,
        total_primary=total_primary,
        k=k,
        suppress_zero=suppress_zero,
        margins=margins,
        coarsen=coarsen,
    )


def render_count(
    value: int | None,
    *,
    primary: bool = False,
    k: int = DEFAULT_K,
    coarsen: bool = False,
    gettext: Translate = wording.identity,
) -> str:
    """One published figure as text: "1 234", ".." when suppressed, "<5" for a coarsened one."""
    if value is None:
        if coarsen and primary:
            return gettext(wording.COARSE).format(k=k)
        return gettext(wording.SUPPRESSED)
    return wording.format_decimal(float(value), 0)


@dataclass(frozen=True)
class RenderedTable:
    """The texts of a suppressed table: cells, and the totals that are published."""

    cells: npt.NDArray[np.object_]
    row_totals: list[str] | None
    column_totals: list[str] | None
    total: str | None


def render(table: SuppressedTable, *, gettext: Translate = wording.identity) -> RenderedTable:
    """Every figure of `table` as text, ".." or "<k" where suppressed."""

    def text(value: object, hidden: bool, primary: bool) -> str:
        return render_count(
            None if hidden else int(value),  # type: ignore[call-overload]
            primary=primary,
            k=table.k,
            coarsen=table.coarsen,
            gettext=gettext,
        )

    data = np.ma.getdata(table.values)
    cells = np.empty(data.shape, dtype=object)
    for index in np.ndindex(data.shape):
        cells[index] = text(data[index], bool(table.mask[index]), bool(table.primary[index]))

    def margin(values: np.ma.MaskedArray | None, primary: BoolArray | None) -> list[str] | None:
        if values is None or primary is None:
            return None
        hidden = np.ma.getmaskarray(values)
        raw = np.ma.getdata(values)
        return [text(raw[i], bool(hidden[i]), bool(primary[i])) for i in range(raw.size)]

    total = None
    if table.margins:
        total = text(
            np.ma.getdata(table.total),
            bool(np.ma.getmaskarray(table.total)),
            table.total_primary,
        )
    return RenderedTable(
        cells=cells,
        row_totals=margin(table.row_totals, table.row_totals_primary),
        column_totals=margin(table.column_totals, table.column_totals_primary),
        total=total,
    )
