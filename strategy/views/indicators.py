"""Indicators, their validation rules, and the dimensions (with their options) that break them down."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import (
    ActionView,
    ConfirmActionView,
    ObjectFormView,
    ObjectView,
    ServiceFormView,
    values_of,
)
from institutions.choices import InstitutionKind

from .. import selectors, services
from ..forms import DimensionForm, IndicatorForm, ValidationRuleForm
from ..models import Dimension, Indicator, RuleTerm, ValidationRule

# Indicators ---------------------------------------------------------------------------------------------


class IndicatorListView(PolicyMixin, View):
    permission = "indicator.view"

    def get(self, request):
        indicators = selectors.indicator_list_queryset(request.user)
        return render(request, "strategy/indicator_list.html", {"title": _("Indicators"), "object_list": indicators})


class IndicatorDetailView(ObjectView):
    permission = "indicator.view"
    model = Indicator
    template_name = "strategy/indicator_detail.html"
    context_object_name = "indicator"

    def get_queryset(self):
        return selectors.indicator_list_queryset(self.request.user)  # Indicator.objects.for_user(user), shaped

    def get_context_data(self, **kwargs):
        indicator = self.object
        kinds = ", ".join(str(InstitutionKind(k).label) for k in indicator.kinds if k in InstitutionKind.values)
        return super().get_context_data(
            title=str(indicator), institutions=indicator.reporting_institutions.order_by("code"), kind_labels=kinds,
            rules=indicator.rules.select_related("dimension", "other_indicator", "option").prefetch_related(
                Prefetch("terms", queryset=RuleTerm.objects.select_related("indicator", "option"))),
            **kwargs,
        )


INDICATOR_FIELDS = ("code", "name", "name_en", "description", "unit", "pillar", "breakdown_layout",
                    "time_aggregation", "institution_aggregation", "authoritative_institution",
                    "reporting_institutions", "order", "is_active", "standard_code")


def indicator_values(form):
    """The values of an IndicatorForm for the indicator services."""
    dimensions = [form.cleaned_data[f"dimension_{p}"] for p in range(1, Indicator.MAX_DIMENSIONS + 1)]
    return services.IndicatorValues(reporting_kinds=form.cleaned_data["kinds"],
                                    dimensions=[d for d in dimensions if d is not None],
                                    overlapping=form.overlapping,
                                    **values_of(form, *INDICATOR_FIELDS))


class IndicatorCreateView(ServiceFormView):
    permission = "indicator.manage"
    form_class = IndicatorForm
    title = _("New indicator")

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def get_cancel_url(self):
        return reverse("strategy:indicator_list")

    def save(self, form):
        return services.indicator_create(by=self.request.user, values=indicator_values(form))


class IndicatorUpdateView(ObjectFormView):
    permission = "indicator.manage"
    model = Indicator
    form_class = IndicatorForm
    title = _("Edit the indicator")

    def get_form_kwargs(self):
        return {"user": self.request.user, "instance": self.object}

    def save(self, form):
        return services.indicator_update(indicator=self.object, by=self.request.user, values=indicator_values(form))


class IndicatorDeleteView(ConfirmActionView):
    """Delete an indicator; refused with an explanation when reported values refer to it."""

    permission = "indicator.manage"
    model = Indicator
    template_name = "strategy/item_delete.html"
    title = _("Delete the indicator")
    question = _("Delete “%(item)s” for good? This cannot be undone.")
    submit_label = _("Delete")
    danger = True
    refusal_on_page = True
    success_message = _("Deleted.")

    def get_message_params(self):
        return {"item": self.object}

    def act(self, obj, data):
        services.indicator_delete(indicator=obj, by=self.request.user)

    def get_success_url(self, result):
        return reverse("strategy:indicator_list")


# Validation rules -----------------------------------------------------------------------------------------

RULE_FIELDS = ("kind", "severity", "dimension", "other_indicator", "threshold_percent", "option", "comparator",
               "message", "message_en", "is_active")


class RuleFormView(ObjectFormView):
    """A validation rule of an indicator: created from the indicator's URL (`indicator`), or edited."""

    permission = "indicator.manage"
    form_class = ValidationRuleForm
    template_name = "strategy/rule_form.html"

    @property
    def indicator(self):
        return self.object if isinstance(self.object, Indicator) else self.object.indicator

    def get_form_kwargs(self):
        return {"indicator": self.indicator, "instance": None if isinstance(self.object, Indicator) else self.object}

    def get_title(self):
        return _("Validation rule of %(indicator)s") % {"indicator": self.indicator.code}

    def get_cancel_url(self):
        return self.indicator.get_absolute_url()

    def get_success_url(self, result):
        return self.indicator.get_absolute_url()


class RuleCreateView(RuleFormView):
    model = Indicator
    pk_url_kwarg = "indicator"

    def save(self, form):
        return services.rule_create(indicator=self.object, by=self.request.user, terms=form.terms,
                                    **values_of(form, *RULE_FIELDS))


class RuleUpdateView(RuleFormView):
    model = ValidationRule

    def get_queryset(self):
        return super().get_queryset().select_related("indicator")

    def save(self, form):
        return services.rule_update(rule=self.object, by=self.request.user, terms=form.terms,
                                    **values_of(form, *RULE_FIELDS))


class RuleDeleteView(ActionView):
    permission = "indicator.manage"
    model = ValidationRule
    success_message = _("Deleted.")

    def get_queryset(self):
        return super().get_queryset().select_related("indicator")

    def act(self, obj, data):
        services.rule_delete(rule=obj, by=self.request.user)

    def get_back_url(self):
        return self.object.indicator.get_absolute_url()


# Dimensions -----------------------------------------------------------------------------------------------

class DimensionListView(PolicyMixin, View):
    permission = "indicator.view"

    def get(self, request):
        dimensions = Dimension.objects.for_user(request.user).prefetch_related("options").order_by("code")
        return render(request, "strategy/dimension_list.html", {"title": _("Dimensions"), "object_list": dimensions})


DIMENSION_FIELDS = ("code", "name", "name_en", "by_phrase", "by_phrase_en")
OPTION_FIELDS = ("code", "name", "name_en", "order", "standard_code", "is_archived")


def option_values(form):
    """The options of a DimensionForm's table: those added or changed, and those to delete."""
    options = form.options
    deleted = [f for f in options.deleted_forms]
    changed = [
        services.OptionValues(option=f.instance if f.instance.pk else None, **values_of(f, *OPTION_FIELDS))
        for f in options.forms if f.has_changed() and f not in deleted
    ]
    return changed, [f.instance for f in deleted if f.instance.pk]


class DimensionFormMixin:
    """A dimension with its ordered options (an inline table); options in use are archived, not deleted."""

    permission = "indicator.manage"
    form_class = DimensionForm
    template_name = "strategy/dimension_form.html"

    def get_form_kwargs(self):
        return {"instance": self.object}

    def get_context_data(self, form, **kwargs):
        return super().get_context_data(form, formset=form.options, **kwargs)

    def get_cancel_url(self):
        return reverse("strategy:dimension_list")

    def get_success_url(self, result):
        return reverse("strategy:dimension_list")


class DimensionCreateView(DimensionFormMixin, ServiceFormView):
    title = _("New dimension")

    def save(self, form):
        options, _deleted = option_values(form)
        return services.dimension_create(by=self.request.user, options=options, **values_of(form, *DIMENSION_FIELDS))


class DimensionUpdateView(DimensionFormMixin, ObjectFormView):
    model = Dimension
    title = _("Edit the dimension")

    def save(self, form):
        options, deleted = option_values(form)
        return services.dimension_update(dimension=self.object, by=self.request.user, options=options, delete=deleted,
                                         **values_of(form, *DIMENSION_FIELDS))
