"""An indicator's page as XLSX and CSV (through antitrafik.spreadsheets: every text cell injection-safe).

The downloads hold what the page shows the user, and nothing more: the institutions' own figures only
where the policy lets the user see them.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from antitrafik.spreadsheets import csv_response, xlsx_response

from ..committee.formatting import as_number


def _yes_no(value):
    return _("yes") if value else _("no")


def _sheets(page):
    """(title, header, rows) for each part of the page."""
    quarters = [[q.label, q.value, q.accepted, q.expected, _yes_no(q.complete), _yes_no(q.due)] for q in page.quarters]
    years = [[y.year, y.value, y.complete_quarters, y.quarters] for y in page.years]
    span = str(page.year or "")
    breakdowns = [[span, b["name"], o["name"], o["value"]] for b in page.breakdowns for o in b["options"]]
    sheets = [
        (_("By quarter"), [_("Quarter"), _("National figure"), _("Accepted reports"), _("Expected reports"),
                           _("Complete"), _("Past its due date")], quarters),
        (_("By year"), [_("Year"), _("National figure"), _("Complete quarters"), _("Quarters")], years),
        (_("Breakdowns"), [_("Year"), _("Dimension"), _("Option"), _("Value")], breakdowns),
    ]
    if page.institutions:
        labels = [q.label for q in page.span_quarters]
        sheets.append((_("By institution"), [_("Code"), _("Institution"), _("Region"), *labels, span,
                                             _("Added into the national figure")],
                       [[i.code, i.name, i.region, *i.values, i.value, _yes_no(i.counted)] for i in page.institutions]))
    if page.regions:
        sheets.append((_("By region"), [_("Region"), span, _("Institutions")], [list(r) for r in page.regions]))
    published = []
    for row in page.published:
        figure = row.figure
        cell = f"{figure.option.dimension.label}: {figure.option.label}" if figure.option_id else _("Total")
        published.append([
            figure.year, figure.quarter, cell, figure.value, _yes_no(figure.is_lower_bound), str(figure.source),
            figure.source.url, figure.reference, row.ours, row.difference, _yes_no(row.flagged),
        ])
    sheets.append((_("Public sources"), [
        _("Year"), _("Quarter"), _("Cell"), _("Published"), _("at least"), _("Source"), _("Address (URL)"),
        _("Page or table"), _("Institutions' figure"), _("Difference"), _("Differs by more than the threshold"),
    ], published))
    # Figures as numbers, the same on every database: 5, not 5.00 (PostgreSQL returns the column's scale).
    return [(title, header, [[as_number(c) if isinstance(c, Decimal) else c for c in row] for row in rows])
            for title, header, rows in sheets]


def xlsx_export(page, filename):
    return xlsx_response(filename, _sheets(page))


def csv_export(page, filename):
    """One long table: the part of the page first, then that part's own columns."""
    rows = []
    for title, header, part in _sheets(page):
        rows.append([title, *header])
        rows.extend([title, *row] for row in part)
    return csv_response(filename, [_("Part"), _("Columns and values")], rows)
