"""Middleware: the interface language; the signed-in user and their second step's device, kept in the process
under the data's version; end the sessions of deactivated users, idle ones and those older than a working day;
the signed-in user's language; no browser cache of signed-in pages; requests carrying NUL characters; one log
line per request."""

import logging
import pickle
import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from antitrafik import security_signals, versions

request_logger = logging.getLogger("antitrafik.requests")


class LanguageMiddleware(LocaleMiddleware):
    """Albanian unless English was chosen (the header's switcher sets a cookie; see also UserLanguageMiddleware).

    Unlike Django's LocaleMiddleware the browser's Accept-Language is not consulted: many of
    the unit's computers run English browsers, and the application speaks Albanian first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


_users = versions.Kept(limit=1000)
_devices = versions.Kept(limit=1000)
_NO_DEVICE = b""


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with the signed-in user kept in the process under the data's version (antitrafik.versions).

    Django reads the user on every request and checks the session against the user's password (its hash). The
    users' table is watched: any change of a user (password, role, institution, deactivation) gives the data a
    new token. So the user Django read for a session — its user id, backend and password check — under a token is
    the user every request of that session gets under the same token; each request gets its own copy. Anything
    but a signed-in user (no session, a failed check) is read by Django as always.
    """

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: kept_user(request))


def kept_user(request):
    if hasattr(request, "_cached_user"):
        return request._cached_user
    session = request.session
    key = (session.get(SESSION_KEY), session.get(BACKEND_SESSION_KEY), session.get(HASH_SESSION_KEY))
    token = versions.request_token(request) if all(key) else None
    found, pickled = _users.lookup(token, key)
    if found:
        request._cached_user = pickle.loads(pickled)  # noqa: S301 - our own process's pickle of a user
    else:
        request._cached_user = auth.get_user(request)
        if request._cached_user.is_authenticated:
            _users.put(token, key, pickle.dumps(request._cached_user))
    return request._cached_user


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's, with the device of the session's second step kept in the process under the data's version:
    the devices' table is watched (a device confirmed, removed or throttled gives the data a new token). The
    device's binding to the user and its confirmation are checked on every request, as django-otp does."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = self._kept_device(request, persistent_id) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user

    def _kept_device(self, request, persistent_id):
        token = versions.request_token(request)
        found, pickled = _devices.lookup(token, persistent_id)
        if found:
            return pickle.loads(pickled) if pickled else None  # noqa: S301 - our own process's pickle
        device = self._device_from_persistent_id(persistent_id)
        _devices.put(token, persistent_id, pickle.dumps(device) if device is not None else _NO_DEVICE)
        return device


def forget():
    """Empty the users and devices kept (tests start from nothing)."""
    _users.forget()
    _devices.forget()


class ActiveUserMiddleware:
    """A session whose user has been deactivated (or removed) is ended on its next request.

    Django's backend already refuses an inactive user, so the request runs as anonymous;
    this also flushes what remains of the session, so reactivating the user later does
    not bring the old session back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and SESSION_KEY in request.session and not (user.is_authenticated and user.is_active):
            logout(request)
        return self.get_response(request)


class UserLanguageMiddleware:
    """Activate the signed-in user's preferred language unless they chose one in this session (cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and getattr(user, "language", None)
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a signed-in session SESSION_IDLE_TIMEOUT seconds after its last request, and SESSION_COOKIE_AGE
    seconds after the sign-in, whatever happened in between.

    The session records when it was signed in (`signed_in`, on Django's user_logged_in) and, at most once a
    minute, when it was last used. Each such write renews the session's own expiry, which is why the working
    day is counted here from the sign-in rather than left to the session's expiry date.
    """

    SIGNED_IN_AT = "_signed_in_at"
    LAST_SEEN = "_last_seen"
    RESOLUTION = 60  # seconds between two writes of the last request's time

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    @classmethod
    def signed_in(cls, sender, request, user, **kwargs):
        """The clocks of a new signed-in session start now."""
        if request is not None and hasattr(request, "session"):
            request.session[cls.SIGNED_IN_AT] = request.session[cls.LAST_SEEN] = time.time()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        session, now = request.session, time.time()
        signed_in_at, last_seen = session.get(self.SIGNED_IN_AT), session.get(self.LAST_SEEN)
        if signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE:
            return self.end(request, "expired", _("Your session ended after a working day: sign in again."))
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
            return self.end(request, "idle", _("Your session ended after %(minutes)d minutes without activity: "
                                               "sign in again.") % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60})
        if signed_in_at is None:
            session[self.SIGNED_IN_AT] = now
        if last_seen is None or now - last_seen >= self.RESOLUTION:
            session[self.LAST_SEEN] = now
        return None

    def end(self, request, reason, message):
        user = request.user
        logout(request)
        security_signals.session_timed_out.send(sender=type(self), request=request, user=user, reason=reason)
        messages.info(request, message, fail_silently=True)
        return redirect_to_login(request.get_full_path())


class NoStoreMiddleware:
    """Answers to a signed-in user (pages, downloads) are not kept in the browser's cache (`no-store`):
    a shared computer must not show victims' figures from its cache after the session ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class NulCharacterMiddleware:
    """Answer 400 to a request whose query or form carries a NUL character, before any view reads it.

    No text of the application may hold one (PostgreSQL refuses it in text columns, so a save would fail
    with a server error); it never comes from typing, only from tampered requests or odd pastes. Checked
    once here for every form, field names and uploaded file names included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            reason = _("The form contained a control character (NUL) that cannot be saved, so nothing was saved. "
                       "Remove it (it can come with text pasted from another program) and send the form again.")
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request):
        parts = [request.GET]
        if request.method == "POST":
            parts += [request.POST]
            names = [(name, f.name or "") for name, files in request.FILES.lists() for f in files]
            if any("\x00" in name or "\x00" in filename for name, filename in names):
                return True
        return any("\x00" in key or any("\x00" in value for value in values)
                   for part in parts for key, values in part.lists())


def _user_id_if_known(request):
    """The signed-in user's id when the request looked the user up, else "-" (the log adds no query)."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return "-"
    return user.pk if user is not None and user.is_authenticated else "-"


class RequestLogMiddleware:
    """One structured line per request on the `antitrafik.requests` logger, for the IT team.

    method, path (without the query string, which may hold what a user typed), status, time in ms, the
    processor time the request's own thread spent in ms (the rest of the time it waited: for the database, a
    lock, a busy processor) and the user's id when the page looked the user up (never a name or an e-mail
    address): `method=POST path=/reports/12/edit/ status=302 ms=84 cpu=51 user=7`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.thread_time() - started_cpu) * 1000
        user_id = _user_id_if_known(request)
        request_logger.info(
            "method=%s path=%s status=%s ms=%.0f cpu=%.0f user=%s", request.method, request.path,
            response.status_code, elapsed, cpu, user_id,
            extra={"method": request.method, "path": request.path, "status": response.status_code,
                   "duration_ms": round(elapsed, 1), "cpu_ms": round(cpu, 1),
                   "user_id": user_id if user_id != "-" else None},
        )
        return response
