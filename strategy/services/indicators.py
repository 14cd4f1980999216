"""Writes of indicators, their dimensions and options, and their validation and relation rules."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution

from .. import hooks
from ..choices import (
    BreakdownLayout,
    IndicatorUnit,
    InstitutionAggregation,
    Severity,
    TimeAggregation,
)
from ..models import (
    Dimension,
    DimensionOption,
    Indicator,
    IndicatorDimension,
    Pillar,
    RuleTerm,
    ValidationRule,
)
from .common import StrategyError, _assign, _delete, _save


def _has_values(indicator):
    return hooks.indicator_has_values(indicator)


@dataclass(frozen=True, kw_only=True)
class IndicatorValues:
    """What a user gives for an indicator; `dimensions` are its breakdowns in order (at most three)."""

    code: str
    name: str
    name_en: str = ""
    description: str = ""
    unit: str = IndicatorUnit.COUNT
    pillar: Pillar | None = None
    breakdown_layout: str = BreakdownLayout.SEPARATE
    time_aggregation: str = TimeAggregation.FLOW
    institution_aggregation: str = InstitutionAggregation.SUM
    authoritative_institution: Institution | None = None
    reporting_kinds: Sequence[str] = ()
    reporting_institutions: Sequence[Institution] = ()
    dimensions: Sequence[Dimension] = ()
    overlapping: Sequence[Dimension] = ()  # those of `dimensions` whose options can overlap
    order: int = 0
    is_active: bool = True
    standard_code: str = ""

    @classmethod
    def of(cls, indicator: Indicator) -> "IndicatorValues":
        """The values `indicator` has now (to change a few: dataclasses.replace(IndicatorValues.of(i), …))."""
        return cls(
            code=indicator.code, name=indicator.name, name_en=indicator.name_en, description=indicator.description,
            unit=indicator.unit, pillar=indicator.pillar, breakdown_layout=indicator.breakdown_layout,
            time_aggregation=indicator.time_aggregation, institution_aggregation=indicator.institution_aggregation,
            authoritative_institution=indicator.authoritative_institution,
            reporting_kinds=indicator.kinds, reporting_institutions=list(indicator.reporting_institutions.all()),
            dimensions=[link.dimension for link in indicator.indicator_dimensions.order_by("position")],
            overlapping=[link.dimension for link in indicator.indicator_dimensions.filter(options_overlap=True)],
            order=indicator.order, is_active=indicator.is_active, standard_code=indicator.standard_code,
        )


def _indicator_write(indicator: Indicator, *, by, values: IndicatorValues) -> Indicator:
    _assign(indicator, code=values.code, name=values.name, name_en=values.name_en, description=values.description,
            unit=values.unit, pillar=values.pillar, breakdown_layout=values.breakdown_layout,
            time_aggregation=values.time_aggregation, institution_aggregation=values.institution_aggregation,
            authoritative_institution=values.authoritative_institution,
            reporting_kinds=",".join(values.reporting_kinds), order=values.order, is_active=values.is_active,
            standard_code=values.standard_code)
    _check_layout_change(indicator)
    _save(indicator, by=by)
    indicator._history_user = by
    indicator.reporting_institutions.set(values.reporting_institutions)
    indicator_set_dimensions(indicator=indicator, dimensions=values.dimensions, by=by)
    indicator_set_overlapping(indicator=indicator, dimensions=values.overlapping, by=by)
    return indicator


def _check_layout_change(indicator):
    """Refuse a breakdown layout that would hide values already reported in the layout it replaces."""
    if not indicator.pk:
        return
    before = Indicator.objects.filter(pk=indicator.pk).values_list("breakdown_layout", flat=True).first()
    after = indicator.breakdown_layout
    if before in (None, after) or after == BreakdownLayout.BOTH or indicator.indicator_dimensions.count() < 2:
        return
    reported = hooks.indicator_breakdown_cells(indicator)
    hidden = reported["cross"] if after == BreakdownLayout.SEPARATE else reported["one_way"]
    if hidden:
        raise ValidationError({"breakdown_layout": _(
            "Reports already hold values entered the other way: choose “either”, so that they stay visible.")})


@transaction.atomic
def indicator_create(*, by, values: IndicatorValues) -> Indicator:
    """Create an indicator with its dimensions and the institutions that report it."""
    return _indicator_write(Indicator(), by=by, values=values)


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, values: IndicatorValues) -> Indicator:
    """Change an indicator; its dimensions cannot change once reports hold its values."""
    return _indicator_write(indicator, by=by, values=values)


@transaction.atomic
def indicator_set_overlapping(*, indicator: Indicator, dimensions, by):
    """Mark which of the indicator's dimensions have options that can overlap (allowed even once it has values:
    it changes how the breakdown is read, not what was entered)."""
    wanted = {d.pk for d in dimensions}
    for link in indicator.indicator_dimensions.all():
        overlap = link.dimension_id in wanted
        if link.options_overlap != overlap:
            link.options_overlap = overlap
            _save(link, by=by)


@transaction.atomic
def indicator_set_dimensions(*, indicator: Indicator, dimensions, by):
    """Replace the indicator's dimensions by `dimensions`, in order, at positions 1..3."""
    dimensions = [d for d in dimensions if d is not None]
    if len(dimensions) > Indicator.MAX_DIMENSIONS:
        raise ValidationError(_("An indicator has at most three dimensions."))
    if len({d.pk for d in dimensions}) != len(dimensions):
        raise ValidationError(_("This dimension is already used by the indicator."))
    current = list(indicator.indicator_dimensions.order_by("position").values_list("dimension_id", flat=True))
    wanted = [d.pk for d in dimensions]
    if current == wanted:
        return
    if _has_values(indicator):
        raise ValidationError(
            _("The dimensions cannot change: reports already hold values of this indicator. "
              "Create a new indicator instead.")
        )
    for link in indicator.indicator_dimensions.all():
        link._history_user = by
        link.delete()
    for position, dimension in enumerate(dimensions, start=1):
        _save(IndicatorDimension(indicator=indicator, dimension=dimension, position=position), by=by)


def indicator_delete(*, indicator: Indicator, by):
    _delete(indicator, by=by, what=_("The indicator"))


@transaction.atomic
def rule_create(*, indicator: Indicator, by, kind: str, severity: str = Severity.ERROR,
                dimension: Dimension | None = None, other_indicator: Indicator | None = None,
                threshold_percent: int | None = None, option: DimensionOption | None = None, comparator: str = "",
                terms: Sequence = (), message: str = "", message_en: str = "",
                is_active: bool = True) -> ValidationRule:
    """Add a validation rule to `indicator` (settings that do not belong to its kind are dropped). A relation
    compares the indicator, or its `option` (a slice), with the sum of `terms`: [(indicator, option or None)]."""
    rule = ValidationRule(indicator=indicator, kind=kind, severity=severity, dimension=dimension,
                          other_indicator=other_indicator, threshold_percent=threshold_percent, option=option,
                          comparator=comparator, message=message, message_en=message_en, is_active=is_active)
    _save(rule, by=by)
    _set_terms(rule, terms, by=by)
    return rule


@transaction.atomic
def rule_update(*, rule: ValidationRule, by, kind: str, severity: str = Severity.ERROR,
                dimension: Dimension | None = None, other_indicator: Indicator | None = None,
                threshold_percent: int | None = None, option: DimensionOption | None = None, comparator: str = "",
                terms: Sequence = (), message: str = "", message_en: str = "",
                is_active: bool = True) -> ValidationRule:
    _assign(rule, kind=kind, severity=severity, dimension=dimension, other_indicator=other_indicator,
            threshold_percent=threshold_percent, option=option, comparator=comparator, message=message,
            message_en=message_en, is_active=is_active)
    _save(rule, by=by)
    _set_terms(rule, terms, by=by)
    return rule


def _set_terms(rule, terms, *, by):
    """Replace a relation's right side by `terms` (none for other kinds of rule)."""
    terms = list(terms) if rule.is_relation else []
    if rule.is_relation and not terms:
        raise ValidationError(_("A relation needs at least one indicator on its right side."))
    if len(terms) > ValidationRule.MAX_TERMS:
        raise ValidationError(_("A relation has at most %(n)s indicators on its right side.")
                              % {"n": ValidationRule.MAX_TERMS})
    for term in rule.terms.all():
        term._history_user = by
        term.delete()
    for order, (indicator, option) in enumerate(terms, start=1):
        _save(RuleTerm(rule=rule, indicator=indicator, option=option, order=order), by=by)


@transaction.atomic
def rule_delete(*, rule: ValidationRule, by):
    rule._history_user = by
    rule.delete()


@dataclass(frozen=True, kw_only=True)
class OptionValues:
    """One option of a dimension as a user gives it; `option` is the stored option it changes (None: a new one)."""

    code: str
    name: str
    name_en: str = ""
    order: int = 0
    standard_code: str = ""
    is_archived: bool = False
    option: DimensionOption | None = None


def _dimension_write(dimension: Dimension, *, by, code, name, name_en, options, delete, by_phrase=None,
                     by_phrase_en=None) -> Dimension:
    _assign(dimension, code=code, name=name, name_en=name_en)
    if by_phrase is not None:
        _assign(dimension, by_phrase=by_phrase)
    if by_phrase_en is not None:
        _assign(dimension, by_phrase_en=by_phrase_en)
    _save(dimension, by=by)
    for option in delete:
        if option.dimension_id != dimension.pk:
            raise StrategyError(_("The option %(option)s belongs to another dimension.") % {"option": option.code})
        used = hooks.option_values(option)
        if used:
            raise StrategyError(
                _("The option %(option)s cannot be deleted: %(count)s reported value(s) use it. Archive it instead.")
                % {"option": option.code, "count": used}
            )
        option._history_user = by
        option.delete()
    for values in options:
        option = values.option or DimensionOption(dimension=dimension)
        if option.dimension_id != dimension.pk:
            raise StrategyError(_("The option %(option)s belongs to another dimension.") % {"option": option.code})
        _assign(option, code=values.code, name=values.name, name_en=values.name_en, order=values.order,
                standard_code=values.standard_code, is_archived=values.is_archived)
        _save(option, by=by)
    return dimension


@transaction.atomic
def dimension_create(*, by, code: str, name: str, name_en: str = "", by_phrase: str = "", by_phrase_en: str = "",
                     options: Sequence[OptionValues] = ()) -> Dimension:
    """Create a dimension with its options, in the order given."""
    return _dimension_write(Dimension(), by=by, code=code, name=name, name_en=name_en, options=options, delete=(),
                            by_phrase=by_phrase, by_phrase_en=by_phrase_en)


@transaction.atomic
def dimension_update(*, dimension: Dimension, by, code: str, name: str, name_en: str = "",
                     by_phrase: str | None = None, by_phrase_en: str | None = None,
                     options: Sequence[OptionValues] = (), delete: Sequence[DimensionOption] = ()) -> Dimension:
    """Change a dimension, add or change `options` and delete `delete`; options reported values use are kept.
    The "by …" phrases are left as they are when not given."""
    return _dimension_write(dimension, by=by, code=code, name=name, name_en=name_en, options=options, delete=delete,
                            by_phrase=by_phrase, by_phrase_en=by_phrase_en)
