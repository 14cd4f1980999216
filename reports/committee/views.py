"""Views of committee reports: list, compile, preview, edit texts, finalise, supersede, downloads."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View

from antitrafik import policy
from antitrafik.errors import DomainError
from antitrafik.policy import PolicyMixin
from antitrafik.spreadsheets import attachment
from antitrafik.views.generic import (
    ActionView,
    ConfirmActionView,
    ObjectFormView,
    ObjectMixin,
    ObjectView,
    ServiceFormView,
)
from reports.models import (
    CommitteeReport,
    CommitteeReportDownload,
    CommitteeReportTask,
    CommitteeTaskKind,
    CommitteeTaskState,
)
from reports.models.committee import DownloadFormat, frozen_report_error

from . import services
from .document import document_context
from .exports import csv_export, xlsx_export
from .forms import CommitteeReportCreateForm, CommitteeReportFinaliseForm, CommitteeReportTextsForm
from .tasks import committee_report_request


class CommitteeReportMixin(ObjectMixin):
    """The committee report of the URL through the user's scope: out of scope answers 404 like a missing one."""

    model = CommitteeReport


class CommitteeReportListView(PolicyMixin, ListView):
    permission = "committee.list"
    template_name = "reports/committee/committee_list.html"
    paginate_by = 25

    def get_queryset(self):
        """The unit's working list (drafts first by date) or, for a committee member, the newest finalised first."""
        reports = CommitteeReport.objects.for_user(self.request.user).with_people()
        if not policy.can(self.request.user, "committee.draft"):
            reports = reports.order_by(F("finalised_at").desc(nulls_last=True), "-pk")
        return reports

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Committee reports")
        if policy.can(self.request.user, "committee.draft"):
            context["create_url"] = reverse("reports:committee_create")
            context["unit_columns"] = True
        return context


class CommitteeReportCreateView(ServiceFormView):
    permission = "committee.draft"
    form_class = CommitteeReportCreateForm
    title = _("New committee report")
    submit_label = _("Compile")
    success_message = _("The report was compiled. Write the unit's texts, then preview it.")

    def get_cancel_url(self):
        return reverse("reports:committee_list")

    def save(self, form):
        data = form.cleaned_data
        return services.committee_report_create(
            by=self.request.user, title=data["title"], language=data["language"], periods=data["periods"],
            executive_summary=data["executive_summary"],
        )


class CommitteeReportDetailView(CommitteeReportMixin, ObjectView):
    """The preview: the same body as the PDF, with the report's status, checksums and actions."""

    permission = "committee.view"
    template_name = "reports/committee/committee_detail.html"
    keep_page = True
    context_object_name = "report"

    def get_queryset(self):
        # What was frozen for the PDF and the exports is not read to show the page: its frozen_page is.
        return super().get_queryset().select_related("created_by", "finalised_by", "supersedes").defer(
            "frozen_pdf", "frozen_figures", "frozen_charts", "supersedes__frozen_pdf", "supersedes__frozen_figures",
            "supersedes__frozen_charts", "supersedes__frozen_page")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        if report.is_frozen and report.frozen_page:
            context["frozen_page"] = report.frozen_page
        else:
            try:
                figures = services.committee_report_figures(report)
            except ValidationError as error:
                context["compile_errors"] = error.messages
            else:
                context |= document_context(report, figures)
        context |= {
            "can_edit": report.is_draft and policy.can(user, "committee.draft"),
            "can_finalise": report.is_draft and policy.can(user, "committee.finalise") and "compile_errors" not in context,
            "can_make_pdf": report.is_draft and policy.can(user, "committee.download") and "compile_errors" not in context,
            "can_supersede": (report.status == "final" and policy.can(user, "committee.draft")
                              and not CommitteeReport.objects.filter(supersedes=report).exists()),
            "successor": CommitteeReport.objects.for_user(user).filter(supersedes=report).first(),
            "can_link_secretariat": report.is_frozen and policy.can(user, "secretariat.manage"),
            "presentations": [p.meeting for p in report.presentations.select_related("meeting")],
            "recommendation_items": report.recommendation_items.select_related("item"),
            **(task_context(report) if policy.can(user, "committee.draft") else {}),
        }
        if policy.can(user, "committee.download_log"):
            context["downloads"] = CommitteeReportDownload.objects.filter(report=report).select_related("user")[:100]
        return context


class CommitteeReportEditView(CommitteeReportMixin, ObjectFormView):
    """The unit's texts of a draft; a finalised report sends the user back to its page with a message."""

    permission = "committee.draft"
    form_class = CommitteeReportTextsForm
    success_message = _("The texts were saved.")

    def check(self):
        if self.object.is_frozen:
            raise frozen_report_error()

    def get_form_kwargs(self):
        # A copy: the form's values must not change the report the page shows before they are saved.
        return {"instance": CommitteeReport.objects.get(pk=self.object.pk)}

    def get_title(self):
        return _("Texts of “%(title)s”") % {"title": self.object.title}

    def save(self, form):
        data = form.cleaned_data
        return services.committee_report_update(
            report=self.object, by=self.request.user, title=data["title"], language=data["language"],
            executive_summary=data["executive_summary"], findings=data["findings"],
            recommendations=data["recommendations"], proposals=data["proposals"],
        )


class CommitteeReportActionView(CommitteeReportMixin, ConfirmActionView):
    """GET asks, POST acts through a service; a refusal comes back as a message on the report's page."""

    def get_message_params(self):
        return {"title": self.object.title, "version": self.object.version}

    def get_success_url(self, result):
        return result.get_absolute_url()


class CommitteeReportFinaliseView(CommitteeReportActionView):
    """Finalise a draft; when a quarter's coverage is below the threshold the page asks for the reason."""

    permission = "committee.finalise"
    title = _("Finalise the report")
    question = _("Finalise “%(title)s” (version %(version)s)? Its figures and PDF will be frozen with a checksum and "
                 "can never change again; a revision needs a new version.")
    submit_label = _("Finalise")
    success_message = _("Finalising: the PDF is being made. The report becomes final when it is done; this page "
                        "shows how it goes.")

    form_class = CommitteeReportFinaliseForm

    def needs_reason(self):
        """Whether the report's coverage is below the threshold (then finalising asks for a reason)."""
        if not hasattr(self, "_figures"):
            try:
                self._figures = services.committee_report_figures(self.object)
            except (DomainError, ValidationError):
                self._figures = None  # finalising refuses it with its own message
        figures = self._figures
        return figures is not None and self.object.is_draft and services.coverage_needs_reason(figures)

    def get_form_kwargs(self):
        return {"needs_reason": self.needs_reason()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.needs_reason():
            context["question"] = f"{context['question']} " + _(
                "In at least one quarter fewer than %(threshold)s%% of the reports due were accepted (lowest: "
                "%(lowest)s%%): the report can be finalised only with a reason, which it will print."
            ) % {"threshold": settings.COMMITTEE_COVERAGE_THRESHOLD,
                 "lowest": self._figures["coverage"]["lowest_share"]}
        return context

    def act(self, obj, data):
        committee_report_request(report=obj, by=self.request.user, kind=CommitteeTaskKind.FINALISE,
                                 coverage_reason=data.get("coverage_reason", ""))
        return obj


class CommitteeReportDraftPdfView(CommitteeReportMixin, ActionView):
    """Make the draft's PDF in the task worker; the report's page offers it once it is made."""

    permission = "committee.download"
    success_message = _("The draft PDF is being made; it will be offered on this page when it is ready.")

    def act(self, obj, data):
        committee_report_request(report=obj, by=self.request.user, kind=CommitteeTaskKind.DRAFT_PDF)
        return obj

    def get_success_url(self, result):
        return result.get_absolute_url()


class CommitteeReportTaskView(CommitteeReportMixin, ObjectView):
    """The state of the report's latest task (finalise or draft PDF), polled by its page while it is pending."""

    permission = "committee.view"
    template_name = "reports/committee/_task.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | task_context(self.object)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        task = task_context(self.object)["task"]
        if task is not None and task.kind == CommitteeTaskKind.FINALISE and task.state == CommitteeTaskState.DONE:
            response["HX-Refresh"] = "true"  # the report is final now: the whole page changes
        return response


def task_context(report):
    """The report's latest task and, for a draft, its latest draft PDF still as new as the report."""
    tasks = list(CommitteeReportTask.objects.filter(report=report).defer("pdf").select_related("requested_by")[:5])
    latest = tasks[0] if tasks else None
    made = next((t for t in tasks if t.kind == CommitteeTaskKind.DRAFT_PDF and t.state == CommitteeTaskState.DONE
                 and t.finished_at and t.finished_at >= report.updated_at), None)
    return {"task": latest, "draft_pdf": made if not report.is_frozen else None}


class CommitteeReportSupersedeView(CommitteeReportActionView):
    permission = "committee.draft"
    title = _("New version")
    question = _("Create a new draft version of “%(title)s” (replacing version %(version)s once it is finalised)?")
    submit_label = _("Create the new version")
    success_message = _("A new draft version was created from the finalised report.")

    def act(self, obj, data):
        return services.committee_report_supersede(report=obj, by=self.request.user)


class CommitteeReportDownloadView(CommitteeReportMixin, View):
    """PDF, XLSX or CSV of a report the user may see; every download is logged."""

    permission = "committee.download"
    format = None

    def get(self, request, pk):
        report = self.get_object()
        try:
            figures = services.committee_report_figures(report)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(report)
        name = report.file_stem
        if self.format == DownloadFormat.PDF:
            if report.is_frozen and report.frozen_pdf:
                pdf = bytes(report.frozen_pdf)
            else:  # a draft's PDF is made by the task worker (CommitteeReportDraftPdfView)
                made = task_context(report)["draft_pdf"]
                if made is None:
                    messages.info(request, _("Make the draft PDF first: it is made in the background and offered on "
                                             "this page."))
                    return redirect(report)
                pdf = bytes(CommitteeReportTask.objects.values_list("pdf", flat=True).get(pk=made.pk))
            response = HttpResponse(pdf, content_type="application/pdf")
            attachment(response, f"{name}.pdf")
        elif self.format == DownloadFormat.XLSX:
            response = xlsx_export(report, figures, f"{name}.xlsx")
        else:
            response = csv_export(report, figures, f"{name}.csv")
        services.committee_report_log_download(report=report, by=request.user, format=self.format)
        return response
