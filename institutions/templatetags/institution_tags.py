"""Template tags of the institution and user pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def active_badge(active):
    """'Active' or 'Inactive' as a badge (an institution's or a user's status): a tag rather than an included
    template, as lists show it on every row."""
    if active:
        return mark_safe(f'<span class="badge text-bg-success">{escape(gettext("Active"))}</span>')
    return mark_safe(f'<span class="badge text-bg-secondary">{escape(gettext("Inactive"))}</span>')
