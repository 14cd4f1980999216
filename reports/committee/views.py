"""Views of committee reports: list, compile, preview, edit texts, finalise, supersede, downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, View

from antitrafik import policy
from antitrafik.policy import PolicyMixin
from antitrafik.spreadsheets import attachment
from reports.models import CommitteeReport, CommitteeReportDownload
from reports.models.committee import DownloadFormat, frozen_report_error

from . import services
from .document import document_context
from .exports import csv_export, xlsx_export
from .forms import CommitteeReportCreateForm, CommitteeReportTextsForm


class CommitteeReportMixin(PolicyMixin):
    """Fetches the report through the user's scope: out of scope answers 404 like a missing one."""

    def get_report(self):
        return get_object_or_404(CommitteeReport.objects.for_user(self.request.user), pk=self.kwargs["pk"])


def _messages(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]


class CommitteeReportListView(PolicyMixin, ListView):
    permission = "committee.list"
    template_name = "reports/committee/committee_list.html"
    paginate_by = 25

    def get_queryset(self):
        return CommitteeReport.objects.for_user(self.request.user).with_people()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Committee reports")
        if policy.can(self.request.user, "committee.draft"):
            context["create_url"] = reverse("reports:committee_create")
        return context


class CommitteeReportCreateView(PolicyMixin, FormView):
    permission = "committee.draft"
    form_class = CommitteeReportCreateForm
    template_name = "generic/form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            report = services.committee_report_create(
                by=self.request.user, title=data["title"], language=data["language"], periods=data["periods"],
                texts={"executive_summary": data["executive_summary"]},
            )
        except ValidationError as error:
            for message in _messages(error):
                form.add_error("periods", message)
            return self.form_invalid(form)
        messages.success(self.request, _("The report was compiled. Write the unit's texts, then preview it."))
        return redirect(report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= {"title": _("New committee report"), "cancel_url": reverse("reports:committee_list"),
                    "submit_label": _("Compile")}
        return context


class CommitteeReportDetailView(CommitteeReportMixin, DetailView):
    """The preview: the same body as the PDF, with the report's status, checksums and actions."""

    permission = "committee.view"
    template_name = "reports/committee/committee_detail.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        return self.get_report()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        try:
            figures = services.committee_report_figures(report)
        except ValidationError as error:
            context["compile_errors"] = _messages(error)
        else:
            context |= document_context(report, figures)
        context |= {
            "can_edit": report.is_draft and policy.can(user, "committee.draft"),
            "can_finalise": report.is_draft and policy.can(user, "committee.finalise") and "compile_errors" not in context,
            "can_supersede": (report.status == "final" and policy.can(user, "committee.draft")
                              and not CommitteeReport.objects.filter(supersedes=report).exists()),
            "successor": CommitteeReport.objects.for_user(user).filter(supersedes=report).first(),
        }
        if policy.can(user, "committee.download_log"):
            context["downloads"] = CommitteeReportDownload.objects.filter(report=report).select_related("user")[:100]
        return context


class CommitteeReportEditView(CommitteeReportMixin, FormView):
    permission = "committee.draft"
    form_class = CommitteeReportTextsForm
    template_name = "generic/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not policy.can(request.user, self.permission):
            return super().dispatch(request, *args, **kwargs)
        self.report = self.get_report()
        if self.report.is_frozen:
            messages.error(request, frozen_report_error().messages[0])
            return redirect(self.report)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": CommitteeReport.objects.get(pk=self.report.pk)}

    def form_valid(self, form):
        try:
            services.committee_report_update(
                report=self.report, by=self.request.user,
                **{name: form.cleaned_data[name] for name in CommitteeReportTextsForm.Meta.fields},
            )
        except ValidationError as error:
            for message in _messages(error):
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("The texts were saved."))
        return redirect(self.report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= {"title": _("Texts of “%(title)s”") % {"title": self.report.title},
                    "cancel_url": self.report.get_absolute_url()}
        return context


class _ConfirmView(CommitteeReportMixin, View):
    """GET asks, POST acts through a service; a refusal comes back as a message on the report's page."""

    template_name = "generic/confirm.html"
    title = question = submit_label = success_message = ""

    def get(self, request, pk):
        from django.shortcuts import render

        report = self.get_report()
        return render(request, self.template_name, {
            "title": self.title, "question": self.question % {"title": report.title, "version": report.version},
            "cancel_url": report.get_absolute_url(), "submit_label": self.submit_label,
        })

    def post(self, request, pk):
        report = self.get_report()
        try:
            result = self.act(report)
        except ValidationError as error:
            for message in _messages(error):
                messages.error(request, message)
            return redirect(report)
        messages.success(request, self.success_message)
        return redirect(result)


class CommitteeReportFinaliseView(_ConfirmView):
    permission = "committee.finalise"
    title = _("Finalise the report")
    question = _("Finalise “%(title)s” (version %(version)s)? Its figures and PDF will be frozen with a checksum and "
                 "can never change again; a revision needs a new version.")
    submit_label = _("Finalise")
    success_message = _("The report is finalised: its figures and PDF are frozen.")

    def act(self, report):
        return services.committee_report_finalise(report=report, by=self.request.user)


class CommitteeReportSupersedeView(_ConfirmView):
    permission = "committee.draft"
    title = _("New version")
    question = _("Create a new draft version of “%(title)s” (replacing version %(version)s once it is finalised)?")
    submit_label = _("Create the new version")
    success_message = _("A new draft version was created from the finalised report.")

    def act(self, report):
        return services.committee_report_supersede(report=report, by=self.request.user)


class CommitteeReportDownloadView(CommitteeReportMixin, View):
    """PDF, XLSX or CSV of a report the user may see; every download is logged."""

    permission = "committee.download"
    format = None

    def get(self, request, pk):
        from .pdf import render_pdf

        report = self.get_report()
        try:
            figures = services.committee_report_figures(report)
        except ValidationError as error:
            for message in _messages(error):
                messages.error(request, message)
            return redirect(report)
        name = f"{slugify(report.title)[:60] or 'raport'}-v{report.version}-{report.language}"
        if not report.is_frozen:
            name += "-draft"
        if self.format == DownloadFormat.PDF:
            pdf = bytes(report.frozen_pdf) if report.is_frozen and report.frozen_pdf else render_pdf(report, figures)
            response = HttpResponse(pdf, content_type="application/pdf")
            attachment(response, f"{name}.pdf")
        elif self.format == DownloadFormat.XLSX:
            response = xlsx_export(report, figures, f"{name}.xlsx")
        else:
            response = csv_export(report, figures, f"{name}.csv")
        services.committee_report_log_download(report=report, by=request.user, format=self.format)
        return response
