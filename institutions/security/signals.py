"""Sign-in events of the security log, from the signals of django.contrib.auth, django-axes and the two-step
sign-in (antitrafik.security_signals)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from ..choices import SecurityEventKind as Kind
from . import normalise_username, second_factor_event_record, security_event_record


def _signed_in(sender, request, user, **kwargs):
    security_event_record(kind=Kind.SIGN_IN, request=request, user=user)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=Kind.SIGN_OUT, request=request, user=user)


def _account(username):
    """The active account of a typed username, if there is one (case-insensitive, as people type it)."""
    User = get_user_model()
    return User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first() if username else None


def _failure_limit(request):
    from axes.helpers import get_failure_limit

    return get_failure_limit(request, getattr(request, "axes_credentials", None))


def _refused_while_locked(request):
    """The attempt came while the username was already locked (not the failure that locks it).

    Axes counts each failure before it sends its signals (`axes_failures_since_start`): the count reaches the
    limit at the failure that locks, and passes it on attempts while locked; an attempt it refuses without
    counting has no count.
    """
    if not getattr(request, "axes_locked_out", False):
        return False
    failures = getattr(request, "axes_failures_since_start", None)
    return failures is None or failures > _failure_limit(request)


def _failed(sender, credentials, request=None, **kwargs):
    """A refused sign-in: the typed username (never the password), the account it names, whether it was locked."""
    User = get_user_model()
    username = normalise_username(credentials.get(User.USERNAME_FIELD, ""))
    detail = {"locked": True} if _refused_while_locked(request) else {}
    security_event_record(kind=Kind.SIGN_IN_FAILED, request=request, user=None, username=username,
                          target_user=_account(username), detail=detail)


def _locked_out(sender, request, username, ip_address=None, **kwargs):
    """django-axes locked a username: recorded when the lock starts, not again at each attempt while locked
    (axes sends the same signal then; those attempts are recorded as failed sign-ins marked 'locked')."""
    if _refused_while_locked(request):
        return
    username = normalise_username(username)
    security_event_record(kind=Kind.LOCKED_OUT, request=request, user=None, username=username,
                          target_user=_account(username), detail={"failures": _failure_limit(request)})


def connect():
    """Connect the receivers (InstitutionsConfig.ready)."""
    from axes.signals import user_locked_out

    user_logged_in.connect(_signed_in, dispatch_uid="security_log_signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="security_log_signed_out")
    user_login_failed.connect(_failed, dispatch_uid="security_log_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="security_log_locked_out")
    _connect_two_step()


# The two-step sign-in's signals (antitrafik.security_signals): each becomes one event of the log.


def _second_factor_receiver(kind):
    def receiver(sender, request=None, user=None, by=None, method=None, **kwargs):
        event_kind = Kind.RECOVERY_CODE_USED if (kind == Kind.OTP_VERIFIED and method == "recovery") else kind
        detail = {"factor": method} if method else {}
        second_factor_event_record(kind=event_kind, user=user, request=request, by=by, detail=detail)
    return receiver


def _password_throttled(sender, request=None, user=None, what="", **kwargs):
    security_event_record(kind=Kind.PASSWORD_THROTTLED, request=request, user=user, target_user=user,
                          detail={"page": what})


def _session_timed_out(sender, request=None, user=None, reason="", **kwargs):
    security_event_record(kind=Kind.SESSION_TIMED_OUT, request=request, user=user, target_user=user,
                          detail={"reason": reason})


def _connect_two_step():
    from antitrafik import security_signals as signals

    for signal, kind in [
        (signals.second_factor_verified, Kind.OTP_VERIFIED), (signals.second_factor_failed, Kind.OTP_FAILED),
        (signals.second_factor_locked, Kind.OTP_LOCKED), (signals.second_factor_enrolled, Kind.OTP_ENROLLED),
        (signals.recovery_codes_regenerated, Kind.RECOVERY_CODES_ISSUED),
        (signals.second_factor_disabled, Kind.OTP_DISABLED), (signals.second_factor_reset, Kind.OTP_RESET),
    ]:
        signal.connect(_second_factor_receiver(kind), weak=False, dispatch_uid=f"security_log_{kind}")
    signals.password_throttled.connect(_password_throttled, dispatch_uid="security_log_password_throttled")
    signals.session_timed_out.connect(_session_timed_out, dispatch_uid="security_log_session_timed_out")
