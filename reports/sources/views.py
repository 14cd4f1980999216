"""Views of public sources: the list, a source with its figures, its citation form, figures form and history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.history import history_entries
from antitrafik.policy import PolicyMixin
from strategy.models import Indicator

from ..models import PublicSource
from ..models.sources import FIRST_YEAR, LAST_YEAR
from . import services
from .forms import FigureSetChooseForm, FigureSetForm, PublicSourceForm
from .selectors import figure_set_url, figure_sets, source_list


def _apply(form, error):
    """A ValidationError raised by a service, next to the form's fields (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SourceMixin(PolicyMixin):
    """The source of the URL, from the user's scope (404 outside it)."""

    def get_source(self):
        return get_object_or_404(PublicSource.objects.for_user(self.request.user), pk=self.kwargs["pk"])


class SourceListView(PolicyMixin, View):
    permission = "source.view"

    def get(self, request):
        return render(request, "reports/sources/source_list.html", {
            "title": _("Public sources"), "sources": source_list(request.user),
        })


class SourceDetailView(SourceMixin, View):
    """A source: its citation and the figures recorded from it, grouped as published."""

    permission = "source.view"

    def get(self, request, pk):
        source = self.get_source()
        return render(request, "reports/sources/source_detail.html", {
            "source": source, "title": source.title, "sets": figure_sets(source),
        })


class SourceFormView(SourceMixin, View):
    """Record a new source, or correct the citation of one."""

    permission = "source.manage"

    def load(self):
        return self.get_source() if "pk" in self.kwargs else None

    def render_form(self, form, source):
        return render(self.request, "generic/form.html", {
            "form": form, "title": _("Edit the source") if source else _("New public source"),
            "cancel_url": source.get_absolute_url() if source else reverse("data:source_list"),
        })

    def get(self, request, pk=None):
        source = self.load()
        return self.render_form(PublicSourceForm(instance=source), source)

    def post(self, request, pk=None):
        source = self.load()
        form = PublicSourceForm(request.POST, instance=source)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in PublicSourceForm.Meta.fields}
            try:
                if source is None:
                    source = services.public_source_create(by=request.user, **fields)
                else:
                    source = services.public_source_update(source=source, by=request.user, **fields)
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(source)
        return self.render_form(form, source)


class SourceDeleteView(SourceMixin, View):
    permission = "source.manage"

    def get(self, request, pk):
        source = self.get_source()
        return render(request, "generic/confirm.html", {
            "title": _("Delete the source"), "danger": True, "submit_label": _("Delete"),
            "question": _("Delete “%(source)s” and the %(count)s figures recorded from it?")
            % {"source": source, "count": source.figures.count()},
            "cancel_url": source.get_absolute_url(),
        })

    def post(self, request, pk):
        services.public_source_delete(source=self.get_source(), by=request.user)
        messages.success(request, _("Deleted."))
        return redirect("data:source_list")


class SourceHistoryView(SourceMixin, View):
    permission = "source.history"

    def get(self, request, pk):
        source = self.get_source()
        return render(request, "generic/history.html", {
            "title": _("History of %(item)s") % {"item": source.title}, "object": source,
            "entries": history_entries(source), "back_url": source.get_absolute_url(),
        })


class FigureSetChooseView(SourceMixin, View):
    """Which figures of a source to record: the indicator and the year (or quarter), then on to their form."""

    permission = "source.manage"

    def get(self, request, pk):
        source = self.get_source()
        choose = FigureSetChooseForm(request.GET or None, user=request.user)
        if choose.is_valid():
            data = choose.cleaned_data
            return redirect(figure_set_url(source, data["indicator"], data["year"], data["quarter"]))
        return render(request, "reports/sources/figure_set_form.html", {
            "source": source, "choose": choose, "title": _("Figures from %(source)s") % {"source": source.title},
        })


class FigureSetMixin(SourceMixin):
    """The source, indicator, year and quarter of the URL (404 when out of scope or out of range)."""

    permission = "source.manage"

    def load(self):
        self.source = self.get_source()
        self.indicator = get_object_or_404(Indicator.objects.for_user(self.request.user), pk=self.kwargs["indicator"])
        self.year, self.quarter = self.kwargs["year"], self.kwargs.get("quarter")
        if not FIRST_YEAR <= self.year <= LAST_YEAR or self.quarter not in (None, 1, 2, 3, 4):
            raise Http404
        self.existing = list(self.source.figures.filter(indicator=self.indicator, year=self.year,
                                                        quarter=self.quarter).select_related("option"))

    @property
    def when(self):
        return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year} if self.quarter else self.year


class FigureSetView(FigureSetMixin, View):
    """The figures a source publishes for one indicator and year (or quarter): the total and one-way cells."""

    def render_page(self, form):
        choose = FigureSetChooseForm(user=self.request.user, initial={
            "indicator": self.indicator.pk, "year": self.year, "quarter": self.quarter})
        return render(self.request, "reports/sources/figure_set_form.html", {
            "source": self.source, "choose": choose, "form": form, "indicator": self.indicator, "when": self.when,
            "title": _("Figures from %(source)s") % {"source": self.source.title},
        })

    def get(self, request, **kwargs):
        self.load()
        return self.render_page(FigureSetForm(indicator=self.indicator, existing=self.existing))

    def post(self, request, **kwargs):
        self.load()
        form = FigureSetForm(request.POST, indicator=self.indicator, existing=self.existing)
        if form.is_valid():
            try:
                services.public_source_figures_save(
                    source=self.source, indicator=self.indicator, year=self.year, quarter=self.quarter,
                    cells=form.cells, reference=form.cleaned_data["reference"], by=request.user)
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The figures were saved."))
                return redirect(self.source)
        return self.render_page(form)


class FigureSetDeleteView(FigureSetMixin, View):
    """Delete the figures a source gives for one indicator and year (or quarter), after a confirmation."""

    def get(self, request, **kwargs):
        self.load()
        if not self.existing:
            return redirect(self.source)
        return render(request, "generic/confirm.html", {
            "title": _("Delete the figures"), "danger": True, "submit_label": _("Delete"),
            "question": _("Delete the %(count)s figures of %(indicator)s for %(when)s from this source?")
            % {"count": len(self.existing), "indicator": self.indicator.code, "when": self.when},
            "cancel_url": self.source.get_absolute_url(),
        })

    def post(self, request, **kwargs):
        self.load()
        services.public_source_figures_delete(source=self.source, indicator=self.indicator, year=self.year,
                                              quarter=self.quarter, by=request.user)
        messages.success(request, _("Deleted."))
        return redirect(self.source)
