"""Committee reports' slow work in the task worker: finalising (render, then freeze) and the draft PDF.

The view records a `CommitteeReportTask` and queues the task in the same transaction, and answers at once;
the report's page shows the task's state (queued, running, done, failed with the reason) and refreshes
itself while it is pending. A refusal of the service (the report changed meanwhile, was finalised or
superseded) ends the task as failed with its message, without retrying; any other failure is tried again
(TASK_MAX_ATTEMPTS), then reported. A report deleted meanwhile takes its task rows with it: the task ends
cleanly saying so.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from antitrafik import policy
from antitrafik.errors import DomainError
from antitrafik.tasks import TaskGaveUp, retry_later

from ..choices import CommitteeReportStatus
from ..models import CommitteeReport, CommitteeReportTask, CommitteeTaskKind, CommitteeTaskState
from ..models.committee import CommitteeReportError, frozen_report_error
from . import services
from .pdf import render_pdf


def committee_report_request(*, report: CommitteeReport, by, kind: str, coverage_reason: str = "") -> CommitteeReportTask:
    """Queue a finalise or a draft PDF of `report` for the task worker; refused when the report is not a draft or
    is already being finalised."""
    permission = "committee.finalise" if kind == CommitteeTaskKind.FINALISE else "committee.download"
    if not policy.can(by, permission):
        raise CommitteeReportError(_("You are not allowed to do this."), kind=CommitteeReportError.FORBIDDEN)
    with transaction.atomic():
        stored = CommitteeReport.objects.select_for_update().filter(pk=report.pk).values_list("status", flat=True).first()
        if stored != CommitteeReportStatus.DRAFT:
            raise frozen_report_error()
        if CommitteeReportTask.objects.filter(report=report, kind=CommitteeTaskKind.FINALISE).pending().exists():
            raise CommitteeReportError(_("This report is already being finalised."), kind=CommitteeReportError.CONFLICT)
        job = CommitteeReportTask.objects.create(report=report, kind=kind, requested_by=by,
                                                 coverage_reason=(coverage_reason or "").strip())
        # Queued in this transaction: on the database backend the task row commits with the request's row; the
        # immediate backend of the tests runs it here, so a test sees the outcome of its request at once.
        run_committee_task.enqueue(job.pk)
    return job


def _claim(job_id):
    """Mark the job running (again, after a killed worker); None when its report was deleted meanwhile."""
    with transaction.atomic():
        job = CommitteeReportTask.objects.select_for_update(of=("self",)).select_related("report", "requested_by").filter(
            pk=job_id).first()
        if job is None or job.state in (CommitteeTaskState.DONE, CommitteeTaskState.FAILED):
            return job
        CommitteeReportTask.objects.filter(pk=job.pk).update(state=CommitteeTaskState.RUNNING, attempts=F("attempts") + 1)
    job.refresh_from_db()
    return job


def _finish(job, state, reason="", pdf=None):
    CommitteeReportTask.objects.filter(pk=job.pk).update(state=state, reason=reason, pdf=pdf, finished_at=timezone.now())


def _work(job):
    report = job.report
    if report.status != CommitteeReportStatus.DRAFT:
        raise frozen_report_error()
    if job.kind == CommitteeTaskKind.FINALISE:
        services.committee_report_finalise(report=report, by=job.requested_by, coverage_reason=job.coverage_reason)
        return None
    figures = services.committee_report_figures(report)
    return render_pdf(report, figures)


@task()
def run_committee_task(job_id: int, attempt: int = 1) -> str:
    """Do what the CommitteeReportTask `job_id` asks; record how it ended on it."""
    job = _claim(job_id)
    if job is None:
        return "ended: the committee report was deleted meanwhile"
    if not job.is_pending:
        return f"ended: the task was already {job.state}"
    with translation.override(job.requested_by.language or settings.LANGUAGE_CODE):  # the reason, in the asker's words
        return _run(job, job_id, attempt)


def _run(job, job_id, attempt):
    try:
        pdf = _work(job)
    except DomainError as refusal:  # the report was finalised, superseded or changed meanwhile: final
        _finish(job, CommitteeTaskState.FAILED, str(refusal))
        return f"refused: {refusal}"
    except Exception as error:  # noqa: BLE001 - anything else is tried again, then reported
        CommitteeReportTask.objects.filter(pk=job.pk).update(state=CommitteeTaskState.QUEUED)
        try:
            return retry_later(run_committee_task, attempt=attempt, reason=f"{type(error).__name__}: {error}",
                               args=(job_id,))
        except TaskGaveUp:
            _finish(job, CommitteeTaskState.FAILED,
                    _("The PDF could not be made (%(attempts)s attempts); the technical team has the details in the "
                      "log. Try again later.") % {"attempts": attempt})
            raise
    _finish(job, CommitteeTaskState.DONE, pdf=pdf)
    return "done"
