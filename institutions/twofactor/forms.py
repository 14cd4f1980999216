"""Forms of two-step sign-in: a code of the authenticator app (or a recovery code)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The second step of sign-in: the app's code or a recovery code."""

    code = forms.CharField(
        label=_("Code"), max_length=40, strip=True,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class FirstCodeForm(forms.Form):
    """Enrolment: the first code of the app confirms that it was set up right."""

    code = forms.CharField(
        label=_("Code shown by the app"), max_length=10, strip=True,
        help_text=_("The 6 digits the app shows for Antitrafik now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
