"""The report as a document: one context for the preview page, the PDF and the exports."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from reports.models import CommitteeReport

from .charts import cached_report_charts, with_sources
from .labels import category_labels, discipline_labels, quality_labels, rag_labels, status_labels
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


def upgrade(figures):
    """Figures frozen by an earlier version of the compile, with the parts this version reads (left empty)."""
    if figures.get("schema", 1) >= 2:
        return figures
    figures = dict(figures)
    coverage = dict(figures.get("coverage") or {})
    due = {p["label"]: p.get("due_on", "") for p in figures.get("span", {}).get("periods", [])}
    coverage["per_period"] = [
        {"due_on": due.get(p["label"], ""), "is_due": True, "pending": "", "draft": "", "missing": "",
         "not_yet_due": "", "share": ""} | p for p in coverage.get("per_period", [])]
    coverage.setdefault("lowest_share", 100.0)
    coverage.setdefault("complete", True)
    figures["coverage"] = coverage
    figures["statistics"] = [{"source": None, "institutions_counted": None, "time": "", "stock_quarter": None,
                              "previous_stock_quarter": None, "like_for_like": None, "cross_checks": [],
                              "coverage": {}} | row for row in figures.get("statistics", [])]
    figures.setdefault("data_quality", {"rules": [], "summary": {"pass": 0, "fail": 0, "warning": 0, "skipped": 0}})
    figures["trend"] = {"incomplete": []} | figures.get("trend", {})
    return figures


def _n(value, signed=False):
    text = number_format(value, force_grouping=True)
    return f"+{text}" if signed and value > 0 else text


def statistics_notes(statistics):
    """The statistics rows with their note marks, and the numbered notes under the table: comparisons that are
    not like for like, and figures with incomplete quarters. Call inside the report's language."""
    rows, notes = [], []
    for ind in statistics:
        marks = []
        compared = ind.get("total") is not None and ind.get("previous") is not None
        if compared and ind.get("like_for_like") is False:
            text = _("%(code)s: not like for like – the reports counted differ (this span: %(current)s, the "
                     "previous one: %(previous)s).") % {"code": ind["code"], "current": ind.get("reports"),
                                                       "previous": ind.get("previous_reports")}
            common = ind.get("common")
            if common and common.get("change") is not None:
                text += " " + _("On the institutions and quarters present in both spans: %(now)s against %(before)s "
                                "(%(change)s).") % {
                    "now": _n(common["current"]), "before": _n(common["previous"]),
                    "change": _n(common["change"], signed=True) + (
                        f"; {_n(common['change_percent'], signed=True)}%" if common.get("change_percent") is not None
                        else "")}
            else:
                text += " " + _("No institution reported in the same quarters of both spans: the change says little.")
            notes.append({"mark": len(notes) + 1, "text": text})
            marks.append(len(notes))
        incomplete = (ind.get("coverage") or {}).get("incomplete") or []
        if incomplete and ind.get("total") is not None:
            quarters = ", ".join(incomplete)
            if ind.get("source"):
                text = _("%(code)s: the report of %(source)s was not accepted for %(quarters)s, so the figure is "
                         "incomplete.") % {"code": ind["code"], "source": ind["source"]["code"], "quarters": quarters}
            else:
                text = _("%(code)s: incomplete for %(quarters)s – not every institution that reports it had an accepted "
                         "report.") % {"code": ind["code"], "quarters": quarters}
            notes.append({"mark": len(notes) + 1, "text": text})
            marks.append(len(notes))
        rows.append(ind | {"marks": marks})
    return rows, notes


def cross_check_rows(statistics):
    """One row per other institution's figure of an authoritative indicator, beside the national figure."""
    rows = []
    for ind in statistics:
        for check in ind.get("cross_checks") or []:
            rows.append({"code": ind["code"], "name": ind["name"], "national": ind["total"],
                         "source": (ind.get("source") or {}).get("code", ""), "institution_code": check["code"],
                         "institution": check["name"], "value": check["value"]})
    return rows


HEADER_TITLE_LENGTH = 70


def css_string(text):
    """Text safe inside a double-quoted CSS string in a <style> element (for the PDF's page margins)."""
    text = " ".join(str(text).split())
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3C "), (">", "\\3E ")):
        text = text.replace(char, escaped)
    return text


def margin_texts(report, figures, unit_short_name):
    """The running header and footer of the PDF, as CSS strings, in the report's language."""
    from django.utils.translation import gettext as _

    # One line at 7.5 pt in the header's right box: about 70 characters of DejaVu Sans.
    title = report.title if len(report.title) <= HEADER_TITLE_LENGTH else report.title[:HEADER_TITLE_LENGTH - 1] + "…"
    footer = figures["span"]["label"] + ("" if report.is_frozen else " · " + _("DRAFT"))
    return {"top_left": css_string(unit_short_name), "top_right": css_string(title),
            "bottom_left": css_string(footer), "page": css_string(_("Page"))}


def document_charts(report, figures):
    """The report's charts, in its language: a finalised report's from its frozen copy; a draft's each drawn
    once per version of what it is drawn from and then read from the cache (about 0.1 s of processor each)."""
    with override(report.language):
        if report.is_frozen and report.frozen_charts:
            return with_sources(report.frozen_charts)
        return cached_report_charts(upgrade(figures), report.language)


def document_context(report, figures):
    """What the report body needs, in the report's language: figures, charts, texts and labels.

    A finalised report's charts come from its frozen copy; a draft's are drawn once per version of its figures
    and then read from the cache."""
    figures = upgrade(figures)
    with override(report.language):
        charts = document_charts(report, figures)
        categories = figures["implementation"]["categories"]
        labels = category_labels()
        statuses = status_labels()
        qualities = quality_labels()
        rows, total_counts = _implementation_rows(figures["implementation"], categories, rag_labels())
        statistics_rows, notes = statistics_notes(figures["statistics"])
        threshold = settings.COMMITTEE_COVERAGE_THRESHOLD
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
            "statistics_rows": statistics_rows,
            "statistics_notes": notes,
            "cross_checks": cross_check_rows(figures["statistics"]),
            "quality_rows": [r | {"status_label": qualities[r["status"]]} for r in figures["data_quality"]["rules"]],
            "coverage_threshold": threshold,
            "coverage_below_threshold": figures["coverage"]["lowest_share"] < threshold,
            "trend_has_incomplete": any(figures["trend"].get("incomplete") or []),
            "unit_name": UNIT_NAMES.get(report.language, UNIT_NAMES["sq"]),
            "margins": margin_texts(report, figures, UNIT_NAMES.get(report.language, UNIT_NAMES["sq"]).split(" – ")[0]),
            "report_date": timezone.localtime(report.finalised_at or timezone.now()).date(),
        }


def frozen_page(report, figures):
    """The page's table of contents and body of a report being finalised, rendered once in its language and
    frozen with it: a finalised report's page serves them as they are, without compiling or drawing anything."""
    context = document_context(report, figures)
    with override(report.language):
        return {
            "toc": render_to_string("reports/committee/_toc.html", context),
            "body": render_to_string("reports/committee/_preview_body.html", context),
            "span_label": str(figures["span"]["label"]),
        }
