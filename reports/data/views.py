"""Views of the data viewer: the index of indicators and each indicator's page with its downloads."""

from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.policy import PolicyMixin
from strategy.models import Indicator

from . import exports, selectors


def _indicator(request, pk):
    """The indicator of the URL, from the user's scope (404 outside it)."""
    return get_object_or_404(Indicator.objects.for_user(request.user).select_related("pillar"), pk=pk)


class DataIndexView(PolicyMixin, View):
    """Every indicator with its latest national figure and how complete it is."""

    permission = "data.view"

    def get(self, request):
        return render(request, "reports/data/index.html", {
            "title": _("Data by indicator"), "rows": selectors.data_index(request.user),
        })


class IndicatorDataView(PolicyMixin, View):
    """One indicator: its definition, figures by quarter and year, breakdowns, coverage and public sources."""

    permission = "data.view"

    def get(self, request, pk):
        indicator = _indicator(request, pk)
        page = selectors.indicator_page(indicator, request.user, year=request.GET.get("year"))
        return render(request, "reports/data/indicator.html", {
            "indicator": indicator, "page": page, "title": f"{indicator.code} {indicator.label}",
        })


class IndicatorDownloadView(PolicyMixin, View):
    """The indicator's page as a spreadsheet (XLSX or CSV): the same figures, within the same scope."""

    permission = "data.export"
    format = "xlsx"

    def get(self, request, pk):
        indicator = _indicator(request, pk)
        page = selectors.indicator_page(indicator, request.user, year=request.GET.get("year"))
        filename = f"{slugify(indicator.code)}-{page.year or 'data'}.{self.format}"
        export = exports.xlsx_export if self.format == "xlsx" else exports.csv_export
        return export(page, filename)
