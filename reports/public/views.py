"""The public site: no sign-in, Albanian and English, built only from frozen publications.

Every page goes through `cache.cached_page`: the list of current publications decides what exists, so a
span, report or file that is not published (never was, withdrawn, superseded) answers 404 like one that
does not exist, whatever the URL or query string says. A page is built from the publication's frozen tables
(`Publication.tables`, already suppressed), never from live data.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_safe

from ..models import CommitteeReport, Publication
from . import cache, exports, pages

LANGUAGES = ("sq", "en")


def _page(request, lang, name, build, **kwargs):
    """Render a cached public page: `build(current)` returns its context, or raises Http404."""

    def render_page(current):
        with translation.override(lang):
            context = build(current)
            context.update(pages.frame(current, lang, name, kwargs))
            return render(request, f"public/{name}.html", context)

    return cache.cached_page(request, lang, render_page)


def _publication(current, span):
    row = cache.publication_of(current, span)
    if row is None:
        raise Http404
    return Publication.objects.only("tables", "year", "quarter", "version", "published_at").get(pk=row["id"])


@require_safe
def root(request):
    """/public/: the site in the visitor's language (Albanian unless the browser or the switch asked English)."""
    language = translation.get_language()
    return redirect("public:home", lang=language if language in LANGUAGES else "sq")


@require_safe
def home(request, lang):
    return _page(request, lang, "home", lambda current: pages.home(current, lang))


@require_safe
def statistics(request, lang, span):
    return _page(request, lang, "statistics", lambda current: pages.statistics(_publication(current, span), lang),
                 span=span)


@require_safe
def open_data(request, lang):
    return _page(request, lang, "open_data", lambda current: {
        **pages.open_data(current), "columns": exports.COLUMNS,
        "rule": exports.rule_text(settings.PUBLIC_SUPPRESSION_THRESHOLD)})


@require_safe
def reports(request, lang):
    return _page(request, lang, "reports", lambda current: pages.reports(current))


@require_safe
def about(request, lang):
    return _page(request, lang, "about", lambda current: {})  # the frame holds all it shows


def _download(request, lang, span, write):
    def build(current):
        publication = _publication(current, span)
        with translation.override(lang):
            return write(publication, lang)

    return cache.cached_page(request, lang, build)


@require_safe
def data_csv(request, lang, span):
    return _download(request, lang, span, exports.csv_file)


@require_safe
def data_xlsx(request, lang, span):
    return _download(request, lang, span, exports.xlsx_file)


@require_safe
def report_pdf(request, pk):
    """A committee report the public was given: its frozen PDF, exactly as finalised (checked by its checksum)."""

    def build(current):
        publication_id = current["reports"].get(str(pk))
        if publication_id is None:
            raise Http404
        report = CommitteeReport.objects.only("frozen_pdf", "pdf_sha256", "title").get(pk=pk)
        given = Publication.objects.only("tables").get(pk=publication_id).tables["committee_reports"]
        if not report.frozen_pdf or not any(r["id"] == pk and r["pdf_sha256"] == report.pdf_sha256 for r in given):
            raise Http404
        response = HttpResponse(bytes(report.frozen_pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="antitrafik-committee-report-{pk}.pdf"'
        return response

    return cache.cached_page(request, "-", build)

