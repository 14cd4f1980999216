"""Writes of the strategy app: the plan tree, indicators, dimensions, rules and reporting periods.

Every function is keyword-only, runs in one transaction, validates with `full_clean()` and
records who made the change (django-simple-history) in the same transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from antitrafik.history import save_audited

from . import hooks
from .choices import BreakdownLayout, PeriodStatus
from .models import (
    ActionPlan,
    Activity,
    Dimension,
    Indicator,
    IndicatorDimension,
    Objective,
    Pillar,
    ReportingPeriod,
    Strategy,
    ValidationRule,
    quarter_end,
)

DEFAULT_DUE_DAYS = 15


class StrategyError(Exception):
    """A refused operation; the message is for the user."""


_save = save_audited


def _assign(obj, fields):
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
def strategy_create(*, by, **fields) -> Strategy:
    return _save(Strategy(**fields), by=by)


@transaction.atomic
def plan_create(*, by, **fields) -> ActionPlan:
    return _save(ActionPlan(**fields), by=by)


@transaction.atomic
def plan_update(*, plan: ActionPlan, by, **fields) -> ActionPlan:
    _assign(plan, fields)
    return _save(plan, by=by)


@transaction.atomic
def pillar_create(*, plan: ActionPlan, by, **fields) -> Pillar:
    return _save(Pillar(plan=plan, **fields), by=by)


@transaction.atomic
def pillar_update(*, pillar: Pillar, by, **fields) -> Pillar:
    _assign(pillar, fields)
    return _save(pillar, by=by)


@transaction.atomic
def objective_create(*, pillar: Pillar, by, **fields) -> Objective:
    return _save(Objective(pillar=pillar, plan_id=pillar.plan_id, **fields), by=by)


@transaction.atomic
def objective_update(*, objective: Objective, by, **fields) -> Objective:
    _assign(objective, fields)
    if objective.pillar.plan_id != objective.plan_id:
        raise ValidationError({"pillar": _("The pillar belongs to another plan.")})
    return _save(objective, by=by)


def _check_objective(activity):
    if activity.objective.plan_id != activity.plan_id:
        raise ValidationError({"objective": _("The objective belongs to another plan.")})


@transaction.atomic
def activity_create(*, objective: Objective, by, partners=(), **fields) -> Activity:
    activity = Activity(objective=objective, plan_id=objective.plan_id, **fields)
    _save(activity, by=by)
    if partners:
        activity.partners.set(partners)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by, partners=None, **fields) -> Activity:
    _assign(activity, fields)
    _check_objective(activity)
    _save(activity, by=by)
    if partners is not None:
        activity._history_user = by
        activity.partners.set(partners)
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


@transaction.atomic
def indicator_save(*, indicator: Indicator, by, dimensions=None, institutions=None) -> Indicator:
    """Create or update an indicator; `dimensions` is the ordered list (at most 3) of its breakdowns."""
    _check_layout_change(indicator)
    _save(indicator, by=by)
    if institutions is not None:
        indicator._history_user = by
        indicator.reporting_institutions.set(institutions)
    if dimensions is not None:
        indicator_set_dimensions(indicator=indicator, dimensions=dimensions, by=by)
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
def rule_save(*, rule: ValidationRule, by) -> ValidationRule:
    return _save(rule, by=by)


@transaction.atomic
def rule_delete(*, rule: ValidationRule, by):
    rule._history_user = by
    rule.delete()


@transaction.atomic
def dimension_save(*, dimension: Dimension, by, options=(), deleted_options=()) -> Dimension:
    """Create or update a dimension with its options; options used by reported values are not deleted."""
    _save(dimension, by=by)
    for option in deleted_options:
        if not option.pk:
            continue
        used = hooks.option_values(option)
        if used:
            raise StrategyError(
                _("The option %(option)s cannot be deleted: %(count)s reported value(s) use it. Archive it instead.")
                % {"option": option.code, "count": used}
            )
        option._history_user = by
        option.delete()
    for option in options:
        option.dimension = dimension
        _save(option, by=by)
    return dimension


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
            opens_on=datetime.date(year, quarter * 3 - 2, 1),
            due_on=default_due_on(year, quarter, due_days),
            status=PeriodStatus.PLANNED,
        )
        created.append(_save(period, by=by, reason=_("Created")))
    return created


@transaction.atomic
def period_update(*, period: ReportingPeriod, by, opens_on, due_on) -> ReportingPeriod:
    _require_manager(by)
    if period.is_locked:
        raise StrategyError(_("A locked period cannot change."))
    period.opens_on, period.due_on = opens_on, due_on
    return _save(period, by=by)


def _require_manager(by):
    from antitrafik import policy

    if by is not None and not policy.can(by, PERIOD_PERMISSION):
        raise PermissionDenied


@transaction.atomic
def _period_transition(*, period: ReportingPeriod, action: str, by, reason=""):
    _require_manager(by)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    sources, target = PERIOD_TRANSITIONS[action]
    if period.status not in sources:
        raise StrategyError(
            _("A period that is %(status)s cannot be changed this way (%(action)s).")
            % {"status": period.get_status_display().lower(), "action": str(PERIOD_ACTION_LABELS[action]).lower()}
        )
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
