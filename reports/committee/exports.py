"""The figures as XLSX and CSV (through antitrafik.spreadsheets: every text cell injection-safe)."""

from django.utils.translation import gettext as _
from django.utils.translation import override

from antitrafik.spreadsheets import csv_response, xlsx_response

from .labels import category_labels, discipline_labels, rag_labels


def _sheets(figures):
    """(title, header, rows) for each part of the figures."""
    categories = figures["implementation"]["categories"]
    labels = category_labels()
    rags = rag_labels()
    states = discipline_labels()
    implementation = []
    for pillar in figures["implementation"]["pillars"]:
        implementation.append([pillar["code"], pillar["title"], *[pillar["counts"][k] for k in categories],
                               pillar["total"], "", pillar["planned"], pillar["spent"]])
        for obj in pillar["objectives"]:
            implementation.append([obj["code"], obj["title"], *[obj["counts"][k] for k in categories], obj["total"],
                                   str(rags[obj["rag"]]), obj["planned"], obj["spent"]])
    periods = [p["label"] for p in figures["span"]["periods"]]
    discipline = []
    for row in figures["discipline"]["rows"]:
        for label, cell in zip(periods, row["cells"], strict=True):
            discipline.append([row["code"], row["name"], label, str(states[cell["state"]]), cell["days_late"],
                               cell["returned"]])
    statistics, breakdowns = [], []
    for ind in figures["statistics"]:
        statistics.append([ind["code"], ind["name"], ind["total"], ind["previous"], ind["change"], ind["change_percent"]])
        for b in ind["breakdowns"]:
            for o in b["options"]:
                breakdowns.append([ind["code"], ind["name"], b["dimension"], o["name"], o["value"], o["previous"]])
    span, previous = figures["span"]["label"], figures["previous_span"]["label"]
    return [
        (_("Coverage"), [_("Period"), _("Accepted reports"), _("Expected")],
         [[p["label"], p["accepted"], p["expected"]] for p in figures["coverage"]["per_period"]]
         + [[_("Missing") + ": " + m["code"], m["name"], ""] for m in figures["coverage"]["missing"]]),
        (_("Implementation"), [_("Code"), _("Pillar / objective"), *[labels[k] for k in categories], _("Total"),
                               _("Mark"), _("Planned (ALL)"), _("Spent in the span (ALL)")], implementation),
        (_("Delayed activities"), [_("Code"), _("Activity"), _("Lead institution"), _("Deadline")],
         [[a["code"], a["description"], f"{a['lead_code']} – {a['lead']}", a["due_on"]]
          for a in figures["implementation"]["delayed"]]),
        (_("Reporting discipline"), [_("Code"), _("Institution"), _("Period"), _("State"), _("Days late"),
                                     _("Times returned")], discipline),
        (_("Statistics"), [_("Code"), _("Indicator"), span, previous, _("Change"), _("Change (%)")], statistics),
        (_("Breakdowns"), [_("Code"), _("Indicator"), _("Dimension"), _("Option"), span, previous], breakdowns),
    ]


def xlsx_export(report, figures, filename):
    with override(report.language):
        return xlsx_response(filename, _sheets(figures))


def csv_export(report, figures, filename):
    """One long table: the part of the report first, then that part's own columns."""
    with override(report.language):
        rows = []
        for title, header, part in _sheets(figures):
            rows.append([title, *header])
            rows.extend([title, *row] for row in part)
        return csv_response(filename, [_("Part"), _("Columns and values")], rows)
