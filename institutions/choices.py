"""Choices of the institutions app: roles, kinds of institution and regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The roles belong to the access policy (the bottom layer); the user's role field takes its choices from there.
from antitrafik.policy.roles import Role  # noqa: F401


class InstitutionKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Prosecution")
    JUDICIARY = "judiciary", _("Judiciary")
    SOCIAL_SERVICES = "social_services", _("Social services")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    REGIONAL_COMMITTEE = "regional_committee", _("Regional anti-trafficking committee")
    SHELTER = "shelter", _("Shelter / service provider")
    NGO = "ngo", _("NGO")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    UNIT = "unit", _("The unit itself")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    """The 12 counties (qarqe) of Albania."""

    BERAT = "Berat", "Berat"
    DIBER = "Dibër", "Dibër"
    DURRES = "Durrës", "Durrës"
    ELBASAN = "Elbasan", "Elbasan"
    FIER = "Fier", "Fier"
    GJIROKASTER = "Gjirokastër", "Gjirokastër"
    KORCE = "Korçë", "Korçë"
    KUKES = "Kukës", "Kukës"
    LEZHE = "Lezhë", "Lezhë"
    SHKODER = "Shkodër", "Shkodër"
    TIRANE = "Tiranë", "Tiranë"
    VLORE = "Vlorë", "Vlorë"


class Language(models.TextChoices):
    ALBANIAN = "sq", _("Albanian")
    ENGLISH = "en", _("English")


class SecurityEventKind(models.TextChoices):
    """What a row of the security log records (institutions.SecurityEvent)."""

    # Sign-in (django.contrib.auth and django-axes signals).
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_OUT = "sign_out", _("Signed out")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out after failed sign-ins")
    # Second factor (two-factor sign-in records them through institutions.security.second_factor_event_record).
    OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
    OTP_VERIFIED = "otp_verified", _("Second factor verified")
    OTP_FAILED = "otp_failed", _("Second-factor code refused")
    OTP_LOCKED = "otp_locked", _("Second factor locked after refused codes")
    OTP_RESET = "otp_reset", _("Second factor reset")
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", _("Recovery codes issued")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
    OTP_DISABLED = "otp_disabled", _("Second factor switched off")
    # Refused requests to a page of the application.
    ACCESS_DENIED = "access_denied", _("Access denied (403)")
    NOT_FOUND = "not_found", _("Object not found or out of scope (404)")
    # Users and passwords.
    USER_CREATED = "user_created", _("User created")
    USER_CHANGED = "user_changed", _("User changed")
    ROLE_CHANGED = "role_changed", _("Role or institution changed")
    USER_DEACTIVATED = "user_deactivated", _("User deactivated")
    USER_REACTIVATED = "user_reactivated", _("User reactivated")
    PASSWORD_LINK_SENT = "password_link_sent", _("Password link sent by the director")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_SET = "password_set", _("Password set from an e-mailed link")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_THROTTLED = "password_throttled", _("Password page refused after too many attempts")
    SESSION_TIMED_OUT = "session_timed_out", _("Session ended on its own (idle or too long)")
    # Files that leave the application.
    DOWNLOAD = "download", _("Download or export")


SECOND_FACTOR_KINDS = frozenset({
    SecurityEventKind.OTP_ENROLLED, SecurityEventKind.OTP_VERIFIED, SecurityEventKind.OTP_FAILED,
    SecurityEventKind.OTP_LOCKED, SecurityEventKind.OTP_RESET, SecurityEventKind.RECOVERY_CODES_ISSUED,
    SecurityEventKind.RECOVERY_CODE_USED, SecurityEventKind.OTP_DISABLED,
})
