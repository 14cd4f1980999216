"""Forms of the institutions app: sign-in and passwords, institutions, users."""

import re
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .choices import SecurityEventKind as Event
from .models import Institution, InstitutionAlias, User
from .security import security_event_record
from .selectors import coordinators
from .tasks import send_password_link
from .throttle import address_key, throttle_blocked_until, throttle_clear, throttle_count

CODE_RE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")


class LoginForm(AuthenticationForm):
    """Django's login form; axes counts its failures."""


def _password_window():
    return timedelta(minutes=settings.PASSWORD_THROTTLE_MINUTES)


def _throttled(until):
    return forms.ValidationError(
        _("Too many attempts. For your safety this is refused until %(time)s: try again then."),
        code="throttled", params={"time": timezone.localtime(until).strftime("%H:%M")})


class StrongPasswordChangeForm(PasswordChangeForm):
    """Password change, checked by the strong password validators of the settings.

    Wrong current passwords are counted per user: after PASSWORD_CHANGE_FAILURE_LIMIT of them within
    PASSWORD_THROTTLE_MINUTES the form refuses (`throttled` is then True), so a session left open cannot be
    used to guess the password.
    """

    throttled = False

    def clean_old_password(self):
        key, limit = f"password-change:user:{self.user.pk}", settings.PASSWORD_CHANGE_FAILURE_LIMIT
        if until := throttle_blocked_until(key, limit=limit, window=_password_window()):
            self.throttled = True
            raise _throttled(until)
        try:
            old_password = super().clean_old_password()
        except forms.ValidationError:
            if throttle_count(key, limit=limit, window=_password_window()) >= limit:
                self.throttled = True
                raise _throttled(throttle_blocked_until(key, limit=limit, window=_password_window())) from None
            raise
        throttle_clear(key)
        return old_password

    def save(self, commit=True):
        self.user._change_reason = str(_("Password changed"))
        user = super().save(commit=commit)
        security_event_record(kind=Event.PASSWORD_CHANGED, user=self.user, target_user=self.user)
        return user


class StrongSetPasswordForm(SetPasswordForm):
    """Set a new password from a reset or welcome link."""

    def save(self, commit=True):
        self.user._change_reason = str(_("Password set from an e-mailed link"))
        user = super().save(commit=commit)
        security_event_record(kind=Event.PASSWORD_SET, user=self.user, target_user=self.user)
        return user


class AccountPasswordResetForm(PasswordResetForm):
    """Send the link to choose a password, in the user's language.

    Unlike Django's form it also serves users who have not chosen a password yet
    (their welcome link may have expired): they have no other way in. At most PASSWORD_RESET_EMAIL_LIMIT
    links go to one address, and to one user, within PASSWORD_THROTTLE_MINUTES; past that the form says so
    (`throttled`), whether the address is known or not.
    """

    throttled = False

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def clean_email(self):
        email = self.cleaned_data["email"]
        limit = settings.PASSWORD_RESET_EMAIL_LIMIT
        if until := throttle_blocked_until(address_key("password-reset:address", email), limit=limit,
                                           window=_password_window()):
            self.throttled = True
            raise _throttled(until)
        return email

    def save(self, *args, **kwargs):
        limit, window = settings.PASSWORD_RESET_EMAIL_LIMIT, _password_window()
        throttle_count(address_key("password-reset:address", self.cleaned_data["email"]), limit=limit, window=window)
        users = list(self.get_users(self.cleaned_data["email"]))
        for user in users:
            key = f"password-reset:user:{user.pk}"
            if throttle_blocked_until(key, limit=limit, window=window) is None:
                throttle_count(key, limit=limit, window=window)
                send_password_link.enqueue(user.pk)  # the task worker sends it
        # The address typed is not kept: only whether it named an account, and which.
        security_event_record(kind=Event.PASSWORD_RESET_REQUESTED, user=None, target_user=users[0] if users else None,
                              detail={"account_found": bool(users)})


class InstitutionForm(forms.ModelForm):
    """Create or edit an institution. The code is stored in capitals, so it is compared in capitals."""

    aliases = forms.CharField(
        label=_("Other names"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Former names and abbreviations, one per line (e.g. the ministry's name before it was renamed): "
                    "a plan that uses them is imported without renaming by hand."),
    )

    class Meta:
        model = Institution
        fields = ["code", "name", "name_en", "kind", "region", "email", "coordinator"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("aliases", "\n".join(a.name for a in self.instance.aliases.all()))
        queryset = coordinators()
        if self.instance.coordinator_id:  # keep a deactivated coordinator selectable until replaced
            queryset = (queryset | User.objects.filter(pk=self.instance.coordinator_id)).distinct()
        self.fields["coordinator"].queryset = queryset

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not CODE_RE.match(code):
            raise forms.ValidationError(
                _("Use capital letters and digits, optionally joined by hyphens, e.g. PSH or KRAT-TIR."), code="invalid"
            )
        if Institution.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(Institution._meta.get_field("code").error_messages["unique"], code="unique")
        return code

    def clean_aliases(self):
        """The other names as a list, one per line, without repeats; each may name only this institution."""
        names = {}
        limit = InstitutionAlias._meta.get_field("name").max_length
        for line in self.cleaned_data["aliases"].splitlines():
            name = " ".join(line.split())
            if not name:
                continue
            if len(name) > limit:
                raise forms.ValidationError(_("At most %(n)s characters on a line.") % {"n": limit}, code="too_long")
            names.setdefault(name.casefold(), name)
        others = Institution.objects.exclude(pk=self.instance.pk)
        for name in names.values():
            taken = (InstitutionAlias.objects.filter(name__iexact=name).exclude(institution=self.instance.pk)
                     .select_related("institution").first())
            owner = taken.institution if taken else (
                others.filter(code__iexact=name).first() or others.filter(name__iexact=name).first()
                or others.filter(name_en__iexact=name).first())
            if owner is not None:
                raise forms.ValidationError(_("“%(name)s” already names %(institution)s.")
                                            % {"name": name, "institution": owner}, code="taken")
        return list(names.values())


class UserForm(forms.ModelForm):
    """Create or edit a user: their role and, for reporters, their institution."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "institution", "language", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["institution"].queryset = Institution.objects.active().order_by("code")
        if self.instance.institution_id:  # keep an inactive institution selectable for its people
            self.fields["institution"].queryset = Institution.objects.filter(
                pk=self.instance.institution_id) | Institution.objects.active()

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This e-mail address is already used by another user."), code="unique")
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Role.REPORTER and not cleaned.get("institution") and "institution" not in self.errors:
            self.add_error("institution", forms.ValidationError(
                _("A reporter must belong to an institution: choose one."), code="required"))
        elif role and role != Role.REPORTER:
            cleaned["institution"] = None
        return cleaned
