"""Template tags of quarterly reports: the home page's 'what needs doing now' panel."""

from django import template

from ..selectors.home import home_panel

register = template.Library()


@register.inclusion_tag("reports/_home_panel_content.html", takes_context=True)
def quarterly_home_panel(context):
    """What needs doing now for the signed-in user (a few queries, whatever the amount of data)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"panel": home_panel(user) if user is not None and user.is_authenticated else None,
            "user": user}
