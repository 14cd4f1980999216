"""Template filters and tags of the strategy pages (numbers and money: antitrafik/templatetags/numbers.py)."""

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from strategy import hooks
from strategy.quarters import quarter_label

register = template.Library()


@register.filter
def activity_status(value):
    """The label of an activity's status value (the lead institution's latest accepted report)."""
    return hooks.activity_status_label(value)


@register.simple_tag
def activity_status_badge(activity):
    """An activity's status (its lead institution's latest accepted report) or 'No accepted report yet', and
    'Late' when it is late: `activity` annotated by strategy.hooks.with_activity_status. A tag rather than an
    included template: the activity list shows it on every row."""
    if activity.lead_status:
        status = conditional_escape(hooks.activity_status_label(activity.lead_status))
    else:
        status = f'<span class="text-body-secondary">{escape(gettext("No accepted report yet"))}</span>'
    late = f' <span class="badge status-late">{escape(gettext("Late"))}</span>' if activity.is_late else ""
    return mark_safe(f"{status}{late}")


@register.filter
def quarter_of_year(year, quarter):
    """'T1 2024' / 'Q1 2024': {{ year|quarter_of_year:quarter }}, the one label of strategy.quarters."""
    return quarter_label(year, quarter)
