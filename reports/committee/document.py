"""The report as a document: one context for the preview page, the PDF and the exports."""

from django.utils import timezone
from django.utils.translation import override

from .charts import report_charts
from .labels import category_labels, discipline_labels, rag_labels, status_labels
from .markdown import render_markdown
from .services import TEXT_FIELDS

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
            "texts": {name: render_markdown(getattr(report, name)) for name in TEXT_FIELDS},
            "discipline_labels": discipline_labels(),
            "unit_name": UNIT_NAMES.get(report.language, UNIT_NAMES["sq"]),
            "unit_short_name": UNIT_NAMES.get(report.language, UNIT_NAMES["sq"]).split(" – ")[0],
            "report_date": timezone.localtime(report.finalised_at or timezone.now()).date(),
        }
