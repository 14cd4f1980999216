"""The Committee's Technical Secretariat: meetings, their documents and their minutes.

Decisions, recommendations and proposals for the plan are in `secretariat_items`.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.errors import DomainError

from ..choices import CommitteeBody, DocumentKind, MeetingStatus, MinutesStatus

TEXT_MAX_LENGTH = 20000


class SecretariatError(DomainError):
    """A refusal of the secretariat's services (meetings, minutes, documents, items, proposals)."""

    kind = DomainError.CONFLICT


FROZEN_MINUTES = _("These minutes are approved and can no longer be changed. Amend them with a new version.")


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user):
        """The meetings this user may read (antitrafik.policy)."""
        from antitrafik.policy import secretariat

        return secretariat.scope_meetings(self, user)


class Meeting(models.Model):
    """A meeting of the State Committee (or of a regional committee's technical table)."""

    body = models.CharField(_("body"), max_length=10, choices=CommitteeBody.choices, default=CommitteeBody.STATE)
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.CharField(_("chair"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda items"), blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)],
                              help_text=_("One agenda item a line."))
    invited = models.ManyToManyField("institutions.Institution", verbose_name=_("institutions invited"), blank=True,
                                     related_name="meetings_invited")
    present = models.ManyToManyField("institutions.Institution", verbose_name=_("institutions present"), blank=True,
                                     related_name="meetings_attended")
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    history = HistoricalRecords(m2m_fields=[invited, present])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y} · {self.title}"

    def get_absolute_url(self):
        return reverse("strategy:meeting_detail", args=[self.pk])

    @property
    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user):
        """The meeting documents this user may download (antitrafik.policy)."""
        from antitrafik.policy import secretariat

        return secretariat.scope_documents(self, user)


class MeetingDocument(models.Model):
    """A file of a meeting (agenda, minutes, presentation), stored under a random name outside the static root.

    `restricted` documents are for the unit only (e.g. the file of minutes not yet approved)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=15, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = models.CharField(_("title"), max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    restricted = models.BooleanField(_("unit only"), default=False,
                                     help_text=_("Only the unit may download it (committee members may not)."))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return f"{self.title} ({self.file_name})"

    def get_absolute_url(self):
        return reverse("strategy:document_download", args=[self.pk])


class DocumentDownload(models.Model):
    """A download of a meeting document: who and when (like the committee reports' download log)."""

    document = models.ForeignKey(MeetingDocument, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("document download")
        verbose_name_plural = _("document downloads")

    def __str__(self):
        return f"{self.document} · {self.user}"


class MinutesQuerySet(models.QuerySet):
    def for_user(self, user):
        """The minutes this user may read: committee members only approved ones (antitrafik.policy)."""
        from antitrafik.policy import secretariat

        return secretariat.scope_minutes(self, user)

    def update(self, **kwargs):
        """Bulk updates never touch approved minutes, except the one allowed move: approved → superseded."""
        frozen = self.exclude(status=MinutesStatus.DRAFT)
        if kwargs == {"status": MinutesStatus.SUPERSEDED}:
            frozen = frozen.exclude(status=MinutesStatus.APPROVED)
        if frozen.exists():
            raise SecretariatError(FROZEN_MINUTES)
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        if self.exclude(status=MinutesStatus.DRAFT).exists():
            raise SecretariatError(FROZEN_MINUTES)
        return super().delete()

    delete.alters_data = True


class Minutes(models.Model):
    """One version of a meeting's minutes; approved minutes are frozen with a checksum, a new version amends them."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    text = models.TextField(_("minutes"), validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    document = models.ForeignKey(MeetingDocument, verbose_name=_("signed file"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    amends = models.OneToOneField("self", verbose_name=_("amends"), on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="amended_by")
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    history = HistoricalRecords()

    objects = MinutesQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="strategy_minutes_unique_version",
                                    violation_error_message=_("This meeting already has minutes of this version.")),
        ]

    def __str__(self):
        return _("Minutes of %(meeting)s (v%(version)s)") % {"meeting": self.meeting, "version": self.version}

    def get_absolute_url(self):
        return reverse("strategy:minutes_detail", args=[self.pk])

    @property
    def is_frozen(self):
        return self.status != MinutesStatus.DRAFT

    def save(self, *args, **kwargs):
        """Approved minutes never change; the only write they accept is being marked superseded."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != MinutesStatus.DRAFT:
                allowed = (stored == MinutesStatus.APPROVED and self.status == MinutesStatus.SUPERSEDED
                           and set(kwargs.get("update_fields") or ()) == {"status"})
                if not allowed:
                    raise SecretariatError(FROZEN_MINUTES)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise SecretariatError(FROZEN_MINUTES)
        return super().delete(*args, **kwargs)
