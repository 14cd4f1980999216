"""Publications: what the unit has decided to show the public, frozen as it was published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.errors import DomainError


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a newer version")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicationError(DomainError):
    """A refused publication or withdrawal; the message is for the user."""


class PublicationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The publications this user may see in the application (see antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_publications(self, user)

    def current(self):
        """What the public sees: the published versions (neither withdrawn nor superseded)."""
        return self.filter(status=PublicationStatus.PUBLISHED)


class Publication(models.Model):
    """One version of a year's (or a quarter's) public figures with the committee reports chosen for the public.

    `tables` holds the public tables as they were published, already suppressed: the hidden numbers are not
    in it. The public pages and files are built from it alone, never from live data.
    """

    YEAR = 0  # `quarter` of a publication of the whole year

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=YEAR, help_text=_("0: the whole year."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=PublicationStatus.choices,
                              default=PublicationStatus.PUBLISHED)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     null=True, blank=True, verbose_name=_("withdrawn by"))
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)
    committee_reports = models.ManyToManyField("reports.CommitteeReport", blank=True, related_name="publications",
                                               verbose_name=_("committee reports"))
    tables = models.JSONField(_("public tables"), editable=False)
    tables_sha256 = models.CharField(_("tables SHA-256"), max_length=64, editable=False)
    history = HistoricalRecords(excluded_fields=["tables"])

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "-version"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter", "version"], name="reports_publication_unique_version",
                                    violation_error_message=_("This version of the publication already exists.")),
            models.UniqueConstraint(fields=["year", "quarter"], condition=Q(status=PublicationStatus.PUBLISHED),
                                    name="reports_publication_one_current",
                                    violation_error_message=_("This span already has a published version.")),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="reports_publication_quarter",
                                   violation_error_message=_("The quarter is 1 to 4, or 0 for the whole year.")),
        ]

    def __str__(self):
        return f"{self.span_slug} v{self.version}"

    @property
    def span_slug(self):
        """How the public URLs name the span: 2025, or 2025-q3."""
        return f"{self.year}" if self.quarter == self.YEAR else f"{self.year}-q{self.quarter}"

    @property
    def is_current(self):
        return self.status == PublicationStatus.PUBLISHED

    def get_absolute_url(self):
        return reverse("reports:publication_list")

    def public_url(self, language="sq"):
        return reverse("public:statistics", kwargs={"lang": language, "span": self.span_slug})
