"""Two-step sign-in: a TOTP authenticator app (django-otp) and single-use recovery codes.

A user has at most one TOTPDevice. Enrolment shows a new key as a QR code (the key waits in the session);
the first right code saves the device and makes the recovery codes, which are shown once and stored as
salted hashes. The second step of sign-in takes a code of the app or a recovery code; wrong ones are counted per
user (institutions.throttle) besides django-otp's own delay on the device, and after
TWO_FACTOR_FAILURE_LIMIT of them the step refuses for TWO_FACTOR_LOCKOUT_MINUTES. Every change of a user's
second factor is recorded in their history.
"""

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import oath
from django_otp.plugins.otp_totp.models import TOTPDevice

from antitrafik.errors import DomainError
from antitrafik.history import save_audited

from ..models import RecoveryCode, User
from ..services import end_sessions
from ..throttle import throttle_blocked_until, throttle_clear, throttle_count

# Recovery codes: 16 characters of an alphabet without look-alikes (0/O, 1/I), 80 bits, shown in groups of 4.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 16
TOTP = "totp"
RECOVERY = "recovery"


class SecondStepLocked(DomainError):
    """Too many wrong codes: the second step refuses until `until`."""

    kind = DomainError.CONFLICT

    def __init__(self, until: datetime, *, wrong_code: bool = False):
        self.until = until
        self.wrong_code = wrong_code  # this attempt was a wrong code (the one that closed the step)
        super().__init__(_("Too many wrong codes. For your safety codes are refused until %(time)s: try again "
                           "then, or ask the director to reset your two-step sign-in.")
                         % {"time": timezone.localtime(until).strftime("%H:%M:%S")})


def second_factor_required(user: User) -> bool:
    """True when the user's role must sign in with a second factor (TWO_FACTOR_REQUIRED, e.g. in production)."""
    return bool(settings.TWO_FACTOR_REQUIRED) and user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def second_factor_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def _failures_key(user: User) -> str:
    return f"second-factor:user:{user.pk}"


def _lockout() -> timedelta:
    return timedelta(minutes=settings.TWO_FACTOR_LOCKOUT_MINUTES)


def _record(user: User, *, by: User, reason) -> None:
    """A line in the user's history (who did it, what); the user is read again so that nothing else changes."""
    save_audited(User.objects.get(pk=user.pk), by=by, reason=reason)


# Recovery codes


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{_normalise(code)}".encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes by new ones; return them in clear (the only time they are)."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
             for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    rows = []
    for code in codes:
        salt = secrets.token_hex(8)
        rows.append(RecoveryCode(user=user, code_hash=f"{salt}${_hash(code, salt)}"))
    RecoveryCode.objects.bulk_create(rows)
    return ["-".join(code[i:i + 4] for i in range(0, CODE_LENGTH, 4)) for code in codes]


def _use_recovery_code(user: User, code: str) -> bool:
    """Mark the matching unused recovery code used; False when none matches."""
    if len(_normalise(code)) != CODE_LENGTH:
        return False
    with transaction.atomic():
        for row in RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True):
            salt, digest = row.code_hash.split("$", 1)
            if hmac.compare_digest(digest, _hash(code, salt)):
                row.used_at = timezone.now()
                row.save(update_fields=["used_at"])
                return True
    return False


# Enrolment, regeneration, switching off, reset


def enrolment_device(*, user: User, key: str = "") -> TOTPDevice:
    """The authenticator being set up, not saved: with `key` (kept in the session between the page and its
    form) or a new random key. Refused once the user has one."""
    if second_factor_device(user) is not None:
        raise DomainError(_("Two-step sign-in is already on for your account."), kind=DomainError.CONFLICT)
    device = TOTPDevice(user=user, name="Authenticator", confirmed=False)
    if key:
        device.key = key
    device.full_clean(exclude=["user"])
    return device


def second_factor_enrol(*, user: User, key: str, code: str, keep_session: str = "") -> list[str]:
    """Save the authenticator of `key` once its first code is right; return the new recovery codes.

    The user's other sessions (signed in with the password only) end; `keep_session` is the current one.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one enrolment at a time
        device = enrolment_device(user=user, key=key)
        totp = oath.TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        code = code.strip()
        if not (code.isdigit() and totp.verify(int(code), device.tolerance)):
            raise DomainError(_("This code is not right. Check that the app shows Antitrafik and the time of "
                                "your phone is exact, then enter the code it shows now."), field="code")
        device.confirmed, device.last_t = True, totp.t()
        device.save()
        codes = _new_recovery_codes(user)
        _record(user, by=user, reason=_("Two-step sign-in switched on"))
        end_sessions(user, keep=keep_session)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working); return the new ones."""
    if second_factor_device(user) is None:
        raise DomainError(_("Two-step sign-in is not on for your account."), kind=DomainError.CONFLICT)
    codes = _new_recovery_codes(user)
    _record(user, by=user, reason=_("New recovery codes made"))
    return codes


def _remove(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    throttle_clear(_failures_key(user))


@transaction.atomic
def second_factor_disable(*, user: User) -> None:
    """Switch off the user's own second factor; refused where their role requires it."""
    if second_factor_required(user):
        raise DomainError(_("Your role must sign in in two steps: it cannot be switched off. If you lost your "
                            "phone, sign in with a recovery code and set up the app again, or ask the director."),
                          kind=DomainError.CONFLICT)
    if second_factor_device(user) is None:
        raise DomainError(_("Two-step sign-in is not on for your account."), kind=DomainError.CONFLICT)
    _remove(user)
    _record(user, by=user, reason=_("Two-step sign-in switched off"))


@transaction.atomic
def second_factor_reset(*, user: User, by: User) -> None:
    """The director removes `user`'s authenticator and recovery codes (e.g. a lost phone); their sessions end.

    At their next sign-in they set it up again where their role requires it.
    """
    if user.pk == by.pk:
        raise DomainError(_("You cannot reset your own two-step sign-in: another director can, or switch it "
                            "off on your account page."), kind=DomainError.CONFLICT)
    if not TOTPDevice.objects.filter(user=user).exists():
        raise DomainError(_("This user has not set up two-step sign-in."), kind=DomainError.CONFLICT)
    _remove(user)
    _record(user, by=by, reason=_("Two-step sign-in reset by the director"))
    end_sessions(user)


# The second step of sign-in


def second_step_locked_until(user: User) -> datetime | None:
    """When the second step refuses this user now (too many wrong codes), until when."""
    return throttle_blocked_until(_failures_key(user), limit=settings.TWO_FACTOR_FAILURE_LIMIT, window=_lockout())


def second_factor_verify(*, user: User, code: str) -> str:
    """Check a code of the second step: a code of the app or a recovery code (used up by this).

    Returns the method that passed (TOTP or RECOVERY). Raises SecondStepLocked while too many wrong codes
    lock the step, and DomainError (field "code") for a wrong code, which is counted.
    """
    if until := second_step_locked_until(user):
        raise SecondStepLocked(until)
    code = code.strip()
    method = TOTP if code.replace(" ", "").isdigit() else RECOVERY
    if method == TOTP:
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            if device is None:
                raise DomainError(_("Two-step sign-in is not on for your account."), kind=DomainError.CONFLICT)
            allowed, info = device.verify_is_allowed()
            if not allowed:
                raise SecondStepLocked(info["locked_until"])
            passed = device.verify_token(code.replace(" ", ""))  # counts the failure on the device itself
    else:
        passed = _use_recovery_code(user, code)
    if passed:
        throttle_clear(_failures_key(user))
        return method
    failures = throttle_count(_failures_key(user), limit=settings.TWO_FACTOR_FAILURE_LIMIT, window=_lockout())
    if failures >= settings.TWO_FACTOR_FAILURE_LIMIT:
        raise SecondStepLocked(timezone.now() + _lockout(), wrong_code=True)
    raise DomainError(_("This code is not right. Enter the code your app shows now, or one of your recovery "
                        "codes."), field="code")
