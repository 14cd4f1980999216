"""Each institution's quarterly report: activity progress, statistics, review and its timeline."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.errors import DomainError
from antitrafik.links import object_url

from ..choices import ActivityRole, EventKind, ProgressStatus, ReportStatus

COMMENT_MAX_LENGTH = 5000
TEXT_MAX_LENGTH = 10000


class ReportError(DomainError):
    """A refusal about quarterly reports; its message is shown to the user as it is."""


class PeriodLockedError(ReportError):
    """A write to a report, value or comment of a locked period."""

    kind = DomainError.CONFLICT

    def __init__(self, message=None):
        super().__init__(message or _("The reporting period is locked: its reports cannot change."))


def _locked_periods():
    from strategy.choices import PeriodStatus
    from strategy.models import ReportingPeriod

    return ReportingPeriod.objects.filter(status=PeriodStatus.LOCKED)


def guard_reports_unlocked(report_ids):
    """Raise PeriodLockedError when any of these reports belongs to a locked period (one query)."""
    report_ids = {pk for pk in report_ids if pk is not None}
    if report_ids and _locked_periods().filter(reports__pk__in=report_ids).exists():
        raise PeriodLockedError()


class LockGuardedQuerySet(models.QuerySet):
    """A queryset whose bulk writes refuse rows of a locked period.

    `report_path` is the lookup from the model to its QuarterlyReport ('' for the report itself).
    """

    report_path = "report"

    def _lookup(self, suffix):
        return f"{self.report_path}__{suffix}" if self.report_path else suffix

    def _guard_rows(self):
        from strategy.choices import PeriodStatus

        if self.filter(**{self._lookup("period__status"): PeriodStatus.LOCKED}).exists():
            raise PeriodLockedError()

    def _guard_objs(self, objs):
        if self.report_path:
            guard_reports_unlocked(getattr(o, f"{self.report_path}_id") for o in objs)
        else:
            period_ids = {o.period_id for o in objs}
            if period_ids and _locked_periods().filter(pk__in=period_ids).exists():
                raise PeriodLockedError()

    def update(self, **kwargs):
        self._guard_rows()
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._guard_rows()
        return super().delete()

    delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self._guard_objs(objs)
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        self._guard_objs(objs)  # before Django's own transaction, so a refusal leaves it usable
        return super().bulk_update(objs, fields, *args, **kwargs)

    bulk_update.alters_data = True

    def delete_with_history(self, *, by=None, reason=""):
        """Delete these rows in two queries plus the lock check, recording a '-' history row for each."""
        self._guard_rows()
        rows = list(self)
        if not rows:
            return 0
        history_model = self.model.history.model
        now = timezone.now()
        history_model.objects.bulk_create([
            history_model(
                history_date=now, history_user=by, history_type="-", history_change_reason=reason or None,
                **{f.attname: getattr(row, f.attname) for f in history_model.tracked_fields},
            )
            for row in rows
        ])
        return self.model.objects.filter(pk__in=[r.pk for r in rows])._raw_delete(self.db)

    delete_with_history.alters_data = True


class LockGuardedModel(models.Model):
    """A model of a report that refuses to be saved or deleted when the report's period is locked.

    The check runs on the pre_save / pre_delete signals (connected at the end of this module), so it
    holds for save(), delete(), create(), cascades and fixtures loaded with `loaddata` alike.
    """

    class Meta:
        abstract = True

    def _guard_lock(self):
        guard_reports_unlocked([self.report_id])

    # save() and delete() check before Django opens its own transaction, so a refusal leaves the caller's
    # transaction usable; the signal then knows the check is done.
    def save(self, *args, **kwargs):
        self._guard_lock()
        self._lock_checked = True
        try:
            super().save(*args, **kwargs)
        finally:
            self._lock_checked = False

    def delete(self, *args, **kwargs):
        self._guard_lock()
        self._lock_checked = True
        try:
            return super().delete(*args, **kwargs)
        finally:
            self._lock_checked = False


class QuarterlyReportQuerySet(LockGuardedQuerySet):
    report_path = ""

    def for_user(self, user):
        """The reports this user may see (see antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_quarterly_reports(self, user)

    def reviewed_by(self, user):
        """The reports this user reviews: the director all, a coordinator those of its portfolio (antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_reviewed_reports(self, user)

    def accepted(self):
        return self.filter(status=ReportStatus.ACCEPTED)

    def with_relations(self):
        """With what a report's page, list row or e-mail shows about it, in the same query."""
        return self.select_related("institution", "institution__coordinator", "period", "updated_by", "accepted_by")


class QuarterlyReport(LockGuardedModel):
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
    plan_rows = models.JSONField(
        null=True, blank=True, editable=False,
        help_text="The rows of the plan the report was last saved or submitted with: {'activities': [[id, role]], "
                  "'indicators': [ids], 'options': [ids]}. Once submitted, accepted or locked the report shows these, "
                  "whatever happens to the plan afterwards (reports.selectors.report.shows_saved_plan).",
    )
    history = HistoricalRecords(excluded_fields=["plan_rows"])

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
        return object_url("reports:report_detail", self.pk)

    def _guard_lock(self):
        # The period it is in now, and the one it was in (if it is being moved).
        condition = Q(pk=self.period_id)
        if self.pk:
            condition |= Q(reports__pk=self.pk)
        if _locked_periods().filter(condition).exists():
            raise PeriodLockedError()


class ActivityProgress(LockGuardedModel):
    """The progress an institution reports on one action-plan activity in one quarter."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="progress")
    activity = models.ForeignKey("strategy.Activity", verbose_name=_("activity"), on_delete=models.PROTECT,
                                 related_name="progress")
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=ActivityRole.choices, blank=True,
                            help_text="The institution's part in the activity when the report was saved or submitted "
                                      "('' when unknown: then the plan's current lead decides).")
    narrative = models.TextField(_("what was done"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    spent = models.DecimalField(_("money spent (ALL)"), max_digits=16, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    objects = LockGuardedQuerySet.as_manager()

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

    def save(self, *args, **kwargs):
        """A row written without a role gets the institution's part in the activity as the plan says now."""
        if not self.role:
            lead = self.activity.is_led_by(self.report.institution_id)
            self.role = ActivityRole.LEAD if lead else ActivityRole.PARTNER
        super().save(*args, **kwargs)


class StatValue(LockGuardedModel):
    """One filled cell of an indicator in a report: the total (no options), a cell of a one-way table (one
    option: cell_key is its id) or a cell of the cross-table (one option per dimension, ids joined by '-').

    The options sit in the columns named by IndicatorDimension.position; an absent row is an empty cell,
    distinct from a stored zero. `is_lower_bound` marks an "at least" figure (shown as "≥ 15").
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
    is_lower_bound = models.BooleanField(
        _("at least"), default=False, help_text=_("The source gives this figure as a minimum (\"at least 15\")."),
    )
    history = HistoricalRecords()

    objects = LockGuardedQuerySet.as_manager()

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
        at_least = "≥" if self.is_lower_bound else ""
        return f"{self.report} · {self.indicator.code}[{self.cell_key}] = {at_least}{self.value}"

    @staticmethod
    def make_cell_key(*option_ids):
        return "-".join(str(o) for o in option_ids if o)


class ReviewComment(LockGuardedModel):
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
    # The institution's answer, written under the comment while the report is returned (its history keeps
    # every version, with who wrote it and when).
    reply = models.TextField(_("reply"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)])
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = LockGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.body[:60]


class ReportEvent(LockGuardedModel):
    """A line of a report's timeline: who did what, when, with the comment or reason."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(default=dict, blank=True,
                                help_text="On submission: the values as submitted, to show what changed later.")

    objects = LockGuardedQuerySet.as_manager()

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


def _refuse_when_locked(sender, instance, **kwargs):
    if not getattr(instance, "_lock_checked", False):
        instance._guard_lock()


for _model in (QuarterlyReport, ActivityProgress, StatValue, ReviewComment, ReportEvent):
    pre_save.connect(_refuse_when_locked, sender=_model, dispatch_uid=f"reports-lock-save-{_model.__name__}")
    pre_delete.connect(_refuse_when_locked, sender=_model, dispatch_uid=f"reports-lock-delete-{_model.__name__}")
