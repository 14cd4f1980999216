"""Filters of the activity list."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from antitrafik.widgets import use_quick_selects
from institutions.models import Institution

from . import hooks
from .choices import FundingSource
from .models import ActionPlan, Activity, Objective, Pillar, led_by_q


class ActivityFilter(django_filters.FilterSet):
    """Plan, pillar, objective, institution, funding, deadline range, status (or late), text; sortable.

    The queryset must carry the activities' status (strategy.hooks.with_activity_status).
    """

    q = django_filters.CharFilter(label=_("Search"), method="filter_text",
                                  widget=forms.TextInput(attrs={"placeholder": _("Code or words of the description")}))
    plan = django_filters.ModelChoiceFilter(label=_("Action plan"), queryset=ActionPlan.objects.none())
    pillar = django_filters.ModelChoiceFilter(label=_("Pillar"), field_name="objective__pillar",
                                              queryset=Pillar.objects.none())
    objective = django_filters.ModelChoiceFilter(label=_("Objective"), queryset=Objective.objects.none())
    institution = django_filters.ModelChoiceFilter(label=_("Institution (lead or partner)"),
                                                   queryset=Institution.objects.none(), method="filter_institution")
    involvement = django_filters.ChoiceFilter(
        label=_("Involvement"), method="filter_involvement", empty_label=_("Lead or partner"),
        choices=[("lead", _("Lead only")), ("partner", _("Partner only"))],
    )
    funding_source = django_filters.ChoiceFilter(label=_("Funding source"), choices=FundingSource.choices)
    due_from = django_filters.DateFilter(label=_("Deadline from"), field_name="due_on", lookup_expr="gte",
                                         widget=forms.DateInput(attrs={"type": "date"}))
    due_to = django_filters.DateFilter(label=_("Deadline to"), field_name="due_on", lookup_expr="lte",
                                       widget=forms.DateInput(attrs={"type": "date"}))
    status = django_filters.ChoiceFilter(label=_("Status"), method="filter_status", choices=[])
    archived = django_filters.BooleanFilter(label=_("Archived"), field_name="is_archived",
                                            widget=forms.Select(choices=[("", _("- Any -")), ("true", _("Yes")),
                                                                         ("false", _("No"))]))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("sort_key", "code"), ("due_on", "deadline"), ("estimated_cost", "cost")),
        field_labels={"sort_key": _("Code"), "due_on": _("Deadline"), "estimated_cost": _("Cost")},
    )

    class Meta:
        model = Activity
        fields = []

    def __init__(self, data=None, *args, plan=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["plan"].queryset = ActionPlan.objects.for_user(user)
        pillars = Pillar.objects.select_related("plan")
        objectives = Objective.objects.all()
        if plan is not None:
            pillars, objectives = pillars.filter(plan=plan), objectives.filter(plan=plan)
        self.filters["pillar"].queryset = pillars
        self.filters["objective"].queryset = objectives
        # The plan is readable by every signed-in user, and so are the names of the institutions it involves.
        institutions = Institution.objects.order_by("code")
        self.filters["institution"].queryset = institutions
        self.filters["status"].extra["choices"] = hooks.activity_status_choices()
        use_quick_selects(self)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__istartswith=value) | Q(description__icontains=value))

    def filter_institution(self, queryset, name, value):
        partner = Q(Exists(Activity.partners.through.objects.filter(activity=OuterRef("pk"), institution=value)))
        lead = led_by_q(value)
        involvement = self.form.cleaned_data.get("involvement")
        if involvement == "lead":
            return queryset.filter(lead)
        if involvement == "partner":
            return queryset.filter(partner)
        return queryset.filter(lead | partner)

    def filter_involvement(self, queryset, name, value):
        """Applied together with the institution (see filter_institution)."""
        return queryset

    def filter_status(self, queryset, name, value):
        """The lead institution's latest accepted status, or 'late' (the rule of reports' activity status)."""
        return hooks.filter_activity_status(queryset, value)

    @property
    def qs(self):
        queryset = super().qs
        cleaned = getattr(self.form, "cleaned_data", {})
        if cleaned.get("archived") is None:
            queryset = queryset.filter(is_archived=False)
        if not cleaned.get("sort"):
            queryset = queryset.order_by("plan_id", "sort_key")
        return queryset
