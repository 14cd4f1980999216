"""The security log: one function records an event (`security_event_record`), append-only.

Who, when, from where (the client address as the project resolves it: `client_ip`), what (the kind, the user
concerned, the page or object, a few facts) — never a password, a code, a token or text typed by a user. A
username typed in a failed sign-in is kept shortened and in lower case.

Events come from:
* sign-in, sign-out, failures and lockouts: the auth and django-axes signals (`signals.py`);
* refused requests (403, and 404 on a URL naming an object) and downloads: `SecurityLogMiddleware`;
* users and passwords: the services and forms of this app, and the admin;
* the second factor: `second_factor_event_record`, called by the two-factor sign-in.

Code without a request at hand (a service) records with request=None: the request being served, if any,
is taken from the middleware (`current_request`), so the address is still known.
"""

import ipaddress
import unicodedata
from contextvars import ContextVar

from django.db import transaction

from ..choices import SECOND_FACTOR_KINDS, SecurityEventKind
from ..models import SecurityEvent

USERNAME_LENGTH = 40
DETAIL_TEXT_LENGTH = 60

_current_request = ContextVar("security_log_request", default=None)


def current_request():
    """The request being served (set by SecurityLogMiddleware), or None outside a request."""
    return _current_request.get()


def client_ip(request) -> str | None:
    """The client's address as the project resolves it: the one django-axes uses (AXES_* settings), validated.

    The one place that reads it for the log: when the deployment's proxy set-up changes, it changes here.
    """
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    address = get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def normalise_username(username) -> str:
    """A username fit for the log: printable characters only, trimmed, lower case, at most 40 characters."""
    text = unicodedata.normalize("NFKC", str(username or ""))
    text = "".join(c for c in text if c.isprintable() and not c.isspace())
    return text.lower()[:USERNAME_LENGTH]


def _clean_detail(detail):
    """Keep short, plain values only (the callers give codes and field names, never typed text)."""
    def clean(value):
        if isinstance(value, bool | int) or value is None:
            return value
        if isinstance(value, list | tuple):
            return [clean(v) for v in value][:20]
        return str(value)[:DETAIL_TEXT_LENGTH]

    return {str(key)[:30]: clean(value) for key, value in (detail or {}).items()}


def security_event_record(*, kind: str, request=None, user=None, username: str = "", target_user=None,
                          target: str = "", detail: dict | None = None) -> SecurityEvent:
    """Append one event to the security log.

    `user` is who acted (default: the request's signed-in user); `username` the name typed when nobody is
    signed in (a failed sign-in); `target_user` the user the event is about; `target` the page or object
    (a URL name and ids, never a query string); `detail` a few codes (field names, a role, a file format).
    """
    if kind not in SecurityEventKind.values:
        raise ValueError(f"unknown security event kind {kind!r}")
    request = request if request is not None else current_request()
    if user is None and request is not None:
        signed_in = getattr(request, "user", None)
        user = signed_in if getattr(signed_in, "is_authenticated", False) else None
    return SecurityEvent.objects.create(
        kind=kind, user=user, username=normalise_username(username or (user.get_username() if user else "")),
        ip_address=client_ip(request), target_user=target_user, target=str(target)[:200],
        detail=_clean_detail(detail),
    )


def second_factor_event_record(*, kind: str, user, request=None, by=None, detail: dict | None = None) -> SecurityEvent:
    """Record a second-factor event of `user` (enrolled, verified, code refused, locked, reset, recovery codes).

    `by` is who acted when it is not `user` (the director resetting someone's second factor). Never pass the
    code, the secret or a recovery code: the kind says what happened (`detail` may say with what: {"factor":
    "totp"} or {"factor": "recovery"}).
    """
    if kind not in SECOND_FACTOR_KINDS:
        raise ValueError(f"{kind!r} is not a second-factor event")
    actor = by or user
    return security_event_record(kind=kind, request=request, user=actor, target_user=user, detail=detail)


def security_log_purge(*, before, dry_run: bool = False) -> int:
    """Delete the events older than `before` (the retention purge); returns how many (would) go."""
    if dry_run:
        return SecurityEvent.objects.filter(at__lt=before).count()
    with transaction.atomic():
        return SecurityEvent.objects.purge_before(before)


def target_of(resolver_match) -> str:
    """The page or object of a request for the log: its URL name and its integer ids (e.g. 'reports:detail pk=3').

    Text parts of a URL (a password-reset token) are left out.
    """
    if resolver_match is None:
        return ""
    ids = " ".join(f"{key}={value}" for key, value in sorted(resolver_match.kwargs.items()) if isinstance(value, int))
    return f"{resolver_match.view_name} {ids}".strip()
