"""The report as a PDF (WeasyPrint): A4, cover, contents, running header, page numbers, embedded fonts."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

from .document import document_context

PRINT_CSS = settings.BASE_DIR / "static" / "css" / "committee-print.css"


def render_pdf(report, figures):
    """PDF bytes of `report` with `figures` (frozen or live); a draft is marked as such on every page."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    context = document_context(report, figures)
    with override(report.language):
        html = render_to_string("reports/committee/committee_pdf.html", context)
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(PRINT_CSS), font_config=fonts)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[stylesheet], font_config=fonts)
    return document.write_pdf()

