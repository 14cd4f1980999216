"""The follow-up part of a quarterly report, and a committee report's links to the secretariat."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from antitrafik.views.generic import ObjectFormView, refusal_message

from .. import workflow
from ..choices import FollowUpStatus
from ..committee.views import CommitteeReportMixin
from ..models import QuarterlyReport
from ..models.quarterly import ReportError
from ..views.report import ReportMixin
from . import services
from .forms import PresentForm, RecommendationItemForm
from .selectors import follow_up_rows


class ReportFollowUpView(ReportMixin, View):
    """The institution's status and short account of each decision or recommendation assigned to it."""

    permission = "report.edit"
    template_name = "reports/secretariat/follow_up_form.html"

    def refused(self, report, error):
        refusal_message(self.request, error)
        return redirect(report.get_absolute_url())

    def render_form(self, report, *, raw=None, status=200, version=None):
        rows = []
        for item, follow_up in follow_up_rows(report):
            prefix = f"f-{item.pk}-"
            rows.append({
                "item": item, "prefix": prefix,
                "status": (raw or {}).get(prefix + "status", follow_up.status if follow_up else ""),
                "account": (raw or {}).get(prefix + "account", follow_up.account if follow_up else ""),
            })
        return render(self.request, self.template_name, {
            "report": report, "rows": rows, "choices": FollowUpStatus.choices,
            "version": version if version is not None else report.version,
        }, status=status)

    def get(self, request, pk):
        report = self.get_object()
        try:
            workflow.check_edit(report, request.user)
        except ReportError as error:
            return self.refused(report, error)
        return self.render_form(report)

    def post(self, request, pk):
        report = self.get_object()
        try:
            workflow.check_edit(report, request.user)
            version = int(request.POST.get("version", ""))
        except ReportError as error:
            return self.refused(report, error)
        except ValueError:
            messages.error(request, _("The form is incomplete: open it again."))
            return self.render_form(report, raw=request.POST, status=400)
        entries = {}
        for name in request.POST:
            parts = name.split("-")
            if len(parts) == 3 and parts[0] == "f" and parts[1].isdigit() and parts[2] == "status":
                item_id = int(parts[1])
                entries[item_id] = {"status": request.POST.get(name, ""),
                                    "account": request.POST.get(f"f-{item_id}-account", "")}
        try:
            services.follow_up_save(report=report, by=request.user, version=version, entries=entries)
        except workflow.StaleVersionError as error:
            messages.error(request, str(error))
            current = QuarterlyReport.objects.get(pk=report.pk)
            return self.render_form(report, raw=request.POST, status=409, version=current.version)
        except ReportError as error:
            messages.error(request, str(error))
            return self.render_form(report, raw=request.POST, status=400, version=version)
        messages.success(request, _("The follow-up of decisions and recommendations was saved."))
        return redirect(report.get_absolute_url())


class CommitteePresentView(CommitteeReportMixin, ObjectFormView):
    """Record the meeting at which a finalised committee report was presented."""

    permission = "secretariat.manage"
    form_class = PresentForm
    submit_label = _("Save")
    success_message = _("The report is linked to the meeting.")

    def get_title(self):
        return _("Presented at a meeting: %(report)s") % {"report": self.object}

    def get_form_kwargs(self):
        return {"user": self.request.user}

    def save(self, form):
        services.committee_report_present(report=self.object, meeting=form.cleaned_data["meeting"],
                                          by=self.request.user)
        return self.object


class CommitteeRecommendationItemView(CommitteeReportMixin, ObjectFormView):
    """Turn a recommendation written in a finalised committee report into a tracked item."""

    permission = "secretariat.manage"
    form_class = RecommendationItemForm
    submit_label = _("Create the item")
    success_message = _("The recommendation is now an item followed up in the quarterly reports.")

    def get_title(self):
        return _("A recommendation of %(report)s as an item") % {"report": self.object}

    def get_form_kwargs(self):
        return {"report": self.object, "user": self.request.user}

    def save(self, form):
        data = form.cleaned_data
        link = services.committee_recommendation_to_item(
            report=self.object, by=self.request.user, text=data["text"], lead_institution=data["lead_institution"],
            partners=list(data["partners"]), deadline=data["deadline"])
        return link.item
