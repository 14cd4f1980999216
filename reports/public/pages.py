"""The context of the public pages, from the frozen publications (their tables are already suppressed)."""

from django.conf import settings
from django.urls import reverse

from reports.committee.labels import category_labels
from strategy.quarters import quarter_label

from ..models import Publication
from . import suppression

HOTLINE = "116 006"


def localise(value, lang):
    """The frozen tables with each {"sq": …, "en": …} label replaced by the text in `lang`."""
    if isinstance(value, dict):
        if value.keys() == {"sq", "en"}:
            return value[lang]
        return {k: localise(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [localise(v, lang) for v in value]
    return value


def span_name(row):
    return str(row["year"]) if not row["quarter"] else str(quarter_label(row["year"], row["quarter"]))


def frame(current, lang, name, kwargs):
    """What every public page shows around its content: the publications, the language switch, the hotline."""
    other = "en" if lang == "sq" else "sq"
    return {
        "lang": lang,
        "other_lang": other,
        "switch_url": reverse(f"public:{name}", kwargs={**kwargs, "lang": other}),
        "published": [{"slug": p["slug"], "label": span_name(p),
                       "url": reverse("public:statistics", kwargs={"lang": lang, "span": p["slug"]})}
                      for p in current["publications"]],
        "hotline": HOTLINE,
        "small_label": suppression.small_label(),
        "hidden_label": suppression.HIDDEN_LABEL,
        "threshold": settings.PUBLIC_SUPPRESSION_THRESHOLD,
    }


def _shown(cell):
    return suppression.shown(cell["value"], cell["flag"])


def _with_bars(indicator):
    """Each cell's text as published and the length of its bar (% of the breakdown's largest shown value)."""
    indicator["total"]["shown"] = _shown(indicator["total"])
    for breakdown in indicator["breakdowns"]:
        largest = max((c["value"] for c in breakdown["cells"] if not c["flag"] and c["value"]), default=0)
        for cell in breakdown["cells"]:
            cell["shown"] = _shown(cell)
            cell["bar"] = round(100 * cell["value"] / largest) if largest and not cell["flag"] and cell["value"] else 0
    return indicator


def statistics(publication, lang):
    tables = localise(publication.tables, lang)
    for section in tables["statistics"]:
        section["indicators"] = [_with_bars(i) for i in section["indicators"]]
    labels = category_labels()
    implementation = tables["implementation"]
    implementation["headers"] = [labels[c] for c in implementation["categories"]]
    for group in (*implementation["pillars"], *implementation["institutions"]):
        group["cells"] = [group["counts"][c] for c in implementation["categories"]]
    slug = publication.year if not publication.quarter else f"{publication.year}-q{publication.quarter}"
    return {
        "publication": publication, "tables": tables, "title": tables["span"]["label"],
        "csv_url": reverse("public:data_csv", kwargs={"lang": lang, "span": slug}),
        "xlsx_url": reverse("public:data_xlsx", kwargs={"lang": lang, "span": slug}),
        "reports": [dict(r, url=reverse("public:report_pdf", kwargs={"pk": r["id"]}))
                    for r in tables.get("committee_reports", [])],
    }


def _current_publications(current):
    ids = [p["id"] for p in current["publications"]]
    found = {p.pk: p for p in Publication.objects.filter(pk__in=ids).only(
        "tables", "year", "quarter", "version", "published_at")}
    return [found[i] for i in ids if i in found]


def home(current, lang):
    """The latest year's (else quarter's) published figures, and the list of every publication."""
    publications = _current_publications(current)
    latest = next((p for p in publications if not p.quarter), publications[0] if publications else None)
    return {"latest": statistics(latest, lang) if latest else None}


def open_data(current):
    """Every published span's files, with their version and date."""
    return {"files": [{"span": span_name({"year": p.year, "quarter": p.quarter}), "version": p.version,
                       "published_at": p.published_at,
                       "slug": p.year if not p.quarter else f"{p.year}-q{p.quarter}"}
                      for p in _current_publications(current)]}


def reports(current):
    """The committee reports given to the public, newest first."""
    given = []
    for publication in _current_publications(current):
        for report in publication.tables.get("committee_reports", []):
            if current["reports"].get(str(report["id"])) == publication.pk:
                given.append(dict(report, url=reverse("public:report_pdf", kwargs={"pk": report["id"]}),
                                  span=span_name({"year": publication.year, "quarter": publication.quarter})))
    return {"reports": given}

