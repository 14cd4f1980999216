"""Template filters of the strategy pages (numbers and money: antitrafik/templatetags/numbers.py)."""

from django import template

from strategy import hooks
from strategy.quarters import quarter_label

register = template.Library()


@register.filter
def activity_status(value):
    """The label of an activity's status value (the lead institution's latest accepted report)."""
    return hooks.activity_status_label(value)


@register.filter
def quarter_of_year(year, quarter):
    """'T1 2024' / 'Q1 2024': {{ year|quarter_of_year:quarter }}, the one label of strategy.quarters."""
    return quarter_label(year, quarter)
