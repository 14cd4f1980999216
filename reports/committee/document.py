"""The report as a document: one context for the preview page, the PDF and the exports."""

from django.utils import timezone
from django.utils.translation import override

from reports.models import CommitteeReport

from .charts import report_charts
from .labels import category_labels, discipline_labels, rag_labels, status_labels
from .markdown import render_markdown

# The unit's official name is a proper name: it is printed as the unit writes it in each language.
UNIT_NAMES = {
    "sq": "Njësia Antitrafik – Zyra e Koordinatorit Kombëtar kundër Trafikimit të Personave",
    "en": "Anti-Trafficking Unit – Office of the National Coordinator against Trafficking in Persons",
}


def _implementation_rows(implementation, categories, rags):
    """Pillar and objective rows with their counts in the column order of the categories."""
    rows = []
    for pillar in implementation["pillars"]:
        rows.append({"pillar": True, "label": f"{pillar['code']}. {pillar['title']}", "total": pillar["total"],
                     "counts": [pillar["counts"][k] for k in categories], "planned": pillar["planned"],
                     "spent": pillar["spent"]})
        for obj in pillar["objectives"]:
            rows.append({"pillar": False, "label": f"{obj['code']} {obj['title']}", "total": obj["total"],
                         "counts": [obj["counts"][k] for k in categories], "planned": obj["planned"],
                         "spent": obj["spent"], "rag": obj["rag"], "rag_label": rags[obj["rag"]]})
    totals = implementation["totals"]
    return rows, [totals["counts"][k] for k in categories]


def css_string(text):
    """Text safe inside a double-quoted CSS string in a <style> element (for the PDF's page margins)."""
    text = " ".join(str(text).split())
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3C "), (">", "\\3E ")):
        text = text.replace(char, escaped)
    return text


def margin_texts(report, figures, unit_short_name):
    """The running header and footer of the PDF, as CSS strings, in the report's language."""
    from django.utils.translation import gettext as _

    title = report.title if len(report.title) <= 80 else report.title[:79] + "…"
    footer = figures["span"]["label"] + ("" if report.is_frozen else " · " + _("DRAFT"))
    return {"top_left": css_string(unit_short_name), "top_right": css_string(title),
            "bottom_left": css_string(footer), "page": css_string(_("Page"))}


def document_context(report, figures):
    """What the report body needs, in the report's language: figures, charts, texts and labels."""
    with override(report.language):
        charts = report_charts(figures)
        categories = figures["implementation"]["categories"]
        labels = category_labels()
        statuses = status_labels()
        rows, total_counts = _implementation_rows(figures["implementation"], categories, rag_labels())
        return {
            "category_columns": [labels[k] for k in categories],
            "implementation_rows": rows,
            "total_counts": total_counts,
            "delayed": [a | {"status_label": statuses.get(a["status"], a["status"])}
                        for a in figures["implementation"]["delayed"]],
            "report": report,
            "figures": figures,
            "charts": {chart["key"]: chart for chart in charts},
            "breakdown_charts": [c for c in charts if c["key"].startswith("breakdown-")],
            "texts": {name: render_markdown(getattr(report, name)) for name in CommitteeReport.TEXT_FIELDS},
            "discipline_labels": discipline_labels(),
            "unit_name": UNIT_NAMES.get(report.language, UNIT_NAMES["sq"]),
            "margins": margin_texts(report, figures, UNIT_NAMES.get(report.language, UNIT_NAMES["sq"]).split(" – ")[0]),
            "report_date": timezone.localtime(report.finalised_at or timezone.now()).date(),
        }
