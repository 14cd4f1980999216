"""Reporting periods: the list, one period with its history, creating a year's quarters, changing a state."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from antitrafik import policy
from antitrafik.history import history_entries
from antitrafik.policy import PolicyMixin
from antitrafik.views.generic import ConfirmActionView, ObjectView, ServiceFormView

from .. import hooks, selectors, services
from ..forms import PeriodTransitionForm, PeriodYearForm
from ..models import ReportingPeriod


class PeriodListView(PolicyMixin, View):
    permission = "period.view"

    def get(self, request):
        periods = ReportingPeriod.objects.for_user(request.user).select_related("plan")
        return render(request, "strategy/period_list.html", {"title": _("Reporting periods"), "object_list": periods})


class PeriodDetailView(ObjectView):
    permission = "period.view"
    model = ReportingPeriod
    template_name = "strategy/period_detail.html"
    context_object_name = "period"

    def get_queryset(self):
        return super().get_queryset().select_related("plan")

    def get_context_data(self, **kwargs):
        period = self.object
        actions = []
        if policy.can(self.request.user, "period.manage", period):
            actions = [(a, services.period_action_label(period, a)) for a in services.period_actions(period)]
        return super().get_context_data(title=str(period), actions=actions, entries=history_entries(period), **kwargs)


class PeriodCreateYearView(ServiceFormView):
    permission = "period.manage"
    form_class = PeriodYearForm
    title = _("Create the quarters of a year")
    success_message = _("The quarters were created.")

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user}
        plan = selectors.current_plan(self.request.user)
        if plan is not None:
            kwargs["initial"] = {"plan": plan.pk}
        return kwargs

    def get_cancel_url(self):
        return reverse("strategy:period_list")

    def save(self, form):
        data = form.cleaned_data
        return services.period_create_year(plan=data["plan"], year=data["year"], due_days=data["due_days"],
                                           by=self.request.user)

    def get_success_url(self, result):
        return reverse("strategy:period_list")


class PeriodTransitionView(ConfirmActionView):
    """Open, close, lock or unlock a period (unlocking needs a reason); a refused change is explained (409)."""

    permission = "period.manage"
    model = ReportingPeriod
    form_class = PeriodTransitionForm
    refusal_on_page = True
    success_message = _("Saved.")

    def get_object(self):
        if self.kwargs["action"] not in services.PERIOD_TRANSITIONS:
            raise Http404
        return super().get_object()

    @property
    def action(self):
        return self.kwargs["action"]

    def get_form_kwargs(self):
        return {"reason_required": self.action in services.PERIOD_REASON_REQUIRED,
                "warnings": self.warnings}

    @cached_property
    def warnings(self):
        """What closing the period now would cut short: its due date not passed, reports still being written."""
        period = self.object
        if self.action != "close":
            return []
        warnings = []
        today = timezone.localdate()
        if period.due_on > today:
            days = (period.due_on - today).days
            warnings.append(ngettext(
                "The due date, %(due)s, has not passed yet: the institutions still have %(days)s day.",
                "The due date, %(due)s, has not passed yet: the institutions still have %(days)s days.", days,
            ) % {"due": date_format(period.due_on), "days": days})
        open_reports = hooks.period_open_reports(period)
        if open_reports:
            warnings.append(ngettext(
                "%(n)s report is still a draft or returned: once the period is closed, only returned reports "
                "can be finished.",
                "%(n)s reports are still drafts or returned: once the period is closed, only returned reports "
                "can be finished.", open_reports,
            ) % {"n": open_reports})
        return warnings

    def get_context_data(self, **kwargs):
        period = self.object
        label = services.period_action_label(period, self.action)
        return super().get_context_data(
            title=f"{label}: {period}", submit_label=label, danger=self.action == "unlock" or bool(self.warnings),
            question=_("Change the state of %(period)s from “%(status)s”?")
            % {"period": period, "status": period.get_status_display()}, warnings=self.warnings, **kwargs,
        )

    def check(self, obj):
        services.period_check_transition(period=obj, action=self.action)

    def act(self, obj, data):
        return services.PERIOD_SERVICES[self.action](period=obj, by=self.request.user, reason=data["reason"])
