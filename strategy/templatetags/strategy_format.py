"""Template filters of the strategy pages."""

from django import template
from django.utils.formats import get_format
from django.utils.numberformat import format as number_format

from strategy import hooks

register = template.Library()


@register.filter
def money(value):
    """Whole lekë with the language's thousands separator (grouped even where the locale does not group)."""
    if value in (None, ""):
        return ""
    return number_format(value, get_format("DECIMAL_SEPARATOR"), decimal_pos=0, grouping=3,
                         thousand_sep=get_format("THOUSAND_SEPARATOR"), force_grouping=True)


@register.filter
def activity_status(value):
    """The label of an activity's status value (the lead institution's latest accepted report)."""
    return hooks.activity_status_label(value)
