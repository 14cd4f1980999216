"""The figures as XLSX and CSV (through antitrafik.spreadsheets: every text cell injection-safe)."""

from django.utils.translation import gettext as _
from django.utils.translation import override

from antitrafik.spreadsheets import csv_response, xlsx_response

from .document import upgrade
from .labels import category_labels, discipline_labels, quality_labels, rag_labels


def _sheets(figures):
    """(title, header, rows) for each part of the figures."""
    figures = upgrade(figures)
    qualities = quality_labels()
    yes_no = {True: _("yes"), False: _("no"), None: ""}
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
    statistics, breakdowns, cross_checks = [], [], []
    for ind in figures["statistics"]:
        source = ind.get("source")
        statistics.append([ind["code"], ind["name"], ind["total"], ind["previous"], ind["change"], ind["change_percent"],
                           f"{source['code']} – {source['name']}" if source else _("sum of the institutions"),
                           ind.get("time", ""), ind.get("stock_quarter") or "", str(yes_no[ind.get("like_for_like")]),
                           ", ".join((ind.get("coverage") or {}).get("incomplete") or [])])
        for b in ind["breakdowns"]:
            for o in b["options"]:
                breakdowns.append([ind["code"], ind["name"], b["dimension"], o["name"], o["value"], o["previous"],
                                   str(yes_no[b.get("overlapping")])])
        for check in ind.get("cross_checks") or []:
            cross_checks.append([ind["code"], ind["name"], ind["total"], check["code"], check["name"], check["value"]])
    span, previous = figures["span"]["label"], figures["previous_span"]["label"]
    quality = [[r["indicator"], r["relation"], "; ".join(f"{s['label']} = {s['value']}" for s in r["sides"]),
                str(qualities[r["status"]]), r["note"]] for r in figures["data_quality"]["rules"]]
    return [
        (_("Coverage"), [_("Period"), _("Accepted reports"), _("Expected"), _("Due on"), _("Submitted, not accepted"),
                         _("Draft"), _("Missing"), _("Not yet due")],
         [[p["label"], p["accepted"], p["expected"], p["due_on"], p["pending"], p["draft"], p["missing"],
           p["not_yet_due"]] for p in figures["coverage"]["per_period"]]
         + [[_("Missing") + ": " + m["code"], m["name"], "", "", "", "", "", ""] for m in figures["coverage"]["missing"]]),
        (_("Implementation"), [_("Code"), _("Pillar / objective"), *[labels[k] for k in categories], _("Total"),
                               _("Mark"), _("Planned (ALL)"), _("Spent in the span (ALL)")], implementation),
        (_("Delayed activities"), [_("Code"), _("Activity"), _("Lead institutions"), _("Deadline")],
         [[a["code"], a["description"],
           "; ".join(f"{lead['code']} – {lead['name']}" for lead in
                     [{"code": a["lead_code"], "name": a["lead"]}, *a.get("co_leads", [])]), a["due_on"]]
          for a in figures["implementation"]["delayed"]]),
        (_("Reporting discipline"), [_("Code"), _("Institution"), _("Period"), _("State"), _("Days late"),
                                     _("Times returned")], discipline),
        (_("Statistics"), [_("Code"), _("Indicator"), span, previous, _("Change"), _("Change (%)"), _("Source"),
                           _("Over time"), _("Stock taken at"), _("Like for like"), _("Incomplete quarters")],
         statistics),
        (_("Breakdowns"), [_("Code"), _("Indicator"), _("Dimension"), _("Option"), span, previous,
                           _("Options can overlap")], breakdowns),
        (_("Cross-checks"), [_("Code"), _("Indicator"), _("National figure"), _("Institution code"), _("Institution"),
                             _("Its figure")], cross_checks),
        (_("Data quality"), [_("Indicator"), _("Rule"), _("Figures"), _("Result"), _("Note")], quality),
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
