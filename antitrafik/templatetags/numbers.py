"""Template filters `num` and `money`: numbers as a person reads them (see antitrafik/formatting.py)."""

from django import template

from antitrafik.formatting import format_money, format_number

register = template.Library()


@register.filter
def num(value):
    return format_number(value)


@register.filter
def money(value):
    return format_money(value)
