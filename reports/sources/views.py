"""Views of public sources (on the generic views): the list, a source with its figures, its citation form,
the figures it publishes for one indicator and year, their deletion, and its history."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.errors import DomainError
from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import (
    ConfirmActionView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectMixin,
    ObjectView,
    ServiceFormView,
    values_of,
)
from strategy.models import Indicator
from strategy.quarters import quarter_label

from ..models import PublicSource
from ..models.sources import FIRST_YEAR, LAST_YEAR
from . import services
from .forms import FigureSetChooseForm, FigureSetForm, PublicSourceForm
from .selectors import figure_set_url, figure_sets, source_list


class SourceMixin(ObjectMixin):
    """The source of the URL, from the user's scope (404 outside it)."""

    model = PublicSource


class SourceListView(PolicyMixin, View):
    permission = "source.view"

    def get(self, request):
        return render(request, "reports/sources/source_list.html", {
            "title": _("Public sources"), "sources": source_list(request.user),
        })


class SourceDetailView(SourceMixin, ObjectView):
    """A source: its citation and the figures recorded from it, grouped as published."""

    permission = "source.view"
    template_name = "reports/sources/source_detail.html"
    context_object_name = "source"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.object.title, sets=figure_sets(self.object), **kwargs)


class SourceCreateView(ServiceFormView):
    permission = "source.manage"
    form_class = PublicSourceForm
    title = _("New public source")

    def get_cancel_url(self):
        return reverse("data:source_list")

    def save(self, form):
        return services.public_source_create(by=self.request.user, **values_of(form, *services.SOURCE_FIELDS))


class SourceUpdateView(SourceMixin, ObjectFormView):
    permission = "source.manage"
    form_class = PublicSourceForm
    title = _("Edit the source")

    def get_form_kwargs(self):
        # A copy: the form's values must not change the source the page shows before they are saved.
        return {"instance": PublicSource.objects.get(pk=self.object.pk)}

    def save(self, form):
        return services.public_source_update(source=self.object, by=self.request.user,
                                             **values_of(form, *services.SOURCE_FIELDS))


class SourceDeleteView(SourceMixin, ConfirmActionView):
    permission = "source.manage"
    title = _("Delete the source")
    question = _("Delete “%(source)s” and the %(count)s figures recorded from it?")
    submit_label = _("Delete")
    success_message = _("Deleted.")
    danger = True

    def get_message_params(self):
        return {"source": self.object, "count": self.object.figures.count()}

    def act(self, obj, data):
        services.public_source_delete(source=obj, by=self.request.user)

    def get_success_url(self, result):
        return reverse("data:source_list")

    def get_success_message(self, result):
        return self.success_message  # the source is gone: no parameters to fill in


class SourceHistoryView(SourceMixin, ObjectHistoryView):
    permission = "source.history"


class FigureSetChooseView(SourceMixin, View):
    """Which figures of a source to record: the indicator and the year (or quarter), then on to their form."""

    permission = "source.manage"

    def get(self, request, pk):
        source = self.get_object()
        choose = FigureSetChooseForm(request.GET or None, user=request.user)
        if choose.is_valid():
            data = choose.cleaned_data
            return redirect(figure_set_url(source, data["indicator"], data["year"], data["quarter"]))
        return render(request, "reports/sources/figure_set_form.html", {
            "source": source, "choose": choose, "title": _("Figures from %(source)s") % {"source": source.title},
        })


class FigureSetMixin(SourceMixin):
    """The source of the URL and the indicator, year and quarter of its figures (404 out of scope or range)."""

    permission = "source.manage"

    def get_object(self):
        source = super().get_object()
        if not hasattr(self, "indicator"):
            self.indicator = get_object_or_404(Indicator.objects.for_user(self.request.user),
                                               pk=self.kwargs["indicator"])
            self.year, self.quarter = self.kwargs["year"], self.kwargs.get("quarter")
            if not FIRST_YEAR <= self.year <= LAST_YEAR or self.quarter not in (None, 1, 2, 3, 4):
                raise Http404
            self.existing = list(source.figures.filter(indicator=self.indicator, year=self.year,
                                                       quarter=self.quarter).select_related("option"))
        return source

    @property
    def when(self):
        return quarter_label(self.year, self.quarter) if self.quarter else self.year


class FigureSetView(FigureSetMixin, ObjectFormView):
    """The figures a source publishes for one indicator and year (or quarter): the total and one-way cells."""

    form_class = FigureSetForm
    template_name = "reports/sources/figure_set_form.html"
    success_message = _("The figures were saved.")

    def get_form_kwargs(self):
        return {"indicator": self.indicator, "existing": self.existing}

    def get_title(self):
        return _("Figures from %(source)s") % {"source": self.object.title}

    def get_context_data(self, form, **kwargs):
        choose = FigureSetChooseForm(user=self.request.user, initial={
            "indicator": self.indicator.pk, "year": self.year, "quarter": self.quarter})
        return super().get_context_data(form, source=self.object, choose=choose, indicator=self.indicator,
                                        when=self.when, **kwargs)

    def save(self, form):
        services.public_source_figures_save(
            source=self.object, indicator=self.indicator, year=self.year, quarter=self.quarter, cells=form.cells,
            reference=form.cleaned_data["reference"], by=self.request.user)
        return self.object


class FigureSetDeleteView(FigureSetMixin, ConfirmActionView):
    """Delete the figures a source gives for one indicator and year (or quarter), after a confirmation."""

    title = _("Delete the figures")
    question = _("Delete the %(count)s figures of %(indicator)s for %(when)s from this source?")
    submit_label = _("Delete")
    success_message = _("Deleted.")
    danger = True

    def get_message_params(self):
        return {"count": len(self.existing), "indicator": self.indicator.code, "when": self.when}

    def check(self, obj):
        if not self.existing:
            error = DomainError(_("There are no such figures to delete."), kind=DomainError.CONFLICT)
            error.harmless = True
            raise error

    def act(self, obj, data):
        services.public_source_figures_delete(source=obj, indicator=self.indicator, year=self.year,
                                              quarter=self.quarter, by=self.request.user)
