"""The quarterly report's follow-up of the Committee's decisions and recommendations, and the links between
committee reports and the secretariat (presented at a meeting, a recommendation turned into an item)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import FollowUpStatus
from .committee import CommitteeReport
from .quarterly import LockGuardedModel, LockGuardedQuerySet, QuarterlyReport, _refuse_when_locked

ACCOUNT_MAX_LENGTH = 3000


class ItemFollowUp(LockGuardedModel):
    """What an institution reports in a quarter on a decision or recommendation assigned to it: a status and a
    short account. Part of the report: reviewed with it and locked with its period."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="item_follow_ups")
    item = models.ForeignKey("strategy.TrackedItem", verbose_name=_("decision or recommendation"),
                             on_delete=models.PROTECT, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices, blank=True)
    account = models.TextField(_("short account"), blank=True, validators=[MaxLengthValidator(ACCOUNT_MAX_LENGTH)])
    history = HistoricalRecords()

    objects = LockGuardedQuerySet.as_manager()

    class Meta:
        ordering = ["report", "item"]
        verbose_name = _("follow-up of a decision or recommendation")
        verbose_name_plural = _("follow-up of decisions and recommendations")
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="reports_itemfollowup_unique_item"),
        ]

    def __str__(self):
        return f"{self.report} · {self.item.code}"


class CommitteeReportPresentation(models.Model):
    """A committee report presented at a meeting of the Committee."""

    committee_report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="presentations")
    meeting = models.ForeignKey("strategy.Meeting", verbose_name=_("meeting"), on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        ordering = ["committee_report", "meeting"]
        verbose_name = _("committee report presented at a meeting")
        verbose_name_plural = _("committee reports presented at meetings")
        constraints = [
            models.UniqueConstraint(fields=["committee_report", "meeting"], name="reports_presentation_once",
                                    violation_error_message=_("This report is already linked to this meeting.")),
        ]

    def __str__(self):
        return f"{self.committee_report} · {self.meeting}"


class CommitteeRecommendationItem(models.Model):
    """A recommendation written in a committee report, turned into a tracked item."""

    committee_report = models.ForeignKey(CommitteeReport, on_delete=models.PROTECT, related_name="recommendation_items")
    item = models.OneToOneField("strategy.TrackedItem", on_delete=models.PROTECT, related_name="committee_report_link")

    class Meta:
        ordering = ["committee_report", "item"]
        verbose_name = _("recommendation of a committee report")
        verbose_name_plural = _("recommendations of committee reports")

    def __str__(self):
        return f"{self.committee_report} · {self.item.code}"


pre_save.connect(_refuse_when_locked, sender=ItemFollowUp, dispatch_uid="reports-lock-save-ItemFollowUp")
pre_delete.connect(_refuse_when_locked, sender=ItemFollowUp, dispatch_uid="reports-lock-delete-ItemFollowUp")
