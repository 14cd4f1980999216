"""Small-number suppression: the one rule every public output (page, chart, CSV, XLSX) goes through.

A published count of persons between 1 and the threshold (`PUBLIC_SUPPRESSION_THRESHOLD`, default 4) is
not shown: it reads "<5" (primary suppression). Zero stays zero. Then enough other cells are hidden too
(secondary or complementary suppression, shown "x") that no hidden value can be worked out from what is
published: the total, the other cells of its breakdown, or the other one-way breakdowns of the same total.

A table is a total with one-way breakdowns (by sex; by age group; …). An *additive* breakdown adds up
to the total (cells + "not stated" = total); an overlapping one (one person, several forms of
exploitation) only says that no cell exceeds the total. What a reader knows about a hidden cell:

* "<5": it lies between 1 and the threshold;
* "x": it is above the threshold (small counts read "<5", zeros are shown);
* the equations of the additive breakdowns, and cell ≤ total for overlapping ones.

Given the total, the breakdowns are independent of each other, and each set of values a hidden cell can
take is an interval, so the exact range of every hidden cell follows from interval arithmetic
(`feasible_ranges`). A hidden cell is *disclosed* when its range holds one value; cells are added to the
secondary suppression, smallest first, from the equations that disclose a cell, until none is. When no
cell is left to hide (4 = 1 + 1 + 1 + 1, every one "<5"), the breakdown is withheld: not published at all.
"""

from dataclasses import dataclass, field

from django.conf import settings

SMALL = "small"  # primary: 1 … threshold, shown "<threshold+1"
HIDDEN = "hidden"  # secondary (complementary), shown "x"
INFINITY = 10**12


def threshold():
    return settings.PUBLIC_SUPPRESSION_THRESHOLD


def small_label(limit=None):
    """How a small count reads: "<5" for a threshold of 4."""
    return f"<{(threshold() if limit is None else limit) + 1}"


HIDDEN_LABEL = "x"


@dataclass
class Breakdown:
    """One one-way breakdown of a total: its cells' values (None: not reported) and whether they add up."""

    values: list
    additive: bool = True  # cells add up to the total (else: overlapping, each cell ≤ the total)


@dataclass
class Table:
    """A total and its one-way breakdowns, with the suppression flag of each cell ('' shown, SMALL, HIDDEN)."""

    total: int | None
    breakdowns: list
    total_flag: str = ""
    flags: list = field(default_factory=list)  # one list of flags per breakdown
    withheld: set = field(default_factory=set)  # breakdowns not published at all (no cell could be protected)

    def cells(self):
        """(key, value, flag) of the total (key None) and every cell ((breakdown, index))."""
        yield None, self.total, self.total_flag
        for b, breakdown in enumerate(self.breakdowns):
            if b in self.withheld:
                continue
            for i, value in enumerate(breakdown.values):
                yield (b, i), value, self.flags[b][i]

    def equations(self):
        """The published additive breakdowns (each adds up to the total)."""
        return [b for b, breakdown in enumerate(self.breakdowns) if breakdown.additive and b not in self.withheld]

    def flag(self, key):
        return self.total_flag if key is None else self.flags[key[0]][key[1]]

    def set_flag(self, key, flag):
        if key is None:
            self.total_flag = flag
        else:
            self.flags[key[0]][key[1]] = flag


def _bounds(flag, value, limit):
    """What a reader knows of a cell: its value, [1, limit] or [limit+1, ∞)."""
    if flag == SMALL:
        return 1, limit
    if flag == HIDDEN:
        return limit + 1, INFINITY
    return (value or 0), (value or 0)


def feasible_ranges(table, limit):
    """{cell key: (lowest, highest)} that each hidden cell can take given everything published (exact)."""
    low_t, high_t = _bounds(table.total_flag, table.total, limit)
    parts = []  # per additive breakdown: (published sum, hidden lows, hidden highs)
    for b, breakdown in enumerate(table.breakdowns):
        flags = table.flags[b]
        if b in table.withheld:
            continue
        if breakdown.additive:
            published = sum(v or 0 for v, f in zip(breakdown.values, flags, strict=True) if not f)
            lows = sum(_bounds(f, v, limit)[0] for v, f in zip(breakdown.values, flags, strict=True) if f)
            highs = sum(_bounds(f, v, limit)[1] for v, f in zip(breakdown.values, flags, strict=True) if f)
            parts.append((b, published, lows, highs))
            low_t, high_t = max(low_t, published + lows), min(high_t, published + highs)
        else:  # overlapping: each cell ≤ total
            for v, f in zip(breakdown.values, flags, strict=True):
                low_t = max(low_t, _bounds(f, v, limit)[0])
    ranges = {}
    if table.total_flag:
        ranges[None] = (low_t, high_t)
    additive = {b: (published, lows, highs) for b, published, lows, highs in parts}
    for key, value, flag in table.cells():
        if key is None or not flag:
            continue
        low, high = _bounds(flag, value, limit)
        b = key[0]
        if b in additive:
            published, lows, highs = additive[b]
            own_low, own_high = low, high
            others_low, others_high = lows - own_low, highs - own_high
            low = max(own_low, low_t - published - others_high)
            high = min(own_high, high_t - published - others_low)
        else:
            high = min(high, high_t)
        ranges[key] = (low, high)
    return ranges


def disclosed(table, limit):
    """The hidden cells whose value can be worked out (their range holds a single value)."""
    return [key for key, (low, high) in feasible_ranges(table, limit).items() if low >= high]


def _candidates(table, key):
    """Cells that, hidden too, protect `key`: the other shown non-zero cells of its equations, smallest first
    (the total last: it is the figure readers need most)."""
    if key is None:
        equations = table.equations()
    else:
        equations = [key[0]] if key[0] in table.equations() else []
    found = []
    for b in equations:
        for i, value in enumerate(table.breakdowns[b].values):
            if value and not table.flags[b][i]:
                found.append((0, value, (b, i)))
    if key is not None and table.total and not table.total_flag:
        found.append((1, table.total, None))
    return [k for _rank, _value, k in sorted(found, key=lambda c: (c[0], c[1], str(c[2])))]


def _pinning_breakdown(table, limit):
    """The additive breakdown that narrows the total's range most beyond what its own flag says."""
    own_low, own_high = _bounds(table.total_flag, table.total, limit)
    best, best_gain = None, -1
    for b in table.equations():
        values, flags = table.breakdowns[b].values, table.flags[b]
        published = sum(v or 0 for v, f in zip(values, flags, strict=True) if not f)
        low = published + sum(_bounds(f, v, limit)[0] for v, f in zip(values, flags, strict=True) if f)
        high = published + sum(_bounds(f, v, limit)[1] for v, f in zip(values, flags, strict=True) if f)
        gain = max(low - own_low, 0) + max(own_high - high, 0)
        if gain > best_gain:
            best, best_gain = b, gain
    return best


def suppress(total, breakdowns, *, limit=None):
    """The Table of `total` and `breakdowns` ([Breakdown]) with its suppression flags set (see the module)."""
    limit = threshold() if limit is None else limit
    table = Table(total, breakdowns, flags=[[""] * len(b.values) for b in breakdowns])
    for key, value, _flag in list(table.cells()):
        if value is not None and 1 <= value <= limit:
            table.set_flag(key, SMALL)
    while True:
        open_cells = disclosed(table, limit)
        if not open_cells:
            return table
        for key in open_cells:
            candidates = _candidates(table, key)
            if candidates:
                table.set_flag(candidates[0], HIDDEN)
                break
        else:
            # Nothing left to hide in the equations that disclose a cell (1 + 1 + 1 + 1 = "<5"): the breakdown is
            # not published at all; for the total, the last of the breakdowns that add up to it.
            key = open_cells[0]
            table.withheld.add(key[0] if key is not None else _pinning_breakdown(table, limit))


def shown(value, flag):
    """A cell as published: its number, "<5" or "x" (None when not reported)."""
    if flag == SMALL:
        return small_label()
    if flag == HIDDEN:
        return HIDDEN_LABEL
    return value
