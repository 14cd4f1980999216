"""The spreadsheet round trip of a report's statistics: download the form pre-filled, upload it filled."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from antitrafik.errors import DomainError
from antitrafik.spreadsheets import SpreadsheetError
from antitrafik.views.generic import ObjectFormView, ObjectView

from .. import services, workflow, xlsx
from ..choices import EventKind
from ..forms import UploadForm
from ..selectors.report import report_data
from .report import ReportMixin


class ReportXlsxView(ReportMixin, ObjectView):
    """Download the statistics form of the report, pre-filled, as XLSX."""

    permission = "report.export"

    def get(self, request, *args, **kwargs):
        return xlsx.statistics_response(report_data(self.get_object(), with_history=False, statuses=False))


class ReportUploadView(ReportMixin, ObjectFormView):
    """Upload a filled statistics spreadsheet into a draft or returned report: all or nothing."""

    permission = "report.import"
    form_class = UploadForm
    template_name = "reports/quarterlyreport_upload.html"
    invalid_status = 400
    success_message = _("The statistics were imported from the spreadsheet.")
    problems = ()

    def check(self):
        workflow.check_edit(self.object, self.request.user)

    def get_context_data(self, form, **kwargs):
        return {"report": self.object, "form": form, "problems": self.problems, **kwargs}

    def save(self, form):
        report = self.object
        data = report_data(report, with_history=False, statuses=False)
        try:
            values = xlsx.read_statistics(form.cleaned_data["file"], data)
        except xlsx.CellErrors as error:
            self.problems = error.problems
            raise DomainError(_("Nothing was imported: correct the cells listed above and upload again."),
                              field="file") from None
        except SpreadsheetError as error:
            raise DomainError(error.message, field="file") from None
        return services.report_save(report=report, by=self.request.user, version=report.version, values=values,
                                    event_kind=EventKind.IMPORTED)

    def get_success_url(self, result):
        return reverse("reports:report_edit", args=[result.pk])
