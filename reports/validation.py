"""The rules engine: evaluates the indicators' ValidationRules on a report's statistics.

Each rule gives zero or more `Issue`s, attached to the cell they are about (the total cell when the
rule is about the indicator as a whole, the one-way table when it is about a table's sum). Errors block
submission; warnings need a short explanation; notices (a rule that could not be checked) are only shown.

Breakdowns ("breakdown adds up to the total", one rule per dimension):

* a one-way table (the report's one-way cells of the rule's dimension) must add up to the total; when the
  report has none, the cross-table's cells must (checked once per indicator, whichever rule comes first);
* "at least" figures: a breakdown that does not add up because of them, or a value below a published
  minimum (the total below the sum of "at least" parts, say), is a warning with an explanation, never
  an error;
* overlapping options (IndicatorDimension.options_overlap: one person, several forms of exploitation):
  the sum may exceed the total, but no single option may. The sum may fall below the total only while
  the table does not account for every person: once its "unknown" option is filled (0 included) every
  person counts in at least one option, so the sum must reach the total. Without an "unknown" cell
  nothing else is checked.

Relations (minors in VT-01 ≥ VT-06; CJ-01 = CJ-02 + CJ-03) compare an indicator, or one option of its breakdown
(a slice), with the sum of others; `relation_result` evaluates them on any figures, and the committee report uses
it on the national figures.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from strategy.choices import Comparator, RuleKind, Severity
from strategy.models import UNKNOWN_OPTION_CODE, slice_label

from .grid import cell_input_name, figure_sum, table_anchor
from .numbers import AT_LEAST_SIGN, is_lower_bound

NOTICE = "notice"  # a rule that could not be checked: shown, it neither blocks nor needs an explanation


@dataclass(frozen=True)
class Issue:
    """One finding of a rule: its severity, message, and the cell (or one-way table) it is shown next to."""

    severity: str
    message: str
    indicator_id: int
    cell_key: str = ""
    dimension_id: int | None = None  # set when the finding is about a one-way table as a whole
    indicator: str = ""  # "V01 Victims identified": lists away from the grid name the indicator
    where: str = ""  # the cell's options, "Female, Minor" ("" for the total or a whole table)

    @property
    def is_error(self):
        return self.severity == Severity.ERROR

    @property
    def is_warning(self):
        return self.severity == Severity.WARNING

    @property
    def is_notice(self):
        return self.severity == NOTICE

    @property
    def input_name(self):
        if self.dimension_id is not None:
            return table_anchor(self.indicator_id, self.dimension_id)
        return cell_input_name(self.indicator_id, self.cell_key)


@dataclass(frozen=True)
class Finding:
    """What a check yields: the message, where it goes, and a severity when it is not the rule's own."""

    message: str
    cell_key: str = ""
    severity: str | None = None
    dimension_id: int | None = None


def needs_explanation(issues):
    """Whether these issues include warnings (then submitting needs a short explanation)."""
    return any(i.is_warning for i in issues)


def _n(value):
    text = number_format(value.normalize() if isinstance(value, Decimal) else value, force_grouping=True)
    return f"{AT_LEAST_SIGN} {text}" if is_lower_bound(value) else text


def indicator_total(grid, values):
    """The indicator's total: the entered total cell, else the sum of its cross-table, else of a one-way
    table whose options do not overlap; None when there is none. "At least" when its parts are."""
    total = values.get((grid.pk, ""))
    if total is not None:
        return total
    if not grid.overlapping:
        cross = figure_sum(values.get((grid.pk, k)) for k in grid.cross_keys())
        if cross is not None:
            return cross
    for position, dimension, _options in grid.dimensions:
        if dimension.pk not in grid.overlapping:
            table = figure_sum(values.get((grid.pk, k)) for k in grid.one_way_keys(position))
            if table is not None:
                return table
    return None


def breakdown_sum(grid, values):
    """The sum of the cross-table's cells (None when none is filled)."""
    return figure_sum(values.get((grid.pk, k)) for k in grid.cross_keys())


def _message(rule, default):
    """The rule's own message in the reader's language, else the standard one (English readers never get the
    Albanian text of a rule that has no English message)."""
    custom = rule.message_en if (get_language() or "sq").startswith("en") else rule.message
    # The rule's own words say what is wrong; the standard message keeps the figures that show it.
    return f"{custom} ({default})" if custom else default


def _check_breakdown_sum(rule, grid, values, context):
    positions = {d.pk: (p, d, opts) for p, d, opts in grid.dimensions}
    dimension = rule.dimension or grid.row_dimension
    if dimension is None or dimension.pk not in positions:
        return
    position, dimension, options = positions[dimension.pk]
    total = values.get((grid.pk, ""))
    one_way = [(o, str(o.pk), values.get((grid.pk, str(o.pk)))) for o in options] if grid.has_one_way else []
    if any(v is not None for _o, _k, v in one_way):
        yield from _check_table(rule, dimension, one_way, total, overlapping=dimension.pk in grid.overlapping,
                                dimension_id=dimension.pk)
        return
    if grid.pk in context["cross_checked"]:
        return
    context["cross_checked"].add(grid.pk)
    if len(grid.dimensions) == 1:
        cells = [(o, str(o.pk), values.get((grid.pk, str(o.pk)))) for o in options]
        yield from _check_table(rule, dimension, cells, total, overlapping=dimension.pk in grid.overlapping)
        return
    if grid.overlapping:
        return  # a cross-table of overlapping options has no sum to check
    parts = breakdown_sum(grid, values)
    if parts is not None:
        yield from _compare(rule, dimension, parts, total, dimension_id=None)


def _check_table(rule, dimension, cells, total, *, overlapping, dimension_id=None):
    """One table of options [(option, key, value)] against the total."""
    parts = figure_sum(v for _o, _k, v in cells)
    if parts is None:
        return
    if not overlapping:
        yield from _compare(rule, dimension, parts, total, dimension_id=dimension_id)
        return
    if total is None:
        yield Finding(_message(rule, _("Enter the total: one person may count in several options of the breakdown "
                                       "%(by)s, so their sum is not the total.") % {"by": _by(dimension)}))
        return
    for option, key, value in cells:
        if value is None or is_lower_bound(total) or value <= total:
            continue
        if is_lower_bound(value):
            yield Finding(_("The published minimum for %(option)s (%(value)s) is more than the total %(total)s: "
                            "the total is below what the source gives as a minimum.") % {
                "option": option, "value": _n(value), "total": _n(total)}, key, Severity.WARNING)
        else:
            yield Finding(_message(rule, _("%(option)s (%(value)s) is more than the total %(total)s: a person counts "
                                           "at most once in each option.") % {
                "option": option, "value": _n(value), "total": _n(total)}), key)
    unknown = [v for o, _k, v in cells if o.code == UNKNOWN_OPTION_CODE]
    if not unknown or unknown[0] is None or parts >= total:
        return  # without the unknown cell the table may leave people out: the sum is not checked from below
    if is_lower_bound(parts) or is_lower_bound(total):
        yield _lower_bound_shortfall(dimension, parts, total, dimension_id)
    else:
        yield Finding(_message(rule, _(
            "The breakdown %(by)s adds up to %(sum)s, less than the total %(total)s: with its unknown cell "
            "filled, every person counts in at least one option.") % {
            "by": _by(dimension), "sum": _n(parts), "total": _n(total)}), dimension_id=dimension_id)


def _by(dimension):
    """'sipas gjinisë' / 'by sex': the dimension's stored phrase, declined as the sentence needs it."""
    return dimension.by_label if dimension else _("by option")


def _lower_bound_shortfall(dimension, parts, total, dimension_id):
    if is_lower_bound(total) and not is_lower_bound(parts):
        return Finding(_("The breakdown %(by)s adds up to %(sum)s, below the published minimum of the total "
                         "(%(total)s): check the figures or explain.") % {
            "by": _by(dimension), "sum": _n(parts), "total": _n(total)},
            severity=Severity.WARNING, dimension_id=dimension_id)
    return Finding(_("The breakdown %(by)s adds up to %(sum)s because some of its figures are “at least” "
                     "figures, short of the total %(total)s: explain the part that is not broken down.") % {
        "by": _by(dimension), "sum": _n(parts), "total": _n(total)},
        severity=Severity.WARNING, dimension_id=dimension_id)


def _compare(rule, dimension, parts, total, *, dimension_id):
    """A breakdown whose options do not overlap: its sum is the total."""
    if total is None:
        yield Finding(_message(rule, _("Enter the total: the breakdown adds up to %(sum)s.") % {"sum": _n(parts)}))
        return
    parts_bound, total_bound = is_lower_bound(parts), is_lower_bound(total)
    if parts_bound and total_bound:
        return  # two minimums: nothing can be said about how they relate
    if not parts_bound and not total_bound:
        if parts != total:
            yield Finding(_message(rule, _("The breakdown %(by)s adds up to %(sum)s, not to the total %(total)s.") % {
                "by": _by(dimension), "sum": _n(parts), "total": _n(total)}), dimension_id=dimension_id)
        return
    if parts_bound and parts > total:
        yield Finding(_("The breakdown %(by)s adds up to %(sum)s, more than the total %(total)s: the total is "
                        "below the sum of the published minimums. Check the figures or explain.") % {
            "by": _by(dimension), "sum": _n(parts), "total": _n(total)},
            severity=Severity.WARNING, dimension_id=dimension_id)
    elif (parts_bound and parts < total) or (total_bound and parts < total):
        yield _lower_bound_shortfall(dimension, parts, total, dimension_id)


def _check_less_or_equal(rule, grid, values, context):
    other = context["grids"].get(rule.other_indicator_id)
    if other is None:
        name = rule.other_indicator or rule.other_indicator_id
        yield Finding(_("The check “not more than %(other)s” was skipped: %(other)s is not part of this report.")
                      % {"other": name}, severity=NOTICE)
        return
    mine, bound = indicator_total(grid, values), indicator_total(other, values)
    if mine is None:
        return
    if bound is None:
        yield Finding(_("The check “not more than %(other)s” was skipped: %(other)s has no figure in this report.")
                      % {"other": other.indicator}, severity=NOTICE)
        return
    if mine <= bound:
        return
    if is_lower_bound(mine) or is_lower_bound(bound):
        yield Finding(_("%(value)s is more than %(other)s (%(bound)s), and one of them is an “at least” figure: "
                        "check the figures or explain.") % {
            "value": _n(mine), "other": other.indicator.label, "bound": _n(bound)}, severity=Severity.WARNING)
        return
    yield Finding(_message(rule, _("%(value)s is more than %(other)s (%(bound)s).") % {
        "value": _n(mine), "other": other.indicator.label, "bound": _n(bound),
    }))


def slice_value(grid, values, option_id):
    """One option of an indicator's breakdown in a report: its one-way cell when the report fills the one-way table
    of that option's dimension, else the sum of the cross-table's cells holding it; None when neither is filled."""
    position = next((p for p, _d, options in grid.dimensions if any(o.pk == option_id for o in options)), None)
    if position is None:
        return None
    if figure_sum(values.get((grid.pk, k)) for k in grid.one_way_keys(position)) is not None:
        return values.get((grid.pk, str(option_id)), Decimal(0))
    cross = grid.cross_keys()
    if figure_sum(values.get((grid.pk, k)) for k in cross) is None:
        return None
    return figure_sum(values.get((grid.pk, k)) for k in cross if str(option_id) in k.split("-")) or Decimal(0)


@dataclass
class RelationResult:
    """A relation rule evaluated on some figures: passed, failed, or not checked for want of a figure."""

    status: str  # "pass", "fail" or "skipped"
    relation: str  # the rule written out, e.g. 'VT-01 [Minor] ≥ VT-06'
    left: Decimal | None = None
    right: Decimal | None = None
    sides: list = field(default_factory=list)  # [(label, value or None)]: the left side, then each term
    missing: list = field(default_factory=list)  # labels of the sides without a figure


def relation_result(rule, terms, value_of):
    """Evaluate a relation rule; `value_of(indicator, option or None)` gives a figure, or None when there is none.

    `terms` are the rule's RuleTerms (prefetched); `rule.indicator` and `rule.option` are its left side."""
    relation = rule.relation_text(terms)
    left = value_of(rule.indicator, rule.option)
    sides = [(slice_label(rule.indicator, rule.option), left)]
    sides += [(slice_label(t.indicator, t.option), value_of(t.indicator, t.option)) for t in terms]
    missing = [label for label, value in sides if value is None]
    if missing or not terms:
        return RelationResult("skipped", relation, sides=sides, missing=missing)
    right = figure_sum(value for _label, value in sides[1:])
    status = "pass" if Comparator.holds(rule.comparator, left, right) else "fail"
    return RelationResult(status, relation, left, right, sides)


def _check_relation(rule, grid, values, context):
    absent = []

    def value_of(indicator, option):
        other = context["grids"].get(indicator.pk)
        if other is None:
            absent.append(indicator.code)
            return None
        return indicator_total(other, values) if option is None else slice_value(other, values, option.pk)

    result = relation_result(rule, list(rule.terms.all()), value_of)
    if result.status == "skipped":
        if absent:
            message = _("%(relation)s was not checked: the report does not hold %(missing)s (it is checked on the "
                        "national figures).") % {"relation": result.relation, "missing": ", ".join(absent)}
        else:
            message = _("%(relation)s was not checked: %(missing)s has no figure in this report.") % {
                "relation": result.relation, "missing": ", ".join(result.missing)}
        yield Finding(message, severity=NOTICE)
    elif result.status == "fail":
        if is_lower_bound(result.left) or is_lower_bound(result.right):
            yield Finding(_("%(relation)s does not hold (%(left)s against %(right)s), and an “at least” figure is "
                            "involved: check the figures or explain.") % {
                "relation": result.relation, "left": _n(result.left), "right": _n(result.right)},
                severity=Severity.WARNING)
            return
        yield Finding(_message(rule, _("%(relation)s does not hold: %(left)s against %(right)s.") % {
            "relation": result.relation, "left": _n(result.left), "right": _n(result.right)}))


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
        yield Finding(_message(rule, _(
            "%(value)s departs by more than %(threshold)s%% from the average of earlier quarters (%(average)s): "
            "please check it."
        ) % {"value": _n(current), "threshold": rule.threshold_percent, "average": _n(average.quantize(Decimal("0.1")))}))


CHECKS = {
    RuleKind.BREAKDOWN_SUM: _check_breakdown_sum,
    RuleKind.LESS_OR_EQUAL: _check_less_or_equal,
    RuleKind.DEVIATION: _check_deviation,
    RuleKind.RELATION: _check_relation,
}


def evaluate(grids, values, *, previous=None):
    """Run every active rule of these indicator grids on `values` ((indicator id, key) → Decimal or AtLeast)."""
    context = {"grids": {g.pk: g for g in grids}, "previous": previous or {}, "cross_checked": set()}
    issues = []
    for grid in grids:
        for rule in grid.rules:
            check = CHECKS.get(rule.kind)
            if check is None or not rule.is_active:
                continue
            for found in check(rule, grid, values, context):
                issue = Issue(severity=found.severity or rule.severity, message=str(found.message),
                              indicator_id=grid.pk, cell_key=found.cell_key, dimension_id=found.dimension_id,
                              indicator=f"{grid.indicator.code} {grid.indicator.label}",
                              where=str(grid.label_for_key(found.cell_key)) if found.cell_key else "")
                if issue not in issues:
                    issues.append(issue)
    return issues


def issues_by_input(issues):
    """{input name (or one-way table anchor): [Issue]} for showing the issues next to their cells and tables."""
    by_name = {}
    for issue in issues:
        by_name.setdefault(issue.input_name, []).append(issue)
    return by_name
