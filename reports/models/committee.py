"""Summary reports for the State Committee: compiled, edited, exported as PDF and frozen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.errors import DomainError
from antitrafik.links import object_url
from institutions.choices import Language
from strategy.quarters import span_label

from ..choices import CommitteeReportStatus, SpanKind


class DownloadFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"


TEXT_MAX_LENGTH = 50000
FROZEN_MESSAGE = _("This report is finalised and can no longer be changed. Create a new version to revise it.")


def validate_safe_markdown(value):
    """Refuse raw HTML and script links in the unit's texts (they are Markdown, rendered and sanitised)."""
    from reports.committee.markdown import unsafe_markdown_problems

    problems = unsafe_markdown_problems(value)
    if problems:
        raise ValidationError(problems, code="unsafe_markdown")


class CommitteeReportError(DomainError):
    """A refusal about committee reports; its message is shown to the user as it is."""


def frozen_report_error():
    """The refusal of any change to a finalised report (services, model saves, bulk updates alike)."""
    return CommitteeReportError(FROZEN_MESSAGE, kind=DomainError.CONFLICT)


# What finalising freezes: large columns that only the report's own page and its downloads read.
FROZEN_FIELDS = ("frozen_figures", "frozen_charts", "frozen_pdf", "frozen_page")


class CommitteeReportQuerySet(models.QuerySet):
    def for_user(self, user):
        """The committee reports this user may see (see antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_committee_reports(self, user)

    def published(self):
        """The reports given to the Committee: finalised, and those a newer version superseded."""
        return self.exclude(status=CommitteeReportStatus.DRAFT)

    def _locked_statuses(self):
        """The statuses of these rows, read under a row lock (the caller holds a transaction): a finalise
        waiting to commit is seen, and none can start between this check and the write that follows."""
        return set(self.select_for_update().order_by().values_list("status", flat=True))

    def update(self, **kwargs):
        """Bulk updates never touch a frozen report, except the one allowed move: final → superseded."""
        to_superseded = kwargs == {"status": CommitteeReportStatus.SUPERSEDED}
        allowed = {CommitteeReportStatus.DRAFT, CommitteeReportStatus.FINAL} if to_superseded \
            else {CommitteeReportStatus.DRAFT}
        with transaction.atomic(using=self.db):
            if self._locked_statuses() - allowed:
                raise frozen_report_error()
            return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        with transaction.atomic(using=self.db):
            if self._locked_statuses() - {CommitteeReportStatus.DRAFT}:
                raise frozen_report_error()
            return super().delete()

    delete.alters_data = True

    def with_people(self):
        """The list's rows: who created and finalised them, and their periods, in a fixed number of queries;
        without what was frozen (the figures, charts, page and PDF: hundreds of kilobytes a report), which a list
        does not show."""
        from strategy.models import ReportingPeriod

        frozen = [f"{prefix}{name}" for prefix in ("", "supersedes__") for name in FROZEN_FIELDS]
        return self.select_related("created_by", "finalised_by", "supersedes").defer(*frozen).prefetch_related(
            models.Prefetch("periods", queryset=ReportingPeriod.objects.order_by("year", "quarter"))
        )


class CommitteeReport(models.Model):
    """A summary report for the State Committee over a run of reporting periods."""

    # The unit's own texts (Markdown), edited while the report is a draft and printed in it.
    TEXT_FIELDS = ("executive_summary", "findings", "recommendations", "proposals")

    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ALBANIAN)
    span_kind = models.CharField(_("span"), max_length=10, choices=SpanKind.choices, default=SpanKind.QUARTER)
    periods = models.ManyToManyField("strategy.ReportingPeriod", verbose_name=_("periods"), related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=CommitteeReportStatus.choices,
                              default=CommitteeReportStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField("self", verbose_name=_("supersedes"), on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="superseded_by")
    executive_summary = models.TextField(_("executive summary"), blank=True,
                                         validators=[MaxLengthValidator(TEXT_MAX_LENGTH), validate_safe_markdown])
    findings = models.TextField(_("findings"), blank=True,
                                validators=[MaxLengthValidator(TEXT_MAX_LENGTH), validate_safe_markdown])
    recommendations = models.TextField(_("recommendations to the Committee"), blank=True,
                                       validators=[MaxLengthValidator(TEXT_MAX_LENGTH), validate_safe_markdown])
    proposals = models.TextField(_("proposals for the strategy"), blank=True,
                                 validators=[MaxLengthValidator(TEXT_MAX_LENGTH), validate_safe_markdown])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("finalised by"))
    coverage_reason = models.TextField(
        _("reason for finalising with low coverage"), blank=True, validators=[MaxLengthValidator(5000)],
        help_text=_("Required when fewer reports than the configured share were accepted in a quarter of the span; "
                    "printed in the report."),
    )
    frozen_figures = models.JSONField(_("frozen figures"), null=True, blank=True, editable=False)
    frozen_charts = models.JSONField(_("frozen charts"), null=True, blank=True, editable=False,
                                     help_text="The charts (SVG) drawn from the frozen figures, served as they are.")
    frozen_pdf = models.BinaryField(_("frozen PDF"), null=True, blank=True, editable=False)
    frozen_page = models.JSONField(
        _("frozen page"), null=True, blank=True, editable=False,
        help_text="The report's page as finalised (its table of contents and body, in the report's language), served "
                  "as it is.")
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, editable=False)
    figures_sha256 = models.CharField(_("figures SHA-256"), max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["frozen_pdf", "frozen_figures", "frozen_charts", "frozen_page"])

    objects = CommitteeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("committee report")
        verbose_name_plural = _("committee reports")

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def file_stem(self):
        """The downloads' file name without extension: the title as a slug cut at a word, never inside one
        ('raporti-vjetor-2025-per-komitetin-shteteror-kunder-trafikimit-te-personave-v1-sq')."""
        slug = slugify(self.title) or "raport"
        if len(slug) > 90:
            slug = slug[:91].rsplit("-", 1)[0]
        return f"{slug}-v{self.version}-{self.language}" + ("" if self.is_frozen else "-draft")

    @property
    def span_name(self):
        """The span as a reader names it in the active language ('Viti 2025'); uses the prefetched periods."""
        periods = sorted(self.periods.all(), key=lambda p: (p.year, p.quarter))
        if not periods:
            return ""
        return span_label((periods[0].year, periods[0].quarter), (periods[-1].year, periods[-1].quarter))

    def get_absolute_url(self):
        return object_url("reports:committee_detail", self.pk)

    @property
    def is_frozen(self):
        return self.status != CommitteeReportStatus.DRAFT

    @property
    def is_draft(self):
        return self.status == CommitteeReportStatus.DRAFT

    def _superseding(self, update_fields):
        """Whether this save is the one write a finalised report accepts: being marked superseded."""
        return self.status == CommitteeReportStatus.SUPERSEDED and set(update_fields or ()) == {"status"}

    def save(self, *args, **kwargs):
        """A finalised report never changes; the only write it accepts is being marked superseded.

        The check here gives the clear refusal early; the UPDATE itself is conditional on the stored status
        (`_do_update`), so a save that waited on the row lock while the report was finalised changes nothing."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != CommitteeReportStatus.DRAFT:
                if not (stored == CommitteeReportStatus.FINAL and self._superseding(kwargs.get("update_fields"))):
                    raise frozen_report_error()
        super().save(*args, **kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, returning_fields):
        """UPDATE … WHERE status = the status the row must still have (draft; final when superseding it)."""
        expected = CommitteeReportStatus.FINAL if self._superseding(update_fields) else CommitteeReportStatus.DRAFT
        updated = super()._do_update(base_qs.filter(status=expected), using, pk_val, values, update_fields,
                                     forced_update, returning_fields)
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise frozen_report_error()
        return updated

    def delete(self, *args, **kwargs):
        """Delete a draft; the stored status is read under a row lock, not taken from this (maybe stale) object."""
        with transaction.atomic(using=kwargs.get("using")):
            stored = type(self).objects.filter(pk=self.pk)._locked_statuses()
            if self.is_frozen or stored - {CommitteeReportStatus.DRAFT}:
                raise frozen_report_error()
            return super().delete(*args, **kwargs)


class CommitteeReportDownload(models.Model):
    """A download of a committee report (PDF, XLSX or CSV): who and when."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(_("format"), max_length=10, choices=DownloadFormat.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("committee report download")
        verbose_name_plural = _("committee report downloads")

    def __str__(self):
        return f"{self.report} · {self.user} · {self.format}"


@receiver(m2m_changed, sender=CommitteeReport.periods.through)
def _refuse_period_changes_of_frozen_reports(sender, instance, action, reverse, **kwargs):
    """The span of a finalised report is part of what was frozen."""
    if action.startswith("pre_") and not reverse and isinstance(instance, CommitteeReport) and instance.pk:
        if CommitteeReport.objects.filter(pk=instance.pk).exclude(status=CommitteeReportStatus.DRAFT).exists():
            raise frozen_report_error()
