"""Each institution's quarterly report: activity progress, statistics, review and its timeline."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import EventKind, ProgressStatus, ReportStatus

COMMENT_MAX_LENGTH = 5000
TEXT_MAX_LENGTH = 10000


class QuarterlyReportQuerySet(models.QuerySet):
    def for_user(self, user):
        """The reports this user may see (see antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_quarterly_reports(self, user)

    def accepted(self):
        return self.filter(status=ReportStatus.ACCEPTED)


class QuarterlyReport(models.Model):
    """One institution's report for one reporting period."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="quarterly_reports")
    period = models.ForeignKey("strategy.ReportingPeriod", verbose_name=_("period"),
                               on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Grows with every save; guards against lost updates."
    )
    warning_explanation = models.TextField(_("explanation of warnings"), blank=True,
                                           validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("last saved by"))
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("accepted by"))
    times_returned = models.PositiveSmallIntegerField(_("times returned"), default=0)
    history = HistoricalRecords()

    objects = QuarterlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__year", "-period__quarter", "institution__code"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "period"], name="reports_quarterlyreport_one_per_period",
                violation_error_message=_("This institution already has a report for this period."),
            )
        ]

    def __str__(self):
        return f"{self.institution.code} · {self.period}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])


class ActivityProgress(models.Model):
    """The progress an institution reports on one action-plan activity in one quarter."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="progress")
    activity = models.ForeignKey("strategy.Activity", verbose_name=_("activity"), on_delete=models.PROTECT,
                                 related_name="progress")
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices, blank=True)
    narrative = models.TextField(_("what was done"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    spent = models.DecimalField(_("money spent (ALL)"), max_digits=16, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "activity__sort_key"]
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(fields=["report", "activity"], name="reports_activityprogress_unique_activity"),
            models.CheckConstraint(condition=Q(spent__isnull=True) | Q(spent__gte=0),
                                   name="reports_activityprogress_spent_not_negative",
                                   violation_error_message=_("Money spent cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.report} · {self.activity.code}"


class StatValue(models.Model):
    """One filled cell of an indicator in a report: the total (no options) or one cell of the breakdown grid.

    The options sit in the columns named by IndicatorDimension.position; an absent row is an empty cell,
    distinct from a stored zero.
    """

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey("strategy.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="values")
    option_1 = models.ForeignKey("strategy.DimensionOption", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    option_2 = models.ForeignKey("strategy.DimensionOption", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    option_3 = models.ForeignKey("strategy.DimensionOption", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    cell_key = models.CharField(max_length=60, blank=True,
                                help_text="'' for the total, else the option ids joined by '-'.")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "indicator", "cell_key"]
        verbose_name = _("statistic value")
        verbose_name_plural = _("statistic values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "cell_key"], name="reports_statvalue_unique_cell"),
            models.CheckConstraint(condition=Q(value__gte=0), name="reports_statvalue_not_negative",
                                   violation_error_message=_("A value cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.report} · {self.indicator.code}[{self.cell_key}] = {self.value}"

    @staticmethod
    def make_cell_key(*option_ids):
        return "-".join(str(o) for o in option_ids if o)


class ReviewComment(models.Model):
    """A reviewer's comment on a report, optionally on one activity or one indicator."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)])
    activity = models.ForeignKey("strategy.Activity", verbose_name=_("activity"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    indicator = models.ForeignKey("strategy.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    round = models.PositiveSmallIntegerField(default=1, help_text="Which return of the report this belongs to.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.body[:60]


class ReportEvent(models.Model):
    """A line of a report's timeline: who did what, when, with the comment or reason."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(default=dict, blank=True,
                                help_text="On submission: the values as submitted, to show what changed later.")

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self):
        return f"{self.report} · {self.kind} · {self.at:%Y-%m-%d %H:%M}"


class ReminderLog(models.Model):
    """A reminder that was sent, so the same reminder is never sent twice."""

    report_institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("strategy.ReportingPeriod", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["report_institution", "period", "kind", "recipient"],
                                    name="reports_reminderlog_once"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"
