"""Writes of reporting periods: the year's quarters and the transitions of their states."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from antitrafik.errors import DomainError

from ..choices import (
    PeriodStatus,
)
from ..models import (
    ActionPlan,
    ReportingPeriod,
)
from ..quarters import quarter_end, quarter_start
from .common import StrategyError, _save

DEFAULT_DUE_DAYS = 15

# The allowed state changes of a period: action -> (states it may start from, state it ends in).
PERIOD_TRANSITIONS = {
    "open": ({PeriodStatus.PLANNED, PeriodStatus.CLOSED}, PeriodStatus.OPEN),
    "close": ({PeriodStatus.OPEN}, PeriodStatus.CLOSED),
    "lock": ({PeriodStatus.CLOSED}, PeriodStatus.LOCKED),
    "unlock": ({PeriodStatus.LOCKED}, PeriodStatus.CLOSED),
}
# Buttons are actions, never states: "Open" the button (Hap), not "Open" the state (E hapur).
PERIOD_ACTION_LABELS = {
    "open": pgettext_lazy("period action", "Open"),
    "close": _("Close"),
    "lock": _("Lock"),
    "unlock": _("Unlock"),
}
PERIOD_REASON_REQUIRED = {"unlock"}
PERIOD_PERMISSION = "period.manage"


def period_action_label(period, action):
    """The button of `action` on `period`: opening a closed period again is "Reopen"."""
    if action == "open" and period.status == PeriodStatus.CLOSED:
        return pgettext_lazy("period action", "Reopen")
    return PERIOD_ACTION_LABELS[action]


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
