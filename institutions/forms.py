"""Forms of the institutions app."""

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm


class LoginForm(AuthenticationForm):
    """Django's login form; axes counts its failures."""


class StrongPasswordChangeForm(PasswordChangeForm):
    """Password change, checked by the strong password validators of the settings."""


class StrongSetPasswordForm(SetPasswordForm):
    """Set a new password from a reset or welcome link."""
