"""Template tags of quarterly reports: the home page's 'what needs doing now' panel, the cells of the status
board (the board and a coordinator's home page) and the progress table's 'implemented' labels."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from antitrafik.links import url_maker

from ..selectors.follow_up import NOT_SUBMITTED, board, periods_in_use
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


@register.simple_tag(takes_context=True)
def board_cells(context, cells):
    """The `<td>` of each cell of a status-board row (cells from reports.selectors.follow_up.board): a report's
    state in a period, linked to the report when there is one, 'Late' beside it, and since when a submitted
    report waits. Rendered here rather than by an included template, and with the fixed parts escaped once
    per page: a board has hundreds of cells."""
    parts = context.render_context.get(board_cells)
    if parts is None:
        parts = context.render_context[board_cells] = _BoardCellParts()
    return mark_safe("".join([parts.cell(cell) for cell in cells]))


class _BoardCellParts:
    """The link pattern and the escaped words of the board's cells, made once per page."""

    def __init__(self):
        self.url = url_maker("reports:report_detail")
        self.missing = f'<span class="badge status-missing">{escape(gettext("Not submitted"))}</span>'
        self.not_started = f'<span class="badge status-not_started">{escape(gettext("Not started"))}</span>'
        self.late = f' <span class="badge status-late">{escape(gettext("Late"))}</span>'
        self.waiting = gettext("waiting since %(since)s")
        self.links = {}

    def report_link(self, cell):
        """A report's state in words, linked to the report (the escaped state and words made once per state)."""
        state = cell["state"]
        opening = self.links.get(state)
        if opening is None:
            opening = self.links[state] = (f'<a class="badge status-{escape(state)} text-decoration-none" href="',
                                           f'">{escape(cell["label"])}</a>')
        return f"{opening[0]}{self.url(cell['report_id'])}{opening[1]}"

    def cell(self, cell):
        opening = '<td class="text-center opacity-25">' if cell.get("dimmed") else '<td class="text-center">'
        state = cell["state"]
        if state is None:
            return f'{opening}<span class="text-body-secondary">·</span></td>'
        if cell["report_id"]:
            badge = self.report_link(cell)
        else:
            badge = self.missing if state == NOT_SUBMITTED else self.not_started
        late = self.late if cell["late"] else ""
        waiting = ""
        if cell["waiting_since"]:
            since = escape(date_filter(template_localtime(cell["waiting_since"]), "d.m"))
            waiting = f'<div class="small text-body-secondary">{self.waiting % {"since": since}}</div>'
        return f"{opening}{badge}{late}{waiting}</td>"


@register.simple_tag
def done_label(done):
    """'Zbatuar (raportuar për T2 2026)': an activity the institution reported implemented in an accepted report;
    `done` is (year, quarter). A progress table has one per done activity."""
    year, quarter = done
    return format_html('{} <span class="text-body-secondary">({})</span>', gettext("Implemented"),
                       gettext("reported for Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year})
