"""Middleware: end the sessions of deactivated users; use the signed-in user's language."""

from django.contrib.auth import SESSION_KEY, logout
from django.utils import translation


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
        from django.conf import settings

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
