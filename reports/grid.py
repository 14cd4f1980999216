"""The statistics grid of a quarterly report: each indicator laid out as rows × columns of input cells
(the view-model of the form, its input names and HTML ids), and how the grids of an institution are read."""

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from strategy import definitions
from strategy.choices import BreakdownLayout
from strategy.models import DimensionOption, Indicator, IndicatorDimension, RuleTerm, ValidationRule

from .models import StatValue
from .numbers import AtLeast, display_figure, is_lower_bound, plain_number  # noqa: F401 (plain_number: re-exported)


@dataclass
class Cell:
    """One input of the grid: its key, its input name and its value (None when empty)."""

    indicator_id: int
    key: str
    value: object = None

    @property
    def name(self):
        return cell_input_name(self.indicator_id, self.key)


def cell_input_name(indicator_id, cell_key):
    """The name of the input of one cell: v-<indicator id>-<cell key> ('' key = the total)."""
    return f"v-{indicator_id}-{cell_key}"


@dataclass
class IndicatorGrid:
    """An indicator laid out for entry: its total cell, and its breakdowns as the indicator declares them.

    * the cross-table (layout `cross`, or `both`): rows = options of the first dimension, columns = the
      cross product of the options of the others; a cell has one option per dimension (key "12-34");
    * one-way tables (layout `separate`, or `both`): one small table per dimension, a cell has one option
      (key "12", the option in the column of its dimension's position).

    With a single dimension the two are the same table (key "12"), shown as the grid.
    """

    indicator: Indicator
    dimensions: list  # [(position, Dimension, [DimensionOption])] ordered by position
    rules: list
    overlapping: frozenset = frozenset()  # ids of the dimensions whose options overlap (one person, several)

    @property
    def pk(self):
        return self.indicator.pk

    @property
    def breakdown_layout(self):
        return self.indicator.breakdown_layout

    @property
    def has_cross(self):
        """Whether the cross-table is entered (always, for a single dimension)."""
        if not self.dimensions:
            return False
        return len(self.dimensions) == 1 or self.breakdown_layout in (BreakdownLayout.CROSS, BreakdownLayout.BOTH)

    @property
    def has_one_way(self):
        """Whether separate one-way tables are entered (two or more dimensions, layout separate or both)."""
        return len(self.dimensions) > 1 and self.breakdown_layout in (BreakdownLayout.SEPARATE, BreakdownLayout.BOTH)

    @property
    def row_dimension(self):
        return self.dimensions[0][1] if self.dimensions else None

    @property
    def rows(self):
        return self.dimensions[0][2] if self.has_cross else []

    @property
    def column_dimensions(self):
        return [d for _p, d, _o in self.dimensions[1:]]

    @property
    def columns(self):
        """Tuples of options of dimensions 2..n, in order; [()] when there is one dimension."""
        return list(itertools.product(*[opts for _p, _d, opts in self.dimensions[1:]]))

    def key_for(self, row_option, column_options):
        return StatValue.make_cell_key(row_option.pk, *[o.pk for o in column_options])

    def cross_keys(self):
        """The keys of the cross-table's cells ([] when it is not entered)."""
        if not self.has_cross:
            return []
        return [self.key_for(r, c) for r in self.rows for c in self.columns]

    def one_way_keys(self, position=None):
        """The keys of the one-way tables' cells (of one dimension, or of all); [] when they are not entered."""
        if not self.has_one_way:
            return []
        return [str(o.pk) for p, _d, opts in self.dimensions if position in (None, p) for o in opts]

    def cell_keys(self):
        """Every key of the breakdown cells (not the total)."""
        return [*self.cross_keys(), *self.one_way_keys()]

    def all_keys(self):
        return ["", *self.cell_keys()]

    def is_cross_key(self, key):
        return bool(key) and (len(self.dimensions) == 1 or "-" in key)

    def _position_of_option(self):
        return {o.pk: p for p, _d, opts in self.dimensions for o in opts}

    def options_for_key(self, key):
        """{position: option id} of a cell key."""
        if not key:
            return {}
        ids = [int(part) for part in key.split("-")]
        if len(ids) == 1:
            return {self._position_of_option()[ids[0]]: ids[0]}
        return {position: option_id for (position, _d, _o), option_id in zip(self.dimensions, ids, strict=True)}

    def label_for_key(self, key):
        """'Total' (None), the cell's options joined by ' · ', or 'Sex: Female' for a one-way cell."""
        if not key:
            return None
        by_id = {o.pk: (d, o) for _p, d, opts in self.dimensions for o in opts}
        parts = [int(part) for part in key.split("-") if int(part) in by_id]
        if len(parts) == 1 and len(self.dimensions) > 1:
            dimension, option = by_id[parts[0]]
            return f"{dimension}: {option}"
        return " · ".join(str(by_id[part][1]) for part in parts)

    def cross_filled(self, values):
        """Whether any cell of the cross-table holds a value (then `both` shows the one-way tables derived)."""
        return any(values.get((self.pk, key)) is not None for key in self.cross_keys())

    def layout_conflict(self, values):
        """True when an indicator entered either way (`both`) has values in the cross-table and in one-way tables."""
        if not (self.has_cross and self.has_one_way):
            return False
        return self.cross_filled(values) and any(values.get((self.pk, k)) is not None for k in self.one_way_keys())

    def marginals(self, values, position):
        """{option id: sum of the cross-table's cells with that option at `position`} (None when none is filled)."""
        index = [p for p, _d, _o in self.dimensions].index(position)
        parts = {}
        for key in self.cross_keys():
            value = values.get((self.pk, key))
            if value is not None:
                parts.setdefault(int(key.split("-")[index]), []).append(value)
        return {option_id: figure_sum(found) for option_id, found in parts.items()}

    def _group_size(self):
        """How many columns each option of the second dimension spans (1 unless there is a third)."""
        return len(self.dimensions[2][2]) if len(self.dimensions) > 2 else 1

    def _column_header_ids(self, column_number):
        ids = f"h{self.pk}-c{column_number}"
        if len(self.dimensions) > 2:
            ids = f"h{self.pk}-g{(column_number - 1) // self._group_size() + 1} " + ids
        return ids

    def header_rows(self):
        """The column headers: one row per column dimension, as (id, label, colspan); the last row has one
        header per column. With a single dimension there is one 'Value' column."""
        pk = self.pk
        if len(self.dimensions) < 2:
            return [[(f"h{pk}-c1", None, 1)]]
        if len(self.dimensions) == 2:
            return [[(f"h{pk}-c{c}", str(o[0]), 1) for c, o in enumerate(self.columns, start=1)]]
        size = self._group_size()
        top = [(f"h{pk}-g{g}", str(o), size) for g, o in enumerate(self.dimensions[1][2], start=1)]
        bottom = [(f"h{pk}-c{c}", str(o[-1]), 1) for c, o in enumerate(self.columns, start=1)]
        return [top, bottom]

    def layout(self, values, errors=None, raw=None):
        """The indicator for the template: its total, the cross-table's rows of cells with computed row and
        column totals, and the one-way tables with their sums.

        `values` maps (indicator id, key) → Decimal (AtLeast for "at least" figures); `raw` (optional) maps
        input names to text the user typed (kept on the page after a refused save); `errors` maps input
        names to messages. For `both`, once the cross-table holds values the one-way tables are its
        marginals, shown read-only; once the one-way tables hold values the cross-table is not shown.
        """
        errors = errors or {}
        raw = raw or {}

        def cell(key, labelledby, value=None, derived=False):
            name = cell_input_name(self.pk, key)
            if not derived:
                value = values.get((self.pk, key))
            shown = raw[name] if name in raw and not derived else ("" if value is None else display_figure(value))
            return {"key": key, "name": name, "value": value, "shown": shown, "error": errors.get(name),
                    "labelledby": labelledby, "derived": derived, "lower_bound": is_lower_bound(value)}

        pk = self.pk
        total = cell("", f"indicator-{pk}-title indicator-{pk}-total-label")
        cross_filled = self.cross_filled(values)
        # Entered either way: once the one-way tables hold values, the (empty) cross-table is not offered.
        cross_hidden = self.has_cross and self.has_one_way and not cross_filled and any(
            values.get((pk, key)) is not None for key in self.one_way_keys())
        shown_rows = [] if cross_hidden else self.rows
        rows = []
        column_parts = [[] for _ in self.columns] if shown_rows else []
        for r, row_option in enumerate(shown_rows, start=1):
            cells = [cell(self.key_for(row_option, col), f"h{pk}-r{r} {self._column_header_ids(c)}")
                     for c, col in enumerate(self.columns, start=1)]
            for i, c in enumerate(cells):
                if c["value"] is not None:
                    column_parts[i].append(c["value"])
            rows.append({"option": row_option, "cells": cells, "total": figure_sum(c["value"] for c in cells)})
        column_sums = [figure_sum(parts) for parts in column_parts]
        grand = figure_sum(column_sums)
        tables = []
        if self.has_one_way:
            derived = self.has_cross and cross_filled
            for position, dimension, options in self.dimensions:
                marginals = self.marginals(values, position) if derived else {}
                table_rows = [
                    {"option": option, "header_id": f"h{pk}-d{position}-r{n}",
                     "cell": cell(str(option.pk), f"indicator-{pk}-d{position}-title h{pk}-d{position}-r{n}",
                                  value=marginals.get(option.pk), derived=derived)}
                    for n, option in enumerate(options, start=1)
                ]
                table_sum = figure_sum(row["cell"]["value"] for row in table_rows)
                overlapping = dimension.pk in self.overlapping
                tables.append({
                    "position": position, "dimension": dimension, "rows": table_rows, "sum": table_sum,
                    "title_id": f"indicator-{pk}-d{position}-title", "anchor": table_anchor(pk, dimension.pk),
                    "dimension_id": dimension.pk, "overlapping": overlapping, "derived": derived,
                    "mismatch": (not overlapping and total["value"] is not None and table_sum is not None
                                 and Decimal(total["value"]) != Decimal(table_sum)),
                })
        return {
            "grid": self, "total": total, "rows": rows, "column_labels": [" · ".join(str(o) for o in c) for c in self.columns],
            "header_rows": self.header_rows() if shown_rows else [],
            # A cross-table of three dimensions is wide: the page lets the reporter see one option of the second
            # dimension at a time (its columns are groups of slice_size), all columns without JavaScript.
            "slice_size": self._group_size() if shown_rows and len(self.dimensions) > 2 else None,
            "slice_dimension": self.dimensions[1][1] if len(self.dimensions) > 2 else None,
            "column_totals": column_sums, "breakdown_total": grand, "tables": tables, "cross_hidden": cross_hidden,
            "has_columns": bool(shown_rows) and (len(self.columns) > 1 or bool(self.column_dimensions)),
            "mismatch": (total["value"] is not None and grand is not None
                         and Decimal(total["value"]) != Decimal(grand)),
        }


def table_anchor(indicator_id, dimension_id):
    """The HTML id of a one-way table's messages (validation issues about the whole table point there)."""
    return f"v-{indicator_id}-sum-{dimension_id}"


def figure_sum(values):
    """The sum of the present values (None when there are none); "at least" when any part is."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    total = sum(present, Decimal(0))
    return AtLeast(total) if any(is_lower_bound(v) for v in present) else total


def indicator_grids(institution, *, rows=None, token=None):
    """The institution's active indicators as grids, with the options not archived; with `rows` (a report's
    QuarterlyReport.plan_rows), exactly the indicators and options listed there. Built in five queries, whatever
    their number, and kept in the process until a definition changes (strategy.definitions: one query then).
    The grids are shared between requests: read them, never change them. `token`: the definitions' token when
    already read (strategy.definitions.kept)."""
    key = (institution.pk, institution.kind,
           None if rows is None else (tuple(rows["indicators"]), tuple(rows["options"])))
    return list(definitions.kept("indicator_grids", key, lambda: _read_indicator_grids(institution, rows=rows),
                                 token=token))


def warm_indicator_grids():
    """Build the grids of every reporting institution now, as a server process starts (antitrafik.warm), so that
    no institution's first page or save in the process pays for them (five queries and some 20 ms each, which
    on the deadline day every process would pay once per institution). How many institutions."""
    from institutions.models import Institution

    token = definitions.definitions_token()
    institutions = list(Institution.objects.reporting())
    for institution in institutions:
        indicator_grids(institution, token=token)
    return len(institutions)


def _read_indicator_grids(institution, *, rows=None):
    options = DimensionOption.objects.order_by("order", "code")
    options = options.filter(pk__in=rows["options"]) if rows is not None else options.filter(is_archived=False)
    dimensions = IndicatorDimension.objects.select_related("dimension").prefetch_related(
        Prefetch("dimension__options", queryset=options)
    ).order_by("position")
    terms = RuleTerm.objects.select_related("indicator", "option")
    rules = ValidationRule.objects.filter(is_active=True).select_related(
        "dimension", "other_indicator", "option").prefetch_related(Prefetch("terms", queryset=terms))
    chosen = (Indicator.objects.filter(pk__in=rows["indicators"]) if rows is not None
              else Indicator.objects.for_institution(institution).active())
    indicators = (
        chosen.select_related("pillar")
        .prefetch_related(Prefetch("indicator_dimensions", queryset=dimensions), Prefetch("rules", queryset=rules))
        .order_by("order", "code")
    )
    return [
        IndicatorGrid(
            indicator=ind,
            dimensions=[(d.position, d.dimension, list(d.dimension.options.all())) for d in ind.indicator_dimensions.all()],
            rules=list(ind.rules.all()),
            overlapping=frozenset(d.dimension_id for d in ind.indicator_dimensions.all() if d.options_overlap),
        )
        for ind in indicators
    ]
