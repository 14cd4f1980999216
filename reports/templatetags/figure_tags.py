"""Template filters of statistics figures: "at least" figures shown as "≥ 15" in the language's notation."""

from django import template

from ..numbers import readable_figure

register = template.Library()


@register.filter
def figure(value):
    """A figure as pages show it: grouped in the language's notation ('1.500' / '1,500'), '≥ 15' when it is
    an "at least" figure; empty for None (templates show their own '–')."""
    if value is None or value == "":
        return ""
    return readable_figure(value)
