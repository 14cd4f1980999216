"""Institutions, the people who use Antitrafik and their roles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antitrafik.links import object_url
from antitrafik.models import BilingualNameMixin, choice_label

from .choices import InstitutionKind, Language, Region, Role, SecurityEventKind


class InstitutionQuerySet(models.QuerySet):
    def for_user(self, user):
        """The institutions this user may see (see antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_institutions(self, user)

    def active(self):
        return self.filter(is_active=True)

    def reporting(self):
        """Institutions that submit quarterly reports: active, and not the unit itself."""
        return self.filter(is_active=True).exclude(kind=InstitutionKind.UNIT)


class Institution(BilingualNameMixin, models.Model):
    """An institution that takes part in the fight against trafficking and reports to the unit."""

    code = models.CharField(
        _("code"), max_length=20, unique=True,
        help_text=_("Short unique code, e.g. PSH for the State Police."),
        error_messages={"unique": _("An institution with this code already exists.")},
    )
    name = models.CharField(_("name (Albanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=InstitutionKind.choices)
    region = models.CharField(_("region (qark)"), max_length=20, choices=Region.choices, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    coordinator = models.ForeignKey(
        "institutions.User", verbose_name=_("coordinator"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="portfolio",
        limit_choices_to={"role": Role.COORDINATOR},
        help_text=_("The unit's coordinator whose portfolio this institution belongs to."),
    )
    history = HistoricalRecords(excluded_fields=[])

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return f"{self.code} – {self.label}"

    def get_absolute_url(self):
        return object_url("institutions:institution_detail", self.pk)

    def get_kind_display(self):
        return choice_label(InstitutionKind, self.kind)

    def get_region_display(self):
        return choice_label(Region, self.region)

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip().upper()
        super().save(*args, **kwargs)


class AppUserManager(UserManager):
    def get_queryset(self):
        return UserQuerySet(self.model, using=self._db)

    def for_user(self, user):
        return self.get_queryset().for_user(user)


class UserQuerySet(models.QuerySet):
    def for_user(self, user):
        """The users this user may see (see antitrafik.policy)."""
        from antitrafik import policy

        return policy.scope_users(self, user)


class User(AbstractUser):
    """A person who signs in: a member of the unit, an institution's focal point or a committee member."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="users",
        help_text=_("Required for reporters: the institution whose reports they fill."),
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ALBANIAN)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = AppUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.REPORTER) | Q(institution__isnull=False),
                name="institutions_user_reporter_has_institution",
                violation_error_message=_("A reporter must belong to an institution."),
            ),
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""),
                name="institutions_user_unique_email",
                violation_error_message=_("This e-mail address is already used by another user."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return object_url("institutions:user_detail", self.pk)

    @property
    def is_director(self):
        return self.is_active and self.role == Role.DIRECTOR

    @property
    def is_coordinator(self):
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_reporter(self):
        return self.is_active and self.role == Role.REPORTER


class RecoveryCode(models.Model):
    """One of a user's single-use recovery codes for the second step of sign-in, stored as a salted hash only."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(_("hash of the code"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["user", "pk"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.user} #{self.pk}"


class Throttle(models.Model):
    """How many attempts (or e-mails) one key counted since `since`; see institutions.throttle."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    since = models.DateTimeField(_("since"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("throttle")
        verbose_name_plural = _("throttles")

    def __str__(self):
        return f"{self.key}: {self.count}"
class AppendOnlyError(Exception):
    """The security log is append-only: its rows are never changed, and deleted only by the retention purge."""


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("security events are never changed")

    def delete(self):
        raise AppendOnlyError("security events are deleted only by purge_security_log")

    def purge_before(self, cutoff) -> int:
        """Delete the events older than `cutoff` (the retention purge, the one way rows leave); returns how many."""
        doomed = models.QuerySet(self.model, using=self.db).filter(at__lt=cutoff)
        return doomed._raw_delete(doomed.db)


class SecurityEvent(models.Model):
    """One row of the security log: who did what, when, from which address. No secret or typed text in it.

    Written only through `institutions.security.security_event_record` (and the demo); the application
    and the admin only read it, and `purge_security_log` deletes what is older than the retention time.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("Who acted (signed in), when known."),
    )
    username = models.CharField(
        _("username"), max_length=64, blank=True,
        help_text=_("The username of the user, or the one typed in a failed sign-in (shortened, in lower case)."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    target_user = models.ForeignKey(
        User, verbose_name=_("user concerned"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    target = models.CharField(_("page or object"), max_length=200, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [
            models.Index(fields=["kind", "-at"], name="institutions_sec_kind_at"),
            models.Index(fields=["user", "-at"], name="institutions_sec_user_at"),
            models.Index(fields=["target_user", "-at"], name="institutions_sec_target_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("security events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("security events are deleted only by purge_security_log")


class InstitutionAlias(models.Model):
    """Another name an institution is known by: a former name (a ministry renamed or merged) or an abbreviation.

    The plan import finds institutions by their aliases too, so a plan written years ago imports as it is."""

    institution = models.ForeignKey(Institution, verbose_name=_("institution"), on_delete=models.CASCADE,
                                    related_name="aliases")
    name = models.CharField(_("other name"), max_length=255)
    history = HistoricalRecords()

    class Meta:
        ordering = ["institution", "name"]
        verbose_name = _("other name of an institution")
        verbose_name_plural = _("other names of institutions")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="institutions_institutionalias_unique_name",
                violation_error_message=_("This name is already another name of an institution."),
            )
        ]

    def __str__(self):
        return self.name
