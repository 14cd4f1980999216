"""What strategy's pages and services need from the app above it (reports), without importing it.

Dependencies run one way (institutions ← strategy ← reports): strategy never imports reports. Where a
plan page needs reported data (an activity's status, whether an option is used by reported values,
what was reported on an activity), reports provides the function and registers it here when the
project starts (`reports.apps.ReportsConfig.ready`). Until then, or in a project without reports,
each hook answers a safe default: no status known, nothing late, nothing used, nothing reported.
"""

from django.db.models import BooleanField, CharField, IntegerField, Value

_registered = {}


def register(**functions):
    """Register the functions of the hooks below, by name (reports calls this once, at start-up)."""
    unknown = set(functions) - set(HOOKS)
    if unknown:
        raise LookupError(f"Unknown strategy hook(s): {', '.join(sorted(unknown))}")
    _registered.update(functions)


def _hook(name):
    return _registered.get(name, HOOKS[name])


def _no_status(queryset, *, today=None, reported_quarter=True):
    quarter = {"lead_status_year": Value(None, output_field=IntegerField()),
               "lead_status_quarter": Value(None, output_field=IntegerField()),
               "lead_status_institution_id": Value(None, output_field=IntegerField())} if reported_quarter else {}
    return queryset.annotate(
        lead_status=Value("", output_field=CharField()), **quarter, is_late=Value(False, output_field=BooleanField()),
    )


def _no_filter(queryset, value):
    return queryset.none()


def _nothing(*args, **kwargs):
    return None


HOOKS = {
    # with_activity_status(queryset, *, today=None, reported_quarter=True) -> the activities annotated with
    # `lead_status`, `lead_status_year`, `lead_status_quarter`, `lead_status_institution_id` (left out when not
    # `reported_quarter`) and
    # `is_late` (as of today), in SQL.
    "with_activity_status": _no_status,
    # filter_activity_status(queryset, value) -> the annotated activities with that status (or late).
    "filter_activity_status": _no_filter,
    # activity_status_choices() -> [(value, label)] that filter_activity_status takes.
    "activity_status_choices": list,
    # activity_status_label(value) -> the label of a status value.
    "activity_status_label": str,
    # activity_reports(activity, user) -> what was reported on the activity, for its page (or None).
    "activity_reports": _nothing,
    # option_values(option) -> how many reported values use a dimension option.
    "option_values": lambda option: 0,
    # indicator_has_values(indicator) -> whether reports hold values of the indicator.
    "indicator_has_values": lambda indicator: False,
    # indicator_breakdown_cells(indicator) -> {"cross": bool, "one_way": bool}: whether reports hold values in
    # cells of the full cross-table (several options) and in cells of one-way tables (one option).
    "indicator_breakdown_cells": lambda indicator: {"cross": False, "one_way": False},
    # item_trail(item, user) -> what the institutions reported on a tracked item, quarter by quarter, in the
    # reports this user may see (a list, oldest first).
    "item_trail": lambda item, user: [],
    # item_accounts(item_ids) -> {item id: the latest accepted account on it} for the overview.
    "item_accounts": lambda item_ids: {},
    # meeting_committee_reports(meeting, user) -> the committee reports presented at the meeting that this user
    # may see.
    "meeting_committee_reports": lambda meeting, user: [],
    # period_open_reports(period) -> how many of the period's reports are not submitted yet (drafts and
    # returned reports), for the director's confirmation before closing it.
    "period_open_reports": lambda period: 0,
}


def with_activity_status(queryset, *, today=None, reported_quarter=True):
    """The activities with their status as the unit knows it and whether they are late (see reports); without
    the quarter the status was reported for when not `reported_quarter` (two subqueries fewer: for lists)."""
    return _hook("with_activity_status")(queryset, today=today, reported_quarter=reported_quarter)


def filter_activity_status(queryset, value):
    return _hook("filter_activity_status")(queryset, value)


def activity_status_choices():
    return _hook("activity_status_choices")()


def activity_status_label(value):
    return _hook("activity_status_label")(value)


def activity_reports(activity, user):
    return _hook("activity_reports")(activity, user)


def option_values(option):
    return _hook("option_values")(option)


def indicator_has_values(indicator):
    return _hook("indicator_has_values")(indicator)


def indicator_breakdown_cells(indicator):
    return _hook("indicator_breakdown_cells")(indicator)


def item_trail(item, user):
    return _hook("item_trail")(item, user)


def item_accounts(item_ids):
    return _hook("item_accounts")(item_ids)


def meeting_committee_reports(meeting, user):
    return _hook("meeting_committee_reports")(meeting, user)
def period_open_reports(period):
    return _hook("period_open_reports")(period)
