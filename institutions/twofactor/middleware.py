"""Where two-step sign-in is required (TWO_FACTOR_REQUIRED and the user's role), a signed-in session that has
not passed a second factor reaches nothing but setting one up.

Sessions of users with an authenticator are verified at sign-in (institutions.twofactor.flow), so this asks
the database only for a required role's unverified session: right after a first sign-in, before enrolment.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .services import second_factor_device, second_factor_required

# What a user who must set up the app may still open.
OPEN_BEFORE_ENROLMENT = {"second_factor_enrol", "logout", "set_language", "healthz"}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not second_factor_required(user) or user.is_verified():
            return None
        if second_factor_device(user) is not None:
            # A session signed in with the password only (e.g. from before the app was set up): sign in again.
            logout(request)
            return redirect_to_login(request.get_full_path())
        if request.resolver_match and request.resolver_match.view_name in OPEN_BEFORE_ENROLMENT:
            return None
        messages.info(request, _("Your role signs in in two steps: set up an authenticator app to continue."))
        return redirect("second_factor_enrol")
