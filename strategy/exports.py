"""Export of activities (a plan or a filtered list) and the import template, in the import's columns."""

from django.utils.translation import gettext_lazy as _

from antitrafik.spreadsheets import csv_response, xlsx_response

from .columns import COLUMN_KEYS, COLUMNS, activity_row


def activity_rows(queryset):
    """The rows of the activities of `queryset` (with objective, pillar, leads and partners prefetched)."""
    return [activity_row(a) for a in queryset]


def activities_response(queryset, fmt, filename):
    rows = activity_rows(queryset)
    if fmt == "csv":
        return csv_response(f"{filename}.csv", COLUMN_KEYS, rows)
    return xlsx_response(f"{filename}.xlsx", [(_("Activities"), COLUMN_KEYS, rows)])


def template_response(fmt):
    """An empty import file with one example row; the XLSX has a second sheet documenting the columns."""
    example = [c.example for c in COLUMNS]
    if fmt == "csv":
        return csv_response("action-plan-template.csv", COLUMN_KEYS, [example])
    guide = [[c.key, str(_("yes")) if c.required else str(_("no")), str(c.help)] for c in COLUMNS]
    return xlsx_response("action-plan-template.xlsx", [
        (_("Activities"), COLUMN_KEYS, [example]),
        (_("Columns"), [_("Column"), _("Required"), _("What to write")], guide),
    ])
