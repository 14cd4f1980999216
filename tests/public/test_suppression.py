"""Small-number suppression, property-based: no hidden cell can be worked out from what is published.

For random tables (a total with several one-way breakdowns that add up to it, and overlapping ones whose cells
do not exceed it), the published system is checked two independent ways:

* linear algebra (numpy): a hidden cell is determined by the published equations alone exactly when its unit
  vector lies in the row space of the equations restricted to the hidden cells;
* enumeration: every integer solution within what a reader knows ("<5": 1…4, "x": 5 or more, the shown values,
  each breakdown adding up to the total) is listed, and each hidden cell must take at least two values.
"""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.public.suppression import HIDDEN, SMALL, Breakdown, shown, small_label, suppress

LIMIT = 4


def _split(draw, total, parts):
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


@st.composite
def tables(draw):
    total = draw(st.integers(0, 14))
    breakdowns = []
    for _ in range(draw(st.integers(1, 3))):
        breakdowns.append(Breakdown(_split(draw, total, draw(st.integers(2, 4)))))
    if draw(st.booleans()):
        cells = draw(st.lists(st.integers(0, total), min_size=2, max_size=3))
        breakdowns.append(Breakdown(cells, additive=False))
    return total, breakdowns


def _hidden(table):
    return [(key, value) for key, value, flag in table.cells() if flag]


def _rank_determined(table):
    """Hidden cells determined by the additive equations alone (ignoring what the flags say of their size)."""
    hidden = [key for key, _value in _hidden(table)]
    if not hidden:
        return []
    rows = []
    for b in table.equations():
        row = [0.0] * len(hidden)
        for column, key in enumerate(hidden):
            if key is None:
                row[column] = -1.0
            elif key[0] == b:
                row[column] = 1.0
        rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    determined = []
    for column, key in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[column] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            determined.append(key)
    return determined


def _range_of(flag, value, cap):
    if flag == SMALL:
        return range(1, LIMIT + 1)
    if flag == HIDDEN:
        return range(LIMIT + 1, cap + 1)
    return range(value or 0, (value or 0) + 1)


def _solutions(table):
    """{hidden cell key: set of values it takes over every integer solution consistent with what is published}."""
    cap = (table.total or 0) + 3 * LIMIT + 2
    seen = {key: set() for key, _v in _hidden(table)}
    for total in _range_of(table.total_flag, table.total, cap):
        per_breakdown = []
        for b, breakdown in enumerate(table.breakdowns):
            if b in table.withheld:
                per_breakdown.append({})
                continue
            flags = table.flags[b]
            ranges = [_range_of(f, v, cap) for v, f in zip(breakdown.values, flags, strict=True)]
            values = {i: set() for i, f in enumerate(flags) if f}
            feasible = False
            for combo in itertools.product(*ranges):
                ok = sum(combo) == total if breakdown.additive else all(c <= total for c in combo)
                if ok:
                    feasible = True
                    for i in values:
                        values[i].add(combo[i])
            if not feasible:
                break
            per_breakdown.append(values)
        else:
            if None in seen:
                seen[None].add(total)
            for b, values in enumerate(per_breakdown):
                for i, found in values.items():
                    seen[(b, i)] |= found
    return seen


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_hidden_cell_can_be_worked_out(table_input):
    total, breakdowns = table_input
    table = suppress(total, breakdowns, limit=LIMIT)
    assert _rank_determined(table) == []
    for key, values in _solutions(table).items():
        assert len(values) >= 2, f"cell {key} can be worked out: {values} in {table}"


@settings(max_examples=200, deadline=None)
@given(tables())
def test_small_counts_read_less_than_five_and_zero_stays_zero(table_input):
    total, breakdowns = table_input
    table = suppress(total, breakdowns, limit=LIMIT)
    for _key, value, flag in table.cells():
        if value == 0:
            assert flag == "" and shown(value, flag) == 0
        elif 1 <= value <= LIMIT:
            assert flag == SMALL and shown(value, flag) == "<5"
        elif flag:
            assert flag == HIDDEN and shown(value, flag) == "x"
        else:
            assert shown(value, flag) == value


def test_a_breakdown_with_one_small_cell_hides_a_second_cell_and_the_other_breakdown_too():
    # 20 victims: 3 women and 17 men; 10 minors and 10 adults. The "3" alone would be 20 − 17.
    table = suppress(20, [Breakdown([3, 17]), Breakdown([10, 10])], limit=LIMIT)
    assert table.flags[0] == [SMALL, HIDDEN]
    assert table.total_flag == ""
    assert [shown(v, f) for v, f in zip(table.breakdowns[0].values, table.flags[0], strict=True)] == ["<5", "x"]


def test_a_complementary_cell_too_close_to_the_threshold_is_not_enough():
    # 1 + 5 + 14 = 20: hiding 1 ("<5") and 5 ("x": at least 5) would leave 1 + 5 = 6, so the "<5" is 1.
    table = suppress(20, [Breakdown([1, 5, 14])], limit=LIMIT)
    assert sorted(table.flags[0]) == sorted([SMALL, HIDDEN, HIDDEN])


def test_a_small_total_hides_its_small_cells_and_keeps_zeros():
    table = suppress(3, [Breakdown([3, 0]), Breakdown([1, 2, 0])], limit=LIMIT)
    assert table.total_flag == SMALL
    assert table.flags == [[SMALL, ""], [SMALL, SMALL, ""]]


def test_a_breakdown_of_small_counts_only_that_would_give_them_away_is_withheld():
    # 4 = 1 + 1 + 1 + 1: "<5" four times adds up to at least 4, so each is 1.
    table = suppress(4, [Breakdown([1, 1, 1, 1]), Breakdown([0, 4])], limit=LIMIT)
    assert table.withheld == {0}
    assert table.total_flag == SMALL


def test_the_threshold_comes_from_the_settings(settings):
    settings.PUBLIC_SUPPRESSION_THRESHOLD = 9
    assert small_label() == "<10"
    table = suppress(30, [Breakdown([8, 22])])
    assert table.flags[0] == [SMALL, HIDDEN]
