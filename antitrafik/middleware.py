"""Middleware: the interface language; end the sessions of deactivated users; the signed-in user's language."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
