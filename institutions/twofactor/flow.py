"""The sign-in's second step in the session, and the security signals sent from the pages.

After the password, a user with an authenticator is not signed in: the session only remembers who passed
the first step (for PENDING_SECONDS). Django's `login()` runs after the second step, which then marks the
session verified by the device (django-otp), so `user_logged_in` is sent once the whole sign-in passed.
"""

import time

from django.contrib.auth import login as auth_login
from django_otp import login as otp_login

from ..models import User
from .services import second_factor_device

PENDING = "_second_step"
PENDING_SECONDS = 5 * 60


def second_step_begin(request, user: User, redirect_to: str) -> None:
    """Remember that `user` passed the password step; the session is not signed in yet."""
    request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": redirect_to, "at": time.time()}


def second_step_user(request) -> User | None:
    """The user who passed the password step in this session and may give the second one now, or None."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def second_step_finish(request, user: User) -> str:
    """Sign `user` in for good, verified by their authenticator; return where they were going."""
    pending = request.session.pop(PENDING)
    auth_login(request, user, backend=pending["backend"])
    mark_verified(request, user)
    return pending["next"]


def mark_verified(request, user: User) -> None:
    """Record in the session that `user` passed a second factor (django-otp's verified state)."""
    device = second_factor_device(user)
    if device is not None:
        otp_login(request, device)


def announce(signal, request, **kwargs) -> None:
    """Send a security signal (antitrafik.security_signals); inside a transaction, a receiver's writes are part
    of it."""
    signal.send(sender=User, request=request, **kwargs)
