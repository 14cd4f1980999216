"""Template tags of quarterly reports: the home page's 'what needs doing now' panel."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from ..selectors.follow_up import board, periods_in_use
from ..selectors.home import home_panel

register = template.Library()


@register.inclusion_tag("reports/_home_panel_content.html", takes_context=True)
def quarterly_home_panel(context):
    """What needs doing now for the signed-in user (a few queries, whatever the amount of data)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"panel": home_panel(user) if user is not None and user.is_authenticated else None,
            "user": user}


@register.simple_tag
def portfolio_board(institutions, last=2):
    """A coordinator's portfolio with its reports of the `last` periods in use (the current quarter and the
    one before): {'periods': [...], 'rows': board rows}. The board's one rule of a report's state."""
    periods = periods_in_use(last=last)
    return {"periods": periods, "rows": board(institutions=institutions, periods=periods)}


@register.simple_tag
def done_label(done):
    """'Zbatuar (raportuar për T2 2026)': an activity the institution reported implemented in an accepted report;
    `done` is (year, quarter). A progress table has one per done activity."""
    year, quarter = done
    return format_html('{} <span class="text-body-secondary">({})</span>', gettext("Implemented"),
                       gettext("reported for Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year})
