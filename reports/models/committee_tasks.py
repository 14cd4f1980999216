"""What the unit asked the task worker to do with a committee report (finalise it, make its draft PDF), and how it went."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeTaskKind(models.TextChoices):
    FINALISE = "finalise", _("Finalise")
    DRAFT_PDF = "draft_pdf", _("Draft PDF")


class CommitteeTaskState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CommitteeReportTaskQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state__in=[CommitteeTaskState.QUEUED, CommitteeTaskState.RUNNING])


class CommitteeReportTask(models.Model):
    """One request to the task worker about a committee report: its state for the report's page, the failure's
    reason in words, and (for a draft) the PDF it made."""

    report = models.ForeignKey("reports.CommitteeReport", on_delete=models.CASCADE, related_name="tasks",
                               verbose_name=_("committee report"))
    kind = models.CharField(_("kind"), max_length=12, choices=CommitteeTaskKind.choices)
    state = models.CharField(_("state"), max_length=8, choices=CommitteeTaskState.choices,
                             default=CommitteeTaskState.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    coverage_reason = models.TextField(_("reason for finalising with low coverage"), blank=True)
    reason = models.TextField(_("why it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    pdf = models.BinaryField(_("draft PDF"), null=True, blank=True, editable=False)

    objects = CommitteeReportTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("committee report task")
        verbose_name_plural = _("committee report tasks")
        constraints = [
            # One finalise at a time per report: a double click queues it once.
            models.UniqueConstraint(fields=["report"], condition=models.Q(kind="finalise", state__in=["queued", "running"]),
                                    name="reports_committeereporttask_one_pending_finalise",
                                    violation_error_message=_("This report is already being finalised.")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.report_id}: {self.get_state_display()}"

    @property
    def is_pending(self):
        return self.state in (CommitteeTaskState.QUEUED, CommitteeTaskState.RUNNING)
