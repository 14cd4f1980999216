"""Template tags of statistics figures: "at least" figures shown as "≥ 15" in the language's notation, and the
statistics cell of a report (an input, or the figure as read), rendered in Python: a report has hundreds."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..numbers import readable_figure

register = template.Library()


@register.filter
def figure(value):
    """A figure as pages show it: grouped in the language's notation ('1.500' / '1,500'), '≥ 15' when it is
    an "at least" figure; empty for None (templates show their own '–')."""
    if value is None or value == "":
        return ""
    return readable_figure(value)


def issue_class(issue):
    """The text colour of a validation issue by its severity."""
    if issue.is_error:
        return "text-danger"
    return "text-warning-emphasis" if issue.is_warning else "text-body-secondary"


@register.simple_tag
def issue_label(issue):
    """'Gabim:' / 'Paralajmërim:' / 'Shënim:' before an issue's message."""
    if issue.is_error:
        return gettext("Error:")
    return gettext("Warning:") if issue.is_warning else gettext("Note:")


@register.simple_tag
def stat_cell(cell, editable):
    """One statistics cell (a dict of reports.grid.IndicatorGrid.layout): an input with its messages when
    `editable`, else the value ('–' for an empty cell, distinct from 0; '≥ 15' for an "at least" figure) and its
    issues. The messages are linked to the input by aria-describedby."""
    issues, error, name = cell.get("issues") or [], cell["error"], cell["name"]
    if not editable:
        if cell["value"] is None:
            empty = gettext("empty")
            shown = format_html('<span class="text-body-secondary" title="{}">–</span><span class="visually-hidden">'
                                "{}</span>", empty, empty)
        else:
            shown = readable_figure(cell["value"])
        return shown + format_html_join("", '<div class="small {}">{}</div>',
                                        ((issue_class(i), i.message) for i in issues))
    classes = "form-control form-control-sm grid-input"
    if error:
        classes += " is-invalid"
    if issues and (issues[0].is_error or issues[0].is_warning):
        classes += " cell-error" if issues[0].is_error else " cell-warning"
    described = format_html(' aria-describedby="{}-msg" aria-invalid="true"', name) if error or issues else ""
    html = format_html('<input type="text" autocomplete="off" name="{}" id="{}" value="{}" class="{}" '
                       'aria-labelledby="{}"{}>', name, name, cell["shown"], classes, cell["labelledby"], described)
    if error:
        html += format_html('<div class="invalid-feedback d-block" id="{}-msg">{}</div>', name, error)
    for index, issue in enumerate(issues):
        anchor = format_html(' id="{}-msg"', name) if not error and index == 0 else ""
        html += format_html('<div class="small {}"{}>{} {}</div>', issue_class(issue), anchor, issue_label(issue),
                            issue.message)
    return html


@register.simple_tag
def cross_rows(layout, editable):
    """The body rows of an indicator's cross-table (a layout of reports.grid.IndicatorGrid.layout): the row's option,
    its cells (stat_cell) and, when the table has columns, the row's total. A report has hundreds of cells."""
    pk, cell_start = layout["grid"].pk, '<td class="text-end">' if not editable else '<td class="">'
    rows = []
    for number, row in enumerate(layout["rows"], start=1):
        cells = mark_safe("".join(f"{cell_start}{stat_cell(cell, editable)}</td>" for cell in row["cells"]))  # noqa: S308 - each cell is escaped by stat_cell
        total = format_html('<td class="text-end text-body-secondary">{}</td>',
                            "–" if row["total"] is None else readable_figure(row["total"])) if layout["has_columns"] else ""
        rows.append(format_html('<tr>\n<th scope="row" id="h{}-r{}" class="fw-normal">{}</th>{}{}\n</tr>',
                                pk, number, row["option"], cells, total))
    return mark_safe("\n".join(rows))  # noqa: S308 - every row is built by format_html


@register.simple_tag(takes_context=True)
def statistics_grid(context, editable):
    """The statistics section of the report in the context (reports/_grid.html), kept while what it shows is the
    same (reports.grid_section)."""
    from ..grid_section import grid_section

    return grid_section(context, editable=editable)
