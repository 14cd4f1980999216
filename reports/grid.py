"""The statistics grid of a quarterly report: each indicator laid out as rows × columns of input cells
(the view-model of the form, its input names and HTML ids), and how the grids of an institution are read."""

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from strategy.models import DimensionOption, Indicator, IndicatorDimension, ValidationRule

from .models import StatValue


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
    """An indicator laid out as a grid: rows = options of its first dimension, columns = the
    cross product of the options of the others; plus the indicator's own total cell."""

    indicator: Indicator
    dimensions: list  # [(position, Dimension, [DimensionOption])] ordered by position
    rules: list

    @property
    def pk(self):
        return self.indicator.pk

    @property
    def row_dimension(self):
        return self.dimensions[0][1] if self.dimensions else None

    @property
    def rows(self):
        return self.dimensions[0][2] if self.dimensions else []

    @property
    def column_dimensions(self):
        return [d for _p, d, _o in self.dimensions[1:]]

    @property
    def columns(self):
        """Tuples of options of dimensions 2..n, in order; [()] when there is one dimension."""
        return list(itertools.product(*[opts for _p, _d, opts in self.dimensions[1:]]))

    def key_for(self, row_option, column_options):
        return StatValue.make_cell_key(row_option.pk, *[o.pk for o in column_options])

    def cell_keys(self):
        """Every key of the grid's cells (not the total)."""
        if not self.dimensions:
            return []
        return [self.key_for(r, c) for r in self.rows for c in self.columns]

    def all_keys(self):
        return ["", *self.cell_keys()]

    def options_for_key(self, key):
        """{position: option id} of a cell key."""
        if not key:
            return {}
        ids = [int(part) for part in key.split("-")]
        return {position: option_id for (position, _d, _o), option_id in zip(self.dimensions, ids, strict=True)}

    def label_for_key(self, key):
        """'Total' or the cell's options joined by ' · ', for messages and the diff."""
        if not key:
            return None
        by_id = {o.pk: o for _p, _d, opts in self.dimensions for o in opts}
        return " · ".join(str(by_id[int(part)]) for part in key.split("-") if int(part) in by_id)

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
        """The grid as rows of cells for the template, with computed row/column totals.

        `values` maps (indicator id, key) → Decimal; `raw` (optional) maps input names to text the
        user typed (kept on the page after a refused save); `errors` maps input names to messages.
        """
        errors = errors or {}
        raw = raw or {}

        def cell(key, labelledby):
            name = cell_input_name(self.pk, key)
            value = values.get((self.pk, key))
            shown = raw[name] if name in raw else ("" if value is None else plain_number(value))
            return {"key": key, "name": name, "value": value, "shown": shown, "error": errors.get(name),
                    "labelledby": labelledby}

        pk = self.pk
        total = cell("", f"indicator-{pk}-title indicator-{pk}-total-label")
        rows = []
        column_sums = [None] * len(self.columns)
        for r, row_option in enumerate(self.rows, start=1):
            cells = [cell(self.key_for(row_option, col), f"h{pk}-r{r} {self._column_header_ids(c)}")
                     for c, col in enumerate(self.columns, start=1)]
            row_sum = _sum(c["value"] for c in cells)
            for i, c in enumerate(cells):
                if c["value"] is not None:
                    column_sums[i] = (column_sums[i] or 0) + c["value"]
            rows.append({"option": row_option, "cells": cells, "total": row_sum})
        column_labels = [" · ".join(str(o) for o in c) for c in self.columns]
        grand = _sum(column_sums)
        return {
            "grid": self, "total": total, "rows": rows, "column_labels": column_labels,
            "header_rows": self.header_rows(),
            "column_totals": column_sums, "breakdown_total": grand,
            "has_columns": len(self.columns) > 1 or bool(self.column_dimensions),
            "mismatch": total["value"] is not None and grand is not None and total["value"] != grand,
        }


def _sum(values):
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def plain_number(value):
    """A Decimal without trailing zeros ('12', '12.5'), as typed into an input."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text



def indicator_grids(institution):
    """The institution's active indicators as grids (four queries, whatever their number)."""
    options = DimensionOption.objects.filter(is_archived=False).order_by("order", "code")
    dimensions = IndicatorDimension.objects.select_related("dimension").prefetch_related(
        Prefetch("dimension__options", queryset=options)
    ).order_by("position")
    rules = ValidationRule.objects.filter(is_active=True).select_related("dimension", "other_indicator")
    indicators = (
        Indicator.objects.for_institution(institution).active()
        .select_related("pillar")
        .prefetch_related(Prefetch("indicator_dimensions", queryset=dimensions), Prefetch("rules", queryset=rules))
        .order_by("order", "code")
    )
    return [
        IndicatorGrid(
            indicator=ind,
            dimensions=[(d.position, d.dimension, list(d.dimension.options.all())) for d in ind.indicator_dimensions.all()],
            rules=list(ind.rules.all()),
        )
        for ind in indicators
    ]
