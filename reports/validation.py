"""The rules engine: evaluates the indicators' ValidationRules on a report's statistics.

Each rule gives zero or more `Issue`s, attached to the cell they are about (the total cell when the
rule is about the indicator as a whole). Errors block submission; warnings need a short explanation.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from strategy.choices import RuleKind, Severity

from .grid import cell_input_name


@dataclass(frozen=True)
class Issue:
    """One finding of a rule: its severity, message, and the cell it is shown next to."""

    severity: str
    message: str
    indicator_id: int
    cell_key: str = ""

    @property
    def is_error(self):
        return self.severity == Severity.ERROR

    @property
    def input_name(self):
        return cell_input_name(self.indicator_id, self.cell_key)


def _n(value):
    return number_format(value.normalize() if isinstance(value, Decimal) else value, force_grouping=True)


def indicator_total(grid, values):
    """The indicator's total: the entered total cell, else the sum of its breakdown, else None."""
    total = values.get((grid.pk, ""))
    if total is not None:
        return total
    return breakdown_sum(grid, values)


def breakdown_sum(grid, values):
    filled = [values[(grid.pk, k)] for k in grid.cell_keys() if (grid.pk, k) in values]
    return sum(filled, Decimal(0)) if filled else None


def _message(rule, default):
    return rule.message or default


def _check_non_negative(rule, grid, values, context):
    for key in grid.all_keys():
        value = values.get((grid.pk, key))
        if value is not None and value < 0:
            yield key, _message(rule, _("A count cannot be negative."))


def _check_breakdown_sum(rule, grid, values, context):
    if rule.dimension_id and rule.dimension_id not in {d.pk for _p, d, _o in grid.dimensions}:
        return
    parts = breakdown_sum(grid, values)
    if parts is None:
        return
    total = values.get((grid.pk, ""))
    dimension = rule.dimension or grid.row_dimension
    if total is None:
        yield "", _message(rule, _("Enter the total: the breakdown adds up to %(sum)s.") % {"sum": _n(parts)})
    elif total != parts:
        yield "", _message(rule, _("The breakdown by %(dimension)s adds up to %(sum)s, not to the total %(total)s.") % {
            "dimension": str(dimension).lower() if dimension else _("options"), "sum": _n(parts), "total": _n(total),
        })


def _check_less_or_equal(rule, grid, values, context):
    other = context["grids"].get(rule.other_indicator_id)
    if other is None:
        return
    mine, bound = indicator_total(grid, values), indicator_total(other, values)
    if mine is None or bound is None:
        return
    if mine > bound:
        yield "", _message(rule, _("%(value)s is more than %(other)s (%(bound)s).") % {
            "value": _n(mine), "other": other.indicator.label, "bound": _n(bound),
        })


def _check_deviation(rule, grid, values, context):
    earlier = context["previous"].get(grid.pk) or []
    current = indicator_total(grid, values)
    if current is None or not earlier or not rule.threshold_percent:
        return
    average = sum(earlier, Decimal(0)) / len(earlier)
    if average == 0:
        return
    departure = abs(current - average) / average * 100
    if departure > rule.threshold_percent:
        yield "", _message(rule, _(
            "%(value)s departs by more than %(threshold)s%% from the average of earlier quarters (%(average)s): "
            "please check it."
        ) % {"value": _n(current), "threshold": rule.threshold_percent, "average": _n(average.quantize(Decimal("0.1")))})


CHECKS = {
    RuleKind.NON_NEGATIVE: _check_non_negative,
    RuleKind.BREAKDOWN_SUM: _check_breakdown_sum,
    RuleKind.LESS_OR_EQUAL: _check_less_or_equal,
    RuleKind.DEVIATION: _check_deviation,
}


def evaluate(grids, values, *, previous=None):
    """Run every active rule of these indicator grids on `values` ((indicator id, key) → Decimal)."""
    context = {"grids": {g.pk: g for g in grids}, "previous": previous or {}}
    issues = []
    for grid in grids:
        for rule in grid.rules:
            check = CHECKS.get(rule.kind)
            if check is None or not rule.is_active:
                continue
            for key, message in check(rule, grid, values, context):
                issues.append(Issue(severity=rule.severity, message=str(message), indicator_id=grid.pk, cell_key=key))
    return issues


def issues_by_input(issues):
    """{input name: [Issue]} for showing the issues next to their cells."""
    by_name = {}
    for issue in issues:
        by_name.setdefault(issue.input_name, []).append(issue)
    return by_name
