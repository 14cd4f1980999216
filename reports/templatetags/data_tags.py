"""Template tags of the data viewer: the director's situation report on the home page.

The home page belongs to the institutions app, which must not import reports: its template includes
templates/reports/data/_situation.html, which loads this library (the same hook as the quarterly panel).
"""

from django import template

from antitrafik import policy

from ..data.situation import situation_report as build_situation_report

register = template.Library()


@register.inclusion_tag("reports/data/_situation_content.html", takes_context=True)
def situation_report(context):
    """Plan progress by pillar, the latest quarters' completeness and the headline figures (director only)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policy.can(user, "data.situation"):
        return {"situation": None}
    return {"situation": build_situation_report(user)}
