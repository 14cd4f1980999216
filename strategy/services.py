"""Writes of the strategy app: the plan tree, indicators, dimensions, rules and reporting periods.

Every function is keyword-only, runs in one transaction, validates with `full_clean()` and
records who made the change (django-simple-history) in the same transaction.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from antitrafik.history import save_audited
from institutions.models import Institution

from . import hooks
from .choices import (
    BreakdownLayout,
    FundingSource,
    IndicatorUnit,
    InstitutionAggregation,
    PeriodStatus,
    Severity,
    TimeAggregation,
)
from .models import (
    ActionPlan,
    Activity,
    Dimension,
    DimensionOption,
    Indicator,
    IndicatorDimension,
    Objective,
    Pillar,
    ReportingPeriod,
    RuleTerm,
    Strategy,
    ValidationRule,
)
from .quarters import quarter_end, quarter_start

DEFAULT_DUE_DAYS = 15


class StrategyError(DomainError):
    """A refused operation of the plan, indicators or periods; the message is for the user."""

    kind = DomainError.CONFLICT


_save = save_audited


def _assign(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)


def _delete(obj, *, by, what):
    """Delete `obj` unless data refers to it; then explain and suggest archiving."""
    obj._history_user = by
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as exc:
        raise StrategyError(
            _("%(what)s cannot be deleted: %(count)s record(s) refer to it. Archive it instead.")
            % {"what": what, "count": len(exc.protected_objects)}
        ) from None


# The plan tree -----------------------------------------------------------------------------------

@transaction.atomic
def strategy_create(*, by, title: str, start_year: int, end_year: int) -> Strategy:
    return _save(Strategy(title=title, start_year=start_year, end_year=end_year), by=by)


@transaction.atomic
def plan_create(*, by, strategy: Strategy, title: str, start_year: int, end_year: int, decision: str = "") -> ActionPlan:
    plan = ActionPlan(strategy=strategy, title=title, start_year=start_year, end_year=end_year, decision=decision)
    return _save(plan, by=by)


@transaction.atomic
def plan_update(*, plan: ActionPlan, by, strategy: Strategy, title: str, start_year: int, end_year: int,
                decision: str = "") -> ActionPlan:
    _assign(plan, strategy=strategy, title=title, start_year=start_year, end_year=end_year, decision=decision)
    return _save(plan, by=by)


@transaction.atomic
def pillar_create(*, plan: ActionPlan, by, code: str, title: str, title_en: str = "", order: int = 0,
                  is_archived: bool = False) -> Pillar:
    pillar = Pillar(plan=plan, code=code, title=title, title_en=title_en, order=order, is_archived=is_archived)
    return _save(pillar, by=by)


@transaction.atomic
def pillar_update(*, pillar: Pillar, by, code: str, title: str, title_en: str = "", order: int = 0,
                  is_archived: bool = False) -> Pillar:
    _assign(pillar, code=code, title=title, title_en=title_en, order=order, is_archived=is_archived)
    return _save(pillar, by=by)


@transaction.atomic
def objective_create(*, pillar: Pillar, by, code: str, title: str, is_archived: bool = False) -> Objective:
    objective = Objective(pillar=pillar, plan_id=pillar.plan_id, code=code, title=title, is_archived=is_archived)
    return _save(objective, by=by)


@transaction.atomic
def objective_update(*, objective: Objective, by, pillar: Pillar, code: str, title: str,
                     is_archived: bool = False) -> Objective:
    _assign(objective, pillar=pillar, code=code, title=title, is_archived=is_archived)
    if objective.pillar.plan_id != objective.plan_id:
        raise ValidationError({"pillar": _("The pillar belongs to another plan.")})
    return _save(objective, by=by)


def _check_objective(activity):
    if activity.objective.plan_id != activity.plan_id:
        raise ValidationError({"objective": _("The objective belongs to another plan.")})


@dataclass(frozen=True, kw_only=True)
class ActivityValues:
    """What a user gives for an activity: its place in the plan, what it is, who does it, by when, for how much."""

    objective: Objective
    code: str
    description: str
    lead_institution: Institution
    partners: Sequence[Institution] = ()
    deadline_date: datetime.date | None = None
    deadline_quarter: int | None = None
    deadline_year: int | None = None
    output_indicator: str = ""
    target: str = ""
    estimated_cost: Decimal | None = None
    funding_source: str = FundingSource.NOT_COSTED
    is_archived: bool = False

    def fields(self):
        """The activity's own fields (everything but the partners)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "partners"}


@transaction.atomic
def activity_create(*, by, values: ActivityValues) -> Activity:
    activity = Activity(plan_id=values.objective.plan_id, **values.fields())
    _save(activity, by=by)
    if values.partners:
        activity.partners.set(values.partners)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by, values: ActivityValues) -> Activity:
    _assign(activity, **values.fields())
    _check_objective(activity)
    _save(activity, by=by)
    activity._history_user = by
    activity.partners.set(values.partners)
    return activity


@transaction.atomic
def item_set_archived(*, item, archived: bool, by):
    """Archive (or bring back) a pillar, objective, activity or dimension option."""
    item.is_archived = archived
    return _save(item, by=by)


def pillar_delete(*, pillar: Pillar, by):
    _delete(pillar, by=by, what=_("The pillar"))


def objective_delete(*, objective: Objective, by):
    _delete(objective, by=by, what=_("The objective"))


def activity_delete(*, activity: Activity, by):
    _delete(activity, by=by, what=_("The activity"))


# Indicators, dimensions and rules ------------------------------------------------------------------

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
            order=indicator.order, is_active=indicator.is_active,
        )


def _indicator_write(indicator: Indicator, *, by, values: IndicatorValues) -> Indicator:
    _assign(indicator, code=values.code, name=values.name, name_en=values.name_en, description=values.description,
            unit=values.unit, pillar=values.pillar, breakdown_layout=values.breakdown_layout,
            time_aggregation=values.time_aggregation, institution_aggregation=values.institution_aggregation,
            authoritative_institution=values.authoritative_institution,
            reporting_kinds=",".join(values.reporting_kinds), order=values.order, is_active=values.is_active)
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
                terms: Sequence = (), message: str = "", is_active: bool = True) -> ValidationRule:
    """Add a validation rule to `indicator` (settings that do not belong to its kind are dropped). A relation
    compares the indicator, or its `option` (a slice), with the sum of `terms`: [(indicator, option or None)]."""
    rule = ValidationRule(indicator=indicator, kind=kind, severity=severity, dimension=dimension,
                          other_indicator=other_indicator, threshold_percent=threshold_percent, option=option,
                          comparator=comparator, message=message, is_active=is_active)
    _save(rule, by=by)
    _set_terms(rule, terms, by=by)
    return rule


@transaction.atomic
def rule_update(*, rule: ValidationRule, by, kind: str, severity: str = Severity.ERROR,
                dimension: Dimension | None = None, other_indicator: Indicator | None = None,
                threshold_percent: int | None = None, option: DimensionOption | None = None, comparator: str = "",
                terms: Sequence = (), message: str = "", is_active: bool = True) -> ValidationRule:
    _assign(rule, kind=kind, severity=severity, dimension=dimension, other_indicator=other_indicator,
            threshold_percent=threshold_percent, option=option, comparator=comparator, message=message,
            is_active=is_active)
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


def _dimension_write(dimension: Dimension, *, by, code, name, name_en, options, delete) -> Dimension:
    _assign(dimension, code=code, name=name, name_en=name_en)
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
def dimension_create(*, by, code: str, name: str, name_en: str = "",
                     options: Sequence[OptionValues] = ()) -> Dimension:
    """Create a dimension with its options, in the order given."""
    return _dimension_write(Dimension(), by=by, code=code, name=name, name_en=name_en, options=options, delete=())


@transaction.atomic
def dimension_update(*, dimension: Dimension, by, code: str, name: str, name_en: str = "",
                     options: Sequence[OptionValues] = (), delete: Sequence[DimensionOption] = ()) -> Dimension:
    """Change a dimension, add or change `options` and delete `delete`; options reported values use are kept."""
    return _dimension_write(dimension, by=by, code=code, name=name, name_en=name_en, options=options, delete=delete)


# Reporting periods ----------------------------------------------------------------------------------

# The allowed state changes of a period: action -> (states it may start from, state it ends in).
PERIOD_TRANSITIONS = {
    "open": ({PeriodStatus.PLANNED, PeriodStatus.CLOSED}, PeriodStatus.OPEN),
    "close": ({PeriodStatus.OPEN}, PeriodStatus.CLOSED),
    "lock": ({PeriodStatus.CLOSED}, PeriodStatus.LOCKED),
    "unlock": ({PeriodStatus.LOCKED}, PeriodStatus.CLOSED),
}
PERIOD_ACTION_LABELS = {
    "open": _("Open"),
    "close": _("Close"),
    "lock": _("Lock"),
    "unlock": _("Unlock"),
}
PERIOD_REASON_REQUIRED = {"unlock"}
PERIOD_PERMISSION = "period.manage"


def period_actions(period):
    """The actions allowed from the period's current state, in a stable order."""
    return [action for action, (sources, _target) in PERIOD_TRANSITIONS.items() if period.status in sources]


def default_due_on(year, quarter, days=DEFAULT_DUE_DAYS):
    return quarter_end(year, quarter) + datetime.timedelta(days=days)


@transaction.atomic
def period_create_year(*, plan: ActionPlan, year: int, by, due_days: int = DEFAULT_DUE_DAYS):
    """Create the four quarters of `year` (planned): opening on the quarter's first day, due `due_days` after its end."""
    _require_manager(by)
    existing = set(ReportingPeriod.objects.filter(year=year).values_list("quarter", flat=True))
    if len(existing) == 4:
        raise StrategyError(_("The quarters of %(year)s already exist.") % {"year": year})
    created = []
    for quarter in range(1, 5):
        if quarter in existing:
            continue
        period = ReportingPeriod(
            plan=plan, year=year, quarter=quarter,
            opens_on=quarter_start(year, quarter),
            due_on=default_due_on(year, quarter, due_days),
            status=PeriodStatus.PLANNED,
        )
        created.append(_save(period, by=by, reason=_("Created")))
    return created


def _require_manager(by):
    from antitrafik import policy

    if by is not None and not policy.can(by, PERIOD_PERMISSION):
        raise StrategyError(_("Only the director changes reporting periods."), kind=DomainError.FORBIDDEN)


def period_check_transition(*, period: ReportingPeriod, action: str) -> None:
    """Raise StrategyError unless the period's state allows `action` (the page asks before it offers it)."""
    sources, _target = PERIOD_TRANSITIONS[action]
    if period.status not in sources:
        raise StrategyError(
            _("A period that is %(status)s cannot be changed this way (%(action)s).")
            % {"status": period.get_status_display().lower(), "action": str(PERIOD_ACTION_LABELS[action]).lower()}
        )


@transaction.atomic
def _period_transition(*, period: ReportingPeriod, action: str, by, reason=""):
    _require_manager(by)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    period_check_transition(period=period, action=action)
    _sources, target = PERIOD_TRANSITIONS[action]
    reason = (reason or "").strip()
    if action in PERIOD_REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give the reason for unlocking the period.")})
    period.status = target
    return _save(period, by=by, reason=reason or PERIOD_ACTION_LABELS[action])


def period_open(*, period: ReportingPeriod, by, reason="") -> ReportingPeriod:
    return _period_transition(period=period, action="open", by=by, reason=reason)


def period_close(*, period: ReportingPeriod, by, reason="") -> ReportingPeriod:
    return _period_transition(period=period, action="close", by=by, reason=reason)


def period_lock(*, period: ReportingPeriod, by, reason="") -> ReportingPeriod:
    return _period_transition(period=period, action="lock", by=by, reason=reason)


def period_unlock(*, period: ReportingPeriod, by, reason="") -> ReportingPeriod:
    return _period_transition(period=period, action="unlock", by=by, reason=reason)


PERIOD_SERVICES = {"open": period_open, "close": period_close, "lock": period_lock, "unlock": period_unlock}
