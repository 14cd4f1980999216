"""Views of the data viewer: the index of indicators, and each indicator's page with its downloads."""

from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import ObjectMixin, ObjectView
from strategy.models import Indicator

from . import exports, selectors


class DataIndexView(PolicyMixin, View):
    """Every indicator with its latest national figure and how complete it is."""

    permission = "data.view"

    def get(self, request):
        return render(request, "reports/data/index.html", {
            "title": _("Data by indicator"), "rows": selectors.data_index(request.user),
        })


class IndicatorMixin(ObjectMixin):
    """The indicator of the URL, from the user's scope (404 outside it)."""

    model = Indicator

    def get_queryset(self):
        return super().get_queryset().select_related("pillar", "authoritative_institution")


class IndicatorDataView(IndicatorMixin, ObjectView):
    """One indicator: its definition, figures by quarter and year, breakdowns, coverage and public sources."""

    permission = "data.view"
    template_name = "reports/data/indicator.html"
    context_object_name = "indicator"

    def get_context_data(self, **kwargs):
        page = selectors.indicator_page(self.object, self.request.user, year=self.request.GET.get("year"))
        return super().get_context_data(page=page, title=f"{self.object.code} {self.object.label}", **kwargs)


class IndicatorDownloadView(IndicatorMixin, View):
    """The indicator's page as a spreadsheet (XLSX or CSV): the same figures, within the same scope."""

    permission = "data.export"
    format = "xlsx"

    def get(self, request, pk):
        indicator = self.get_object()
        page = selectors.indicator_page(indicator, request.user, year=request.GET.get("year"))
        filename = f"{slugify(indicator.code)}-{page.year or 'data'}.{self.format}"
        export = exports.xlsx_export if self.format == "xlsx" else exports.csv_export
        return export(page, filename)
