"""Choices of the reports app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class ProgressStatus(models.TextChoices):
    IMPLEMENTED = "implemented", _("Implemented")
    PARTIAL = "partial", _("Partially implemented")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ActivityRole(models.TextChoices):
    """The part an institution has in an activity: it leads it, or is one of its partners."""

    LEAD = "lead", _("lead")
    PARTNER = "partner", _("partner")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    SAVED = "saved", _("Saved")
    IMPORTED = "imported", _("Imported from a spreadsheet")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")
    REOPENED = "reopened", _("Reopened")


class CommitteeReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Finalised")
    SUPERSEDED = "superseded", _("Superseded")


class SpanKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Run of periods")


class FollowUpStatus(models.TextChoices):
    """What an institution reports on a decision or recommendation assigned to it, in a quarterly report."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")
